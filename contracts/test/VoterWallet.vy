# pragma version ~=0.4.3
"""
@title VoterWallet: a minimal ERC-1271 smart-contract wallet for tests
@notice Accepts a signature when its owner signed the hash (ECDSA, via
        snekmate). Used to show that contract wallets can sign ballots.
"""

from snekmate.utils import ecdsa

OWNER: public(immutable(address))


@deploy
def __init__(owner_: address):
    OWNER = owner_


@external
@view
def isValidSignature(hash: bytes32, signature: Bytes[65]) -> bytes4:
    """
    @notice ERC-1271: the magic value when the owner signed `hash`.
    """
    if ecdsa._recover_sig(hash, signature) == OWNER:
        return 0x1626BA7E
    return 0xFFFFFFFF
