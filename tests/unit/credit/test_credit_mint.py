"""mint: only the timelock (a passed proposal) creates credit."""

import ape

ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
CREDIT = 10**18


def test_mint__timelock__creates_and_logs(credit, timelock_stand_in, outsider):
    supply = credit.totalSupply()
    tx = credit.mint(outsider, 5 * CREDIT, sender=timelock_stand_in)
    assert credit.balanceOf(outsider) == 5 * CREDIT
    assert credit.totalSupply() == supply + 5 * CREDIT
    event = tx.decode_logs(credit.Transfer)[0]
    assert (event.sender, event.receiver, event.value) == (ZERO_ADDRESS, outsider.address, 5 * CREDIT)


def test_mint__deployer__reverts(credit, deployer, holder):
    with ape.reverts("erc20: access is denied"):
        credit.mint(holder, CREDIT, sender=deployer)


def test_mint__member__reverts(credit, holder):
    with ape.reverts("erc20: access is denied"):
        credit.mint(holder, CREDIT, sender=holder)


def test_mint__to_zero_address__reverts(credit, timelock_stand_in):
    with ape.reverts("erc20: mint to the zero address"):
        credit.mint(ZERO_ADDRESS, CREDIT, sender=timelock_stand_in)


def test_mint__total_supply_overflow__reverts(credit, timelock_stand_in, outsider):
    with ape.reverts():
        credit.mint(outsider, 2**256 - 1, sender=timelock_stand_in)
