"""Shared fixtures: the registry and one default run (computed once per test session)."""

import pytest

from analysis import report
from analysis.data import load


@pytest.fixture(scope="session")
def registry():
    return load()


@pytest.fixture(scope="session")
def default_run():
    return report.run()
