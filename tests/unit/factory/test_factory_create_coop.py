"""create_coop: validates the whole config first, then deploys and wires the
governance core (timelock, Federation, Membership, governor) and records the
pending co-op."""

import dataclasses

import ape
import pytest
from eth_abi import encode
from eth_account import Account

from harvest_coop.core.constants import (
    CANCELLER_ROLE,
    EXECUTOR_ROLE,
    PROPOSER_ROLE,
    TIMELOCK_ROLES,
    ZERO_ADDRESS,
)
from harvest_coop.core.params import DAY, AdmissionRules
from harvest_coop.core.stack_code import LIVE_FLOOR, factory_arguments

YEAR = 365 * DAY


def started(factory, receipt):
    events = receipt.decode_logs(factory.CoopStarted)
    assert len(events) == 1
    return events[0]


def block_time(chain, receipt_or_event) -> int:
    """The timestamp of the block a receipt (or an event's receipt) is in."""
    return int(chain.blocks[receipt_or_event.block_number].timestamp)


def test_create_coop__valid_config__logs_coop_started_with_the_core(factory, start_coop, creator, new_name):
    receipt = start_coop()
    event = started(factory, receipt)
    assert event.creator == creator.address
    assert event.name == new_name
    addresses = {event.timelock, event.membership, event.governor, event.federation}
    assert len(addresses) == 4 and ZERO_ADDRESS not in addresses


def test_create_coop__valid_config__membership_has_the_founders_and_parameters(
    project, factory, start_coop, params, founders, outsider, new_name
):
    event = started(factory, start_coop())
    membership = project.Membership.at(event.membership)
    assert membership.name() == new_name
    assert membership.symbol() == params.symbol
    assert membership.TIMELOCK() == event.timelock
    assert membership.totalSupply() == len(founders)
    for f in founders:
        assert membership.is_member(f) and membership.getVotes(f) == 1
    assert not membership.is_member(outsider)
    assert tuple(membership.admission_rules()) == params.admission.as_tuple()
    assert membership.max_proxies() == params.max_proxies


def test_create_coop__valid_config__governor_has_the_parameters(
    project, factory, start_coop, params, new_name
):
    event = started(factory, start_coop())
    governor = project.CoopGovernor.at(event.governor)
    assert governor.name() == f"{new_name} Governor"
    assert governor.token() == event.membership
    assert governor.timelock() == event.timelock
    assert governor.votingDelay() == params.voting_delay
    assert governor.votingPeriod() == params.voting_period
    assert governor.quorumNumerator() == params.quorum_percent


def test_create_coop__valid_config__wires_the_governor_and_renounces_the_factory_admin(
    project, factory, start_coop, params
):
    event = started(factory, start_coop())
    membership = project.Membership.at(event.membership)
    timelock = project.TimelockController.at(event.timelock)
    assert membership.governor() == event.governor
    for role in (PROPOSER_ROLE, CANCELLER_ROLE, EXECUTOR_ROLE):
        assert timelock.hasRole(role, event.governor)
    for role in TIMELOCK_ROLES.values():
        assert not timelock.hasRole(role, factory)
    assert not timelock.hasRole(EXECUTOR_ROLE, ZERO_ADDRESS)
    assert timelock.hasRole(TIMELOCK_ROLES["DEFAULT_ADMIN_ROLE"], timelock)
    assert timelock.get_minimum_delay() == params.timelock_delay


def test_create_coop__valid_config__wires_the_federation_both_ways_once(
    project, factory, start_coop, creator
):
    receipt = start_coop()
    event = started(factory, receipt)
    membership = project.Membership.at(event.membership)
    federation = project.Federation.at(event.federation)
    assert membership.FEDERATION() == federation.address
    assert federation.membership() == membership.address
    assert federation.TIMELOCK() == event.timelock
    assert receipt.decode_logs(federation.MembershipSet)[0].membership == membership.address
    assert membership.federated(0) == ZERO_ADDRESS
    # The factory's one-time wiring is used: nobody can wire it again.
    with ape.reverts("federation: only the deployer wires the membership"):
        federation.set_membership(membership, sender=creator)


def test_create_coop__valid_config__timelock_logs_the_factory_renouncing(project, factory, start_coop):
    receipt = start_coop()
    timelock = project.TimelockController.at(started(factory, receipt).timelock)
    revoked = receipt.decode_logs(timelock.RoleRevoked)
    assert any(
        ev.role == TIMELOCK_ROLES["DEFAULT_ADMIN_ROLE"] and ev.account == factory.address for ev in revoked
    )


def test_create_coop__valid_config__records_the_pending_coop(
    factory, start_coop, creator, new_name, registry
):
    event = started(factory, start_coop())
    assert tuple(factory.pending_coop(new_name)) == (
        creator.address,
        event.timelock,
        event.membership,
        event.governor,
    )
    assert factory.is_pending(new_name)
    assert not registry.is_registered(new_name)


# ---------------------------------------------------------------- refusals


def test_create_coop__empty_name__reverts(start_coop):
    with ape.reverts("factory: empty name"):
        start_coop(name="")


def test_create_coop__name_already_registered__reverts(start_coop, factory_coop, params):
    with ape.reverts("factory: name already registered"):
        start_coop(name=params.name)


def test_create_coop__name_being_created_by_another_within_the_hold__reverts(
    factory, chain, start_coop, outsider
):
    # Held up to its last second: NAME_HOLD - 1 after the creator's block.
    receipt = start_coop(name="Contested")
    chain.pending_timestamp = block_time(chain, receipt) + factory.NAME_HOLD() - 1
    with ape.reverts("factory: name is being created"):
        start_coop(name="Contested", sender=outsider)
    assert factory.pending_coop("Contested")[0] != outsider.address


def test_create_coop__name_expired_by_another_after_the_hold__starts_it_anew(
    factory, chain, start_coop, creator, outsider
):
    # From NAME_HOLD seconds on, the unfinished co-op no longer holds the
    # name: anyone starts it (a new pending co-op replaces the expired one)
    # and the first creator cannot finish it.
    first = started(factory, start_coop(name="Lapsed"))
    chain.pending_timestamp = block_time(chain, first) + factory.NAME_HOLD()
    event = started(factory, start_coop(name="Lapsed", sender=outsider))
    assert event.creator == outsider.address and event.name == "Lapsed"
    assert event.timelock != first.timelock
    assert tuple(factory.pending_coop("Lapsed")) == (
        outsider.address,
        event.timelock,
        event.membership,
        event.governor,
    )
    assert factory.is_pending("Lapsed")
    with ape.reverts("factory: only the creator finishes a co-op"):
        factory.finish_coop("Lapsed", "Credit", "CRD", sender=creator)


def test_create_coop__name_being_created_by_the_same_creator__reverts(start_coop):
    start_coop(name="Twice")
    with ape.reverts("factory: name is being created"):
        start_coop(name="Twice")


def test_create_coop__name_longer_than_32_bytes__reverts_in_abi_decoding(
    factory, creator, make_params, config_of
):
    # Ape refuses to encode it; raw calldata reaches the contract, whose ABI
    # decoder refuses a string longer than String[32] (32 bytes pass).
    kinds = (
        "(string,string,address[],uint256,uint256,uint256,uint256,("
        + ",".join(["uint256"] * 8)
        + "),uint256)"
    )
    selector = bytes(factory.create_coop.encode_input(config_of(make_params()))[:4])

    def calldata(name: str) -> bytes:
        return selector + encode([kinds], [(name, *config_of(make_params())[1:])])

    with ape.reverts():
        creator.transfer(factory, 0, data=calldata("x" * 33))
    receipt = creator.transfer(factory, 0, data=calldata("y" * 32))
    assert started(factory, receipt).name == "y" * 32


def test_create_coop__empty_symbol__reverts(start_coop):
    with ape.reverts("factory: empty symbol"):
        start_coop(symbol="")


def test_create_coop__no_founders__reverts(start_coop):
    with ape.reverts("factory: no founders"):
        start_coop(founders=[])


def test_create_coop__65_founders__reverts(start_coop):
    with ape.reverts("factory: more than 64 founders"):
        start_coop(founders=[Account.create().address for _ in range(65)])


def test_create_coop__zero_address_founder__reverts(start_coop, founders):
    with ape.reverts("factory: founder is the zero address"):
        start_coop(founders=[founders[0].address, ZERO_ADDRESS])


def test_create_coop__duplicate_founder__reverts(start_coop, founders):
    addresses = [f.address for f in founders]
    with ape.reverts("factory: duplicate founder"):
        start_coop(founders=[*addresses, addresses[2]])


@pytest.mark.parametrize("quorum", [0, 51, 100])
def test_create_coop__quorum_out_of_range__reverts(start_coop, quorum):
    # Above half, members who stay away would block every proposal.
    with ape.reverts("factory: quorum must be 1..50 percent"):
        start_coop(quorum_percent=quorum)


def test_create_coop__zero_voting_period__reverts(start_coop):
    with ape.reverts("factory: voting period must be positive"):
        start_coop(voting_period=0)


def test_create_coop__voting_period_over_a_year__reverts(start_coop):
    with ape.reverts("factory: voting period above one year"):
        start_coop(voting_period=YEAR + 1)


def test_create_coop__voting_delay_over_a_year__reverts(start_coop):
    with ape.reverts("factory: voting delay above one year"):
        start_coop(voting_delay=YEAR + 1)


def test_create_coop__timelock_delay_over_30_days__reverts(start_coop):
    with ape.reverts("factory: timelock delay above 30 days"):
        start_coop(timelock_delay=30 * DAY + 1)


@pytest.fixture(scope="module")
def live_factory(project, deployer, stack):
    """A factory of the same code with a live network's timing floor."""
    return project.CoopFactory.deploy(
        *factory_arguments({**stack.blueprints, **stack.chunks}, LIVE_FLOOR), sender=deployer
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"voting_period": DAY - 1}, "factory: voting period below this network's minimum"),
        ({"timelock_delay": DAY - 1}, "factory: timelock delay below this network's minimum"),
    ],
)
def test_create_coop__timings_below_the_network_floor__reverts(
    live_factory, creator, make_params, config_of, new_name, changes, message
):
    params = make_params(**{"name": new_name, "voting_period": DAY, "timelock_delay": DAY, **changes})
    with ape.reverts(message):
        live_factory.create_coop(config_of(params), sender=creator)


def test_create_coop__timings_at_the_network_floor__starts(
    live_factory, creator, make_params, config_of, new_name, params
):
    rules = dataclasses.replace(params.admission, challenge_window=DAY)
    at_floor = make_params(name=new_name, voting_period=DAY, timelock_delay=DAY, admission=rules)
    receipt = live_factory.create_coop(config_of(at_floor), sender=creator)
    assert started(live_factory, receipt).name == new_name


def test_create_coop__challenge_window_below_the_network_floor__reverts(
    live_factory, creator, make_params, config_of, new_name, params
):
    # The floor of the challenge window is the network's minimum voting period.
    rules = dataclasses.replace(params.admission, challenge_window=DAY - 1)
    bad = make_params(name=new_name, voting_period=DAY, timelock_delay=DAY, admission=rules)
    with ape.reverts("factory: challenge window below this network's minimum"):
        live_factory.create_coop(config_of(bad), sender=creator)


def test_create_coop__challenge_window_at_the_network_floor__membership_keeps_the_floor(
    project, live_factory, creator, make_params, config_of, new_name, params
):
    rules = dataclasses.replace(params.admission, challenge_window=DAY)
    good = make_params(name=new_name, voting_period=DAY, timelock_delay=DAY, admission=rules)
    membership = project.Membership.at(
        started(live_factory, live_factory.create_coop(config_of(good), sender=creator)).membership
    )
    assert membership.MIN_CHALLENGE_WINDOW() == DAY
    assert membership.admission_rules().challenge_window == DAY


def test_create_coop__max_proxies_over_8__reverts(start_coop):
    with ape.reverts("factory: max_proxies above 8"):
        start_coop(max_proxies=9)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"sponsors_needed": 65_536}, "factory: sponsors_needed above 65535"),
        ({"sponsors_percent": 101}, "factory: sponsors_percent above 100"),
        ({"objections_needed": 0}, "factory: objections_needed must be at least 1"),
        ({"objections_needed": 65_536}, "factory: objections_needed above 65535"),
        ({"objections_percent": 101}, "factory: objections_percent above 100"),
        ({"sponsor_limit": 0}, "factory: sponsor_limit must be at least 1"),
        ({"sponsor_limit": 65_536}, "factory: sponsor_limit above 65535"),
        ({"sponsor_period": DAY - 1}, "factory: sponsor_period must be one day to one year"),
        ({"sponsor_period": YEAR + 1}, "factory: sponsor_period must be one day to one year"),
        ({"min_tenure": YEAR + 1}, "factory: min_tenure above one year"),
        ({"challenge_window": 90 * DAY + 1}, "factory: challenge_window above 90 days"),
    ],
)
def test_create_coop__admission_rule_out_of_bounds__reverts(start_coop, params, change, message):
    rules = AdmissionRules(**{**params.admission.__dict__, **change})
    with ape.reverts(message):
        start_coop(admission=rules)


def test_create_coop__bounds__accepted_at_the_edges(factory, start_coop):
    # Every bound is inclusive: the largest values the contracts accept pass.
    rules = AdmissionRules(
        sponsors_needed=65_535,
        sponsors_percent=100,
        objections_needed=65_535,
        objections_percent=100,
        sponsor_limit=65_535,
        sponsor_period=YEAR,
        min_tenure=YEAR,
        challenge_window=90 * DAY,
    )
    receipt = start_coop(
        name="Edges",
        quorum_percent=50,
        voting_period=YEAR,
        voting_delay=YEAR,
        timelock_delay=30 * DAY,
        max_proxies=8,
        admission=rules,
    )
    assert started(factory, receipt).name == "Edges"
