"""Refusals: a stable machine-readable code, a sentence for a person and a
4xx status (5xx only when the service or the node fails).

Every code the API can answer is in `CODES` (docs/web.md lists them).
"""

from __future__ import annotations

__all__ = ["CODES", "ApiError"]

CODES: dict[str, tuple[int, str]] = {
    # request shape
    "invalid_request": (422, "a field is missing or has the wrong type"),
    "malformed_json": (400, "the body is not JSON"),
    "body_too_large": (413, "the body is over the size limit"),
    "not_found": (404, "no such route"),
    "method_not_allowed": (405, "the route does not take this method"),
    "rate_limited": (429, "too many write requests from this client"),
    # values
    "bad_address": (400, "not a 0x-address of 20 bytes"),
    "bad_checksum": (400, "a mixed-case address whose EIP-55 checksum is wrong"),
    "bad_amount": (400, "an amount that is negative, not an integer or over its type's maximum"),
    "bad_hash": (400, "not a 0x-hash of 32 bytes"),
    "bad_text": (400, "text that is not valid Unicode (a lone surrogate escape) or holds a NUL"),
    "invalid_offer": (400, "the signed-offer document is not one the exchange accepts"),
    "invalid_ballot": (400, "the ballot is not one the governor accepts"),
    # what is asked for
    "unknown_coop": (404, "no co-op by that name or address"),
    "unknown_member": (404, "no member by that address"),
    "unknown_batch": (404, "no harvest batch by that id"),
    "unknown_offer": (404, "no offer by that hash"),
    "unknown_escrow": (404, "no escrow by that id"),
    "unknown_proposal": (404, "no proposal by that id"),
    "unknown_epoch": (404, "the co-op's pool recorded nothing in that epoch, or it has not begun"),
    "unknown_action": (404, "no such transaction to prepare"),
    # signatures
    "wrong_chain": (400, "signed for another chain"),
    "bad_signature": (400, "the signature is not the signer's"),
    "replayed_signature": (409, "the signature's nonce was already used"),
    "expired": (409, "the offer's expiry has passed"),
    # the chain now
    "not_a_member": (403, "the account is not a member of the co-op (or a federated one)"),
    "token_not_allowed": (409, "the exchange does not trade that token"),
    "insufficient_balance": (409, "the maker does not hold what the offer gives"),
    "not_approved": (409, "the maker has not approved the exchange for what it gives"),
    "nonce_used": (409, "the maker's nonce is used or cancelled"),
    "fee_above_signed_maximum": (409, "the exchange's fee is above what the maker signed"),
    "produce_not_transferable": (409, "the batch is past its best-before or frozen"),
    "duplicate_offer": (409, "the offer is already in the book"),
    "too_many_offers": (409, "the maker has as many open offers in the book as the service keeps"),
    "proposal_not_active": (409, "the proposal is not open for voting"),
    "already_voted": (409, "the voter already voted on the proposal"),
    "no_votes": (403, "the voter has no vote at the proposal's snapshot"),
    "vote_refused": (409, "the governor would refuse the vote, or it needs more gas than the relay pays"),
    "cannot_simulate": (409, "the proposal cannot be simulated now (it is not Pending or Active)"),
    "simulation_busy": (503, "another simulation is running"),
    "too_many_streams": (503, "as many pages are connected to the live updates as the service keeps"),
    "relay_disabled": (503, "the service has no relayer key, or the relayer cannot pay for a vote"),
    "chain_unavailable": (503, "the node does not answer"),
    "internal_error": (500, "the service failed"),
}


class ApiError(Exception):
    """A refusal with a stable `code`, a sentence `detail` and a status."""

    def __init__(self, code: str, detail: str, status: int | None = None) -> None:
        if code not in CODES:
            raise KeyError(f"unknown error code {code!r}")
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.status = status if status is not None else CODES[code][0]

    def body(self) -> dict[str, str]:
        return {"error": self.code, "detail": self.detail}
