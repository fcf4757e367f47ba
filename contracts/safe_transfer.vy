# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title safe_transfer: moving ERC-20 and ERC-1155 tokens that may misbehave
@custom:contract-name safe_transfer
@license GNU Affero General Public License v3.0 only
@notice Adds, for a contract that moves tokens it does not control:
        - `_kind_of`: tells an ERC-1155 (ERC-165 `0xd9b67a26`) from an ERC-20
          (answers `totalSupply()` with one word), refusing anything else;
        - `_supports_interface` / `_answers_true`: asks a contract a yes/no
          question (ERC-165 or any one-argument view) without trusting it
          to answer at all;
        - `_move_measured`: moves tokens from `owner` to `to` with the calling
          contract as spender/operator and refuses unless `to`'s balance grew
          by exactly `amount` (fee-on-transfer, rebasing-down and silently
          failing tokens are refused);
        - `_send`: moves tokens the calling contract holds to `to`.
        ERC-20 calls go through `raw_call`, so tokens that return `true`,
        return nothing (USDT-style) or revert are handled, and a token that
        returns `false` is treated as a failure.
        The module is stateless (no `initializes:` needed).
@custom:security Report vulnerabilities to security@harvest-coop.invalid.
"""

from ethereum.ercs import IERC20
from snekmate.tokens.interfaces import IERC1155


# @dev Token kinds, as stored by the exchange and carried in escrow records.
KIND_NONE: constant(uint8) = 0
KIND_ERC20: constant(uint8) = 1
KIND_ERC1155: constant(uint8) = 2

# @dev The ERC-165 interface id of ERC-1155.
_ERC1155_INTERFACE_ID: constant(bytes4) = 0xD9B67A26


@internal
@view
def _kind_of(token: address) -> uint8:
    """
    @dev Returns the kind of `token`, or reverts if it is neither an
         ERC-1155 nor an ERC-20.
    @param token The 20-byte token address.
    @return uint8 `KIND_ERC20` or `KIND_ERC1155`.
    """
    assert token.is_contract, "safe_transfer: token has no code"
    if self._supports_interface(token, _ERC1155_INTERFACE_ID):
        return KIND_ERC1155
    success: bool = False
    response: Bytes[32] = b""
    success, response = raw_call(
        token,
        method_id("totalSupply()"),
        max_outsize=32,
        is_static_call=True,
        revert_on_failure=False,
    )
    assert (success and len(response) == 32), "safe_transfer: not an ERC-20 or ERC-1155 token"
    return KIND_ERC20


@internal
@view
def _supports_interface(account: address, interface_id: bytes4) -> bool:
    """
    @dev Whether `account` answers ERC-165 `supportsInterface(interface_id)`
         with true; a call that reverts or returns anything else is no.
    @param account The 20-byte address asked.
    @param interface_id The 4-byte interface identifier.
    @return bool Whether it declares the interface.
    """
    return self._answers_true(
        account,
        abi_encode(interface_id, method_id=method_id("supportsInterface(bytes4)")),
    )


@internal
@view
def _answers_true(account: address, payload: Bytes[36]) -> bool:
    """
    @dev Makes the static call `payload` to `account` and says whether it
         succeeded and returned exactly one word equal to 1 (`true`).
    @param account The 20-byte address called.
    @param payload The ABI-encoded call (a selector and one word).
    @return bool Whether the answer was `true`.
    """
    success: bool = False
    response: Bytes[32] = b""
    success, response = raw_call(
        account,
        payload,
        max_outsize=32,
        is_static_call=True,
        revert_on_failure=False,
    )
    return success and len(response) == 32 and convert(response, uint256) == 1


@internal
def _move_measured(
    kind: uint8,
    token: address,
    id: uint256,
    owner: address,
    to: address,
    amount: uint256,
):
    """
    @dev Moves `amount` of (`token`, `id`) from `owner` to `to`, the calling
         contract acting as ERC-20 spender or ERC-1155 operator, and checks
         that `to`'s balance grew by exactly `amount`.
    @notice The balance read before the move also warms the storage slot
            the token writes, so the measurement costs little more than the
            two calls.
    @param kind `KIND_ERC20` or `KIND_ERC1155`.
    @param token The 20-byte token address.
    @param id The token id (0 for an ERC-20).
    @param owner The 20-byte address the tokens come from.
    @param to The 20-byte address the tokens go to.
    @param amount The amount to move.
    """
    before: uint256 = 0
    if kind == KIND_ERC20:
        before = staticcall IERC20(token).balanceOf(to)
        self._call_erc20(
            token,
            abi_encode(
                owner,
                to,
                amount,
                method_id=method_id("transferFrom(address,address,uint256)"),
            ),
        )
        assert (
            staticcall IERC20(token).balanceOf(to) == before + amount
        ), "safe_transfer: balance change differs from amount"
    else:
        before = staticcall IERC1155(token).balanceOf(to, id)
        extcall IERC1155(token).safeTransferFrom(owner, to, id, amount, b"")
        assert (
            staticcall IERC1155(token).balanceOf(to, id) == before + amount
        ), "safe_transfer: balance change differs from amount"


@internal
def _send(kind: uint8, token: address, id: uint256, to: address, amount: uint256):
    """
    @dev Moves `amount` of (`token`, `id`) held by the calling contract to
         `to`. Not measured: a token that changed its rules after the tokens
         came in must not lock them in the contract for ever.
    @param kind `KIND_ERC20` or `KIND_ERC1155`.
    @param token The 20-byte token address.
    @param id The token id (0 for an ERC-20).
    @param to The 20-byte receiver address.
    @param amount The amount to move.
    """
    if kind == KIND_ERC20:
        self._call_erc20(
            token,
            abi_encode(to, amount, method_id=method_id("transfer(address,uint256)")),
        )
    else:
        extcall IERC1155(token).safeTransferFrom(self, to, id, amount, b"")


@internal
def _call_erc20(token: address, payload: Bytes[100]):
    """
    @dev Calls an ERC-20 `transfer` or `transferFrom` and accepts it if the
         call succeeded and returned nothing or `true`.
    @param token The 20-byte token address.
    @param payload The ABI-encoded call.
    """
    success: bool = False
    response: Bytes[32] = b""
    success, response = raw_call(token, payload, max_outsize=32, revert_on_failure=False)
    assert success, "safe_transfer: token transfer reverted"
    if len(response) != 0:
        assert (len(response) == 32 and convert(response, uint256) == 1), "safe_transfer: token transfer returned false"
