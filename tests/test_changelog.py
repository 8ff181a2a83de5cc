"""tools/changelog.py: CHANGELOG.md's blocks are exactly what diff prints for their marked pair."""

import importlib.util
import re

from analysis.checking.data import PROJECT_DIR

spec = importlib.util.spec_from_file_location("changelog", PROJECT_DIR / "tools" / "changelog.py")
changelog = importlib.util.module_from_spec(spec)
spec.loader.exec_module(changelog)

TEXT = """# Changelog

Prose stays.

<!-- diff aaa . -->
```text
old output
```

More prose.

<!-- diff bbb ccc -->
```text
```
"""


def test_each_marked_block_becomes_the_diff_of_its_pair_and_nothing_else_changes():
    calls = []

    def fake(old, new):
        calls.append((old, new))
        return f"A: {old}\nB: {new}\n"

    out = changelog.refresh(TEXT, fake)
    assert calls == [("aaa", "."), ("bbb", "ccc")]
    assert out == (TEXT.replace("old output\n", "A: aaa\nB: .\n")
                   .replace("<!-- diff bbb ccc -->\n```text\n", "<!-- diff bbb ccc -->\n```text\nA: bbb\nB: ccc\n"))
    assert changelog.refresh(out, fake) == out


def test_every_marker_in_the_changelog_is_followed_by_a_block_the_tool_rewrites():
    text = changelog.CHANGELOG.read_text(encoding="utf-8")
    pairs = [m.group(2, 3) for m in changelog.BLOCK.finditer(text)]
    assert pairs and len(pairs) == len(re.findall(r"^<!-- diff ", text, re.M))
