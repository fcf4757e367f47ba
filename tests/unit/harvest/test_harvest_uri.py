"""uri: the batch's metadata on chain, as a base64 JSON data: URI."""

import base64
import json

import ape
import pytest

DAY = 86_400
PREFIX = "data:application/json;base64,"


def decode(uri: str) -> dict:
    assert uri.startswith(PREFIX)
    return json.loads(base64.b64decode(uri[len(PREFIX) :], validate=True))


def test_uri__batch__json_with_every_field(harvest, mock_membership, grower, now):
    harvest.log_harvest("Tomatoes", 5_000, now - DAY, now + 7 * DAY, "Plot 7, Elm St rooftop", sender=grower)
    meta = decode(harvest.uri(1))
    assert meta["name"] == "Tomatoes #1"
    assert meta["decimals"] == 0
    assert "one gram" in meta["description"]
    assert meta["properties"] == {
        "crop": "Tomatoes",
        "grams": 5_000,
        "grower": grower.address.lower(),
        "harvested_at": now - DAY,
        "best_before": now + 7 * DAY,
        "origin": "Plot 7, Elm St rooftop",
        "coop": mock_membership.address.lower(),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Say "hi"', 'Say "hi"'),
        ("back\\slash", "back\\slash"),
        ("tab\there\nnewline", "tab here newline"),
        ("日本の大根", "日本の大根"),
        ("", ""),
    ],
)
def test_uri__awkward_origin__stays_valid_json(harvest, grower, now, text, expected):
    harvest.log_harvest("Daikon", 1, now - DAY, now + DAY, text, sender=grower)
    assert decode(harvest.uri(1))["properties"]["origin"] == expected


def test_uri__longest_escaped_fields_and_numbers__valid_json(harvest, grower, now):
    crop, origin = '"' * 32, "\\" * 128
    harvest.log_harvest(crop, 10**12, now - DAY, now + DAY, origin, sender=grower)
    meta = decode(harvest.uri(1))
    assert meta["properties"]["crop"] == crop
    assert meta["properties"]["origin"] == origin
    assert meta["properties"]["grams"] == 10**12


def test_uri__metadata__does_not_change_when_frozen(harvest, timelock_stand_in, batch_id):
    before = harvest.uri(batch_id)
    harvest.freeze(batch_id, "check", sender=timelock_stand_in)
    assert harvest.uri(batch_id) == before


def test_uri__unknown_batch__reverts(harvest):
    with ape.reverts("harvest: unknown batch"):
        harvest.uri(1)
