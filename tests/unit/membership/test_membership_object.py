"""object_to / refuse_application: members and governance stop an admission."""

import ape

from harvest_coop.ape_layer.governance import advance_to, call

CLOSED_BY_OBJECTIONS, CLOSED_BY_GOVERNANCE = 1, 2


def _scheduled(membership, applicant, sponsors):
    membership.apply_for_membership(sender=applicant)
    for s in sponsors:
        membership.sponsor(applicant, sender=s)


def test_object__below_threshold__counts(membership, applicant, founders):
    _scheduled(membership, applicant, founders[:2])
    tx = membership.object_to(applicant, sender=founders[2])
    ev = tx.decode_logs(membership.Objected)[0]
    assert (ev.applicant, ev.member, ev.objections, ev.needed) == (applicant, founders[2], 1, 2)
    app = membership.application(applicant)
    assert app.open and app.scheduled and app.objections == 1


def test_object__reaching_threshold__cancels_the_admission(membership, chain, applicant, founders):
    _scheduled(membership, applicant, founders[:2])
    membership.object_to(applicant, sender=founders[2])
    tx = membership.object_to(applicant, sender=founders[3])
    ev = tx.decode_logs(membership.ApplicationClosed)[0]
    assert (ev.applicant, ev.round, ev.reason) == (applicant, 1, CLOSED_BY_OBJECTIONS)
    assert not membership.application(applicant).open
    advance_to(chain, chain.blocks.head.timestamp + 1_000)
    with ape.reverts("membership: no admission scheduled"):
        membership.complete_admission(applicant, sender=founders[0])
    assert not membership.is_member(applicant)


def test_object__before_enough_sponsors__also_cancels(membership, applicant, founders):
    _scheduled(membership, applicant, founders[:1])
    membership.object_to(applicant, sender=founders[2])
    membership.object_to(applicant, sender=founders[3])
    assert not membership.application(applicant).open


def test_object__after_challenge_window__reverts(membership, chain, applicant, founders):
    _scheduled(membership, applicant, founders[:2])
    chain.pending_timestamp = membership.application(applicant).admit_after
    with ape.reverts("membership: challenge window is over"):
        membership.object_to(applicant, sender=founders[2])


def test_object__twice_or_after_sponsoring__reverts(membership, applicant, founders):
    _scheduled(membership, applicant, founders[:1])
    with ape.reverts("membership: already sponsored"):
        membership.object_to(applicant, sender=founders[0])
    membership.object_to(applicant, sender=founders[2])
    with ape.reverts("membership: you objected to this application"):
        membership.object_to(applicant, sender=founders[2])
    with ape.reverts("membership: you objected to this application"):
        membership.sponsor(applicant, sender=founders[2])


def test_object__non_member_or_no_application__reverts(membership, applicant, outsider, founder):
    with ape.reverts("membership: no open application"):
        membership.object_to(applicant, sender=founder)
    membership.apply_for_membership(sender=applicant)
    with ape.reverts("membership: only members object"):
        membership.object_to(applicant, sender=outsider)


def test_object__threshold_grows_with_the_coop(bare_membership, timelock_stand_in, admission):
    from eth_account import Account

    from harvest_coop.core.params import AdmissionRules

    rules = AdmissionRules(**{**admission.__dict__, "objections_percent": 50})
    bare_membership.set_admission_rules(rules.as_tuple(), sender=timelock_stand_in)
    assert bare_membership.objections_needed() == 3  # ceil(5 / 2)
    bare_membership.admit(Account.create().address, sender=timelock_stand_in)
    bare_membership.admit(Account.create().address, sender=timelock_stand_in)
    assert bare_membership.objections_needed() == 4  # ceil(7 / 2)


def test_object__threshold_never_above_a_majority(
    bare_membership, timelock_stand_in, admission, applicant, founders
):
    """Rules asking more objections than a majority (here 65,535, or all
    members) ask a majority: a majority objecting always closes an
    application in time, where only a proposal could before."""
    from dataclasses import replace

    for rules in (replace(admission, objections_needed=65_535), replace(admission, objections_percent=100)):
        bare_membership.set_admission_rules(rules.as_tuple(), sender=timelock_stand_in)
        assert bare_membership.objections_needed() == 3  # 5 // 2 + 1
    bare_membership.apply_for_membership(sender=applicant)
    bare_membership.object_to(applicant, sender=founders[0])
    bare_membership.object_to(applicant, sender=founders[1])
    assert bare_membership.application(applicant).open
    tx = bare_membership.object_to(applicant, sender=founders[2])
    assert tx.decode_logs(bare_membership.ApplicationClosed)[0].reason == CLOSED_BY_OBJECTIONS
    assert not bare_membership.application(applicant).open


def test_refuse_application__timelock__closes_it(bare_membership, timelock_stand_in, applicant, founders):
    bare_membership.apply_for_membership(sender=applicant)
    bare_membership.sponsor(applicant, sender=founders[0])
    bare_membership.sponsor(applicant, sender=founders[1])
    tx = bare_membership.refuse_application(applicant, sender=timelock_stand_in)
    assert tx.decode_logs(bare_membership.ApplicationClosed)[0].reason == CLOSED_BY_GOVERNANCE
    assert not bare_membership.application(applicant).open


def test_refuse_application__nothing_open__does_nothing(bare_membership, timelock_stand_in, applicant):
    tx = bare_membership.refuse_application(applicant, sender=timelock_stand_in)
    assert tx.decode_logs(bare_membership.ApplicationClosed) == []


def test_refuse_application__through_real_governance__stops_a_scheduled_admission(
    stack, founders, params, applicant, chain
):
    # A co-op whose challenge window outlasts a proposal (10 + 100 + 50 s).
    from dataclasses import replace

    from harvest_coop.ape_layer.governance import pass_proposal
    from harvest_coop.ape_layer.stack import create_coop
    from harvest_coop.core.proposals import proposal_of

    patient = replace(params, name="Patient Coop", admission=replace(params.admission, challenge_window=500))
    coop = create_coop(stack, founders[0], patient)
    membership, governor = coop["Membership"], coop["CoopGovernor"]
    _scheduled(membership, applicant, founders[:2])
    pass_proposal(
        chain,
        governor,
        founders[2],
        founders[2:],
        proposal_of([call(membership, "refuse_application", applicant)], "refuse", founders[2]),
    )
    assert not membership.application(applicant).open
    advance_to(chain, chain.blocks.head.timestamp + 1_000)
    with ape.reverts("membership: no admission scheduled"):
        membership.complete_admission(applicant, sender=founders[0])
