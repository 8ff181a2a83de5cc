"""One execution, two editions: a notebook cell's output in every language of the book.

A page's code runs once; each output is written in every edition (:data:`EDITIONS`) from the same
numbers. :func:`show` calls its function once per edition, inside
:func:`analysis.text.catalogs.edition`, and displays one output whose ``text/html`` (or
``text/markdown``) is the English one and whose :data:`MIME` entry holds the others. The build
writes the English book from the first and the German book, in ``de/``, from the second
(:func:`for_edition`), so a verdict or figure can never differ between them.
"""

from __future__ import annotations

import copy
from typing import Any, Callable

from ..text.catalogs import EDITIONS, edition

MIME = "application/vnd.factcheck.editions+json"  # {"de": {"text/html": ...}}


class Editions:
    """An output in every edition (``bundles``: language -> MIME bundle)."""

    def __init__(self, bundles: dict[str, dict[str, str]]) -> None:
        self.bundles = bundles

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        first, *others = EDITIONS
        return {**self.bundles[first], MIME: {lang: self.bundles[lang] for lang in others}}


def bundle(out: Any, markdown: bool = False) -> dict[str, str]:
    """One edition's output as a MIME bundle: HTML text, Markdown text, or an Altair chart."""
    import altair as alt

    if isinstance(out, alt.TopLevelMixin):  # an Altair chart, drawn by the offline renderer
        from .charts import _offline_html

        return {**_offline_html(out.to_dict()), "text/plain": "<chart>"}
    if markdown:
        return {"text/markdown": str(out), "text/plain": str(out)}
    return {"text/html": str(out), "text/plain": "<HTML>"}


def render(fn: Callable[[], Any], markdown: bool = False) -> Editions:
    """``fn()`` in every edition, as one output."""
    out = {}
    for lang in EDITIONS:
        with edition(lang):
            out[lang] = bundle(fn(), markdown)
    return Editions(out)


def show(fn: Callable[[], Any], markdown: bool = False) -> None:
    """Display ``fn()`` (HTML, a chart, or Markdown text) in every edition:
    ``show(lambda: pages.claim_html(run, "A-ENE-02"))``."""
    from IPython.display import display

    display(render(fn, markdown))


def show_each(fn: Callable[[], list[Any]]) -> None:
    """Display each item of ``fn()`` (a list of the same length in every edition) as one output."""
    from IPython.display import display

    items = {}
    for lang in EDITIONS:
        with edition(lang):
            items[lang] = [bundle(x) for x in fn()]
    for k in range(len(items[EDITIONS[0]])):
        display(Editions({lang: items[lang][k] for lang in EDITIONS}))


def for_edition(nb: dict[str, Any], lang: str) -> dict[str, Any]:
    """A copy of an executed notebook with the outputs of ``lang`` (the extra editions dropped)."""
    out = copy.deepcopy(nb)
    for cell in out.get("cells", []):
        for o in cell.get("outputs", []):
            data = o.get("data")
            if not data or MIME not in data:
                continue
            others = data.pop(MIME)
            if lang != EDITIONS[0]:
                chosen = others[lang]
                for key in [k for k in data if k.startswith("text/")]:
                    del data[key]
                data.update(chosen)
    return out
