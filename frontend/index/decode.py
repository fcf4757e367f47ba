"""Raw logs to typed event records, with the ABIs shipped in the package.

A log is decoded by the contract the index knows at its address (two
contracts may share an event signature: CoopCredit's and Membership's
`Transfer`), then turned into the typed record of
`harvest_coop.core.events`. Arguments are also kept as JSON (integers as
decimal strings, bytes as 0x-hex, structs as objects) so a stored event
decodes back to the same record without the node.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import cache, cached_property, lru_cache
from typing import Any

from eth_abi.abi import decode as abi_decode
from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak

from harvest_coop.core import abi as shipped
from harvest_coop.core.events import EVENTS, EventRecord, decode_event

__all__ = [
    "EventSpec",
    "LogDecoder",
    "args_from_json",
    "decoders_of",
    "args_to_json",
    "chain_text",
    "checksum",
    "decode_log",
    "record_of",
    "spec_for",
]


@lru_cache(maxsize=200_000)
def checksum(address: str) -> str:
    """EIP-55 form of an address (cached: an index sees the same few thousand again and again)."""
    return to_checksum_address(address)


def chain_text(raw: bytes) -> str:
    """A string from a log as the index keeps it. A contract takes any bytes
    as a string (a proposal's description) and PostgreSQL's text holds no
    NUL, so a byte sequence that is not UTF-8 and a NUL character become
    U+FFFD, the replacement character: one member's text can never stop
    the index, and both databases hold the same."""
    return raw.decode("utf-8", errors="replace").replace("\x00", "\ufffd")


_STRING = re.compile(r"\bstring\b")

_SIMPLE = ("address", "bool", "string", "bytes")


def _simple(typ: str) -> bool:
    """A type the fast path decodes: one word, or a string / bytes behind an offset."""
    return typ in _SIMPLE or (typ.startswith(("uint", "int", "bytes")) and typ[-1].isdigit())


def _word(typ: str, data: bytes, at: int) -> Any:
    """Decode one ABI head word at `at` (a string or bytes follows its offset)."""
    word = data[at : at + 32]
    if len(word) != 32:
        raise ValueError("short ABI data")
    if typ == "address":
        if any(word[:12]):
            raise ValueError("dirty address word")
        return checksum("0x" + word[12:].hex())
    if typ.startswith("uint"):
        value = int.from_bytes(word, "big")
        if value >> int(typ[4:] or 256):
            raise ValueError("uint out of range")
        return value
    if typ.startswith("int"):
        return int.from_bytes(word, "big", signed=True)
    if typ == "bool":
        if word[:31] != bytes(31) or word[31] > 1:
            raise ValueError("dirty bool word")
        return word[31] == 1
    if typ in ("string", "bytes"):
        start = int.from_bytes(word, "big")
        length = int.from_bytes(data[start : start + 32], "big")
        raw = data[start + 32 : start + 32 + length]
        if len(raw) != length:
            raise ValueError("short dynamic value")
        return chain_text(raw) if typ == "string" else raw
    size = int(typ[5:])  # bytesN
    return word[:size]


_ZERO_PAD = "0" * 24


def _topic_decoder(typ: str, hashed: bool) -> Callable[[str], Any]:
    """Decode one indexed value from its topic (0x and 64 hex digits), as `_word` would."""
    if hashed:
        return lambda topic: bytes.fromhex(topic[2:])  # a dynamic indexed value is only its hash
    if typ == "address":

        def address(topic: str) -> str:
            if len(topic) != 66:
                raise ValueError("short ABI data")
            if topic[2:26] != _ZERO_PAD:
                raise ValueError("dirty address word")
            return checksum("0x" + topic[26:])

        return address
    if typ.startswith("uint"):
        bits = int(typ[4:] or 256)

        def uint(topic: str) -> int:
            if len(topic) != 66:
                raise ValueError("short ABI data")
            value = int(topic, 16)
            if value >> bits:
                raise ValueError("uint out of range")
            return value

        return uint
    return lambda topic: _word(typ, bytes.fromhex(topic[2:]), 0)


def _data_decoder(typ: str) -> Callable[[bytes, int], Any]:
    """Decode one head word of the data at an offset, as `_word` would."""
    if typ.startswith("uint"):
        bits = int(typ[4:] or 256)

        def uint(data: bytes, at: int) -> int:
            word = data[at : at + 32]
            if len(word) != 32:
                raise ValueError("short ABI data")
            value = int.from_bytes(word, "big")
            if value >> bits:
                raise ValueError("uint out of range")
            return value

        return uint
    return lambda data, at: _word(typ, data, at)


def _json_converter(entry: dict[str, Any]) -> Callable[[Any], Any] | None:
    """How `_to_json` turns a value of this input into JSON (None: unchanged)."""
    typ: str = entry["type"]
    if typ.endswith("]") or typ == "tuple":
        return lambda value: _to_json(value, entry)
    if typ.startswith(("uint", "int")):
        return str
    if typ.startswith("bytes"):
        return lambda value: "0x" + bytes(value).hex()
    return None  # address, bool, string


# JSON text of one argument exactly as `json.dumps` (its defaults) writes
# it inside `args_to_json`'s object.
_encode_string: Callable[[str], str] = json.encoder.encode_basestring_ascii


def _json_text(entry: dict[str, Any]) -> tuple[str, Callable[[Any], Any] | None]:
    """How one decoded argument is written as JSON text (as `json.dumps` of
    `_to_json`): its `%`-format in the object's template, and what turns the
    value into that format's argument (None: the value itself)."""
    typ: str = entry["type"]
    if typ.endswith("]") or typ == "tuple":
        return "%s", lambda value: json.dumps(_to_json(value, entry))
    if typ.startswith(("uint", "int")) or typ == "address":
        return '"%s"', None  # digits and a sign, or 0x and hex digits: nothing to escape
    if typ.startswith("bytes"):
        return '"0x%s"', lambda value: bytes(value).hex()
    if typ == "bool":
        return "%s", lambda value: "true" if value else "false"
    return "%s", _encode_string  # string: escaped and ASCII-only, as json.dumps does


def _type_string(entry: dict[str, Any]) -> str:
    typ: str = entry["type"]
    if typ.startswith("tuple"):
        inner = ",".join(_type_string(c) for c in entry["components"])
        return f"({inner}){typ[5:]}"
    return typ


@dataclass(frozen=True)
class EventSpec:
    """One event of one contract: how to decode its topics and data."""

    contract: str
    name: str
    inputs: tuple[dict[str, Any], ...]

    @cached_property
    def indexed(self) -> list[dict[str, Any]]:
        return [i for i in self.inputs if i.get("indexed")]

    @cached_property
    def unindexed(self) -> list[dict[str, Any]]:
        return [i for i in self.inputs if not i.get("indexed")]

    @cached_property
    def indexed_plan(self) -> list[tuple[str, str, bool]]:
        """(name, type, only its hash) of each indexed field."""
        out = []
        for entry in self.indexed:
            typ = _type_string(entry)
            hashed = typ in ("string", "bytes") or typ.endswith("]") or typ.startswith("(")
            out.append((entry["name"], typ, hashed))
        return out

    @cached_property
    def unindexed_types(self) -> list[str]:
        return [_type_string(e) for e in self.unindexed]

    @cached_property
    def raw_types(self) -> list[str]:
        """`unindexed_types` with each string read as the bytes it is (the
        same ABI layout): `chain_text` makes them text, never a decode error."""
        return [_STRING.sub("bytes", t) for t in self.unindexed_types]

    @cached_property
    def simple(self) -> bool:
        """Every unindexed field one word or a string / bytes (the fast path)."""
        return all(_simple(t) for t in self.unindexed_types)

    @cached_property
    def topic_decoders(self) -> list[tuple[str, Callable[[str], Any]]]:
        return [(name, _topic_decoder(typ, hashed)) for name, typ, hashed in self.indexed_plan]

    @cached_property
    def data_decoders(self) -> list[tuple[str, Callable[[bytes, int], Any], int]]:
        """(name, decoder, head offset) of each unindexed field (simple events only)."""
        return [
            (entry["name"], _data_decoder(typ), 32 * i)
            for i, (entry, typ) in enumerate(zip(self.unindexed, self.unindexed_types, strict=True))
        ]


@cache
def _specs(contract: str) -> dict[str, EventSpec]:
    out: dict[str, EventSpec] = {}
    for entry in shipped.abi(contract):
        if entry.get("type") != "event":
            continue
        signature = f"{entry['name']}({','.join(_type_string(i) for i in entry['inputs'])})"
        topic = "0x" + keccak(text=signature).hex()
        out[topic] = EventSpec(contract, entry["name"], tuple(entry["inputs"]))
    return out


def spec_for(contract: str, topic0: str) -> EventSpec | None:
    """The event of `contract` whose signature hashes to `topic0`."""
    return _specs(contract).get(topic0.lower())


def _native(value: Any, entry: dict[str, Any]) -> Any:
    """eth_abi's output to plain Python: checksummed addresses, structs as dicts."""
    typ: str = entry["type"]
    if typ.endswith("]"):
        inner = {**entry, "type": typ[: typ.rindex("[")]}
        return [_native(v, inner) for v in value]
    if typ == "tuple":
        return {c["name"]: _native(v, c) for c, v in zip(entry["components"], value, strict=True)}
    if typ == "address":
        return checksum(value)
    if typ == "string":
        return chain_text(value)  # decoded as bytes (see `EventSpec.raw_types`)
    if typ.startswith("bytes") and isinstance(value, (bytes, bytearray)):
        return bytes(value)
    return value


def decode_log(spec: EventSpec, topics: list[str], data: str) -> dict[str, Any]:
    """The event's arguments by name, as plain Python values.

    Events of only one-word and string/bytes fields (almost all of the
    co-op's) are decoded here directly; structs and arrays go through eth_abi.
    """
    decoders = spec.topic_decoders
    if len(topics) != len(decoders) + 1:
        raise ValueError(f"{spec.name}: {len(topics) - 1} indexed topics, {len(decoders)} expected")
    args: dict[str, Any] = {
        name: decode(topic) for (name, decode), topic in zip(decoders, topics[1:], strict=True)
    }
    unindexed = spec.unindexed
    if unindexed:
        body = bytes.fromhex(data[2:])
        if spec.simple:
            for name, decode, at in spec.data_decoders:
                args[name] = decode(body, at)
        else:
            values = abi_decode(spec.raw_types, body)
            for entry, value in zip(unindexed, values, strict=True):
                args[entry["name"]] = _native(value, entry)
    return args


def _to_json(value: Any, entry: dict[str, Any]) -> Any:
    typ: str = entry["type"]
    if typ.endswith("]"):
        inner = {**entry, "type": typ[: typ.rindex("[")]}
        return [_to_json(v, inner) for v in value]
    if typ == "tuple":
        return {c["name"]: _to_json(value[c["name"]], c) for c in entry["components"]}
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        return "0x" + bytes(value).hex()
    return value


def _from_json(value: Any, entry: dict[str, Any]) -> Any:
    typ: str = entry["type"]
    if typ.endswith("]"):
        inner = {**entry, "type": typ[: typ.rindex("[")]}
        return [_from_json(v, inner) for v in value]
    if typ == "tuple":
        return {c["name"]: _from_json(value[c["name"]], c) for c in entry["components"]}
    if typ.startswith(("uint", "int")):
        return int(value)
    if typ.startswith("bytes"):
        return bytes.fromhex(str(value)[2:])
    return value


def args_to_json(spec: EventSpec, args: dict[str, Any]) -> dict[str, Any]:
    """Arguments as JSON: integers as decimal strings, bytes as 0x-hex."""
    return {e["name"]: _to_json(args[e["name"]], e) for e in spec.inputs}


def args_from_json(spec: EventSpec, args: dict[str, Any]) -> dict[str, Any]:
    """The inverse of `args_to_json`."""
    return {e["name"]: _from_json(args[e["name"]], e) for e in spec.inputs}


def _topic_reader(i: int, decode: Callable[[str], Any]) -> Callable[[list[str], bytes], Any]:
    return lambda topics, body: decode(topics[i])


def _data_reader(at: int, decode: Callable[[bytes, int], Any]) -> Callable[[list[str], bytes], Any]:
    return lambda topics, body: decode(body, at)


class LogDecoder:
    """One event's raw log to (typed record, JSON text of its arguments),
    with every per-event decision (decoders, JSON writers, the record's
    fields) made once: the same record as `decode_event(decode_log(...))`
    and the same text as `json.dumps(args_to_json(...))` (what the JSON
    column would write), at a fraction of the per-event cost."""

    def __init__(self, spec: EventSpec) -> None:
        self.spec = spec
        self.name = spec.name
        self.record = EVENTS[(spec.contract, spec.name)]
        names = {e["name"] for e in spec.inputs}
        # decode_event's rule: a field `x_` reads the argument `x` when there is one
        self.fields = [
            (f.name, f.name[:-1] if f.name.endswith("_") and f.name[:-1] in names else f.name)
            for f in fields(self.record)
        ]
        self.json = [(e["name"], _json_converter(e)) for e in spec.inputs]
        # '{"a": %s, "b": %s}' with each key written as json.dumps writes it
        keys = [_encode_string(e["name"]).replace("%", "%%") for e in spec.inputs]
        texts = [_json_text(e) for e in spec.inputs]
        self.template = (
            "{" + ", ".join(f"{key}: {form}" for key, (form, _) in zip(keys, texts, strict=True)) + "}"
        )
        self.writers = [(i, write) for i, (_, write) in enumerate(texts) if write is not None]
        # The fast path (one-word and string / bytes fields): one reader per
        # argument in the ABI's order, each taking (topics, data bytes).
        self.readers: list[Callable[[list[str], bytes], Any]] | None = None
        if spec.simple:
            readers: dict[str, Callable[[list[str], bytes], Any]] = {}
            for i, (name, from_topic) in enumerate(spec.topic_decoders):
                readers[name] = _topic_reader(i + 1, from_topic)
            for name, from_data, at in spec.data_decoders:
                readers[name] = _data_reader(at, from_data)
            order = [e["name"] for e in spec.inputs]
            self.readers = [readers[name] for name in order]
            self.names = order
            self.in_field_order = [key for _, key in self.fields] == order
            self.topic_count = len(spec.topic_decoders) + 1
            self.has_data = bool(spec.unindexed)

    def decode(self, topics: list[str], data: str) -> tuple[EventRecord, str]:
        """(typed record, JSON text of the arguments)."""
        readers = self.readers
        if readers is None:
            args = decode_log(self.spec, topics, data)
            as_json = {
                name: args[name] if convert is None else convert(args[name]) for name, convert in self.json
            }
            return self.record(**{f: args[key] for f, key in self.fields}), json.dumps(as_json)
        if len(topics) != self.topic_count:
            raise ValueError(
                f"{self.name}: {len(topics) - 1} indexed topics, {self.topic_count - 1} expected"
            )
        body = bytes.fromhex(data[2:]) if self.has_data else b""
        values = [read(topics, body) for read in readers]
        if self.in_field_order:
            record = self.record(*values)
        else:
            args = dict(zip(self.names, values, strict=True))
            record = self.record(**{f: args[key] for f, key in self.fields})
        for i, write in self.writers:
            values[i] = write(values[i])
        return record, self.template % tuple(values)


@cache
def _decoders(contract: str) -> dict[str, LogDecoder]:
    return {topic: LogDecoder(spec) for topic, spec in _specs(contract).items()}


def decoders_of(contract: str) -> dict[str, LogDecoder]:
    """`contract`'s event decoders by topic0 (lower-case hex)."""
    return _decoders(contract)


@cache
def _by_name(contract: str, name: str) -> EventSpec:
    for spec in _specs(contract).values():
        if spec.name == name:
            return spec
    raise KeyError(f"{contract} has no event {name}")


def record_of(contract: str, name: str, json_args: dict[str, Any]) -> EventRecord:
    """The typed record of a stored event."""
    return decode_event(contract, name, args_from_json(_by_name(contract, name), json_args))
