"""Attacks on HarvestToken, CoopCredit, CoopFactory and CoopRegistry from an
attacker's side (review of the token and factory contracts), on co-ops made
by the factory (titanoboa).

Each test is written as the attack; its assertions state the rule the attack
tries to break (DESIGN.md). A failing test shows the rule broken.
"""

from __future__ import annotations

import boa

from harvest_coop.core.params import DAY, CoopParams
from harvest_coop.core.stack_code import coop_config
from harvest_coop.testing.boa import block_time, compiled, create_coop, end_federation, federate

SHELF = 30 * DAY


def _addrs(prefix: str, n: int) -> list[str]:
    return [boa.env.generate_address(f"{prefix}{i}") for i in range(n)]


def _log(coop, grower, grams: int = 1_000) -> int:
    now = block_time()
    return coop["HarvestToken"].log_harvest("kale", grams, now, now + SHELF, "plot 7", sender=grower)


# ------------------------------------------------------------- CoopFactory


def test_front_run_create_coop__squatter_holds_the_victims_name_for_name_hold_only(stack):
    """held (regression: a pending name used to be held for ever). A co-op's
    name is reserved by whoever sends `create_coop` first, for `NAME_HOLD`
    (one day). An attacker who sees a community's `create_coop("Green
    Roots", ...)` in the mempool sends the same name first (own founders,
    own config): the community's transaction reverts within the hold, but
    once it has passed the community starts the name itself and the
    squatter can no longer finish its co-op. Rule: a squatter cannot keep a
    name from the community for more than a day."""
    factory, registry = stack.factory, stack.registry
    hold = factory.NAME_HOLD()
    assert hold == DAY
    victim = boa.env.generate_address("squat-victim")
    community = [victim, *_addrs("squat-community", 3)]
    attacker = boa.env.generate_address("squat-attacker")
    name = "Green Roots"

    # The attacker copies the name from the pending transaction, with itself
    # as the only founder.
    with boa.env.prank(attacker):
        factory.create_coop(coop_config(CoopParams(name=name, founders=[attacker])))
    started = block_time()

    # Within the hold the community's own transaction (mined after) cannot
    # take the name, up to its last second.
    params = CoopParams(name=name, founders=community)
    boa.env.time_travel(seconds=started + hold - 1 - block_time())
    with boa.env.prank(victim):
        with boa.reverts("factory: name is being created"):
            factory.create_coop(coop_config(params))
    assert factory.is_pending(name)

    # Once the hold has passed, the squatter can no longer finish its co-op ...
    boa.env.time_travel(seconds=started + hold - block_time())
    assert not factory.is_pending(name)
    with boa.env.prank(attacker):
        with boa.reverts("factory: the pending co-op expired; create it again"):
            factory.finish_coop(name, "Green Roots Credit", "GRC")

    # ... the community starts the name (replacing the expired pending co-op)
    # and finishes it; the squatter cannot finish anything under the name.
    with boa.env.prank(victim):
        timelock, _, _, _ = factory.create_coop(coop_config(params))
    assert factory.pending_coop(name)[0] == victim
    with boa.env.prank(attacker):
        with boa.reverts("factory: only the creator finishes a co-op"):
            factory.finish_coop(name, "Green Roots Credit", "GRC")
    with boa.env.prank(victim):
        factory.finish_coop(name, "Green Roots Credit", "GRC")
    record = registry.coop(name)
    assert record.creator == victim, "name hijacked by front-running create_coop"
    assert record.timelock == timelock


def test_pending_window__nobody_but_the_creator_touches_the_pending_coop(stack):
    """held. Between the two transactions the pending co-op's one-time
    wiring (Membership.set_governor, Federation.set_membership) is used and
    the factory admin role on the timelock is renounced; an outsider cannot
    finish it under a different credit, cannot re-start the name, cannot
    wire a governor or register contracts, and the registry refuses the
    pending name."""
    factory, registry = stack.factory, stack.registry
    creator = boa.env.generate_address("pw-creator")
    outsider = boa.env.generate_address("pw-outsider")
    name = "Pending Window"
    with boa.env.prank(creator):
        timelock, membership, governor, federation = factory.create_coop(
            coop_config(CoopParams(name=name, founders=[creator]))
        )
    fake = compiled("TimelockController").deploy(0, [], [], "0x" + "00" * 20, 0)
    with boa.env.prank(outsider):
        with boa.reverts("factory: only the creator finishes a co-op"):
            factory.finish_coop(name, "Evil Credit", "EVIL")
        with boa.reverts("factory: name is being created"):
            factory.create_coop(coop_config(CoopParams(name=name, founders=[outsider])))
        with boa.reverts():
            compiled("Membership").at(membership).set_governor(fake.address)
        with boa.reverts():
            compiled("Federation").at(federation).set_membership(membership)
        with boa.reverts("registry: only the factory registers"):
            registry.register(
                (
                    name,
                    fake.address,
                    fake.address,
                    fake.address,
                    fake.address,
                    fake.address,
                    fake.address,
                    fake.address,
                    fake.address,
                    outsider,
                    1,
                )
            )
    assert not registry.is_registered(name)


def test_outsider_copies_of_the_blueprints__have_no_standing(stack):
    """held. Anyone can deploy HarvestToken / CoopCredit from the factory's
    public blueprints, pointed at a real co-op's Membership and timelock,
    and is then the copy's deployer (bootstrap). The copies are not the
    co-op's: the registry does not know them, the real token's registered
    co-op contracts are unchanged, and the real credit's minter is still
    only the timelock."""
    owner = boa.env.generate_address("bp-founder")
    coop = create_coop(stack, owner, CoopParams(name="Blueprint Victim", founders=[owner]))
    attacker = boa.env.generate_address("bp-attacker")
    membership, timelock = coop["Membership"].address, coop["TimelockController"].address
    # An attacker-controlled contract that will "hold" produce of the copy.
    sink = compiled("TimelockController").deploy(0, [], [], "0x" + "00" * 20, 0)
    with boa.env.prank(attacker):
        fake_harvest = compiled("HarvestToken").deploy(membership, timelock)
        fake_harvest.bootstrap_coop_contracts([sink.address])
        fake_credit = compiled("CoopCredit").deploy("Blueprint Victim Credit", "CRED", timelock)
        with boa.reverts():
            fake_credit.mint(attacker, 10**18)
    registry = stack.registry
    assert registry.coop_of(fake_harvest.address) == ""
    assert registry.coop_of(fake_credit.address) == ""
    assert not coop["HarvestToken"].is_coop_contract(sink.address)
    assert coop["HarvestToken"].bootstrapped()
    with boa.env.prank(attacker):
        with boa.reverts("harvest: only the deployer bootstraps"):
            coop["HarvestToken"].bootstrap_coop_contracts([sink.address])
    assert not coop["CoopCredit"].is_minter(attacker)
    assert not coop["CoopCredit"].is_minter(stack.factory.address)


# ------------------------------------------------------------ HarvestToken


def test_transitive_federation__produce_never_reaches_a_third_coops_member(stack):
    """held. A federates with B, B with C (A never agreed to C). B's member
    holds A's produce and tries to pass it to C's member, directly, by
    batch and through an approved operator: refused, A's network is A plus
    the co-ops A itself federated with, not their federations."""
    a_f, b_f, c_f = (boa.env.generate_address(f"tf-{x}") for x in "abc")
    a = create_coop(stack, a_f, CoopParams(name="Trans A", founders=[a_f]))
    b = create_coop(stack, b_f, CoopParams(name="Trans B", founders=[b_f]))
    c = create_coop(stack, c_f, CoopParams(name="Trans C", founders=[c_f]))
    federate(a, b)
    federate(b, c)
    harvest = a["HarvestToken"]
    batch = _log(a, a_f)
    harvest.safeTransferFrom(a_f, b_f, batch, 600, b"", sender=a_f)
    assert not a["Membership"].is_network_member(c_f)
    with boa.reverts("harvest: receiver is not in the co-op network"):
        harvest.safeTransferFrom(b_f, c_f, batch, 1, b"", sender=b_f)
    with boa.reverts("harvest: receiver is not in the co-op network"):
        harvest.safeBatchTransferFrom(b_f, c_f, [batch], [1], b"", sender=b_f)
    harvest.setApprovalForAll(c_f, True, sender=b_f)
    with boa.reverts("harvest: receiver is not in the co-op network"):
        harvest.safeTransferFrom(b_f, c_f, batch, 1, b"", sender=c_f)
    # The exchange and pool of B are not A's co-op contracts either.
    with boa.reverts("harvest: receiver is not in the co-op network"):
        harvest.safeTransferFrom(b_f, b["NutrientExchange"].address, batch, 1, b"", sender=b_f)
    assert harvest.balanceOf(c_f, batch) == 0


def test_federation_ended__former_federated_holder_and_its_operator_are_frozen_out(stack):
    """held. After A ends its federation with B, B's member still holding
    A's produce cannot send it back into A's network (nor can an operator
    it approved earlier), cannot receive more, and can only redeem or
    compost; a federated member can never log A's harvest."""
    a_f, a_g, b_f = (boa.env.generate_address(f"fe-{x}") for x in ("a", "g", "b"))
    a = create_coop(stack, a_f, CoopParams(name="End A", founders=[a_f, a_g]))
    b = create_coop(stack, b_f, CoopParams(name="End B", founders=[b_f]))
    federate(a, b)
    harvest = a["HarvestToken"]
    batch = _log(a, a_f)
    harvest.safeTransferFrom(a_f, b_f, batch, 500, b"", sender=a_f)
    harvest.setApprovalForAll(a_g, True, sender=b_f)  # an A member as operator
    with boa.reverts("harvest: caller is not a member"):
        harvest.log_harvest("kale", 1, block_time(), block_time() + DAY, "", sender=b_f)

    end_federation(a, b)
    assert not a["Membership"].is_network_member(b_f)
    with boa.reverts("harvest: sender may only redeem or compost"):
        harvest.safeTransferFrom(b_f, a_g, batch, 1, b"", sender=b_f)
    with boa.reverts("harvest: sender may only redeem or compost"):
        harvest.safeTransferFrom(b_f, a_g, batch, 1, b"", sender=a_g)
    with boa.reverts("harvest: sender may only redeem or compost"):
        harvest.safeBatchTransferFrom(b_f, a_f, [batch], [1], b"", sender=a_g)
    with boa.reverts("harvest: receiver is not in the co-op network"):
        harvest.safeTransferFrom(a_f, b_f, batch, 1, b"", sender=a_f)
    # Pool / exchange cannot pay out to it either.
    harvest.redeem(batch, 100, sender=b_f)
    harvest.compost(batch, 100, sender=b_f)
    assert harvest.balanceOf(b_f, batch) == 300


def test_contract_member_hook__resigns_and_forwards__outsider_gets_nothing(stack):
    """held. A contract member receives produce; in its receiver hook it
    tries to forward it to an outsider: refused, the whole transfer
    reverts. (A holder who resigns keeps what it holds: documented.)"""
    src = """
# pragma version ~=0.4.3
interface H:
    def safeTransferFrom(owner: address, to: address, id: uint256, amount: uint256, data: Bytes[1024]): nonpayable
target: public(address)
@external
def set_target(t: address):
    self.target = t
@external
def onERC1155Received(op: address, frm: address, id: uint256, amount: uint256, data: Bytes[1024]) -> bytes4:
    extcall H(msg.sender).safeTransferFrom(self, self.target, id, amount, b"")
    return method_id("onERC1155Received(address,address,uint256,uint256,bytes)", output_type=bytes4)
"""
    forwarder = boa.loads(src)
    f = boa.env.generate_address("hk-founder")
    outsider = boa.env.generate_address("hk-outsider")
    coop = create_coop(stack, f, CoopParams(name="Hook Coop", founders=[f, forwarder.address]))
    forwarder.set_target(outsider)
    harvest = coop["HarvestToken"]
    batch = _log(coop, f)
    with boa.reverts():
        harvest.safeTransferFrom(f, forwarder.address, batch, 10, b"", sender=f)
    assert harvest.balanceOf(outsider, batch) == 0
    assert harvest.balanceOf(forwarder.address, batch) == 0


def test_frozen_batch__no_route_moves_it(stack):
    """held. A frozen batch held by a member, through every path an
    attacker has: transfer, batch transfer with a fresh id first, operator,
    redeem, compost, donation to the pool."""
    f, g = (boa.env.generate_address(f"fz-{x}") for x in "fg")
    coop = create_coop(stack, f, CoopParams(name="Freeze Coop", founders=[f, g]))
    harvest = coop["HarvestToken"]
    fresh, frozen = _log(coop, f), _log(coop, f)
    with boa.env.prank(coop["TimelockController"].address):
        harvest.freeze(frozen, "fraud")
    harvest.setApprovalForAll(g, True, sender=f)
    for sender in (f, g):
        with boa.reverts("harvest: batch frozen"):
            harvest.safeTransferFrom(f, g, frozen, 1, b"", sender=sender)
        with boa.reverts("harvest: batch frozen"):
            harvest.safeBatchTransferFrom(f, g, [fresh, frozen], [1, 1], b"", sender=sender)
    with boa.reverts("harvest: batch frozen"):
        harvest.safeTransferFrom(f, coop["ResourcePool"].address, frozen, 1, b"", sender=f)
    with boa.reverts("harvest: batch frozen"):
        harvest.redeem(frozen, 1, sender=f)
    with boa.reverts():
        harvest.compost(frozen, 1, sender=f)
    assert harvest.balanceOf(f, frozen) == 1_000
