# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title TimelockController: snekmate's audited timelock with a bounded delay
@custom:contract-name TimelockController
@license GNU Affero General Public License v3.0 only
@notice The co-op's only privileged account. Every parameter of every co-op
        contract changes only through an operation that the CoopGovernor
        schedules after a passed vote and executes after the minimum delay.
        The timelock administers itself; after bootstrap no externally owned
        account holds any of its roles, and the governor is its only
        proposer, canceller and executor (so a proposal's calls run all in
        one `CoopGovernor.execute`, or not at all).

        snekmate's `timelock_controller` module is used unchanged except for
        one function: `update_delay` is bounded by `MAX_DELAY` (30 days),
        so that no proposal can set a delay that makes every later proposal
        unqueueable (snekmate's own accepts any value, up to 2**256 - 1),
        and from below by `MIN_DELAY`, the network's floor the factory
        gives (a day on a live network), so that no proposal can shorten
        the time the members have to veto what passed below it.
@custom:kill Nothing pauses it. The governor cancels the operations of a
             proposal the members veto (see CoopGovernor); nobody else holds
             the canceller role.
@custom:security Report vulnerabilities to security@harvest-coop.invalid.
"""

from snekmate.auth import access_control
from snekmate.governance import timelock_controller

initializes: access_control
initializes: timelock_controller[access_control := access_control]

exports: (
    access_control.DEFAULT_ADMIN_ROLE,
    access_control.hasRole,
    access_control.getRoleAdmin,
    access_control.grantRole,
    access_control.revokeRole,
    access_control.renounceRole,
    access_control.set_role_admin,
    timelock_controller.supportsInterface,
    timelock_controller.is_operation,
    timelock_controller.is_operation_pending,
    timelock_controller.is_operation_ready,
    timelock_controller.is_operation_done,
    timelock_controller.get_operation_state,
    timelock_controller.hash_operation,
    timelock_controller.hash_operation_batch,
    timelock_controller.schedule,
    timelock_controller.schedule_batch,
    timelock_controller.cancel,
    timelock_controller.execute,
    timelock_controller.execute_batch,
    timelock_controller.onERC721Received,
    timelock_controller.onERC1155Received,
    timelock_controller.onERC1155BatchReceived,
    timelock_controller.__default__,
    timelock_controller.get_timestamp,
    timelock_controller.get_minimum_delay,
    timelock_controller.PROPOSER_ROLE,
    timelock_controller.EXECUTOR_ROLE,
    timelock_controller.CANCELLER_ROLE,
    timelock_controller.IERC721_TOKENRECEIVER_SELECTOR,
    timelock_controller.IERC1155_TOKENRECEIVER_SINGLE_SELECTOR,
    timelock_controller.IERC1155_TOKENRECEIVER_BATCH_SELECTOR,
)


# @dev The largest minimum delay the timelock accepts, at deployment and
# from a proposal: 30 days.
MAX_DELAY: public(constant(uint256)) = 30 * 86_400

# @dev The smallest minimum delay the timelock accepts, at deployment and
# from a proposal: the network's floor (0 on a throwaway test chain).
MIN_DELAY: public(immutable(uint256))


@deploy
@payable
def __init__(
    minimum_delay_: uint256,
    proposers_: DynArray[address, 255],
    executors_: DynArray[address, 255],
    admin_: address,
    min_delay_: uint256,
):
    """
    @dev See snekmate's `timelock_controller.__init__`. The deployer's admin
         role is revoked there; pass `admin_` only for a bootstrap that
         renounces it in the same deployment.
    @param minimum_delay_ Minimum delay of an operation, in seconds (at most
           `MAX_DELAY`).
    @param proposers_ Accounts granted the proposer and canceller roles.
    @param executors_ Accounts granted the executor role (zero = anyone).
    @param admin_ Optional bootstrap admin (zero address for none).
    @param min_delay_ The network's floor of the minimum delay
           (`MIN_DELAY`), in seconds.
    """
    assert minimum_delay_ <= MAX_DELAY, "timelock: delay above the 30-day maximum"
    assert minimum_delay_ >= min_delay_, "timelock: delay below this network's minimum"
    MIN_DELAY = min_delay_
    access_control.__init__()
    timelock_controller.__init__(minimum_delay_, proposers_, executors_, admin_)


@external
def update_delay(new_delay: uint256):
    """
    @notice Change the minimum delay of future operations. Only the
            timelock itself (an executed proposal).
    @dev snekmate's `update_delay` with bounds: a delay above `MAX_DELAY`
         would make every later `queue` (the fix included) unreachable or
         overflow the governor's packed eta; one below `MIN_DELAY` would
         leave the members less than the network's floor to veto.
    @param new_delay The new minimum delay in seconds (`MIN_DELAY` to
           `MAX_DELAY`).
    """
    assert msg.sender == self, "timelock_controller: caller must be timelock"
    assert new_delay <= MAX_DELAY, "timelock: delay above the 30-day maximum"
    assert new_delay >= MIN_DELAY, "timelock: delay below this network's minimum"
    log timelock_controller.MinimumDelayChange(
        old_duration=timelock_controller.get_minimum_delay, new_duration=new_delay
    )
    timelock_controller.get_minimum_delay = new_delay
