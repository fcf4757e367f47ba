# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title ExchangeRefusingReceiver: a contract account that can refuse ERC-1155
@custom:contract-name ExchangeRefusingReceiver
@license GNU Affero General Public License v3.0 only
@notice A minimal contract wallet: its owner makes it call anything
        (`execute`), e.g. approve tokens and fill offers on the exchange.
        While `refusing` is set its ERC-1155 receiver hooks revert, as a
        broken or hostile wallet's would. Test use only.
"""


# @dev The account that drives this wallet.
owner: public(address)

# @dev Whether the ERC-1155 hooks refuse.
refusing: public(bool)


@deploy
def __init__():
    """
    @dev The deployer owns the wallet; it starts refusing.
    """
    self.owner = msg.sender
    self.refusing = True


@external
def set_refusing(refusing: bool):
    """
    @notice Refuse (or accept) ERC-1155 tokens.
    @param refusing The flag.
    """
    assert msg.sender == self.owner, "wallet: only the owner"
    self.refusing = refusing


@external
def execute(target: address, payload: Bytes[2_048]) -> Bytes[256]:
    """
    @notice Call `target` with `payload` as this wallet; reverts with the
            callee's revert data on failure.
    @param target The contract to call.
    @param payload The calldata.
    @return Bytes The return data (at most 256 bytes).
    """
    assert msg.sender == self.owner, "wallet: only the owner"
    return raw_call(target, payload, max_outsize=256)


@external
@view
def supportsInterface(interface_id: bytes4) -> bool:
    """
    @notice ERC-165: claims to be an ERC-1155 receiver.
    @param interface_id The interface id.
    @return bool Supported.
    """
    return interface_id == 0x01FFC9A7 or interface_id == 0x4E2312E0


@external
@view
def onERC1155Received(
    _operator: address,
    _from: address,
    _id: uint256,
    _value: uint256,
    _data: Bytes[1_024],
) -> bytes4:
    """
    @notice Reverts while refusing, else accepts.
    @param _operator Operator.
    @param _from Previous holder.
    @param _id Token id.
    @param _value Amount.
    @param _data Data.
    @return bytes4 The selector.
    """
    assert not self.refusing, "wallet: refusing tokens"
    return method_id(
        "onERC1155Received(address,address,uint256,uint256,bytes)",
        output_type=bytes4,
    )


@external
@view
def onERC1155BatchReceived(
    _operator: address,
    _from: address,
    _ids: DynArray[uint256, 128],
    _values: DynArray[uint256, 128],
    _data: Bytes[1_024],
) -> bytes4:
    """
    @notice Reverts while refusing, else accepts.
    @param _operator Operator.
    @param _from Previous holder.
    @param _ids Token ids.
    @param _values Amounts.
    @param _data Data.
    @return bytes4 The selector.
    """
    assert not self.refusing, "wallet: refusing tokens"
    return method_id(
        "onERC1155BatchReceived(address,address,uint256[],uint256[],bytes)",
        output_type=bytes4,
    )
