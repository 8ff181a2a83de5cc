import json

from analysis.book import publication, release
from analysis.text import records
from analysis.checking import report
from analysis.book.release import Release
from analysis.checking.verdicts import VERDICTS

REL = Release("x", "9.8.7", "2026-01-02", "A title", "A team")


def test_every_verdict_has_a_rating_on_the_documented_scale(registry):
    scale = registry.method["rating_scale"]
    assert set(scale["values"]) == set(VERDICTS)
    for verdict in VERDICTS:
        r = publication.rating(verdict, registry)
        assert scale["worst"] <= r["ratingValue"] <= scale["best"] and r["alternateName"] == verdict
    assert publication.rating("accurate", registry)["ratingValue"] == scale["best"]
    assert publication.rating("inaccurate", registry)["ratingValue"] == scale["worst"]


def test_a_claim_review_carries_the_record_the_cli_prints(default_run):
    rec = records.records(default_run)[0]
    review = publication.claim_review(rec, default_run.registry, REL)
    seed = default_run.registry.seeds[rec["seed"]]
    assert review["claimReviewed"] == rec["english"] and review["reviewRating"]["alternateName"] == rec["verdict"]
    assert review["url"].endswith("notebooks/" + rec["page"]) and review["url"].startswith(release.BASE_URL)
    assert (review["datePublished"], review["version"]) == ("2026-01-02", "9.8.7")
    claim = review["itemReviewed"]
    assert claim["@type"] == "Claim" and claim["datePublished"] == seed.date.isoformat()
    assert [a["name"] for a in claim["author"]] == [n for n, _ in seed.authors] != []
    assert claim["appearance"]["name"] == seed.title


def test_json_ld_in_a_page_cannot_close_its_script_tag():
    html = publication.jsonld_script([{"@type": "ClaimReview", "reviewBody": "a </script><b>"}])
    assert html.count("</script>") == 1
    body = html.split(">", 1)[1].rsplit("</script>", 1)[0]
    assert json.loads(body)["reviewBody"] == "a </script><b>"


def test_citations_are_filled_with_the_release_when_the_page_is_written():
    marked = publication.citation("P-CMP-03", "Llama 3 8B", "02_compute.html#claim-p-cmp-03")
    filled = publication.fill_release(marked, REL)
    assert filled == publication.citation("P-CMP-03", "Llama 3 8B", "02_compute.html#claim-p-cmp-03", REL)
    assert "%%" not in filled and "version 9.8.7 (2026-01-02)" in filled and filled.startswith("A team (2026).")
    assert filled.endswith(release.BASE_URL + "notebooks/02_compute.html#claim-p-cmp-03")


def test_the_json_ld_download_holds_every_claim_once(default_run):
    from analysis.pipeline.build import claim_reviews

    doc = json.loads(publication.jsonld_document(claim_reviews(default_run, REL)))
    ids = [r["@id"] for r in doc["@graph"]]
    assert doc["@context"] == "https://schema.org" and len(ids) == len(set(ids)) == len(default_run.results)
