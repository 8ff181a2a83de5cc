"""The pages of each edition, made from one executed notebook.

A page executes once (:mod:`analysis.book.editions` puts every edition's output in each cell).
Its edition in another language takes that language's outputs and that language's narrative:
the Markdown cells of ``<page folder>/<lang>/<page>.md``, one per English Markdown cell, in
order, separated by lines holding only ``+++``. The cells a build generates (each claim's heading,
the claims section's opening) are generated again in the language, from its claim topics.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..book.editions import for_edition
from ..checking.data import Registry
from ..text.catalogs import EDITIONS, message
from ..text.local import topic

SEPARATOR = "\n+++\n"


class EditionError(ValueError):
    """A page's narrative in another language does not match the English page."""


def claim_heading(claim_id: str, title: str) -> str:
    """The markdown of a claim's heading: a MyST label (the anchor other pages link to), an h3
    with the id and the topic (the page's contents list it), and an index entry for the id, so
    that the search box finds "P-CMP-05" as a whole (Sphinx's word index drops "05")."""
    from ..checking.report import anchor

    return f"({anchor(claim_id)})=\n### {claim_id}: {title}\n\n```{{index}} !{claim_id}\n```"


def claims_intro(lang: str) -> str:
    """The opening of a family page's claims section."""
    return f"{message('nb.claims_heading', lang)}\n\n{message('nb.claims_intro', lang)}"


def generated(source: str) -> str | None:
    """``claim`` (a claim's heading), ``intro`` (the claims section's opening) or None (narrative)."""
    if source.startswith("(claim-"):
        return "claim"
    if source.startswith(message("nb.claims_heading", "en")):
        return "intro"
    return None


def narrative_path(page: Path, lang: str) -> Path:
    return page.parent / lang / f"{page.stem}.md"


def narrative(page: Path, lang: str) -> list[str]:
    """The Markdown cells of a page's narrative in ``lang``."""
    path = narrative_path(page, lang)
    if not path.is_file():
        raise EditionError(f"{path}: missing (the {lang} narrative of {page.name})")
    return [c.strip("\n") for c in path.read_text(encoding="utf-8").split(SEPARATOR)]


def edition_notebook(executed: bytes, page: Path, lang: str, reg: Registry) -> bytes:
    """The executed notebook ``executed`` (of ``page``) as its edition in ``lang``."""
    nb = for_edition(json.loads(executed.decode("utf-8")), lang)
    if lang != EDITIONS[0]:
        texts = iter(narrative(page, lang))
        count = 0
        for cell in nb["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            kind = generated(source)
            if kind == "claim":
                cid = source.split("### ", 1)[1].split(":", 1)[0]
                cell["source"] = claim_heading(cid, topic(reg, reg.claims[cid], lang))
            elif kind == "intro":
                cell["source"] = claims_intro(lang)
            else:
                count += 1
                cell["source"] = next(texts, None)
                if cell["source"] is None:
                    raise EditionError(f"{narrative_path(page, lang)}: fewer cells than the {count} narrative cells of {page.name}")
        if next(texts, None) is not None:
            raise EditionError(f"{narrative_path(page, lang)}: more cells than the {count} narrative cells of {page.name}")
        nb.setdefault("metadata", {})["language"] = lang
    return (json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
