# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title HostileFederation: a federation peer that misbehaves, for tests
@custom:contract-name HostileFederation
@license GNU Affero General Public License v3.0 only
@notice Answers as a co-op's Federation contract would (`membership`,
        `federation_status`, `confirm_federation`, `federation_ended`), but
        its `federation_ended` does what the test sets: accept, revert, or
        burn every unit of gas it is given. `execute` makes it call another
        contract (so it can, as a peer, call a real Federation). Tests only.
"""

ACCEPT: public(constant(uint8)) = 0
REVERT: public(constant(uint8)) = 1
BURN_GAS: public(constant(uint8)) = 2

# @dev What `membership()` and `federation_status()` answer.
membership: public(address)
status: public(uint8)

# @dev How `federation_ended` behaves, and how often it ran to completion.
mode: public(uint8)
ended_calls: public(uint256)
_sink: uint256


@deploy
def __init__(membership_: address):
    """
    @param membership_ What `membership()` answers.
    """
    self.membership = membership_
    self.status = 1


@external
def set_behaviour(status_: uint8, mode_: uint8):
    """
    @notice What `federation_status` answers and what `federation_ended` does.
    @param status_ The status answered to anyone (1: proposed).
    @param mode_ ACCEPT, REVERT or BURN_GAS.
    """
    self.status = status_
    self.mode = mode_


@external
@view
def federation_status(coop: address) -> uint8:
    """
    @notice The status set by the test, to anyone.
    @param coop Ignored.
    @return uint8 The status.
    """
    return self.status


@external
def confirm_federation():
    """
    @notice Accepts any confirmation.
    """
    self.status = 2


@external
def federation_ended():
    """
    @notice Behaves as `mode` says.
    """
    if self.mode == REVERT:
        raise "hostile: refuses the ending"
    if self.mode == BURN_GAS:
        for i: uint256 in range(100_000):
            self._sink = i
    self.ended_calls += 1


@external
def execute(target: address, data: Bytes[1_024]) -> Bytes[1_024]:
    """
    @notice Makes a call as this contract; reverts bubble up.
    @param target The contract to call.
    @param data The calldata.
    @return Bytes The returned data.
    """
    return raw_call(target, data, max_outsize=1_024)
