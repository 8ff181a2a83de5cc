"""The maintainers' notebook command: each page's parameters cell is generated from data/, so
that papermill documents and sets every parameter the page reads (and nothing drifts)."""

import subprocess
import sys

import nbformat
import pytest
from papermill.translators import PythonTranslator

from analysis.pipeline import notebooks
from analysis.pipeline.build import notebooks_in_toc
from analysis.checking.data import PROJECT_DIR
from analysis.checking.footprint import ALL


def _cell(nb: str):
    return notebooks.parameters_cell(nbformat.read(PROJECT_DIR / nb, as_version=4))


@pytest.mark.parametrize("nb", notebooks_in_toc())
def test_every_parameters_cell_is_what_generation_gives(registry, nb):
    """Values, labels, units and ranges as data/ has them now; the names are those the page read
    when it last ran (tests/test_build.py checks them against a real build's record). If this
    fails, run: python -m analysis notebooks"""
    cell = _cell(nb)
    declared = notebooks.declared_parameters(cell.source)
    assert set(declared) <= set(registry.parameters), f"{nb} declares parameters data/ no longer has"
    assert cell.source == notebooks.parameters_source(registry, declared), nb
    assert {"parameters", "remove-cell"} <= set(cell.metadata["tags"])


@pytest.mark.parametrize("nb", notebooks_in_toc())
def test_papermill_reads_every_declared_parameter_with_its_help(registry, nb):
    inferred = {p.name: p for p in PythonTranslator.inspect(_cell(nb))}
    declared = notebooks.declared_parameters(_cell(nb).source)
    assert list(inferred) == [*declared, "overrides"]
    for name in declared:
        p, got = registry.parameters[name], inferred[name]
        assert float(got.default) == p.value and got.inferred_type_name == ("int" if p.whole else "float")
        assert got.help.endswith(f"; {p.allowed_text()}") and p.unit in got.help


def test_a_page_that_read_everything_declares_everything(registry):
    source = notebooks.parameters_source(registry, [ALL])
    assert notebooks.declared_parameters(source) == list(registry.parameters)


def test_a_label_with_an_equals_sign_stays_readable_by_papermill(registry):
    import dataclasses

    p = dataclasses.replace(registry.parameters["flop_per_param_token"], label="compute per token (k in C = k N D)")
    line = notebooks.parameter_line(p)
    assert line.count("=") == 1  # papermill skips a line with two
    (got,) = PythonTranslator.inspect({"source": line})
    assert got.name == p.name and "k in C" in got.help


def test_help_notebook_documents_the_energy_page():
    out = subprocess.run([sys.executable, "-m", "papermill", "--help-notebook", "notebooks/04_energy.ipynb"],
                         cwd=PROJECT_DIR, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "household_kwh_de: float (default 3084.0)" in out.stdout
    assert "the electricity a German household uses in a year; a number in [100, 50000] (kWh/yr)" in out.stdout
    assert "overrides: dict (default {})" in out.stdout


def test_the_command_refuses_a_file_that_is_not_a_page(tmp_path):
    mine = tmp_path / "thesis.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), mine)
    before = mine.read_bytes()
    out = subprocess.run([sys.executable, "-m", "analysis", "notebooks", str(mine)],
                         cwd=PROJECT_DIR, capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and mine.read_bytes() == before
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "is not a page of this book" in lines[0] and str(mine) in lines[0]
