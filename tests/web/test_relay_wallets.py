"""The vote relay and a member that is a contract wallet (ERC-1271). A
module of its own: admitting the wallet passes a proposal, which moves
the chain's clock by days.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import requests

from frontend.demo_hook import ServiceHandle
from harvest_coop.core.constants import VoteSupport
from harvest_coop.core.eip712 import ballot_typed_data
from harvest_coop.testing.keys import anvil_key, sign_typed_data
from harvest_coop.web3_layer.governance import advance_time, pass_proposal
from harvest_coop.web3_layer.sender import deploy_code, transact

from .conftest import RELAYER_KEY, Stack, running_service


def _burner_wallet_code(rounds: int) -> bytes:
    """Creation code of a wallet that answers any call, after `rounds` empty
    loop rounds (26 gas each), with the call's own selector: the ERC-1271
    magic value for `isValidSignature`, whatever the signature."""
    runtime = (
        b"\x62" + rounds.to_bytes(3, "big")  # PUSH3 rounds
        + b"\x5b\x60\x01\x90\x03\x80\x60\x04\x57"  # loop: rounds -= 1 while nonzero
        + b"\x50\x60\x00\x35\x60\xe0\x1c\x60\xe0\x1b"  # POP; the selector, left-aligned
        + b"\x60\x00\x52\x60\x20\x60\x00\xf3"  # MSTORE at 0; RETURN 32 bytes
    )  # fmt: skip
    size = len(runtime).to_bytes(1, "big")
    creation = b"\x60" + size + b"\x60\x0c\x60\x00\x39\x60" + size + b"\x60\x00\xf3"
    return creation + runtime


@dataclass
class Vote:
    """An Active proposal made after two burner wallets joined, and the relay."""

    proposal_id: int
    wallet: str  # burns about 2.6M gas answering ERC-1271
    thrifty_wallet: str  # burns about 455k: under the signature check's cap, over a vote's
    service: ServiceHandle
    relayer: str


@pytest.fixture(scope="module")
def vote(chain: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vote]:
    w3, seeded = chain.w3, chain.seeded
    founders, governor = seeded.founders, seeded.coop["CoopGovernor"]
    membership = seeded.coop["Membership"]
    wallet = deploy_code(w3, _burner_wallet_code(100_000), founders[0])["contractAddress"]
    thrifty = deploy_code(w3, _burner_wallet_code(17_500), founders[0])["contractAddress"]
    admit = [(membership.address, 0, membership.encode_abi("admit", args=[w])) for w in (wallet, thrifty)]
    pass_proposal(w3, governor, founders[0], founders[:4], admit, "admit two wallets", lambda _: None)
    calldata = membership.encode_abi("set_max_proxies", args=[3])
    transact(
        governor.functions.propose([membership.address], [0], [calldata], "after the wallet"), founders[1]
    )
    (created,) = governor.events.ProposalCreated().get_logs(from_block=w3.eth.block_number)
    pid = created["args"]["proposalId"]
    advance_time(
        w3, governor.functions.proposalSnapshot(pid).call() - w3.eth.get_block("latest")["timestamp"] + 1
    )
    database = f"sqlite:///{tmp_path_factory.mktemp('relay') / 'index.db'}"
    with running_service(chain, database, relayer_key=RELAYER_KEY) as service:
        relayer = requests.get(f"{service.url}/api/config", timeout=10).json()["relayer"]
        yield Vote(pid, wallet, thrifty, service, relayer)


def _wallet_ballot(vote: Vote, wallet: str) -> dict[str, object]:
    return {
        "coop": "Harvest Coop",
        "proposal_id": str(vote.proposal_id),
        "support": VoteSupport.FOR,
        "voter": wallet,
        "signature": "0x" + (b"\x01" * 64 + b"\x1b").hex(),
    }


def test_relay__a_wallet_member_that_burns_gas_is_refused_before_the_relayer_pays(
    chain: Stack, vote: Vote
) -> None:
    """Attack: a member's contract wallet answers ERC-1271 only after burning
    gas; the relay estimated the vote's gas and paid whatever it came to
    (castVoteBySig alone is ~56k; this wallet made it 2.67M). Rule: the
    service checks a wallet's signature with at most SIGNATURE_CHECK_GAS and
    the relayer pays at most MAX_VOTE_GAS for a vote; a dearer one is
    refused before anything is sent, and the node never runs the wallet with
    more than that."""
    w3 = chain.w3
    balance = w3.eth.get_balance(vote.relayer)
    for wallet, (status, code, says) in (
        (vote.wallet, (400, "bad_signature", "within 500,000 gas")),
        # Within the check's cap, but the vote as a whole needs more than the
        # relay's: with the capped gas the wallet runs out inside the governor.
        (vote.thrifty_wallet, (409, "vote_refused", "at most 500,000 gas")),
    ):
        answer = requests.post(
            f"{vote.service.url}/api/ballots", json=_wallet_ballot(vote, wallet), timeout=60
        )
        if answer.status_code == 202:
            receipt = w3.eth.wait_for_transaction_receipt(answer.json()["tx_hash"])
            raise AssertionError(f"the relayer paid {receipt['gasUsed']:,} gas for the wallet's vote")
        assert (answer.status_code, answer.json()["error"]) == (status, code), answer.text
        assert says in answer.json()["detail"], answer.text
    assert w3.eth.get_balance(vote.relayer) == balance


def test_relay__a_vote_the_node_dropped__can_be_relayed_again(chain: Stack, vote: Vote) -> None:
    """Attack (or bad luck): the relayed vote never reaches a block (the node
    dropped it: underpriced, evicted, restarted). The relay remembered it as
    on its way for good and refused every later ballot of the voter for the
    life of the service. Rule: a vote the node no longer knows is forgotten;
    one that is still pending or was mined (and reverted) still blocks."""
    w3, voter = chain.w3, chain.seeded.founders[2]
    governor = chain.seeded.coop["CoopGovernor"]
    nonce = int(governor.functions.nonces(voter).call())
    doc = ballot_typed_data(
        governor.functions.name().call(),
        1337,
        governor.address,
        vote.proposal_id,
        VoteSupport.FOR,
        voter,
        nonce,
    )
    body = {
        "coop": "Harvest Coop",
        "proposal_id": str(vote.proposal_id),
        "support": VoteSupport.FOR,
        "voter": voter,
        "signature": "0x" + sign_typed_data(doc, anvil_key(3)).hex(),
    }
    url = f"{vote.service.url}/api/ballots"
    w3.provider.make_request("evm_setAutomine", [False])  # type: ignore[arg-type]
    try:
        first = requests.post(url, json=body, timeout=30)
        assert first.status_code == 202, first.text
        pending = requests.post(url, json=body, timeout=30)
        assert (pending.status_code, pending.json()["error"]) == (409, "replayed_signature"), pending.text
        w3.provider.make_request("anvil_dropTransaction", [first.json()["tx_hash"]])  # type: ignore[arg-type]
        again = requests.post(url, json=body, timeout=30)
    finally:
        w3.provider.make_request("evm_setAutomine", [True])  # type: ignore[arg-type]
        w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]
    assert again.status_code == 202, again.text
    assert w3.eth.wait_for_transaction_receipt(again.json()["tx_hash"])["status"] == 1
    assert governor.functions.hasVoted(vote.proposal_id, voter).call()
