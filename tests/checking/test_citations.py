"""Address audit: malformed addresses are named, differences are listed."""

from analysis.checking.citations import normalise, url_differences, url_problems


def test_well_formed_address_has_no_problems():
    assert url_problems("https://github.com/meta-llama/llama3/issues/91") == []


def test_spaces_and_line_breaks_are_problems():
    problems = url_problems("https://www.reddit.com/r/x/comments/1/sea ai lab/")
    assert problems == ["contains spaces or a line break"]
    broken = url_problems("https://medium.com/a-llama-3-\n\n¹⁻a-guide")
    assert "contains a footnote superscript (a line break inside the address)" in broken


def test_missing_scheme_and_host():
    assert "has no http(s) scheme" in url_problems("www.example.org/page")
    assert "has no valid host name" in url_problems("https://localhost/page")


def test_differences_show_the_replaced_segments():
    diffs = url_differences("https://x.org/sea ai lab", "https://x.org/sea_ai_lab")
    assert diffs == ["' ' -> '_'", "' ' -> '_'"]


def test_normalise_decodes_escapes_and_trailing_slashes():
    assert normalise("https://medium.com/%40someone/post/") == "https://medium.com/@someone/post"
