"""The indexer's fast decoder (`LogDecoder`) against the reference path: for
random arguments of every shipped event it decodes directly, the same typed
record as `decode_event(decode_log(...))` and the same JSON text as
`json.dumps(args_to_json(...))` (what the JSON column would have written)."""

from __future__ import annotations

import json
import random
from typing import Any

from eth_abi.abi import encode

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
