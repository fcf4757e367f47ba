"""HarvestToken's constructor: wiring to Membership, no role left to the deployer."""

import ape

ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"


def test_deploy__wires_membership_and_timelock(harvest, mock_membership, timelock_stand_in):
    assert harvest.MEMBERSHIP() == mock_membership.address
    assert harvest.TIMELOCK() == timelock_stand_in.address
    assert harvest.batch_count() == 0


def test_deploy__deployer__keeps_no_role(project, harvest, deployer, timelock_stand_in):
    assert harvest.owner() == timelock_stand_in.address
    abi_names = {item.name for item in project.HarvestToken.contract_type.abi if hasattr(item, "name")}
    # No minter, URI setter, raw burn or ownership transfer is exposed.
    for absent in (
        "safe_mint",
        "safe_mint_batch",
        "set_minter",
        "is_minter",
        "set_uri",
        "burn",
        "burn_batch",
        "transfer_ownership",
        "renounce_ownership",
    ):
        assert absent not in abi_names


def test_deploy__minter_role__revoked_from_deployer_in_events(
    project, chain, deployer, mock_membership, timelock_stand_in
):
    token = project.HarvestToken.deploy(mock_membership, timelock_stand_in, sender=deployer)
    receipt = chain.get_receipt(token.txn_hash)
    changes = [(log.minter, log.status) for log in receipt.decode_logs(token.RoleMinterChanged)]
    assert changes == [(deployer.address, True), (deployer.address, False)]
    owners = [(log.previous_owner, log.new_owner) for log in receipt.decode_logs(token.OwnershipTransferred)]
    assert owners == [(ZERO_ADDRESS, deployer.address), (deployer.address, timelock_stand_in.address)]


def test_deploy__timelock_not_membership_timelock__reverts(project, deployer, mock_membership, outsider):
    with ape.reverts("harvest: timelock is not the co-op's"):
        project.HarvestToken.deploy(mock_membership, outsider, sender=deployer)


def test_deploy__zero_timelock__reverts(project, deployer, mock_membership):
    with ape.reverts("harvest: timelock is the zero address"):
        project.HarvestToken.deploy(mock_membership, ZERO_ADDRESS, sender=deployer)
