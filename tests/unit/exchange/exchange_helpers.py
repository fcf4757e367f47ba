"""Constants and helpers shared by the exchange's unit tests (and their
conftest). A module with a unique name, so nothing depends on which
`conftest` Python happens to have imported last."""

from __future__ import annotations

from typing import Any

from harvest_coop.core.offers import Escrow  # noqa: E402

HOUR = 3_600
DAY = 86_400
ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
HARVEST_ID = 7
GIVE_AMOUNT = 1_000  # grams of harvest
WANT_AMOUNT = 5 * 10**18  # credit
BALANCE = 10**24


def escrow_of(exchange: Any, receipt: Any) -> Escrow:
    """The escrow record of the `EscrowOpened` event in `receipt`."""
    events = receipt.decode_logs(exchange.EscrowOpened)
    assert len(events) == 1
    return Escrow.from_value(events[0].escrow)
