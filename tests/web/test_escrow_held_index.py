"""The index's escrow rows after a withdrawal that held a leg (the handlers
alone, on a stand-in for the derived tables: no chain, no database).

A withdrawal pays each leg on its own; a leg it cannot pay (frozen harvest,
a token that blocks the exchange, a receiver that refuses) is held and stays
owed (`EscrowLegHeld`, before the withdrawal's `EscrowWithdrawn` in the same
transaction). Before, the index listed the party as withdrawn after any
`EscrowWithdrawn`, so the page hid its Withdraw button while the exchange
still owed it a leg: what is owed must stay visible."""

from __future__ import annotations

from typing import Any

from frontend.index.handlers import Context, apply
from harvest_coop.core import events as ev

ESCROW_ID = bytes.fromhex("ab" * 32)
MAKER = "0x" + "11" * 20
TAKER = "0x" + "22" * 20
TOKEN = "0x" + "33" * 20


class _Escrows:
    """The `escrows` table's cache: one row, found by its id."""

    def __init__(self) -> None:
        self.row: dict[str, Any] = {"escrow_id": "0x" + ESCROW_ID.hex(), "withdrawn": []}
        self.touched = 0

    def get(self, key: str) -> dict[str, Any] | None:
        return self.row if key == self.row["escrow_id"] else None

    def touch(self, row: dict[str, Any]) -> None:
        self.touched += 1


class _State:
    def __init__(self) -> None:
        self.escrows = _Escrows()

    def table(self, name: str) -> _Escrows:
        assert name == "escrows"
        return self.escrows


def _ctx(tx: int, log_index: int) -> Context:
    return Context("Coop", "NutrientExchange", "0x" + "44" * 20, tx, 1_700_000_000, f"0x{tx:064x}", log_index)


def _withdrawal(state: _State, tx: int, party: str, held: bool) -> None:
    """One `withdraw` transaction of `party`: `EscrowLegHeld` first if a leg
    was held, then `EscrowWithdrawn`."""
    index = 0
    if held:
        apply(state, _ctx(tx, index), ev.NutrientExchangeEscrowLegHeld(ESCROW_ID, party, TOKEN, 0, 5))  # type: ignore[arg-type]
        index += 1
    apply(state, _ctx(tx, index), ev.NutrientExchangeEscrowWithdrawn(ESCROW_ID, party, party, 7, 0))  # type: ignore[arg-type]


def test_withdrawal_that_held_a_leg__the_party_stays_owed_until_a_later_one_pays_it() -> None:
    state = _State()
    _withdrawal(state, 1, MAKER, held=True)
    assert state.escrows.row["withdrawn"] == []  # still owed: the page keeps its Withdraw button
    _withdrawal(state, 2, TAKER, held=False)
    assert state.escrows.row["withdrawn"] == [TAKER]
    _withdrawal(state, 3, MAKER, held=True)  # held again (the token still blocks the exchange)
    assert state.escrows.row["withdrawn"] == [TAKER]
    _withdrawal(state, 4, MAKER, held=False)  # the held leg paid
    assert state.escrows.row["withdrawn"] == [TAKER, MAKER]
    _withdrawal(state, 5, MAKER, held=False)  # replayed or repeated: listed once
    assert state.escrows.row["withdrawn"] == [TAKER, MAKER]
