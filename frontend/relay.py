"""The vote relay: a member signs an EIP-712 `Ballot` in the wallet (no
gas) and the service submits `castVoteBySig` with its relayer key.

Before the relayer spends anything the ballot is checked against the chain
now: the proposal exists and is Active, the ballot's nonce is the voter's
current one, the signature recovers to the voter (or the voter is a
contract that answers ERC-1271), the voter has not voted and has a vote at
the snapshot, and finally `castVoteBySig` is simulated with `eth_call` from
the relayer and sent with the gas it needs, at most `MAX_VOTE_GAS` (a
contract wallet's check cannot make a vote dear). The relayer key is read once from the environment, kept in this
object and never logged or returned.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Collection
from functools import cache
from typing import Any

from eth_account import Account
from eth_typing import HexStr
from web3 import Web3
from web3.contract import Contract
from web3.exceptions import ContractLogicError, TransactionNotFound, Web3Exception, Web3RPCError

from frontend import values
from frontend.chain import Chain
from frontend.errors import ApiError
from frontend.offer_book import SIGNATURE_CHECK_GAS, canonical_signature, valid_signature
from harvest_coop.core.constants import ProposalState, VoteSupport
from harvest_coop.core.eip712 import ballot_typed_data, typed_data_digest
from harvest_coop.web3_layer.sender import send_signed

__all__ = ["MAX_VOTE_GAS", "Relay"]

log = logging.getLogger("harvest.relay")

# The most gas the relayer pays for one vote: castVoteBySig costs ~56k with
# an EOA's signature; the rest is room for a contract wallet's ERC-1271 check.
MAX_VOTE_GAS = 500_000


class Relay:
    """Checks ballots and submits them with the relayer key (if configured)."""

    def __init__(
        self, chain: Chain, relayer_key: str | None, governors: Collection[str] | None = None
    ) -> None:
        self.chain = chain
        self._key = relayer_key
        self.address: str | None = Account.from_key(relayer_key).address if relayer_key else None
        # The governors whose votes the relayer pays for (None: any). Anyone
        # can make a co-op through the factory, with 64 founders of their
        # own: the service pays only for its operator's co-ops.
        self.governors = None if governors is None else {Web3.to_checksum_address(g) for g in governors}
        self._send_lock = threading.Lock()
        # (governor, voter) -> the nonce and transaction of a ballot sent and
        # not yet in a block: a second ballot of the voter (the same one
        # again, or another signed with the same nonce) would revert at the
        # relayer's cost.
        self._in_flight: dict[tuple[str, str], tuple[int, str]] = {}

    def __repr__(self) -> str:  # never show the key
        return f"Relay(address={self.address!r})"

    @property
    def enabled(self) -> bool:
        return self._key is not None

    @cache  # noqa: B019 (one governor name per address for the service's life)
    def governor_name(self, governor: str) -> str:
        return str(self.chain.contract("CoopGovernor", governor).functions.name().call())

    def typed_data(self, governor: str, proposal_id: int, support: int, voter: str) -> dict[str, Any]:
        """The Ballot a voter signs now (with its current nonce)."""
        contract = self.chain.contract("CoopGovernor", governor)
        nonce = int(contract.functions.nonces(voter).call())
        return ballot_typed_data(
            self.governor_name(governor),
            self.chain.w3.eth.chain_id,
            governor,
            proposal_id,
            support,
            voter,
            nonce,
        )

    def check(
        self,
        governor: Contract,
        proposal_id: int,
        support: int,
        voter: str,
        signature: bytes,
        nonce: int | None,
    ) -> tuple[int, bytes]:
        """Refuse what the governor would refuse, with a reason; the voter's
        nonce the ballot uses, and the signature to send (an ECDSA one as r,
        s, v 27/28: the governor's ecrecover refuses v 0/1)."""
        if support not in tuple(VoteSupport):
            raise ApiError("invalid_ballot", "support must be 0 (against), 1 (for) or 2 (abstain)")
        fn = governor.functions
        snapshot = int(fn.proposalSnapshot(proposal_id).call())
        if snapshot == 0:
            raise ApiError("unknown_proposal", f"no proposal {proposal_id} in this co-op")
        state = ProposalState(int(fn.state(proposal_id).call()))
        if state != ProposalState.ACTIVE:
            raise ApiError("proposal_not_active", f"the proposal is {state.label}, not Active")
        latest = int(self.chain.w3.eth.get_block("latest")["timestamp"])
        if int(fn.proposalDeadline(proposal_id).call()) <= latest:
            # the vote would land in a later block, after the deadline
            raise ApiError("proposal_not_active", "voting closes before a vote sent now could be in a block")
        current = int(fn.nonces(voter).call())
        sent = self._in_flight.get((governor.address, voter))
        if sent is not None:
            where = self._sent_state(sent[1]) if sent[0] >= current else "done"
            if where == "pending":
                raise ApiError(
                    "replayed_signature",
                    "a ballot of this voter is on its way and not in a block yet: sign again once it is",
                )
            if where == "reverted" and self.chain.w3.eth.get_code(Web3.to_checksum_address(voter)):
                # A contract wallet can make its own votes fail in the block
                # (answer ERC-1271 differently there than in the check):
                # the relayer pays for one such vote per wallet, not more.
                raise ApiError(
                    "vote_refused",
                    "the relay's last vote for this wallet reverted in its block: vote by transaction",
                )
            del self._in_flight[(governor.address, voter)]
        name = self.governor_name(governor.address)
        chain_id = self.chain.w3.eth.chain_id
        if nonce is not None and nonce != current:
            code = "replayed_signature" if nonce < current else "invalid_ballot"
            raise ApiError(code, f"the ballot's nonce is {nonce}, the voter's current nonce is {current}")
        digest = typed_data_digest(
            ballot_typed_data(name, chain_id, governor.address, proposal_id, support, voter, current)
        )
        if not valid_signature(self.chain, voter, digest, signature):
            if current > 0:
                old = typed_data_digest(
                    ballot_typed_data(
                        name, chain_id, governor.address, proposal_id, support, voter, current - 1
                    )
                )
                if valid_signature(self.chain, voter, old, signature):
                    raise ApiError(
                        "replayed_signature", "this ballot was signed with a nonce the voter already used"
                    )
            raise ApiError(
                "bad_signature",
                f"the signature is not {voter}'s signature of this ballot (a contract wallet must answer "
                f"ERC-1271 within {SIGNATURE_CHECK_GAS:,} gas)",
            )
        signature = canonical_signature(voter, digest, signature)
        if fn.hasVoted(proposal_id, voter).call():
            raise ApiError("already_voted", f"{voter} already voted on this proposal")
        if int(fn.getVotes(voter, snapshot).call()) == 0:
            raise ApiError("no_votes", f"{voter} had no vote at the proposal's snapshot")
        try:
            fn.castVoteBySig(proposal_id, support, voter, signature).call(
                {"from": self.address or voter}, block_identifier="pending"
            )
        except (Web3Exception, ValueError) as err:
            # a node that fails here (requests' errors) is chain_unavailable, not a refusal
            raise ApiError(
                "vote_refused", f"the governor would refuse this vote: {self.chain.redact(str(err))}"
            ) from err
        return current, signature

    def _sent_state(self, tx_hash: str) -> str:
        """Where a vote the relay sent is: `pending`, in a block (`mined`, or
        `reverted`: it used no nonce, say the voter voted by transaction
        first in the same block), or `dropped` by the node (forgotten)."""
        w3 = self.chain.w3
        try:
            receipt = w3.eth.get_transaction_receipt(HexStr(tx_hash))
        except TransactionNotFound:
            try:
                w3.eth.get_transaction(HexStr(tx_hash))
            except TransactionNotFound:
                return "dropped"
            return "pending"
        return "mined" if receipt["status"] == 1 else "reverted"

    def _refuse_if_unfunded(self, gas: int) -> None:
        """503 `relay_disabled` when the relayer cannot pay for `gas` at the
        node's gas price: an empty relayer is the operator's to fund, not a
        fault of the member's ballot (logged, with the address only)."""
        assert self.address is not None
        w3 = self.chain.w3
        balance = int(w3.eth.get_balance(Web3.to_checksum_address(self.address), "pending"))
        cost = gas * int(w3.eth.gas_price)
        if balance < cost:
            log.warning(
                "relay: the relayer %s holds %d wei, a vote costs about %d", self.address, balance, cost
            )
            raise ApiError(
                "relay_disabled",
                f"the relayer {self.address} has too few funds to pay for a vote ({balance:,} wei, a vote "
                f"costs about {cost:,}): vote by transaction until the service's operator tops it up",
            )

    def _vote_gas(self, call: Any) -> int:
        """The gas the vote needs, refused above MAX_VOTE_GAS: a contract
        wallet's `isValidSignature` could burn millions at the relayer's cost."""
        try:
            # Capped, so the node never searches past what the relay would pay.
            gas = int(call.estimate_gas({"from": self.address, "gas": MAX_VOTE_GAS}))
        except ContractLogicError as err:
            raise ApiError(
                "vote_refused",
                f"the governor would refuse this vote (given at most {MAX_VOTE_GAS:,} gas): {err}",
            ) from err
        except (Web3RPCError, ValueError) as err:
            self._refuse_if_unfunded(MAX_VOTE_GAS)  # a node may refuse the estimate for want of funds
            raise ApiError(
                "vote_refused",
                f"the vote needs more than {MAX_VOTE_GAS:,} gas, what the relay pays at most (vote by transaction)",
            ) from err
        if gas > MAX_VOTE_GAS:
            raise ApiError(
                "vote_refused",
                f"the vote needs {gas:,} gas; the relay pays at most {MAX_VOTE_GAS:,} (vote by transaction)",
            )
        return gas

    def submit(
        self,
        governor_address: str,
        proposal_id: Any,
        support: Any,
        voter: Any,
        signature: Any,
        nonce: Any = None,
    ) -> str:
        """Check a ballot and send it; the transaction hash."""
        if not self.enabled:
            raise ApiError(
                "relay_disabled", "this service relays no votes (no HARVEST_RELAYER_KEY): vote by transaction"
            )
        if self.governors is not None and Web3.to_checksum_address(governor_address) not in self.governors:
            raise ApiError(
                "relay_disabled",
                "this service's relayer pays only for votes in the co-ops of its deployment file: "
                "vote by transaction",
            )
        voter_address = values.address(voter, "voter")
        pid = values.uint(proposal_id, "proposal_id")
        support_value = values.uint(support, "support", 8)
        nonce_value = None if nonce is None else values.uint(nonce, "nonce")
        if not isinstance(signature, str) or not signature.startswith("0x"):
            raise ApiError("invalid_ballot", "signature must be 0x-hex")
        try:
            raw = bytes.fromhex(signature[2:])
        except ValueError as err:
            raise ApiError("invalid_ballot", "signature must be 0x-hex") from err
        if not 64 <= len(raw) <= 65:
            raise ApiError("invalid_ballot", "signature must be 64 or 65 bytes")
        governor = self.chain.contract("CoopGovernor", governor_address)
        with self._send_lock:
            used, signature_sent = self.check(governor, pid, support_value, voter_address, raw, nonce_value)
            assert self._key is not None
            call = governor.functions.castVoteBySig(pid, support_value, voter_address, signature_sent)
            gas = self._vote_gas(call)
            self._refuse_if_unfunded(gas)
            tx_hash = send_signed(self.chain.w3, call, self._key, gas=gas)
            sent = "0x" + bytes(tx_hash).hex()
            self._in_flight[(governor.address, voter_address)] = (used, sent)
        return sent
