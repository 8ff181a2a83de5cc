"""Shared fixtures: the registry and one default run (computed once per test session)."""

import pytest

from analysis.checking import report
from analysis.checking.data import load


@pytest.fixture(scope="session")
def registry():
    return load()


@pytest.fixture(scope="session")
def default_run():
    return report.run()


@pytest.fixture(scope="session")
def chromium_browser():
    """One headless Chromium for the session; skips (fails when CI=true) if it cannot run."""
    import browser

    problem = browser.environment_problem(browser.book_dir())
    if problem:
        (pytest.fail if browser.in_ci() else pytest.skip)(problem)
    with browser.chromium() as chromium:
        yield chromium


@pytest.fixture(scope="session")
def axe_baseline(chromium_browser, tmp_path_factory):
    """Axe violation counts of a bare ``jupyter-book create`` book: rule id -> most nodes on a page."""
    import browser

    return browser.measure_baseline(chromium_browser, tmp_path_factory.mktemp("bare-book"))
