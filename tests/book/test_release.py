import re

from analysis.book import release


def test_version_comes_from_pyproject():
    assert re.fullmatch(r"\d+\.\d+\.\d+", release.version())


def test_build_date_follows_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    assert release.build_date() == "2026-01-01"


def test_build_date_falls_back_to_the_last_commit_not_the_clock(monkeypatch, tmp_path):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", release.build_date())
    assert release.build_date(tmp_path) == "undated"  # not a git checkout
