# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title TokenERC20: snekmate's ERC-20 with a test mint
@custom:contract-name TokenERC20
@license GNU Affero General Public License v3.0 only
@notice snekmate's audited `erc20` module (ERC-20 + EIP-2612 permit)
        exported as is, like CoopCredit: `transfer`, `transferFrom` and
        `approve` return `true` and revert on failure (brownie-token-tester's
        `ERC20(success=True)`). Adds `_mint_for_testing(to, amount)` that
        anyone may call. Test use only.
"""

from snekmate.auth import ownable
from snekmate.tokens import erc20

initializes: ownable
initializes: erc20[ownable := ownable]

exports: (
    erc20.totalSupply,
    erc20.balanceOf,
    erc20.allowance,
    erc20.transfer,
    erc20.transferFrom,
    erc20.approve,
    erc20.permit,
    erc20.nonces,
    erc20.DOMAIN_SEPARATOR,
    erc20.name,
    erc20.symbol,
    erc20.decimals,
)


@deploy
def __init__(name_: String[25], symbol_: String[5], decimals_: uint8):
    """
    @param name_ Token name.
    @param symbol_ Token symbol.
    @param decimals_ Decimals.
    """
    ownable.__init__()
    erc20.__init__(name_, symbol_, decimals_, name_, "1")


@external
def _mint_for_testing(receiver: address, amount: uint256):
    """
    @notice Mint `amount` to `receiver` (test helper, anyone).
    @param receiver The receiver.
    @param amount The amount.
    """
    erc20._mint(receiver, amount)
