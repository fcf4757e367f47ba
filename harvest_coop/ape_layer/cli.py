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
import sys
from typing import Any

import click

# True unless the network is local or a fork (one rule with the factory's timing floor).
from harvest_coop.core.stack_code import is_live_network as is_live

__all__ = [
    "coop_command",
    "DEMO_NETWORK",
    "PASSPHRASE_ENV",
    "CoopCommand",
    "account_option",
    "chain_key_now",
    "confirm_live",
    "explain",
    "is_live",
    "resolve_account",
]

PASSPHRASE_ENV = "HARVEST_COOP_PASSPHRASE"

# The demo's node (`make demo`): the network the offer commands use when no
# --network is given.
DEMO_NETWORK = "ethereum:local:http://127.0.0.1:8545"


def explain(err: BaseException, uri: str | None = None) -> str:
    """One sentence a person can act on, for any error a command meets."""
    from ape.exceptions import ContractLogicError, ProviderNotConnectedError, VirtualMachineError

    from harvest_coop.core.deployment import DeploymentFileError

    text = " ".join(str(err).split()) or type(err).__name__
    if isinstance(err, ContractLogicError):
        reason = " ".join(str(err.message or "").split()) or "no reason given"
        return f"the transaction was refused: {reason}"
    if isinstance(err, VirtualMachineError):
        return f"the transaction failed: {text}"
    lowered = text.lower()
    if "missing uri for network" in lowered:
        network = text.split("'")[1] if text.count("'") >= 2 else "this network"
        return (
            f"network '{network}' has no node URI: pass it in --network "
            f"(ethereum:{network}:https://YOUR-NODE) or set it under `node:` in ape-config.yaml"
        )
    unreachable = isinstance(err, (ProviderNotConnectedError, ConnectionError)) or any(
        needle in lowered for needle in ("connection refused", "not connected", "geth", "failed to connect")
    )
    if unreachable:
        where = f" at {uri}" if uri else ""
        return (
            f"cannot reach the node{where}: is it running? Start the demo's with `make demo`, "
            "or pass the --network of a running node"
        )
    if isinstance(err, (DeploymentFileError, ValueError)):
        return text
    return f"{type(err).__name__}: {text}"


class CoopCommand(click.Command):
    """Marker base (see `coop_command`)."""


def coop_command(**kwargs: Any) -> Any:
    """`@click.command(cls=...)` for the scripts: Ape's connected-provider
    command whose every failure is one line (`explain`) and a non-zero exit,
    never a traceback."""
    from ape.cli import ConnectedProviderCommand

    class _Command(ConnectedProviderCommand, CoopCommand):
        def invoke(self, ctx: click.Context) -> Any:
            try:
                return super().invoke(ctx)
            except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
                raise
            except Exception as err:  # noqa: BLE001 - every error becomes one line
                raise click.ClickException(explain(err, _uri_of(ctx))) from None

    return click.command(cls=_Command, **kwargs)


def _uri_of(ctx: click.Context) -> str | None:
    """The node's URI of a command's --network, if it names one."""
    value = ctx.params.get("network")
    uri = getattr(value, "uri", None) or getattr(getattr(value, "provider", None), "uri", None)
    if uri:
        return str(uri)
    text = str(value or "") or _network_argument(sys.argv)
    return text.split(":", 2)[2] if text.count(":") >= 2 and "://" in text else None


def _network_argument(argv: list[str]) -> str:
    """The --network typed on the command line (the demo's when none was):
    what the failure names when the node cannot be reached while connecting."""
    for i, arg in enumerate(argv):
        if arg == "--network" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--network="):
            return arg.split("=", 1)[1]
    return DEMO_NETWORK


def chain_key_now() -> str:
    """The connected chain's key (`harvest_coop.core.deployment.chain_key`)."""
    from ape import chain

    from harvest_coop.core.deployment import chain_key

    return chain_key(chain.chain_id, bytes(chain.blocks[0].hash))


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
        if int(index) >= 2**31:  # a BIP-32 index of the test mnemonic
            raise click.UsageError(f"{alias} is not a test account: N is at most {2**31 - 1}")
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
