"""The bibliography, generated from the one source registry (``data/sources/*.yaml``).

- :func:`bibtex` gives ``references.bib``: one ``@misc`` entry per source that was found, keyed
  by the source id. Each keeps the locators of the figures taken from it (``locators``), the
  access date (``urldate``) and, when the text was read through a copy, where
  (``readvia``). The build
  writes it at build time; sphinxcontrib-bibtex renders it on the sources page.
- :func:`label` is the author-year label the family pages cite a source by ("Meta 2024"); it is
  made from the same fields as the entry, so the two cannot disagree.
- :func:`anchor` is the id of the source's entry in the rendered bibliography
  (``bibtex_cite_id = "cite-{key}"`` in ``_config.yml``).
- :func:`report_entry` is the BibTeX of the report itself.

Sources searched for and not found have no entry; the sources page lists them apart.
"""

from __future__ import annotations

import re

from ..checking.data import Registry, Source
from .release import BASE_URL, Release

_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "#": r"\#",
            "_": r"\_", "$": r"\$", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _SPECIAL))


def escape(text: str) -> str:
    """Text for a BibTeX field: LaTeX's special characters escaped, whitespace folded."""
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group(0)], " ".join(str(text).split()))


def year(src: Source) -> str:
    return src.published[:4] if src.published and src.published[:4].isdigit() else "n.d."


def author(src: Source) -> str:
    """The publisher as a corporate author (no person is recorded in the registry)."""
    return src.publisher or "Anonymous"


def label(src: Source, reg: Registry | None = None) -> str:
    """Author-year label: "Meta 2024"; with the registry, sources sharing author and year get
    "a", "b", ... in the order of their keys ("Meta 2024a"), so a label names one entry."""
    base = f"{author(src)} {year(src)}"
    if reg is not None:
        same = [s.id for s in found_sources(reg) if f"{author(s)} {year(s)}" == base]
        base = base if len(same) < 2 else base + "abcdefghijklmnopqrstuvwxyz"[same.index(src.id)]
    from ..text.catalogs import resolve
    from ..text.say import say

    return base if resolve() == "en" else base.replace(" n.d.", " " + say("bib.undated"))


def anchor(src: Source) -> str:
    """The HTML id of the source's bibliography entry (docutils' ``make_id`` of ``cite-<key>``)."""
    from docutils.nodes import make_id

    return make_id(f"cite-{src.id}")


def note(src: Source) -> str:
    """The note the rendered bibliography shows (the style prints the access date from
    ``urldate`` itself): whether a copy was read, and where to find which one."""
    from ..text.catalogs import resolve
    from ..text.say import say

    text = say("bib.copy") if src.read_via else ""
    if resolve() != "en" and src.accessed:  # the style's own "visited on" is English: said here instead
        import datetime as dt

        from ..text.wording import date_span

        try:
            day = dt.date.fromisoformat(str(src.accessed))
            text = f"{text} {say('bib.accessed', date=date_span(day, day))}".strip()
        except ValueError:
            pass
    return text


def entry(src: Source) -> str:
    """One ``@misc`` entry. ``locators`` (where each figure taken from the source stands) and
    ``readvia`` (the copy read) are fields of their own: kept for readers of the file, not
    typeset by the bibliography style (formatting long LaTeX notes for every entry on every
    build would cost half a second)."""
    # double braces: a corporate author is one name, and a title keeps its capitals
    fields = [("author", "{" + escape(author(src)) + "}"), ("title", "{" + escape(src.title) + "}"),
              ("year", year(src))]
    if src.published:
        fields.append(("date", src.published))
    if src.url:
        fields.append(("url", src.url.replace("{", "%7B").replace("}", "%7D")))
    from ..text.catalogs import resolve

    if src.accessed and resolve() == "en":
        fields.append(("urldate", src.accessed))
    locators = [f"{f.name}: {f.locator}" for f in src.figures if f.locator]
    if locators:
        fields.append(("locators", escape("; ".join(locators))))
    if src.read_via:
        fields.append(("readvia", escape(src.read_via)))
    fields.append(("note", escape(note(src))))
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields if v)
    return f"@misc{{{src.id},\n{body}\n}}\n"


def found_sources(reg: Registry) -> list[Source]:
    return sorted((s for s in reg.sources.values() if s.found), key=lambda s: s.id)


def bibtex(reg: Registry) -> str:
    """``references.bib``: every found source, sorted by key."""
    head = "% Generated from data/sources/*.yaml by analysis/bibliography.py; do not edit.\n\n"
    return head + "\n".join(entry(s) for s in found_sources(reg))


def report_entry(rel: Release) -> str:
    """The report itself, for ``report.bib``."""
    key = f"{rel.name}-{rel.version}".replace(".", "-")
    return (f"@misc{{{key},\n  author = {{{{{escape(rel.author)}}}}},\n  title = {{{{{escape(rel.title)}}}}},\n"
            f"  year = {{{rel.year}}},\n  date = {{{rel.date}}},\n  version = {{{rel.version}}},\n"
            f"  howpublished = {{Jupyter Book, version {rel.version}}},\n  url = {{{BASE_URL}}}\n}}\n")
