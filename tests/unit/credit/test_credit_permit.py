"""permit (ERC-2612) and the EIP-712 domain (EIP-5267)."""

import ape
from eth_utils import keccak

from harvest_coop.testing.keys import malleate

CREDIT = 10**18
HOUR = 3_600
ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"


def test_permit__valid_signature__approves_and_bumps_nonce(credit, chain, holder, spender, sign_permit):
    deadline = chain.pending_timestamp + HOUR
    v, r, s = sign_permit(holder, spender, 9 * CREDIT, deadline)
    tx = credit.permit(holder, spender, 9 * CREDIT, deadline, v, r, s, sender=spender)
    assert credit.allowance(holder, spender) == 9 * CREDIT
    assert credit.nonces(holder) == 1
    event = tx.decode_logs(credit.Approval)[0]
    assert (event.owner, event.spender, event.value) == (holder.address, spender.address, 9 * CREDIT)
    credit.transferFrom(holder, spender, 9 * CREDIT, sender=spender)
    assert credit.balanceOf(spender) == 9 * CREDIT


def test_permit__relayed_by_anyone__approves(credit, chain, holder, spender, outsider, sign_permit):
    deadline = chain.pending_timestamp + HOUR
    v, r, s = sign_permit(holder, spender, CREDIT, deadline)
    credit.permit(holder, spender, CREDIT, deadline, v, r, s, sender=outsider)
    assert credit.allowance(holder, spender) == CREDIT


def test_permit__at_deadline__approves(credit, chain, holder, spender, sign_permit):
    deadline = chain.pending_timestamp + HOUR
    v, r, s = sign_permit(holder, spender, CREDIT, deadline)
    chain.pending_timestamp = deadline
    credit.permit(holder, spender, CREDIT, deadline, v, r, s, sender=spender)
    assert credit.allowance(holder, spender) == CREDIT


def test_permit__replay__reverts(credit, chain, holder, spender, sign_permit):
    deadline = chain.pending_timestamp + HOUR
    v, r, s = sign_permit(holder, spender, CREDIT, deadline)
    credit.permit(holder, spender, CREDIT, deadline, v, r, s, sender=spender)
    with ape.reverts("erc20: invalid signature"):
        credit.permit(holder, spender, CREDIT, deadline, v, r, s, sender=spender)


def test_permit__future_nonce__reverts(credit, chain, holder, spender, sign_permit):
    deadline = chain.pending_timestamp + HOUR
    v, r, s = sign_permit(holder, spender, CREDIT, deadline, nonce=1)
    with ape.reverts("erc20: invalid signature"):
        credit.permit(holder, spender, CREDIT, deadline, v, r, s, sender=spender)


def test_permit__wrong_chain__reverts(credit, chain, holder, spender, sign_permit):
    deadline = chain.pending_timestamp + HOUR
    v, r, s = sign_permit(holder, spender, CREDIT, deadline, chain_id=chain.chain_id + 1)
    with ape.reverts("erc20: invalid signature"):
        credit.permit(holder, spender, CREDIT, deadline, v, r, s, sender=spender)


def test_permit__other_contract__reverts(credit, chain, holder, spender, sign_permit):
    deadline = chain.pending_timestamp + HOUR
    v, r, s = sign_permit(holder, spender, CREDIT, deadline, verifying_contract=spender.address)
    with ape.reverts("erc20: invalid signature"):
        credit.permit(holder, spender, CREDIT, deadline, v, r, s, sender=spender)


def test_permit__other_version__reverts(credit, chain, holder, spender, sign_permit):
    deadline = chain.pending_timestamp + HOUR
    v, r, s = sign_permit(holder, spender, CREDIT, deadline, version="2")
    with ape.reverts("erc20: invalid signature"):
        credit.permit(holder, spender, CREDIT, deadline, v, r, s, sender=spender)


def test_permit__expired_deadline__reverts(credit, chain, holder, spender, sign_permit):
    deadline = chain.pending_timestamp + HOUR
    v, r, s = sign_permit(holder, spender, CREDIT, deadline)
    chain.pending_timestamp = deadline + 1
    with ape.reverts("erc20: expired deadline"):
        credit.permit(holder, spender, CREDIT, deadline, v, r, s, sender=spender)


def test_permit__high_s__reverts(credit, chain, holder, spender, sign_permit):
    # (r, n - s) with the other v recovers the same signer: a malleated copy
    # that must be refused (EIP-2).
    deadline = chain.pending_timestamp + HOUR
    v, r, s = sign_permit(holder, spender, CREDIT, deadline)
    twin = malleate(r + s + bytes([v]))
    with ape.reverts("ecdsa: invalid signature `s` value"):
        credit.permit(holder, spender, CREDIT, deadline, twin[64], twin[:32], twin[32:64], sender=spender)
    credit.permit(holder, spender, CREDIT, deadline, v, r, s, sender=spender)


def test_permit__tampered_value__reverts(credit, chain, holder, spender, sign_permit):
    deadline = chain.pending_timestamp + HOUR
    v, r, s = sign_permit(holder, spender, CREDIT, deadline)
    with ape.reverts("erc20: invalid signature"):
        credit.permit(holder, spender, 2 * CREDIT, deadline, v, r, s, sender=spender)


def test_permit__signed_by_other_account__reverts(credit, chain, holder, spender, sign_permit):
    deadline = chain.pending_timestamp + HOUR
    v, r, s = sign_permit(spender, spender, CREDIT, deadline, nonce=credit.nonces(holder))
    with ape.reverts("erc20: invalid signature"):
        credit.permit(holder, spender, CREDIT, deadline, v, r, s, sender=spender)


def test_permit__garbage_signature_for_zero_owner__reverts(credit, chain, spender):
    deadline = chain.pending_timestamp + HOUR
    with ape.reverts("ecdsa: invalid signature"):
        credit.permit(ZERO_ADDRESS, spender, CREDIT, deadline, 27, b"\x00" * 32, b"\x00" * 32, sender=spender)


def test_eip712_domain__fields(credit, chain):
    fields, name, version, chain_id, verifying_contract, salt, extensions = credit.eip712Domain()
    assert fields == b"\x0f"
    assert (name, version) == ("Harvest Coop Credit", "1")
    assert chain_id == chain.chain_id
    assert verifying_contract == credit.address
    assert salt == b"\x00" * 32 and list(extensions) == []


def test_domain_separator__matches_eip712(credit, chain):
    type_hash = keccak(
        text="EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    )
    expected = keccak(
        type_hash
        + keccak(text="Harvest Coop Credit")
        + keccak(text="1")
        + chain.chain_id.to_bytes(32, "big")
        + bytes(12)
        + bytes.fromhex(credit.address[2:])
    )
    assert credit.DOMAIN_SEPARATOR() == expected
