"""burn / burn_from: holders destroy their own credit."""

import ape

CREDIT = 10**18
ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"


def test_burn__holder__destroys_and_logs(credit, holder):
    supply = credit.totalSupply()
    tx = credit.burn(40 * CREDIT, sender=holder)
    assert credit.balanceOf(holder) == 60 * CREDIT
    assert credit.totalSupply() == supply - 40 * CREDIT
    event = tx.decode_logs(credit.Transfer)[0]
    assert (event.sender, event.receiver, event.value) == (holder.address, ZERO_ADDRESS, 40 * CREDIT)


def test_burn__more_than_balance__reverts(credit, holder):
    with ape.reverts("erc20: burn amount exceeds balance"):
        credit.burn(101 * CREDIT, sender=holder)


def test_burn__timelock_without_balance__reverts(credit, timelock_stand_in):
    with ape.reverts("erc20: burn amount exceeds balance"):
        credit.burn(1, sender=timelock_stand_in)


def test_burn_from__with_allowance__destroys(credit, holder, spender):
    credit.approve(spender, 10 * CREDIT, sender=holder)
    credit.burn_from(holder, 10 * CREDIT, sender=spender)
    assert credit.balanceOf(holder) == 90 * CREDIT
    assert credit.allowance(holder, spender) == 0


def test_burn_from__without_allowance__reverts(credit, holder, timelock_stand_in):
    # Not even the timelock can burn someone's credit.
    with ape.reverts("erc20: insufficient allowance"):
        credit.burn_from(holder, 1, sender=timelock_stand_in)
