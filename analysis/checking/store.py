"""A memo on disk for results that depend only on the code, the data and the given key.

The build turns it on in its kernels (:func:`use`, with the digest of ``analysis/``, ``data/``
and the requirements); elsewhere (``python -m analysis notebooks``, the tests) :func:`cached`
simply computes. Entries are pickles written atomically, named by a hash of the digest and key.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
_STORE: tuple[Path, str] | None = None


def use(folder: str, inputs_digest: str) -> None:
    """Keep results in ``folder``, valid while ``inputs_digest`` (code and data) is the same."""
    global _STORE
    _STORE = (Path(folder), inputs_digest)


def cached(key: Any, compute: Callable[[], T]) -> T:
    """``compute()``, or its stored result for the same code, data and ``key`` (JSON-able)."""
    if _STORE is None:
        return compute()
    folder, inputs = _STORE
    text = json.dumps([inputs, key], sort_keys=True, default=str)
    path = folder / f"{hashlib.sha256(text.encode()).hexdigest()[:32]}.pickle"
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError):
        value = compute()
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
        return value
