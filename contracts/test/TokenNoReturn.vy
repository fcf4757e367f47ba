# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title TokenNoReturn: a test ERC-20 whose transfers return nothing (USDT-style)
@custom:contract-name TokenNoReturn
@license GNU Affero General Public License v3.0 only
@notice Like brownie-token-tester's `ERC20(success=None)`: `transfer`,
        `transferFrom` and `approve` return no data and revert on failure.
        `set_silent(True)` makes transfers return normally without moving
        anything (a token that fails silently). `set_blocked` makes transfers
        from or to an account revert. Test use only.
"""


event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    value: uint256


event Approval:
    owner: indexed(address)
    spender: indexed(address)
    value: uint256


name: public(String[32])
symbol: public(String[8])
decimals: public(uint8)
totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])
blocked: public(HashMap[address, bool])

# @dev When set, transfers do nothing and still return normally.
silent: public(bool)


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
def transfer(receiver: address, amount: uint256):
    """
    @notice Move `amount` from the caller to `receiver`; returns nothing.
    @param receiver The receiver.
    @param amount The amount.
    """
    self._transfer(msg.sender, receiver, amount)


@external
def transferFrom(owner: address, receiver: address, amount: uint256):
    """
    @notice Move `amount` from `owner` to `receiver`; returns nothing.
    @param owner The owner.
    @param receiver The receiver.
    @param amount The amount.
    """
    if self.silent:
        return
    allowed: uint256 = self.allowance[owner][msg.sender]
    if allowed != max_value(uint256):
        assert allowed >= amount, "token: insufficient allowance"
        self.allowance[owner][msg.sender] = allowed - amount
    self._transfer(owner, receiver, amount)


@external
def approve(spender: address, amount: uint256):
    """
    @notice Let `spender` move `amount`; returns nothing.
    @param spender The spender.
    @param amount The allowance.
    """
    self.allowance[msg.sender][spender] = amount
    log Approval(owner=msg.sender, spender=spender, value=amount)


@external
def _mint_for_testing(receiver: address, amount: uint256):
    """
    @notice Mint `amount` to `receiver` (test helper, anyone).
    @param receiver The receiver.
    @param amount The amount.
    """
    self.totalSupply += amount
    self.balanceOf[receiver] += amount
    log Transfer(sender=empty(address), receiver=receiver, value=amount)


@external
def set_blocked(account: address, blocked: bool):
    """
    @notice Block (or unblock) `account` from sending and receiving.
    @param account The account.
    @param blocked The flag.
    """
    self.blocked[account] = blocked


@external
def set_silent(silent: bool):
    """
    @notice Make transfers silently do nothing (or work again).
    @param silent The flag.
    """
    self.silent = silent


@internal
def _transfer(owner: address, receiver: address, amount: uint256):
    if self.silent:
        return
    assert (not self.blocked[owner] and not self.blocked[receiver]), "token: account blocked"
    assert self.balanceOf[owner] >= amount, "token: insufficient balance"
    self.balanceOf[owner] -= amount
    self.balanceOf[receiver] += amount
    log Transfer(sender=owner, receiver=receiver, value=amount)
