"""Gas of NutrientExchange operations (titanoboa), beside their EVM lower bounds.

What is measured: the full gas of each transaction as a receipt would report
it: 21,000 + calldata (EIP-2028: 16 per non-zero, 4 per zero byte; no access
list) + execution - refund (EIP-3529: at most a fifth of the gas used),
never below the EIP-7623 calldata floor. Execution runs in titanoboa's
py-evm (Prague rules) with the state of a real transaction start: the
sender, the exchange and the precompiles warm, every other account and slot
cold, and storage "original values" locked (so EIP-2200 SSTORE pricing is
that of a fresh transaction). The integration test on anvil reports the
receipts' `gasUsed` of the same operations as a cross-check.

The co-op as it runs: the real Membership, HarvestToken and CoopCredit (the
exchange registered as a co-op contract). Steady state, the common case: the
maker and the taker are members who traded before (they hold both tokens),
the maker used an earlier nonce of the same 256-nonce word, the taker's
allowance is unlimited, and the exchange already holds both tokens (other
open escrows). The first fill of a maker pays 17,100 more (its nonce word
goes from zero to non-zero); that case is in the notes.

Lower bounds (benchmarks/floor.py) count only what the operation cannot
avoid: intrinsic gas and its calldata, cold accounts it must call, slots it
must read and write, the events the token standards require plus one event
of the exchange's, and ecrecover for a signed offer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boa
from eth_account import Account
from eth_utils import keccak

from benchmarks.boa_gas import fresh_transaction, tx_gas
from benchmarks.floor import COLD_ACCOUNT, ECRECOVER, WARM_ACCESS, Floor
from benchmarks.offers import harvest_for_credit

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = ROOT / "contracts"

from harvest_coop.core.offers import Escrow, Offer  # noqa: E402
from harvest_coop.core.params import AdmissionRules, CoopParams  # noqa: E402
from harvest_coop.testing.boa import create_coop, deploy_stack  # noqa: E402

DAY = 86_400
MAX = 2**256 - 1


class ExchangeBench:
    def __init__(self) -> None:
        self.maker = Account.from_key(keccak(text="bench maker"))
        self.taker = str(boa.env.generate_address("taker"))
        founders = [self.maker.address, self.taker]
        # The co-op is made by the CoopFactory, as on a real chain (the
        # exchange may hold harvest from its first block).
        coop = create_coop(
            deploy_stack(),
            self.taker,
            CoopParams(
                name="Bench Coop",
                symbol="BC",
                founders=founders,
                admission=AdmissionRules(sponsors_needed=0),
                credit_name="Coop Credit",
                credit_symbol="CRD",
            ),
        )
        self.timelock = str(coop["TimelockController"].address)
        self.membership, self.harvest = coop["Membership"], coop["HarvestToken"]
        self.credit, self.exchange = coop["CoopCredit"], coop["NutrientExchange"]
        with boa.env.prank(self.timelock):
            for who in founders:
                self.credit.mint(who, 10**24)
        now = boa.env.evm.patch.timestamp
        with boa.env.prank(self.maker.address):
            self.batch = self.harvest.log_harvest("tomato", 10**9, now - 60, now + 30 * DAY, "plot 7")
            self.harvest.setApprovalForAll(self.exchange.address, True)
            self.harvest.safeTransferFrom(self.maker.address, self.taker, self.batch, 1, b"")
            self.credit.approve(self.exchange.address, MAX)
        with boa.env.prank(self.taker):
            self.credit.approve(self.exchange.address, MAX)
            self.harvest.setApprovalForAll(self.exchange.address, True)
        self.chain_id = self.exchange.eip712Domain()[3]
        self.nonce = 0

    def offer(self, delivery: int = 0) -> tuple[Offer, bytes]:
        self.nonce += 1
        return harvest_for_credit(
            self.maker,
            self.harvest.address,
            self.batch,
            self.credit.address,
            nonce=self.nonce,
            now=boa.env.evm.patch.timestamp,
            chain_id=self.chain_id,
            exchange=self.exchange.address,
            delivery=delivery,
        )

    def measure(self, sender: str, call: Any) -> tuple[int, bytes, Any]:
        fresh_transaction(sender, self.exchange.address)
        with boa.env.prank(sender):
            result = call()
        gas, data = tx_gas(self.exchange)
        return gas, data, result

    def fill(self, delivery: int) -> tuple[int, bytes, Any]:
        offer, signature = self.offer(delivery)
        return self.measure(
            self.taker,
            lambda: self.exchange.fill(offer.as_tuple(), signature, offer.give_amount, offer.give_amount),
        )

    def escrow_record(self) -> Escrow:
        opened = [log for log in self.exchange.get_logs() if type(log).__name__ == "EscrowOpened"]
        return Escrow.from_value(tuple(opened[0].escrow))


def _token_moves(floor: Floor, erc20_to_new: bool = False) -> Floor:
    """An ERC-20 transferFrom (unlimited allowance) and an ERC-1155
    safeTransferFrom by an approved operator: cold token accounts, the
    allowance / approval reads, two balance updates each, Transfer (3 topics,
    32 bytes) and TransferSingle (4 topics, 64 bytes)."""
    return (
        floor.call("ERC-20 token")
        .read_slot("ERC-20 allowance")
        .update_slot("ERC-20 balances", 2)
        .log(3, 32, "Transfer")
        .call("ERC-1155 token")
        .read_slot("ERC-1155 operator approval")
        .update_slot("ERC-1155 balances", 2)
        .log(4, 64, "TransferSingle")
    )


def run() -> list[dict[str, Any]]:
    env = boa.Env()
    with boa.swap_env(env):
        return _run()


def _run() -> list[dict[str, Any]]:
    bench = ExchangeBench()
    rows: list[dict[str, Any]] = []

    # A maker's first fill (its nonce word was zero), then the steady state.
    first_swap, _, _ = bench.fill(delivery=0)
    swap, swap_data, _ = bench.fill(delivery=0)
    floor = (
        Floor()
        .tx(swap_data)
        .add("ecrecover", ECRECOVER)
        .call("Membership")
        .read_slot("maker and taker membership", 2)
        .read_slot("exchange config (fee, pool, paused, allowed tokens)")
        .update_slot("the maker's nonce word (replay protection)")
    )
    floor = _token_moves(floor).log(2, 0, "OfferFilled (offer hash)")
    rows.append(
        {
            "operation": "swap_fill",
            "gas": swap,
            "lower_bound": floor.total,
            "note": (
                f"immediate HarvestToken<->CoopCredit swap, signed offer, steady state; "
                f"a maker's first fill (fresh nonce word) {first_swap}; target 95,000 "
                f"(Seaport 1.6: 104,966). Floor: {floor.explain()}"
            ),
        }
    )

    bench.fill(delivery=1)  # the exchange holds both tokens from now on
    escrow_fill, escrow_data, _ = bench.fill(delivery=1)
    record = bench.escrow_record()
    floor = (
        Floor()
        .tx(escrow_data)
        .add("ecrecover", ECRECOVER)
        .call("Membership")
        .read_slot("maker and taker membership", 2)
        .read_slot("exchange config")
        .update_slot("the maker's nonce word")
    )
    floor = (
        _token_moves(floor)
        .add("ERC-1155 receiver hook on the exchange (warm call)", WARM_ACCESS)
        .new_slot("escrow status")
        .log(3, 14 * 32, "EscrowOpened (the record)")
    )
    rows.append(
        {
            "operation": "escrow_fill",
            "gas": escrow_fill,
            "lower_bound": floor.total,
            "note": (
                "delivery escrow opened from a signed offer: both legs into the exchange, one "
                "status slot; HarvestToken checks the exchange as a registered co-op contract "
                f"(its slow path). Floor: {floor.explain()}"
            ),
        }
    )

    confirm, confirm_data, _ = bench.measure(bench.taker, lambda: bench.exchange.confirm(record.as_tuple()))
    floor = Floor().tx(confirm_data).update_slot("escrow status").log(3, 32, "EscrowConfirmed")
    rows.append(
        {
            "operation": "escrow_confirm",
            "gas": confirm,
            "lower_bound": floor.total,
            "note": (
                f"the taker confirms delivery, the escrow is released; fill + confirm = "
                f"{escrow_fill + confirm} (target 170,000). Floor: {floor.explain()}"
            ),
        }
    )

    withdraw, withdraw_data, _ = bench.measure(
        bench.taker, lambda: bench.exchange.withdraw(record.as_tuple(), bench.taker)
    )
    floor = (
        Floor()
        .tx(withdraw_data)
        .update_slot("escrow status")
        .call("HarvestToken")
        .update_slot("ERC-1155 balances", 2)
        .log(4, 64, "TransferSingle")
        .log(4, 64, "EscrowWithdrawn")
    )
    maker_withdraw, _, _ = bench.measure(
        bench.maker.address, lambda: bench.exchange.withdraw(record.as_tuple(), bench.maker.address)
    )
    rows.append(
        {
            "operation": "withdraw",
            "gas": withdraw,
            "lower_bound": floor.total,
            "note": (
                "the taker pulls the released harvest (first of the two sides; the status slot "
                f"is updated). The maker's withdrawal of the credit, which closes the escrow and "
                f"clears the slot: {maker_withdraw}. Floor: {floor.explain()}"
            ),
        }
    )

    # A split: the taker is owed part of both legs and takes both in one
    # withdrawal (the per-leg path paying two legs).
    bench.fill(delivery=1)
    split = bench.escrow_record()
    with boa.env.prank(bench.taker):
        bench.exchange.dispute(split.as_tuple())
    with boa.env.prank(bench.timelock):
        bench.exchange.resolve(split.as_tuple(), split.give_amount // 2, split.want_amount // 2)
    both_legs, both_data, _ = bench.measure(
        bench.taker, lambda: bench.exchange.withdraw(split.as_tuple(), bench.taker)
    )
    floor = (
        Floor()
        .tx(both_data)
        .update_slot("escrow status")
        .call("HarvestToken")
        .update_slot("ERC-1155 balances", 2)
        .log(4, 64, "TransferSingle")
        .call("CoopCredit")
        .update_slot("ERC-20 balances", 2)
        .log(3, 32, "Transfer")
        .log(4, 64, "EscrowWithdrawn")
    )
    rows.append(
        {
            "operation": "withdraw_both_legs",
            "gas": both_legs,
            "lower_bound": floor.total,
            "note": (
                "after a split, the taker pulls its part of both legs (harvest and credit) in one "
                "withdrawal; each leg is marked on its own in the status word, so a frozen harvest "
                f"leg would be held while the credit is paid. Floor: {floor.explain()}"
            ),
        }
    )

    first_cancel_all, _, _ = bench.measure(bench.maker.address, lambda: bench.exchange.cancel_all(100))
    cancel_all, cancel_data, _ = bench.measure(bench.maker.address, lambda: bench.exchange.cancel_all(200))
    floor = Floor().tx(cancel_data).update_slot("the maker's minimum nonce").log(2, 32, "AllOffersCancelled")
    rows.append(
        {
            "operation": "cancel_all",
            "gas": cancel_all,
            "lower_bound": floor.total,
            "note": (
                f"raise the maker's minimum nonce (it was non-zero); the first cancel_all of a "
                f"maker (slot from zero) {first_cancel_all}. Floor: {floor.explain()}"
            ),
        }
    )
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"{row['operation']:<16}{row['gas']:>9}{row['lower_bound']:>9}  {row['note']}")
    print(f"(cold account access is {COLD_ACCOUNT} gas)")
