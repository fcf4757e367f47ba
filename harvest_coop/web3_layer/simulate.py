"""What a proposal would do, found out on a throwaway fork before anyone votes.

`simulate` starts anvil forking the node at its head (127.0.0.1, a free port,
stopped by its pid when done; nothing is ever sent to the original node),
votes the proposal through there with as many members' votes as it takes
(each member impersonated on the fork), queues it, moves past the timelock's
delay and executes it, then reports what changed:

- every event the execution emitted, decoded with the co-op's ABIs;
- every parameter or total that changed: each view of each co-op contract
  that takes no argument, read just before and just after the execution;
- every balance a transfer in the execution touched, before and after;
- or, if the execution reverts, the contract's reason.

Failures a person can act on (a node that does not answer, an unknown co-op
or proposal, a proposal that is no longer Pending or Active) raise
`SimulationError` with one sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from eth_abi.abi import decode as abi_decode
from eth_utils.abi import event_abi_to_log_topic
from web3 import Web3
from web3.contract import Contract
from web3.exceptions import ContractLogicError

from harvest_coop.core import abi as shipped
from harvest_coop.core.constants import COOP_CONTRACTS, ProposalState, VoteSupport
from harvest_coop.core.stack_code import RECORD_FIELDS
from harvest_coop.web3_layer.anvil import AnvilNode
from harvest_coop.web3_layer.contracts import contract

__all__ = [
    "BalanceChange",
    "EmittedEvent",
    "SimulationError",
    "SimulationReport",
    "ValueChange",
    "simulate",
]

Say = Callable[[str], Any]
LOG_CHUNK = 10_000  # blocks per eth_getLogs request (public nodes limit ranges)
IGNORED_VIEWS = {"clock", "CLOCK_MODE"}  # move with time, not with the proposal
TRANSFER = Web3.keccak(text="Transfer(address,address,uint256)")
TRANSFER_SINGLE = Web3.keccak(text="TransferSingle(address,address,address,uint256,uint256)")
ETHER = 10**18


class SimulationError(ValueError):
    """A simulation that cannot start, with what to do about it."""


@dataclass(frozen=True)
class EmittedEvent:
    contract: str  # the co-op contract's name, or the emitter's address
    event: str
    args: dict[str, Any]


@dataclass(frozen=True)
class ValueChange:
    contract: str
    view: str
    before: Any
    after: Any


@dataclass(frozen=True)
class BalanceChange:
    token: str  # contract name or address
    token_id: int | None  # ERC-1155 id, None for an ERC-20
    account: str
    before: int
    after: int


@dataclass
class SimulationReport:
    coop: str
    proposal_id: int
    description: str
    fork_block: int
    state_before: str
    votes_cast: int = 0
    outcome: str = ""  # "executed", "defeated" or "reverted"
    revert_reason: str | None = None
    gas_used: int | None = None
    events: list[EmittedEvent] = field(default_factory=list)
    changes: list[ValueChange] = field(default_factory=list)
    balances: list[BalanceChange] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report as a person reads it."""
        out = [
            f"proposal {self.proposal_id:#x} of {self.coop!r}: {self.description.split('#proposer=')[0].strip()!r}",
            f"simulated on a fork at block {self.fork_block} (it was {self.state_before}); "
            f"{self.votes_cast} member{'' if self.votes_cast == 1 else 's'} voted for it there",
        ]
        if self.outcome != "executed":
            out.append(f"it would NOT take effect: {self.revert_reason}")
            return out
        out.append(f"it would execute ({self.gas_used:,} gas) and:")
        out.append(f"  emit {len(self.events)} events:")
        out += [f"    {e.contract}.{e.event}({_args(e.args)})" for e in self.events]
        out.append(f"  change {len(self.changes)} parameters and totals:")
        out += [f"    {c.contract}.{c.view}: {_value(c.before)} -> {_value(c.after)}" for c in self.changes]
        out.append(f"  change {len(self.balances)} balances:")
        out += [
            f"    {b.account} {b.token}{'' if b.token_id is None else f' #{b.token_id}'}: {b.before:,} -> {b.after:,}"
            for b in self.balances
        ]
        return out

    def to_json(self) -> dict[str, Any]:
        doc = asdict(self)
        doc["proposal_id"] = hex(self.proposal_id)
        result: dict[str, Any] = _jsonable(doc)
        return result


def _value(value: Any) -> str:
    if isinstance(value, (bytes, bytearray)):
        return "0x" + bytes(value).hex()
    if isinstance(value, (list, tuple)):
        return "(" + ", ".join(_value(v) for v in value) + ")"
    if isinstance(value, int) and not isinstance(value, bool):
        return hex(value) if value >= 2**64 else f"{value:,}"  # ids and hashes in hex
    return str(value)


def _args(args: dict[str, Any]) -> str:
    return ", ".join(f"{k}={_value(v)}" for k, v in args.items())


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return "0x" + bytes(value).hex()
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**53:
        return str(value)
    return value


# ------------------------------------------------------------- the original


def _connect(rpc_url: str) -> Web3:
    w3 = Web3(Web3.HTTPProvider(rpc_url, request_kwargs={"timeout": 30}))
    try:
        _ = w3.eth.block_number
    except Exception as err:  # noqa: BLE001 - any failure to answer
        raise SimulationError(f"cannot reach the node at {rpc_url}: is it running? ({err})") from None
    return w3


def coop_contracts(w3: Web3, registry_address: str, name: str) -> tuple[dict[str, Contract], int]:
    """The co-op listed under `name` in the registry, and its creation block."""
    if not w3.eth.get_code(Web3.to_checksum_address(registry_address)):
        raise SimulationError(
            f"no CoopRegistry at {registry_address} on this chain: is this the right network?"
        )
    registry = contract(w3, "CoopRegistry", registry_address)
    if not registry.functions.is_registered(name).call():
        known = [c[0] for c in registry.functions.coops(0, 20).call()]
        raise SimulationError(
            f"no co-op named {name!r} on this chain (known: {', '.join(map(repr, known)) or 'none'})"
        )
    record = registry.functions.coop(name).call()
    fields = [f["name"] for f in _output_components("CoopRegistry", "coop")]
    by_field = dict(zip(fields, record, strict=True))
    contracts = {c: contract(w3, c, by_field[RECORD_FIELDS[c]]) for c in COOP_CONTRACTS}
    return contracts, int(by_field["creation_block"])


def _output_components(contract_name: str, function: str) -> list[dict[str, Any]]:
    [fn] = [
        f for f in shipped.abi(contract_name) if f.get("type") == "function" and f.get("name") == function
    ]
    return list(fn["outputs"][0]["components"])


def _chunks(first: int, last: int, say: Say) -> Iterator[tuple[int, int]]:
    """[first, last] in ranges of `LOG_CHUNK` blocks, with progress after each
    when there is more than one."""
    total = last - first + 1
    for start in range(first, last + 1, LOG_CHUNK):
        end = min(start + LOG_CHUNK - 1, last)
        yield start, end
        if total > LOG_CHUNK:
            say(f"  read {end - first + 1:,} of {total:,} blocks of history")


def _logs(w3: Web3, event: Any, address: str, first: int, last: int, say: Say) -> list[Any]:
    """Every log of `event` from `address` in [first, last], in chunks."""
    found: list[Any] = []
    for start, end in _chunks(first, last, say):
        found.extend(event.get_logs(from_block=start, to_block=end, argument_filters=None))
    return [log for log in found if log["address"].lower() == address.lower()]


# ProposalCreated's fields as read here: its strings (the signatures, the
# description) as the bytes they are, in the same ABI layout. A proposer may
# send any bytes as a description; one that is not UTF-8 must not make the
# history unreadable, and the governor hashes the bytes as sent.
_CREATED_FIELDS = (
    "proposalId",
    "proposer",
    "targets",
    "values",
    "signatures",
    "calldatas",
    "voteStart",
    "voteEnd",
)
_CREATED_TYPES = [
    "uint256",
    "address",
    "address[]",
    "uint256[]",
    "bytes[]",
    "bytes[]",
    "uint256",
    "uint256",
    "bytes",
]


def _proposal_created(
    w3: Web3, governor: Contract, proposal_id: int, first: int, last: int, say: Say
) -> dict[str, Any]:
    """Proposal `proposal_id`'s ProposalCreated: its fields by name, the
    description as bytes (`description`)."""
    topic = "0x" + event_abi_to_log_topic(governor.events.ProposalCreated().abi).hex()
    for start, end in _chunks(first, last, say):
        logs = w3.eth.get_logs(
            {"address": governor.address, "topics": [topic], "fromBlock": start, "toBlock": end}
        )
        for log in logs:
            fields = abi_decode(_CREATED_TYPES, bytes(log["data"]))
            if fields[0] == proposal_id:
                return {**dict(zip(_CREATED_FIELDS, fields, strict=False)), "description": fields[-1]}
    raise SimulationError(f"no ProposalCreated event for proposal {proposal_id:#x} since block {first}")


def _members(w3: Web3, membership: Contract, first: int, last: int, say: Say) -> list[str]:
    """Everyone who ever joined, in order (the fork asks who may vote)."""
    seen: dict[str, None] = {}
    for log in _logs(w3, membership.events.MemberJoined(), membership.address, first, last, say):
        seen[Web3.to_checksum_address(log["args"]["account"])] = None
    return list(seen)


# ----------------------------------------------------------------- the fork


def _rpc(w3: Web3, method: str, params: list[Any]) -> Any:
    response = w3.provider.make_request(method, params)  # type: ignore[arg-type]
    if "error" in response:
        raise RuntimeError(f"{method}: {response['error']}")
    return response.get("result")


def _now(w3: Web3) -> int:
    return int(w3.eth.get_block("latest")["timestamp"])


def _advance_to(w3: Web3, timestamp: int) -> None:
    gap = int(timestamp) - _now(w3)
    if gap > 0:
        _rpc(w3, "evm_increaseTime", [gap])
    _rpc(w3, "evm_mine", [])


def _as(w3: Web3, account: str) -> str:
    """Impersonate `account` on the fork, with gas money."""
    _rpc(w3, "anvil_impersonateAccount", [account])
    _rpc(w3, "anvil_setBalance", [account, hex(10 * ETHER)])
    return account


def _send(fn: Any, sender: str) -> Any:
    receipt = fn.w3.eth.wait_for_transaction_receipt(fn.transact({"from": sender}))
    if receipt["status"] != 1:
        raise RuntimeError(f"{fn.fn_name} failed on the fork")
    return receipt


def _reason(err: Exception) -> str:
    message = getattr(err, "message", None) or str(err)
    return " ".join(str(message).split()).removeprefix("execution reverted: ") or "no reason given"


def _state(governor: Contract, proposal_id: int) -> ProposalState:
    return ProposalState(governor.functions.state(proposal_id).call())


def _vote_through(
    w3: Web3, governor: Contract, proposal_id: int, members: list[str], say: Say
) -> tuple[int, str | None]:
    """Vote FOR with members who still may, until the proposal would pass
    (more for than against, quorum reached). Returns (votes cast, a voter)."""
    fns = governor.functions
    snapshot = fns.proposalSnapshot(proposal_id).call()
    quorum = fns.quorum(snapshot).call()
    cast, voter = 0, None
    for member in members:
        against, for_, abstain = fns.proposalVotes(proposal_id).call()
        if for_ > against and for_ + abstain >= quorum:
            break
        if fns.hasVoted(proposal_id, member).call():
            continue
        try:
            fns.castVote(proposal_id, VoteSupport.FOR).call({"from": member})
        except ContractLogicError:
            continue  # not a member at the snapshot, or its vote is lent
        _send(fns.castVote(proposal_id, VoteSupport.FOR), _as(w3, member))
        cast += 1
        voter = voter or member
    against, for_, abstain = fns.proposalVotes(proposal_id).call()
    say(
        f"  {cast} member{'' if cast == 1 else 's'} voted for on the fork (for {for_}, against {against}, abstain {abstain})"
    )
    return cast, voter


def _views(contract_name: str) -> list[str]:
    return [
        f["name"]
        for f in shipped.abi(contract_name)
        if f.get("type") == "function"
        and f.get("stateMutability") in ("view", "pure")
        and not f.get("inputs")
        and f["name"] not in IGNORED_VIEWS
    ]


def _read_views(contracts: dict[str, Contract], block: int) -> dict[tuple[str, str], Any]:
    values: dict[tuple[str, str], Any] = {}
    for name, c in contracts.items():
        for view in _views(name):
            try:
                values[(name, view)] = getattr(c.functions, view)().call(block_identifier=block)
            except Exception:  # noqa: BLE001 - a view that reverts in this state
                continue
    return values


def _named(contracts: dict[str, Contract], address: str) -> str:
    for name, c in contracts.items():
        if c.address.lower() == address.lower():
            return name
    return Web3.to_checksum_address(address)


def _decode(contracts: dict[str, Contract], logs: list[Any]) -> list[EmittedEvent]:
    topics: dict[tuple[str, bytes], tuple[str, Any]] = {}
    for name, c in contracts.items():
        for item in shipped.abi(name):
            if item.get("type") == "event":
                topic = event_abi_to_log_topic(item)  # type: ignore[arg-type]
                topics[(c.address.lower(), bytes(topic))] = (name, getattr(c.events, item["name"])())
    events = []
    for log in logs:
        key = (log["address"].lower(), bytes(log["topics"][0])) if log["topics"] else None
        if key in topics:
            name, event = topics[key]
            decoded = event.process_log(log)
            events.append(EmittedEvent(name, decoded["event"], dict(decoded["args"])))
        else:
            unknown = "0x" + bytes(log["topics"][0]).hex() if log["topics"] else "anonymous"
            events.append(EmittedEvent(Web3.to_checksum_address(log["address"]), unknown, {}))
    return events


def _touched(logs: list[Any]) -> set[tuple[str, int | None, str]]:
    """(token, id or None, account) of every transfer in `logs`."""
    touched: set[tuple[str, int | None, str]] = set()
    zero = "0x" + "00" * 20
    for log in logs:
        topics = [bytes(t) for t in log["topics"]]
        if not topics:
            continue
        if topics[0] == bytes(TRANSFER) and len(topics) == 3:
            parties = [topics[1], topics[2]]
            token_id = None
        elif topics[0] == bytes(TRANSFER_SINGLE) and len(topics) == 4:
            parties = [topics[2], topics[3]]
            token_id = int.from_bytes(bytes(log["data"])[:32], "big")
        else:
            continue
        for party in parties:
            account = Web3.to_checksum_address("0x" + party[-20:].hex())
            if account.lower() != zero:
                touched.add((log["address"], token_id, account))
    return touched


def _balances(
    w3: Web3, contracts: dict[str, Contract], touched: set[Any], before: int, after: int
) -> list[BalanceChange]:
    changes = []
    for token, token_id, account in sorted(touched, key=str):
        name = _named(contracts, token)
        c = contracts.get(name) or contract(
            w3, "HarvestToken" if token_id is not None else "CoopCredit", token
        )
        fn = (
            c.functions.balanceOf(account, token_id)
            if token_id is not None
            else c.functions.balanceOf(account)
        )
        old, new = fn.call(block_identifier=before), fn.call(block_identifier=after)
        if old != new:
            changes.append(BalanceChange(name, token_id, account, int(old), int(new)))
    return changes


def simulate(
    rpc_url: str,
    registry_address: str,
    coop_name: str,
    proposal_id: int,
    say: Say = print,
) -> SimulationReport:
    """Vote, queue and execute proposal `proposal_id` of co-op `coop_name` on a
    fork of the node at `rpc_url`, and report what it changed (see the module
    docstring). The original node only answers reads."""
    original = _connect(rpc_url)
    contracts, creation_block = coop_contracts(original, registry_address, coop_name)
    governor = contracts["CoopGovernor"]
    try:
        state = _state(governor, proposal_id)
    except ContractLogicError:
        raise SimulationError(f"co-op {coop_name!r} has no proposal {proposal_id:#x}") from None
    if state not in (ProposalState.PENDING, ProposalState.ACTIVE):
        raise SimulationError(
            f"proposal {proposal_id:#x} is {state.label}: only a Pending or Active proposal can be simulated"
        )
    head = original.eth.block_number
    say(f"reading proposal {proposal_id:#x} and the members from the chain ...")
    created = _proposal_created(original, governor, proposal_id, creation_block, head, say)
    members = _members(original, contracts["Membership"], creation_block, head, say)
    report = SimulationReport(
        coop=coop_name,
        proposal_id=proposal_id,
        description=created["description"].decode("utf-8", errors="replace"),
        fork_block=head,
        state_before=state.label,
    )
    targets = [Web3.to_checksum_address(t) for t in created["targets"]]
    values = [int(v) for v in created["values"]]
    calldatas = [bytes(c) for c in created["calldatas"]]
    description_hash = Web3.keccak(created["description"])

    say(f"starting a fork of {rpc_url} at block {head} (the original is never written to) ...")
    fork = AnvilNode(fork_url=rpc_url, fork_block=head)
    w3 = fork.start()
    try:
        forked = {name: contract(w3, name, c.address) for name, c in contracts.items()}
        fgov = forked["CoopGovernor"].functions
        if state == ProposalState.PENDING:
            _advance_to(w3, fgov.proposalSnapshot(proposal_id).call() + 1)
            say("  moved past the voting delay")
        report.votes_cast, voter = _vote_through(w3, forked["CoopGovernor"], proposal_id, members, say)
        _advance_to(w3, fgov.proposalDeadline(proposal_id).call() + 1)
        after_vote = _state(forked["CoopGovernor"], proposal_id)
        if after_vote != ProposalState.SUCCEEDED:
            report.outcome = "defeated"
            report.revert_reason = (
                f"the proposal ends {after_vote.label} even with every member who may vote voting for"
            )
            say(f"  {report.revert_reason}")
            return report
        sender = _as(w3, voter or members[0])
        _send(fgov.queue(targets, values, calldatas, description_hash), sender)
        say("  queued on the timelock")
        _advance_to(w3, fgov.proposalEta(proposal_id).call())
        say("  moved past the timelock's delay")
        execute = fgov.execute(targets, values, calldatas, description_hash)
        try:
            execute.call({"from": sender})
        except ContractLogicError as err:
            report.outcome = "reverted"
            report.revert_reason = _reason(err)
            say(f"  execution reverts: {report.revert_reason}")
            return report
        receipt = _send(execute, sender)
        say("  executed")
        report.outcome = "executed"
        report.gas_used = int(receipt["gasUsed"])
        block = int(receipt["blockNumber"])
        report.events = _decode(forked, list(receipt["logs"]))
        before, after = _read_views(forked, block - 1), _read_views(forked, block)
        report.changes = [
            ValueChange(name, view, before[(name, view)], after[(name, view)])
            for (name, view) in before
            if (name, view) in after and before[(name, view)] != after[(name, view)]
        ]
        report.balances = _balances(w3, forked, _touched(list(receipt["logs"])), block - 1, block)
        return report
    finally:
        fork.stop()
        say("fork stopped")
