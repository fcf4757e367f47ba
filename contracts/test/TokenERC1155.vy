# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title TokenERC1155: snekmate's ERC-1155 with a test mint
@custom:contract-name TokenERC1155
@license GNU Affero General Public License v3.0 only
@notice snekmate's audited `erc1155` module exported as is (receiver hooks,
        approvals, ERC-165), plus `_mint_for_testing(to, id, amount)` that
        anyone may call, and HarvestToken's `is_coop_contract` view (set by
        anyone with `_set_coop_contract_for_testing`, enforced nowhere) so
        the exchange's pool check can run against it, and HarvestToken's
        `send_from_coop` (a plain transfer by the caller), through which
        the exchange pays out harvest. Test use only.
"""

from snekmate.auth import ownable
from snekmate.tokens import erc1155
from snekmate.tokens.interfaces import IERC1155

initializes: ownable
initializes: erc1155[ownable := ownable]

exports: (
    erc1155.balanceOf,
    erc1155.balanceOfBatch,
    erc1155.isApprovedForAll,
    erc1155.setApprovalForAll,
    erc1155.safeTransferFrom,
    erc1155.safeBatchTransferFrom,
    erc1155.supportsInterface,
    erc1155.total_supply,
    erc1155.uri,
)


# @dev What HarvestToken's `is_coop_contract` would answer (test setting).
is_coop_contract: public(HashMap[address, bool])


@deploy
def __init__():
    """
    @dev Empty base URI; the deployer's minter role is unused.
    """
    ownable.__init__()
    erc1155.__init__("")


@external
def _mint_for_testing(receiver: address, id: uint256, amount: uint256):
    """
    @notice Mint `amount` of `id` to `receiver` without a receiver check
            (test helper, anyone).
    @param receiver The receiver.
    @param id The token id.
    @param amount The amount.
    """
    erc1155.total_supply[id] += amount
    erc1155.balanceOf[receiver][id] += amount
    log IERC1155.TransferSingle(
        _operator=msg.sender,
        _from=empty(address),
        _to=receiver,
        _id=id,
        _value=amount,
    )


@external
def _set_coop_contract_for_testing(account: address, allowed: bool):
    """
    @notice Set what `is_coop_contract(account)` answers (test helper,
            anyone; the token enforces nothing with it).
    @param account The account.
    @param allowed The answer.
    """
    self.is_coop_contract[account] = allowed


@external
def send_from_coop(to: address, id: uint256, amount: uint256):
    """
    @notice HarvestToken's `send_from_coop` without the co-op rules: the
            caller sends `amount` of `id` it holds to `to` (receiver hook
            included), as `safeTransferFrom(msg.sender, to, id, amount, b"")`.
    @param to The receiver.
    @param id The token id.
    @param amount The amount.
    """
    erc1155._safe_transfer_from(msg.sender, to, id, amount, b"")
