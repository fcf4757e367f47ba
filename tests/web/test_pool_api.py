"""The community pool epoch by epoch (`/api/coops/{coop}/pool/epochs...`)
against what `frontend.devchain.seed_pool` did on a real anvil: each epoch's
time window as the contract computes it, and who grew, gave, claimed,
redeemed and composted what in it.

A module of its own (its own chain): the last tests move the clock weeks
ahead and change the epoch length by a proposal.
"""

from __future__ import annotations

from typing import Any

from harvest_coop.core.constants import DAY
from harvest_coop.web3_layer.governance import advance_time, pass_proposal
from harvest_coop.web3_layer.sender import transact

from .conftest import Postgres, Stack, caught_up, fresh_database, running_service
from .test_api import COOP, get, refused


def epochs(service) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    doc = get(service, f"/api/coops/{COOP}/pool/epochs").json()
    assert doc["total"] == len(doc["items"])
    return list(doc["items"])


def entries(service, epoch: int, kind: str, **params: Any) -> list[tuple[Any, ...]]:  # type: ignore[no-untyped-def]
    doc = get(service, f"/api/coops/{COOP}/pool/epochs/{epoch}/{kind}", **params).json()
    return [(e["account"], e["crop"], int(e["amount"]), e["batch_id"]) for e in doc["items"]]


def windows_follow_the_contract(chain: Stack, items: list[dict[str, Any]]) -> None:
    """Epochs from 1, each beginning when the one before ends; the running
    one is the pool's own `epoch()`."""
    pool = chain.seeded.coop["ResourcePool"]
    assert [e["epoch"] for e in items] == list(range(1, len(items) + 1))
    for before, after in zip(items, items[1:], strict=False):
        assert before["end"] == after["start"]
    number, start, end = pool.functions.epoch().call()
    (running,) = [e for e in items if e["running"]]
    assert (running["epoch"], running["start"], running["end"]) == (number, start, end)
    assert running is items[-1]


def test_pool_epochs__the_seeded_epochs_in_figures(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    first, second = chain.seeded.pool_epochs  # the epochs with claims
    gift = first - 1  # squash given straight to the pool
    items = epochs(service)
    windows_follow_the_contract(chain, items)
    length = int(chain.seeded.coop["ResourcePool"].functions.epoch_length().call())
    assert all(e["end"] - e["start"] == length for e in items)
    by = {e["epoch"]: e for e in items}
    # squash (6,000 g) and beans (3,000 g) logged; 5,000 g of squash given
    assert (by[gift]["harvests"], by[gift]["logged_grams"]) == (2, 9_000)
    assert (by[gift]["donated_grams"], by[gift]["claimed_grams"]) == (5_000, 0)
    # squash claimed unequally (1,000 + 1,000 + 600 + 200); the beans given
    assert (by[first]["claimed_grams"], by[first]["claims"], by[first]["donated_grams"]) == (2_800, 4, 2_500)
    assert by[first]["logged_grams"] == 0 and by[first]["members"] == 5
    # beans (500 + 500 + 500 + 100) and squash (240); then four crops logged
    assert (by[second]["claimed_grams"], by[second]["claims"]) == (1_840, 5)
    assert (by[second]["harvests"], by[second]["logged_grams"]) == (4, 12_000 + 4_500 + 2_000 + 25_000)
    for e in items:
        assert (e["donated_credit"], e["claimed_credit"], e["redeemed_grams"], e["composted_grams"]) == (
            "0",
            "0",
            0,
            0,
        )
    # the claims agree with the equity endpoint's figures of the same epoch
    equity = get(service, f"/api/coops/{COOP}/equity", epoch=first).json()
    assert equity["given"]["claimed_grams"] == by[first]["claimed_grams"]


def test_pool_epoch__who_grew_gave_and_claimed_what(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    first, second = chain.seeded.pool_epochs
    founders, batches = chain.seeded.founders, chain.seeded.batches
    squash, beans = batches["squash"], batches["beans"]
    detail = get(service, f"/api/coops/{COOP}/pool/epochs/{first - 1}").json()
    assert detail["coop"] == "Harvest Coop" and detail["epoch"] == first - 1
    assert detail["entries"] == {"grown": 2, "given": 1, "claimed": 0, "redeemed": 0, "composted": 0}
    assert entries(service, first - 1, "grown") == [
        (founders[3], "squash", 6_000, squash),
        (founders[4], "beans", 3_000, beans),
    ]
    assert entries(service, first - 1, "given") == [(founders[3], "squash", 5_000, squash)]
    assert entries(service, first, "claimed") == [
        (founders[0], "squash", 1_000, squash),
        (founders[1], "squash", 1_000, squash),
        (founders[2], "squash", 600, squash),
        (founders[3], "squash", 200, squash),
    ]
    assert entries(service, first, "given") == [(founders[4], "beans", 2_500, beans)]
    assert entries(service, first, "grown") == []
    assert entries(service, second, "claimed") == [
        (founders[2], "beans", 500, beans),
        (founders[3], "beans", 500, beans),
        (founders[4], "beans", 500, beans),
        (founders[0], "beans", 100, beans),
        (founders[4], "squash", 240, squash),
    ]
    assert [crop for _, crop, _, _ in entries(service, second, "grown")] == [
        "tomatoes",
        "kale",
        "strawberries",
        "potatoes",
    ]
    # paged in chain order
    page = get(service, f"/api/coops/{COOP}/pool/epochs/{first}/claimed", offset=1, limit=2).json()
    assert (page["total"], page["offset"], page["limit"]) == (4, 1, 2)
    assert [int(e["amount"]) for e in page["items"]] == [1_000, 600]
    entry = page["items"][0]
    assert entry["unit"] == "grams" and entry["tx_hash"].startswith("0x") and len(entry["tx_hash"]) == 66
    claim = chain.w3.eth.get_transaction_receipt(entry["tx_hash"])
    assert claim["from"] == founders[1] and claim["blockNumber"] == entry["block_number"]


def test_pool_epoch__redeemed_and_composted_by_whom(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    w3, coop, founders, batches = chain.w3, chain.seeded.coop, chain.seeded.founders, chain.seeded.batches
    harvest, pool = coop["HarvestToken"], coop["ResourcePool"]
    running = int(pool.functions.epoch().call()[0])
    transact(harvest.functions.redeem(batches["potatoes"], 700), founders[3])
    # the strawberries' best-before (a few hours) passed while the seeding's proposal ran
    transact(harvest.functions.compost(batches["strawberries"], 500), founders[2])
    caught_up(service, w3)
    assert entries(service, running, "redeemed") == [(founders[3], "potatoes", 700, batches["potatoes"])]
    (own,) = get(service, f"/api/coops/{COOP}/pool/epochs/{running}/composted").json()["items"]
    assert (own["account"], own["by"], own["note"], own["amount"]) == (founders[2], founders[2], None, "500")
    figures = {e["epoch"]: e for e in epochs(service)}[running]
    assert (figures["redeemed_grams"], figures["composted_grams"], figures["pool_composted_grams"]) == (
        700,
        500,
        0,
    )
    # past the squash's best-before: anyone composts what the pool holds of it
    advance_time(w3, 61 * DAY)
    later = int(pool.functions.epoch().call()[0])
    left = int(harvest.functions.balanceOf(pool.address, batches["squash"]).call())
    assert left == 5_000 - 2_800 - 240
    outsider = chain.seeded.account(6)
    transact(pool.functions.compost(batches["squash"]), outsider)
    caught_up(service, w3)
    (composted,) = get(service, f"/api/coops/{COOP}/pool/epochs/{later}/composted").json()["items"]
    assert (composted["account"], composted["by"], composted["note"]) == (
        pool.address,
        outsider,
        "from the community pool",
    )
    assert (composted["crop"], int(composted["amount"])) == ("squash", left)
    items = epochs(service)
    windows_follow_the_contract(chain, items)
    assert items[-1]["epoch"] == later
    assert (items[-1]["composted_grams"], items[-1]["pool_composted_grams"]) == (left, left)
    # the epochs in between saw nothing
    assert all(e["logged_grams"] == e["claimed_grams"] == 0 for e in items[running:-1])


def test_pool_epochs__windows_after_a_new_epoch_length_and_a_compost_by_governance(
    chain: Stack, service
) -> None:  # type: ignore[no-untyped-def]
    w3, coop, founders = chain.w3, chain.seeded.coop, chain.seeded.founders
    pool, harvest, potatoes = coop["ResourcePool"], coop["HarvestToken"], chain.seeded.batches["potatoes"]
    before = epochs(service)
    old_length = before[-1]["end"] - before[-1]["start"]
    # one proposal: two-day epochs from the next one; the potatoes frozen and
    # 1,000 g of them composted by governance
    actions = [
        (pool.address, 0, pool.encode_abi("set_epoch_length", args=[2 * DAY])),
        (harvest.address, 0, harvest.encode_abi("freeze", args=[potatoes, "mislabelled"])),
        (harvest.address, 0, harvest.encode_abi("compost_frozen", args=[founders[3], potatoes, 1_000])),
    ]
    pass_proposal(
        w3, coop["CoopGovernor"], founders[0], founders[:3], actions, "Two-day epochs", lambda _: None
    )
    executed = int(pool.functions.epoch().call()[0])
    advance_time(w3, 9 * DAY)
    transact(pool.functions.compost(chain.seeded.batches["beans"]), chain.seeded.account(6))
    caught_up(service, w3)
    items = epochs(service)
    windows_follow_the_contract(chain, items)
    lengths = [e["end"] - e["start"] for e in items]
    changed = lengths.index(2 * DAY)
    assert changed == executed  # the epoch after the one the proposal ran in (numbered from 1)
    assert set(lengths[:changed]) == {old_length} and set(lengths[changed:]) == {2 * DAY}
    # every gift, claim and compost is in one epoch, the one its event names
    assert sum(e["claimed_grams"] for e in items) == 2_800 + 1_840
    assert sum(e["donated_grams"] for e in items) == 5_000 + 2_500
    assert sum(e["logged_grams"] for e in items) == 9_000 + 43_500
    assert items[-1]["pool_composted_grams"] == 2_500 - 1_600
    # governance's compost: one entry (HarvestToken logs two events for it), by the timelock
    composted = get(service, f"/api/coops/{COOP}/pool/epochs/{executed}/composted").json()["items"]
    (by_governance,) = [e for e in composted if e["batch_id"] == potatoes]
    assert (by_governance["account"], by_governance["by"], by_governance["note"]) == (
        founders[3],
        coop["TimelockController"].address,
        "by governance",
    )
    assert (by_governance["crop"], by_governance["amount"]) == ("potatoes", "1000")
    assert items[executed - 1]["composted_grams"] == sum(int(e["amount"]) for e in composted)
    # and the batch counts it once: one journey step, its note saying who decided
    batch = get(service, f"/api/coops/{COOP}/batches/{potatoes}").json()
    steps = [s for s in batch["journey"] if s["step"] == "composted"]
    assert [(s["grams"], s["note"]) for s in steps] == [(1_000, "by governance")], steps
    assert batch["composted"] == 1_000


def test_pool_epochs__refusals(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    running = int(chain.seeded.coop["ResourcePool"].functions.epoch().call()[0])
    refused(get(service, f"/api/coops/{COOP}/pool/epochs/{running + 1}"), "unknown_epoch", 404)
    refused(get(service, f"/api/coops/{COOP}/pool/epochs/{running + 1}/claimed"), "unknown_epoch", 404)
    refused(get(service, f"/api/coops/{COOP}/pool/epochs/0"), "invalid_request", 422)
    refused(get(service, f"/api/coops/{COOP}/pool/epochs/1/stolen"), "invalid_request", 422)
    refused(get(service, "/api/coops/Nobody/pool/epochs"), "unknown_coop", 404)
    refused(get(service, "/api/coops/Nobody/pool/epochs/1/grown"), "unknown_coop", 404)


def test_pool_epochs__the_same_answers_from_postgresql(chain: Stack, service, postgres: Postgres) -> None:  # type: ignore[no-untyped-def]
    """The epoch arithmetic runs in SQL: PostgreSQL answers as SQLite does."""
    with running_service(chain, fresh_database(postgres, "pool_epochs")) as other:
        caught_up(other, chain.w3)
        caught_up(service, chain.w3)
        items = epochs(service)
        assert epochs(other) == items
        for e in items:
            if e["harvests"] or e["claims"] or e["composted_grams"] or e["redeemed_grams"]:
                for kind in ("grown", "given", "claimed", "redeemed", "composted"):
                    assert entries(other, e["epoch"], kind) == entries(service, e["epoch"], kind), (e, kind)
