"""EIP-712 typed data and digests of the co-op's contracts, built the way a
wallet builds them (`eth_signTypedData_v4` documents), and fast paths for
the same digests where thousands are needed (property tests).

The domains: Membership (`Delegation`, its name and version "1"),
CoopGovernor (`Ballot`, "<co-op name> Governor", "1"), CoopCredit
(`Permit`, the credit's name, "1"), NutrientExchange (`Offer`, see
`harvest_coop.core.offers`).
"""

from __future__ import annotations

from typing import Any

from eth_abi.abi import encode as abi_encode
from eth_account.messages import encode_typed_data
from eth_utils.crypto import keccak

__all__ = [
    "BALLOT_TYPEHASH",
    "BALLOT_TYPES",
    "DELEGATION_TYPEHASH",
    "DELEGATION_TYPES",
    "DOMAIN_TYPEHASH",
    "EIP712_DOMAIN",
    "PERMIT_TYPES",
    "SECP256K1_N",
    "ballot_digest",
    "ballot_typed_data",
    "delegation_digest",
    "delegation_typed_data",
    "domain_separator",
    "permit_typed_data",
    "typed_data",
    "typed_data_digest",
]

EIP712_DOMAIN = [
    {"name": "name", "type": "string"},
    {"name": "version", "type": "string"},
    {"name": "chainId", "type": "uint256"},
    {"name": "verifyingContract", "type": "address"},
]

# The secp256k1 group order: a signature with s > N/2 is the malleated twin
# of a valid one, which every co-op contract refuses.
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141

BALLOT_TYPES = [
    {"name": "proposalId", "type": "uint256"},
    {"name": "support", "type": "uint8"},
    {"name": "voter", "type": "address"},
    {"name": "nonce", "type": "uint256"},
]

DELEGATION_TYPES = [
    {"name": "delegatee", "type": "address"},
    {"name": "nonce", "type": "uint256"},
    {"name": "expiry", "type": "uint256"},
]

PERMIT_TYPES = [
    {"name": "owner", "type": "address"},
    {"name": "spender", "type": "address"},
    {"name": "value", "type": "uint256"},
    {"name": "nonce", "type": "uint256"},
    {"name": "deadline", "type": "uint256"},
]


def typed_data(
    primary_type: str,
    fields: list[dict[str, str]],
    name: str,
    chain_id: int,
    contract: str,
    message: dict[str, Any],
    version: str = "1",
) -> dict[str, Any]:
    """An EIP-712 document (eth_signTypedData_v4 input) with the usual four-field domain."""
    return {
        "types": {"EIP712Domain": EIP712_DOMAIN, primary_type: fields},
        "primaryType": primary_type,
        "domain": {"name": name, "version": version, "chainId": chain_id, "verifyingContract": contract},
        "message": message,
    }


def ballot_typed_data(
    governor_name: str, chain_id: int, governor: str, proposal_id: int, support: int, voter: str, nonce: int
) -> dict[str, Any]:
    """OpenZeppelin Governor's `Ballot` as EIP-712 typed data (eth_signTypedData_v4 input)."""
    message = {"proposalId": proposal_id, "support": int(support), "voter": voter, "nonce": nonce}
    return typed_data("Ballot", BALLOT_TYPES, governor_name, chain_id, governor, message)


def delegation_typed_data(
    membership_name: str, chain_id: int, membership: str, delegatee: str, nonce: int, expiry: int
) -> dict[str, Any]:
    """ERC-5805's `Delegation`, what `Membership.delegateBySig` checks."""
    message = {"delegatee": delegatee, "nonce": nonce, "expiry": expiry}
    return typed_data("Delegation", DELEGATION_TYPES, membership_name, chain_id, membership, message)


def permit_typed_data(
    token_name: str,
    chain_id: int,
    token: str,
    owner: str,
    spender: str,
    value: int,
    nonce: int,
    deadline: int,
) -> dict[str, Any]:
    """ERC-2612's `Permit`."""
    message = {"owner": owner, "spender": spender, "value": value, "nonce": nonce, "deadline": deadline}
    return typed_data("Permit", PERMIT_TYPES, token_name, chain_id, token, message)


def typed_data_digest(document: dict[str, Any]) -> bytes:
    """The 32-byte EIP-712 digest a contract checks for `document`."""
    msg = encode_typed_data(full_message=document)
    return keccak(b"\x19" + msg.version + msg.header + msg.body)


# Fast paths: the same digests built directly (no JSON typed-data walk). A
# unit test checks they equal eth_account's encode_typed_data.

DOMAIN_TYPEHASH = keccak(
    text="EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
)
BALLOT_TYPEHASH = keccak(text="Ballot(uint256 proposalId,uint8 support,address voter,uint256 nonce)")
DELEGATION_TYPEHASH = keccak(text="Delegation(address delegatee,uint256 nonce,uint256 expiry)")


def domain_separator(name: str, version: str, chain_id: int, contract: str) -> bytes:
    """The EIP-712 domain separator of (name, version, chain, contract)."""
    return keccak(
        abi_encode(
            ["bytes32", "bytes32", "bytes32", "uint256", "address"],
            [DOMAIN_TYPEHASH, keccak(text=name), keccak(text=version), chain_id, contract],
        )
    )


def ballot_digest(separator: bytes, proposal_id: int, support: int, voter: str, nonce: int) -> bytes:
    """OpenZeppelin's `Ballot` digest (what `castVoteBySig` checks)."""
    struct_hash = keccak(
        abi_encode(
            ["bytes32", "uint256", "uint8", "address", "uint256"],
            [BALLOT_TYPEHASH, proposal_id, int(support), voter, nonce],
        )
    )
    return keccak(b"\x19\x01" + separator + struct_hash)


def delegation_digest(separator: bytes, delegatee: str, nonce: int, expiry: int) -> bytes:
    """ERC-5805's `Delegation` digest (what `delegateBySig` checks)."""
    struct_hash = keccak(
        abi_encode(
            ["bytes32", "address", "uint256", "uint256"], [DELEGATION_TYPEHASH, delegatee, nonce, expiry]
        )
    )
    return keccak(b"\x19\x01" + separator + struct_hash)
