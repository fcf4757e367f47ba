"""NutrientExchange's offers and escrows as plain data: the EIP-712 `Offer`,
the signed-offer JSON document and the escrow record.

One definition that `ape run offer`, the tests, the benchmark and the web
service share (mirroring contracts/interfaces/INutrientExchange.vyi;
docs/exchange.md describes them). Plain eth-account / eth-abi code, usable
from Ape, web3.py and titanoboa alike.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from typing import Any

from eth_abi.abi import encode as abi_encode
from eth_account.messages import encode_typed_data
from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak

from harvest_coop.core.constants import Delivery
from harvest_coop.core.eip712 import EIP712_DOMAIN

__all__ = [
    "DOCUMENT_KIND",
    "DOCUMENT_VERSION",
    "DOMAIN_NAME",
    "DOMAIN_VERSION",
    "ESCROW_FIELDS",
    "OFFER_FIELDS",
    "OFFER_TYPE",
    "Escrow",
    "Offer",
    "OfferDocument",
    "domain",
    "offer_digest",
    "offer_document",
    "parse_offer_document",
    "sign_offer",
    "typed_data",
]

DOMAIN_NAME = "NutrientExchange"
DOMAIN_VERSION = "1"
DOCUMENT_KIND = "harvest-coop/offer"
DOCUMENT_VERSION = 1


OFFER_FIELDS: list[tuple[str, str]] = [
    ("maker", "address"),
    ("give_token", "address"),
    ("give_id", "uint256"),
    ("give_amount", "uint256"),
    ("want_token", "address"),
    ("want_id", "uint256"),
    ("want_amount", "uint256"),
    ("delivery", "uint8"),
    ("delivery_window", "uint64"),
    ("expiry", "uint64"),
    ("nonce", "uint256"),
    ("partial_fill", "bool"),
    ("max_fee_bps", "uint16"),
]

OFFER_TYPE = "Offer(" + ",".join(f"{t} {n}" for n, t in OFFER_FIELDS) + ")"

ESCROW_FIELDS: list[tuple[str, str]] = [
    ("offer_hash", "bytes32"),
    ("maker", "address"),
    ("taker", "address"),
    ("give_token", "address"),
    ("give_kind", "uint8"),
    ("give_id", "uint256"),
    ("give_amount", "uint256"),
    ("want_token", "address"),
    ("want_kind", "uint8"),
    ("want_id", "uint256"),
    ("want_amount", "uint256"),
    ("delivery", "uint8"),
    ("deadline", "uint64"),
    ("fill_index", "uint256"),
]


def _address(value: Any) -> str:
    return to_checksum_address(str(getattr(value, "address", value)))


def _bytes32(value: Any) -> bytes:
    raw: bytes = bytes.fromhex(value.removeprefix("0x")) if isinstance(value, str) else bytes(value)
    if len(raw) != 32:
        raise ValueError("expected 32 bytes")
    return raw


@dataclass(frozen=True)
class Offer:
    """An offer, field for field the EIP-712 struct `Offer`."""

    maker: str
    give_token: str
    give_id: int
    give_amount: int
    want_token: str
    want_id: int
    want_amount: int
    delivery: int = Delivery.NONE
    delivery_window: int = 0
    expiry: int = 0
    nonce: int = 0
    partial_fill: bool = False
    max_fee_bps: int = 0  # the most exchange fee the maker accepts (basis points)

    def __post_init__(self) -> None:
        for name, typ in OFFER_FIELDS:
            value = getattr(self, name)
            if typ == "address":
                object.__setattr__(self, name, _address(value))
            elif typ == "bool":
                if not isinstance(value, bool):
                    raise ValueError(f"{name} must be a bool")
            else:
                bits = int(typ.removeprefix("uint"))
                value = int(value)
                if not 0 <= value < 2**bits:
                    raise ValueError(f"{name} out of range for {typ}")
                object.__setattr__(self, name, value)

    def as_tuple(self) -> tuple[Any, ...]:
        """The ABI tuple a contract call takes."""
        return tuple(getattr(self, name) for name, _ in OFFER_FIELDS)

    def message(self) -> dict[str, Any]:
        """The EIP-712 message as JSON: integers as decimal strings."""
        out: dict[str, Any] = {}
        for name, typ in OFFER_FIELDS:
            value = getattr(self, name)
            out[name] = str(value) if typ.startswith("uint") else value
        return out

    @classmethod
    def from_message(cls, message: dict[str, Any]) -> Offer:
        """Parse an EIP-712 message (integers as numbers or decimal strings)."""
        extra = set(message) - {name for name, _ in OFFER_FIELDS}
        if extra:
            raise ValueError(f"unknown offer fields: {sorted(extra)}")
        kwargs: dict[str, Any] = {}
        for name, typ in OFFER_FIELDS:
            if name not in message:
                raise ValueError(f"offer field missing: {name}")
            value = message[name]
            if typ.startswith("uint"):
                if isinstance(value, bool) or not isinstance(value, (int, str)):
                    raise ValueError(f"{name} must be an integer or a decimal string")
                value = int(value, 10) if isinstance(value, str) else value
            kwargs[name] = value
        return cls(**kwargs)


def domain(chain_id: int, exchange: Any) -> dict[str, Any]:
    """The exchange's EIP-712 domain (as `eip712Domain()` reports it)."""
    return {
        "name": DOMAIN_NAME,
        "version": DOMAIN_VERSION,
        "chainId": int(chain_id),
        "verifyingContract": _address(exchange),
    }


def typed_data(offer: Offer, chain_id: int, exchange: Any) -> dict[str, Any]:
    """The full EIP-712 document, as `eth_signTypedData_v4` takes it."""
    return {
        "types": {
            "EIP712Domain": EIP712_DOMAIN,
            "Offer": [{"name": n, "type": t} for n, t in OFFER_FIELDS],
        },
        "primaryType": "Offer",
        "domain": domain(chain_id, exchange),
        "message": offer.message(),
    }


def offer_digest(offer: Offer, chain_id: int, exchange: Any) -> bytes:
    """The EIP-712 digest (the offer hash) computed by eth-account."""
    signable = encode_typed_data(full_message=typed_data(offer, chain_id, exchange))
    return keccak(b"\x19" + signable.version + signable.header + signable.body)


def sign_offer(account: Any, offer: Offer, chain_id: int, exchange: Any) -> bytes:
    """Sign with an Ape account or an eth-account `LocalAccount`; 65 bytes r‖s‖v."""
    signable = encode_typed_data(full_message=typed_data(offer, chain_id, exchange))
    signature = account.sign_message(signable)
    if hasattr(signature, "encode_rsv"):  # Ape's MessageSignature
        return bytes(signature.encode_rsv())
    return bytes(signature.signature)  # eth-account's SignedMessage


def offer_document(offer: Offer, signature: bytes, chain_id: int, exchange: Any) -> dict[str, Any]:
    """The signed offer as the JSON document the web service accepts."""
    return {
        "kind": DOCUMENT_KIND,
        "version": DOCUMENT_VERSION,
        "typed_data": typed_data(offer, chain_id, exchange),
        "signature": "0x" + bytes(signature).hex(),
        "offer_hash": "0x" + offer_digest(offer, chain_id, exchange).hex(),
    }


@dataclass(frozen=True)
class OfferDocument:
    offer: Offer
    signature: bytes
    chain_id: int
    exchange: str
    offer_hash: bytes


def parse_offer_document(doc: dict[str, Any] | str) -> OfferDocument:
    """Validate a signed-offer JSON document (shape, domain and hash; not the signature)."""
    if isinstance(doc, str):
        doc = json.loads(doc)
    if not isinstance(doc, dict) or doc.get("kind") != DOCUMENT_KIND:
        raise ValueError(f"not a {DOCUMENT_KIND} document")
    if doc.get("version") != DOCUMENT_VERSION:
        raise ValueError(f"unsupported document version {doc.get('version')!r}")
    td = doc["typed_data"]
    if td.get("primaryType") != "Offer":
        raise ValueError("primaryType must be Offer")
    if td.get("types", {}).get("Offer") != [{"name": n, "type": t} for n, t in OFFER_FIELDS]:
        raise ValueError("the Offer type differs from the exchange's")
    dom = td["domain"]
    if dom.get("name") != DOMAIN_NAME or dom.get("version") != DOMAIN_VERSION:
        raise ValueError("the domain is not the NutrientExchange's")
    offer = Offer.from_message(td["message"])
    chain_id = int(dom["chainId"])
    exchange = _address(dom["verifyingContract"])
    signature = bytes.fromhex(str(doc["signature"]).removeprefix("0x"))
    if not 0 < len(signature) <= 65:
        raise ValueError("the signature must be 1 to 65 bytes")
    digest = offer_digest(offer, chain_id, exchange)
    if "offer_hash" in doc and _bytes32(doc["offer_hash"]) != digest:
        raise ValueError("offer_hash does not match the typed data")
    return OfferDocument(offer, signature, chain_id, exchange, digest)


@dataclass(frozen=True)
class Escrow:
    """An escrow record as `EscrowOpened` carries it; calls pass it back."""

    offer_hash: bytes
    maker: str
    taker: str
    give_token: str
    give_kind: int
    give_id: int
    give_amount: int
    want_token: str
    want_kind: int
    want_id: int
    want_amount: int
    delivery: int
    deadline: int
    fill_index: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "offer_hash", _bytes32(self.offer_hash))
        for name, typ in ESCROW_FIELDS:
            if typ == "address":
                object.__setattr__(self, name, _address(getattr(self, name)))
            elif typ.startswith("uint"):
                object.__setattr__(self, name, int(getattr(self, name)))

    def as_tuple(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name, _ in ESCROW_FIELDS)

    @property
    def escrow_id(self) -> bytes:
        """`keccak256(abi.encode(escrow))`, as the contract computes it."""
        return keccak(abi_encode([t for _, t in ESCROW_FIELDS], list(self.as_tuple())))

    @classmethod
    def from_value(cls, value: Any) -> Escrow:
        """From a decoded event struct (dict, tuple or object with attributes)."""
        if isinstance(value, dict):
            return cls(**{name: value[name] for name, _ in ESCROW_FIELDS})
        if isinstance(value, (tuple, list)):
            return cls(*value)
        return cls(**{name: getattr(value, name) for name, _ in ESCROW_FIELDS})

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["offer_hash"] = "0x" + self.offer_hash.hex()
        for f in fields(self):
            if isinstance(out[f.name], int) and not isinstance(out[f.name], bool):
                out[f.name] = str(out[f.name])
        return out
