"""The deployment file: read, validated, written; one clear sentence per mistake."""

import json

import pytest

from harvest_coop.core.deployment import Deployment, DeploymentFileError, read_deployment, write_deployment

A = "0x" + "11" * 20
B = "0x" + "22" * 20
CORE = {"TimelockController": A, "Membership": A, "CoopGovernor": A}


def _write(tmp_path, doc):
    path = tmp_path / "local.json"
    path.write_text(json.dumps(doc) if not isinstance(doc, str) else doc)
    return path


def test_read__first_version_shape__still_read(tmp_path):
    deployment = read_deployment(_write(tmp_path, {"chain_id": 1337, "block": 3, "contracts": CORE}))
    assert deployment.contracts == CORE and deployment.coop() == CORE and deployment.factory is None


def test_write_then_read__with_stack_and_two_coops__round_trips(tmp_path):
    first = {**CORE, "HarvestToken": B}
    deployment = Deployment(
        chain_id=1337,
        block=0,
        contracts={},
        factory=A,
        registry=B,
        stack_block=1,
        blueprints={"TimelockController": A, "Membership": [A, B]},
    )
    deployment = deployment.with_coop("One", first, 5, default=False)
    deployment = deployment.with_coop("Two", CORE, 9, default=False)
    path = write_deployment(tmp_path / "d" / "local.json", deployment)
    back = read_deployment(path)
    assert back == deployment
    assert back.default_coop == "One" and back.block == 5 and back.contracts == first
    assert back.coop("Two") == CORE
    assert json.loads(path.read_text())["coops"]["Two"] == CORE


@pytest.mark.parametrize(
    "doc, message",
    [
        ("{not json", "is not valid JSON"),
        ([1, 2], "is not a JSON object"),
        ({"block": 0, "contracts": CORE}, "has no 'chain_id'"),
        (
            {"chain_id": 1, "block": 0, "contracts": {"Membership": A}},
            "lacks CoopGovernor, TimelockController",
        ),
        ({"chain_id": 1, "block": 0, "contracts": {**CORE, "Membership": "0x12"}}, "is not an address"),
        ({"chain_id": 1, "block": 0, "contracts": {**CORE, "Bank": A}}, "names unknown contracts"),
        ({"chain_id": "1", "block": 0, "contracts": CORE}, "must be integers"),
        ({"chain_id": 1, "block": 0, "contracts": CORE, "factory": "nope"}, "factory is not an address"),
    ],
)
def test_read__malformed__one_clear_error(tmp_path, doc, message):
    with pytest.raises(DeploymentFileError, match=message):
        read_deployment(_write(tmp_path, doc))


def test_read__missing_file__says_to_deploy(tmp_path):
    with pytest.raises(DeploymentFileError, match="deploy first"):
        read_deployment(tmp_path / "nothing.json")


def test_coop__unknown_name__lists_the_known(tmp_path):
    deployment = Deployment(chain_id=1, block=0, contracts={}).with_coop("One", CORE, 1, default=True)
    with pytest.raises(DeploymentFileError, match="known: One"):
        deployment.coop("Two")
