# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title offer_signing: EIP-712 digests of NutrientExchange offers
@custom:contract-name offer_signing
@license GNU Affero General Public License v3.0 only
@notice Adds the EIP-712 type hash of `Offer` and the digest a maker signs in
        the wallet (`eth_signTypedData_v4`): `keccak256(0x1901 ‖
        domainSeparator ‖ hashStruct(offer))`, with the domain of snekmate's
        `eip712_domain_separator` (name, version, chainId, verifyingContract),
        which the exchange initialises and exposes through `eip712Domain`
        (EIP-5267). The digest is also the offer's id: it binds the offer to
        one chain and one exchange contract.

        The module is stateless (it takes the domain separator as an
        argument), so it needs no `uses:` and compiles on its own.

        The struct is flat (no nested types) so a wallet shows every field
        and hashing costs one `keccak256` over 14 words. Field for field it is
        `INutrientExchange.Offer`; docs/exchange.md lists the JSON a wallet or
        script builds.
@custom:security Report vulnerabilities to security@harvest-coop.invalid.
"""

from interfaces import INutrientExchange
from snekmate.utils import message_hash_utils


# @dev The EIP-712 type of an offer (`encodeType`).
OFFER_TYPE: public(
    constant(String[256])
) = "Offer(address maker,address give_token,uint256 give_id,uint256 give_amount,address want_token,uint256 want_id,uint256 want_amount,uint8 delivery,uint64 delivery_window,uint64 expiry,uint256 nonce,bool partial_fill,uint16 max_fee_bps)"

# @dev `keccak256(OFFER_TYPE)`.
OFFER_TYPEHASH: public(constant(bytes32)) = keccak256(OFFER_TYPE)


@internal
@pure
def _hash_offer(domain_separator: bytes32, offer: INutrientExchange.Offer) -> bytes32:
    """
    @dev Returns the EIP-712 digest of `offer` in the domain
         `domain_separator`.
    @notice Every field of `Offer` is an atomic EIP-712 type, so
            `encodeData` is the ABI encoding of the fields in order
            (addresses, `uint8`, `uint16`, `uint64` and `bool` left-padded
            to 32 bytes), which is what `abi_encode` of the static struct gives.
    @param domain_separator The 32-byte EIP-712 domain separator.
    @param offer The offer.
    @return bytes32 The 32-byte digest the maker signs.
    """
    return message_hash_utils._to_typed_data_hash(domain_separator, keccak256(abi_encode(OFFER_TYPEHASH, offer)))
