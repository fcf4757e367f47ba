"""Deployment parameters of a co-op, with the defaults the demo uses."""

from __future__ import annotations

from dataclasses import dataclass, field

DAY = 86_400


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
    sponsors_needed: int = 3
    max_proxies: int = 2

    def validate(self) -> None:
        """Refuse parameters the contracts would refuse, with a clearer message."""
        if not self.founders:
            raise ValueError("at least one founder is needed")
        if len(set(a.lower() for a in self.founders)) != len(self.founders):
            raise ValueError("founders contain a duplicate")
        if len(self.founders) > 64:
            raise ValueError("at most 64 founders")
        if not 1 <= self.quorum_percent <= 100:
            raise ValueError("quorum_percent must be 1..100")
        if self.voting_period <= 0:
            raise ValueError("voting_period must be positive")
        if not 0 <= self.max_proxies <= 8:
            raise ValueError("max_proxies must be 0..8")
        if len(self.name) > 50 or len(self.symbol) > 20:
            raise ValueError("name is at most 50 characters, symbol at most 20")
