"""setApprovalForAll / isApprovedForAll: operators, as in ERC-1155."""

import ape


def test_set_approval_for_all__grant_and_revoke__logs(harvest, grower, member):
    tx = harvest.setApprovalForAll(member, True, sender=grower)
    assert harvest.isApprovedForAll(grower, member)
    event = tx.decode_logs(harvest.ApprovalForAll)[0]
    assert (event._owner, event._operator, event._approved) == (grower.address, member.address, True)
    tx = harvest.setApprovalForAll(member, False, sender=grower)
    assert not harvest.isApprovedForAll(grower, member)
    assert not tx.decode_logs(harvest.ApprovalForAll)[0]._approved


def test_set_approval_for_all__operator_moves_but_cannot_take_to_outsider(
    harvest, grower, member, outsider, batch_id
):
    harvest.setApprovalForAll(member, True, sender=grower)
    harvest.safeTransferFrom(grower, member, batch_id, 5, b"", sender=member)
    with ape.reverts("harvest: receiver is not in the co-op network"):
        harvest.safeTransferFrom(grower, outsider, batch_id, 5, b"", sender=member)


def test_set_approval_for_all__operator_cannot_burn(harvest, grower, member, batch_id):
    # redeem and compost burn the caller's own tokens only.
    harvest.setApprovalForAll(member, True, sender=grower)
    with ape.reverts("harvest: insufficient balance"):
        harvest.redeem(batch_id, 1, sender=member)


def test_set_approval_for_all__self__reverts(harvest, grower):
    with ape.reverts("erc1155: setting approval status for self"):
        harvest.setApprovalForAll(grower, True, sender=grower)
