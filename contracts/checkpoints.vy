# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title checkpoints: histories of timestamped values and their binary search
@custom:contract-name checkpoints
@license GNU Affero General Public License v3.0 only
@notice Adds, for a contract that records values over time (ERC-6372
        timestamps): a history per `series` of entries `time | value << 48`
        (the time in the low 48 bits), oldest first, written with `_push`
        and searched with `_search` for the value in force at a past
        timepoint. The caller keeps each series' latest checkpoint and the
        number of older entries itself (in a slot it already touches), so a
        write here is only ever a new history entry.

        Membership keeps one series per account (its votes; the series is
        the address) and series 0 for the member count (the zero address
        never joins); CoopGovernor keeps series 0 for its quorum numerator.
        The search was written twice before this module.
@custom:security Report vulnerabilities to security@harvest-coop.invalid.
"""


# @dev The time bits of an entry.
_KEY_MASK: constant(uint256) = 2**48 - 1

# @dev Older checkpoints: (series << 64 | index) => time | value << 48. One
# flat map (one hash per access): a series is at most 160 bits (an address)
# and an index below 2**64.
_history: HashMap[uint256, uint256]


@internal
def _push(series: uint256, index: uint256, entry: uint256):
    """
    @dev Stores `entry` as the `index`-th older checkpoint of `series`.
    @param series The series (an account as uint256, or 0): below 2**160.
    @param index The entry's index (the series' count before this push).
    @param entry `time | value << 48`.
    """
    self._history[(series << 64) | index] = entry


@internal
@view
def _entry(series: uint256, index: uint256) -> uint256:
    """
    @dev The `index`-th older checkpoint of `series`.
    @param series The series.
    @param index The index.
    @return uint256 `time | value << 48`.
    """
    return self._history[(series << 64) | index]


@internal
@view
def _search(series: uint256, count: uint256, timepoint: uint256) -> uint256:
    """
    @dev The value of the last of the first `count` entries of `series`
         whose time is at or before `timepoint`; 0 if there is none.
    @param series The series.
    @param count How many entries to search (the oldest first).
    @param timepoint A timestamp.
    @return uint256 The value (`entry >> 48`).
    """
    base: uint256 = series << 64
    low: uint256 = 0
    high: uint256 = count
    # Fewer than 2**64 entries: 65 halvings always end the search.
    for _: uint256 in range(65):
        if low >= high:
            break
        # Cannot overflow: both are below 2**64.
        mid: uint256 = unsafe_div(unsafe_add(low, high), 2)
        if self._history[base | mid] & _KEY_MASK > timepoint:
            high = mid
        else:
            low = unsafe_add(mid, 1)
    if low == 0:
        return 0
    return self._history[base | unsafe_sub(low, 1)] >> 48
