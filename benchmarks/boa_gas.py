"""Transaction gas of a titanoboa call, as a receipt would report it.

titanoboa runs a message call, not a transaction, so the parts a receipt adds
are computed here: 21,000 intrinsic, calldata (EIP-2028), the refund (capped
at a fifth, EIP-3529) and the EIP-7623 calldata floor. `fresh_transaction`
makes the next call start as a transaction does (original storage values
locked, every account and slot cold except the sender, the target and the
precompiles), so cold and warm access costs match a real receipt.
"""

from __future__ import annotations

from typing import Any

import boa
from eth_utils import to_canonical_address

from benchmarks.floor import TX_BASE, calldata_gas

PRECOMPILES = [i.to_bytes(20, "big") for i in range(1, 0x12)]


def tx_gas(contract: Any) -> tuple[int, bytes]:
    """Receipt gas of the last call of `contract`, and its calldata."""
    computation = contract._computation
    data = bytes(computation.msg.data)
    used = TX_BASE + calldata_gas(data) + computation.get_gas_used()
    refund = min(computation.get_gas_refund(), used // 5)
    zeros = data.count(0)
    eip7623_floor = TX_BASE + 10 * (zeros + 4 * (len(data) - zeros))
    return max(used - refund, eip7623_floor), data


def fresh_transaction(sender: str, to: str) -> None:
    """Make the next call start like a transaction (see the module docstring)."""
    state = boa.env.evm.vm.state
    state._account_db.lock_changes()
    for address in (sender, to):
        state.mark_address_warm(to_canonical_address(address))
    for address in PRECOMPILES:
        state.mark_address_warm(address)
