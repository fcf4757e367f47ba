"""propose / hashProposal / cancel."""

import ape
from eth_abi import encode
from eth_utils import keccak

from harvest_coop.ape_layer.governance import advance_to
from harvest_coop.core.constants import ProposalState


def test_hash_proposal__equals_openzeppelin_formula(governor, membership, make_proposal):
    p = make_proposal()
    expected = keccak(encode(["address[]", "uint256[]", "bytes[]", "bytes32"], list(p.id_args())))
    assert governor.hashProposal(*p.id_args()) == int.from_bytes(expected, "big")


def test_hash_proposal__several_calls_with_values__equals_openzeppelin_formula(
    governor, membership, founders
):
    targets = [membership.address, governor.address, founders[0].address]
    values = [0, 5, 10**18]
    calldatas = [b"\x01\x02", b"", bytes(range(200))]
    dh = keccak(text="multi")
    expected = keccak(
        encode(["address[]", "uint256[]", "bytes[]", "bytes32"], [targets, values, calldatas, dh])
    )
    assert governor.hashProposal(targets, values, calldatas, dh) == int.from_bytes(expected, "big")


def test_propose__member__creates_pending_proposal_with_event(governor, chain, founder, make_proposal):
    p = make_proposal()
    tx = governor.propose(p.targets, p.values, p.calldatas, p.description, sender=founder)
    pid = governor.hashProposal(*p.id_args())
    ev = tx.decode_logs(governor.ProposalCreated)[0]
    assert ev.proposalId == pid
    assert ev.proposer == founder
    assert ev.targets == p.targets
    assert ev.description == p.description
    assert ev.signatures == [""]
    now = chain.blocks.head.timestamp
    assert ev.voteStart == now + 10 == governor.proposalSnapshot(pid)
    assert ev.voteEnd == now + 110 == governor.proposalDeadline(pid)
    assert governor.proposalProposer(pid) == founder
    assert ProposalState(governor.state(pid)).label == "Pending"
    assert governor.proposalEta(pid) == 0
    assert governor.proposalNeedsQueuing(pid) is True


def test_propose__outsider__reverts(governor, outsider, make_proposal):
    p = make_proposal()
    with ape.reverts("governor: only members propose"):
        governor.propose(p.targets, p.values, p.calldatas, p.description, sender=outsider)


def test_propose__empty__reverts(governor, founder):
    with ape.reverts("governor: empty proposal"):
        governor.propose([], [], [], "nothing", sender=founder)


def test_propose__length_mismatch__reverts(governor, founder, membership):
    with ape.reverts("governor: targets, values and calldatas differ in length"):
        governor.propose([membership.address], [0, 0], [b""], "bad", sender=founder)


def test_propose__same_proposal_twice__reverts(governor, founder, member, make_proposal):
    p = make_proposal()
    governor.propose(p.targets, p.values, p.calldatas, p.description, sender=founder)
    with ape.reverts("governor: proposal already exists"):
        governor.propose(p.targets, p.values, p.calldatas, p.description, sender=member)


def test_propose__more_than_max_actions__reverts(governor, founder, membership):
    n = governor.MAX_ACTIONS() + 1
    with ape.reverts():
        governor.propose([membership.address] * n, [0] * n, [b""] * n, "too many", sender=founder)


def test_state__unknown_proposal__reverts(governor):
    with ape.reverts("governor: unknown proposal"):
        governor.state(12345)


def test_cancel__proposer_while_pending__cancels(governor, founder, make_proposal):
    p = make_proposal()
    governor.propose(p.targets, p.values, p.calldatas, p.description, sender=founder)
    tx = governor.cancel(*p.id_args(), sender=founder)
    pid = governor.hashProposal(*p.id_args())
    assert tx.decode_logs(governor.ProposalCanceled)[0].proposalId == pid
    assert ProposalState(governor.state(pid)).label == "Canceled"


def test_cancel__not_proposer__reverts(governor, founder, member, make_proposal):
    p = make_proposal()
    governor.propose(p.targets, p.values, p.calldatas, p.description, sender=founder)
    with ape.reverts("governor: only the proposer can cancel"):
        governor.cancel(*p.id_args(), sender=member)


def test_cancel__after_voting_started__reverts(governor, chain, founder, make_proposal):
    p = make_proposal()
    governor.propose(p.targets, p.values, p.calldatas, p.description, sender=founder)
    pid = governor.hashProposal(*p.id_args())
    advance_to(chain, governor.proposalSnapshot(pid) + 1)
    with ape.reverts("governor: only a pending proposal can be cancelled"):
        governor.cancel(*p.id_args(), sender=founder)


def test_cancelled_proposal__cannot_be_voted(governor, chain, founder, make_proposal):
    p = make_proposal()
    governor.propose(p.targets, p.values, p.calldatas, p.description, sender=founder)
    pid = governor.hashProposal(*p.id_args())
    governor.cancel(*p.id_args(), sender=founder)
    advance_to(chain, governor.proposalSnapshot(pid) + 1)
    with ape.reverts("governor: voting is not open"):
        governor.castVote(pid, 1, sender=founder)


# ---- OpenZeppelin 5's front-running guard (review finding 5)


def test_propose__front_run_and_cancel_without_suffix__kills_the_victims_proposal(
    governor, founders, make_proposal
):
    # The attack the suffix exists for: copy a pending propose, cancel it.
    p = make_proposal(description="plain description")
    attacker, victim = founders[3], founders[0]
    governor.propose(p.targets, p.values, p.calldatas, p.description, sender=attacker)
    governor.cancel(*p.id_args(), sender=attacker)
    with ape.reverts("governor: proposal already exists"):
        governor.propose(p.targets, p.values, p.calldatas, p.description, sender=victim)


def test_propose__with_proposer_suffix__front_runner_is_refused(governor, founders, make_proposal):
    victim, attacker = founders[0], founders[3]
    p = make_proposal(description=f"Admit the newcomer #proposer={victim.address}")
    with ape.reverts("governor: the description's #proposer= suffix names another proposer"):
        governor.propose(p.targets, p.values, p.calldatas, p.description, sender=attacker)
    tx = governor.propose(p.targets, p.values, p.calldatas, p.description, sender=victim)
    assert tx.decode_logs(governor.ProposalCreated)[0].proposer == victim


def test_propose__suffix_in_either_hex_case__names_the_proposer(governor, founders, make_proposal):
    proposer = founders[1]
    hexpart = proposer.address[2:]
    for i, digits in enumerate((hexpart.lower(), hexpart.upper())):
        p = make_proposal(description=f"case {i} #proposer=0x{digits}")
        with ape.reverts("governor: the description's #proposer= suffix names another proposer"):
            governor.propose(p.targets, p.values, p.calldatas, p.description, sender=founders[2])
        governor.propose(p.targets, p.values, p.calldatas, p.description, sender=proposer)
        governor.cancel(*p.id_args(), sender=proposer)  # one open proposal per member


def test_propose__malformed_suffix__is_plain_text(governor, founders, make_proposal):
    # As in OpenZeppelin: not 40 hex digits after the marker means no guard.
    for description in (
        f"bad digit #proposer=0x{'g' * 40}",
        f"short #proposer=0x{'a' * 39}",
        "#proposer=0x",
        f"no marker {'#proposer=0y'}{'a' * 40}",
    ):
        p = make_proposal(description=description)
        governor.propose(p.targets, p.values, p.calldatas, p.description, sender=founders[2])
        governor.cancel(*p.id_args(), sender=founders[2])  # one open proposal per member


def test_with_proposer__helper__adds_the_suffix_once(founders):
    from harvest_coop.core.proposals import with_proposer

    text = with_proposer("Plant more kale", founders[0])
    assert text == f"Plant more kale #proposer={founders[0].address}"
    assert with_proposer(text, founders[0]) == text
