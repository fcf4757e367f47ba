"""Sending transactions with web3.py: from an account the node unlocks
(anvil's), or signed here with a key (the web service's relayer)."""

from __future__ import annotations

from typing import Any

from eth_account import Account
from web3 import Web3
from web3.contract import Contract

from harvest_coop.core import abi as shipped
from harvest_coop.web3_layer.contracts import contract

__all__ = ["TransactionFailed", "deploy", "deploy_code", "deploy_with_receipt", "send_signed", "transact"]


class TransactionFailed(RuntimeError):
    """A transaction was mined and reverted."""


def transact(fn: Any, sender: str, value: int = 0, gas: int | None = None) -> Any:
    """Send a contract call from an account the node unlocks, wait, and fail
    loudly on revert. Returns the receipt."""
    params: dict[str, Any] = {"from": sender, "value": value}
    if gas is not None:
        params["gas"] = gas
    receipt = fn.w3.eth.wait_for_transaction_receipt(fn.transact(params))
    if receipt["status"] != 1:
        raise TransactionFailed(f"{fn.fn_name} reverted in {receipt['transactionHash'].hex()}")
    return receipt


def send_signed(w3: Web3, fn: Any, private_key: bytes | str, gas: int | None = None) -> Any:
    """Build, sign with `private_key` and send a contract call; returns the
    transaction hash (not waiting). The key never leaves this process."""
    account = Account.from_key(private_key)
    tx = fn.build_transaction(
        {
            "from": account.address,
            "nonce": w3.eth.get_transaction_count(account.address, "pending"),
            "chainId": w3.eth.chain_id,
            **({"gas": gas} if gas is not None else {}),
        }
    )
    signed = account.sign_transaction(tx)
    return w3.eth.send_raw_transaction(signed.raw_transaction)


def deploy_code(w3: Web3, code: bytes, sender: str, gas: int | None = None) -> Any:
    """Send raw deploy code from an unlocked account; returns the receipt."""
    params: dict[str, Any] = {"from": sender, "data": "0x" + code.hex()}
    if gas is not None:
        params["gas"] = gas
    receipt = w3.eth.wait_for_transaction_receipt(w3.eth.send_transaction(params))  # type: ignore[arg-type]
    if receipt["status"] != 1 or not receipt["contractAddress"]:
        raise TransactionFailed("a creation transaction reverted")
    return receipt


def deploy_with_receipt(w3: Web3, name: str, *args: Any, sender: str) -> tuple[Contract, Any]:
    """Deploy shipped contract `name` from an unlocked account: (contract, receipt)."""
    factory = w3.eth.contract(abi=shipped.abi(name), bytecode=shipped.bytecode(name))
    receipt = w3.eth.wait_for_transaction_receipt(factory.constructor(*args).transact({"from": sender}))
    if receipt["status"] != 1:
        raise TransactionFailed(f"deploying {name} reverted")
    return contract(w3, name, receipt["contractAddress"]), receipt


def deploy(w3: Web3, name: str, *args: Any, sender: str) -> Contract:
    """Deploy shipped contract `name` from an unlocked account and return it."""
    return deploy_with_receipt(w3, name, *args, sender=sender)[0]
