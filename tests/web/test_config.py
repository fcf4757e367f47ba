"""The service's configuration: without HARVEST_DEPLOYMENT it finds the file
`ape run deploy` wrote for the node's chain (`<network>-<chain key>.json`),
and keeps its default database per chain."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontend.config import Config, ConfigError, find_deployment
from harvest_coop.core.deployment import chain_key, deployment_path
from harvest_coop.testing.anvil import free_port

GENESIS = "0x" + "ab" * 32
KEY = chain_key(1337, GENESIS)


def test_for_chain__finds_the_chain_keyed_file_and_a_per_chain_database(tmp_path: Path) -> None:
    written = deployment_path(tmp_path / "deployments", "local", KEY)
    written.parent.mkdir()
    written.write_text("{}")
    deployment_path(tmp_path / "deployments", "local", chain_key(1337, "0x" + "cd" * 32)).write_text("{}")
    config = Config.from_env(
        {
            "HARVEST_DEPLOYMENTS_DIR": str(tmp_path / "deployments"),
            "HARVEST_OFFERS_DIR": str(tmp_path / "state"),
        }
    )
    assert config.deployment_file is None and config.database_url is None
    resolved = config.for_chain(1337, GENESIS)
    assert resolved.deployment == written
    assert resolved.database == f"sqlite:///{tmp_path / 'state' / KEY / 'index.db'}"


def test_for_chain__keeps_what_was_configured(tmp_path: Path) -> None:
    config = Config.from_env(
        {"HARVEST_DEPLOYMENT": str(tmp_path / "x.json"), "HARVEST_DATABASE_URL": "sqlite://"}
    )
    assert config.resolved() is config  # nothing to ask the node
    assert config.for_chain(1, GENESIS).deployment == tmp_path / "x.json"
    assert config.database == "sqlite://"


def test_find_deployment__network_name_none_or_several(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="deploy first"):
        find_deployment(tmp_path, KEY)
    for network in ("local", "sepolia"):
        deployment_path(tmp_path, network, KEY).write_text("{}")
    with pytest.raises(ConfigError, match="HARVEST_NETWORK"):
        find_deployment(tmp_path, KEY)
    assert find_deployment(tmp_path, KEY, "sepolia") == tmp_path / f"sepolia-{KEY}.json"


def test_resolved__a_node_that_does_not_answer_is_one_clear_sentence() -> None:
    config = Config(rpc_url=f"http://127.0.0.1:{free_port()}", rpc_timeout=2.0)
    with pytest.raises(ConfigError, match="does not answer"):
        config.resolved()
    with pytest.raises(ConfigError, match="not resolved"):
        _ = config.deployment
