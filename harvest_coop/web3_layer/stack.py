"""The co-op stack on web3.py: the blueprints, chunks and factory deployed
from the shipped bytecode, and co-ops made through the factory (for the
benchmark and tools that talk to a node directly; `ape run deploy` does the
same with Ape)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from web3 import Web3
from web3.contract import Contract

from harvest_coop.core import abi as shipped
from harvest_coop.core.constants import COOP_CONTRACTS, TX_GAS_CAP
from harvest_coop.core.params import CoopParams
from harvest_coop.core.stack_code import (
    BLUEPRINT_CONTRACTS,
    CHUNKED_CONTRACTS,
    NO_FLOOR,
    RECORD_FIELDS,
    TimingFloor,
    blueprint_code,
    chunk_codes,
    coop_config,
    factory_arguments,
)
from harvest_coop.web3_layer.contracts import contract
from harvest_coop.web3_layer.sender import TransactionFailed, deploy_code

__all__ = ["Stack", "create_coop", "deploy_stack", "send_capped"]


@dataclass(frozen=True)
class Stack:
    """The factory's deployment on a node, and what deploying it cost."""

    code: dict[str, Any]
    factory: Contract
    registry: Contract
    block: int
    gas: int


def deploy_stack(w3: Web3, deployer: str, floor: TimingFloor = NO_FLOOR) -> Stack:
    """Blueprints, chunks and the factory (which deploys the registry), with
    the network's timing `floor` (none by default: a local chain)."""
    code: dict[str, Any] = {}
    gas = 0
    for name in BLUEPRINT_CONTRACTS:
        receipt = deploy_code(w3, blueprint_code(name, shipped.bytecode(name)), deployer)
        code[name], gas = receipt["contractAddress"], gas + int(receipt["gasUsed"])
    for name in CHUNKED_CONTRACTS:
        code[name] = []
        for chunk in chunk_codes(name, shipped.bytecode(name)):
            receipt = deploy_code(w3, chunk, deployer)
            code[name].append(receipt["contractAddress"])
            gas += int(receipt["gasUsed"])
    deployer_contract = w3.eth.contract(
        abi=shipped.abi("CoopFactory"), bytecode=shipped.bytecode("CoopFactory")
    )
    receipt = w3.eth.wait_for_transaction_receipt(
        deployer_contract.constructor(*factory_arguments(code, floor)).transact({"from": deployer})
    )
    if receipt["status"] != 1:
        raise TransactionFailed("deploying the CoopFactory reverted")
    factory = contract(w3, "CoopFactory", receipt["contractAddress"])
    registry = contract(w3, "CoopRegistry", factory.functions.REGISTRY().call())
    return Stack(code, factory, registry, int(receipt["blockNumber"]), gas + int(receipt["gasUsed"]))


def send_capped(fn: Any, sender: str, what: str) -> Any:
    """Send `fn` with a gas limit of exactly 2**24 (EIP-7825's cap); the
    receipt, or `TransactionFailed` if it does not fit."""
    receipt = fn.w3.eth.wait_for_transaction_receipt(fn.transact({"from": sender, "gas": TX_GAS_CAP}))
    if receipt["status"] != 1:
        raise TransactionFailed(
            f"{what} does not run within the {TX_GAS_CAP:,}-gas transaction cap (EIP-7825)"
        )
    return receipt


def create_coop(stack: Stack, creator: str, params: CoopParams) -> tuple[dict[str, Contract], list[Any]]:
    """Make a complete co-op through the factory (both transactions by
    `creator`, each within the transaction gas cap). Returns its contracts
    by name and the two receipts."""
    params.validate()
    w3 = stack.factory.w3
    first = send_capped(stack.factory.functions.create_coop(coop_config(params)), creator, "create_coop")
    second = send_capped(
        stack.factory.functions.finish_coop(params.name, params.credit_name, params.credit_symbol),
        creator,
        "finish_coop",
    )
    record = stack.registry.functions.coop(params.name).call()
    fields = dict(zip([f["name"] for f in _coop_struct()], record, strict=True))
    contracts = {name: contract(w3, name, fields[RECORD_FIELDS[name]]) for name in COOP_CONTRACTS}
    return contracts, [first, second]


def _coop_struct() -> list[dict[str, Any]]:
    for entry in shipped.abi("CoopRegistry"):
        if entry.get("name") == "coop" and entry["type"] == "function":
            components: list[dict[str, Any]] = entry["outputs"][0]["components"]
            return components
    raise KeyError("CoopRegistry.coop is not in the shipped ABI")
