# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title CoopRegistry: every co-op the factory made, under a unique name
@custom:contract-name CoopRegistry
@license GNU Affero General Public License v3.0 only
@notice The city-wide list of co-ops. The CoopFactory deploys this registry
        in its own constructor (from a blueprint) and is its only registrar:
        `FACTORY` is the `msg.sender` of the constructor, there is no owner
        and no setter. A co-op is listed when the factory finishes it, with
        its eight contracts, its creator and the block its first contract was
        deployed in (`CoopCreated` carries all of it, so an indexer can start
        following the new co-op from the event alone).

        Reads: by name (`coop`, `is_registered`), by any of a co-op's
        contract addresses (`coop_of`), and in pages of at most `MAX_PAGE`
        in listing order (`coops`). Nothing loops over co-ops except the
        bounded page.

        Names are compared byte for byte: "Green Roots" and "green roots"
        are two names. The factory passes only well-formed UTF-8 without
        control characters, so every client decodes every page.
@custom:kill Nothing to pause and nobody to pause it: the registry only
             grows, by the factory, and holds no assets and no power over
             any co-op.
@custom:security Report vulnerabilities to security@harvest-coop.invalid.
"""

from interfaces import ICoopRegistry

implements: ICoopRegistry


# @dev Largest page `coops` returns; the same as `ICoopRegistry.MAX_PAGE`
# (Vyper 0.4.3 does not accept an interface's constant as a type bound in
# the implementing contract; `implements:` checks the two agree).
MAX_PAGE: public(constant(uint256)) = 100


# @dev The factory that deployed this registry: the only registrar.
FACTORY: public(immutable(address))


# @dev Number of co-ops listed; they are numbered 1..coop_count.
coop_count: public(uint256)

# @dev The co-ops by number (1-based, in listing order).
_coops: HashMap[uint256, ICoopRegistry.Coop]

# @dev The number of the co-op listed under a name (0: none).
_number_of_name: HashMap[String[32], uint256]

# @dev The number of the co-op one of whose contracts is an address (0: none).
_number_of_contract: HashMap[address, uint256]


@deploy
def __init__():
    """
    @dev The deployer (the CoopFactory, from its constructor) becomes the
         only registrar, for ever.
    """
    FACTORY = msg.sender


@external
def register(coop: ICoopRegistry.Coop):
    """
    @notice Lists a complete co-op under its name. Factory only.
    @dev Every check is defensive (the factory validated the name, refused
         names being created and deployed the contracts itself): the name is
         non-empty and unused, the eight contracts and the creator are
         non-zero, and no contract belongs to a listed co-op already (which
         also refuses one address twice in the same record).
    @param coop The co-op: name, eight contracts, creator, creation block.
    """
    assert msg.sender == FACTORY, "registry: only the factory registers"
    assert len(coop.name) != 0, "registry: empty name"
    assert self._number_of_name[coop.name] == 0, "registry: name already registered"
    assert coop.creator != empty(address), "registry: creator is the zero address"
    # Cannot overflow: one co-op per call.
    number: uint256 = unsafe_add(self.coop_count, 1)
    self.coop_count = number
    self._number_of_name[coop.name] = number
    self._coops[number] = coop
    self._claim(coop.timelock, number)
    self._claim(coop.membership, number)
    self._claim(coop.governor, number)
    self._claim(coop.harvest, number)
    self._claim(coop.credit, number)
    self._claim(coop.exchange, number)
    self._claim(coop.pool, number)
    self._claim(coop.federation, number)
    log ICoopRegistry.CoopCreated(
        creator=coop.creator,
        name=coop.name,
        timelock=coop.timelock,
        membership=coop.membership,
        governor=coop.governor,
        harvest=coop.harvest,
        credit=coop.credit,
        exchange=coop.exchange,
        pool=coop.pool,
        federation=coop.federation,
        creation_block=coop.creation_block,
    )


@external
@view
def coop(name: String[32]) -> ICoopRegistry.Coop:
    """
    @notice The co-op listed under `name`.
    @dev Reverts for a name nobody registered (use `is_registered` to ask).
    @param name The co-op's name.
    @return ICoopRegistry.Coop The co-op's record.
    """
    number: uint256 = self._number_of_name[name]
    assert number != 0, "registry: unknown co-op"
    return self._coops[number]


@external
@view
def coops(offset: uint256, limit: uint256) -> DynArray[ICoopRegistry.Coop, MAX_PAGE]:
    """
    @notice A page of co-ops in the order they were listed.
    @dev `offset` is 0-based: the first page is `coops(0, MAX_PAGE)`, the
         next `coops(MAX_PAGE, MAX_PAGE)`. `limit` is capped at `MAX_PAGE`;
         a page past the end is empty.
    @param offset How many co-ops to skip.
    @param limit How many to return at most.
    @return DynArray The co-ops of the page.
    """
    page: DynArray[ICoopRegistry.Coop, MAX_PAGE] = []
    count: uint256 = self.coop_count
    if offset >= count:
        return page
    # Cannot underflow: `offset < count`.
    n: uint256 = min(min(limit, MAX_PAGE), unsafe_sub(count, offset))
    for i: uint256 in range(n, bound=MAX_PAGE):
        # Cannot overflow: `offset + i < count`.
        page.append(self._coops[unsafe_add(unsafe_add(offset, i), 1)])
    return page


@external
@view
def is_registered(name: String[32]) -> bool:
    """
    @notice Whether a co-op is listed under `name`.
    @param name The co-op's name.
    @return bool True if listed.
    """
    return self._number_of_name[name] != 0


@external
@view
def coop_of(account: address) -> String[32]:
    """
    @notice The name of the co-op `account` belongs to: its timelock,
            membership, governor, harvest token, credit, exchange, pool or federation.
    @param account A contract address.
    @return String The co-op's name, or the empty string if none.
    """
    number: uint256 = self._number_of_contract[account]
    if number == 0:
        return ""
    return self._coops[number].name


@external
@view
def membership_of_federation(federation: address) -> address:
    """
    @notice The Membership of the co-op whose Federation contract is
            `federation`, or the zero address if no listed co-op's is.
    @dev What a Federation asks before it lists another co-op's members:
         three storage reads, where `coop_of` and `coop` read the record.
    @param federation A contract address.
    @return address The co-op's Membership, or the zero address.
    """
    number: uint256 = self._number_of_contract[federation]
    if number == 0 or self._coops[number].federation != federation:
        return empty(address)
    return self._coops[number].membership


@internal
def _claim(account: address, number: uint256):
    """
    @dev Records that `account` is a contract of co-op `number`.
    @param account One of the co-op's contracts (non-zero, not yet claimed).
    @param number The co-op's number.
    """
    assert account != empty(address), "registry: contract is the zero address"
    assert self._number_of_contract[account] == 0, "registry: contract already registered"
    self._number_of_contract[account] = number
