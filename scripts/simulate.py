"""`ape run simulate`: what a proposal would do, on a throwaway fork, before anyone votes.

    ape run simulate "Harvest Coop" 0x5c1f…          # the demo's node
    ape run simulate "Rooftop Coop" 4213… --network ethereum:sepolia:https://YOUR-NODE
    ape run simulate "Harvest Coop" 0x5c1f… --json   # the report as JSON

Starts anvil forking the network's node at its head (127.0.0.1, a free port,
stopped when done), votes the proposal through there with as many members'
votes as it takes, queues it, waits out the timelock, executes it, and
prints the events, the changed parameters and totals, and the changed
balances, or why it would not take effect. Nothing is sent to the network
itself. The co-op is found by name in the registry named in this chain's
deployment file (or `--registry ADDRESS`). Every mistake ends with one line
and a non-zero exit.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click
from ape.cli import ape_cli_context, network_option

from harvest_coop.ape_layer.cli import DEMO_NETWORK, chain_key_now, coop_command
from harvest_coop.core.deployment import DeploymentFileError, deployment_path, read_deployment
from harvest_coop.web3_layer.simulate import SimulationError, simulate

DEPLOYMENTS = Path(
    os.environ.get("HARVEST_DEPLOYMENTS_DIR") or Path(__file__).resolve().parent.parent / "deployments"
)


def _proposal_id(text: str) -> int:
    try:
        return int(text, 16) if text.lower().startswith("0x") else int(text)
    except ValueError:
        raise click.BadParameter(
            f"{text!r} is not a proposal id (a decimal number or 0x and hex digits)",
            param_hint="PROPOSAL_ID",
        ) from None


def _node_url(provider: Any) -> str:
    for attribute in ("http_uri", "uri"):
        value = getattr(provider, attribute, None)
        if isinstance(value, str) and value.startswith("http"):
            return value
    raise click.UsageError(
        f"network '{provider.network.name}' is not reached over HTTP: pass --network with the node's URL"
    )


def _registry(network_name: str, given: str | None) -> str:
    if given:
        return given
    path = deployment_path(DEPLOYMENTS, network_name, chain_key_now())
    try:
        registry = read_deployment(path).registry
    except DeploymentFileError as err:
        raise click.UsageError(f"{err} (or pass --registry ADDRESS)") from None
    if not registry:
        raise click.UsageError(f"{path} names no CoopRegistry: pass --registry ADDRESS")
    return registry


@coop_command()
@ape_cli_context()
@network_option(default=DEMO_NETWORK)
@click.argument("coop")
@click.argument("proposal_id")
@click.option("--registry", "registry_address", default=None, help="CoopRegistry (default: deployment file)")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON")
def cli(cli_ctx, provider, coop, proposal_id, registry_address, as_json):
    """Simulate proposal PROPOSAL_ID of co-op COOP on a fork and report what it changes."""
    pid = _proposal_id(proposal_id)
    url = _node_url(provider)
    registry = _registry(provider.network.name, registry_address)
    say = (lambda _m: None) if as_json else click.echo
    try:
        report = simulate(url, registry, coop, pid, say=say)
    except SimulationError as err:
        raise click.UsageError(str(err)) from None
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2, default=str))
    else:
        click.echo("")
        for line in report.lines():
            click.echo(line)
