"""Content-addressed cache of executed notebooks, and what the build compares to skip work.

A notebook's executed copy is reused only when all of these are unchanged:

- its own source (bytes);
- everything it can depend on besides parameters: every file under ``analysis/`` and ``data/``,
  ``requirements.txt``, ``pyproject.toml``, the Python version, and this cache's format
  (:func:`inputs_digest`); Jupyter Book's own cache ignores these (jupyter-book#1633);
- each parameter the notebook read when it ran (value, interval and distribution), as
  recorded by :mod:`analysis.checking.footprint`; a notebook that read the whole parameter set is
  reused only under exactly the same parameters.

Entries live in ``_build/cache/notebooks/<key>/``; each is written atomically, so a killed
build cannot leave a half-written entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..checking import footprint

FORMAT = "2"  # bump when execution or normalisation changes what a cached notebook holds
INPUT_TREES = ("analysis", "data")
INPUT_FILES = ("requirements.txt", "pyproject.toml")
ENTRIES_PER_NOTEBOOK = 8


def _files(root: Path, tree: str) -> list[Path]:
    base = root / tree
    return sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                  and not p.name.endswith((".pyc", ".egg-info")))


def _digest(parts: Iterable[bytes]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


def inputs_digest(root: Path) -> str:
    """One hash of the code, the data, the pinned requirements and the interpreter."""
    parts: list[bytes] = [FORMAT.encode(), sys.version.encode()]
    paths = [p for tree in INPUT_TREES for p in _files(root, tree)]
    paths += [root / f for f in INPUT_FILES if (root / f).is_file()]
    for p in paths:
        parts += [str(p.relative_to(root)).encode(), p.read_bytes()]
    return _digest(parts)


def param_state(p: Any) -> list[Any]:
    """What of a parameter can change a page: its value, interval and distribution."""
    return [p.value, p.low, p.high, p.dist]


def params_digest(params: dict[str, Any]) -> str:
    return _digest([json.dumps([[n, *param_state(p)] for n, p in sorted(dict.items(params))]).encode()])


def notebook_key(path: Path, inputs: str) -> str:
    return _digest([inputs.encode(), path.read_bytes()])


def book_key(root: Path, inputs: str, notebooks: list[str], params: dict[str, Any], out: Path,
             release: Any = None) -> str:
    """Everything a whole build depends on: if this matches the published book's, skip it
    (the release's version and date are written into every page)."""
    parts = [inputs.encode(), params_digest(params).encode(), str(out).encode(), repr(release).encode()]
    for name in ("_config.yml", "_toc.yml"):
        parts.append((root / name).read_bytes())
    for tree in ("book", "notebooks/de"):  # the pages' files and the narratives of other editions
        for p in _files(root, tree):
            parts += [str(p.relative_to(root)).encode(), p.read_bytes()]
    for nb in notebooks:
        parts += [nb.encode(), (root / nb).read_bytes()]
    return _digest(parts)


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Cache:
    """``_build/cache``: executed notebooks, the vega bundle, and the published book's key."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _published_file(self) -> Path:
        return self.root / "published.json"

    def published(self, out: Path) -> str | None:
        try:
            return json.loads(self._published_file().read_text()).get(str(out))
        except (OSError, ValueError):
            return None

    def set_published(self, out: Path, key: str) -> None:
        try:
            table = json.loads(self._published_file().read_text())
        except (OSError, ValueError):
            table = {}
        table[str(out)] = key
        write_atomic(self._published_file(), json.dumps(table, indent=1, sort_keys=True).encode())

    def notebook(self, key: str, params: dict[str, Any]) -> tuple[bytes, list[str]] | None:
        """The cached executed notebook whose recorded parameter reads match ``params``, and
        those reads."""
        folder = self.root / "notebooks" / key
        for entry in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            try:
                meta = json.loads(entry.read_text(encoding="utf-8"))
                if _matches(meta, params):
                    data = entry.with_suffix(".ipynb").read_bytes()
                    os.utime(entry)  # most recently used
                    return data, list(meta.get("reads", [footprint.ALL]))
            except (OSError, ValueError):
                continue
        return None

    def store_notebook(self, key: str, reads: list[str], data: bytes, params: dict[str, Any]) -> None:
        """Keep an executed notebook with the parameters it read (their state now)."""
        state = ({"all": params_digest(params)} if footprint.ALL in reads else
                 {n: param_state(dict.__getitem__(params, n)) for n in reads if n in params})
        folder = self.root / "notebooks" / key
        name = _digest([json.dumps(state, sort_keys=True).encode()])[:24]
        write_atomic(folder / f"{name}.ipynb", data)
        write_atomic(folder / f"{name}.json", json.dumps({"reads": reads, "state": state}).encode())
        entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[ENTRIES_PER_NOTEBOOK:]:
            old.unlink(missing_ok=True)
            old.with_suffix(".ipynb").unlink(missing_ok=True)


def _matches(meta: dict[str, Any], params: dict[str, Any]) -> bool:
    state = meta.get("state", {})
    if footprint.ALL in meta.get("reads", [footprint.ALL]):
        return state.get("all") == params_digest(params)
    for name in meta["reads"]:
        if name in params:
            if state.get(name) != param_state(dict.__getitem__(params, name)):
                return False
        elif name in state:  # read a parameter that no longer exists
            return False
    return True


def book_sources(root: Path, names: Iterable[str]) -> dict[str, bytes]:
    """The files Jupyter Book reads, by path relative to the project."""
    out: dict[str, bytes] = {}
    for name in names:
        p = root / name
        for f in (_files(root, name) if p.is_dir() else [p]):
            out[str(f.relative_to(root))] = f.read_bytes()
    return out


def sync_tree(folder: Path, files: dict[str, bytes], keep: set[str]) -> int:
    """Make ``folder`` hold exactly ``files`` (plus the top-level names in ``keep``), writing
    only files whose bytes differ, so that Sphinx re-reads only what changed. Returns the
    number of files written or removed."""
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for rel, data in files.items():
        p = folder / rel
        if not (p.is_file() and p.read_bytes() == data):
            write_atomic(p, data)
            n += 1
    for p in sorted(folder.rglob("*"), reverse=True):
        rel = p.relative_to(folder)
        if rel.parts[0] in keep:
            continue
        if p.is_file() and str(rel) not in files:
            p.unlink()
            n += 1
        elif p.is_dir() and not any(p.iterdir()):
            p.rmdir()
    return n
