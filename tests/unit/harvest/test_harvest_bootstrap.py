"""bootstrap_coop_contracts: the deployment registers the co-op's own contracts once."""

import ape


def test_bootstrap__deployer_once__registers_contracts_and_closes(
    project, deployer, mock_membership, timelock_stand_in, outsider
):
    harvest = project.HarvestToken.deploy(mock_membership, timelock_stand_in, sender=deployer)
    wallet = project.VoterWallet.deploy(outsider, sender=deployer)
    assert not harvest.bootstrapped()
    tx = harvest.bootstrap_coop_contracts([wallet], sender=deployer)
    assert harvest.bootstrapped()
    assert harvest.is_coop_contract(wallet)
    ev = tx.decode_logs(harvest.CoopContractSet)[0]
    assert ev.account == wallet.address and ev.allowed
    with ape.reverts("harvest: already bootstrapped"):
        harvest.bootstrap_coop_contracts([], sender=deployer)


def test_bootstrap__not_deployer__reverts(project, deployer, mock_membership, timelock_stand_in, outsider):
    harvest = project.HarvestToken.deploy(mock_membership, timelock_stand_in, sender=deployer)
    with ape.reverts("harvest: only the deployer bootstraps"):
        harvest.bootstrap_coop_contracts([], sender=outsider)


def test_bootstrap__externally_owned_account__reverts(
    project, deployer, mock_membership, timelock_stand_in, outsider
):
    harvest = project.HarvestToken.deploy(mock_membership, timelock_stand_in, sender=deployer)
    with ape.reverts("harvest: not a contract"):
        harvest.bootstrap_coop_contracts([outsider], sender=deployer)
    assert not harvest.bootstrapped()
