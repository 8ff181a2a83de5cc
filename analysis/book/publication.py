"""What others cite and machines read: schema.org ClaimReview records and suggested citations.

Everything here is built from a claim's public record (:func:`analysis.checking.report.record`, the same
record ``verdicts --format json`` prints), the document it comes from (``data/seeds.yaml``) and
the release (:mod:`analysis.book.release`), so the page, the JSON-LD and the CLI cannot disagree.

Notebook output must not depend on the release (a new commit would invalidate every cached page),
so a claim's citation line carries placeholders (:data:`MARKS`) that the build fills in when it
writes the HTML (:func:`fill_release`).
"""

from __future__ import annotations

import json
from typing import Any

from ..checking.data import Registry, Seed
from ..text.catalogs import EDITIONS, catalog, resolve
from ..text.say import say
from .release import BASE_URL, Release

CONTEXT = "https://schema.org"
MARKS = {key: f"%%REPORT-{key.upper()}%%" for key in ("version", "date", "year", "title", "author", "day")}


def rating(verdict: str, reg: Registry) -> dict[str, Any]:
    """The ``reviewRating`` of a verdict on the documented 1-5 scale (``data/method.yaml``)."""
    scale = reg.method["rating_scale"]
    return {"@type": "Rating", "ratingValue": int(scale["values"][verdict]),
            "bestRating": int(scale["best"]), "worstRating": int(scale["worst"]),
            "alternateName": verdict if resolve() == EDITIONS[0] else catalog()["verdicts"][verdict]}


def _person(name: str, affiliation: str | None) -> dict[str, Any]:
    person: dict[str, Any] = {"@type": "Person", "name": name}
    if affiliation:
        person["affiliation"] = {"@type": "Organization", "name": affiliation}
    return person


def appearance(seed: Seed) -> dict[str, Any]:
    """The document the claim appears in, as a schema.org CreativeWork (its authors are the
    claim's, given once on the Claim)."""
    return {"@type": "CreativeWork", "name": seed.title, "datePublished": seed.date.isoformat()}


def edition_url() -> str:
    """The published book of the edition being written: English at the top, others in ``<lang>/``."""
    lang = resolve()
    return BASE_URL if lang == EDITIONS[0] else f"{BASE_URL}{lang}/"


def page_url(rec: dict[str, Any]) -> str:
    """A claim's stable address: the edition's book plus ``notebooks/<page>#<anchor>``."""
    return f"{edition_url()}notebooks/{rec['page']}"


def claim_review(rec: dict[str, Any], reg: Registry, rel: Release) -> dict[str, Any]:
    """One ClaimReview (schema.org) for one claim record."""
    seed = reg.seeds[rec["seed"]]
    return {
        "@context": CONTEXT, "@type": "ClaimReview", "@id": page_url(rec),
        "url": page_url(rec),
        "name": f"{rec['id']}: {rec['topic']}",
        "inLanguage": resolve(),
        "claimReviewed": rec["english"] if resolve() == EDITIONS[0] else rec["quote"],
        "reviewRating": rating(rec["verdict"], reg),
        "reviewBody": rec["reason"],
        "author": {"@type": "Organization", "name": rel.author},
        "datePublished": rel.date,
        "version": rel.version,
        "isPartOf": {"@type": "Book", "name": rel.title, "version": rel.version, "url": edition_url(),
                     "inLanguage": resolve()},
        "itemReviewed": {"@type": "Claim", "author": [_person(n, a) for n, a in seed.authors],
                         "datePublished": seed.date.isoformat(), "inLanguage": "de",
                         "text": rec["quote"], "appearance": appearance(seed)},
    }


def jsonld_script(reviews: list[dict[str, Any]]) -> str:
    """``<script type="application/ld+json">`` blocks, one per review (``</`` escaped)."""
    return "".join('<script type="application/ld+json">'
                   + json.dumps(r, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
                   + "</script>\n" for r in reviews)


def jsonld_document(reviews: list[dict[str, Any]]) -> str:
    """The whole registry as one JSON-LD file (``claims.jsonld``)."""
    graph = [{k: v for k, v in r.items() if k != "@context"} for r in reviews]
    return json.dumps({"@context": CONTEXT, "@graph": graph}, ensure_ascii=False, indent=1,
                      sort_keys=True) + "\n"


def _release_values(rel: Release | None) -> dict[str, str]:
    """The release's version, date, year, title and author, or their marks when ``rel`` is None."""
    return {key: (getattr(rel, key) or rel.date) if rel else mark for key, mark in MARKS.items()}


def citation(claim_id: str, topic: str, page: str, rel: Release | None = None) -> str:
    """One-line suggested citation of a claim's check; without ``rel``, with the release marks
    that :func:`fill_release` replaces when the page is written."""
    v = _release_values(rel)
    return say("cite.claim", id=claim_id, topic=topic, url=f"{edition_url()}notebooks/{page}", **v)


def report_citation(rel: Release | None = None) -> str:
    """One-line suggested citation of the whole report (marks as in :func:`citation`)."""
    v = _release_values(rel)
    return say("cite.report", url=edition_url(), **v)


def fill_release(html: str, rel: Release) -> str:
    """Replace the release marks in a written page by the release's values."""
    for key, mark in MARKS.items():
        html = html.replace(mark, getattr(rel, key) or rel.date)
    return html
