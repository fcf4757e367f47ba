"""The enums of harvest_coop.core.constants are what the contracts say."""

from harvest_coop.core.constants import (
    CANCELLER_ROLE,
    EXECUTOR_ROLE,
    PROPOSER_ROLE,
    CoopContractStatus,
    EscrowState,
    JoinRoute,
    ProposalState,
    TokenKind,
)
from harvest_coop.core.events import MembershipMemberJoined, decode_event


def test_constants__roles__are_the_timelock_s(timelock):
    assert (timelock.PROPOSER_ROLE(), timelock.EXECUTOR_ROLE(), timelock.CANCELLER_ROLE()) == (
        PROPOSER_ROLE,
        EXECUTOR_ROLE,
        CANCELLER_ROLE,
    )


def test_constants__coop_contract_status__is_harvest_token_s(coop):
    harvest = coop["HarvestToken"]
    assert (harvest.COOP_NONE(), harvest.COOP_ACTIVE(), harvest.COOP_RETIRED()) == tuple(CoopContractStatus)
    assert harvest.coop_contract_status(coop["NutrientExchange"]) == CoopContractStatus.ACTIVE


def test_constants__token_kinds__are_the_exchange_s(coop):
    exchange = coop["NutrientExchange"]
    assert exchange.token_kind(coop["CoopCredit"]) == TokenKind.ERC20
    assert exchange.token_kind(coop["HarvestToken"]) == TokenKind.ERC1155
    assert exchange.token_kind(coop["Membership"]) == TokenKind.NONE


def test_constants__proposal_state__labels_are_openzeppelin_s():
    assert [s.label for s in ProposalState] == [
        "Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Expired", "Executed"
    ]  # fmt: skip
    assert EscrowState(5).name == "SPLIT"


def test_events__decode_a_real_log__typed_record(membership, timelock_stand_in, bare_membership, newcomer):
    receipt = bare_membership.admit(newcomer, sender=timelock_stand_in)
    log = receipt.decode_logs(bare_membership.MemberJoined)[0]
    record = decode_event("Membership", "MemberJoined", log.event_arguments)
    assert isinstance(record, MembershipMemberJoined)
    assert record.account == newcomer.address and record.route == JoinRoute.GOVERNANCE
    assert record.member_id == bare_membership.member_id(newcomer)
