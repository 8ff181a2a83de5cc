"""Where a printed address points, once our copy's text-extraction damage is undone."""

from hypothesis import given
from hypothesis import strategies as st

from analysis.checking.citations import normalise, repair, well_formed


def test_an_intact_address_points_with_nothing_undone():
    assert repair("https://github.com/meta-llama/llama3/issues/91",
                  "https://github.com/meta-llama/llama3/issues/91") == ((), "https://github.com/meta-llama/llama3/issues/91", True)


def test_underscores_read_as_spaces_and_a_break_inside_a_word_are_ours():
    kinds, text, points = repair("https://www.reddit.com/r/x/comments/1/sea ai lab dr gr po a/",
                                 "https://www.reddit.com/r/x/comments/1/sea_ai_lab_dr_grpo_a/")
    assert points is True and set(kinds) == {"underscore", "linebreak"}
    assert text.endswith("sea_ai_lab_dr_grpo_a/")


def test_a_lost_ligature_and_a_page_break_footnote_mark_are_ours():
    kinds, _, points = repair("https://medium.com/%40a/parameter-eJicient-tuning-of-llama-3- ¹⁻a-guide-bed3#",
                              "https://medium.com/@a/parameter-efficient-tuning-of-llama-3-1-a-guide-bed3")
    assert points is True and "ligature" in kinds and "superscript" in kinds


def test_another_page_is_another_page():
    assert repair("https://example.org/a", "https://example.org/b")[2] is False


def test_without_a_stored_copy_only_the_form_is_judged():
    assert repair("https://example.org/a b", None) == (("underscore",), "https://example.org/a_b", None)
    assert repair("not an address", None)[2] is False


def test_scheme_www_escapes_and_trailing_marks_do_not_change_the_page():
    assert normalise("http://www.x.org/%40me/") == normalise("https://x.org/@me#")


@given(st.from_regex(r"https://[a-z]{1,8}\.org/[a-z0-9_\-]{0,20}", fullmatch=True))
def test_a_well_formed_address_needs_no_repair(url):
    assert well_formed(url)
    assert repair(url, url) == ((), url, True)


def test_an_arxiv_papers_pdf_and_abstract_are_the_same_work():
    assert normalise("https://arxiv.org/pdf/2505.09655") == normalise("https://arxiv.org/abs/2505.09655v2")
    assert normalise("https://arxiv.org/pdf/2505.09655") != normalise("https://arxiv.org/abs/2505.09656")
