"""The factory's timing floor for the network a stack is deployed on."""

import pytest

from harvest_coop.core.stack_code import FACTORY_ARGUMENTS, LIVE_FLOOR, NO_FLOOR, factory_arguments, floor_for


@pytest.mark.parametrize(
    ("network", "floor"),
    [
        ("local", NO_FLOOR),
        ("mainnet-fork", NO_FLOOR),
        ("sepolia-fork", NO_FLOOR),
        ("sepolia", LIVE_FLOOR),
        ("mainnet", LIVE_FLOOR),
        ("localhost", LIVE_FLOOR),  # only Ape's own "local" network is a throwaway chain
    ],
)
def test_floor_for__local_and_forks_none__any_other_network_a_day_each(network, floor):
    assert floor_for(network) == floor


def test_live_floor__a_day_of_voting_and_a_day_of_timelock():
    assert (LIVE_FLOOR.voting_period, LIVE_FLOOR.timelock_delay) == (86_400, 86_400)


def test_factory_arguments__end_with_the_floor():
    code = {name: f"0x{i:040x}" for i, name in enumerate(FACTORY_ARGUMENTS)}
    assert factory_arguments(code, LIVE_FLOOR)[-2:] == [86_400, 86_400]
    assert factory_arguments(code)[-2:] == [0, 0]
