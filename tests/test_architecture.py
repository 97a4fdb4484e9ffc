"""The architecture as a checked contract.

pyproject.toml's `[tool.importlinter]` contracts say how the package is layered (application >
pipeline > dimensions > dates > text stages > rule engine > models, the dimensions independent of
one another) and that no folder has an import cycle. A sideways import (`summary` reaching into
`inspection`) or a cycle (`contacts.extract` <-> `contacts.tables`) fails here, with the import
named in the report.
"""
from __future__ import annotations

import pytest

from conftest import ROOT

importlinter = pytest.importorskip("importlinter.cli", reason="import-linter is a test dependency")


def test_import_contracts_hold(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    status = importlinter.lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert status == 0, report
    assert "0 broken" in report and "2 kept" in report


def test_a_sideways_import_breaks_the_contracts(tmp_path, capsys, monkeypatch):
    """The contracts can fail: a copy of the package where `summary` imports `inspection` (a
    dimension importing another) and `contacts.tables` imports `contacts.extract` (a cycle)."""
    import shutil
    import sys

    pkg = tmp_path / "notice_parse"
    shutil.copytree(ROOT / "src" / "notice_parse", pkg, ignore=shutil.ignore_patterns("__pycache__"))
    with open(pkg / "summary" / "extract.py", "a", encoding="utf-8") as f:
        f.write("\nfrom ..inspection import extract as _sideways  # noqa\n")
    with open(pkg / "contacts" / "tables.py", "a", encoding="utf-8") as f:
        f.write("\nfrom . import extract as _cycle  # noqa\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [m for m in sys.modules if m == "notice_parse" or m.startswith("notice_parse.")]:
        monkeypatch.delitem(sys.modules, name)
    status = importlinter.lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert status == 1
    assert "notice_parse.summary.extract -> notice_parse.inspection.extract" in report
    assert ".tables -> .extract" in report
