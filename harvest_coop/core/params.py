"""Deployment parameters of a co-op, with the defaults the demo uses."""

from __future__ import annotations

from dataclasses import dataclass, field

from harvest_coop.core.constants import DAY

__all__ = ["AdmissionRules", "CoopParams", "DAY", "MAX_NAME_BYTES"]

# Bounds the contracts enforce (Membership, TimelockController).
MAX_TIMELOCK_DELAY = 30 * DAY
MAX_QUORUM_PERCENT = 50
MAX_CHALLENGE_WINDOW = 90 * DAY
MAX_MIN_TENURE = 365 * DAY
SPONSOR_PERIOD_RANGE = (DAY, 365 * DAY)

# A co-op's name is its registry key: 1 to 32 bytes.
MAX_NAME_BYTES = 32


@dataclass(frozen=True)
class AdmissionRules:
    """Membership's rules of sponsored admission (`Membership.AdmissionRules`).

    An applicant needs max(sponsors_needed, ceil(members * sponsors_percent
    / 100)) sponsors; each member sponsors at most `sponsor_limit` applicants
    per `sponsor_period`, and only after `min_tenure` of membership; the
    admission then waits `challenge_window`, during which max(
    objections_needed, ceil(members * objections_percent / 100)) objections
    cancel it. With these defaults three colluding members of a co-op of ten
    cannot reach a majority in 180 days even if nobody objects (see
    tests/stateful/test_attacks_capture_scenario.py).
    """

    sponsors_needed: int = 3
    sponsors_percent: int = 30
    objections_needed: int = 3
    objections_percent: int = 20
    sponsor_limit: int = 1
    sponsor_period: int = 30 * DAY
    min_tenure: int = 90 * DAY
    challenge_window: int = 7 * DAY

    def as_tuple(self) -> tuple[int, ...]:
        return (
            self.sponsors_needed,
            self.sponsors_percent,
            self.objections_needed,
            self.objections_percent,
            self.sponsor_limit,
            self.sponsor_period,
            self.min_tenure,
            self.challenge_window,
        )

    def validate(self) -> None:
        """Refuse rules the contract would refuse, with a clearer message."""
        if not 0 <= self.sponsors_needed <= 65_535:
            raise ValueError("sponsors_needed must be 0..65535 (0 disables sponsored admission)")
        if not 1 <= self.objections_needed <= 65_535:
            raise ValueError("objections_needed must be 1..65535")
        if not 0 <= self.sponsors_percent <= 100 or not 0 <= self.objections_percent <= 100:
            raise ValueError("sponsors_percent and objections_percent must be 0..100")
        if not 1 <= self.sponsor_limit <= 65_535:
            raise ValueError("sponsor_limit must be 1..65535")
        low, high = SPONSOR_PERIOD_RANGE
        if not low <= self.sponsor_period <= high:
            raise ValueError("sponsor_period must be one day to one year")
        if not 0 <= self.min_tenure <= MAX_MIN_TENURE:
            raise ValueError("min_tenure must be at most one year")
        if not 0 <= self.challenge_window <= MAX_CHALLENGE_WINDOW:
            raise ValueError("challenge_window must be at most 90 days")


@dataclass(frozen=True)
class CoopParams:
    """Everything a co-op is deployed with. Times are seconds (ERC-6372 timestamps)."""

    name: str = "Harvest Coop"
    symbol: str = "HCM"
    founders: list[str] = field(default_factory=list)
    voting_delay: int = 60
    voting_period: int = 3 * DAY
    quorum_percent: int = 25
    timelock_delay: int = DAY
    admission: AdmissionRules = field(default_factory=AdmissionRules)
    max_proxies: int = 2
    credit_name: str = "Harvest Coop Credit"
    credit_symbol: str = "CRED"

    def validate(self) -> None:
        """Refuse parameters the contracts would refuse, with a clearer message."""
        if not self.founders:
            raise ValueError("at least one founder is needed")
        if any(str(a).lower() == "0x" + "00" * 20 for a in self.founders):
            raise ValueError("a founder is the zero address")
        if len(set(str(a).lower() for a in self.founders)) != len(self.founders):
            raise ValueError("founders contain a duplicate")
        if len(self.founders) > 64:
            raise ValueError("at most 64 founders")
        if not 1 <= self.quorum_percent <= MAX_QUORUM_PERCENT:
            raise ValueError(
                f"quorum_percent must be 1..{MAX_QUORUM_PERCENT} (above half, members who stay away block every proposal)"
            )
        if self.voting_period <= 0:
            raise ValueError("voting_period must be positive")
        if not 0 <= self.max_proxies <= 8:
            raise ValueError("max_proxies must be 0..8")
        if not 0 <= self.timelock_delay <= MAX_TIMELOCK_DELAY:
            raise ValueError("timelock_delay must be at most 30 days")
        if not 1 <= len(self.name.encode()) <= MAX_NAME_BYTES:
            raise ValueError(f"the co-op's name must be 1 to {MAX_NAME_BYTES} bytes (it is its registry key)")
        if any(ord(c) < 0x20 or ord(c) == 0x7F for c in self.name):
            raise ValueError("the co-op's name must hold no control character (the factory refuses it)")
        if not 1 <= len(self.symbol.encode()) <= 20:
            raise ValueError("the symbol must be 1 to 20 bytes")
        if not 1 <= len(self.credit_name.encode()) <= 25 or not 1 <= len(self.credit_symbol.encode()) <= 5:
            raise ValueError("the credit's name must be 1 to 25 bytes and its symbol 1 to 5")
        self.admission.validate()
