"""`ape run deploy`: deploy a complete, wired co-op and write its addresses.

    ape run deploy --network ethereum:local:foundry
    ape run deploy --network ethereum:sepolia:node --account coop-deployer \\
        --founder 0xA.. --founder 0xB.. --founder 0xC..

On a local or fork network the deployer defaults to Ape's test account 0 and
the founders to test accounts 1-5 (anvil's default mnemonic), leaving 0 and
6-9 as non-members. Elsewhere pass `--account ALIAS` (a keyfile account);
its passphrase is read from HARVEST_COOP_PASSPHRASE and never stored.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from ape import accounts, chain, project
from ape.cli import ConnectedProviderCommand, ape_cli_context, skip_confirmation_option

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harvest_coop.deployment import (  # noqa: E402
    DEPLOYMENTS_DIR,
    deploy_coop,
    deployment_record,
    write_deployment,
)
from harvest_coop.params import AdmissionRules, CoopParams  # noqa: E402
from harvest_coop.parts import register_parts  # noqa: E402

LOCAL_NETWORKS = ("local",)


def is_local(network_name: str) -> bool:
    return network_name in LOCAL_NETWORKS or network_name.endswith("-fork")


@click.command(cls=ConnectedProviderCommand)
@ape_cli_context()
@skip_confirmation_option("Do not ask before broadcasting to a live network")
@click.option("--account", "account_alias", default=None, help="Keyfile account alias (live networks)")
@click.option("--founder", "founders", multiple=True, help="Founding member address (repeat)")
@click.option("--name", default="Harvest Coop", show_default=True)
@click.option("--symbol", default="HCM", show_default=True)
@click.option("--voting-delay", default=60, show_default=True, help="Seconds before voting opens")
@click.option("--voting-period", default=3 * 86_400, show_default=True, help="Seconds of voting")
@click.option("--quorum", "quorum_percent", default=25, show_default=True, help="Percent of members")
@click.option("--timelock-delay", default=86_400, show_default=True, help="Seconds")
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
@click.option("--out", "out_dir", default=None, help="Directory for <network>.json")
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
    out_dir: str | None,
) -> None:
    network_name = provider.network.name
    local = is_local(network_name)
    if account_alias:
        deployer = accounts.load(account_alias)
        passphrase = os.environ.get("HARVEST_COOP_PASSPHRASE")
        if passphrase is None:
            cli_ctx.abort("set HARVEST_COOP_PASSPHRASE to unlock the deployer account")
        deployer.set_autosign(True, passphrase=passphrase)
    elif local:
        deployer = accounts.test_accounts[0]
    else:
        cli_ctx.abort(f"network '{network_name}' is live: pass --account ALIAS")
    founder_list = list(founders) or ([str(a.address) for a in accounts.test_accounts[1:6]] if local else [])
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
    )
    try:
        params.validate()
    except ValueError as err:
        cli_ctx.abort(str(err))
    if not local and not skip_confirmation:
        click.confirm(
            f"Deploy '{name}' to {network_name} from {deployer.address} with {len(founder_list)} founders?",
            abort=True,
        )
    register_parts()
    start_block = chain.blocks.height
    contracts = deploy_coop(project, deployer, params)
    record = deployment_record(chain.chain_id, start_block, contracts)
    path = write_deployment(network_name, record, Path(out_dir) if out_dir else DEPLOYMENTS_DIR)
    for contract_name, address in record["contracts"].items():
        cli_ctx.logger.success(f"{contract_name}: {address}")
    cli_ctx.logger.success(f"deployment written to {path}; the deployer keeps no role")
