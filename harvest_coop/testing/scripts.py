"""The repository's `scripts/*.py` in tests: loaded as a module (as `ape run`
does) for tests of the commands' click layer, or run as a person types them
with `script_env`."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

__all__ = ["ROOT", "SCRIPTS", "load_script", "script_env"]

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"


def script_env(tmp: Path) -> dict[str, str]:
    """The environment of a command run in a subprocess, with its deployment
    files and saved offers under `tmp` instead of the repository's."""
    env = dict(os.environ)
    env.setdefault("APE_DATA_FOLDER", str(ROOT / ".ape"))
    env["HARVEST_DEPLOYMENTS_DIR"] = str(tmp / "deployments")
    env["HARVEST_OFFERS_DIR"] = str(tmp / "state")
    return env


def load_script(name: str) -> ModuleType:
    """scripts/<name>.py as a module named `harvest_coop_scripts.<name>`."""
    path = SCRIPTS / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"harvest_coop_scripts.{name}", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"no script {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
