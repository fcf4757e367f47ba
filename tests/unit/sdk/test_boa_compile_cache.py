"""The property tests' compile cache (`harvest_coop.testing.boa.compiled`):
a cached contract is the compiler's own output, and any change to a source
it could read is a new key, never a stale hit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from vyper.compiler.output import build_abi_output

from harvest_coop.testing import boa as boa_testing


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of contracts/ with its own empty cache."""
    contracts = tmp_path / "contracts"
    shutil.copytree(boa_testing.CONTRACTS, contracts)
    monkeypatch.setattr(boa_testing, "CONTRACTS", contracts)
    monkeypatch.setattr(boa_testing, "COMPILE_CACHE", tmp_path / "cache")
    boa_testing.compiled.cache_clear()
    boa_testing._sources_fingerprint.cache_clear()
    yield contracts
    boa_testing.compiled.cache_clear()
    boa_testing._sources_fingerprint.cache_clear()


def test_compile_cache__a_loaded_contract_has_the_compilers_bytecode(sandbox: Path) -> None:
    fresh = boa_testing.compiled("CoopCredit")
    kept = list((sandbox.parent / "cache").rglob("CoopCredit.vy.pickle"))
    assert len(kept) == 1
    boa_testing.compiled.cache_clear()
    loaded = boa_testing.compiled("CoopCredit")
    assert loaded is not fresh
    assert loaded.compiler_data.bytecode == fresh.compiler_data.bytecode
    assert loaded.compiler_data.bytecode_runtime == fresh.compiler_data.bytecode_runtime
    assert build_abi_output(loaded.compiler_data) == build_abi_output(fresh.compiler_data)


@pytest.mark.parametrize("changed", ["CoopCredit.vy", "interfaces/IMembership.vyi", "test/TokenERC20.vy"])
def test_compile_cache__any_changed_source_is_a_new_key(sandbox: Path, changed: str) -> None:
    before = boa_testing._sources_fingerprint()
    path = sandbox / changed
    path.write_text(path.read_text() + "\n# changed\n")
    boa_testing._sources_fingerprint.cache_clear()
    assert boa_testing._sources_fingerprint() != before


def test_compile_cache__a_damaged_entry_is_compiled_again(sandbox: Path) -> None:
    first = boa_testing.compiled("CoopCredit")
    (entry,) = (sandbox.parent / "cache").rglob("CoopCredit.vy.pickle")
    entry.write_bytes(b"not a pickle")
    boa_testing.compiled.cache_clear()
    again = boa_testing.compiled("CoopCredit")
    assert again.compiler_data.bytecode == first.compiler_data.bytecode
    assert entry.read_bytes() != b"not a pickle"
