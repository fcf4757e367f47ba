"""Fifth review: the service's write paths (the offer book, the vote relay),
its stream and CORS, and its configuration from the environment. Each test
is one attack or one mistake an operator makes; a failing test was a hole.

The module's chain (tests/web/conftest.py) is its own: the federation test
at the end moves its clock by days, so it comes last.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import frontend.__main__ as service_main
import frontend.index.__main__ as index_main
from harvest_coop.testing.anvil import free_port

from .conftest import ROOT, Stack

# -- configuration: one clear line and a non-zero exit, never a traceback ---------------------


def _exit_line(monkeypatch: pytest.MonkeyPatch, main, env: dict[str, str]) -> str:  # type: ignore[no-untyped-def]
    """`main()` run with `env` (and no other HARVEST_* setting): it must stop
    with SystemExit and one line saying what is wrong."""
    for name in [n for n in os.environ if n.startswith("HARVEST_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    def started(*_args: object, **_kwargs: object) -> None:
        raise AssertionError(f"the service started with {env}")

    monkeypatch.setattr(service_main.uvicorn, "run", started)
    monkeypatch.setattr(index_main.Follower, "run", started)
    with pytest.raises(SystemExit) as stopped:
        main()
    message = str(stopped.value.code)
    assert stopped.value.code not in (0, None) and "\n" not in message, message
    return message


@pytest.fixture
def settled(chain: Stack, tmp_path: Path) -> dict[str, str]:
    """Settings that need no node to start: the module's deployment file and a
    SQLite file; a node nobody listens on."""
    return {
        "HARVEST_DEPLOYMENT": str(chain.seeded.deployment_file),
        "HARVEST_DATABASE_URL": f"sqlite:///{tmp_path / 'index.db'}",
        "HARVEST_RPC_URL": f"http://127.0.0.1:{free_port()}",
        "HARVEST_PORT": str(free_port()),
    }


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"HARVEST_PORT": "70000"}, "HARVEST_PORT"),
        ({"HARVEST_DATABASE_URL": "not a database url"}, "HARVEST_DATABASE_URL"),
        ({"HARVEST_DATABASE_URL": "mysql://db.example/coop"}, "HARVEST_DATABASE_URL"),
        ({"HARVEST_DATABASE_URL": "sqlite:////proc/no/such/dir/index.db"}, "HARVEST_DATABASE_URL"),
        ({"HARVEST_RPC_URL": "127.0.0.1:8545"}, "HARVEST_RPC_URL"),
        ({"HARVEST_PUBLIC_RPC_URL": "localhost:8545"}, "HARVEST_PUBLIC_RPC_URL"),
        ({"HARVEST_CORS_ORIGIN": "https://coop.example/"}, "HARVEST_CORS_ORIGIN"),
        ({"HARVEST_CORS_ORIGIN": "https://a.example, https://b.example"}, "HARVEST_CORS_ORIGIN"),
        ({"HARVEST_RELAYER_KEY": "0x" + "00" * 32}, "HARVEST_RELAYER_KEY"),
        ({"HARVEST_RELAYER_KEY": "0x" + "ff" * 32}, "HARVEST_RELAYER_KEY"),
    ],
)
def test_config__a_bad_setting_is_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, settled: dict[str, str], env: dict[str, str], says: str
) -> None:
    message = _exit_line(monkeypatch, service_main.main, {**settled, **env})
    assert says in message, message
    key = env.get("HARVEST_RELAYER_KEY")
    assert key is None or key[2:] not in message.lower()


def test_config__a_database_that_does_not_answer_is_one_line_without_its_password(
    monkeypatch: pytest.MonkeyPatch, settled: dict[str, str]
) -> None:
    url = f"postgresql://harvest:s3cret-pw@127.0.0.1:{free_port()}/coop"
    for main in (service_main.main, index_main.main):
        message = _exit_line(monkeypatch, main, {**settled, "HARVEST_DATABASE_URL": url})
        assert "HARVEST_DATABASE_URL" in message and "s3cret-pw" not in message, message


def test_config__the_indexer_alone__bad_deployment_or_database_is_one_line(
    monkeypatch: pytest.MonkeyPatch, settled: dict[str, str], tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere.json"
    message = _exit_line(monkeypatch, index_main.main, {**settled, "HARVEST_DEPLOYMENT": str(missing)})
    assert str(missing) in message
    message = _exit_line(monkeypatch, index_main.main, {**settled, "HARVEST_DATABASE_URL": "nonsense"})
    assert "HARVEST_DATABASE_URL" in message


def test_config__python_m_frontend_with_a_bad_port__no_traceback(settled: dict[str, str]) -> None:
    """As an operator types it: the real process, its real output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HARVEST_")}
    result = subprocess.run(
        [sys.executable, "-m", "frontend"],
        cwd=ROOT,
        env={**env, **settled, "HARVEST_PORT": "99999"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output, output
    assert "HARVEST_PORT" in output.strip().splitlines()[-1], output
