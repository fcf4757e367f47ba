"""log_harvest refuses a crop or origin that is not valid UTF-8 (finding 15):
the batch's metadata (`uri`) and its HarvestLogged event must decode for a
strict reader. Valid multi-byte text is kept as is.

Invalid text cannot be passed as a Python `str`, so those calls are built as
raw calldata (the ABI encodes `string` exactly as `bytes`) and sent from the
grower's account."""

import base64
import json

import ape
import pytest
from eth_abi import encode
from eth_utils import function_signature_to_4byte_selector

DAY = 86_400
SELECTOR = function_signature_to_4byte_selector("log_harvest(string,uint256,uint64,uint64,string)")


def calldata(crop: bytes, origin: bytes, now: int) -> bytes:
    return SELECTOR + encode(
        ["bytes", "uint256", "uint64", "uint64", "bytes"], [crop, 1_000, now - DAY, now + DAY, origin]
    )


def decode_uri(uri: str) -> dict:
    return json.loads(base64.b64decode(uri.removeprefix("data:application/json;base64,"), validate=True))


@pytest.mark.parametrize(
    ("crop", "origin"),
    [
        ("Épinards", "Jardin de l'été"),  # é: 2 bytes
        ("漢方ハーブ", "東京の屋上"),  # 3 bytes each
        ("🍅 tomatoes", "plot 🌱 7"),  # 4 bytes
        ("a" * 28 + "🍅", "ü" * 64),  # a 4-byte character ending the 32-byte crop; 128-byte origin
    ],
)
def test_log_harvest__valid_multibyte_text__accepted_and_metadata_decodes(harvest, grower, now, crop, origin):
    tx = harvest.log_harvest(crop, 1_000, now - DAY, now + DAY, origin, sender=grower)
    logged = tx.decode_logs(harvest.HarvestLogged)[0]
    assert (logged.crop, logged.origin) == (crop, origin)
    properties = decode_uri(harvest.uri(1))["properties"]
    assert (properties["crop"], properties["origin"]) == (crop, origin)


INVALID = {
    "stray continuation byte": b"kale \x80",
    "lone continuation at the start": b"\xbfkale",
    "overlong 2-byte (C0 AF for '/')": b"\xc0\xaf",
    "overlong 2-byte lead C1": b"\xc1\xbf",
    "overlong 3-byte": b"\xe0\x80\xaf",
    "overlong 4-byte": b"\xf0\x80\x80\xaf",
    "surrogate U+D800": b"\xed\xa0\x80",
    "surrogate U+DFFF": b"\xed\xbf\xbf",
    "above U+10FFFF (F4 90)": b"\xf4\x90\x80\x80",
    "lead byte F5": b"\xf5\x80\x80\x80",
    "byte FF": b"\xff",
    "truncated 3-byte at the end": "漢".encode()[:2],
    "truncated 4-byte at the end": "🍅".encode()[:3],
    "truncated 2-byte before ASCII": b"\xc3A",
    "latin-1, not UTF-8": "épinards".encode("latin-1"),
}


@pytest.mark.parametrize("case", list(INVALID))
def test_log_harvest__crop_not_utf8__reverts(harvest, grower, now, case):
    with ape.reverts("harvest: crop is not valid UTF-8"):
        grower.transfer(harvest, 0, data=calldata(INVALID[case], b"plot 7", now))
    assert harvest.batch_count() == 0


@pytest.mark.parametrize("case", list(INVALID))
def test_log_harvest__origin_not_utf8__reverts(harvest, grower, now, case):
    with ape.reverts("harvest: origin is not valid UTF-8"):
        grower.transfer(harvest, 0, data=calldata(b"Kale", b"plot 7, " + INVALID[case], now))
    assert harvest.batch_count() == 0


def test_log_harvest__invalid_byte_in_the_last_word_of_a_long_origin__reverts(harvest, grower, now):
    with ape.reverts("harvest: origin is not valid UTF-8"):
        grower.transfer(harvest, 0, data=calldata(b"Kale", b"o" * 127 + b"\x80", now))


def test_log_harvest__raw_valid_utf8__accepted(harvest, grower, now):
    """The same raw path with valid bytes goes through (the refusals above
    are about the bytes, not the way they are sent)."""
    grower.transfer(harvest, 0, data=calldata("Blé".encode(), "Plot 🌾".encode(), now))
    assert harvest.batch(1).crop == "Blé"
    assert harvest.batch(1).origin == "Plot 🌾"
