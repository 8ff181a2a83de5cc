"""Overrides: validation before any work, one-line messages."""

import pytest

from analysis.checking.params import ParamError, apply_overrides, changed, parse_set, read_params_file, resolve


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


# --- a page's own parameters: papermill -p NAME VALUE ------------------------------------------

from analysis.checking.params import PAGE_HEADER, page_overrides  # noqa: E402

PARAMS_CELL = f"{PAGE_HEADER} ...\nhousehold_kwh_de: float = 3084.0  # ...\noverrides: dict = {{}}  # ..."


def _page(registry, injected: str | None = None, edits: dict | None = None, history_before=()):
    """A page's namespace and kernel history after its parameters cell (declaring
    household_kwh_de and pue) and, if given, papermill's injected cell."""
    ns = {"__annotations__": {"household_kwh_de": float, "pue": float, "overrides": dict},
          "household_kwh_de": registry.parameters["household_kwh_de"].value,
          "pue": registry.parameters["pue"].value, "overrides": {}, **(edits or {})}
    history = ["", *history_before, PARAMS_CELL]
    if injected is not None:
        history.append(f"# Parameters\n{injected}\n")
        exec(injected, {}, ns)  # noqa: S102 (what the kernel does with papermill's cell)
    history.append("run = report.page_run(globals())")
    return ns, history


def _overrides(page, params):
    ns, history = page
    return page_overrides(ns, params, history=history)


def test_a_page_without_injection_runs_with_the_defaults(registry):
    assert _overrides(_page(registry), registry.parameters) == {}


def test_p_gives_what_set_gives(registry):
    """-p household_kwh_de 10500 (papermill passes an int) is --set household_kwh_de=10500."""
    got = _overrides(_page(registry, "household_kwh_de = 10500"), registry.parameters)
    _, given = resolve(registry.parameters, ["household_kwh_de=10500"])
    assert got == given and type(got["household_kwh_de"]) is float


def test_p_at_the_default_still_fixes_the_parameter(registry):
    """Detected by what papermill injected, not by comparing values: like --set at the default,
    it collapses the interval."""
    got = _overrides(_page(registry, "household_kwh_de = 3084.0"), registry.parameters)
    assert got == {"household_kwh_de": 3084.0}


def test_only_the_latest_injection_after_this_pages_parameters_cell_counts(registry):
    earlier = ["# Parameters\npue = 1.5\n", PARAMS_CELL, "x = 1"]  # a page run before in this kernel
    assert _overrides(_page(registry, history_before=earlier), registry.parameters) == {}


def test_a_value_edited_in_the_parameters_cell_counts_as_set(registry):
    assert _overrides(_page(registry, edits={"pue": 1.3}), registry.parameters) == {"pue": 1.3}


def test_the_builds_own_injection_passes_its_overrides_through(registry):
    over = {"pue": {"value": 1.3, "low": 1.2, "high": 1.5}, "robot_steps_per_episode": 1500.0}
    got = _overrides(_page(registry, f"overrides = {over!r}"), registry.parameters)
    assert got == over


def test_papermills_own_path_parameters_are_not_ours(registry):
    ns, history = _page(registry, 'PAPERMILL_INPUT_PATH = "in.ipynb"\nPAPERMILL_OUTPUT_PATH = "out.ipynb"')
    assert _overrides((ns, history), registry.parameters) == {}


def _set_error(registry, item: str) -> str:
    with pytest.raises(ParamError) as exc:
        resolve(registry.parameters, [item])
    return str(exc.value)


@pytest.mark.parametrize("injected,item", [
    ("nosuch = 1", "nosuch=1"),
    ("household_kwh_de = -5", "household_kwh_de=-5"),
    ("household_kwh_de = 60000", "household_kwh_de=60000"),
    ("household_kwh_de = 'abc'", "household_kwh_de=abc"),
])
def test_a_bad_p_gives_the_line_set_gives(registry, injected, item):
    with pytest.raises(ParamError) as exc:
        _overrides(_page(registry, injected), registry.parameters)
    expected = _set_error(registry, item).replace("--set: ", "-p: ", 1)
    assert str(exc.value) == expected


def test_a_parameter_the_page_does_not_read_is_refused_not_ignored(registry):
    with pytest.raises(ParamError, match=r"^-p: this page does not read robot_steps_per_episode, so "
                                         r"setting it would change nothing here; 'papermill --help-notebook"):
        _overrides(_page(registry, "robot_steps_per_episode = 1500"), registry.parameters)


def test_a_parameter_given_as_p_and_in_overrides_is_refused(registry):
    with pytest.raises(ParamError, match=r"^-p: pue is given twice, as -p pue and in overrides; "
                                         "give each parameter once$"):
        _overrides(_page(registry, "pue = 1.3\noverrides = {'pue': 1.4}"), registry.parameters)


def test_overrides_must_be_a_mapping(registry):
    with pytest.raises(ParamError, match="^overrides must be a mapping"):
        _overrides(_page(registry, "overrides = 3"), registry.parameters)


def test_in_a_notebook_a_param_error_is_one_line():
    assert ParamError("-p: unknown parameter 'x'")._render_traceback_() == ["ParamError: -p: unknown parameter 'x'"]


@pytest.mark.parametrize("args,item", [(["-p", "nosuch", "1"], "nosuch=1"),
                                       (["-p", "household_kwh_de", "-5"], "household_kwh_de=-5")])
def test_papermill_stops_a_bad_p_at_the_first_code_cell_with_one_line(registry, tmp_path, args, item):
    import subprocess
    import sys

    import nbformat

    from analysis.checking.data import PROJECT_DIR

    out = tmp_path / "out.ipynb"
    proc = subprocess.run([sys.executable, "-m", "papermill", "notebooks/04_energy.ipynb", str(out), *args,
                           "--cwd", "notebooks"], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300)
    expected = "ParamError: " + _set_error(registry, item).replace("--set: ", "-p: ", 1)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1] == expected  # papermill's last line: the cell's one line
    code = [c for c in nbformat.read(out, as_version=4).cells if c.cell_type == "code"]
    tags = [c.metadata.get("tags", []) for c in code]
    assert "parameters" in tags[0] and "injected-parameters" in tags[1]
    errors = [o for o in code[2].outputs if o.output_type == "error"]
    assert [o.traceback for o in errors] == [[expected]]
    assert all(c.execution_count is None for c in code[3:])  # nothing after it ran
