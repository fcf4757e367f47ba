"""propose_federation: timelock only; a one-sided request changes nothing
until the other co-op's governance accepts."""

import ape
from federation_helpers import NONE, PROPOSED

from harvest_coop.ape_layer.governance import call, queue_proposal
from harvest_coop.core.proposals import proposal_of


def test_propose__timelock__records_and_logs_and_changes_nothing_else(
    fed_a, fed_b, members_a, members_b, timelock_stand_in, b_member, founder
):
    tx = fed_a.propose_federation(fed_b, sender=timelock_stand_in)
    assert [e.coop for e in tx.decode_logs(fed_a.FederationProposed)] == [fed_b.address]
    assert fed_a.federation_status(fed_b) == PROPOSED
    assert fed_b.federation_status(fed_a) == NONE
    assert not members_a.is_network_member(b_member)
    assert not members_b.is_network_member(founder)
    assert not members_a.are_network_members(founder, b_member)


def test_propose__twice__reverts(fed_a, fed_b, timelock_stand_in):
    fed_a.propose_federation(fed_b, sender=timelock_stand_in)
    with ape.reverts("federation: already proposed or federated"):
        fed_a.propose_federation(fed_b, sender=timelock_stand_in)


def test_propose__already_federated__reverts(fed_a, fed_b, timelock_stand_in, federate):
    federate()
    with ape.reverts("federation: already proposed or federated"):
        fed_a.propose_federation(fed_b, sender=timelock_stand_in)


def test_propose__itself_or_an_account__reverts(fed_a, timelock_stand_in, outsider):
    for target in (fed_a, outsider):
        with ape.reverts("federation: not another co-op's federation contract"):
            fed_a.propose_federation(target, sender=timelock_stand_in)


def test_propose__not_the_timelock__reverts(fed_a, fed_b, founder, deployer):
    for who in (founder, deployer):
        with ape.reverts("federation: only the timelock (a passed proposal)"):
            fed_a.propose_federation(fed_b, sender=who)


def test_propose__through_real_governance__changes_nothing_until_accepted(
    coop, other_coop, run_proposal, founders, other_founders
):
    run_proposal([call(coop["Federation"], "propose_federation", other_coop["Federation"])], "federate")
    assert coop["Federation"].federation_status(other_coop["Federation"]) == PROPOSED
    assert other_coop["Federation"].federation_status(coop["Federation"]) == NONE
    assert not coop["Membership"].is_network_member(other_founders[0])
    assert not other_coop["Membership"].is_network_member(founders[0])


def test_propose__factory_coop__to_a_contract_the_registry_does_not_list_as_a_federation__reverts(
    chain, coop, other_coop, founders, hostile
):
    # A proposal to a look-alike peer is refused at once: the peer could
    # otherwise confirm it by itself (`confirm_federation` from its address).
    for target in (hostile(other_coop["Membership"]), other_coop["Membership"]):
        proposal = proposal_of(
            [call(coop["Federation"], "propose_federation", target)], "federate", founders[0]
        )
        queue_proposal(chain, coop["CoopGovernor"], founders[0], founders, proposal)
        with ape.reverts("federation: not a co-op of the registry"):
            coop["CoopGovernor"].execute(*proposal.id_args(), sender=founders[0])
        assert coop["Federation"].federation_status(target) == NONE
