"""Load one of the repository's `scripts/*.py` as a module (as `ape run`
does), for tests of the commands' click layer."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

__all__ = ["SCRIPTS", "load_script"]

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def load_script(name: str) -> ModuleType:
    """scripts/<name>.py as a module named `harvest_coop_scripts.<name>`."""
    path = SCRIPTS / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"harvest_coop_scripts.{name}", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"no script {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
