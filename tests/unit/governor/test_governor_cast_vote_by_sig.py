"""castVoteBySig: EIP-712 ballots, relayed by anyone, good once."""

import ape

from harvest_coop.core.eip712 import ballot_typed_data
from harvest_coop.testing.keys import anvil_key, malleate, sign_typed_data


def _ballot(governor, chain, pid, support, voter, nonce, chain_id=None, contract=None):
    return ballot_typed_data(
        governor.name(),
        chain_id or chain.chain_id,
        contract or governor.address,
        pid,
        support,
        str(voter),
        nonce,
    )


def test_eip712_domain__name_version_chain_contract(governor, chain):
    fields, name, version, chain_id, contract, salt, ext = governor.eip712Domain()
    assert fields == b"\x0f"
    assert (name, version, chain_id, contract) == (
        "Test Coop Governor",
        "1",
        chain.chain_id,
        governor.address,
    )
    from eth_utils import keccak

    assert governor.BALLOT_TYPEHASH() == keccak(
        text="Ballot(uint256 proposalId,uint8 support,address voter,uint256 nonce)"
    )


def test_cast_vote_by_sig__valid__counts_for_voter_and_bumps_nonce(
    governor, chain, open_proposal, founder, outsider
):
    pid, _ = open_proposal()
    sig = sign_typed_data(_ballot(governor, chain, pid, 1, founder, 0), anvil_key(1))
    tx = governor.castVoteBySig(pid, 1, founder, sig, sender=outsider)
    ev = tx.decode_logs(governor.VoteCast)[0]
    assert (ev.voter, ev.weight, ev.support) == (founder, 1, 1)
    assert governor.hasVoted(pid, founder)
    assert governor.nonces(founder) == 1


def test_cast_vote_by_sig__replayed__reverts(governor, chain, open_proposal, founder, outsider):
    pid, _ = open_proposal()
    sig = sign_typed_data(_ballot(governor, chain, pid, 1, founder, 0), anvil_key(1))
    governor.castVoteBySig(pid, 1, founder, sig, sender=outsider)
    with ape.reverts("governor: invalid ballot signature"):
        governor.castVoteBySig(pid, 1, founder, sig, sender=outsider)


def test_cast_vote_by_sig__other_chain__reverts(governor, chain, open_proposal, founder, outsider):
    pid, _ = open_proposal()
    sig = sign_typed_data(_ballot(governor, chain, pid, 1, founder, 0, chain_id=1), anvil_key(1))
    with ape.reverts("governor: invalid ballot signature"):
        governor.castVoteBySig(pid, 1, founder, sig, sender=outsider)


def test_cast_vote_by_sig__other_contract__reverts(
    governor, membership, chain, open_proposal, founder, outsider
):
    pid, _ = open_proposal()
    sig = sign_typed_data(
        _ballot(governor, chain, pid, 1, founder, 0, contract=membership.address), anvil_key(1)
    )
    with ape.reverts("governor: invalid ballot signature"):
        governor.castVoteBySig(pid, 1, founder, sig, sender=outsider)


def test_cast_vote_by_sig__wrong_signer__reverts(governor, chain, open_proposal, founder, member, outsider):
    pid, _ = open_proposal()
    sig = sign_typed_data(_ballot(governor, chain, pid, 1, founder, 0), anvil_key(2))
    with ape.reverts("governor: invalid ballot signature"):
        governor.castVoteBySig(pid, 1, founder, sig, sender=outsider)


def test_cast_vote_by_sig__changed_support__reverts(governor, chain, open_proposal, founder, outsider):
    pid, _ = open_proposal()
    sig = sign_typed_data(_ballot(governor, chain, pid, 1, founder, 0), anvil_key(1))
    with ape.reverts("governor: invalid ballot signature"):
        governor.castVoteBySig(pid, 0, founder, sig, sender=outsider)


def test_cast_vote_by_sig__high_s__reverts(governor, chain, open_proposal, founder, outsider):
    pid, _ = open_proposal()
    sig = sign_typed_data(_ballot(governor, chain, pid, 1, founder, 0), anvil_key(1))
    malleated = malleate(sig)
    with ape.reverts():
        governor.castVoteBySig(pid, 1, founder, malleated, sender=outsider)
    assert not governor.hasVoted(pid, founder)


def test_cast_vote_by_sig__erc1271_wallet_member__counts(
    project, governor, membership, chain, run_proposal, deployer, founder, outsider, make_proposal
):
    from harvest_coop.ape_layer.governance import advance_to, call

    wallet = project.VoterWallet.deploy(outsider, sender=deployer)
    run_proposal([call(membership, "admit", wallet)], "admit a smart-contract wallet")
    assert membership.is_member(wallet)
    p = make_proposal(description="after the wallet joined")
    governor.propose(p.targets, p.values, p.calldatas, p.description, sender=founder)
    pid = governor.hashProposal(*p.id_args())
    advance_to(chain, governor.proposalSnapshot(pid) + 1)
    good = sign_typed_data(_ballot(governor, chain, pid, 1, wallet.address, 0), anvil_key(6))
    bad = sign_typed_data(_ballot(governor, chain, pid, 1, wallet.address, 0), anvil_key(7))
    with ape.reverts("governor: invalid ballot signature"):
        governor.castVoteBySig(pid, 1, wallet, bad, sender=founder)
    tx = governor.castVoteBySig(pid, 1, wallet, good, sender=founder)
    assert tx.decode_logs(governor.VoteCast)[0].voter == wallet.address
    assert governor.hasVoted(pid, wallet)
