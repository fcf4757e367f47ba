"""The package's layers import one way: core imports neither Ape nor web3;
the web3 layer never imports Ape; the Ape layer never imports the web3
layer; nothing in the package imports scripts, tests or the benchmark."""

import ast
import subprocess
import sys
from pathlib import Path

import harvest_coop

PACKAGE = Path(harvest_coop.__file__).resolve().parent


def _imports(layer: str) -> dict[str, set[str]]:
    out = {}
    for path in (PACKAGE / layer).rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
        out[str(path.relative_to(PACKAGE))] = names
    return out


def _offenders(layer: str, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{file} imports {name}"
        for file, names in _imports(layer).items()
        for name in names
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    ]


def test_layers__core__imports_neither_ape_nor_web3():
    assert (
        _offenders("core", ("ape", "web3", "boa", "harvest_coop.ape_layer", "harvest_coop.web3_layer")) == []
    )


def test_layers__web3_layer__never_imports_ape():
    assert _offenders("web3_layer", ("ape", "harvest_coop.ape_layer", "harvest_coop.testing")) == []


def test_layers__ape_layer__never_imports_the_web3_layer():
    assert _offenders("ape_layer", ("web3", "harvest_coop.web3_layer", "harvest_coop.testing")) == []


def test_layers__nothing__imports_scripts_tests_or_benchmarks():
    for layer in ("core", "web3_layer", "ape_layer", "testing"):
        assert _offenders(layer, ("scripts", "tests", "benchmarks")) == []


def test_layers__importing_core__loads_neither_ape_nor_web3():
    code = (
        "import sys, harvest_coop.core.offers, harvest_coop.core.offer_book, harvest_coop.core.events, "
        "harvest_coop.core.deployment, harvest_coop.core.abi, harvest_coop.core.proposals; "
        "print(sorted(m for m in ('ape', 'web3', 'boa', 'vyper') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
