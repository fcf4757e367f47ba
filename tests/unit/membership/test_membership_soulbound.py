"""ERC-721 surface of a soulbound token: readable, never movable."""

import ape
import pytest

ZERO = "0x0000000000000000000000000000000000000000"


@pytest.mark.parametrize(
    "interface_id,supported",
    [
        ("0x01ffc9a7", True),
        ("0x80ac58cd", True),
        ("0x5b5e139f", True),
        ("0xb45a3c0e", True),
        ("0xd9b67a26", False),
    ],
)
def test_supports_interface__erc165_721_metadata_5192(membership, interface_id, supported):
    assert membership.supportsInterface(interface_id) is supported


def test_transfer_from__member_token__reverts(membership, founder, outsider):
    with ape.reverts("membership: soulbound, cannot be transferred"):
        membership.transferFrom(founder, outsider, 1, sender=founder)


def test_safe_transfer_from__both_overloads__revert(membership, founder, outsider):
    with ape.reverts("membership: soulbound, cannot be transferred"):
        membership.safeTransferFrom(founder, outsider, 1, sender=founder)
    with ape.reverts("membership: soulbound, cannot be transferred"):
        membership.safeTransferFrom(founder, outsider, 1, b"hi", sender=founder)


def test_approve__any__reverts(membership, founder, outsider):
    with ape.reverts("membership: soulbound, cannot be approved"):
        membership.approve(outsider, 1, sender=founder)
    with ape.reverts("membership: soulbound, cannot be approved"):
        membership.setApprovalForAll(outsider, True, sender=founder)


def test_approval_views__always_empty(membership, founder, outsider):
    assert membership.getApproved(1) == ZERO
    assert membership.isApprovedForAll(founder, outsider) is False


def test_locked__existing_token__true_and_missing_token__reverts(membership):
    assert membership.locked(1) is True
    with ape.reverts("membership: no such member token"):
        membership.locked(999)


def test_owner_of__missing_token__reverts(membership):
    with ape.reverts("membership: no such member token"):
        membership.ownerOf(999)


def test_balance_of__zero_address__reverts(membership):
    with ape.reverts("membership: zero address has no balance"):
        membership.balanceOf(ZERO)


def test_token_uri__member__is_json_data_uri(membership):
    uri = membership.tokenURI(2)
    assert uri.startswith('data:application/json;utf8,{"name":"Test Coop member #2"')
    assert uri.endswith("}")


def test_name_symbol(membership):
    assert membership.name() == "Test Coop"
    assert membership.symbol() == "TCM"
