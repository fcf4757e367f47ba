"""anvil's (and Ape's) default test mnemonic, its keys, and signing with
them the way a wallet signs: these keys are public knowledge, for local
chains only."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_keys.datatypes import PrivateKey

from harvest_coop.core.eip712 import SECP256K1_N

__all__ = ["ANVIL_MNEMONIC", "anvil_key", "malleate", "sign_digest", "sign_typed_data", "wallet_sign"]

ANVIL_MNEMONIC = "test test test test test test test test test test test junk"


@cache
def anvil_key(index: int) -> bytes:
    """Private key of account `index` of anvil's default test mnemonic."""
    Account.enable_unaudited_hdwallet_features()
    return bytes(Account.from_mnemonic(ANVIL_MNEMONIC, account_path=f"m/44'/60'/0'/0/{index}").key)


def sign_typed_data(typed_data: dict[str, Any], private_key: bytes) -> bytes:
    """A 65-byte r||s||v signature of EIP-712 typed data."""
    signed = Account.sign_message(encode_typed_data(full_message=typed_data), private_key)
    return bytes(signed.signature)


def sign_digest(digest: bytes, private_key: bytes) -> bytes:
    """65-byte r||s||v (v = 27/28) signature of a 32-byte digest."""
    sig = PrivateKey(private_key).sign_msg_hash(digest)
    r, s, v = int(sig.r), int(sig.s), int(sig.v)
    return r.to_bytes(32, "big") + s.to_bytes(32, "big") + bytes([v + 27])


def malleate(signature: bytes) -> bytes:
    """The high-s twin of a 65-byte r||s||v signature (same signer, s -> N - s, v flipped)."""
    r, s, v = signature[:32], int.from_bytes(signature[32:64], "big"), signature[64]
    return r + (SECP256K1_N - s).to_bytes(32, "big") + bytes([55 - v])


def wallet_sign(w3: Any, account: str, typed_data: dict[str, Any]) -> bytes:
    """What a wallet does with EIP-712 typed data: `eth_signTypedData_v4`
    (anvil answers for its unlocked accounts). Returns 65 bytes r||s||v."""
    response = w3.provider.make_request("eth_signTypedData_v4", [account, json.dumps(typed_data)])
    if "error" in response:
        raise RuntimeError(f"eth_signTypedData_v4 failed: {response['error']}")
    return bytes.fromhex(response["result"].removeprefix("0x"))
