"""Rewrite the generated blocks of CHANGELOG.md from ``python -m analysis diff``.

    python tools/changelog.py            # rewrite the blocks
    python tools/changelog.py --check    # exit 1 if a block is not what diff prints now

A block is the fenced ``text`` block after a marker ``<!-- diff OLD NEW -->``; OLD and NEW are
commits of this repository, or ``.`` for this checkout. A commit's claims are what its own
``python -m analysis verdicts --format json`` prints, run on ``git archive`` of that commit in a
temporary folder; ``.`` is this checkout's. The block is this checkout's
``python -m analysis diff claims-OLD.json claims-NEW.json`` run in that folder (``.`` is named
``claims-<version in pyproject.toml>.json``), so no number in it is typed by hand.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHANGELOG = ROOT / "CHANGELOG.md"
BLOCK = re.compile(r"(<!-- diff (\S+) (\S+) -->\n```text\n)(.*?)(^```$)", re.S | re.M)


def refresh(text: str, diff_of: Callable[[str, str], str]) -> str:
    """``text`` with each marked block replaced by ``diff_of(OLD, NEW)``."""
    return BLOCK.sub(lambda m: m[1] + diff_of(m[2], m[3]).rstrip("\n") + "\n" + m[5], text)


def _analysis(src: Path, cwd: Path, *args: str) -> str:
    """``python -m analysis ARGS`` with the ``analysis`` package of ``src``."""
    out = subprocess.run([sys.executable, "-m", "analysis", *args], cwd=cwd, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(src)})
    if out.returncode:
        sys.exit(f"error: {src}: python -m analysis {' '.join(args)}: {out.stderr.strip()[-300:]}")
    return out.stdout


def _source(rev: str, tmp: Path) -> Path:
    """This checkout for ``.``, else the files of commit ``rev`` unpacked under ``tmp``."""
    if rev == ".":
        return ROOT
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], capture_output=True)
    if archive.returncode:
        sys.exit(f"error: git archive {rev}: {archive.stderr.decode().strip()}")
    dest = tmp / f"src-{rev}"
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def claims_file(rev: str, tmp: Path) -> str:
    """Write the claims of ``rev`` to ``tmp`` (once) and return the file's name."""
    if rev == ".":
        with open(ROOT / "pyproject.toml", "rb") as fh:
            name = f"claims-{tomllib.load(fh)['project']['version']}.json"
    else:
        name = f"claims-{rev}.json"
    if not (tmp / name).exists():
        src = _source(rev, tmp)
        (tmp / name).write_text(_analysis(src, src, "verdicts", "--format", "json"), encoding="utf-8")
    return name


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only say whether CHANGELOG.md is current")
    args = ap.parse_args()
    text = CHANGELOG.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        new = refresh(text, lambda old, now: _analysis(ROOT, tmp, "diff", claims_file(old, tmp),
                                                      claims_file(now, tmp)))
    if args.check:
        if new != text:
            print("CHANGELOG.md is out of date: run python tools/changelog.py", file=sys.stderr)
            return 1
        return 0
    CHANGELOG.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
