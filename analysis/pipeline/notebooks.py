"""Re-execute the notebooks in place with the default parameters (for maintainers).

The stored outputs are what ``pytest --nbval`` compares a fresh run against, so they must be
refreshed after a change to data or code: ``python -m analysis notebooks``.
"""

from __future__ import annotations

import sys
import time
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from .build import notebooks_in_toc
from ..checking.data import PROJECT_DIR


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


CLAIMS_HEADING = "## The claims, one by one"
CLAIMS_INTRO = ("Each claim below gives the verdict, the German quote with an English rendering, the "
                "reason, the assumption the verdict hinges on, and the three checks with their sources.")


def claim_heading(claim_id: str, topic: str) -> str:
    """The markdown of a claim's heading: a MyST label (the anchor other pages link to), an h3
    with the id and the topic (the page's contents list it), and an index entry for the id, so
    that the search box finds "P-CMP-05" as a whole (Sphinx's word index drops "05")."""
    from ..checking.report import anchor

    return f"({anchor(claim_id)})=\n### {claim_id}: {topic}\n\n```{{index}} !{claim_id}\n```"


def claim_cells(registry: Any, family: str) -> list[Any]:
    """The cells of a family page's claims section, in registry order: a heading per claim and
    a cell that shows its discussion (input removed from the page)."""
    from nbformat.v4 import new_code_cell, new_markdown_cell

    from ..checking.report import ordered_claims

    cells = [new_markdown_cell(f"{CLAIMS_HEADING}\n\n{CLAIMS_INTRO}")]
    for claim in ordered_claims(registry):
        if claim.family != family:
            continue
        cells.append(new_markdown_cell(claim_heading(claim.id, claim.topic)))
        code = new_code_cell(f'display(HTML(pages.claim_html(run, "{claim.id}")))')
        code.metadata["tags"] = ["remove-input"]
        cells.append(code)
    return cells
