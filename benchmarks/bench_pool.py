"""Gas of the ResourcePool and of federation (titanoboa), beside their EVM lower bounds.

Measured as `benchmarks/boa_gas.py` does for the exchange and the harvest
token: the gas a receipt would report (21,000 + calldata + execution -
refund), each call starting as a transaction does (sender and target warm,
every other account and slot cold, original storage values locked).

Two co-ops made by the CoopFactory: A (10 founders, later grown to 1,000
members by governance) and B (2 founders), federated by A's governance
proposing and B's accepting.

- `pool_donate`: a member gives 1,000 g of a batch the pool already holds,
  in an epoch whose first action ran already (the common case; the epoch's
  first action also writes the epoch word and the batch's record);
- `pool_claim`: a member claims 500 g of a batch it claimed in an earlier
  epoch and already holds, its first claim of the epoch, in an epoch whose
  first action on the batch ran already (the steady state);
- `pool_claim_new_batch`: the same member's first claim of the epoch is of
  a batch it never claimed before (it claimed another in earlier epochs;
  it holds some of the new batch already);
- `pool_claim_second_resource`: then, in the same epoch, it claims a
  second resource it claimed as a second resource in an earlier epoch too
  (a member's first claim of a resource as the epoch's second is in the
  note);
- `pool_claim_first_ever`: a member who never claimed anything claims 500 g
  (it holds some of the batch already): the one new claim slot a member
  cannot avoid;
- `federate_propose` / `federate_accept`: each co-op's step, as the
  timelock's call priced as a transaction of its own (in a co-op it runs
  inside `CoopGovernor.execute`, see `execute`); `federate` is both sides;
- `swap_fill_in_coop` / `swap_fill_federated`: the same immediate swap on A's
  exchange (A's harvest for A's credit, signed offer, steady state as
  `swap_fill`) with the taker a member of A, then a member of B.

`pool_claim` and both swaps are measured with A at 10 members and again at
1,000 (`gas_at_10_members`): nothing in them reads or loops over members.
"""

from __future__ import annotations

from typing import Any

import boa
from eth_account import Account
from eth_utils import keccak, to_checksum_address

from benchmarks.boa_gas import fresh_transaction, tx_gas
from benchmarks.floor import ECRECOVER, WARM_ACCESS, Floor
from benchmarks.offers import harvest_for_credit
from harvest_coop.core.params import AdmissionRules, CoopParams
from harvest_coop.testing.boa import create_coop, deploy_stack

DAY = 86_400
CREDIT = 10**18
MAX = 2**256 - 1


def _address(value: Any) -> str:
    return to_checksum_address(str(getattr(value, "address", value)))


class PoolBench:
    def __init__(self) -> None:
        self.maker = Account.from_key(keccak(text="bench pool maker"))
        self.taker = _address(boa.env.generate_address("pool taker"))
        self.claimer = _address(boa.env.generate_address("pool claimer"))
        self.donor = _address(boa.env.generate_address("pool donor"))
        others = [_address(boa.env.generate_address(f"pool founder {i}")) for i in range(6)]
        self.founders_a = [self.maker.address, self.taker, self.claimer, self.donor, *others]
        self.b_taker = _address(boa.env.generate_address("pool b taker"))
        founders_b = [self.b_taker, _address(boa.env.generate_address("pool b founder"))]
        stack = deploy_stack()
        self.a = create_coop(
            stack,
            self.taker,
            CoopParams(
                name="Bench Pool A",
                symbol="BPA",
                founders=self.founders_a,
                admission=AdmissionRules(sponsors_needed=0),
            ),
        )
        self.b = create_coop(
            stack,
            self.b_taker,
            CoopParams(name="Bench Pool B", symbol="BPB", founders=founders_b, admission=AdmissionRules()),
        )
        self.timelock_a = _address(self.a["TimelockController"])
        self.timelock_b = _address(self.b["TimelockController"])
        self.harvest, self.credit = self.a["HarvestToken"], self.a["CoopCredit"]
        self.pool, self.exchange = self.a["ResourcePool"], self.a["NutrientExchange"]
        self.chain_id = self.exchange.eip712Domain()[3]
        self.nonce = 0

    def measure(self, contract: Any, sender: str, call: Any) -> tuple[int, bytes]:
        fresh_transaction(sender, contract.address)
        with boa.env.prank(sender):
            call()
        return tx_gas(contract)

    def stock(self) -> None:
        """Credit for the traders, a batch the maker trades and gives, every
        approval, and the pool holding 1,000,000 g of the batch."""
        with boa.env.prank(self.timelock_a):
            for who in (self.maker.address, self.taker, self.b_taker):
                self.credit.mint(who, 10**24)
        now = boa.env.timestamp
        maker = self.maker.address
        with boa.env.prank(maker):
            self.batch = self.harvest.log_harvest("beans", 10**9, now - 60, now + 300 * DAY, "plot 3")
            for who in (self.taker, self.b_taker, self.claimer, self.donor):
                self.harvest.safeTransferFrom(maker, who, self.batch, 10_000, b"")
            self.harvest.setApprovalForAll(self.exchange.address, True)
            self.credit.approve(self.exchange.address, MAX)
            self.harvest.setApprovalForAll(self.pool.address, True)
            self.pool.donate(self.harvest.address, self.batch, 10**6)
        for who in (self.taker, self.b_taker):
            with boa.env.prank(who):
                self.credit.approve(self.exchange.address, MAX)
                self.harvest.setApprovalForAll(self.exchange.address, True)
        with boa.env.prank(self.donor):
            self.harvest.setApprovalForAll(self.pool.address, True)

    def next_epoch(self) -> None:
        """Move to the next epoch and run its first action (a donation)."""
        _, _, end = self.pool.epoch()
        boa.env.time_travel(seconds=end - boa.env.timestamp)
        with boa.env.prank(self.maker.address):
            self.pool.donate(self.harvest.address, self.batch, 1_000)

    def swap(self, taker: str) -> tuple[int, bytes]:
        self.nonce += 1
        offer, signature = harvest_for_credit(
            self.maker,
            self.harvest.address,
            self.batch,
            self.credit.address,
            nonce=self.nonce,
            now=boa.env.timestamp,
            chain_id=self.chain_id,
            exchange=self.exchange.address,
        )
        return self.measure(
            self.exchange, taker, lambda: self.exchange.fill(offer.as_tuple(), signature, 1_000, 1_000)
        )

    def claim(self) -> tuple[int, bytes]:
        return self.measure(
            self.pool, self.claimer, lambda: self.pool.claim(self.harvest.address, self.batch, 500)
        )

    def claim_of(self, who: str, batch: int) -> tuple[int, bytes]:
        return self.measure(self.pool, who, lambda: self.pool.claim(self.harvest.address, batch, 500))

    def second_batch(self, holders: list[str]) -> int:
        """Another batch, 1,000,000 g of it in the pool; `holders` hold some
        of it already (so a claim's balance slot is not a new one)."""
        now = boa.env.timestamp
        maker = self.maker.address
        with boa.env.prank(maker):
            batch = self.harvest.log_harvest("peas", 10**9, now - 60, now + 300 * DAY, "plot 4")
            for who in holders:
                self.harvest.safeTransferFrom(maker, who, batch, 10_000, b"")
            self.pool.donate(self.harvest.address, batch, 10**6)
        return batch

    def record(self, batch: int) -> None:
        """A donation records `batch` for the running epoch."""
        with boa.env.prank(self.maker.address):
            self.pool.donate(self.harvest.address, batch, 1_000)

    def grow_to(self, members: int) -> None:
        membership = self.a["Membership"]
        with boa.env.prank(self.timelock_a):
            for i in range(members - int(membership.totalSupply())):
                membership.admit(_address(boa.env.generate_address(f"pool member {i}")))


def _swap_floor(data: bytes) -> Floor:
    """`swap_fill`'s floor (benchmarks/bench_exchange.py)."""
    return (
        Floor()
        .tx(data)
        .add("ecrecover", ECRECOVER)
        .call("Membership")
        .read_slot("maker and taker membership", 2)
        .read_slot("exchange config")
        .update_slot("the maker's nonce word")
        .call("ERC-20 token")
        .read_slot("ERC-20 allowance")
        .update_slot("ERC-20 balances", 2)
        .log(3, 32, "Transfer")
        .call("ERC-1155 token")
        .read_slot("ERC-1155 operator approval")
        .update_slot("ERC-1155 balances", 2)
        .log(4, 64, "TransferSingle")
        .log(2, 0, "OfferFilled")
    )


def run() -> tuple[list[dict[str, Any]], dict[str, dict[str, int]]]:
    env = boa.Env()
    with boa.swap_env(env):
        return _run()


def _run() -> tuple[list[dict[str, Any]], dict[str, dict[str, int]]]:
    bench = PoolBench()
    a_fed, b_fed = bench.a["Federation"], bench.b["Federation"]
    rows: list[dict[str, Any]] = []

    # --- federation: A's governance proposes, B's accepts (A confirms inside).
    propose, propose_data = bench.measure(
        a_fed, bench.timelock_a, lambda: a_fed.propose_federation(b_fed.address)
    )
    accept, accept_data = bench.measure(
        b_fed, bench.timelock_b, lambda: b_fed.accept_federation(a_fed.address)
    )
    registry = "CoopRegistry.membership_of_federation"
    registry_reads = "the peer's co-op number, Federation and Membership in the registry"
    propose_floor = (
        Floor()
        .tx(propose_data)
        .call(registry)
        .read_slot(registry_reads, 3)
        .new_slot("the proposal record")
        .log(2, 0, "FederationProposed")
    )
    accept_floor = (
        Floor()
        .tx(accept_data)
        .call(registry)
        .read_slot(registry_reads, 3)
        .call("A's Federation (status, membership, confirm)")
        .add(f"warm call ({registry}, from A)", WARM_ACCESS)
        .read_slot(registry_reads, 3)
        .read_slot("A's Membership address")
        .new_slot("B's record of A (active + membership)")
        .call("B's Membership.federate")
        .new_slot("B's federated list entry")
        .log(2, 0, "Membership.Federated")
        .log(3, 32, "FederationActivated")
        .update_slot("A's record of B (active + membership)")
        .read_slot("B's Membership address")
        .call("A's Membership.federate")
        .new_slot("A's federated list entry")
        .log(2, 0, "Membership.Federated")
        .log(3, 32, "FederationActivated")
    )
    rows += [
        {
            "operation": "federate_propose",
            "gas": propose,
            "lower_bound": propose_floor.total,
            "note": (
                "A's timelock proposes federation to B (its call, priced as a transaction; in a co-op it "
                f"runs inside CoopGovernor.execute). Floor: {propose_floor.explain()}"
            ),
        },
        {
            "operation": "federate_accept",
            "gas": accept,
            "lower_bound": accept_floor.total,
            "note": (
                "B's timelock accepts: B lists A's Membership, A confirms in the same call and lists B's "
                f"(both sides active at once). Floor: {accept_floor.explain()}"
            ),
        },
        {
            "operation": "federate",
            "gas": propose + accept,
            "lower_bound": propose_floor.total + accept_floor.total,
            "note": "both sides: federate_propose + federate_accept",
        },
    ]

    bench.stock()
    # The founders joined before the next epoch: they may claim from it on.
    bench.next_epoch()
    first_claim_gas, _ = bench.claim()
    # Swaps: a first fill of the maker (fresh nonce word), then steady state.
    bench.swap(bench.taker)
    bench.swap(bench.b_taker)

    # --- donate: an epoch and a batch already recorded, a member who holds some.
    donate, donate_data = bench.measure(
        bench.pool,
        bench.donor,
        lambda: bench.pool.donate(bench.harvest.address, bench.batch, 1_000),
    )
    donate_floor = (
        Floor()
        .tx(donate_data)
        .read_slot("pool epoch word")
        .read_slot("pool record of the batch")
        .log(3, 64, "Donated")
        .call("HarvestToken")
        .read_slot("donor's operator approval")
        .read_slot("batch best-before and frozen flag")
        .call("Membership.are_network_members")
        .read_slot("donor's membership")
        .read_slot("pool's co-op contract status")
        .update_slot("donor's and pool's balances", 2)
        .log(4, 64, "TransferSingle")
        .add("receiver hook on the pool (warm call)", WARM_ACCESS)
    )
    rows.append(
        {
            "operation": "pool_donate",
            "gas": donate,
            "lower_bound": donate_floor.total,
            "note": (
                "a member gives 1,000 g of a batch the pool holds (pulled with safeTransferFrom; the pool "
                "checks its balance grew by exactly that), the epoch and the batch recorded already. "
                f"Floor: {donate_floor.explain()}"
            ),
        }
    )

    by_size: dict[str, dict[str, int]] = {}

    def measure_size() -> dict[str, int]:
        bench.next_epoch()
        claim, claim_data = bench.claim()
        in_coop, in_coop_data = bench.swap(bench.taker)
        federated, federated_data = bench.swap(bench.b_taker)
        measure_size.data = (claim_data, in_coop_data, federated_data)  # type: ignore[attr-defined]
        return {"pool_claim": claim, "swap_fill_in_coop": in_coop, "swap_fill_federated": federated}

    by_size["10"] = measure_size()
    bench.grow_to(1_000)
    by_size["1000"] = measure_size()
    claim_data, in_coop_data, federated_data = measure_size.data  # type: ignore[attr-defined]

    # --- a member's first claims (at 1,000 members): of a batch it never
    # claimed, of a second resource in an epoch, of anything ever.
    newcomer_claimer = bench.founders_a[-1]
    with boa.env.prank(bench.maker.address):
        bench.harvest.safeTransferFrom(bench.maker.address, newcomer_claimer, bench.batch, 10_000, b"")
    peas = bench.second_batch([bench.claimer])
    bench.next_epoch()
    bench.record(peas)
    new_batch, new_batch_data = bench.claim_of(bench.claimer, peas)
    # The batch it claimed every epoch so far, now as the epoch's second claim.
    second_new, _ = bench.claim_of(bench.claimer, bench.batch)
    bench.next_epoch()
    bench.record(peas)
    bench.claim_of(bench.claimer, peas)
    second, second_data = bench.claim_of(bench.claimer, bench.batch)
    first_ever, first_ever_data = bench.claim_of(newcomer_claimer, bench.batch)

    def claim_floor_of(data: bytes, new_word: bool = False) -> Floor:
        floor = (
            Floor()
            .tx(data)
            .read_slot("pool epoch word")
            .call("Membership.member_since")
            .read_slot("claimer's membership")
            .read_slot("pool record of the batch")
        )
        floor = (
            floor.new_slot("claimer's claim word") if new_word else floor.update_slot("claimer's claim word")
        )
        return (
            floor.log(3, 64, "Claimed")
            .call("HarvestToken")
            .read_slot("batch best-before and frozen flag")
            .read_slot("pool's co-op contract status")
            .update_slot("pool's and claimer's balances", 2)
            .log(4, 64, "TransferSingle")
        )

    claim_floor = claim_floor_of(claim_data)
    rows.append(
        {
            "operation": "pool_claim",
            "gas": by_size["1000"]["pool_claim"],
            "gas_at_10_members": by_size["10"]["pool_claim"],
            "lower_bound": claim_floor.total,
            "note": (
                "a member claims 500 g of a batch it claimed in an earlier epoch and holds, the epoch and "
                "the batch recorded already, its first claim of the epoch; O(1): the same at 10 and 1,000 "
                f"members. A member's first claim ever at 10 members (it held some of the batch already): "
                f"{first_claim_gas}. Target 70,000. Floor: {claim_floor.explain()}"
            ),
        }
    )
    new_batch_floor = claim_floor_of(new_batch_data)
    second_floor = claim_floor_of(second_data)
    first_ever_floor = claim_floor_of(first_ever_data, new_word=True)
    rows += [
        {
            "operation": "pool_claim_new_batch",
            "gas": new_batch,
            "lower_bound": new_batch_floor.total,
            "note": (
                "a member who claimed another batch in earlier epochs makes its first claim of the epoch "
                "of a batch it never claimed (500 g; it holds some of it already), the epoch and the batch "
                f"recorded already. Target 70,000. Floor: {new_batch_floor.explain()}"
            ),
        },
        {
            "operation": "pool_claim_second_resource",
            "gas": second,
            "lower_bound": second_floor.total,
            "note": (
                "the same member then claims 500 g of a second resource in the same epoch, one it also "
                "claimed as a second resource in an earlier epoch. A second resource it never claimed as "
                f"a second one before: {second_new}. Floor: {second_floor.explain()}"
            ),
        },
        {
            "operation": "pool_claim_first_ever",
            "gas": first_ever,
            "lower_bound": first_ever_floor.total,
            "note": (
                "a member who never claimed anything claims 500 g of a batch it holds some of: its claim "
                f"record is a new storage slot. Floor: {first_ever_floor.explain()}"
            ),
        },
    ]
    in_coop_floor = _swap_floor(in_coop_data)
    federated_floor = (
        _swap_floor(federated_data)
        .read_slot("A's federated list, first entry")
        .call("B's Membership.is_member")
        .read_slot("the taker's membership in B")
    )
    in_coop, federated = by_size["1000"]["swap_fill_in_coop"], by_size["1000"]["swap_fill_federated"]
    rows += [
        {
            "operation": "swap_fill_in_coop",
            "gas": in_coop,
            "gas_at_10_members": by_size["10"]["swap_fill_in_coop"],
            "lower_bound": in_coop_floor.total,
            "note": (
                "swap_fill between two members of co-op A (A federated with B), beside "
                f"swap_fill_federated. Floor: {in_coop_floor.explain()}"
            ),
        },
        {
            "operation": "swap_fill_federated",
            "gas": federated,
            "gas_at_10_members": by_size["10"]["swap_fill_federated"],
            "lower_bound": federated_floor.total,
            "note": (
                f"the same swap on A's exchange with the taker a member of B: +{federated - in_coop} gas "
                f"({100 * (federated - in_coop) / in_coop:.1f}%), A's federated list entry and B's "
                f"Membership read (cold) when the taker is not a member of A. Floor: {federated_floor.explain()}"
            ),
        },
    ]
    return rows, by_size


if __name__ == "__main__":
    result, sizes = run()
    for row in result:
        print(f"{row['operation']:<22}{row['gas']:>9}{row.get('gas_at_10_members', ''):>9}  {row['note']}")
    print(sizes)
