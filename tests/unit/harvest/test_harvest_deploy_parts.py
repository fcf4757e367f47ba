"""harvest_coop/part_harvest.py on a real co-op: the timelock is the only privileged
account, and what it may do happens through passed proposals."""

import ape
import pytest

from harvest_coop.governance import call, pass_proposal, proposal_of
from harvest_coop.part_harvest import check_roles, deploy_harvest_and_credit, part

CREDIT = 10**18
DAY = 86_400


@pytest.fixture(scope="module")
def parts(project, deployer, coop):
    return deploy_harvest_and_credit(
        deployer, coop["Membership"], coop["TimelockController"], project=project
    )


@pytest.fixture
def govern(chain, coop, founders):
    def _govern(actions, description):
        return pass_proposal(
            chain,
            coop["CoopGovernor"],
            founders[0],
            founders,
            proposal_of(actions, description),
        )

    return _govern


def test_deploy_harvest_and_credit__timelock_only(parts, coop, deployer):
    harvest, credit = parts["HarvestToken"], parts["CoopCredit"]
    timelock = coop["TimelockController"]
    assert harvest.MEMBERSHIP() == coop["Membership"].address
    assert harvest.TIMELOCK() == timelock.address == harvest.owner()
    assert credit.owner() == timelock.address and credit.is_minter(timelock)
    assert not credit.is_minter(deployer)
    check_roles(parts, timelock, [deployer])


def test_deploy_harvest_and_credit__deployer_cannot_mint_or_freeze(parts, deployer, founders, now):
    with ape.reverts("erc20: access is denied"):
        parts["CoopCredit"].mint(deployer, CREDIT, sender=deployer)
    harvest = parts["HarvestToken"]
    harvest.log_harvest("Kale", 100, now - DAY, now + 30 * DAY, "Plot 2", sender=founders[0])
    with ape.reverts("harvest: caller is not the timelock"):
        harvest.freeze(1, "admin key", sender=deployer)


def test_part__signature_of_deployment_parts(project, deployer, coop):
    contracts = part(project, deployer, dict(coop))
    assert set(contracts) == {"HarvestToken", "CoopCredit"}


def test_check_roles__other_minter__raises(parts, coop, founders):
    with pytest.raises(RuntimeError, match="timelock"):
        check_roles(parts, founders[0], [])


def test_proposal__mints_equal_allowance_to_every_member(parts, govern, founders):
    credit = parts["CoopCredit"]
    govern([call(credit, "mint", f, 25 * CREDIT) for f in founders], "monthly allowance")
    assert [credit.balanceOf(f) for f in founders] == [25 * CREDIT] * len(founders)
    assert credit.totalSupply() == 25 * CREDIT * len(founders)


def test_proposal__freezes_a_batch(parts, govern, founders, now):
    harvest = parts["HarvestToken"]
    harvest.log_harvest("Tomatoes", 9_000, now - DAY, now + 30 * DAY, "nowhere", sender=founders[1])
    govern([call(harvest, "freeze", 1, "no such plot")], "freeze batch 1")
    assert harvest.batch(1).frozen
    with ape.reverts("harvest: batch frozen"):
        harvest.safeTransferFrom(founders[1], founders[2], 1, 1, b"", sender=founders[1])
