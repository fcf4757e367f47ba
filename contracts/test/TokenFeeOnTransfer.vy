# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title TokenFeeOnTransfer: a test ERC-20 that burns 1 % of every transfer
@custom:contract-name TokenFeeOnTransfer
@license GNU Affero General Public License v3.0 only
@notice `transfer` and `transferFrom` return `true`, but the receiver gets
        only 99 % of the amount (the rest is burned). `set_fee_bps` changes
        the fee (0 turns it into a normal token, to model a token that
        switches a fee on later). `is_minter` says yes to anyone, so a
        ResourcePool takes it as a co-op's credit (whose minter is the
        timelock) and its donations can be tested. Test use only.
"""

from ethereum.ercs import IERC20

implements: IERC20

name: public(String[32])
symbol: public(String[8])
decimals: public(uint8)
totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])

# @dev Fee burned on every transfer, in basis points.
fee_bps: public(uint256)


@deploy
def __init__(name_: String[32], symbol_: String[8], decimals_: uint8):
    """
    @param name_ Token name.
    @param symbol_ Token symbol.
    @param decimals_ Decimals.
    """
    self.name = name_
    self.symbol = symbol_
    self.decimals = decimals_
    self.fee_bps = 100


@external
def transfer(receiver: address, amount: uint256) -> bool:
    """
    @notice Move `amount` from the caller; `receiver` gets it minus the fee.
    @param receiver The receiver.
    @param amount The amount.
    @return bool True.
    """
    self._transfer(msg.sender, receiver, amount)
    return True


@external
def transferFrom(owner: address, receiver: address, amount: uint256) -> bool:
    """
    @notice Move `amount` from `owner`; `receiver` gets it minus the fee.
    @param owner The owner.
    @param receiver The receiver.
    @param amount The amount.
    @return bool True.
    """
    allowed: uint256 = self.allowance[owner][msg.sender]
    if allowed != max_value(uint256):
        assert allowed >= amount, "token: insufficient allowance"
        self.allowance[owner][msg.sender] = allowed - amount
    self._transfer(owner, receiver, amount)
    return True


@external
def approve(spender: address, amount: uint256) -> bool:
    """
    @notice Let `spender` move `amount`.
    @param spender The spender.
    @param amount The allowance.
    @return bool True.
    """
    self.allowance[msg.sender][spender] = amount
    log IERC20.Approval(owner=msg.sender, spender=spender, value=amount)
    return True


@external
def _mint_for_testing(receiver: address, amount: uint256):
    """
    @notice Mint `amount` to `receiver` (test helper, anyone).
    @param receiver The receiver.
    @param amount The amount.
    """
    self.totalSupply += amount
    self.balanceOf[receiver] += amount
    log IERC20.Transfer(sender=empty(address), receiver=receiver, value=amount)


@external
@view
def is_minter(account: address) -> bool:
    """
    @notice Always true: stands in for a co-op credit minted by its timelock.
    @param account Any account.
    @return bool True.
    """
    return True


@external
def set_fee_bps(fee_bps: uint256):
    """
    @notice Change the transfer fee (basis points).
    @param fee_bps The fee.
    """
    self.fee_bps = fee_bps


@internal
def _transfer(owner: address, receiver: address, amount: uint256):
    assert self.balanceOf[owner] >= amount, "token: insufficient balance"
    fee: uint256 = amount * self.fee_bps // 10_000
    self.balanceOf[owner] -= amount
    self.balanceOf[receiver] += amount - fee
    self.totalSupply -= fee
    log IERC20.Transfer(sender=owner, receiver=receiver, value=amount - fee)
