"""supportsInterface: ERC-165 and the ERC-1155 token receiver, which the
exchange checks before it sends its fee to the pool."""

ERC165 = bytes.fromhex("01ffc9a7")
ERC1155_RECEIVER = bytes.fromhex("4e2312e0")


def test_supports_interface__erc165_and_erc1155_receiver(pool):
    assert pool.supportsInterface(ERC165)
    assert pool.supportsInterface(ERC1155_RECEIVER)


def test_supports_interface__anything_else__false(pool):
    for interface_id in ("d9b67a26", "80ac58cd", "ffffffff", "00000000"):
        assert not pool.supportsInterface(bytes.fromhex(interface_id))
