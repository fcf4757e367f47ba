# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title TokenReturnsFalse: a test ERC-20 that returns false instead of reverting
@custom:contract-name TokenReturnsFalse
@license GNU Affero General Public License v3.0 only
@notice Like brownie-token-tester's `ERC20(success=False)`: a failing
        `transfer`, `transferFrom` or `approve` returns `false` and changes
        nothing; a successful one returns `true`. `set_blocked` makes
        transfers from or to an account fail. Test use only.
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
    @notice Move `amount` from the caller to `receiver`; false on failure.
    @param receiver The receiver.
    @param amount The amount.
    @return bool Success.
    """
    return self._transfer(msg.sender, receiver, amount)


@external
def transferFrom(owner: address, receiver: address, amount: uint256) -> bool:
    """
    @notice Move `amount` from `owner` to `receiver`; false on failure.
    @param owner The owner.
    @param receiver The receiver.
    @param amount The amount.
    @return bool Success.
    """
    allowed: uint256 = self.allowance[owner][msg.sender]
    if allowed < amount:
        return False
    if not self._transfer(owner, receiver, amount):
        return False
    if allowed != max_value(uint256):
        self.allowance[owner][msg.sender] = allowed - amount
    return True


@external
def approve(spender: address, amount: uint256) -> bool:
    """
    @notice Let `spender` move `amount`; false for a blocked caller.
    @param spender The spender.
    @param amount The allowance.
    @return bool Success.
    """
    if self.blocked[msg.sender]:
        return False
    self.allowance[msg.sender][spender] = amount
    log Approval(owner=msg.sender, spender=spender, value=amount)
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
    log Transfer(sender=empty(address), receiver=receiver, value=amount)


@external
def set_blocked(account: address, blocked: bool):
    """
    @notice Block (or unblock) `account` from sending and receiving.
    @param account The account.
    @param blocked The flag.
    """
    self.blocked[account] = blocked


@internal
def _transfer(owner: address, receiver: address, amount: uint256) -> bool:
    if self.blocked[owner] or self.blocked[receiver] or self.balanceOf[owner] < amount:
        return False
    self.balanceOf[owner] -= amount
    self.balanceOf[receiver] += amount
    log Transfer(sender=owner, receiver=receiver, value=amount)
    return True
