"""Overrides: validation before any work, one-line messages."""

import pytest

from analysis.params import ParamError, apply_overrides, changed, parse_set, read_params_file, resolve


def test_set_fixes_a_parameter(registry):
    params, given = resolve(registry.parameters, ["household_kwh_de=10500"])
    p = params["household_kwh_de"]
    assert (p.value, p.low, p.high, p.dist) == (10500, 10500, 10500, "fixed")
    assert given == {"household_kwh_de": 10500.0}
    assert [c["name"] for c in changed(registry.parameters, params)] == ["household_kwh_de"]


def test_file_may_keep_an_interval(registry, tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text("description: test\npue: {value: 1.3, low: 1.2, high: 1.5}\n")
    params, _ = resolve(registry.parameters, None, str(f))
    assert (params["pue"].low, params["pue"].value, params["pue"].high) == (1.2, 1.3, 1.5)


@pytest.mark.parametrize("item,needle", [
    ("nosuch=1", "unknown parameter 'nosuch'"),
    ("llama3_mfu=1.5", "llama3_mfu"),
    ("cluster_gpus_doc=-5", "cluster_gpus_doc"),
    ("pue=abc", "pue must be"),
    ("pue", "expected NAME=VALUE"),
    ("pue=nan", "pue"),
])
def test_bad_set_values(registry, item, needle):
    with pytest.raises(ParamError, match=needle) as exc:
        resolve(registry.parameters, [item])
    assert "\n" not in str(exc.value)


def test_bad_interval_in_file(registry, tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text("pue: {value: 1.3, low: 1.4, high: 1.5}\n")
    with pytest.raises(ParamError, match="low <= value <= high"):
        resolve(registry.parameters, None, str(f))


@pytest.mark.parametrize("text", ["pue: [1, 2\n", "- a\n- b\n"])
def test_malformed_files(tmp_path, text):
    f = tmp_path / "bad.yaml"
    f.write_text(text)
    with pytest.raises(ParamError):
        read_params_file(str(f))


def test_missing_file():
    with pytest.raises(ParamError, match="no such file"):
        read_params_file("/nonexistent/params.yaml")


def test_parse_set_keeps_strings():
    assert parse_set(["a=1", " b = x "]) == {"a": "1", "b": "x"}


@pytest.mark.parametrize("items", [["household_kwh_de=3000", "household_kwh_de=4000"],
                                   ["pue=1.3", "pue=1.3"], ["pue=1.3", " pue =1.4"]])
def test_a_parameter_set_twice_is_refused(items):
    """Which value was meant? As with a duplicate key in a params file, neither is guessed."""
    with pytest.raises(ParamError, match=r"^--set: (household_kwh_de|pue) is given twice \(.+ and .+\); "
                                         "give each parameter once$"):
        parse_set(items)


def test_apply_overrides_does_not_mutate(registry):
    before = registry.parameters["pue"]
    apply_overrides(registry.parameters, {"pue": 1.4})
    assert registry.parameters["pue"] is before
