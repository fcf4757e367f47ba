"""TimelockController.update_delay: bounded, so no proposal can brick governance
(above) or shorten the members' time to veto under the network's floor (below)."""

import ape
import pytest
from ape.exceptions import ContractLogicError

from harvest_coop.ape_layer.governance import call
from harvest_coop.core.constants import ProposalState

DAY = 86_400
MAX_DELAY = 30 * DAY


def test_deploy__delay_above_cap__reverts(project, deployer):
    with ape.reverts("timelock: delay above the 30-day maximum"):
        project.TimelockController.deploy(MAX_DELAY + 1, [], [], deployer, 0, sender=deployer)
    assert (
        project.TimelockController.deploy(MAX_DELAY, [], [], deployer, 0, sender=deployer).MAX_DELAY()
        == MAX_DELAY
    )


def test_deploy__delay_below_the_networks_floor__reverts(project, deployer):
    with ape.reverts("timelock: delay below this network's minimum"):
        project.TimelockController.deploy(DAY - 1, [], [], deployer, DAY, sender=deployer)
    timelock = project.TimelockController.deploy(DAY, [], [], deployer, DAY, sender=deployer)
    assert (timelock.MIN_DELAY(), timelock.get_minimum_delay()) == (DAY, DAY)


def test_update_delay__huge_value_through_governance__refused_and_governance_still_works(
    timelock, governor, membership, run_proposal, newcomer
):
    # The attack: a delay of 2**256-1 makes every later queue revert, and a
    # delay of 2**48 or more overflows the governor's packed eta.
    for delay in (2**256 - 1, 2**48, MAX_DELAY + 1):
        with pytest.raises(ContractLogicError, match="timelock: delay above the 30-day maximum"):
            run_proposal([call(timelock, "update_delay", delay)], f"delay {delay}")
    assert timelock.get_minimum_delay() == 50
    pid = run_proposal([call(membership, "admit", newcomer)], "still governable")
    assert ProposalState(governor.state(pid)).label == "Executed"


def test_update_delay__at_the_cap__accepted(timelock, run_proposal):
    tx_pid = run_proposal([call(timelock, "update_delay", MAX_DELAY)], "a month")
    assert tx_pid and timelock.get_minimum_delay() == MAX_DELAY


def test_update_delay__direct_call__reverts(timelock, founder):
    with ape.reverts("timelock_controller: caller must be timelock"):
        timelock.update_delay(1, sender=founder)
