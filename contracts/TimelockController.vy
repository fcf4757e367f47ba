# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title TimelockController: snekmate's audited timelock, deployed as is
@custom:contract-name TimelockController
@license GNU Affero General Public License v3.0 only
@notice The co-op's only privileged account. Every parameter of every co-op
        contract changes only through an operation that the CoopGovernor
        schedules after a passed vote and that anyone may execute after the
        minimum delay. The timelock administers itself; after bootstrap no
        externally owned account holds any of its roles.
@custom:kill Nothing pauses it; the governor's proposers can cancel a
             pending operation.
"""

from snekmate.auth import access_control
from snekmate.governance import timelock_controller

initializes: access_control
initializes: timelock_controller[access_control := access_control]

exports: (timelock_controller.__interface__,)


@deploy
@payable
def __init__(
    minimum_delay_: uint256,
    proposers_: DynArray[address, 255],
    executors_: DynArray[address, 255],
    admin_: address,
):
    """
    @dev See snekmate's `timelock_controller.__init__`. The deployer's admin
         role is revoked there; pass `admin_` only for a bootstrap that
         renounces it in the same deployment.
    @param minimum_delay_ Minimum delay of an operation, in seconds.
    @param proposers_ Accounts granted the proposer and canceller roles.
    @param executors_ Accounts granted the executor role (zero = anyone).
    @param admin_ Optional bootstrap admin (zero address for none).
    """
    access_control.__init__()
    timelock_controller.__init__(minimum_delay_, proposers_, executors_, admin_)
