"""references.bib comes from the source registry: one entry per found source, with locators,
access date and copy; labels agree with the entries."""

from pybtex.database import parse_string

from analysis.book import bibliography, release
from analysis.checking.data import Source


def test_one_entry_per_found_source_and_none_for_the_rest(registry):
    db = parse_string(bibliography.bibtex(registry), "bibtex")
    found = {s.id for s in registry.sources.values() if s.found}
    assert set(db.entries) == found and len(found) < len(registry.sources)


def test_every_entry_keeps_access_date_locators_and_copy(registry):
    db = parse_string(bibliography.bibtex(registry), "bibtex")
    for src in bibliography.found_sources(registry):
        fields = db.entries[src.id].fields
        if src.accessed:
            assert fields["urldate"] == src.accessed
        for fig in src.figures:
            if fig.locator:
                assert fig.name.replace("_", r"\_") in fields["locators"]
        if src.read_via:
            assert "Read through a copy" in fields["note"] and fields["readvia"]


def test_labels_agree_with_the_entries(registry):
    db = parse_string(bibliography.bibtex(registry), "bibtex")
    for src in bibliography.found_sources(registry):
        person = db.entries[src.id].persons["author"][0]
        assert bibliography.label(src) == f"{bibliography.author(src)} {bibliography.year(src)}"
        assert db.entries[src.id].fields["year"] == bibliography.year(src)
        assert str(person).strip("{}") == bibliography.escape(bibliography.author(src))


def test_special_characters_are_escaped_and_parse_back():
    src = Source(id="x-1", title="Tom & Jerry: 50 % of {all} #1 _cases_ in Köln", url="https://a.example/p?q=1",
                 published="2024-05", accessed="2026-11-22", primary=True, found=True, publisher="Ä & Co")
    entry = parse_string(bibliography.entry(src), "bibtex").entries["x-1"]
    assert entry.fields["title"] == r"{Tom \& Jerry: 50 \% of \{all\} \#1 \_cases\_ in Köln}"
    assert bibliography.label(src) == "Ä & Co 2024" and bibliography.anchor(src) == "cite-x-1"


def test_the_same_registry_gives_the_same_bytes(registry):
    assert bibliography.bibtex(registry) == bibliography.bibtex(registry)


def test_the_report_entry_has_version_and_date():
    rel = release.Release("n", "1.2.3", "2026-01-02", "T & T", "A team")
    entry = parse_string(bibliography.report_entry(rel), "bibtex").entries["n-1-2-3"]
    assert entry.fields["title"] == r"{T \& T}"
    assert entry.fields["version"] == "1.2.3" and entry.fields["date"] == "2026-01-02" and entry.fields["year"] == "2026"


def test_labels_name_one_source_each(registry):
    found = bibliography.found_sources(registry)
    labels = [bibliography.label(s, registry) for s in found]
    assert len(set(labels)) == len(labels)
    assert all(lab.startswith(bibliography.label(s)) for lab, s in zip(labels, found))
