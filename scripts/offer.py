"""`ape run offer`: sign, list, fill and cancel NutrientExchange offers.

    ape run offer sign --give harvest:7:1000g --want credit:5credit --delivery give \\
        --window 2d --expires-in 1w [--max-fee-bps 50] [--approve] --account ALIAS
    ape run offer list [--maker 0x…]
    ape run offer fill 0xabc123 [--amount 250g [--min-amount 100g]] [--approve] --account ALIAS
    ape run offer cancel 0xabc123 --account ALIAS
    ape run offer cancel-all [--min-nonce N] --account ALIAS

Every command talks to the demo's node (`--network
ethereum:local:http://127.0.0.1:8545`) unless given another `--network`.
An offer is signed in the member's Ape account (EIP-712; no gas) after the
command shows it in words, and saved as the JSON document the web service
accepts as is (docs/exchange.md) under `.state/<chain key>/offers/` (or
`--dir`, or HARVEST_OFFERS_DIR), one directory per chain so offers never
outlive their chain. A fill that opens a delivery escrow saves the escrow
record under `.state/<chain key>/escrows/`.

Tokens are `TOKEN[:ID]:AMOUNT`: TOKEN is `harvest`, `credit` or an allowed
token's address, ID the batch (harvest only), AMOUNT a number of base units
(grams of produce; credit's 18-decimal unit; `1.5e18` is exact) or with a
unit: `1000g`, `2kg` for produce, `5credit` (or `"5 credit"`) for credit.
The exchange is `--exchange ADDRESS` or the co-op's in the deployment file
of this chain. `--account` is an Ape account alias, or `TEST::N` for Ape's
test account N on a local network; a keyfile account's passphrase comes from
HARVEST_COOP_PASSPHRASE. Nothing is broadcast to a live network without
confirmation (`--yes` skips it). Every mistake ends with one line and a
non-zero exit.

`fill` and `cancel` take the offer as a file, `-` (stdin), or the hash of an
offer saved for this chain (0x and at least its first 6 hex digits, as
`list` shows it).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import click
from ape import chain, project
from ape.cli import ape_cli_context, network_option, skip_confirmation_option

from harvest_coop.ape_layer.cli import (
    DEMO_NETWORK,
    account_option,
    chain_key_now,
    confirm_live,
    coop_command,
    resolve_account,
)
from harvest_coop.ape_layer.offers import (
    Market,
    approve_for,
    check_document_for,
    check_offer,
    fill_document,
    make_signed_offer,
    parse_leg,
)
from harvest_coop.core.constants import Delivery
from harvest_coop.core.deployment import DeploymentFileError, read_deployment, state_dir
from harvest_coop.core.offer_book import OfferStore, offer_status
from harvest_coop.core.offers import OfferDocument, parse_offer_document
from harvest_coop.core.units import parse_duration, parse_token_amount

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STATE = ROOT / ".state"
DEPLOYMENTS = Path(os.environ.get("HARVEST_DEPLOYMENTS_DIR") or ROOT / "deployments")
DELIVERY_CHOICES = {
    "none": Delivery.NONE,
    "give": Delivery.GIVE,
    "want": Delivery.WANT,
    "both": Delivery.GIVE | Delivery.WANT,
}
AMOUNT_HELP = "base units, or 1000g / 2kg of produce, 5credit of credit"


def _param(parse: Any, text: str, *args: Any) -> Any:
    """A parser's ValueError as click's one-line refusal."""
    try:
        return parse(text, *args)
    except ValueError as err:
        raise click.BadParameter(str(err)) from err


def store(directory: str | None) -> OfferStore:
    """This chain's offer store (`--dir` or HARVEST_OFFERS_DIR replace the root)."""
    root = Path(directory or os.environ.get("HARVEST_OFFERS_DIR") or DEFAULT_STATE)
    return OfferStore(state_dir(root, chain_key_now()))


def find_market(address: str | None, network_name: str) -> Market:
    """The exchange (`--exchange`, else the deployment file of this chain)
    with its co-op's tokens and register; every address must hold code."""
    if address is None:
        path = DEPLOYMENTS / f"{network_name}-{chain_key_now()}.json"
        try:
            address = read_deployment(path).contracts.get("NutrientExchange")
        except DeploymentFileError as err:
            raise click.UsageError(f"{err} (or pass --exchange ADDRESS)") from err
        if not address:
            raise click.UsageError(f"{path} has no NutrientExchange")
    if not chain.provider.get_code(address):
        raise click.UsageError(f"no contract at {address} on this chain: is this the right --network?")
    return Market.of(project, project.NutrientExchange.at(address))


def load_document(source: str, directory: str | None = None) -> OfferDocument:
    """A signed offer: a JSON file, `-` for stdin, or the hash (or a unique
    start of it, 0x and at least 6 hex digits) of an offer saved for this chain."""
    if source != "-" and not Path(source).is_file():
        source = str(_saved_offer(source, directory))
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text()
    except UnicodeDecodeError as err:
        raise click.UsageError(f"{source} is not a signed offer: it is not UTF-8 text") from err
    try:
        return parse_offer_document(text)
    except (ValueError, KeyError, TypeError) as err:
        raise click.UsageError(f"{source} is not a signed offer: {err}") from err


def _saved_offer(source: str, directory: str | None) -> Path:
    """The saved offer file whose hash starts with `source`."""
    if not re.fullmatch(r"0x[0-9a-fA-F]{6,64}", source):
        raise click.UsageError(f"no offer file at {source}")
    offers_dir = store(directory).offers_dir
    matches = sorted(offers_dir.glob(f"{source.lower()}*.json"))
    if not matches:
        raise click.UsageError(f"no offer {source} saved for this chain in {offers_dir}")
    if len(matches) > 1:
        raise click.UsageError(f"{source} is the start of {len(matches)} saved offers: give more of the hash")
    return matches[0]


def _refuse(err: ValueError) -> click.UsageError:
    return click.UsageError(str(err))


@click.group()
def cli() -> None:
    """Sign, list, fill and cancel NutrientExchange offers."""


@coop_command()
@ape_cli_context()
@network_option(default=DEMO_NETWORK)
@account_option()
@skip_confirmation_option("Do not ask before signing or broadcasting")
@click.option(
    "--exchange", "exchange_address", default=None, help="Exchange address (default: deployment file)"
)
@click.option("--give", required=True, help=f"What you give: TOKEN[:ID]:AMOUNT ({AMOUNT_HELP})")
@click.option("--want", required=True, help=f"What you want: TOKEN[:ID]:AMOUNT ({AMOUNT_HELP})")
@click.option(
    "--delivery",
    type=click.Choice(list(DELIVERY_CHOICES)),
    default="none",
    show_default=True,
    help="Which side is delivered physically (none: swapped at once)",
)
@click.option(
    "--window", default="3d", show_default=True, help="Delivery window after the fill (90, 15m, 2h, 3d, 1w)"
)
@click.option("--expires-in", default="7d", show_default=True, help="How long the offer can be filled")
@click.option(
    "--nonce", type=click.IntRange(0, 2**256 - 1), default=None, help="Default: the next free nonce"
)
@click.option("--partial", is_flag=True, help="Allow part fills")
@click.option(
    "--max-fee-bps",
    type=click.IntRange(0, 2**16 - 1),
    default=0,
    show_default=True,
    help="The most exchange fee you accept, in basis points (a higher fee blocks the offer)",
)
@click.option("--approve", is_flag=True, help="Let the exchange take what you give first (one transaction)")
@click.option("--dir", "directory", default=None, help="State directory (default .state)")
def sign(
    cli_ctx,
    provider,
    account_alias,
    skip_confirmation,
    exchange_address,
    give,
    want,
    delivery,
    window,
    expires_in,
    nonce,
    partial,
    max_fee_bps,
    approve,
    directory,
):
    """Sign an offer in your account (no gas) and save its JSON document."""
    account = resolve_account(account_alias, provider.network.name)
    market = find_market(exchange_address, provider.network.name)
    give_leg = _param(parse_leg, give, market)
    want_leg = _param(parse_leg, want, market)
    expiry = chain.pending_timestamp + _param(parse_duration, expires_in)
    try:
        check_offer(market, str(account.address), give_leg, expiry, approve)
    except ValueError as err:
        raise _refuse(err) from err
    if approve and approve_for(account, market, give_leg[0], give_leg[2]):
        cli_ctx.logger.success("the exchange may now take what you give")
    offers = store(directory)

    def confirm(text: str) -> None:
        click.echo(f"You are signing this offer:\n  {text}")
        if not skip_confirmation:
            click.confirm("Sign it?", abort=True)

    document = make_signed_offer(
        account,
        market,
        give_leg,
        want_leg,
        offers,
        delivery=DELIVERY_CHOICES[delivery],
        window=_param(parse_duration, window),
        expiry=expiry,
        nonce=nonce,
        partial=partial,
        max_fee_bps=max_fee_bps,
        confirm=confirm,
    )
    path = offers.save_offer(document)
    cli_ctx.logger.success(f"offer {document['offer_hash']} signed and saved to {path}")
    click.echo(
        f"fill it with: ape run offer fill {path} --approve --account ALIAS --network {_network(provider)}"
    )


def _network(provider: Any) -> str:
    uri = getattr(provider, "uri", None)
    if uri and provider.network.name == "local":
        return f"ethereum:local:{uri}"
    return provider.network_choice


@coop_command(name="list")
@ape_cli_context()
@network_option(default=DEMO_NETWORK)
@click.option(
    "--exchange", "exchange_address", default=None, help="Exchange address (default: deployment file)"
)
@click.option("--maker", default=None, help="Only offers of this maker")
@click.option("--dir", "directory", default=None, help="State directory (default .state)")
def list_offers(cli_ctx, provider, exchange_address, maker, directory):
    """List the saved offers of this exchange, in words, with their status."""
    market = find_market(exchange_address, provider.network.name)
    shown = 0
    for doc in store(directory).documents(chain.chain_id, str(market.exchange.address)):
        if maker and doc.offer.maker.lower() != maker.lower():
            continue
        status = offer_status(market.exchange, doc, chain.pending_timestamp)
        click.echo(f"0x{doc.offer_hash.hex()}  [{status}]")
        click.echo(f"  maker {market.who(doc.offer.maker)}")
        click.echo(f"  {market.describe(doc.offer)}")
        shown += 1
    if not shown:
        click.echo("no offers saved for this exchange on this chain")


@coop_command()
@ape_cli_context()
@network_option(default=DEMO_NETWORK)
@account_option()
@skip_confirmation_option("Do not ask before broadcasting to a live network")
@click.argument("source")
@click.option("--exchange", "exchange_address", default=None, help="Exchange address (default: the offer's)")
@click.option("--amount", default=None, help=f"How much of what the maker gives, at most ({AMOUNT_HELP})")
@click.option(
    "--min-amount",
    default=None,
    help="The least you accept of a part-fillable offer (default: --amount, or 1 for the rest)",
)
@click.option("--approve", is_flag=True, help="Let the exchange take what you pay first (one transaction)")
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
    """Fill a signed offer (a JSON file, - for stdin, or a saved offer's hash)."""
    doc = load_document(source, directory)
    account = resolve_account(account_alias, provider.network.name)
    market = find_market(exchange_address or doc.exchange, provider.network.name)
    try:
        check_document_for(market.exchange, doc)
    except ValueError as err:
        raise _refuse(err) from err
    kind = market.kind_of(doc.offer.give_token)
    amounts = [
        None if text is None else _param(parse_token_amount, text, kind) for text in (amount, min_amount)
    ]
    click.echo(f"Filling: {market.describe(doc.offer)}")
    confirm_live(provider.network.name, skip_confirmation, f"Fill offer 0x{doc.offer_hash.hex()}")
    try:
        receipt, escrow = fill_document(account, market, doc, amounts[0], approve, amounts[1])
    except ValueError as err:
        raise _refuse(err) from err
    taken = receipt.decode_logs(market.exchange.OfferFilled)[0]
    offer = doc.offer
    cli_ctx.logger.success(
        f"filled in {receipt.txn_hash}: you took {market.amount(offer.give_token, offer.give_id, taken.give_amount)} "
        f"for {market.amount(offer.want_token, offer.want_id, taken.want_amount)}"
    )
    if escrow is not None:
        path = store(directory).save_escrow(escrow.escrow_id, escrow.to_json())
        cli_ctx.logger.success(f"escrow 0x{escrow.escrow_id.hex()} opened; its record is saved in {path}")


@coop_command()
@ape_cli_context()
@network_option(default=DEMO_NETWORK)
@account_option()
@skip_confirmation_option("Do not ask before broadcasting to a live network")
@click.argument("source")
@click.option("--exchange", "exchange_address", default=None, help="Exchange address (default: the offer's)")
@click.option("--dir", "directory", default=None, help="State directory (default .state)")
def cancel(cli_ctx, provider, account_alias, skip_confirmation, source, exchange_address, directory):
    """Cancel one of your offers (a JSON file, or - for stdin)."""
    doc = load_document(source, directory)
    account = resolve_account(account_alias, provider.network.name)
    market = find_market(exchange_address or doc.exchange, provider.network.name)
    try:
        check_document_for(market.exchange, doc)
    except ValueError as err:
        raise _refuse(err) from err
    if doc.offer.maker.lower() != str(account.address).lower():
        raise click.UsageError(f"the offer is {doc.offer.maker}'s, not {account.address}'s")
    if market.exchange.is_nonce_used(doc.offer.maker, doc.offer.nonce):
        raise click.UsageError("the offer is already filled or cancelled")
    confirm_live(provider.network.name, skip_confirmation, f"Cancel offer 0x{doc.offer_hash.hex()}")
    receipt = market.exchange.cancel(doc.offer.as_tuple(), sender=account)
    cli_ctx.logger.success(f"offer 0x{doc.offer_hash.hex()} cancelled in {receipt.txn_hash}")


@coop_command(name="cancel-all")
@ape_cli_context()
@network_option(default=DEMO_NETWORK)
@account_option()
@skip_confirmation_option("Do not ask before broadcasting to a live network")
@click.option(
    "--exchange", "exchange_address", default=None, help="Exchange address (default: deployment file)"
)
@click.option(
    "--min-nonce",
    type=click.IntRange(0, 2**256 - 1),
    default=None,
    help="Default: above every nonce you signed",
)
@click.option("--dir", "directory", default=None, help="State directory (default .state)")
def cancel_all(cli_ctx, provider, account_alias, skip_confirmation, exchange_address, min_nonce, directory):
    """Cancel every offer you signed so far (raise your minimum nonce)."""
    account = resolve_account(account_alias, provider.network.name)
    market = find_market(exchange_address, provider.network.name)
    maker = str(account.address)
    current = int(market.exchange.min_nonce(maker))
    if min_nonce is None:
        min_nonce = current + 1
        for doc in store(directory).documents(chain.chain_id, str(market.exchange.address)):
            if doc.offer.maker.lower() == maker.lower():
                min_nonce = max(min_nonce, doc.offer.nonce + 1)
    elif min_nonce <= current:
        raise click.UsageError(f"--min-nonce must be above your current minimum, {current}")
    confirm_live(
        provider.network.name, skip_confirmation, f"Cancel every offer of {maker} below nonce {min_nonce}"
    )
    receipt = market.exchange.cancel_all(min_nonce, sender=account)
    cli_ctx.logger.success(f"every offer of {maker} below nonce {min_nonce} cancelled in {receipt.txn_hash}")


cli.add_command(sign)
cli.add_command(list_offers)
cli.add_command(fill)
cli.add_command(cancel)
cli.add_command(cancel_all)
