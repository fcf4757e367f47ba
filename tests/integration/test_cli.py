"""The command line as a member and a developer meet it (issue 9): every
command run as the README prints it, in a subprocess, against a real anvil
with the demo co-op; every mistake ends with one line and a non-zero exit,
never a traceback.

The deployment files and saved offers go to a temporary directory
(HARVEST_DEPLOYMENTS_DIR, HARVEST_OFFERS_DIR) instead of the repository's.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from web3 import Web3

from harvest_coop.core.deployment import DeploymentFileError, chain_key, deployment_path, read_deployment
from harvest_coop.core.offers import Offer, offer_document, typed_data
from harvest_coop.testing.anvil import AnvilNode, free_port
from harvest_coop.testing.commands import APE, fails_with, run_command, succeeds
from harvest_coop.testing.keys import anvil_key, sign_typed_data
from harvest_coop.web3_layer.contracts import load_coop
from harvest_coop.web3_layer.governance import advance_time
from harvest_coop.web3_layer.sender import transact


@pytest.fixture(scope="module")
def tmp(cli_tmp: Path) -> Path:
    """Where this module's commands keep their files (the `demo` fixture's)."""
    return cli_tmp


def offer(tmp: Path, demo: dict, *args: str) -> subprocess.CompletedProcess[str]:
    return run_command(tmp, APE, "run", "offer", *args, "--network", demo["network"])


def sign(
    tmp: Path, demo: dict, account: int, give: str, want: str, *extra: str
) -> subprocess.CompletedProcess[str]:
    """`ape run offer sign` by anvil's test account `account`, without the prompt."""
    return offer(
        tmp, demo, "sign", "--give", give, "--want", want, "--yes", "--account", f"TEST::{account}", *extra
    )


def newest_offer(tmp: Path, demo: dict) -> Path:
    return max(offers_dir(tmp, demo).glob("*.json"), key=lambda p: p.stat().st_mtime)


def offers_dir(tmp: Path, demo: dict) -> Path:
    return tmp / "state" / demo["key"] / "offers"


def batch_of(demo: dict, crop: str) -> int:
    harvest = demo["coop"]["HarvestToken"]
    for batch in range(1, harvest.functions.batch_count().call() + 1):
        if harvest.functions.batch(batch).call()[0] == crop:
            return batch
    raise AssertionError(crop)


# ---------------------------------------------------------------- happy paths


def test_offer__sign_list_fill_cancel_cancel_all(tmp, demo):
    potatoes = batch_of(demo, "potatoes")  # logged by account 4
    signed = succeeds(sign(tmp, demo, 4, f"harvest:{potatoes}:2kg", "credit:3credit", "--approve"))
    assert f"give 2,000 g of potatoes from batch {potatoes} for 3 credit, swapped at once" in signed
    [document] = list(offers_dir(tmp, demo).glob("*.json"))
    listed = succeeds(offer(tmp, demo, "list"))
    assert "[open]" in listed and "(member #4)" in listed and "2,000 g of potatoes" in listed

    taker = Web3.to_checksum_address(demo["w3"].eth.accounts[3])
    harvest = demo["coop"]["HarvestToken"]
    before = harvest.functions.balanceOf(taker, potatoes).call()
    filled = succeeds(offer(tmp, demo, "fill", str(document), "--approve", "--account", "TEST::3"))
    assert "you took 2,000 g of potatoes" in filled and "for 3 credit" in filled
    assert harvest.functions.balanceOf(taker, potatoes).call() == before + 2_000
    assert "[filled or cancelled]" in succeeds(offer(tmp, demo, "list"))

    # a delivery offer, filled by a start of its hash, opens an escrow whose record is kept
    escrowed = succeeds(
        sign(
            tmp, demo, 4, f"harvest:{potatoes}:500g", "credit:1credit", "--delivery", "give", "--window", "2d"
        )
    )
    assert "delivery by the maker within 2 days" in escrowed
    [third] = [p for p in offers_dir(tmp, demo).glob("*.json") if p != document]
    opened = succeeds(offer(tmp, demo, "fill", third.stem[:10], "--account", "TEST::3"))
    assert "escrow 0x" in opened and "opened; its record is saved in" in opened
    assert len(list((offers_dir(tmp, demo).parent / "escrows").glob("0x*.json"))) == 1

    succeeds(sign(tmp, demo, 4, f"harvest:{potatoes}:1kg", "credit:1credit"))
    [second] = [p for p in offers_dir(tmp, demo).glob("*.json") if p not in (document, third)]
    nonce = int(json.loads(second.read_text())["typed_data"]["message"]["nonce"])
    succeeds(offer(tmp, demo, "cancel", str(second), "--account", "TEST::4"))
    exchange = demo["coop"]["NutrientExchange"]
    maker = Web3.to_checksum_address(demo["w3"].eth.accounts[4])
    assert exchange.functions.is_nonce_used(maker, nonce).call()
    fails_with(offer(tmp, demo, "fill", str(second), "--approve", "--account", "TEST::3"), "no longer open")
    succeeds(offer(tmp, demo, "cancel-all", "--account", "TEST::4"))
    assert exchange.functions.min_nonce(maker).call() == nonce + 1


def test_offer__fill_an_offer_that_never_expires(tmp, demo):
    """The web service accepts an offer signed with the largest expiry
    (2**64-1, what a wallet may sign for "until cancelled"); `fill` showed
    the offer in words first and stopped on the date ("timestamp out of
    range"), so such an offer could not be filled from the command line."""
    w3, coop = demo["w3"], demo["coop"]
    potatoes = batch_of(demo, "potatoes")  # logged by account 4
    maker = Web3.to_checksum_address(w3.eth.accounts[4])
    exchange = coop["NutrientExchange"].address
    transact(coop["HarvestToken"].functions.setApprovalForAll(exchange, True), maker)
    forever = Offer(
        maker=maker,
        give_token=coop["HarvestToken"].address,
        give_id=potatoes,
        give_amount=100,
        want_token=coop["CoopCredit"].address,
        want_id=0,
        want_amount=10**17,
        expiry=2**64 - 1,
        nonce=9_001,
        max_fee_bps=50,
    )
    signature = sign_typed_data(typed_data(forever, w3.eth.chain_id, exchange), anvil_key(4))
    path = tmp / "forever.json"
    path.write_text(json.dumps(offer_document(forever, signature, w3.eth.chain_id, exchange)))
    filled = succeeds(offer(tmp, demo, "fill", str(path), "--approve", "--account", "TEST::3"))
    assert "you took 100 g of potatoes" in filled and "after the year 9999" in filled


# ----------------------------------------------------------- one-line refusals


def test_offer__unreachable_node__one_line(tmp):
    port = free_port()
    result = run_command(
        tmp, APE, "run", "offer", "list", "--network", f"ethereum:local:http://127.0.0.1:{port}"
    )
    fails_with(result, f"cannot reach the node at http://127.0.0.1:{port}: is it running?")
    assert "geth" not in (result.stdout + result.stderr).lower()


def test_offer__bad_leg__one_line(tmp, demo):
    result = sign(tmp, demo, 1, "harvest:abc:5", "credit:1credit")
    fails_with(result, "the batch id must be a number, not 'abc'")


def test_offer__zero_amount__refused_before_signing(tmp, demo):
    result = sign(tmp, demo, 1, "harvest:1:0", "credit:1credit")
    fails_with(result, "the amount must be more than zero")


def test_offer__outsider_maker__refused_before_signing(tmp, demo):
    result = sign(tmp, demo, 6, "credit:1credit", "harvest:1:1g")
    fails_with(result, "is not a member of this co-op (nor of a federated one): only members make offers")


def test_offer__unknown_or_unheld_batch__refused_before_signing(tmp, demo):
    fails_with(
        sign(tmp, demo, 1, "harvest:99:1g", "credit:1credit"),
        "batch 99 does not exist",
    )
    potatoes = batch_of(demo, "potatoes")
    fails_with(
        sign(tmp, demo, 5, f"harvest:{potatoes}:1g", "credit:1credit"),
        "you hold 0 g of potatoes",
    )


def test_offer__missing_file__one_line(tmp, demo):
    fails_with(
        offer(tmp, demo, "fill", "/nonexistent/offer.json", "--account", "TEST::3"),
        "no offer file at /nonexistent/offer.json",
    )


def test_offer__a_file_that_is_not_text_or_a_nonce_out_of_range__one_clear_line(tmp, demo):
    """A binary file (a photo passed by mistake) ended with the decoder's
    "'utf-8' codec can't decode byte 0xff" without naming the file; a
    --min-nonce over 2**256-1 with an encoder's ValueOutOfBounds."""
    binary = tmp / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0 not an offer")
    fails_with(
        offer(tmp, demo, "fill", str(binary), "--account", "TEST::3"),
        f"{binary} is not a signed offer: it is not UTF-8 text",
    )
    fails_with(
        offer(tmp, demo, "cancel-all", "--min-nonce", str(2**256), "--account", "TEST::4"),
        "is not in the range 0<=x<=",
    )


def test_resolve_account__a_test_account_number_out_of_range__one_clear_line():
    """`--account TEST::99999999999999999999` ended with Python's "IndexError:
    cannot fit 'int' into an index-sized integer" (in process: no node needed)."""
    import click

    from harvest_coop.ape_layer.cli import resolve_account

    with pytest.raises(click.UsageError, match="TEST::99999999999999999999 is not a test account"):
        resolve_account("TEST::99999999999999999999", "local")


def test_offer__tampered_file__one_line(tmp, demo):
    kale = batch_of(demo, "kale")
    succeeds(sign(tmp, demo, 2, f"harvest:{kale}:100g", "credit:1credit", "--approve"))
    newest = newest_offer(tmp, demo)
    document = json.loads(newest.read_text())
    document["typed_data"]["message"]["want_amount"] = "1"
    tampered = tmp / "tampered.json"
    tampered.write_text(json.dumps(document))
    fails_with(
        offer(tmp, demo, "fill", str(tampered), "--account", "TEST::3"),
        "offer_hash does not match the typed data",
    )


def test_offer__outsider_taker__refused_before_sending(tmp, demo):
    kale = batch_of(demo, "kale")
    succeeds(sign(tmp, demo, 2, f"harvest:{kale}:10g", "credit:1credit", "--approve"))
    newest = newest_offer(tmp, demo)
    fails_with(
        offer(tmp, demo, "fill", str(newest), "--approve", "--account", "TEST::6"),
        "is not a member of this co-op",
    )


def test_offer__expired_batch_and_offer__refused(tmp, demo):
    strawberries = batch_of(demo, "strawberries")  # best before two hours after logging
    kale = batch_of(demo, "kale")
    succeeds(sign(tmp, demo, 2, f"harvest:{kale}:10g", "credit:1credit", "--expires-in", "1h", "--approve"))
    newest = newest_offer(tmp, demo)
    advance_time(demo["w3"], 3 * 3_600)
    fails_with(
        offer(tmp, demo, "fill", str(newest), "--approve", "--account", "TEST::3"), "the offer expired at"
    )
    fails_with(
        sign(tmp, demo, 3, f"harvest:{strawberries}:10g", "credit:1credit"),
        "it can only be composted now",
    )


def test_offer__no_deployment_on_this_chain__says_deploy_first(tmp):
    node = AnvilNode()
    node.start()
    try:
        result = run_command(tmp, APE, "run", "offer", "list", "--network", f"ethereum:local:{node.url}")
        fails_with(result, "deploy first")
    finally:
        node.stop()


def test_offer__network_without_uri__one_line(tmp):
    result = run_command(tmp, APE, "run", "offer", "list", "--network", "ethereum:sepolia")
    fails_with(
        result, "network 'sepolia' has no node URI: pass it in --network (ethereum:sepolia:https://YOUR-NODE)"
    )


def test_load_coop__missing_file_or_another_node__clear_error(tmp, demo):
    missing = tmp / "deployments" / "local-1-00000000.json"
    with pytest.raises(DeploymentFileError, match=f"no deployment file at {missing}: deploy first"):
        load_coop(demo["w3"], missing)
    with AnvilNode() as fresh:  # same chain id, no contracts
        with pytest.raises(
            DeploymentFileError, match="no contract at 0x.* on this node; the chain was reset"
        ):
            load_coop(fresh, demo["path"])


def test_deploy__bad_founder__one_line(tmp, demo):
    result = run_command(
        tmp, APE, "run", "deploy", "--network", demo["network"], "--founder", "0xnotanaddress", "--name", "X"
    )
    fails_with(result, "'0xnotanaddress' is not an address")


def test_deploy__two_nodes__two_files_none_clobbered(tmp, demo):
    """Two anvils share the network name and chain id; each keeps its file."""
    before = demo["path"].read_text()
    other = AnvilNode()
    w3 = other.start()
    try:
        succeeds(
            run_command(
                tmp, APE, "run", "deploy", "--network", f"ethereum:local:{other.url}", "--name", "Second Coop"
            )
        )
        key = chain_key(w3.eth.chain_id, bytes(w3.eth.get_block(0)["hash"]))
        assert key != demo["key"]
        second = read_deployment(deployment_path(tmp / "deployments", "local", key))
        assert second.default_coop == "Second Coop"
        assert demo["path"].read_text() == before
        assert read_deployment(demo["path"]).default_coop == "Harvest Coop"
        # and the offer commands on the demo's node still find the demo's co-op
        succeeds(offer(tmp, demo, "list"))
    finally:
        other.stop()


def test_demo__busy_port__one_line(tmp, demo):
    port = demo["node"].port
    result = run_command(tmp, sys.executable, "scripts/demo.py", "--port", str(port), "--no-wait")
    fails_with(
        result,
        f"port {port} on 127.0.0.1 is already in use: stop what uses it, or run `make demo ANVIL_PORT=8600`",
    )
