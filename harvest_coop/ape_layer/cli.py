"""What the `ape run` scripts share: one `--account` option, one rule for
"is this a live network", one passphrase handling with a clear refusal.

A local network (Ape's `local`, anvil by URL or `foundry`) or a fork is not
live: the scripts may default to Ape's test accounts there and never ask
before broadcasting. Anywhere else a keyfile account is required, its
passphrase comes from HARVEST_COOP_PASSPHRASE (never a prompt that a script
or CI would hang on, never stored), and every broadcast is confirmed unless
`--yes`.
"""

from __future__ import annotations

import os
from typing import Any

import click

__all__ = ["PASSPHRASE_ENV", "account_option", "is_live", "resolve_account", "confirm_live"]

PASSPHRASE_ENV = "HARVEST_COOP_PASSPHRASE"


def is_live(network_name: str) -> bool:
    """True unless the network is local or a fork."""
    return not (network_name == "local" or network_name.endswith("-fork"))


def account_option() -> Any:
    """`--account ALIAS`: a keyfile account (`ape accounts import ALIAS`), or
    on a local network `TEST::N` for Ape's test account N."""
    return click.option(
        "--account",
        "account_alias",
        default=None,
        metavar="ALIAS",
        help="Keyfile account alias (`ape accounts import ALIAS`); on a local network also TEST::N",
    )


def resolve_account(alias: str | None, network_name: str, default_test_index: int | None = None) -> Any:
    """The account to send from; raises `click.UsageError` with what to do."""
    from ape import accounts

    if alias is None:
        if is_live(network_name):
            raise click.UsageError(f"network '{network_name}' is live: pass --account ALIAS")
        if default_test_index is None:
            raise click.UsageError(
                "pass --account ALIAS (a keyfile account, or TEST::N for Ape's test account N)"
            )
        return accounts.test_accounts[default_test_index]
    if alias.upper().startswith("TEST:"):
        if is_live(network_name):
            raise click.UsageError("test accounts exist only on local networks")
        index = alias.split(":")[-1]
        if not index.isdigit():
            raise click.UsageError(f"use TEST::N with a number, not {alias!r}")
        return accounts.test_accounts[int(index)]
    if alias not in accounts.aliases:
        raise click.UsageError(f"no account named {alias!r}: `ape accounts import {alias}` first")
    account = accounts.load(alias)
    passphrase = os.environ.get(PASSPHRASE_ENV)
    if passphrase is None:
        raise click.UsageError(f"set {PASSPHRASE_ENV} to unlock the account {alias!r}")
    try:
        account.set_autosign(True, passphrase=passphrase)
    except Exception as err:  # noqa: BLE001 - the keyfile library's own errors
        raise click.UsageError(f"{PASSPHRASE_ENV} does not unlock {alias!r}: {err}") from err
    return account


def confirm_live(network_name: str, skip: bool, what: str) -> None:
    """Ask before broadcasting to a live network (unless `--yes`)."""
    if is_live(network_name) and not skip:
        click.confirm(f"{what} on {network_name}?", abort=True)
