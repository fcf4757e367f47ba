"""`ape run offer`: sign, list, fill and cancel NutrientExchange offers.

    ape run offer sign --give harvest:7:1000 --want credit:5e18 --delivery give \\
        --window 2d --expires-in 1w [--max-fee-bps 50] --account ALIAS --network ethereum:local:foundry
    ape run offer list [--mine --account ALIAS]
    ape run offer fill .state/offers/0xabc….json [--amount 250 [--min-amount 100]] [--approve] --account ALIAS
    ape run offer cancel .state/offers/0xabc….json --account ALIAS
    ape run offer cancel-all [--min-nonce N] --account ALIAS

An offer is signed in the member's Ape account (EIP-712; no gas) and saved as
the JSON document the web service accepts as is (docs/exchange.md): the full
`eth_signTypedData_v4` typed data, the signature and the offer hash. Offers
live in `.state/offers/` (or `--dir`, or HARVEST_OFFERS_DIR). A fill that
opens a delivery escrow saves the escrow record to `.state/escrows/` (the
record that confirm / dispute / withdraw need).

Tokens are given as `TOKEN[:ID]:AMOUNT`: TOKEN is an address, `harvest` or
`credit` (the exchange's own), ID is the ERC-1155 id (omitted for an
ERC-20), AMOUNT an integer in base units (`5e18` is accepted). The exchange
is `--exchange ADDRESS` or `NutrientExchange` of deployments/<network>.json.
A keyfile account's passphrase may come from HARVEST_COOP_PASSPHRASE.
Nothing is broadcast to a live network without confirmation (`--yes` skips).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click
from ape import chain
from ape.cli import ConnectedProviderCommand, ape_cli_context, skip_confirmation_option

from harvest_coop.ape_layer.cli import account_option, confirm_live, resolve_account
from harvest_coop.ape_layer.offers import check_document_for, fill_document, make_signed_offer, parse_leg
from harvest_coop.core.constants import Delivery
from harvest_coop.core.deployment import DeploymentFileError, read_deployment
from harvest_coop.core.offer_book import OfferStore, offer_status
from harvest_coop.core.offers import (
    OfferDocument,
    parse_offer_document,
)
from harvest_coop.core.units import parse_amount, parse_duration

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STATE = ROOT / ".state"
DELIVERY_CHOICES = {
    "none": Delivery.NONE,
    "give": Delivery.GIVE,
    "want": Delivery.WANT,
    "both": Delivery.GIVE | Delivery.WANT,
}

# ----------------------------------------------------------------- places


def _param(parse: Any, text: str, *args: Any) -> Any:
    """A parser's ValueError as click's one-line refusal."""
    try:
        return parse(text, *args)
    except ValueError as err:
        raise click.BadParameter(str(err)) from err


def store(directory: str | None) -> OfferStore:
    return OfferStore(Path(directory or os.environ.get("HARVEST_OFFERS_DIR") or DEFAULT_STATE))


def find_exchange(address: str | None, network_name: str) -> Any:
    """The exchange contract: `--exchange`, else the deployment file."""
    from ape import project

    if address is None:
        path = ROOT / "deployments" / f"{network_name}.json"
        try:
            address = read_deployment(path).contracts.get("NutrientExchange")
        except DeploymentFileError as err:
            raise click.UsageError(f"no --exchange given and {err}") from err
        if not address:
            raise click.UsageError(f"{path} has no NutrientExchange")
    return project.NutrientExchange.at(address)


def load_document(source: str) -> OfferDocument:
    text = sys.stdin.read() if source == "-" else Path(source).read_text()
    try:
        return parse_offer_document(text)
    except (ValueError, KeyError, TypeError) as err:
        raise click.UsageError(f"{source}: {err}") from err


# ------------------------------------------------------------ the commands


@click.group()
def cli() -> None:
    """Sign, list, fill and cancel NutrientExchange offers."""


@cli.command(cls=ConnectedProviderCommand)
@ape_cli_context()
@account_option()
@click.option(
    "--exchange", "exchange_address", default=None, help="Exchange address (default: deployment file)"
)
@click.option("--give", required=True, help="What you give: TOKEN[:ID]:AMOUNT")
@click.option("--want", required=True, help="What you want: TOKEN[:ID]:AMOUNT")
@click.option(
    "--delivery",
    type=click.Choice(list(DELIVERY_CHOICES)),
    default="none",
    show_default=True,
    help="Which side is delivered physically (none: immediate swap)",
)
@click.option("--window", default="3d", show_default=True, help="Delivery window after the fill")
@click.option("--expires-in", default="7d", show_default=True, help="How long the offer can be filled")
@click.option("--nonce", type=int, default=None, help="Default: the next free nonce")
@click.option("--partial", is_flag=True, help="Allow partial fills")
@click.option(
    "--max-fee-bps",
    type=click.IntRange(0, 2**16 - 1),
    default=0,
    show_default=True,
    help="The most exchange fee you accept, in basis points (a higher fee blocks the offer)",
)
@click.option("--dir", "directory", default=None, help="State directory (default .state)")
def sign(
    cli_ctx,
    provider,
    account_alias,
    exchange_address,
    give,
    want,
    delivery,
    window,
    expires_in,
    nonce,
    partial,
    max_fee_bps,
    directory,
):
    """Sign an offer in your account (no gas) and save its JSON document."""
    account = resolve_account(account_alias, provider.network.name)
    exchange = find_exchange(exchange_address, provider.network.name)
    offers = store(directory)
    document = make_signed_offer(
        account,
        exchange,
        _param(parse_leg, give, exchange),
        _param(parse_leg, want, exchange),
        offers,
        delivery=DELIVERY_CHOICES[delivery],
        window=_param(parse_duration, window),
        expiry=chain.pending_timestamp + _param(parse_duration, expires_in),
        nonce=nonce,
        partial=partial,
        max_fee_bps=max_fee_bps,
    )
    path = offers.save_offer(document)
    click.echo(json.dumps(document, indent=2))
    cli_ctx.logger.success(f"offer {document['offer_hash']} signed and saved to {path}")


@cli.command(name="list", cls=ConnectedProviderCommand)
@ape_cli_context()
@click.option(
    "--exchange", "exchange_address", default=None, help="Exchange address (default: deployment file)"
)
@click.option("--maker", default=None, help="Only offers of this maker")
@click.option("--dir", "directory", default=None, help="State directory (default .state)")
def list_offers(cli_ctx, provider, exchange_address, maker, directory):
    """List the saved offers of this exchange with their status on chain."""
    exchange = find_exchange(exchange_address, provider.network.name)
    shown = 0
    for doc in store(directory).documents(chain.chain_id, str(exchange.address)):
        if maker and doc.offer.maker.lower() != maker.lower():
            continue
        offer = doc.offer
        give = f"{offer.give_amount} of {offer.give_token}" + (f"#{offer.give_id}" if offer.give_id else "")
        want = f"{offer.want_amount} of {offer.want_token}" + (f"#{offer.want_id}" if offer.want_id else "")
        delivery = {v: k for k, v in DELIVERY_CHOICES.items()}[Delivery(offer.delivery)]
        click.echo(
            f"0x{doc.offer_hash.hex()}  maker {offer.maker}  gives {give}  wants {want}  "
            f"delivery {delivery}  max fee {offer.max_fee_bps} bps  nonce {offer.nonce}  "
            f"{offer_status(exchange, doc, chain.pending_timestamp)}"
        )
        shown += 1
    if not shown:
        click.echo("no offers")


@cli.command(cls=ConnectedProviderCommand)
@ape_cli_context()
@account_option()
@skip_confirmation_option("Do not ask before broadcasting to a live network")
@click.argument("source")
@click.option("--exchange", "exchange_address", default=None, help="Exchange address (default: the offer's)")
@click.option(
    "--amount", default=None, help="How much of what the maker gives, at most (default: all, or the rest)"
)
@click.option(
    "--min-amount",
    default=None,
    help="The least you accept of a partially fillable offer (default: --amount, or 1 for the rest)",
)
@click.option("--approve", is_flag=True, help="Approve the exchange for what you pay first")
@click.option("--dir", "directory", default=None, help="State directory (default .state)")
def fill(
    cli_ctx,
    provider,
    account_alias,
    skip_confirmation,
    source,
    exchange_address,
    amount,
    min_amount,
    approve,
    directory,
):
    """Fill a signed offer (a JSON file, or - for stdin)."""
    account = resolve_account(account_alias, provider.network.name)
    doc = load_document(source)
    exchange = find_exchange(exchange_address or doc.exchange, provider.network.name)
    confirm_live(provider.network.name, skip_confirmation, f"Fill offer 0x{doc.offer_hash.hex()}")
    try:
        receipt, escrow = fill_document(
            account,
            exchange,
            doc,
            None if amount is None else _param(parse_amount, amount),
            approve,
            None if min_amount is None else _param(parse_amount, min_amount),
        )
    except ValueError as err:
        raise click.UsageError(str(err)) from err
    taken = receipt.decode_logs(exchange.OfferFilled)[0]
    cli_ctx.logger.success(
        f"filled in {receipt.txn_hash}: took {taken.give_amount} of {doc.offer.give_amount} "
        f"for {taken.want_amount}"
    )
    if escrow is not None:
        path = store(directory).save_escrow(escrow.escrow_id, escrow.to_json())
        click.echo(json.dumps(escrow.to_json(), indent=2))
        cli_ctx.logger.success(f"escrow 0x{escrow.escrow_id.hex()} opened; record saved to {path}")


@cli.command(cls=ConnectedProviderCommand)
@ape_cli_context()
@account_option()
@skip_confirmation_option("Do not ask before broadcasting to a live network")
@click.argument("source")
@click.option("--exchange", "exchange_address", default=None, help="Exchange address (default: the offer's)")
def cancel(cli_ctx, provider, account_alias, skip_confirmation, source, exchange_address):
    """Cancel one of your offers (a JSON file, or - for stdin)."""
    account = resolve_account(account_alias, provider.network.name)
    doc = load_document(source)
    exchange = find_exchange(exchange_address or doc.exchange, provider.network.name)
    try:
        check_document_for(exchange, doc)
    except ValueError as err:
        raise click.UsageError(str(err)) from err
    if doc.offer.maker != str(account.address):
        raise click.UsageError(f"the offer is {doc.offer.maker}'s, not {account.address}'s")
    confirm_live(provider.network.name, skip_confirmation, f"Cancel offer 0x{doc.offer_hash.hex()}")
    receipt = exchange.cancel(doc.offer.as_tuple(), sender=account)
    cli_ctx.logger.success(f"offer 0x{doc.offer_hash.hex()} cancelled in {receipt.txn_hash}")


@cli.command(name="cancel-all", cls=ConnectedProviderCommand)
@ape_cli_context()
@account_option()
@skip_confirmation_option("Do not ask before broadcasting to a live network")
@click.option(
    "--exchange", "exchange_address", default=None, help="Exchange address (default: deployment file)"
)
@click.option("--min-nonce", type=int, default=None, help="Default: above every nonce you signed")
@click.option("--dir", "directory", default=None, help="State directory (default .state)")
def cancel_all(cli_ctx, provider, account_alias, skip_confirmation, exchange_address, min_nonce, directory):
    """Cancel every offer you signed so far (raise your minimum nonce)."""
    account = resolve_account(account_alias, provider.network.name)
    exchange = find_exchange(exchange_address, provider.network.name)
    maker = str(account.address)
    if min_nonce is None:
        min_nonce = int(exchange.min_nonce(maker)) + 1
        for doc in store(directory).documents(chain.chain_id, str(exchange.address)):
            if doc.offer.maker == maker:
                min_nonce = max(min_nonce, doc.offer.nonce + 1)
    confirm_live(
        provider.network.name, skip_confirmation, f"Cancel every offer of {maker} below nonce {min_nonce}"
    )
    receipt = exchange.cancel_all(min_nonce, sender=account)
    cli_ctx.logger.success(f"every offer of {maker} below nonce {min_nonce} cancelled in {receipt.txn_hash}")
