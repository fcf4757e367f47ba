"""log_harvest: a member mints a new batch of their own harvest."""

import ape
import pytest

DAY = 86_400
ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
MAX_GRAMS = 10**12
YEAR = 365 * DAY


def test_log_harvest__member__mints_batch_to_grower(harvest, grower, now):
    tx = harvest.log_harvest("Tomatoes", 5_000, now - DAY, now + 7 * DAY, "Plot 7", sender=grower)
    assert tx.decode_logs(harvest.HarvestLogged)[0].id == 1
    assert harvest.batch_count() == 1
    assert harvest.balanceOf(grower, 1) == 5_000
    assert harvest.total_supply(1) == 5_000
    assert harvest.exists(1)
    batch = harvest.batch(1)
    assert batch.crop == "Tomatoes"
    assert batch.grams == 5_000
    assert batch.grower == grower.address
    assert batch.harvested_at == now - DAY
    assert batch.best_before == now + 7 * DAY
    assert batch.origin == "Plot 7"
    assert batch.frozen is False


def test_log_harvest__member__emits_every_field(harvest, grower, now):
    tx = harvest.log_harvest("Kale", 1_200, now - DAY, now + 3 * DAY, "Community garden", sender=grower)
    logged = tx.decode_logs(harvest.HarvestLogged)
    assert len(logged) == 1
    event = logged[0]
    assert (event.id, event.grower, event.crop, event.grams) == (1, grower.address, "Kale", 1_200)
    assert (event.harvested_at, event.best_before) == (now - DAY, now + 3 * DAY)
    assert event.origin == "Community garden"
    mint = tx.decode_logs(harvest.TransferSingle)[0]
    assert (mint._operator, mint._from, mint._to) == (grower.address, ZERO_ADDRESS, grower.address)
    assert (mint._id, mint._value) == (1, 1_200)


def test_log_harvest__two_batches__get_consecutive_ids(harvest, grower, member, now):
    first = harvest.log_harvest("Kale", 1, now - DAY, now + DAY, "", sender=grower)
    second = harvest.log_harvest("Beans", 2, now - DAY, now + DAY, "", sender=member)
    first, second = (tx.decode_logs(harvest.HarvestLogged)[0].id for tx in (first, second))
    assert (first, second) == (1, 2)
    assert harvest.balanceOf(member, 2) == 2
    assert harvest.balanceOf(grower, 2) == 0


def test_log_harvest__harvested_now__accepted(harvest, grower, now):
    harvest.log_harvest("Kale", 10, now, now + 1, "", sender=grower)
    assert harvest.balanceOf(grower, 1) == 10


def test_log_harvest__max_grams__accepted(harvest, grower, now):
    harvest.log_harvest("Rice", MAX_GRAMS, now - DAY, now + DAY, "", sender=grower)
    assert harvest.total_supply(1) == MAX_GRAMS == harvest.MAX_GRAMS()


def test_log_harvest__max_length_strings__accepted(harvest, grower, now):
    crop, origin = "c" * 32, "o" * 128
    harvest.log_harvest(crop, 1, now - DAY, now + DAY, origin, sender=grower)
    assert harvest.batch(1).crop == crop
    assert harvest.batch(1).origin == origin


def test_log_harvest__shelf_life_of_exactly_the_maximum__accepted(harvest, grower, now):
    assert harvest.max_shelf_life() == YEAR
    harvest.log_harvest("Potatoes", 10, now - DAY, now - DAY + YEAR, "Cellar", sender=grower)
    assert harvest.batch(1).best_before == now - DAY + YEAR


@pytest.mark.parametrize("best_before", ["a year and a second", "forever"])
def test_log_harvest__food_that_never_perishes__reverts(harvest, grower, now, best_before):
    """Any best-before up to 2**64 - 1 used to be accepted: produce that
    never perishes, never composts, moves for ever."""
    value = now - DAY + YEAR + 1 if best_before == "a year and a second" else 2**64 - 1
    with ape.reverts("harvest: best-before beyond the maximum shelf life"):
        harvest.log_harvest("Salt", 10, now - DAY, value, "Mine", sender=grower)
    assert harvest.batch_count() == 0


def test_log_harvest__shelf_life_counts_from_the_harvest_not_from_now(harvest, grower, now):
    # Harvested 30 days ago: 335 days from now is the most it may keep.
    harvested_at = now - 30 * DAY
    with ape.reverts("harvest: best-before beyond the maximum shelf life"):
        harvest.log_harvest("Onions", 10, harvested_at, harvested_at + YEAR + 1, "", sender=grower)
    harvest.log_harvest("Onions", 10, harvested_at, harvested_at + YEAR, "", sender=grower)


def test_log_harvest__outsider__reverts(harvest, outsider, now):
    with ape.reverts("harvest: caller is not a member"):
        harvest.log_harvest("Tomatoes", 5_000, now - DAY, now + DAY, "", sender=outsider)


def test_log_harvest__federated_member__reverts(harvest, federated_member, now):
    # Members of federated co-ops trade here, but log harvests at their own co-op.
    with ape.reverts("harvest: caller is not a member"):
        harvest.log_harvest("Tomatoes", 5_000, now - DAY, now + DAY, "", sender=federated_member)


def test_log_harvest__zero_grams__reverts(harvest, grower, now):
    with ape.reverts("harvest: zero grams"):
        harvest.log_harvest("Tomatoes", 0, now - DAY, now + DAY, "", sender=grower)


def test_log_harvest__too_many_grams__reverts(harvest, grower, now):
    with ape.reverts("harvest: grams out of range"):
        harvest.log_harvest("Tomatoes", MAX_GRAMS + 1, now - DAY, now + DAY, "", sender=grower)


def test_log_harvest__empty_crop__reverts(harvest, grower, now):
    with ape.reverts("harvest: empty crop"):
        harvest.log_harvest("", 5_000, now - DAY, now + DAY, "", sender=grower)


def test_log_harvest__best_before_in_past__reverts(harvest, grower, now):
    with ape.reverts("harvest: best-before in the past"):
        harvest.log_harvest("Tomatoes", 5_000, now - 2 * DAY, now - DAY, "", sender=grower)


def test_log_harvest__best_before_now__reverts(harvest, grower, now):
    with ape.reverts("harvest: best-before in the past"):
        harvest.log_harvest("Tomatoes", 5_000, now - DAY, now, "", sender=grower)


def test_log_harvest__best_before_before_harvest__reverts(harvest, grower, now):
    with ape.reverts("harvest: best-before before harvest"):
        harvest.log_harvest("Tomatoes", 5_000, now + 2 * DAY, now + DAY, "", sender=grower)


def test_log_harvest__best_before_equal_harvest__reverts(harvest, grower, now):
    with ape.reverts("harvest: best-before before harvest"):
        harvest.log_harvest("Tomatoes", 5_000, now - DAY, now - DAY, "", sender=grower)


def test_log_harvest__harvested_in_future__reverts(harvest, grower, now):
    with ape.reverts("harvest: harvested in the future"):
        harvest.log_harvest("Tomatoes", 5_000, now + DAY, now + 2 * DAY, "", sender=grower)


@pytest.mark.parametrize(("crop", "origin"), [("c" * 33, ""), ("Kale", "o" * 129)])
def test_log_harvest__string_over_bound__reverts(harvest, grower, now, crop, origin):
    # The ABI decoder refuses a string longer than its bound (no reason string).
    with ape.reverts():
        harvest.log_harvest(crop, 5_000, now - DAY, now + DAY, origin, sender=grower)


def test_log_harvest__contract_member__calls_receiver_hook(harvest, receiver, deployer, now):
    wallet = receiver()
    data = harvest.log_harvest.encode_input("Kale", 700, now - DAY, now + DAY, "Balcony")
    tx = wallet.execute(harvest, data, sender=deployer)
    assert harvest.balanceOf(wallet, 1) == 700
    assert wallet.received_calls() == 1
    assert wallet.last_from() == ZERO_ADDRESS
    assert wallet.last_operator() == wallet.address
    assert wallet.last_ids(0) == 1 and wallet.last_amounts(0) == 700
    assert tx.decode_logs(harvest.HarvestLogged)[0].grower == wallet.address


@pytest.mark.parametrize(
    ("mode", "reason"), [(1, "receiver: rejected"), (2, "harvest: receiver rejected the tokens")]
)
def test_log_harvest__contract_member_refusing__reverts(harvest, receiver, deployer, now, mode, reason):
    wallet = receiver(mode)
    data = harvest.log_harvest.encode_input("Kale", 700, now - DAY, now + DAY, "Balcony")
    with ape.reverts(reason):
        wallet.execute(harvest, data, sender=deployer)


def test_log_harvest__hook_reenters_log_harvest__distinct_ids(harvest, receiver, deployer, now):
    wallet = receiver(3)
    inner = harvest.log_harvest.encode_input("Beans", 5, now - DAY, now + DAY, "re-entered")
    wallet.set_reentry(harvest, inner, sender=deployer)
    outer = harvest.log_harvest.encode_input("Kale", 700, now - DAY, now + DAY, "outer")
    tx = wallet.execute(harvest, outer, sender=deployer)
    ids = [e.id for e in tx.decode_logs(harvest.HarvestLogged)]
    # The outer batch got its id before the hook ran; the hook's batch the next.
    assert sorted(ids) == [1, 2]
    assert harvest.batch(1).crop == "Kale" and harvest.batch(2).crop == "Beans"
    assert harvest.balanceOf(wallet, 1) == 700 and harvest.balanceOf(wallet, 2) == 5
