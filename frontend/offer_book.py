"""The off-chain offer book: signed offers members post to the API.

`OfferBook.submit` takes the signed-offer document exactly as `ape run offer
sign` (or the page) writes it and accepts it only if, against the chain now,
its domain, signature (ECDSA, low s; or ERC-1271 for a contract maker),
membership, tokens, nonce, fee, expiry, balance and approval check out,
and the maker has fewer than `max_open` offers that are still live.

`OfferBook.refresh` runs in the follower's transaction after every indexed
range and recomputes each offer's status from the index alone: an offer
leaves the open list when the index sees it filled, cancelled (one by one,
all below a nonce, or its nonce consumed by another all-or-nothing fill) or
expired, or when the maker's indexed balance or approval no longer covers
what is left of it (and comes back if they do again).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from eth_keys.datatypes import Signature
from eth_keys.exceptions import BadSignature
from sqlalchemy import Connection, Engine, and_, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from web3 import Web3

from frontend import values
from frontend.chain import BlockHeader, Chain
from frontend.errors import ApiError
from frontend.index import models
from frontend.index.state import State
from harvest_coop.core.constants import MAX_UINT256, Delivery, TokenKind
from harvest_coop.core.eip712 import SECP256K1_N
from harvest_coop.core.offers import (
    DOCUMENT_KIND,
    OFFER_FIELDS,
    Offer,
    OfferDocument,
    offer_document,
    parse_offer_document,
    typed_data,
)

__all__ = [
    "ERC1271_MAGIC",
    "EXPIRED_COUNTS_FOR",
    "SIGNATURE_CHECK_GAS",
    "OPEN",
    "TERMINAL",
    "OfferBook",
    "canonical_signature",
    "recover",
    "valid_signature",
]

ERC1271_MAGIC = bytes.fromhex("1626ba7e")
# The gas a contract wallet's `isValidSignature` may use when the service
# checks a signature: a wallet that burns the node's whole call budget on
# every ballot or offer would tie up the service's threads.
SIGNATURE_CHECK_GAS = 500_000
TERMINAL = {"filled", "cancelled", "expired"}
# How long an offer that expired still counts against its maker's cap of
# live offers, from when the book received it.
EXPIRED_COUNTS_FOR = 86_400
OPEN = "open"

_ERC1271_ABI = [
    {
        "type": "function",
        "name": "isValidSignature",
        "stateMutability": "view",
        "inputs": [{"name": "hash", "type": "bytes32"}, {"name": "signature", "type": "bytes"}],
        "outputs": [{"name": "", "type": "bytes4"}],
    }
]


def _rsv(signature: bytes) -> bytes | None:
    """A 64-byte EIP-2098 or 65-byte signature as 65 bytes r‖s‖v with v
    27/28, the only form the exchange's ecrecover takes; None if neither."""
    if len(signature) == 64:
        r, vs = signature[:32], int.from_bytes(signature[32:], "big")
        s, v = vs & ((1 << 255) - 1), (vs >> 255)
        signature = r + s.to_bytes(32, "big") + bytes([v + 27])
    if len(signature) != 65 or signature[64] not in (0, 1, 27, 28):
        return None
    return signature[:64] + bytes([signature[64] % 27 + 27])


def recover(digest: bytes, signature: bytes) -> str | None:
    """The signer of a 65-byte r‖s‖v or 64-byte EIP-2098 signature, with the
    exchange's rules (low s, v 27/28 or 0/1); None if none."""
    rsv = _rsv(signature)
    if rsv is None:
        return None
    s = int.from_bytes(rsv[32:64], "big")
    if s == 0 or s > SECP256K1_N // 2:
        return None
    try:
        key = Signature(
            vrs=(rsv[64] - 27, int.from_bytes(rsv[:32], "big"), s)
        ).recover_public_key_from_msg_hash(digest)
    except (BadSignature, ValueError):
        return None
    return str(key.to_checksum_address())


def canonical_signature(signer: str, digest: bytes, signature: bytes) -> bytes:
    """`signer`'s ECDSA signature as r‖s‖v with v 27/28 (the exchange refuses
    v 0/1); any other signature (a contract wallet's) exactly as given."""
    rsv = _rsv(signature)
    return rsv if rsv is not None and recover(digest, signature) == signer else signature


def valid_signature(chain: Chain, signer: str, digest: bytes, signature: bytes) -> bool:
    """ECDSA by `signer`, or `signer` is a contract that answers ERC-1271
    within `SIGNATURE_CHECK_GAS`."""
    if recover(digest, signature) == signer:
        return True
    if not chain.w3.eth.get_code(Web3.to_checksum_address(signer)):
        return False
    wallet = chain.w3.eth.contract(address=Web3.to_checksum_address(signer), abi=_ERC1271_ABI)
    try:
        answer = wallet.functions.isValidSignature(digest, signature).call({"gas": SIGNATURE_CHECK_GAS})
    except Exception:
        return False
    return bytes(answer) == ERC1271_MAGIC


def _check_message(doc: Any) -> None:
    """Per-field refusals with their own codes, before the package's parser."""
    if not isinstance(doc, dict) or doc.get("kind") != DOCUMENT_KIND:
        raise ApiError("invalid_offer", f"the body must be a signed-offer document (kind {DOCUMENT_KIND!r})")
    typed = doc.get("typed_data")
    domain = typed.get("domain") if isinstance(typed, dict) else None
    if not isinstance(domain, dict):
        raise ApiError("invalid_offer", "typed_data.domain is missing")
    values.uint(domain.get("chainId"), "chainId")
    values.address(domain.get("verifyingContract"), "verifyingContract")
    message = typed.get("message") if isinstance(typed, dict) else None
    if not isinstance(message, dict):
        raise ApiError("invalid_offer", "typed_data.message is missing")
    for name, typ in OFFER_FIELDS:
        if name not in message:
            raise ApiError("invalid_offer", f"the offer has no {name}")
        value = message[name]
        if typ == "address":
            values.address(value, name)
        elif typ.startswith("uint"):
            values.uint(value, name, int(typ[4:]))
        elif not isinstance(value, bool):
            raise ApiError("invalid_offer", f"{name} must be true or false")
    signature = doc.get("signature")
    if not isinstance(signature, str) or not signature.startswith("0x"):
        raise ApiError("invalid_offer", "signature must be 0x-hex")
    try:
        bytes.fromhex(signature[2:])
    except ValueError as err:
        raise ApiError("invalid_offer", "signature must be 0x-hex") from err


def _row(doc: OfferDocument, coop: str, document: dict[str, Any], source: str, status: str) -> dict[str, Any]:
    offer = doc.offer
    return {
        "offer_hash": "0x" + doc.offer_hash.hex(),
        "coop": coop,
        "exchange": doc.exchange,
        "maker": offer.maker,
        "give_token": offer.give_token,
        "give_id": offer.give_id,
        "give_amount": offer.give_amount,
        "want_token": offer.want_token,
        "want_id": offer.want_id,
        "want_amount": offer.want_amount,
        "delivery": offer.delivery,
        "delivery_window": offer.delivery_window,
        "expiry": offer.expiry,
        "nonce": offer.nonce,
        "partial_fill": offer.partial_fill,
        "max_fee_bps": offer.max_fee_bps,
        "document": document,
        "source": source,
        "received_at": int(time.time()),
        "status": status,
        "remaining": offer.give_amount,
    }


class OfferBook:
    """Accepts signed offers and keeps their status."""

    def __init__(
        self,
        chain: Chain,
        engine: Engine,
        publish: Callable[[dict[str, Any]], None] | None = None,
        max_open: int | None = None,
    ):
        self.chain = chain
        self.engine = engine
        self.publish = publish
        self.max_open = max_open  # offers of one maker not filled, cancelled or expired

    def _refuse_beyond_max_open(self, conn: Connection, maker: str) -> None:
        """Each offer is checked alone against the maker's balance, and the
        follower re-checks every live one after each range: a maker's live
        offers are capped, or 1 g could back any number of them. An offer
        that expired (unfilled, uncancelled) counts for `EXPIRED_COUNTS_FOR`
        seconds after it came: offers signed to expire at once cost nothing,
        and the book keeps every row."""
        if self.max_open is None:
            return
        o = models.offers.c
        since = int(time.time()) - EXPIRED_COUNTS_FOR
        live = conn.execute(
            select(func.count()).where(
                o.maker == maker,
                or_(o.status.not_in(TERMINAL), and_(o.status == "expired", o.received_at >= since)),
            )
        ).scalar_one()
        if live >= self.max_open:
            raise ApiError(
                "too_many_offers",
                f"{maker} has {live} offers in the book that are not filled or cancelled and are live "
                f"or expired within a day of being posted (at most {self.max_open}): cancel some, or "
                "wait for them to fill or for a day to pass",
            )

    def _coop_of_exchange(self, exchange: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = (
                conn.execute(select(models.coops).where(models.coops.c.exchange == exchange))
                .mappings()
                .first()
            )
        return dict(row) if row else None

    def submit(self, document: Any) -> dict[str, Any]:
        """Check a signed-offer document against the chain now and store it."""
        _check_message(document)
        try:
            doc = parse_offer_document(document)
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            raise ApiError("invalid_offer", f"the signed-offer document is not valid: {err}") from err
        offer, chain = doc.offer, self.chain
        if doc.chain_id != chain.w3.eth.chain_id:
            raise ApiError(
                "wrong_chain",
                f"the offer is signed for chain {doc.chain_id}, this is chain {chain.w3.eth.chain_id}",
            )
        coop = self._coop_of_exchange(doc.exchange)
        if coop is None:
            raise ApiError("unknown_coop", f"no co-op's exchange is at {doc.exchange}")
        offer_hash = "0x" + doc.offer_hash.hex()
        with self.engine.connect() as conn:
            if conn.execute(
                select(models.offers.c.offer_hash).where(models.offers.c.offer_hash == offer_hash)
            ).first():
                raise ApiError("duplicate_offer", f"offer {offer_hash} is already in the book")
        if offer.delivery > Delivery.GIVE | Delivery.WANT:
            raise ApiError("invalid_offer", f"delivery {offer.delivery} is not a set of the flags 1 and 2")
        if offer.delivery and not offer.delivery_window:
            raise ApiError("invalid_offer", "a delivery offer needs a delivery window")
        if offer.maker == offer.give_token or offer.give_amount == 0 or offer.want_amount == 0:
            raise ApiError("invalid_offer", "an offer gives and wants a positive amount")
        now = int(chain.w3.eth.get_block("latest")["timestamp"])
        if offer.expiry < now:
            raise ApiError("expired", f"the offer expired {now - offer.expiry} seconds ago")
        if not valid_signature(chain, offer.maker, doc.offer_hash, doc.signature):
            raise ApiError("bad_signature", f"the signature is not {offer.maker}'s signature of this offer")
        exchange = chain.contract("NutrientExchange", doc.exchange)
        membership = chain.contract("Membership", coop["membership"])
        if not membership.functions.is_network_member(offer.maker).call():
            raise ApiError(
                "not_a_member", f"{offer.maker} is not a member of {coop['name']} or a federated co-op"
            )
        give_kind = int(exchange.functions.token_kind(offer.give_token).call())
        want_kind = int(exchange.functions.token_kind(offer.want_token).call())
        if TokenKind.NONE in (give_kind, want_kind):
            raise ApiError("token_not_allowed", "the exchange does not trade one of the offer's tokens")
        if (give_kind == TokenKind.ERC20 and offer.give_id) or (
            want_kind == TokenKind.ERC20 and offer.want_id
        ):
            raise ApiError("invalid_offer", "an ERC-20 leg's id must be 0, as the exchange requires")
        if exchange.functions.is_nonce_used(offer.maker, offer.nonce).call():
            raise ApiError(
                "nonce_used", f"nonce {offer.nonce} of {offer.maker} is used or cancelled (a replay?)"
            )
        fee = int(exchange.functions.fee_bps().call())
        if fee > offer.max_fee_bps:
            raise ApiError(
                "fee_above_signed_maximum",
                f"the exchange's fee is {fee} bps, the offer allows {offer.max_fee_bps}",
            )
        left = int(exchange.functions.remaining(offer.as_tuple()).call())
        if give_kind == TokenKind.ERC1155:
            token = chain.contract("HarvestToken", offer.give_token)
            held = int(token.functions.balanceOf(offer.maker, offer.give_id).call())
            approved = (
                MAX_UINT256 if token.functions.isApprovedForAll(offer.maker, doc.exchange).call() else 0
            )
            if (
                offer.give_token == coop["harvest"]
                and not token.functions.is_transferable(offer.give_id).call()
            ):
                raise ApiError(
                    "produce_not_transferable", f"batch {offer.give_id} is past its best-before or frozen"
                )
        else:
            token = chain.contract("CoopCredit", offer.give_token)
            held = int(token.functions.balanceOf(offer.maker).call())
            approved = int(token.functions.allowance(offer.maker, doc.exchange).call())
        if held < left:
            raise ApiError(
                "insufficient_balance", f"{offer.maker} holds {held} of the {left} the offer gives"
            )
        if approved < left:
            raise ApiError(
                "not_approved", f"{offer.maker} has not approved the exchange for the {left} the offer gives"
            )
        # Only the canonical document is kept (rebuilt from what was checked):
        # fields a client added are never stored or served back, and an ECDSA
        # signature is kept in the one form the exchange takes.
        signature = canonical_signature(offer.maker, doc.offer_hash, doc.signature)
        canonical = offer_document(offer, signature, doc.chain_id, doc.exchange)
        row = _row(doc, coop["name"], canonical, "book", OPEN)
        try:
            with self.engine.begin() as conn:
                if conn.execute(
                    select(models.offers.c.offer_hash).where(models.offers.c.offer_hash == offer_hash)
                ).first():
                    raise ApiError("duplicate_offer", f"offer {offer_hash} is already in the book")
                self._refuse_beyond_max_open(conn, offer.maker)
                conn.execute(insert(models.offers).values(**row))
        except IntegrityError as err:  # the same offer stored by a concurrent request
            raise ApiError("duplicate_offer", f"offer {offer_hash} is already in the book") from err
        if self.publish is not None:
            self.publish({"type": "offer", "offer_hash": offer_hash, "status": OPEN, "coop": coop["name"]})
        return row

    # -- statuses from the index ------------------------------------------------------------

    def refresh(self, conn: Connection, state: State, end: BlockHeader, rebuilt: bool) -> None:
        """Recompute offer statuses (the follower's refresher)."""
        chain_rows = state.table("offer_chain")
        coops = state.table("coops")
        self._posted_offers(conn, state, rebuilt)
        query = select(models.offers)
        if not rebuilt:
            query = query.where(models.offers.c.status.not_in(TERMINAL))
        offers = [dict(r) for r in conn.execute(query).mappings()]
        consumed = set()
        for held in conn.execute(
            select(
                models.offers.c.offer_hash,
                models.offers.c.maker,
                models.offers.c.nonce,
                models.offers.c.partial_fill,
            )
        ):
            on_chain = chain_rows.get(held.offer_hash)
            if on_chain is not None and on_chain["fills"] and not held.partial_fill:
                consumed.add((held.maker, int(held.nonce)))
        federated = self._federated(conn, state, offers)
        changed = []
        for offer in offers:
            coop = coops.get(offer["coop"])
            status, remaining = self._status(offer, state, coop, consumed, end.timestamp, federated)
            if status != offer["status"] or remaining != offer["remaining"]:
                changed.append({"k": offer["offer_hash"], "s": status, "r": str(remaining)})
        if changed:
            conn.execute(
                update(models.offers)
                .where(models.offers.c.offer_hash == bindparam("k"))
                .values(status=bindparam("s"), remaining=bindparam("r")),
                changed,
            )
            if self.publish is not None:
                self.publish({"type": "offers", "changed": [c["k"] for c in changed]})

    @staticmethod
    def _federated(conn: Connection, state: State, offers: list[dict[str, Any]]) -> dict[str, set[str]]:
        """The co-ops federated now with each co-op where an offer's maker is
        not an active member (a federated co-op's member may make offers on
        this co-op's exchange), from the co-op's `Federated` and
        `Defederated` events in the index; only those co-ops are read."""
        members = state.table("members")
        needed = set()
        for offer in offers:
            member = members.get(offer["coop"], offer["maker"])
            if member is None or not member["active"]:
                needed.add(offer["coop"])
        if not needed:
            return {}
        by_membership = {row["membership"]: row["name"] for row in state.table("coops").values()}
        ev = models.events.c
        federated: dict[str, set[str]] = {name: set() for name in needed}
        for coop, name, args in conn.execute(
            select(ev.coop, ev.name, ev.args)
            .where(
                ev.coop.in_(sorted(needed)),
                ev.name.in_(("Federated", "Defederated")),
                ev.contract == "Membership",
            )
            .order_by(ev.block_number, ev.log_index)
        ):
            arguments = json.loads(args) if isinstance(args, str) else args
            other = by_membership.get(Web3.to_checksum_address(arguments["coop"]))
            if other is None:
                continue
            if name == "Federated":
                federated[coop].add(other)
            else:
                federated[coop].discard(other)
        return federated

    def _posted_offers(self, conn: Connection, state: State, rebuilt: bool) -> None:
        """Offers posted on chain (`post_offer`) join the book as source `chain`."""
        posted = {r["offer_hash"]: r for r in state.table("offer_chain").values() if r["posted"]}
        known = {r[0]: r[1] for r in conn.execute(select(models.offers.c.offer_hash, models.offers.c.source))}
        if rebuilt:
            gone = [h for h, source in known.items() if source == "chain" and h not in posted]
            if gone:
                conn.execute(delete(models.offers).where(models.offers.c.offer_hash.in_(gone)))
        coops = state.table("coops")
        for offer_hash, row in posted.items():
            if offer_hash in known:
                continue
            coop = coops.get(row["coop"])
            if coop is None:
                continue
            offer = Offer.from_message(row["posted"])
            document = {
                "kind": DOCUMENT_KIND,
                "version": 1,
                "typed_data": typed_data(offer, self.chain.w3.eth.chain_id, coop["exchange"]),
                "signature": "0x",
                "offer_hash": offer_hash,
            }
            doc = OfferDocument(
                offer, b"", self.chain.w3.eth.chain_id, coop["exchange"], bytes.fromhex(offer_hash[2:])
            )
            conn.execute(insert(models.offers).values(**_row(doc, coop["name"], document, "chain", OPEN)))

    @staticmethod
    def _status(
        offer: dict[str, Any],
        state: State,
        coop: dict[str, Any] | None,
        consumed: set[tuple[str, int]],
        now: int,
        federated: dict[str, set[str]] | None = None,
    ) -> tuple[str, int]:
        on_chain = state.table("offer_chain").get(offer["offer_hash"])
        filled = int(on_chain["filled"]) if on_chain else 0
        give = int(offer["give_amount"])
        if offer["partial_fill"]:
            remaining = max(give - filled, 0)
        else:
            remaining = 0 if on_chain and on_chain["fills"] else give
        if remaining == 0:
            return "filled", 0
        nonce = int(offer["nonce"])
        nonces = state.table("maker_nonces").get(offer["coop"], offer["maker"])
        if (
            (on_chain is not None and on_chain["cancelled_nonce"] is not None)
            or (
                nonces is not None and (nonce < int(nonces["min_nonce"]) or str(nonce) in nonces["cancelled"])
            )
            or (offer["maker"], nonce) in consumed
        ):
            return "cancelled", remaining
        if now > int(offer["expiry"]):
            return "expired", remaining
        if coop is None:
            return "unknown", remaining
        members = state.table("members")
        member = members.get(offer["coop"], offer["maker"])
        if member is None or not member["active"]:
            # a member of a federated co-op, unless this co-op expelled it
            elsewhere = member is None or not member["expelled"]
            if not elsewhere or not any(
                (row := members.get(other, offer["maker"])) is not None and row["active"]
                for other in (federated or {}).get(offer["coop"], ())
            ):
                return "maker_left", remaining
        if int(coop["fee_bps"]) > int(offer["max_fee_bps"]):
            return "blocked", remaining
        if offer["give_token"] in (coop["harvest"], coop["credit"]):
            token_id = int(offer["give_id"]) if offer["give_token"] == coop["harvest"] else 0
            balance = state.table("balances").get(
                offer["coop"], offer["give_token"], token_id, offer["maker"]
            )
            if balance is None or int(balance["amount"]) < remaining:
                return "unfunded", remaining
            approval = state.table("approvals").get(
                offer["coop"], offer["give_token"], offer["maker"], coop["exchange"]
            )
            if approval is None or int(approval["amount"]) < remaining:
                return "unapproved", remaining
            if offer["give_token"] == coop["harvest"]:
                batch = state.table("batches").get(offer["coop"], token_id)
                if batch is not None and (batch["frozen"] or now > int(batch["best_before"])):
                    return "expired", remaining
        return OPEN, remaining
