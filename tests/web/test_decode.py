"""The indexer's fast decoder (`LogDecoder`) against the reference path: for
random arguments of every shipped event it decodes directly, the same typed
record as `decode_event(decode_log(...))` and the same JSON text as
`json.dumps(args_to_json(...))` (what the JSON column would have written)."""

from __future__ import annotations

import json
import random
from typing import Any

from eth_abi.abi import encode
from hypothesis import given, settings
from hypothesis import strategies as st

from frontend.index.decode import LogDecoder, _specs, args_to_json, decode_log
from harvest_coop.core.events import EVENTS, decode_event

STRINGS = ["kale", 'a "quoted" \\ back', "é漢\U0001f600\n\t<b>x</b>", "", "100%"]


def _value(rnd: random.Random, typ: str) -> Any:
    if typ == "address":
        return "0x" + rnd.randbytes(20).hex()
    if typ == "bool":
        return rnd.random() < 0.5
    if typ == "string":
        return rnd.choice(STRINGS)
    if typ == "bytes":
        return rnd.randbytes(rnd.randint(0, 40))
    if typ.startswith("uint"):
        return rnd.randint(0, 2 ** int(typ[4:] or 256) - 1)
    if typ.startswith("int"):
        bits = int(typ[3:] or 256)
        return rnd.randint(-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
    assert typ.startswith("bytes"), typ
    return rnd.randbytes(int(typ[5:]))


def test_log_decoder__same_record_and_json_text_as_the_reference_for_every_event() -> None:
    rnd = random.Random(10)
    checked = 0
    for contract, name in EVENTS:
        for topic0, spec in _specs(contract).items():
            if spec.name != name or not spec.simple:
                continue
            decoder = LogDecoder(spec)
            for _ in range(10):
                topics = [topic0]
                for _, typ, hashed in spec.indexed_plan:
                    word = rnd.randbytes(32) if hashed else encode([typ], [_value(rnd, typ)])
                    topics.append("0x" + word.hex())
                values = [_value(rnd, t) for t in spec.unindexed_types]
                data = "0x" + encode(spec.unindexed_types, values).hex()
                record, text = decoder.decode(topics, data)
                args = decode_log(spec, topics, data)
                assert record == decode_event(contract, spec.name, args)
                assert text == json.dumps(args_to_json(spec, args))
                checked += 1
    assert checked > 500


def _spec(contract: str, name: str) -> Any:
    return next(s for s in _specs(contract).values() if s.name == name)


@settings(max_examples=300, deadline=None)
@given(text=st.binary(max_size=96))
def test_chain_text__any_bytes_decode__never_a_nul_and_utf8_kept(text: bytes) -> None:
    """Whatever bytes a member sends as a string (a crop, through the fast
    path; a proposal's description, through eth_abi), the log decodes, the
    text holds no NUL (PostgreSQL cannot store one), and text that is UTF-8
    without NUL is kept exactly."""
    zero = "0x" + "00" * 32
    harvest = _spec("HarvestToken", "HarvestLogged")
    assert harvest.simple
    fields = {"string": text, "address": "0x" + "00" * 20}
    types = [t.replace("string", "bytes") for t in harvest.unindexed_types]
    values = [fields.get(t, 0) for t in harvest.unindexed_types]
    topics = ["0x" + "11" * 32] + [zero] * len(harvest.indexed)
    decoded = decode_log(harvest, topics, "0x" + encode(types, values).hex())
    proposal = _spec("CoopGovernor", "ProposalCreated")
    assert not proposal.simple
    body = encode(
        ["uint256", "address", "address[]", "uint256[]", "bytes[]", "bytes[]", "uint256", "uint256", "bytes"],
        [1, "0x" + "00" * 20, [], [], [text], [], 0, 0, text],
    )
    described = decode_log(proposal, ["0x" + "22" * 32], "0x" + body.hex())
    strings = [decoded[e["name"]] for e in harvest.unindexed if e["type"] == "string"]
    assert strings
    for value in [*strings, described["description"], *described["signatures"]]:
        assert "\x00" not in value
        if b"\x00" not in text and _is_utf8(text):
            assert value == text.decode()


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
