"""`make demo`: a local chain, a deployed demo co-op, and what to do with it.

Starts anvil on 127.0.0.1 (chain id 1337), deploys a complete co-op with the
real deploy script (`ape run deploy`), seeds it through real transactions and
proposals, prints the addresses and accounts, and keeps running until Ctrl-C,
then stops anvil (by its pid).

This file is run with the project's Python, not through `ape run`, because
it owns the node's lifetime.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import demo_seed

from harvest_coop.testing.anvil import AnvilNode
from harvest_coop.web3_layer.contracts import load_coop

ROOT = Path(__file__).resolve().parent.parent

ROLES = {0: "deployer (keeps no role)", 6: "outsider", 7: "applicant", 8: "newcomer", 9: "outsider"}


def say(msg: str) -> None:
    print(msg, flush=True)


def deploy(url: str) -> Path:
    say("deploying the co-op with `ape run deploy` ...")
    env = dict(os.environ)
    env.setdefault("APE_DATA_FOLDER", str(ROOT / ".ape"))
    result = subprocess.run(
        [str(Path(sys.executable).parent / "ape"), "run", "deploy", "--network", f"ethereum:local:{url}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        say(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit("deployment failed (output above)")
    return ROOT / "deployments" / "local.json"


def seed(w3, coop: dict, founders: list[str]) -> None:
    """The demo's content (scripts/demo_seed.py), through real transactions."""
    demo_seed.run(w3, coop, founders, say)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("ANVIL_PORT", 8545)))
    parser.add_argument("--no-wait", action="store_true", help="exit after seeding (for tests)")
    args = parser.parse_args()

    node = AnvilNode(port=args.port)
    say(f"starting anvil on {node.url} (chain id {node.chain_id}) ...")
    w3 = node.start()
    try:
        path = deploy(node.url)
        coop = load_coop(w3, path)
        accounts = w3.eth.accounts[:10]
        founders = [a for a in accounts if coop["Membership"].functions.is_member(a).call()]
        seed(w3, coop, founders)
        members = [a for a in accounts if coop["Membership"].functions.is_member(a).call()]
        say("")
        say("harvest-coop demo is running")
        say(f"  RPC:         {node.url}   (chain id {node.chain_id}; add it to your wallet)")
        say(f"  deployment:  {path}")
        for name, c in coop.items():
            say(f"  {name:<20} {c.address}")
        say("  accounts (anvil's default mnemonic 'test test ... junk'):")
        for i, a in enumerate(accounts):
            role = (
                "founding member"
                if a in founders
                else ("member" if a in members else ROLES.get(i, "non-member"))
            )
            say(f"    #{i} {a}  {role}")
        if args.no_wait:
            return
        say("press Ctrl-C to stop")
        while node.process is not None and node.process.poll() is None:
            time.sleep(1)
        say("anvil stopped on its own")
    except KeyboardInterrupt:
        say("\nstopping ...")
    finally:
        node.stop()


if __name__ == "__main__":
    main()
