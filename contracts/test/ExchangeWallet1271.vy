# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title ExchangeWallet1271: a smart-contract wallet that signs through ERC-1271
@custom:contract-name ExchangeWallet1271
@license GNU Affero General Public License v3.0 only
@notice `isValidSignature(hash, signature)` accepts an ECDSA signature of
        `hash` by the owner (snekmate's `ecdsa`, no high-s). The owner makes
        the wallet call anything (`execute`); it accepts ERC-1155 tokens.
        Test use only.
"""

from snekmate.utils import ecdsa


# @dev The key holder behind the wallet.
owner: public(address)


@deploy
def __init__(owner_: address):
    """
    @param owner_ The key holder.
    """
    self.owner = owner_


@external
@view
def isValidSignature(_hash: bytes32, _signature: Bytes[65]) -> bytes4:
    """
    @notice ERC-1271: valid if the owner signed `_hash`.
    @param _hash The digest.
    @param _signature The owner's 65-byte signature.
    @return bytes4 `0x1626BA7E` if valid, else `0xFFFFFFFF`.
    """
    if ecdsa._recover_sig(_hash, _signature) == self.owner:
        return 0x1626BA7E
    return 0xFFFFFFFF


@external
def execute(target: address, payload: Bytes[2_048]) -> Bytes[256]:
    """
    @notice Call `target` with `payload` as this wallet.
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
    @notice ERC-165: ERC-1155 receiver.
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
    @notice Accepts ERC-1155 tokens.
    @param _operator Operator.
    @param _from Previous holder.
    @param _id Token id.
    @param _value Amount.
    @param _data Data.
    @return bytes4 The selector.
    """
    return method_id(
        "onERC1155Received(address,address,uint256,uint256,bytes)",
        output_type=bytes4,
    )
