"""transfer / transferFrom / approve: plain ERC-20."""

import ape

CREDIT = 10**18
ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
MAX = 2**256 - 1


def test_transfer__holder__moves_and_logs(credit, holder, outsider):
    tx = credit.transfer(outsider, 3 * CREDIT, sender=holder)
    assert credit.balanceOf(outsider) == 3 * CREDIT
    assert credit.balanceOf(holder) == 97 * CREDIT
    event = tx.decode_logs(credit.Transfer)[0]
    assert (event.sender, event.receiver, event.value) == (holder.address, outsider.address, 3 * CREDIT)


def test_transfer__more_than_balance__reverts(credit, holder, outsider):
    with ape.reverts("erc20: transfer amount exceeds balance"):
        credit.transfer(outsider, 101 * CREDIT, sender=holder)


def test_transfer__to_zero_address__reverts(credit, holder):
    with ape.reverts("erc20: transfer to the zero address"):
        credit.transfer(ZERO_ADDRESS, 1, sender=holder)


def test_approve__sets_allowance_and_logs(credit, holder, spender):
    tx = credit.approve(spender, 7 * CREDIT, sender=holder)
    assert credit.allowance(holder, spender) == 7 * CREDIT
    event = tx.decode_logs(credit.Approval)[0]
    assert (event.owner, event.spender, event.value) == (holder.address, spender.address, 7 * CREDIT)


def test_approve__zero_spender__reverts(credit, holder):
    with ape.reverts("erc20: approve to the zero address"):
        credit.approve(ZERO_ADDRESS, 1, sender=holder)


def test_transfer_from__within_allowance__moves_and_spends(credit, holder, spender, outsider):
    credit.approve(spender, 7 * CREDIT, sender=holder)
    credit.transferFrom(holder, outsider, 5 * CREDIT, sender=spender)
    assert credit.balanceOf(outsider) == 5 * CREDIT
    assert credit.allowance(holder, spender) == 2 * CREDIT


def test_transfer_from__infinite_allowance__not_spent(credit, holder, spender, outsider):
    credit.approve(spender, MAX, sender=holder)
    credit.transferFrom(holder, outsider, CREDIT, sender=spender)
    assert credit.allowance(holder, spender) == MAX


def test_transfer_from__over_allowance__reverts(credit, holder, spender, outsider):
    credit.approve(spender, CREDIT, sender=holder)
    with ape.reverts("erc20: insufficient allowance"):
        credit.transferFrom(holder, outsider, CREDIT + 1, sender=spender)
