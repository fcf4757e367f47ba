"""`make demo`: a local chain, a deployed demo co-op, and what to do with it.

Starts anvil on 127.0.0.1 (chain id 1337), deploys a complete co-op through
the CoopFactory with the real deploy script (`ape run deploy`), seeds it
through real transactions and proposals (scripts/demo_seed.py), starts the
web service and wallet page (frontend/) on 127.0.0.1:8000 (`--web-port`),
prints the page's URL, the addresses and, per account, its role, what it
holds, what it can do and how to use it, and keeps running until Ctrl-C,
then stops the service and anvil (by its pid).

This file is run with the project's Python, not through `ape run`, because
it owns the node's lifetime. Every failure ends with one line and a non-zero
exit.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import demo_city
import demo_seed
from web3 import Web3

from frontend.demo_hook import ServiceHandle, start_service
from harvest_coop.core.constants import ZERO_ADDRESS, ProposalState
from harvest_coop.core.deployment import DeploymentFileError, chain_key, deployment_path, state_dir
from harvest_coop.core.offer_book import OfferStore
from harvest_coop.core.offers import Offer, offer_document, typed_data
from harvest_coop.core.units import format_credit, format_grams
from harvest_coop.testing.anvil import AnvilNode
from harvest_coop.testing.keys import anvil_key, wallet_sign
from harvest_coop.web3_layer.contracts import load_coop

ROOT = Path(__file__).resolve().parent.parent

DEPLOYMENTS = Path(os.environ.get("HARVEST_DEPLOYMENTS_DIR") or ROOT / "deployments")
DEMO_COOP = "Harvest Coop"  # the deploy script's default name
OFFERS = Path(os.environ.get("HARVEST_OFFERS_DIR") or ROOT / ".state")
ROLES = {
    0: "deployer (keeps no role)",
    7: "applicant",
    8: "newcomer (a live proposal would admit them)",
    9: "the web service's vote relayer (pays the gas of votes signed on the page)",
}
RELAYER = 9  # anvil's test account that pays for relayed votes


def say(msg: str) -> None:
    print(msg, flush=True)


def deploy(url: str, *options: str) -> None:
    """`ape run deploy` against the node, its progress lines shown as they come."""
    say(f"deploying a co-op with `ape run deploy{''.join(' ' + o for o in options[:2])}` ...")
    env = dict(os.environ)
    env.setdefault("APE_DATA_FOLDER", str(ROOT / ".ape"))
    command = [
        str(Path(sys.executable).parent / "ape"),
        "run",
        "deploy",
        "--network",
        f"ethereum:local:{url}",
        *options,
    ]
    with subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as process:
        assert process.stdout is not None
        lines = []
        confirmed = 0  # one dot per confirmed transaction, on a line of their own
        for line in process.stdout:
            lines.append(line.rstrip())
            if "Confirmed 0x" in line:
                print("  ." if not confirmed else ".", end="", flush=True)
                confirmed += 1
            elif "INFO" in line or "SUCCESS" in line:
                if confirmed:
                    print(f" {confirmed} transactions confirmed", flush=True)
                    confirmed = 0
                say("  " + line.rstrip().split(":", 1)[-1].strip())
        code = process.wait()
    if code != 0:
        say("\n".join(lines[-20:]))
        raise SystemExit("the deployment failed (its output is above)")


RIVERSIDE_FOUNDERS = range(10, 13)  # anvil's accounts 10-12: a cook, a grower, a steward


def seed(w3: Web3, url: str, path: Path, coop: dict[str, Any], founders: list[str]) -> dict[str, Any]:
    """The demo's content (scripts/demo_seed.py) and its city
    (scripts/demo_city.py), through real transactions. Returns Riverside
    Coop's contracts."""
    riverside: dict[str, Any] = {}
    riverside_founders = [w3.eth.accounts[i] for i in RIVERSIDE_FOUNDERS]

    def grow_city() -> None:
        options = ["--name", demo_city.RIVERSIDE, "--symbol", "RVC", "--credit-name", "Riverside Coop Credit"]
        options += ["--credit-symbol", "RCRED"]
        for founder in riverside_founders:
            options += ["--founder", founder]
        deploy(url, *options)
        riverside.update(load_coop(w3, path, demo_city.RIVERSIDE))
        demo_city.grow(w3, coop, founders, riverside, riverside_founders, say)

    demo_seed.run(w3, coop, founders, say, between=grow_city)
    potatoes = demo_seed.batch_of(coop["HarvestToken"], "potatoes")
    demo_city.trade_across(w3, coop, founders[3], founders[0], riverside_founders[0], potatoes, say)
    return riverside


def leave_open_offer(w3: Web3, coop: dict[str, Any], maker: str, key: str) -> str | None:
    """A wallet-signed offer left open and saved where `ape run offer` finds
    it (this chain's offer store): 2 kg of the maker's potatoes for 3 credit.
    Returns its hash."""
    harvest, exchange = coop["HarvestToken"], coop["NutrientExchange"]
    batches = range(1, harvest.functions.batch_count().call() + 1)
    potatoes = next((b for b in batches if harvest.functions.batch(b).call()[0] == "potatoes"), None)
    if potatoes is None or harvest.functions.balanceOf(maker, potatoes).call() < 2_000:
        return None
    offer = Offer(
        maker=maker,
        give_token=harvest.address,
        give_id=potatoes,
        give_amount=2_000,
        want_token=coop["CoopCredit"].address,
        want_id=0,
        want_amount=3 * 10**18,
        expiry=w3.eth.get_block("latest")["timestamp"] + 7 * 86_400,
        nonce=_free_nonce(exchange, maker),
        max_fee_bps=50,
    )
    chain_id = w3.eth.chain_id
    signature = wallet_sign(w3, maker, typed_data(offer, chain_id, exchange.address))
    document = offer_document(offer, signature, chain_id, exchange.address)
    path = OfferStore(state_dir(OFFERS, key)).save_offer(document)
    say(f"exchange: {maker[:10]}.. signed '2 kg of potatoes for 3 credit', left open in {path}")
    return str(document["offer_hash"])


def _free_nonce(exchange: Any, maker: str) -> int:
    nonce = exchange.functions.min_nonce(maker).call()
    while exchange.functions.is_nonce_used(maker, nonce).call():
        nonce += 1
    return nonce


def holdings(w3: Web3, coop: dict[str, Any], account: str) -> str:
    """What an account holds, in words."""
    harvest, credit = coop["HarvestToken"], coop["CoopCredit"]
    parts = []
    balance = credit.functions.balanceOf(account).call()
    if balance:
        parts.append(format_credit(balance))
    for batch in range(1, harvest.functions.batch_count().call() + 1):
        grams = harvest.functions.balanceOf(account, batch).call()
        if grams:
            crop = harvest.functions.batch(batch).call()[0]
            parts.append(f"{format_grams(grams)} of {crop} (batch {batch})")
    return ", ".join(parts) or "nothing yet"


def duties_on_chain(coop: dict[str, Any]) -> dict[str, list[str]]:
    """What each account does in the co-op, as the chain shows it: the crops
    it grew, whether it is the elected arbiter, whom it lends its vote."""
    duties: dict[str, list[str]] = {}
    crops: dict[str, list[str]] = {}
    for log in coop["HarvestToken"].events.HarvestLogged().get_logs(from_block=0):
        crops.setdefault(log["args"]["grower"], []).append(log["args"]["crop"])
    for grower, grown in crops.items():
        duties.setdefault(grower, []).append(f"grower ({', '.join(dict.fromkeys(grown))})")
    arbiter = coop["NutrientExchange"].functions.arbiter().call()
    if arbiter != coop["TimelockController"].address:
        duties.setdefault(arbiter, []).append("arbiter of disputed escrows (elected by proposal)")
    membership = coop["Membership"]
    delegators = {
        log["args"]["delegator"] for log in membership.events.DelegateChanged().get_logs(from_block=0)
    }
    for delegator in sorted(delegators):
        to = membership.functions.delegates(delegator).call()
        if to not in (delegator, ZERO_ADDRESS):
            duties.setdefault(delegator, []).append(f"lends its vote to {to[:10]}..")
    return duties


def describe_accounts(
    w3: Web3, coop: dict[str, Any], founders: list[str], network: str, open_offer: str | None
) -> None:
    """Per account: role, holdings, what it can do and how to use it."""
    membership = coop["Membership"]
    duties = duties_on_chain(coop)
    say(
        "  accounts: anvil's TEST KEYS (mnemonic 'test test test test test test test test test test test junk')."
    )
    say("  Public knowledge: use them only on this local chain, never with real funds.")
    for i, account in enumerate(w3.eth.accounts[:10]):
        member = membership.functions.is_member(account).call()
        role = (
            "founding member" if account in founders else ("member" if member else ROLES.get(i, "outsider"))
        )
        if duties.get(account):
            role += "; " + "; ".join(duties[account])
        can = (
            "sign and fill offers, vote on the open proposal, sponsor or object to applicants"
            if member
            else "apply for membership (`apply_for_membership`); outsiders cannot hold produce"
        )
        say(f"    #{i} {account}  {role}")
        say(f"       holds: {holdings(w3, coop, account)}")
        say(f"       can: {can}")
        say(f"       ape:    ape accounts import demo{i} --use-mnemonic --hd-path \"m/44'/60'/0'/0/{i}\"")
        say(f"       wallet: private key 0x{anvil_key(i).hex()}  (TEST KEY)")
    seller = w3.eth.accounts[2]
    batch = next(
        (
            b
            for b in range(1, coop["HarvestToken"].functions.batch_count().call() + 1)
            if coop["HarvestToken"].functions.balanceOf(seller, b).call() >= 1_000
        ),
        None,
    )
    if batch is None:
        return
    crop = coop["HarvestToken"].functions.batch(batch).call()[0]
    say("")
    say(f"  try it (account 2 offers 1 kg of its {crop} for 5 credit; account 3 takes it):")
    say(
        f"    ape run offer sign --give harvest:{batch}:1kg --want credit:5credit --approve --yes "
        f"--account TEST::2 --network {network}"
    )
    say(f"    ape run offer list --network {network}")
    say("    (the sign command prints the command that fills that offer)")
    if open_offer is not None:
        say("  and account 3 takes the open offer the demo left (2 kg of potatoes for 3 credit):")
        say(f"    ape run offer fill {open_offer[:12]} --approve --account TEST::3 --network {network}")
    governor = coop["CoopGovernor"]
    for log in governor.events.ProposalCreated().get_logs(from_block=0):
        pid = int(log["args"]["proposalId"])
        if governor.functions.state(pid).call() in (ProposalState.PENDING, ProposalState.ACTIVE):
            say("  and see what the open proposal would do, on a throwaway fork, before voting:")
            say(f'    ape run simulate "{DEMO_COOP}" {pid:#x} --network {network}')


def describe_riverside(w3: Web3, harvest_coop: dict[str, Any], riverside: dict[str, Any]) -> None:
    """The second co-op's founders: role, holdings and keys."""
    say(f"  {demo_city.RIVERSIDE} (federated: its members hold and trade Harvest Coop's produce):")
    for i, role in zip(RIVERSIDE_FOUNDERS, ("cook", "grower", "steward"), strict=True):
        account = w3.eth.accounts[i]
        say(f"    #{i} {account}  {demo_city.RIVERSIDE} founder ({role})")
        say(f"       holds: {holdings(w3, harvest_coop, account)} (of Harvest Coop)")
        say("       can: vote in Riverside Coop, buy and sell Harvest Coop produce through the federation")
        say(f"       ape:    ape accounts import demo{i} --use-mnemonic --hd-path \"m/44'/60'/0'/0/{i}\"")
        say(f"       wallet: private key 0x{anvil_key(i).hex()}  (TEST KEY)")


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("ANVIL_PORT", 8545)))
    parser.add_argument(
        "--web-port",
        type=int,
        default=int(os.environ.get("WEB_PORT", 8000)),
        help="port of the web service and wallet page on 127.0.0.1 (default 8000)",
    )
    parser.add_argument("--no-wait", action="store_true", help="exit after seeding (for tests)")
    args = parser.parse_args()

    # A SIGTERM (a closed terminal, a supervisor) stops anvil too, like Ctrl-C.
    signal.signal(signal.SIGTERM, _interrupt)
    node = AnvilNode(port=args.port, accounts=13)
    say(f"starting anvil on {node.url} (chain id {node.chain_id}) ...")
    try:
        w3 = node.start()
    except RuntimeError as err:
        if "in use" in str(err):
            raise SystemExit(f"{err}: stop what uses it, or run `make demo ANVIL_PORT=8600`") from None
        raise SystemExit(str(err)) from None
    service: ServiceHandle | None = None
    try:
        deploy(node.url)
        key = chain_key(w3.eth.chain_id, bytes(w3.eth.get_block(0)["hash"]))
        path = deployment_path(DEPLOYMENTS, "local", key)
        coop = load_coop(w3, path)
        accounts = w3.eth.accounts[:10]
        founders = [a for a in accounts if coop["Membership"].functions.is_member(a).call()]
        riverside = seed(w3, node.url, path, coop, founders)
        open_offer = leave_open_offer(w3, coop, founders[3], key)
        service = web_service(node.url, path, args.web_port)
        network = f"ethereum:local:{node.url}"
        say("")
        say("harvest-coop demo is running")
        say(f"  web page:    {service.url}/   (the wallet page; API docs at {service.url}/docs)")
        say(f"  RPC:         {node.url}   (chain id {node.chain_id}; add it to your wallet)")
        say(f"  network:     --network {network}   (what `ape run` commands need)")
        say(f"  deployment:  {path}")
        for name, c in coop.items():
            say(f"  {name:<20} {c.address}")
        say(f"  and {demo_city.RIVERSIDE}, federated with it: {riverside['Membership'].address} (Membership)")
        describe_accounts(w3, coop, founders, network, open_offer)
        describe_riverside(w3, coop, riverside)
        if args.no_wait:
            return
        say("press Ctrl-C to stop")
        while node.process is not None and node.process.poll() is None:
            time.sleep(1)
        say("anvil stopped on its own")
    except KeyboardInterrupt:
        say("\nstopping ...")
    except DeploymentFileError as err:
        raise SystemExit(str(err)) from None
    finally:
        if service is not None:
            service.stop()
        node.stop()


def web_service(rpc_url: str, deployment: Path, port: int) -> ServiceHandle:
    """The web service for this chain on 127.0.0.1:`port`, caught up with the
    seeded co-op; its index lives in this chain's state directory."""
    say(f"starting the web service on http://127.0.0.1:{port} ...")
    try:
        service = start_service(rpc_url, deployment, port=port, relayer_key="0x" + anvil_key(RELAYER).hex())
    except RuntimeError as err:
        raise SystemExit(
            f"{err}: is port {port} in use? stop what uses it, or run `make demo WEB_PORT=8100`"
        ) from None
    service.wait_indexed(timeout=120)
    return service


if __name__ == "__main__":
    main()
