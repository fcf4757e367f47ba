"""CoopCredit's constructor: ERC-20 metadata, the timelock as owner and sole minter."""

import ape

NAME, SYMBOL = "Harvest Coop Credit", "CRED"
ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"


def test_deploy__metadata(credit):
    assert credit.name() == NAME
    assert credit.symbol() == SYMBOL
    assert credit.decimals() == 18


def test_deploy__timelock__owner_and_only_minter(credit, timelock_stand_in, deployer):
    assert credit.owner() == timelock_stand_in.address
    assert credit.TIMELOCK() == timelock_stand_in.address
    assert credit.is_minter(timelock_stand_in)
    assert not credit.is_minter(deployer)


def test_deploy__role_events__deployer_keeps_nothing(project, chain, deployer, timelock_stand_in):
    token = project.CoopCredit.deploy(NAME, SYMBOL, timelock_stand_in, sender=deployer)
    receipt = chain.get_receipt(token.txn_hash)
    minters = [(log.minter, log.status) for log in receipt.decode_logs(token.RoleMinterChanged)]
    assert minters == [(deployer.address, True), (deployer.address, False), (timelock_stand_in.address, True)]
    owners = [(log.previous_owner, log.new_owner) for log in receipt.decode_logs(token.OwnershipTransferred)]
    assert owners == [(ZERO_ADDRESS, deployer.address), (deployer.address, timelock_stand_in.address)]


def test_deploy__no_role_changing_functions(project):
    names = {item.name for item in project.CoopCredit.contract_type.abi if hasattr(item, "name")}
    assert {"set_minter", "transfer_ownership", "renounce_ownership"}.isdisjoint(names)
    assert {"mint", "burn", "burn_from", "permit", "nonces", "DOMAIN_SEPARATOR", "eip712Domain"} <= names


def test_deploy__deployer_is_timelock__still_minter(project, timelock_stand_in):
    token = project.CoopCredit.deploy(NAME, SYMBOL, timelock_stand_in, sender=timelock_stand_in)
    assert token.is_minter(timelock_stand_in)
    assert token.owner() == timelock_stand_in.address


def test_deploy__zero_timelock__reverts(project, deployer):
    with ape.reverts("credit: timelock is the zero address"):
        project.CoopCredit.deploy(NAME, SYMBOL, ZERO_ADDRESS, sender=deployer)
