"""The release artefact: ``dist/<name>-<version>.tar.gz`` made from a published book.

Inside, under one folder ``<name>-<version>/``:

- the HTML book (open ``index.html``; it needs no network);
- ``downloads/``: the registry as CSV, JSON and JSON-LD, the BibTeX files and the parameters,
  the same files the book offers (taken from its ``_downloads``);
- ``parameters.yaml``: the parameters in force, as a file ``--params`` accepts;
- ``README.txt``: what this is, its version and date, and how to cite it.

The archive is byte-for-byte reproducible: sorted entries, the release date as every file's
time, no owner names, and a gzip header without a time stamp.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import tarfile
import tempfile
from pathlib import Path

import yaml

from . import publication
from .release import Release

MARKER = ".factcheck-book"  # in every book a build writes: which folder it may replace (not content)


def archive_path(dist: Path, rel: Release) -> Path:
    return dist / f"{rel.name}-{rel.version}.tar.gz"


def _epoch(rel: Release) -> int:
    import datetime as dt

    try:
        day = dt.date.fromisoformat(rel.date)
    except ValueError:
        return 0
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())


def book_downloads(html: Path) -> dict[str, bytes]:
    """The downloads a built book offers (Sphinx keeps them in ``_downloads/<hash>/``)."""
    found: dict[str, bytes] = {}
    for path in sorted((html / "_downloads").rglob("*")):
        if path.is_file():
            if path.name in found and found[path.name] != path.read_bytes():
                raise ValueError(f"two different downloads named {path.name}")
            found[path.name] = path.read_bytes()
    return found


def parameters_yaml(parameters_json: bytes) -> bytes:
    """The parameters in force (``parameters.json``) as a params file for ``--params``."""
    rows = json.loads(parameters_json)
    doc = {r["name"]: {"value": r["value"], "low": r["low"], "high": r["high"]} for r in rows}
    head = "# The parameters this book was built with: python -m analysis build --params parameters.yaml\n"
    return (head + yaml.safe_dump(doc, sort_keys=True, allow_unicode=True)).encode("utf-8")


def readme(rel: Release) -> bytes:
    return (f"{rel.title}\nversion {rel.version} ({rel.date})\n\n"
            "Open index.html in a browser (no network needed).\n"
            "downloads/: the claim registry (claims.csv, claims.json, claims.jsonld), BibTeX, parameters.\n"
            "parameters.yaml: the parameters in force (python -m analysis build --params parameters.yaml).\n\n"
            f"Cite as: {publication.report_citation(rel)}\n").encode("utf-8")


def members(html: Path, rel: Release) -> dict[str, bytes]:
    """Archive path (relative to its top folder) -> bytes."""
    files = {str(p.relative_to(html)): p.read_bytes() for p in sorted(html.rglob("*"))
             if p.is_file() and str(p.relative_to(html)) != MARKER}  # which folder a build may replace: not content
    downloads = book_downloads(html)
    files.update({f"downloads/{name}": data for name, data in downloads.items()})
    if "parameters.json" in downloads:
        files["parameters.yaml"] = parameters_yaml(downloads["parameters.json"])
    files["README.txt"] = readme(rel)
    return files


def archive_bytes(html: Path, rel: Release) -> tuple[bytes, int]:
    """The archive of a book, and how many files it holds."""
    top = f"{rel.name}-{rel.version}"
    files, mtime = members(html, rel), _epoch(rel)
    raw = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        with tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for name in sorted(files):
                info = tarfile.TarInfo(f"{top}/{name}")
                info.size, info.mtime, info.mode = len(files[name]), mtime, 0o644
                tar.addfile(info, io.BytesIO(files[name]))
    return raw.getvalue(), len(files)


def is_own_archive(path: Path, rel: Release) -> bool:
    """``path`` is an archive this project wrote for ``rel``'s version: a gzipped tar whose every
    entry lies in ``<name>-<version>/`` and which holds that folder's README.txt (so replacing it
    loses nothing the next build does not write again)."""
    top = f"{rel.name}-{rel.version}/"
    try:
        with tarfile.open(path, "r:gz") as tar:
            names = tar.getnames()
    except (OSError, EOFError, tarfile.TarError):
        return False
    return f"{top}README.txt" in names and all(n.startswith(top) for n in names)


def write_beside(data: bytes, target: Path) -> Path:
    """``data`` in a new file next to ``target`` (a unique name: nothing else is overwritten),
    readable as a file written in the usual way would be; returns its path."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".tar.gz", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_archive(html: Path, rel: Release, dist: Path) -> tuple[Path, int, int]:
    """Write the archive atomically; returns (path, bytes, number of files)."""
    data, count = archive_bytes(html, rel)
    target = archive_path(dist, rel)
    tmp = write_beside(data, target)
    try:
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target, len(data), count
