"""Citation audit: is an address as printed in a document well formed, and what differs from
the source's real address?"""

from __future__ import annotations

import difflib
import re
from urllib.parse import unquote, urlsplit

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"


def url_problems(printed: str) -> list[str]:
    """Reasons why ``printed`` is not a usable address (empty list: well formed)."""
    problems = []
    if re.search(r"\s", printed.strip()):
        problems.append("contains spaces or a line break")
    if any(ch in SUPERSCRIPTS for ch in printed):
        problems.append("contains a footnote superscript (a line break inside the address)")
    if any(ord(ch) > 127 for ch in printed if ch not in SUPERSCRIPTS):
        problems.append("contains non-ASCII characters")
    parts = urlsplit(printed.strip().split()[0] if printed.strip() else "")
    if parts.scheme not in ("http", "https"):
        problems.append("has no http(s) scheme")
    if "." not in parts.netloc:
        problems.append("has no valid host name")
    return problems


def url_differences(printed: str, actual: str) -> list[str]:
    """Segments where the printed address differs from the real one, as 'printed -> actual'."""
    out = []
    matcher = difflib.SequenceMatcher(a=printed, b=actual, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            out.append(f"'{printed[i1:i2]}' -> '{actual[j1:j2]}'")
    return out


def normalise(url: str) -> str:
    """Comparable form: percent-escapes decoded ('%40' is '@'), no trailing '/' or '#'."""
    return unquote(url.strip()).rstrip("/#")
