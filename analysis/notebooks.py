"""Re-execute the notebooks in place with the default parameters (for maintainers).

The stored outputs are what ``pytest --nbval`` compares a fresh run against, so they must be
refreshed after a change to data or code: ``python -m analysis notebooks``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from .build import notebooks_in_toc
from .data import PROJECT_DIR


def refresh(paths: list[str] | None = None) -> int:
    for rel in paths or notebooks_in_toc():
        path = PROJECT_DIR / rel
        start = time.perf_counter()
        nb = nbformat.read(path, as_version=4)
        try:
            NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                           resources={"metadata": {"path": str(path.parent)}}).execute()
        except CellExecutionError as exc:
            last = str(exc).strip().splitlines()[-1] if str(exc).strip() else "cell failed"
            print(f"error: {rel}: {last}; the stored notebook is left as it was", file=sys.stderr)
            return 1
        nb.metadata.pop("widgets", None)
        nbformat.write(nb, path)
        print(f"  {rel}  {time.perf_counter() - start:.1f} s", flush=True)
    return 0
