"""EVM lower bounds (Prague/Cancun pricing, EIP-2929 access lists, EIP-2200 SSTORE).

A lower bound is what the EVM charges for the work an operation cannot avoid:
the intrinsic transaction cost, its calldata, the storage it must read and
write, the external accounts it must touch and the logs it must emit. Stack
and memory work are ignored, so real code always costs a bit more.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TX_BASE = 21_000
COLD_SLOAD = 2_100
WARM_ACCESS = 100
COLD_ACCOUNT = 2_600
SSTORE_SET = 20_000  # zero -> non-zero, on top of the cold read
SSTORE_RESET = 2_900  # non-zero -> non-zero, on top of the cold read
LOG_BASE = 375
LOG_TOPIC = 375
LOG_BYTE = 8
ECRECOVER = 3_000
KECCAK_BASE = 30
KECCAK_WORD = 6


def calldata_gas(data: bytes) -> int:
    """EIP-2028: 4 per zero byte, 16 per non-zero byte (the EIP-7623 floor is lower for these sizes)."""
    return sum(4 if b == 0 else 16 for b in data)


@dataclass
class Floor:
    """A lower bound built from named parts, so the report shows where it comes from."""

    parts: list[tuple[str, int]] = field(default_factory=list)

    def add(self, what: str, gas: int) -> Floor:
        self.parts.append((what, gas))
        return self

    def tx(self, calldata: bytes) -> Floor:
        return self.add("intrinsic", TX_BASE).add("calldata", calldata_gas(calldata))

    def new_slot(self, what: str, n: int = 1) -> Floor:
        return self.add(f"{n}x new slot ({what})", n * (COLD_SLOAD + SSTORE_SET))

    def update_slot(self, what: str, n: int = 1) -> Floor:
        return self.add(f"{n}x slot update ({what})", n * (COLD_SLOAD + SSTORE_RESET))

    def read_slot(self, what: str, n: int = 1) -> Floor:
        return self.add(f"{n}x cold read ({what})", n * COLD_SLOAD)

    def call(self, what: str) -> Floor:
        return self.add(f"cold call ({what})", COLD_ACCOUNT)

    def log(self, topics: int, data_bytes: int, what: str = "event") -> Floor:
        return self.add(f"log {what}", LOG_BASE + LOG_TOPIC * topics + LOG_BYTE * data_bytes)

    @property
    def total(self) -> int:
        return sum(g for _, g in self.parts)

    def explain(self) -> str:
        return " + ".join(f"{what} {gas}" for what, gas in self.parts)
