"""CITATION.cff validates with cffconvert and names the version pyproject.toml gives."""

import subprocess
import sys

import yaml

from analysis.book import release
from analysis.checking.data import PROJECT_DIR

TOOLS = PROJECT_DIR / ".venv-tools"
CFFCONVERT = TOOLS / "bin" / "cffconvert"


def _cffconvert() -> str:
    """cffconvert 2.0.0 in a venv of its own (it pins jsonschema<4, which Jupyter cannot use);
    made once, from the package index."""
    if not CFFCONVERT.exists():
        subprocess.run([sys.executable, "-m", "venv", str(TOOLS)], check=True)
        subprocess.run([str(TOOLS / "bin" / "python"), "-m", "pip", "install", "-q", "cffconvert==2.0.0"], check=True)
    return str(CFFCONVERT)


def test_citation_cff_validates():
    out = subprocess.run([_cffconvert(), "--validate", "-i", str(PROJECT_DIR / "CITATION.cff")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "valid" in (out.stdout + out.stderr).lower()


def test_citation_cff_names_this_version():
    cff = yaml.safe_load((PROJECT_DIR / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["version"] == release.version()
    assert cff["title"] == release.current().title and cff["url"] == release.BASE_URL
