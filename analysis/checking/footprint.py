"""Which parameters a page read: the build's cache reuses a page only if none of them changed.

While a recorder is active (the build starts one in the kernel before each notebook), every
read of a parameter through :class:`TrackedParams` is noted by name, and every claim result a
page touches adds the parameters its checks refer to (``param:NAME`` in the claim's checks; a
claim's result depends on nothing else that parameters can change). Reading the whole mapping
(iterating it) notes ``ALL``. Anything not tracked errs on the side of "depends on everything",
never the other way, so a cached page can be stale only if a read bypasses this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

ALL = "*"
_PARAM_REF = re.compile(r"param:([A-Za-z0-9_]+)")
NOTE_FIELD = re.compile(r"\{([a-z0-9_]+)\}")  # a parameter a note's or lead's words name
RUN_FIELDS = ("ours", "low", "high", "stated")  # fields filled from the check's own result, not parameters
_reads: set[str] | None = None


def start() -> None:
    """Begin recording (forgets any earlier record)."""
    global _reads
    _reads = set()


def stop() -> list[str]:
    """End recording; the sorted names read, or ``[ALL]`` when the whole mapping was read."""
    global _reads
    reads, _reads = _reads or set(), None
    return [ALL] if ALL in reads else sorted(reads)


def note(names: Iterable[str]) -> None:
    if _reads is not None:
        _reads.update(names)


def note_all() -> None:
    note([ALL])


def claim_parameters(claim: Any) -> frozenset[str]:
    """Every parameter named anywhere in a claim's checks (``param:NAME`` references and the
    ``{NAME}`` fields of notes and leads)."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, str):
            found.update(_PARAM_REF.findall(node))
            found.update(n for n in NOTE_FIELD.findall(node) if n not in RUN_FIELDS)
        elif isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, (list, tuple)):
            for v in node:
                walk(v)

    walk(claim.checks)
    walk(getattr(claim, "lead", {}))
    return frozenset(found)


def note_claims(claims: Iterable[Any]) -> None:
    if _reads is not None:
        for c in claims:
            _reads.update(claim_parameters(c))


class TrackedParams(dict):
    """The parameters in force; reads are noted while a recorder is active."""

    def __getitem__(self, name: str) -> Any:
        note([name])
        return super().__getitem__(name)

    def get(self, name: str, default: Any = None) -> Any:
        note([name])
        return super().get(name, default)

    def __contains__(self, name: object) -> bool:
        note([str(name)])
        return super().__contains__(name)

    def __iter__(self) -> Iterator[str]:
        note_all()
        return super().__iter__()

    def keys(self):  # type: ignore[override]
        note_all()
        return super().keys()

    def values(self):  # type: ignore[override]
        note_all()
        return super().values()

    def items(self):  # type: ignore[override]
        note_all()
        return super().items()

    def __reduce__(self):  # pickles as itself, without noting a read
        return (TrackedParams, (dict(super().items()),))


class TrackedResults(list):
    """Claim results; touching the list notes every claim's parameters (``family`` and
    ``result`` on :class:`analysis.checking.report.Run` note only the claims they return)."""

    def __iter__(self):  # type: ignore[override]
        note_claims(r.claim for r in super().__iter__())
        return super().__iter__()

    def __getitem__(self, i):  # type: ignore[override]
        note_claims(r.claim for r in super().__iter__())
        return super().__getitem__(i)

    def quietly(self) -> Iterator[Any]:
        """Iterate without noting (the caller notes what it hands out)."""
        return super().__iter__()

    def __reduce__(self):
        return (TrackedResults, (list(super().__iter__()),))
