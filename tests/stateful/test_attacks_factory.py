"""Attacks on CoopFactory, CoopRegistry and CoopCredit, and on how the
factory wires a new co-op, from an attacker's side (titanoboa).

Each test is written as the attack; its docstring names the attack and the
rule it tries to break (DESIGN.md), and its assertions state the rule. A
held attack is a regression test ("held: ..."), a broken one is marked
"broke (fixed)". Attacks already tried elsewhere are not repeated here: the
front-run name and the pending window (test_attacks_harvest.py), the one-time
wiring after finish (tests/unit/factory/test_factory_no_privilege.py), the
64-founder gas cap with default parameters (test_factory_gas_cap.py), permit
replay / chain / expiry / high s (tests/unit/credit/test_credit_permit.py).
"""

from __future__ import annotations

from itertools import count

import boa
import pytest
from eth_abi import decode, encode
from eth_utils import function_abi_to_4byte_selector, keccak
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harvest_coop.core import abi as shipped
from harvest_coop.core.constants import DAY, ProposalState, VoteSupport
from harvest_coop.core.params import AdmissionRules, CoopParams
from harvest_coop.core.proposals import with_proposer
from harvest_coop.core.stack_code import LIVE_FLOOR, coop_config
from harvest_coop.testing.boa import compiled, create_coop, deploy_stack

TX_GAS_CAP = 2**24
MAX_PAGE = 100
_names = count()


def _selector(contract_name: str, name: str) -> bytes:
    [abi] = [x for x in shipped.abi(contract_name) if x.get("type") == "function" and x.get("name") == name]
    return function_abi_to_4byte_selector(abi)


def _create_raw(factory, sender: str, name: bytes, **changes) -> str:
    """`create_coop` with `name` as raw bytes (not necessarily UTF-8), which
    an ABI encoder of `string` would refuse to send; its revert reason ("" if
    it succeeded)."""
    config = coop_config(CoopParams(name="x", founders=[sender], **changes))
    rules = ",".join(["uint256"] * 8)
    config_type = f"(bytes,string,address[],uint256,uint256,uint256,uint256,({rules}),uint256)"
    data = _selector("CoopFactory", "create_coop") + encode([config_type], [(name, *config[1:])])
    with boa.env.anchor():
        result = boa.env.execute_code(factory.address, sender=sender, data=data)
    return decode(["string"], result.output[4:])[0] if result.is_error else ""


# ------------------------------------------------------------ the co-op's name


@pytest.mark.parametrize(
    "name, reason",
    [
        (b"\xff\xfeGreen", "factory: name is not UTF-8"),  # not UTF-8 at all
        (b"\x80", "factory: name is not UTF-8"),  # a lone continuation byte
        (b"Green\xe2\x82", "factory: name is not UTF-8"),  # cut at the end
        (b"\xc0\xafGreen", "factory: name is not UTF-8"),  # overlong '/'
        (b"\xe0\x80\xafGreen", "factory: name is not UTF-8"),  # overlong, 3 bytes
        (b"\xed\xa0\x80Green", "factory: name is not UTF-8"),  # a surrogate
        (b"\xf4\x90\x80\x80", "factory: name is not UTF-8"),  # above U+10FFFF
        (b"\xf5\x80\x80\x80", "factory: name is not UTF-8"),
        (b"Green Roots\x00", "factory: control character in name"),
        (b"Green\nRoots", "factory: control character in name"),
        (b"Green\x7fRoots", "factory: control character in name"),
        # Accepted names reach the next check (the empty symbol).
        (b"Green Roots", "factory: empty symbol"),
        ("Huerta Ñuñoa 菜园 🌱".encode(), "factory: empty symbol"),
        # The edges of the narrowed ranges.
        (b"\xed\x9f\xbf \xf4\x8f\xbf\xbf \xf0\x90\x80\x80 \xe0\xa0\x80", "factory: empty symbol"),
        (b"~" * 32, "factory: empty symbol"),
    ],
)
def test_name_not_utf8_or_with_controls__refused_so_no_registry_page_is_poisoned(stack, name, reason):
    """broke (fixed). The registry's name is the city's shared key: every
    `coops(offset, limit)` page and every `CoopCreated` carry it, and the
    factory took any bytes as a name. One co-op named b"\\xff\\xfe..." then
    made every page holding it undecodable for strict ABI decoders (web3.py
    and ethers by default raise on the whole page), i.e. one creator hid
    up to a hundred co-ops from every such client; NUL and control
    characters break C-string and PostgreSQL-backed indexers. Rule: the
    registry lists only names every client can read; well-formed UTF-8 of
    every length (1 to 4 bytes a character) stays accepted."""
    creator = boa.env.generate_address(f"name-{next(_names)}")
    assert _create_raw(stack.factory, creator, name, symbol="") == reason


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.one_of(
        st.binary(min_size=1, max_size=32),
        st.text(min_size=1, max_size=8).map(str.encode).filter(lambda b: len(b) <= 32),
    )
)
def test_name_check__agrees_with_a_strict_utf8_decoder_on_any_bytes(stack, name):
    """held (the fix above, on any bytes). The factory accepts a name
    exactly when a strict UTF-8 decoder (Python's) reads it and it holds no
    C0 control character or DEL; it names the first fault it meets."""
    try:
        name.decode("utf-8")
        valid = len(name)
    except UnicodeDecodeError as err:
        valid = err.start  # the well-formed prefix
    if any(b < 0x20 or b == 0x7F for b in name[:valid]):
        expected = "factory: control character in name"
    elif valid < len(name):
        expected = "factory: name is not UTF-8"
    else:
        expected = ""
    assert _create_raw(stack.factory, str(boa.env.eoa), name, symbol="") == (
        expected or "factory: empty symbol"
    )


# ------------------------------------------------- no power left after finish


def _abi_type(item) -> str:
    t = item["type"]
    if t.startswith("tuple"):
        return "(" + ",".join(_abi_type(c) for c in item["components"]) + ")" + t[5:]
    return t


def _sample(item, who: str):
    """A plausible argument of an ABI type: the caller wherever an address
    goes (grant it, make it the owner, the minter, the governor...)."""
    t = item["type"]
    if t.endswith("[]"):
        return [_sample(dict(item, type=t[:-2]), who)]
    if t.endswith("]"):
        return [_sample(dict(item, type=t[: t.rindex("[")]), who)] * int(t[t.rindex("[") + 1 : -1])
    if t == "tuple":
        return tuple(_sample(c, who) for c in item["components"])
    if t == "address":
        return who
    if t in ("bool", "string", "bytes"):
        return {"bool": True, "string": "x", "bytes": b""}[t]
    return b"\x00" * int(t[5:]) if t.startswith("bytes") else 1


# What an outsider may call on a new co-op, with the arguments of `_sample`:
# an application, its own approvals and offers, a no-op renouncement of a
# role it lacks, the receiver hooks and Federation's notification (which
# acts only for a federated peer).
_OPEN = {
    ("TimelockController", "renounceRole"),
    ("TimelockController", "onERC721Received"),
    ("TimelockController", "onERC1155Received"),
    ("TimelockController", "onERC1155BatchReceived"),
    ("Membership", "apply_for_membership"),
    ("CoopCredit", "approve"),
    ("NutrientExchange", "cancel"),
    ("NutrientExchange", "cancel_all"),
    ("Federation", "federation_ended"),
}


def test_every_state_changing_function__creator_and_factory_hold_no_power(stack):
    """held. After `finish_coop` the creator (not a founder) and the factory
    itself (pranked: the deployer of all eight contracts) try every
    state-changing function of every contract of the new co-op with
    themselves in every address argument (grantRole, set_*, mint,
    bootstrap, schedule, execute, freeze, admit, ...). Rule: after
    deployment nobody but the timelock (and the governor on the timelock)
    holds a role; what succeeds is what any outsider may do for itself."""
    creator = boa.env.generate_address("sweep-creator")
    founder = boa.env.generate_address("sweep-founder")
    coop = create_coop(stack, creator, CoopParams(name="Sweep", founders=[founder]))
    succeeded = set()
    for who in (creator, str(stack.factory.address)):
        for contract_name, contract in coop.items():
            for fn in shipped.abi(contract_name):  # boa's `contract.abi` recompiles
                if fn.get("type") != "function" or fn.get("stateMutability") in ("view", "pure"):
                    continue
                args = [_sample(i, who) for i in fn["inputs"]]
                data = function_abi_to_4byte_selector(fn) + encode([_abi_type(i) for i in fn["inputs"]], args)
                with boa.env.anchor():  # `execute_code`: a revert without boa's costly trace
                    if not boa.env.execute_code(contract.address, sender=who, data=data).is_error:
                        succeeded.add((contract_name, fn["name"]))
    assert succeeded <= _OPEN, f"privileged calls that went through: {sorted(succeeded - _OPEN)}"


# ------------------------------------------------------ the 2**24 gas cap


def _intrinsic(data: bytes) -> int:
    """A transaction's intrinsic gas for calldata `data` (EIP-2028, with
    EIP-7623's floor for calldata-heavy transactions)."""
    zeros = data.count(0)
    nonzeros = len(data) - zeros
    return 21_000 + max(4 * zeros + 16 * nonzeros, 10 * (zeros + 4 * nonzeros))


def test_worst_case_config__both_transactions_fit_the_gas_cap(stack):
    """held. A creator maxes out everything the factory accepts and the gas
    depends on: 64 founders whose addresses have no zero byte (the dearest
    calldata), a 32-byte name of 4-byte characters (the name check's
    longest walk, the longest strings to store), a 20-byte symbol, a
    25-byte credit name, 8 proxies and the largest admission counts. Rule:
    a configuration the factory accepts can be deployed, i.e. each of its
    two transactions (execution plus intrinsic gas) fits in 2**24 gas."""
    founders = ["0x" + bytes([0xFF - i] * 19 + [i + 1]).hex() for i in range(64)]
    creator = boa.env.generate_address("gas-creator")
    params = CoopParams(
        name="🌱" * 8,
        symbol="S" * 20,
        founders=founders,
        max_proxies=8,
        admission=AdmissionRules(sponsors_needed=65_535, objections_needed=65_535, sponsor_limit=65_535),
        credit_name="C" * 25,
        credit_symbol="X" * 5,
    )
    factory = stack.factory
    with boa.env.prank(creator):
        factory.create_coop(coop_config(params))
        created = factory._computation.get_gas_used()
        factory.finish_coop(params.name, params.credit_name, params.credit_symbol)
        finished = factory._computation.get_gas_used()
    rules = ",".join(["uint256"] * 8)
    config_type = f"(string,string,address[],uint256,uint256,uint256,uint256,({rules}),uint256)"
    first = _selector("CoopFactory", "create_coop") + encode([config_type], [coop_config(params)])
    second = _selector("CoopFactory", "finish_coop") + encode(
        ["string", "string", "string"], [params.name, params.credit_name, params.credit_symbol]
    )
    assert created + _intrinsic(first) <= TX_GAS_CAP
    assert finished + _intrinsic(second) <= TX_GAS_CAP
    assert stack.registry.is_registered(params.name)


# ---------------------------------------------------------------- the registry


def test_full_registry_page__readable_within_one_transaction(stack):
    """held. An attacker lists co-ops with the longest names to make paging
    the registry too dear for a contract (or a node's eth_call cap). A
    bare registry (its deployer the registrar, as the factory is) holds
    101 co-ops of 32-byte names. Rule: a full page of `MAX_PAGE` co-ops
    costs the same at any offset, and a quarter of one transaction at
    most (about 2.6M gas), so the city can always be enumerated."""
    registrar = boa.env.generate_address("page-registrar")
    with boa.env.prank(registrar):
        registry = compiled("CoopRegistry").deploy()
        for i in range(101):
            fields = [boa.env.generate_address(f"page-{i}-{k}") for k in range(9)]
            registry.register((f"{i:03d}" + "~" * 29, *fields, 1))
    page = _selector("CoopRegistry", "coops")

    def cost(offset: int) -> int:
        data = page + encode(["uint256", "uint256"], [offset, 2**256 - 1])
        return boa.env.execute_code(registry.address, data=data, is_modifying=False).get_gas_used()

    assert registry.MAX_PAGE() == MAX_PAGE and len(registry.coops(0, 2**256 - 1)) == MAX_PAGE
    # Every slot of a full page (12 a record) read cold, whether or not the
    # test EVM charges them so: a real chain's price of the page.
    cold_reads = MAX_PAGE * 12 * 2_100
    assert cost(0) == cost(1) and cost(0) + cold_reads < TX_GAS_CAP // 4
    assert len(registry.coops(100, 100)) == 1 and registry.coops(2**256 - 1, 1) == []


# --------------------------------------------------------- the founding config


def _quick_roots(stack, founders, voting_period: int, timelock_delay: int) -> dict:
    """A community of ten, the creator one of them, quorum 10 % (one vote),
    no voting delay, the given timings."""
    return create_coop(
        stack,
        founders[0],
        CoopParams(
            name=f"Quick Roots {voting_period}",
            founders=founders,
            voting_delay=0,
            voting_period=voting_period,
            timelock_delay=timelock_delay,
            quorum_percent=10,
        ),
    )


def test_shortest_timings__on_a_live_network__refused_and_at_the_floor_the_nine_defeat_the_one(stack):
    """broke, fixed. The creator lists a community of ten as founders
    (itself one of them) with the shortest timings the factory accepted:
    voting delay 0, voting period 1 second, timelock delay 0, quorum 10 %
    (one vote). It proposed to expel the nine others, voted in the next
    second, queued and executed in the one after: the others had one block
    to vote against or veto, and the founders never agree to the timings on
    chain. Rule: no group smaller than a majority takes over the co-op by
    any route. Fix: the factory has a timing floor fixed when the stack is
    deployed on a network (`LIVE_FLOOR` on a live one: a day of voting and
    a day of timelock); the same config is refused there, and at the floor
    the nine have a day to vote the proposal down."""
    live = deploy_stack(floor=LIVE_FLOOR)
    assert (live.factory.MIN_VOTING_PERIOD(), live.factory.MIN_TIMELOCK_DELAY()) == (DAY, DAY)
    founders = [boa.env.generate_address(f"timing-founder-{i}") for i in range(10)]
    creator, others = founders[0], founders[1:]
    with boa.reverts("factory: voting period below this network's minimum"):
        _quick_roots(live, founders, voting_period=1, timelock_delay=DAY)
    with boa.reverts("factory: timelock delay below this network's minimum"):
        _quick_roots(live, founders, voting_period=DAY, timelock_delay=DAY - 1)

    coop = _quick_roots(live, founders, voting_period=DAY, timelock_delay=DAY)
    membership, governor = coop["Membership"], coop["CoopGovernor"]
    description = with_proposer("tidy the member list", creator)
    calldatas = [membership.expel.prepare_calldata(o) for o in others]
    targets, values = [membership.address] * len(others), [0] * len(others)
    with boa.env.prank(creator):
        pid = governor.propose(targets, values, calldatas, description)
        boa.env.time_travel(seconds=1)
        governor.castVote(pid, VoteSupport.FOR)
    boa.env.time_travel(seconds=DAY // 2)  # half a day later, the others read the proposal
    for other in others:
        with boa.env.prank(other):
            governor.castVote(pid, VoteSupport.AGAINST)
    boa.env.time_travel(seconds=DAY)
    assert governor.state(pid) == ProposalState.DEFEATED
    with boa.env.prank(creator), boa.reverts():
        governor.queue(targets, values, calldatas, keccak(text=description))
    assert all(membership.is_member(o) for o in others)
    # The stack of a throwaway test chain has no floor (tests pass proposals in seconds).
    assert (stack.factory.MIN_VOTING_PERIOD(), stack.factory.MIN_TIMELOCK_DELAY()) == (0, 0)


# ------------------------------------------------------------------ CoopCredit


def test_credit_sent_to_the_credit_contract__refused_so_it_is_not_lost(stack):
    """broke (fixed). A member pastes the credit's own address as the
    receiver (the classic slip), directly or through a spender's
    `transferFrom` (a wallet's or a dapp's allowance): CoopCredit took it,
    and nothing can ever move credit out of the credit contract (no
    function sends from it; the timelock only mints). Rule: money is never
    lost; the holder keeps it and may still `burn` what it means to
    destroy."""
    member, spender = (boa.env.generate_address(f"self-{k}") for k in ("member", "spender"))
    coop = create_coop(stack, member, CoopParams(name="Self Send", founders=[member]))
    credit, timelock = coop["CoopCredit"], coop["TimelockController"]
    with boa.env.prank(timelock.address):
        credit.mint(member, 10)
    with boa.env.prank(member):
        with boa.reverts("credit: transfer to the credit contract"):
            credit.transfer(credit.address, 1)
        credit.approve(spender, 2**256 - 1)
    with boa.env.prank(spender):
        with boa.reverts("credit: transfer to the credit contract"):
            credit.transferFrom(member, credit.address, 1)
        assert credit.transferFrom(member, spender, 3)  # the infinite allowance is not spent
    assert credit.allowance(member, spender) == 2**256 - 1
    assert (credit.balanceOf(member), credit.balanceOf(spender), credit.balanceOf(credit.address)) == (
        7,
        3,
        0,
    )
    with boa.env.prank(member):
        credit.burn(7)
    assert credit.totalSupply() == 3
