"""Citation audit: where does an address printed in a document point?

Our copies of the documents are text extracted from PDFs, and extraction damages addresses in
known ways that are ours, not the document's: a ligature glyph read as one letter ("eJicient"
for "efficient"), underscores read as spaces, a line break inside the address, a footnote mark
at a page break. :func:`repair` undoes those and says which it undid; a citation is then judged
by where the repaired address points.
"""

from __future__ import annotations

import itertools
import re
from urllib.parse import unquote, urlsplit

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
LIGATURES = ("ff", "ffi", "fi", "fl")
ARTEFACTS = ("ligature", "underscore", "linebreak", "superscript")


def well_formed(address: str) -> bool:
    """An http(s) address with a host name and no white space or stray characters."""
    if re.search(r"\s", address) or any(ord(ch) > 127 for ch in address):
        return False
    parts = urlsplit(address)
    return parts.scheme in ("http", "https") and "." in parts.netloc


def normalise(url: str) -> str:
    """Comparable form: percent-escapes decoded ('%40' is '@'), no scheme, no 'www.', no
    trailing '/' or '#', and an arXiv paper's PDF and abstract as one address (the same work)."""
    text = unquote(url.strip()).rstrip("/#")
    text = re.sub(r"^https?://(www\.)?", "", text)
    return re.sub(r"^arxiv\.org/(?:pdf|abs)/([0-9.]+?)(?:v\d+)?(?:\.pdf)?$", r"arxiv.org/abs/\1", text)  # one paper


def _undo(printed: str, kinds: tuple[str, ...], ligature: str) -> str:
    text = printed.strip()
    if "superscript" in kinds:
        text = re.sub(r"\s*([⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)", lambda m: m.group(1).translate(SUPERSCRIPTS), text)
    if "linebreak" in kinds:
        text = re.sub(r"\s*\n\s*|(?<=[-/])\s+", "", text)
    if "ligature" in kinds:
        text = text.replace("J", ligature)
    return text


def _spaces(text: str, kinds: tuple[str, ...]):
    """The white space left in an address: each run an underscore read as a space, or (with a
    line break undone too) a break inside a word, in every combination (a few dozen at most)."""
    runs = re.split(r"\s+", text.strip())
    if len(runs) == 1 or "underscore" not in kinds:
        yield text
        return
    fills = ("_", "") if "linebreak" in kinds else ("_",)
    for choice in itertools.islice(itertools.product(fills, repeat=len(runs) - 1), 4096):
        yield runs[0] + "".join(f + r for f, r in zip(choice, runs[1:]))


def _candidates(printed: str):
    """Every way of undoing some of the artefacts, fewest first: (kinds undone, address)."""
    for n in range(len(ARTEFACTS) + 1):
        for kinds in itertools.combinations(ARTEFACTS, n):
            for lig in (LIGATURES if "ligature" in kinds else ("",)):
                for text in _spaces(_undo(printed, kinds, lig), kinds):
                    yield kinds, text


def repair(printed: str, real: str | None) -> tuple[tuple[str, ...], str, bool | None]:
    """(artefacts undone, the repaired address, whether it points to ``real``).

    With the real address known, the fewest artefacts that make the printed one match it; if
    none does, the printed address as it stands and ``False``. Without it (no stored copy), the
    fewest that make the address well formed, and ``None``: where it points cannot be compared.
    """
    if real:
        for kinds, text in _candidates(printed):
            if normalise(text) == normalise(real):
                return kinds, text, True
        return (), printed.strip(), False
    for kinds, text in _candidates(printed):
        if well_formed(text):
            return kinds, text, None
    return (), printed.strip(), False
