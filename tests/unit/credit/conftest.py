"""The cast of CoopCredit's unit tests (Ape, in-process chain).

Roles come from tests/unit/conftest.py (anvil's mnemonic: 0 deploys, 1-5 are
founders, 6 is an outsider); this file adds:

- `timelock_stand_in`: the co-op's timelock. Ape's in-process chain cannot impersonate
  a contract, so a plain account stands in for the TimelockController; the
  token only checks `msg.sender`.
- `holder`: a member who was minted credit (founder 2, `member`),
- `spender`: a member who spends someone else's credit (founder 3).
Signatures are made with the accounts' own keys (anvil's mnemonic), the way
a wallet signs EIP-712 typed data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from eth_account import Account

from harvest_coop.core.eip712 import permit_typed_data
from harvest_coop.testing.keys import anvil_key, sign_typed_data

NAME = "Harvest Coop Credit"
SYMBOL = "CRED"
CREDIT = 10**18
HOLDER_START = 100 * CREDIT


@pytest.fixture(scope="session")
def holder(member):
    return member


@pytest.fixture(scope="session")
def spender(founders):
    return founders[2]


@pytest.fixture(scope="session")
def credit(project, deployer, timelock_stand_in, holder):
    token = project.CoopCredit.deploy(NAME, SYMBOL, timelock_stand_in, sender=deployer)
    token.mint(holder, HOLDER_START, sender=timelock_stand_in)
    return token


@pytest.fixture(scope="session")
def key_of(accounts) -> Callable[[Any], bytes]:
    """The private key of a test account (anvil's mnemonic)."""
    index = {accounts[i].address: i for i in range(10)}

    def _key(account: Any) -> bytes:
        key = anvil_key(index[account.address])
        assert Account.from_key(key).address == account.address
        return key

    return _key


@pytest.fixture
def sign_permit(chain, credit, key_of) -> Callable[..., tuple[int, bytes, bytes]]:
    """Sign an ERC-2612 Permit as `owner`; returns (v, r, s). Any domain or
    message field can be overridden to build a bad signature."""

    def _sign(
        owner: Any,
        spender: Any,
        value: int,
        deadline: int,
        nonce: int | None = None,
        chain_id: int | None = None,
        verifying_contract: str | None = None,
        name: str = NAME,
        version: str = "1",
    ) -> tuple[int, bytes, bytes]:
        typed = permit_typed_data(
            name,
            chain.chain_id if chain_id is None else chain_id,
            verifying_contract or credit.address,
            owner.address,
            spender.address,
            value,
            credit.nonces(owner) if nonce is None else nonce,
            deadline,
        )
        typed["domain"]["version"] = version
        signature = sign_typed_data(typed, key_of(owner))
        return signature[64], signature[:32], signature[32:64]

    return _sign
