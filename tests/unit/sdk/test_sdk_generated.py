"""The shipped artifacts, the typed event records and docs/reference.md are
what the compiler produces today (`make generate` rewrites them)."""

import dataclasses
import json

import pytest

from harvest_coop.ape_layer.generate import REFERENCE_MD, rendered
from harvest_coop.core import abi as shipped
from harvest_coop.core.events import EVENTS


@pytest.fixture(scope="module")
def files(project):
    return rendered(project)


def test_generated__every_committed_file__equals_what_the_compiler_produces(files):
    stale = [str(path) for path, text in files.items() if not path.is_file() or path.read_text() != text]
    assert stale == [], f"stale generated files (run `make generate`): {stale}"


def test_shipped_artifacts__abi_and_bytecode__are_ape_s(project):
    for name in shipped.SHIPPED:
        contract_type = getattr(project, name).contract_type
        assert shipped.bytecode(name) == contract_type.deployment_bytecode.to_bytes()
        assert [e["type"] for e in shipped.abi(name)] == [e.type for e in contract_type.abi]


def test_reference__lists_every_function_and_event_of_every_shipped_contract():
    text = REFERENCE_MD.read_text()
    for name in shipped.SHIPPED:
        assert f"## {name}" in text
        for entry in shipped.abi(name):
            if entry["type"] == "function":
                assert f"- `{entry['name']}(" in text, (name, entry["name"])
            elif entry["type"] == "event":
                fields = ", ".join(
                    f"{i['type']}{' indexed' if i.get('indexed') else ''} {i['name']}"
                    for i in entry["inputs"]
                    if not i["type"].startswith("tuple")
                )
                assert entry["name"] in text and fields.split(",")[0] in text


def test_events__one_record_per_event_of_every_shipped_contract():
    for name in shipped.SHIPPED:
        for entry in shipped.abi(name):
            if entry["type"] != "event":
                continue
            record = EVENTS[(name, entry["name"])]
            assert [f.name for f in dataclasses.fields(record)] == [
                f"{i['name']}_" if i["name"] in ("from", "class") else i["name"] for i in entry["inputs"]
            ]
            assert record.INDEXED == tuple(i["name"] for i in entry["inputs"] if i.get("indexed"))


def test_artifacts__are_plain_json_a_reader_loads_without_a_compiler():
    for name in shipped.SHIPPED:
        raw = json.loads((shipped.ARTIFACTS_DIR / f"{name}.json").read_text())
        assert raw["contractName"] == name and raw["bytecode"].startswith("0x") and raw["abi"]
