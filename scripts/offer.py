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
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import click
from ape import chain
from ape.cli import ConnectedProviderCommand, account_option, ape_cli_context, skip_confirmation_option

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harvest_coop.exchange import (  # noqa: E402
    DELIVER_GIVE,
    DELIVER_NONE,
    DELIVER_WANT,
    KIND_ERC20,
    KIND_ERC1155,
    Escrow,
    Offer,
    OfferDocument,
    offer_document,
    parse_offer_document,
    sign_offer,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STATE = ROOT / ".state"
DELIVERY_CHOICES = {
    "none": DELIVER_NONE,
    "give": DELIVER_GIVE,
    "want": DELIVER_WANT,
    "both": DELIVER_GIVE | DELIVER_WANT,
}
UNITS = {"s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800}

# ---------------------------------------------------------------- parsing


def parse_duration(text: str) -> int:
    """`90`, `15m`, `2h`, `3d`, `1w` -> seconds."""
    match = re.fullmatch(r"\s*(\d+)\s*([smhdw]?)\s*", str(text))
    if not match:
        raise click.BadParameter(f"not a duration: {text!r} (use 90, 15m, 2h, 3d, 1w)")
    return int(match.group(1)) * UNITS[match.group(2) or "s"]


def parse_amount(text: str) -> int:
    """An integer amount in base units; `5e18` is accepted if exact."""
    try:
        value = Decimal(str(text))
    except Exception as err:  # noqa: BLE001
        raise click.BadParameter(f"not an amount: {text!r}") from err
    if value != value.to_integral_value() or value < 0:
        raise click.BadParameter(f"amount must be a non-negative integer: {text!r}")
    return int(value)


def parse_leg(text: str, exchange: Any) -> tuple[str, int, int]:
    """`TOKEN[:ID]:AMOUNT` -> (token address, id, amount)."""
    parts = str(text).split(":")
    if len(parts) not in (2, 3):
        raise click.BadParameter(f"use TOKEN[:ID]:AMOUNT, not {text!r}")
    name = parts[0].strip()
    if name.lower() == "harvest":
        token = str(exchange.HARVEST())
    elif name.lower() == "credit":
        token = str(exchange.CREDIT())
    elif re.fullmatch(r"0x[0-9a-fA-F]{40}", name):
        token = name
    else:
        raise click.BadParameter(f"unknown token {name!r} (an address, 'harvest' or 'credit')")
    kind = int(exchange.token_kind(token))
    if kind == 0:
        raise click.BadParameter(f"{name} is not allowed on this exchange")
    token_id = int(parts[1]) if len(parts) == 3 else 0
    if kind == KIND_ERC20 and token_id != 0:
        raise click.BadParameter(f"{name} is an ERC-20: it has no id")
    if kind == KIND_ERC1155 and len(parts) != 3:
        raise click.BadParameter(f"{name} is an ERC-1155: give TOKEN:ID:AMOUNT")
    return token, token_id, parse_amount(parts[-1])


# ----------------------------------------------------------------- places


def state_dir(directory: str | None) -> Path:
    return Path(directory or os.environ.get("HARVEST_OFFERS_DIR") or DEFAULT_STATE)


def find_exchange(address: str | None, network_name: str) -> Any:
    """The exchange contract: `--exchange`, else the deployment file."""
    from ape import Contract, project

    if address is None:
        path = ROOT / "deployments" / f"{network_name}.json"
        if not path.is_file():
            raise click.UsageError(f"no --exchange given and no {path}")
        contracts = json.loads(path.read_text()).get("contracts", {})
        address = contracts.get("NutrientExchange")
        if not address:
            raise click.UsageError(f"{path} has no NutrientExchange")
    return project.NutrientExchange.at(address) if hasattr(project, "NutrientExchange") else Contract(address)


def is_live(network_name: str) -> bool:
    return not (network_name == "local" or network_name.endswith("-fork"))


def unlock(account: Any) -> Any:
    passphrase = os.environ.get("HARVEST_COOP_PASSPHRASE")
    if passphrase and hasattr(account, "set_autosign"):
        account.set_autosign(True, passphrase=passphrase)
    return account


def save_json(directory: Path, name: str, document: dict[str, Any]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(document, indent=2) + "\n")
    tmp.replace(path)
    return path


def load_document(source: str) -> OfferDocument:
    text = sys.stdin.read() if source == "-" else Path(source).read_text()
    try:
        return parse_offer_document(text)
    except (ValueError, KeyError, TypeError) as err:
        raise click.UsageError(f"{source}: {err}") from err


def stored_documents(directory: Path) -> list[tuple[Path, OfferDocument]]:
    out = []
    for path in sorted((directory / "offers").glob("*.json")):
        try:
            out.append((path, parse_offer_document(path.read_text())))
        except (ValueError, KeyError, TypeError, json.JSONDecodeError):
            continue
    return out


# -------------------------------------------------------------- the steps


def next_nonce(exchange: Any, maker: str, directory: Path) -> int:
    """Above the chain's minimum, above every nonce stored for this maker
    and exchange, and not consumed on chain."""
    nonce = int(exchange.min_nonce(maker))
    for _, doc in stored_documents(directory):
        if doc.offer.maker == maker and doc.exchange == str(exchange.address):
            nonce = max(nonce, doc.offer.nonce + 1)
    for _ in range(256):
        if not exchange.is_nonce_used(maker, nonce):
            return nonce
        nonce += 1
    raise click.ClickException("no free nonce found; cancel-all first")


def make_signed_offer(
    account: Any,
    exchange: Any,
    give: tuple[str, int, int],
    want: tuple[str, int, int],
    delivery: int = DELIVER_NONE,
    window: int = 0,
    expiry: int = 0,
    nonce: int | None = None,
    partial: bool = False,
    directory: Path | None = None,
    max_fee_bps: int = 0,
) -> dict[str, Any]:
    """Build and sign an offer of `account`; return its JSON document."""
    directory = directory or state_dir(None)
    offer = Offer(
        maker=str(account.address),
        give_token=give[0],
        give_id=give[1],
        give_amount=give[2],
        want_token=want[0],
        want_id=want[1],
        want_amount=want[2],
        delivery=delivery,
        delivery_window=window if delivery else 0,
        expiry=expiry,
        nonce=next_nonce(exchange, str(account.address), directory) if nonce is None else nonce,
        partial_fill=partial,
        max_fee_bps=max_fee_bps,
    )
    signature = sign_offer(account, offer, chain.chain_id, exchange)
    return offer_document(offer, signature, chain.chain_id, exchange)


def offer_status(exchange: Any, doc: OfferDocument) -> str:
    """open / open (N of M left) / filled / cancelled / filled or cancelled /
    expired; an open offer whose signed maximum fee is below the exchange's
    current fee is "blocked: fee above the signed maximum"."""
    offer = doc.offer
    filled = int(exchange.filled(doc.offer_hash)) if offer.partial_fill else 0
    if offer.partial_fill and filled >= offer.give_amount:
        return "filled"
    if exchange.is_nonce_used(offer.maker, offer.nonce):
        if offer.partial_fill:
            return f"cancelled ({filled} filled)" if filled else "cancelled"
        return "filled or cancelled"
    if chain.pending_timestamp > offer.expiry:
        return "expired"
    if int(exchange.fee_bps()) > offer.max_fee_bps:
        return "blocked: fee above the signed maximum"
    if filled:
        return f"open ({offer.give_amount - filled} of {offer.give_amount} left)"
    return "open"


def check_document_for(exchange: Any, doc: OfferDocument) -> None:
    if doc.exchange != str(exchange.address) or doc.chain_id != chain.chain_id:
        raise click.UsageError(
            f"the offer is for exchange {doc.exchange} on chain {doc.chain_id}, "
            f"not {exchange.address} on chain {chain.chain_id}"
        )


def approve_want(account: Any, exchange: Any, offer: Offer, amount: int) -> None:
    """Let the exchange take what the taker pays (ERC-20 allowance or
    ERC-1155 operator approval)."""
    from ape import Contract

    token = Contract(offer.want_token)
    if int(exchange.token_kind(offer.want_token)) == KIND_ERC20:
        if int(token.allowance(account, exchange)) < amount:
            token.approve(exchange, amount, sender=account)
    elif not token.isApprovedForAll(account, exchange):
        token.setApprovalForAll(exchange, True, sender=account)


def fill_amounts(offer: Offer, amount: int | None, min_amount: int | None) -> tuple[int, int]:
    """`fill`'s `amount` and `min_amount`. No amount: all of an all-or-nothing
    offer, or "the rest" of a partially fillable one (whatever is left when
    the fill lands, at least `min_amount`, by default 1 gram). An amount:
    by default exactly that much or nothing."""
    if amount is None:
        amount = offer.give_amount
        default_min = 1 if offer.partial_fill else amount
    else:
        default_min = amount
    return amount, default_min if min_amount is None else min_amount


def fill_document(
    account: Any,
    exchange: Any,
    doc: OfferDocument,
    amount: int | None = None,
    approve: bool = False,
    min_amount: int | None = None,
) -> tuple[Any, Escrow | None]:
    """Fill a signed offer; return the receipt and the escrow record (if a
    delivery escrow was opened). See `fill_amounts` for `amount` and
    `min_amount`; the taker's `OfferFilled` says what was taken."""
    check_document_for(exchange, doc)
    offer = doc.offer
    amount, min_amount = fill_amounts(offer, amount, min_amount)
    if approve:
        # At most what taking all of `amount` costs.
        want = offer.want_amount
        if amount < offer.give_amount:
            want = -(-offer.want_amount * amount // offer.give_amount)
        approve_want(account, exchange, offer, want)
    receipt = exchange.fill(offer.as_tuple(), doc.signature, amount, min_amount, sender=account)
    opened = receipt.decode_logs(exchange.EscrowOpened)
    return receipt, (Escrow.from_value(opened[0].escrow) if opened else None)


# ------------------------------------------------------------ the commands


def confirm_live(network_name: str, skip: bool, what: str) -> None:
    if is_live(network_name) and not skip:
        click.confirm(f"{what} on {network_name}?", abort=True)


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
    account,
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
    exchange = find_exchange(exchange_address, provider.network.name)
    base = state_dir(directory)
    document = make_signed_offer(
        unlock(account),
        exchange,
        parse_leg(give, exchange),
        parse_leg(want, exchange),
        delivery=DELIVERY_CHOICES[delivery],
        window=parse_duration(window),
        expiry=chain.pending_timestamp + parse_duration(expires_in),
        nonce=nonce,
        partial=partial,
        directory=base,
        max_fee_bps=max_fee_bps,
    )
    path = save_json(base / "offers", document["offer_hash"], document)
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
    for _, doc in stored_documents(state_dir(directory)):
        if doc.exchange != str(exchange.address) or doc.chain_id != chain.chain_id:
            continue
        if maker and doc.offer.maker.lower() != maker.lower():
            continue
        offer = doc.offer
        give = f"{offer.give_amount} of {offer.give_token}" + (f"#{offer.give_id}" if offer.give_id else "")
        want = f"{offer.want_amount} of {offer.want_token}" + (f"#{offer.want_id}" if offer.want_id else "")
        delivery = {v: k for k, v in DELIVERY_CHOICES.items()}[offer.delivery]
        click.echo(
            f"0x{doc.offer_hash.hex()}  maker {offer.maker}  gives {give}  wants {want}  "
            f"delivery {delivery}  max fee {offer.max_fee_bps} bps  nonce {offer.nonce}  "
            f"{offer_status(exchange, doc)}"
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
    account,
    skip_confirmation,
    source,
    exchange_address,
    amount,
    min_amount,
    approve,
    directory,
):
    """Fill a signed offer (a JSON file, or - for stdin)."""
    doc = load_document(source)
    exchange = find_exchange(exchange_address or doc.exchange, provider.network.name)
    confirm_live(provider.network.name, skip_confirmation, f"Fill offer 0x{doc.offer_hash.hex()}")
    receipt, escrow = fill_document(
        unlock(account),
        exchange,
        doc,
        None if amount is None else parse_amount(amount),
        approve,
        None if min_amount is None else parse_amount(min_amount),
    )
    taken = receipt.decode_logs(exchange.OfferFilled)[0]
    cli_ctx.logger.success(
        f"filled in {receipt.txn_hash}: took {taken.give_amount} of {doc.offer.give_amount} "
        f"for {taken.want_amount}"
    )
    if escrow is not None:
        path = save_json(state_dir(directory) / "escrows", "0x" + escrow.escrow_id.hex(), escrow.to_json())
        click.echo(json.dumps(escrow.to_json(), indent=2))
        cli_ctx.logger.success(f"escrow 0x{escrow.escrow_id.hex()} opened; record saved to {path}")


@cli.command(cls=ConnectedProviderCommand)
@ape_cli_context()
@account_option()
@skip_confirmation_option("Do not ask before broadcasting to a live network")
@click.argument("source")
@click.option("--exchange", "exchange_address", default=None, help="Exchange address (default: the offer's)")
def cancel(cli_ctx, provider, account, skip_confirmation, source, exchange_address):
    """Cancel one of your offers (a JSON file, or - for stdin)."""
    doc = load_document(source)
    exchange = find_exchange(exchange_address or doc.exchange, provider.network.name)
    check_document_for(exchange, doc)
    if doc.offer.maker != str(account.address):
        raise click.UsageError(f"the offer is {doc.offer.maker}'s, not {account.address}'s")
    confirm_live(provider.network.name, skip_confirmation, f"Cancel offer 0x{doc.offer_hash.hex()}")
    receipt = exchange.cancel(doc.offer.as_tuple(), sender=unlock(account))
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
def cancel_all(cli_ctx, provider, account, skip_confirmation, exchange_address, min_nonce, directory):
    """Cancel every offer you signed so far (raise your minimum nonce)."""
    exchange = find_exchange(exchange_address, provider.network.name)
    maker = str(account.address)
    if min_nonce is None:
        min_nonce = int(exchange.min_nonce(maker)) + 1
        for _, doc in stored_documents(state_dir(directory)):
            if doc.offer.maker == maker and doc.exchange == str(exchange.address):
                min_nonce = max(min_nonce, doc.offer.nonce + 1)
    confirm_live(
        provider.network.name, skip_confirmation, f"Cancel every offer of {maker} below nonce {min_nonce}"
    )
    receipt = exchange.cancel_all(min_nonce, sender=unlock(account))
    cli_ctx.logger.success(f"every offer of {maker} below nonce {min_nonce} cancelled in {receipt.txn_hash}")
