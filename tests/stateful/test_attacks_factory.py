"""Attacks on CoopFactory, CoopRegistry and CoopCredit, and on how the
factory wires a new co-op, from an attacker's side (titanoboa).

Each test is written as the attack; its docstring names the attack and the
rule it tries to break (DESIGN.md), and its assertions state the rule. A
held attack is a regression test ("held: ..."), a broken one is marked
"broke (fixed)". Attacks already tried elsewhere are not repeated here: the
front-run name and the pending window (test_attacks_harvest.py), the one-time
wiring after finish (tests/unit/factory/test_factory_no_privilege.py), the
64-founder gas cap with default parameters (test_factory_gas_cap.py), permit
replay / chain / expiry / high s (tests/unit/credit/test_credit_permit.py).
"""

from __future__ import annotations

from itertools import count

import boa
import pytest
from eth.exceptions import Revert
from eth_abi import decode, encode
from eth_utils import function_abi_to_4byte_selector

from harvest_coop.core import abi as shipped
from harvest_coop.core.params import CoopParams
from harvest_coop.core.stack_code import coop_config
from harvest_coop.testing.boa import deploy_stack

TX_GAS_CAP = 2**24
_names = count()


@pytest.fixture(scope="module")
def stack():
    return deploy_stack()


def _selector(contract_name: str, name: str) -> bytes:
    [abi] = [x for x in shipped.abi(contract_name) if x.get("type") == "function" and x.get("name") == name]
    return function_abi_to_4byte_selector(abi)


def _create_raw(factory, sender: str, name: bytes, **changes) -> str:
    """`create_coop` with `name` as raw bytes (not necessarily UTF-8), which
    an ABI encoder of `string` would refuse to send; its revert reason ("" if
    it succeeded)."""
    config = coop_config(CoopParams(name="x", founders=[sender], **changes))
    rules = ",".join(["uint256"] * 8)
    config_type = f"(bytes,string,address[],uint256,uint256,uint256,uint256,({rules}),uint256)"
    data = _selector("CoopFactory", "create_coop") + encode([config_type], [(name, *config[1:])])
    try:
        boa.env.raw_call(factory.address, sender=sender, data=data)
    except Revert as err:
        [reason] = decode(["string"], err.args[0][4:])
        return reason
    return ""


# ------------------------------------------------------------ the co-op's name


@pytest.mark.parametrize(
    "name, reason",
    [
        (b"\xff\xfeGreen", "factory: name is not UTF-8"),  # not UTF-8 at all
        (b"\x80", "factory: name is not UTF-8"),  # a lone continuation byte
        (b"Green\xe2\x82", "factory: name is not UTF-8"),  # cut at the end
        (b"\xc0\xafGreen", "factory: name is not UTF-8"),  # overlong '/'
        (b"\xe0\x80\xafGreen", "factory: name is not UTF-8"),  # overlong, 3 bytes
        (b"\xed\xa0\x80Green", "factory: name is not UTF-8"),  # a surrogate
        (b"\xf4\x90\x80\x80", "factory: name is not UTF-8"),  # above U+10FFFF
        (b"\xf5\x80\x80\x80", "factory: name is not UTF-8"),
        (b"Green Roots\x00", "factory: control character in name"),
        (b"Green\nRoots", "factory: control character in name"),
        (b"Green\x7fRoots", "factory: control character in name"),
        # Accepted names reach the next check (the empty symbol).
        (b"Green Roots", "factory: empty symbol"),
        ("Huerta Ñuñoa 菜园 🌱".encode(), "factory: empty symbol"),
        # The edges of the narrowed ranges.
        (b"\xed\x9f\xbf \xf4\x8f\xbf\xbf \xf0\x90\x80\x80 \xe0\xa0\x80", "factory: empty symbol"),
        (b"~" * 32, "factory: empty symbol"),
    ],
)
def test_name_not_utf8_or_with_controls__refused_so_no_registry_page_is_poisoned(stack, name, reason):
    """broke (fixed). The registry's name is the city's shared key: every
    `coops(offset, limit)` page and every `CoopCreated` carry it, and the
    factory took any bytes as a name. One co-op named b"\\xff\\xfe..." then
    made every page holding it undecodable for strict ABI decoders (web3.py
    and ethers by default raise on the whole page), i.e. one creator hid
    up to a hundred co-ops from every such client; NUL and control
    characters break C-string and PostgreSQL-backed indexers. Rule: the
    registry lists only names every client can read; well-formed UTF-8 of
    every length (1 to 4 bytes a character) stays accepted."""
    creator = boa.env.generate_address(f"name-{next(_names)}")
    assert _create_raw(stack.factory, creator, name, symbol="") == reason
