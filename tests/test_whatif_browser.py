"""The what-if widgets in a real browser, offline: moved with the keyboard to three positions,
they show the verdicts and medians that ``python -m analysis verdicts --set`` prints there."""

from __future__ import annotations

import pytest

import browser
from analysis.checking import report
from analysis.checking.data import load

BOOK = browser.book_dir()
REGISTRY = load()
WIDGETS = [(w["id"], "notebooks/" + report.page_of(REGISTRY, w["family"])) for w in REGISTRY.method["whatif"]]


@pytest.fixture(scope="module")
def tab(chromium_browser):
    if not (BOOK / "index.html").exists():
        (pytest.fail if browser.in_ci() else pytest.skip)("book not built (run python -m analysis build)")
    opened = browser.Tab(chromium_browser, 1366)
    yield opened
    opened.close()


@pytest.mark.parametrize("widget_id, page", WIDGETS)
def test_a_widget_agrees_with_the_command_line_at_three_values(tab, widget_id, page):
    tab.load(BOOK, page)
    data = browser.widget_data(tab, widget_id)
    first = data["axes"][0]["name"]
    for label, point in browser.widget_test_points(data).items():
        browser.widget_set(tab, widget_id, first, point[0])
        shown = browser.widget_read(tab, widget_id)
        expected_sets = [f"{a['name']}={a['values'][i]}" for a, i in zip(data["axes"], point)]
        assert shown["command"].endswith(" ".join(f"--set {s}" for s in expected_sets)), shown["command"]
        cli = browser.cli_verdicts(shown["command"])
        for cid, seen in shown["claims"].items():
            assert seen["verdict"] == cli[cid]["verdict"], (widget_id, label, cid)
            if cli[cid]["median"] is not None:
                tolerance = browser.grid_step_tolerance(data, cid, point)
                assert abs(seen["median"] - cli[cid]["median"]) <= tolerance, (widget_id, label, cid)
    assert tab.errors == [] or all(any(k in e for k in browser.KNOWN_CONSOLE_ERRORS) for e in tab.errors)
    assert tab.external == []


@pytest.mark.parametrize("widget_id, page", WIDGETS[:1])
def test_the_slider_is_labelled_and_moves_the_chart_and_text(tab, widget_id, page):
    tab.load(BOOK, page)
    section = tab.page.locator(f"#{widget_id}")
    slider = section.locator("input[type=range]").first
    label = section.locator(f"label[for='{slider.get_attribute('id')}']").inner_text()
    from analysis.checking.data import load

    want = load().parameters[slider.get_attribute("name")].label
    assert label.strip() == want[:1].upper() + want[1:]  # the reader's label, not the identifier
    before = (section.locator(".wi-readout").inner_text(), slider.get_attribute("aria-valuetext"))
    slider.focus()
    slider.press("End")
    after = (section.locator(".wi-readout").inner_text(), slider.get_attribute("aria-valuetext"))
    assert before[0] != after[0] and before[1] != after[1]
    assert section.locator(".wi-chart svg.marks").count() == 1
    assert section.locator(".wi-chart [role='graphics-document']").get_attribute("aria-label")
