# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title CoopCredit: the co-op's unit of account
@custom:contract-name CoopCredit
@license GNU Affero General Public License v3.0 only
@notice An ERC-20 with 18 decimals, ERC-2612 `permit` and EIP-5267
        `eip712Domain`, built on snekmate's `erc20` module unchanged. Credit
        is created only by the co-op's timelock, that is by a passed
        proposal (for example an equal monthly allowance to every member);
        any holder can burn their own credit (`burn`, or `burn_from` with an
        allowance).

        Roles: snekmate's `erc20` gives the deployer the owner and minter
        roles. The constructor hands both to the timelock and clears the
        deployer's, and the role-changing functions (`set_minter`,
        `transfer_ownership`, `renounce_ownership`) are not exported, so the
        timelock is the owner and the only minter for the contract's whole
        life: no other minter can ever exist.

        `transfer` and `transferFrom` are snekmate's, except that they
        refuse this contract as the receiver: nothing can move credit out
        of it, so credit sent here by a slip would be lost.
@custom:kill There is no pause and no admin beyond the timelock, which can
             only mint.
@custom:security Report vulnerabilities to security@harvest-coop.invalid.
"""

from snekmate.auth import ownable
from snekmate.tokens import erc20

initializes: ownable
initializes: erc20[ownable := ownable]

exports: (
    erc20.approve,
    erc20.balanceOf,
    erc20.allowance,
    erc20.totalSupply,
    erc20.name,
    erc20.symbol,
    erc20.decimals,
    erc20.burn,
    erc20.burn_from,
    erc20.mint,
    erc20.is_minter,
    erc20.permit,
    erc20.nonces,
    erc20.DOMAIN_SEPARATOR,
    erc20.eip712Domain,
    ownable.owner,
)


# @dev Credit has 18 decimals, like ether.
_DECIMALS: constant(uint8) = 18

# @dev EIP-712 domain version: signatures of another version never verify.
_EIP712_VERSION: constant(String[20]) = "1"


# @dev The co-op's timelock: the owner and only minter.
TIMELOCK: public(immutable(address))


@deploy
@payable
def __init__(name_: String[25], symbol_: String[5], timelock_: address):
    """
    @dev Deploys the token and leaves the timelock as its owner and sole
         minter; the deployer keeps no role.
    @param name_ The token name, also the EIP-712 domain name.
    @param symbol_ The token symbol.
    @param timelock_ The co-op's timelock.
    """
    assert timelock_ != empty(address), "credit: timelock is the zero address"
    ownable.__init__()
    erc20.__init__(name_, symbol_, _DECIMALS, name_, _EIP712_VERSION)
    erc20.is_minter[msg.sender] = False
    log erc20.RoleMinterChanged(minter=msg.sender, status=False)
    erc20.is_minter[timelock_] = True
    log erc20.RoleMinterChanged(minter=timelock_, status=True)
    ownable._transfer_ownership(timelock_)
    TIMELOCK = timelock_


@external
def transfer(to: address, amount: uint256) -> bool:
    """
    @notice Moves `amount` of the caller's credit to `to` (not the zero
            address, not this contract).
    @dev snekmate's `erc20.transfer` with the receiver check.
    @param to The receiver.
    @param amount The amount moved.
    @return bool True; a failure reverts.
    """
    assert to != self, "credit: transfer to the credit contract"
    erc20._transfer(msg.sender, to, amount)
    return True


@external
def transferFrom(owner: address, to: address, amount: uint256) -> bool:
    """
    @notice Moves `amount` of `owner`'s credit to `to` (not the zero
            address, not this contract) within the caller's allowance,
            which is spent unless it is the maximum uint256.
    @dev snekmate's `erc20.transferFrom` with the receiver check.
    @param owner The holder.
    @param to The receiver.
    @param amount The amount moved.
    @return bool True; a failure reverts.
    """
    assert to != self, "credit: transfer to the credit contract"
    erc20._spend_allowance(owner, msg.sender, amount)
    erc20._transfer(owner, to, amount)
    return True
