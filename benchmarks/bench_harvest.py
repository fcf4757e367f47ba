"""Gas of HarvestToken and CoopCredit operations (titanoboa), beside their EVM lower bounds.

What is counted: the full gas of each transaction as its receipt would report
it:

    21,000 (intrinsic)
  + calldata (EIP-2028: 16 per non-zero byte, 4 per zero byte; no access list)
  + execution (py-evm, Prague rules: `computation.get_gas_used()`, which
    includes every nested call, e.g. to Membership)
  - refund (EIP-3529: at most a fifth of the gas used),
never below the EIP-7623 calldata floor (21,000 + 10 per calldata token).

titanoboa runs a call as a bare message, not a transaction, so before each
measured call the state is made to look like the start of a transaction:
storage "original values" are locked (EIP-2200 prices an SSTORE against the
value at transaction start), every account and slot is cold (EIP-2929) except
the sender, the called contract and the precompiles, which a transaction
warms. The Ape unit test `test_safe_transfer_from__member_to_existing_holder__within_gas_target`
checks the transfer figure with a real receipt (eth-tester).

The co-op as it runs: the real Membership (its timelock a stand-in account),
HarvestToken and CoopCredit. Steady state: members who already hold what they
move, a grower who has logged before (the id counter is non-zero).

Lower bounds (benchmarks/floor.py) count what each operation cannot avoid:
intrinsic gas and its calldata, the cold accounts it must call, the slots it
must read and write, and the events it must emit (the token standard's and,
where the issue asks for one, the co-op's). Stack, memory and hashing of
storage keys are not counted, so real code always costs more.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boa
from eth_account import Account
from eth_account.messages import encode_typed_data

from benchmarks.boa_gas import fresh_transaction, tx_gas
from benchmarks.floor import (
    COLD_ACCOUNT,
    ECRECOVER,
    KECCAK_BASE,
    KECCAK_WORD,
    WARM_ACCESS,
    Floor,
)
from harvest_coop.core.eip712 import permit_typed_data
from harvest_coop.core.params import AdmissionRules, CoopParams
from harvest_coop.testing.boa import create_coop, deploy_stack

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = ROOT / "contracts"
DAY = 86_400
CREDIT = 10**18
# The bare ERC-1155 transfer floor quoted in issue 3 (no co-op rules), for the note.
BARE_TRANSFER_FLOOR = 37_323


def _abi_string_bytes(text: str) -> int:
    """Bytes a string adds to an event's ABI-encoded data (length word + padded body)."""
    return 32 + -(-len(text.encode()) // 32) * 32


class HarvestBench:
    def __init__(self) -> None:
        self.grower = str(boa.env.generate_address("grower"))
        self.member = str(boa.env.generate_address("member"))
        self.spender = str(boa.env.generate_address("spender"))
        founders = [self.grower, self.member, self.spender]
        # The co-op is made by the CoopFactory, as on a real chain.
        coop = create_coop(
            deploy_stack(),
            self.grower,
            CoopParams(
                name="Bench Coop", symbol="BC", founders=founders, admission=AdmissionRules(sponsors_needed=0)
            ),
        )
        self.timelock = str(coop["TimelockController"].address)
        self.membership, self.harvest, self.credit = (
            coop["Membership"],
            coop["HarvestToken"],
            coop["CoopCredit"],
        )
        with boa.env.prank(self.timelock):
            for who in founders:
                self.credit.mint(who, 1_000 * CREDIT)
        # Steady state: the grower has logged before; the member holds every batch.
        self.batches = [self.log("Tomatoes", "Plot 7") for _ in range(3)]
        with boa.env.prank(self.grower):
            self.harvest.safeBatchTransferFrom(self.grower, self.member, self.batches, [1, 1, 1], b"")

    def measure(self, contract: Any, sender: str, function: str, *args: Any) -> tuple[int, bytes, Any]:
        fresh_transaction(sender, contract.address)
        with boa.env.prank(sender):
            result = getattr(contract, function)(*args)
        gas, data = tx_gas(contract)
        return gas, data, result

    def log(self, crop: str, origin: str) -> int:
        now = boa.env.timestamp
        with boa.env.prank(self.grower):
            return self.harvest.log_harvest(crop, 50_000, now - DAY, now + 14 * DAY, origin)


def run() -> list[dict[str, Any]]:
    env = boa.Env()
    with boa.swap_env(env):
        return _run()


def _run() -> list[dict[str, Any]]:
    bench = HarvestBench()
    harvest, credit = bench.harvest, bench.credit
    grower, member, spender = bench.grower, bench.member, bench.spender
    rows: list[dict[str, Any]] = []

    # --- log_harvest: a grower who logged before (the id counter is non-zero).
    crop, origin = "Tomatoes", "Plot 7"
    now = boa.env.timestamp
    gas, data, _ = bench.measure(
        harvest, grower, "log_harvest", crop, 50_000, now - DAY, now + 14 * DAY, origin
    )
    # The batch's fields, packed as tightly as the EVM allows: grower 20 B,
    # best-before and harvested-at 8 B each, frozen flag 1 B, grams 5 B
    # (up to 10**12), crop and origin with a length byte each.
    packed = 20 + 8 + 8 + 1 + 5 + (1 + len(crop)) + (1 + len(origin))
    record_slots = -(-packed // 32)
    logged_data = 5 * 32 + _abi_string_bytes(crop) + _abi_string_bytes(origin)
    floor = (
        Floor()
        .tx(data)
        .call("Membership.is_member")
        .read_slot("the grower's membership")
        .update_slot("batch id counter")
        .new_slot(f"batch record ({packed} bytes packed)", record_slots)
        .new_slot("grower's balance")
        .new_slot("batch supply")
        .add("receiver check of the grower (warm EXTCODESIZE)", WARM_ACCESS)
        .log(4, 64, "TransferSingle")
        .log(3, logged_data, "HarvestLogged (every field)")
    )
    rows.append(
        {
            "operation": "log_harvest",
            "gas": gas,
            "lower_bound": floor.total,
            "note": (
                f"'{crop}' from '{origin}', 50,000 g, a grower who logged before; the record takes 6 "
                f"new slots (meta, info, crop and origin as Vyper strings: length + data) where the "
                f"floor counts {record_slots} ({packed} bytes packed). Floor: {floor.explain()}"
            ),
        }
    )

    # --- harvest_transfer: member -> member who already holds the batch.
    batch = bench.batches[0]
    gas, data, _ = bench.measure(harvest, grower, "safeTransferFrom", grower, member, batch, 250, b"")
    floor = (
        Floor()
        .tx(data)
        .update_slot("sender's and receiver's balances", 2)
        .add("receiver EXTCODESIZE (cold account, ERC-1155 safe transfer)", COLD_ACCOUNT)
        .log(4, 64, "TransferSingle")
        .call("Membership.are_network_members")
        .read_slot("both accounts' membership", 2)
        .read_slot("batch best-before and frozen flag (one packed slot)")
    )
    rows.append(
        {
            "operation": "harvest_transfer",
            "gas": gas,
            "lower_bound": floor.total,
            "note": (
                f"safeTransferFrom member->member, receiver already holds the batch, empty data; "
                f"target 48,000 including both membership checks. Issue 3's bare ERC-1155 floor "
                f"{BARE_TRANSFER_FLOOR:,} (snekmate 42,119, OpenZeppelin 40,081) has no membership or "
                f"perishability check. Floor: {floor.explain()}"
            ),
        }
    )

    # --- harvest_batch_transfer: three batches, member -> member holding all three.
    gas, data, _ = bench.measure(
        harvest, grower, "safeBatchTransferFrom", grower, member, bench.batches, [250, 250, 250], b""
    )
    floor = (
        Floor()
        .tx(data)
        .update_slot("sender's and receiver's balances, 3 batches", 6)
        .read_slot("best-before and frozen flag of 3 batches", 3)
        .add("receiver EXTCODESIZE (cold account)", COLD_ACCOUNT)
        .log(4, 2 * 32 + 2 * (32 + 3 * 32), "TransferBatch")
        .call("Membership.are_network_members")
        .read_slot("both accounts' membership", 2)
    )
    rows.append(
        {
            "operation": "harvest_batch_transfer",
            "gas": gas,
            "lower_bound": floor.total,
            "note": f"safeBatchTransferFrom of 3 batches member->member, existing holder. Floor: {floor.explain()}",
        }
    )

    # --- redeem: part of a balance (no refund from zeroing a slot).
    gas, data, _ = bench.measure(harvest, member, "redeem", batch, 100)
    floor = (
        Floor()
        .tx(data)
        .read_slot("batch best-before and frozen flag")
        .update_slot("holder's balance")
        .update_slot("batch supply")
        .log(4, 64, "TransferSingle (burn)")
        .log(3, 32, "Redeemed")
    )
    rows.append(
        {
            "operation": "redeem",
            "gas": gas,
            "lower_bound": floor.total,
            "note": f"redeem 100 g of a held batch (balance stays non-zero). Floor: {floor.explain()}",
        }
    )

    # --- credit_transfer: member -> member who holds credit.
    gas, data, _ = bench.measure(credit, member, "transfer", grower, 5 * CREDIT)
    floor = Floor().tx(data).update_slot("sender's and receiver's balances", 2).log(3, 32, "Transfer")
    rows.append(
        {
            "operation": "credit_transfer",
            "gas": gas,
            "lower_bound": floor.total,
            "note": f"ERC-20 transfer between holders (snekmate erc20). Floor: {floor.explain()}",
        }
    )

    # --- credit_permit: an owner's second permit (nonce 1 -> 2), fresh allowance.
    owner = Account.from_key(b"\x11" * 32)
    with boa.env.prank(member):
        credit.transfer(owner.address, CREDIT)
    chain_id = credit.eip712Domain()[3]
    first_gas = _permit(bench, owner, chain_id)[0]  # nonce 0 -> 1
    gas, data = _permit(bench, owner, chain_id, spender=spender)
    floor = (
        Floor()
        .tx(data)
        .add("ecrecover", ECRECOVER)
        .add("keccak of the Permit struct (6 words) and digest (3 words)", 2 * KECCAK_BASE + 9 * KECCAK_WORD)
        .update_slot("owner's nonce")
        .new_slot("allowance (was zero)")
        .log(3, 32, "Approval")
    )
    rows.append(
        {
            "operation": "credit_permit",
            "gas": gas,
            "lower_bound": floor.total,
            "note": (
                f"ERC-2612 permit relayed by the spender, owner's nonce 1->2, allowance 0->x; "
                f"an owner's first permit (nonce 0->1) {first_gas}. Floor: {floor.explain()}"
            ),
        }
    )
    return rows


def _permit(bench: HarvestBench, owner: Any, chain_id: int, spender: str | None = None) -> tuple[int, bytes]:
    """Sign and submit (as the spender) a Permit of 7 credits; returns gas and calldata."""
    credit = bench.credit
    spender = spender or bench.grower
    deadline = boa.env.timestamp + DAY
    typed = permit_typed_data(
        "Harvest Coop Credit",
        chain_id,
        str(credit.address),
        owner.address,
        spender,
        7 * CREDIT,
        credit.nonces(owner.address),
        deadline,
    )
    signed = owner.sign_message(encode_typed_data(full_message=typed))
    gas, data, _ = bench.measure(
        credit,
        spender,
        "permit",
        owner.address,
        spender,
        7 * CREDIT,
        deadline,
        signed.v,
        signed.r.to_bytes(32, "big"),
        signed.s.to_bytes(32, "big"),
    )
    assert credit.allowance(owner.address, spender) == 7 * CREDIT
    return gas, data


if __name__ == "__main__":
    for row in run():
        print(f"{row['operation']:<24}{row['gas']:>8}{row['lower_bound']:>8}  {row['note']}")
