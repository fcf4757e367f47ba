# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title ERC1155ReceiverMock: a configurable ERC-1155 receiver for tests
@custom:contract-name ERC1155ReceiverMock
@license GNU Affero General Public License v3.0 only
@notice A contract account (a smart wallet, a co-op contract) whose receiver
        hooks behave as the test sets:
        - ACCEPT: returns the magic value,
        - REJECT: reverts with "receiver: rejected",
        - WRONG_VALUE: returns 0xdeadbeef,
        - REENTER: once (it then switches to ACCEPT), calls `reenter_target`
          with `reenter_data` (re-entering the token), then returns the
          magic value; a failing call reverts.
        `execute` lets the mock act as a wallet (log a harvest, transfer,
        redeem). Tests only.
"""

ACCEPT: public(constant(uint8)) = 0
REJECT: public(constant(uint8)) = 1
WRONG_VALUE: public(constant(uint8)) = 2
REENTER: public(constant(uint8)) = 3

_ON_RECEIVED: constant(bytes4) = method_id(
    "onERC1155Received(address,address,uint256,uint256,bytes)",
    output_type=bytes4,
)
_ON_BATCH_RECEIVED: constant(bytes4) = method_id(
    "onERC1155BatchReceived(address,address,uint256[],uint256[],bytes)",
    output_type=bytes4,
)

mode: public(uint8)
reenter_target: public(address)
reenter_data: public(Bytes[1_024])

# @dev What the last hook received.
received_calls: public(uint256)
last_operator: public(address)
last_from: public(address)
last_ids: public(DynArray[uint256, 128])
last_amounts: public(DynArray[uint256, 128])
last_data: public(Bytes[1_024])


@deploy
def __init__(mode_: uint8):
    """
    @param mode_ The initial hook behaviour.
    """
    self.mode = mode_


@external
def set_mode(mode_: uint8):
    """
    @notice Changes the hook behaviour.
    @param mode_ ACCEPT, REJECT, WRONG_VALUE or REENTER.
    """
    self.mode = mode_


@external
def set_reentry(target: address, data: Bytes[1_024]):
    """
    @notice The call the hooks make in REENTER mode.
    @param target The contract to call (the token).
    @param data The calldata.
    """
    self.reenter_target = target
    self.reenter_data = data


@external
def execute(target: address, data: Bytes[1_024]) -> Bytes[1_024]:
    """
    @notice Makes a call as this contract (a wallet); reverts bubble up.
    @param target The contract to call.
    @param data The calldata.
    @return Bytes The returned data.
    """
    return raw_call(target, data, max_outsize=1_024)


@external
def onERC1155Received(
    _operator: address,
    _from: address,
    _id: uint256,
    _value: uint256,
    _data: Bytes[1_024],
) -> bytes4:
    """
    @notice The single-transfer hook, behaving as `mode` says.
    @param _operator The caller of the transfer.
    @param _from The previous holder (zero on mint).
    @param _id The token id.
    @param _value The amount.
    @param _data The transfer's data.
    @return bytes4 The magic value, unless told otherwise.
    """
    self._record(_operator, _from, [_id], [_value], _data)
    return self._respond(_ON_RECEIVED)


@external
def onERC1155BatchReceived(
    _operator: address,
    _from: address,
    _ids: DynArray[uint256, 128],
    _values: DynArray[uint256, 128],
    _data: Bytes[1_024],
) -> bytes4:
    """
    @notice The batch-transfer hook, behaving as `mode` says.
    @param _operator The caller of the transfer.
    @param _from The previous holder (zero on mint).
    @param _ids The token ids.
    @param _values The amounts.
    @param _data The transfer's data.
    @return bytes4 The magic value, unless told otherwise.
    """
    self._record(_operator, _from, _ids, _values, _data)
    return self._respond(_ON_BATCH_RECEIVED)


@external
@view
def supportsInterface(interface_id: bytes4) -> bool:
    """
    @notice ERC-165: ERC-165 and ERC-1155 receiver.
    @param interface_id The interface id.
    @return bool Whether it is supported.
    """
    return interface_id in [0x01FFC9A7, 0x4E2312E0]


@internal
def _record(
    operator: address,
    sender: address,
    ids: DynArray[uint256, 128],
    amounts: DynArray[uint256, 128],
    data: Bytes[1_024],
):
    self.received_calls += 1
    self.last_operator = operator
    self.last_from = sender
    self.last_ids = ids
    self.last_amounts = amounts
    self.last_data = data


@internal
def _respond(magic: bytes4) -> bytes4:
    mode_: uint8 = self.mode
    if mode_ == REJECT:
        raise "receiver: rejected"
    if mode_ == WRONG_VALUE:
        return 0xDEADBEEF
    if mode_ == REENTER:
        # Once: the re-entered call may itself trigger this hook.
        self.mode = ACCEPT
        raw_call(self.reenter_target, self.reenter_data)
    return magic
