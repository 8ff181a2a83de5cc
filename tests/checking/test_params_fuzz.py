"""Random --set lists and random scenario files: a complete result (exit 0) or one line naming
the parameter (exit 2), never a traceback; legal values anywhere in a range never fail."""

import math

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.cli import main
from analysis.checking.data import load

PARAMS = load().parameters
NAMES = sorted(PARAMS)
FUZZ = settings(max_examples=20, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

values = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**30, 10**30),
                   st.text(max_size=8), st.booleans(), st.none(), st.lists(st.integers(), max_size=2),
                   st.dictionaries(st.sampled_from(["value", "low", "high", "x"]), st.floats(), max_size=3))


def _outcome(capsys, argv):
    status = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if status == 0:
        assert out.count("\n") > len(load().claims)  # every claim printed
    else:
        assert status == 2 and len(err.strip().splitlines()) == 1 and err.startswith("error: ")
    return status, err


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(NAMES + ["no_such_param"]), values), max_size=3))
def test_random_set_lists(capsys, items):
    argv = ["verdicts"] + [a for name, v in items for a in ("--set", f"{name}={v}")]
    status, err = _outcome(capsys, argv)
    if status == 2 and items:
        assert any(name in err for name, _ in items)


@FUZZ
@given(st.dictionaries(st.sampled_from(NAMES + ["no_such_param"]), values, max_size=3))
def test_random_params_files(capsys, tmp_path_factory, mapping):
    path = tmp_path_factory.mktemp("p") / "s.yaml"
    path.write_text(yaml.safe_dump(mapping) if mapping else "x: [")
    status, err = _outcome(capsys, ["verdicts", "--params", str(path)])
    if status == 2 and mapping:
        assert any(name in err for name in mapping)


def _legal(p, u: float) -> float:
    """A value a fraction ``u`` of the way through the parameter's allowed range."""
    lo, hi = p.allowed
    hi = hi if math.isfinite(hi) else max(p.high * 10, 1.0)
    x = lo + (hi - lo) * u
    if x <= lo and not p.allowed_closed[0]:
        x = lo + (hi - lo) * 1e-6 or lo + 1e-9
    if p.whole:
        x = float(min(max(round(x), math.ceil(lo + 1e-12)), math.floor(hi)))
    return x


@FUZZ
@given(st.sampled_from(NAMES), st.floats(0.0, 1.0))
def test_legal_values_never_fail(capsys, name, u):
    p = PARAMS[name]
    x = _legal(p, u)
    if not p.is_allowed(x):  # e.g. a half-open range of whole numbers with no room
        return
    status, _ = _outcome(capsys, ["verdicts", "--set", f"{name}={x!r}"])
    assert status == 0
