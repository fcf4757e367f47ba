# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title TokenReentrant: an ERC-1155 that calls back into a target on transfer
@custom:contract-name TokenReentrant
@license GNU Affero General Public License v3.0 only
@notice snekmate's ERC-1155, except that `safeTransferFrom` first calls
        `target` with `payload` (set with `set_attack`), records whether that
        call succeeded in `reentry_succeeded` (and its return data), then
        transfers normally. Used to show the exchange's reentrancy lock:
        a call back into it during a transfer fails. Test use only.
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
    erc1155.safeBatchTransferFrom,
    erc1155.supportsInterface,
    erc1155.total_supply,
)


# @dev Where to call back and with what; no call while `target` is zero.
target: public(address)
payload: public(Bytes[2_048])

# @dev How many call-backs were tried and whether the last one succeeded.
reentry_attempts: public(uint256)
reentry_succeeded: public(bool)
reentry_response: public(Bytes[256])


@deploy
def __init__():
    """
    @dev Empty base URI.
    """
    ownable.__init__()
    erc1155.__init__("")


@external
def set_attack(target: address, payload: Bytes[2_048]):
    """
    @notice Call `target` with `payload` on every transfer (zero disables).
    @param target The contract to call back.
    @param payload The calldata.
    """
    self.target = target
    self.payload = payload


@external
def safeTransferFrom(
    owner: address,
    to: address,
    id: uint256,
    amount: uint256,
    data: Bytes[1_024],
):
    """
    @notice Call back the target, then transfer as snekmate's ERC-1155 does.
    @param owner The holder.
    @param to The receiver.
    @param id The token id.
    @param amount The amount.
    @param data Passed to the receiver hook.
    """
    if self.target != empty(address):
        success: bool = False
        response: Bytes[256] = b""
        success, response = raw_call(self.target, self.payload, max_outsize=256, revert_on_failure=False)
        self.reentry_attempts += 1
        self.reentry_succeeded = success
        self.reentry_response = response
    assert (
        owner == msg.sender or erc1155.isApprovedForAll[owner][msg.sender]
    ), "erc1155: caller is not token owner or approved"
    erc1155._safe_transfer_from(owner, to, id, amount, data)


@external
def _mint_for_testing(receiver: address, id: uint256, amount: uint256):
    """
    @notice Mint `amount` of `id` to `receiver` (test helper, anyone).
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
