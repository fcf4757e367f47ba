# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title TokenBlocklist: a test ERC-20 that reverts for blocked accounts (USDC-style)
@custom:contract-name TokenBlocklist
@license GNU Affero General Public License v3.0 only
@notice `transfer`,
        `transferFrom` and `approve` return `true` and revert on failure.
        `set_blocked` makes transfers from or to an account fail (a
        blacklisting token). Test use only: anyone may mint.
"""

from ethereum.ercs import IERC20

implements: IERC20

name: public(String[32])
symbol: public(String[8])
decimals: public(uint8)
totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])

# @dev Accounts that can neither send nor receive.
blocked: public(HashMap[address, bool])


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


@external
def transfer(receiver: address, amount: uint256) -> bool:
    """
    @notice Move `amount` from the caller to `receiver`.
    @param receiver The receiver.
    @param amount The amount.
    @return bool True.
    """
    self._transfer(msg.sender, receiver, amount)
    return True


@external
def transferFrom(owner: address, receiver: address, amount: uint256) -> bool:
    """
    @notice Move `amount` from `owner` to `receiver` using an allowance.
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
    @notice Let `spender` move `amount` of the caller's tokens.
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
def set_blocked(account: address, blocked: bool):
    """
    @notice Block (or unblock) `account` from sending and receiving.
    @param account The account.
    @param blocked The flag.
    """
    self.blocked[account] = blocked


@internal
def _transfer(owner: address, receiver: address, amount: uint256):
    assert (not self.blocked[owner] and not self.blocked[receiver]), "token: account blocked"
    assert self.balanceOf[owner] >= amount, "token: insufficient balance"
    self.balanceOf[owner] -= amount
    self.balanceOf[receiver] += amount
    log IERC20.Transfer(sender=owner, receiver=receiver, value=amount)
