"""`ape run deploy`: a complete co-op through the CoopFactory, and where it went.

    ape run deploy --network ethereum:local:foundry
    ape run deploy --network ethereum:local:http://127.0.0.1:8545 --name "Rooftop Coop"
    ape run deploy --network ethereum:sepolia:node --account coop-deployer \\
        --founder 0xA.. --founder 0xB.. --founder 0xC..

The deployment file is deployments/<network>-<chain key>.json, the chain key
being the chain id and the start of the genesis hash: a fork and the demo's
node, or two starts of the demo, never share (or overwrite) a file. The
first run on a chain deploys the stack (the contracts' blueprints and
code chunks, the CoopFactory and its CoopRegistry); later runs reuse the one
named in that file and only create the new co-op, in the
factory's two transactions. Every one-time wiring step happens inside those
transactions; afterwards the script checks on chain that neither the
deployer, nor the factory, nor the registry holds any role in the co-op.

On a local or fork network the deployer defaults to Ape's test account 0 and
the founders to test accounts 1-5 (anvil's default mnemonic). Elsewhere pass
`--account ALIAS` (a keyfile account); its passphrase is read from
HARVEST_COOP_PASSPHRASE and never stored.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click
from ape import accounts, chain, project
from ape.cli import ape_cli_context, skip_confirmation_option
from eth_utils import is_address

from harvest_coop.ape_layer.cli import (
    account_option,
    chain_key_now,
    confirm_live,
    coop_command,
    is_live,
    resolve_account,
)
from harvest_coop.ape_layer.stack import check_no_privilege, create_coop_with_receipts, deploy_stack, stack_at
from harvest_coop.core.deployment import (
    Deployment,
    DeploymentFileError,
    deployment_path,
    read_deployment,
    write_deployment,
)
from harvest_coop.core.params import AdmissionRules, CoopParams
from harvest_coop.core.stack_code import TimingFloor, floor_for

DEPLOYMENTS_DIR = Path(
    os.environ.get("HARVEST_DEPLOYMENTS_DIR") or Path(__file__).resolve().parent.parent / "deployments"
)


def _floor_of(stack: Any) -> TimingFloor:
    """The timing floor an existing stack's factory was deployed with."""
    return TimingFloor(int(stack.factory.MIN_VOTING_PERIOD()), int(stack.factory.MIN_TIMELOCK_DELAY()))


@coop_command()
@ape_cli_context()
@skip_confirmation_option("Do not ask before broadcasting to a live network")
@account_option()
@click.option("--founder", "founders", multiple=True, help="Founding member address (repeat)")
@click.option(
    "--name", default="Harvest Coop", show_default=True, help="The co-op's unique name (<= 32 bytes)"
)
@click.option("--symbol", default="HCM", show_default=True)
@click.option("--voting-delay", default=60, show_default=True, help="Seconds before voting opens")
@click.option("--voting-period", default=3 * 86_400, show_default=True, help="Seconds of voting")
@click.option("--quorum", "quorum_percent", default=25, show_default=True, help="Percent of members (1..50)")
@click.option("--timelock-delay", default=86_400, show_default=True, help="Seconds (at most 30 days)")
@click.option(
    "--sponsors-needed", default=3, show_default=True, help="Fixed minimum of sponsors (0 disables)"
)
@click.option("--sponsors-percent", default=30, show_default=True, help="...or this percent of members")
@click.option(
    "--objections-needed", default=3, show_default=True, help="Objections that cancel an application"
)
@click.option("--objections-percent", default=20, show_default=True, help="...or this percent of members")
@click.option(
    "--sponsor-limit", default=1, show_default=True, help="Applicants one member sponsors per period"
)
@click.option("--sponsor-period", default=30 * 86_400, show_default=True, help="Seconds")
@click.option(
    "--min-tenure", default=90 * 86_400, show_default=True, help="Seconds of membership before sponsoring"
)
@click.option(
    "--challenge-window", default=7 * 86_400, show_default=True, help="Seconds to object before admission"
)
@click.option(
    "--max-proxies", default=2, show_default=True, help="Votes one member may hold for others (<=8)"
)
@click.option("--credit-name", default="Harvest Coop Credit", show_default=True, help="<= 25 bytes")
@click.option("--credit-symbol", default="CRED", show_default=True, help="<= 5 bytes")
@click.option("--make-default", is_flag=True, help="Make this co-op the file's default (the first one is)")
@click.option(
    "--out", "out_dir", default=None, help="Directory for <network>-<chain key>.json (default deployments/)"
)
def cli(
    cli_ctx,
    network,
    provider,
    skip_confirmation: bool,
    account_alias: str | None,
    founders: tuple[str, ...],
    name: str,
    symbol: str,
    voting_delay: int,
    voting_period: int,
    quorum_percent: int,
    timelock_delay: int,
    sponsors_needed: int,
    sponsors_percent: int,
    objections_needed: int,
    objections_percent: int,
    sponsor_limit: int,
    sponsor_period: int,
    min_tenure: int,
    challenge_window: int,
    max_proxies: int,
    credit_name: str,
    credit_symbol: str,
    make_default: bool,
    out_dir: str | None,
) -> None:
    """Deploy a co-op through the factory (and the factory, the first time)."""
    network_name = provider.network.name
    live = is_live(network_name)
    for founder in founders:
        if not is_address(founder):
            raise click.BadParameter(
                f"{founder!r} is not an address (0x and 40 hex digits)", param_hint="--founder"
            )
    deployer = resolve_account(account_alias, network_name, default_test_index=0)
    founder_list = list(founders) or (
        [str(a.address) for a in accounts.test_accounts[1:6]] if not live else []
    )
    params = CoopParams(
        name=name,
        symbol=symbol,
        founders=founder_list,
        voting_delay=voting_delay,
        voting_period=voting_period,
        quorum_percent=quorum_percent,
        timelock_delay=timelock_delay,
        admission=AdmissionRules(
            sponsors_needed=sponsors_needed,
            sponsors_percent=sponsors_percent,
            objections_needed=objections_needed,
            objections_percent=objections_percent,
            sponsor_limit=sponsor_limit,
            sponsor_period=sponsor_period,
            min_tenure=min_tenure,
            challenge_window=challenge_window,
        ),
        max_proxies=max_proxies,
        credit_name=credit_name,
        credit_symbol=credit_symbol,
    )
    try:
        params.validate()
    except ValueError as err:
        cli_ctx.abort(str(err))

    path = deployment_path(out_dir or DEPLOYMENTS_DIR, network_name, chain_key_now())
    deployment = _existing(cli_ctx, path)
    stack = None
    floor = floor_for(network_name)
    if deployment is not None:
        try:
            stack = stack_at(project, deployment)
            floor = _floor_of(stack)
            cli_ctx.logger.info(f"reusing the factory {deployment.factory} named in {path}")
        except (ValueError, Exception) as err:  # noqa: BLE001 - no code there: a reset or another node
            cli_ctx.logger.warning(f"the stack in {path} is not on this node ({err}); deploying a new one")
            stack, deployment = None, None
    if stack is not None and (stack.registry.is_registered(name) or stack.factory.is_pending(name)):
        cli_ctx.abort(f"a co-op named {name!r} already exists on this network: choose another --name")

    for option, value, least, why in (
        ("--voting-period", voting_period, floor.voting_period, "to vote against a proposal and to veto it"),
        (
            "--timelock-delay",
            timelock_delay,
            floor.timelock_delay,
            "to vote against a proposal and to veto it",
        ),
        # Membership's MIN_CHALLENGE_WINDOW is the factory's minimum voting period.
        ("--challenge-window", challenge_window, floor.voting_period, "to object to a sponsored applicant"),
    ):
        if value < least:
            cli_ctx.abort(
                f"{option} {value} is below this network's minimum of {least} seconds: the other "
                f"members must have time {why}"
            )

    confirm_live(
        network_name,
        skip_confirmation,
        f"Deploy co-op {name!r} from {deployer.address} with {len(founder_list)} founders",
    )
    if stack is None:
        cli_ctx.logger.info(
            "deploying the stack: blueprints, code chunks, factory and registry (once per chain) ..."
        )
        stack = deploy_stack(project, deployer, floor)
    cli_ctx.logger.info(
        f"creating {name!r} through the factory: transaction 1 of 2 (governance) and 2 of 2 ..."
    )
    contracts, receipts = create_coop_with_receipts(stack, deployer, params)
    check_no_privilege(contracts, [deployer, stack.factory, stack.registry])

    addresses = {n: str(c.address) for n, c in contracts.items()}
    block = int(receipts.create.block_number)
    if deployment is None:
        deployment = Deployment(
            chain_id=chain.chain_id,
            block=block,
            contracts={},
            factory=str(stack.factory.address),
            registry=str(stack.registry.address),
            stack_block=stack.block,
            blueprints=stack.code_addresses(),
        )
    deployment = deployment.with_coop(name, addresses, block, default=make_default)
    write_deployment(path, deployment)
    for contract_name, address in addresses.items():
        cli_ctx.logger.success(f"{contract_name}: {address}")
    cli_ctx.logger.success(
        f"co-op {name!r} created through the factory {stack.factory.address}; written to {path}; "
        "the deployer, the factory and the registry keep no role"
    )


def _existing(cli_ctx, path: Path) -> Deployment | None:
    """The deployment file at `path`, if any (refusing one that predates
    the factory rather than overwriting it)."""
    if not path.is_file():
        return None
    try:
        deployment = read_deployment(path)
    except DeploymentFileError as err:
        cli_ctx.abort(f"{err} (move it away or pass --out)")
    if deployment.factory is None:
        cli_ctx.abort(f"{path} predates the co-op factory: move it away or pass --out")
    if deployment.chain_id != chain.chain_id:
        cli_ctx.abort(
            f"{path} is for chain {deployment.chain_id}, this node is chain {chain.chain_id}: pass --out"
        )
    return deployment
