"""What the speed work must not change (no test here times anything; benchmarks/ does):
``--jobs N`` writes exactly what one process writes, the fast YAML path reports problems where the
full path does, the streamed JSON is what one ``json.dumps`` writes, and ``--version`` imports
nothing heavy."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from crm_risk import __version__
from crm_risk.i18n import Lang
from crm_risk.limits import Limits
from crm_risk.loading import load_answers_file
from crm_risk.render.json_ import JsonRenderer, assessment_dict
from crm_risk.render.registry import RenderOptions
from crm_risk.views.model import BatchView, Failure
from crm_risk.views.report import report_view
from crm_risk.yamlio import parse
from tests.conftest import EXAMPLES

Cli = Callable[..., Any]


def test_version_imports_nothing_heavy() -> None:
    code = (
        "import sys; from crm_risk.entry import main; sys.argv = ['crmrisk', '--version']; main(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('typer', 'rich', 'pydantic', 'yaml', 'typing', 'click', 'jinja2')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout == f"crmrisk {__version__}\n[]\n"


#: What help needs none of: the libraries that read and check files, and our own models, loading,
#: scoring, the live session and the message catalogs.
NOT_FOR_HELP = (
    "pydantic",
    "yaml",
    "jinja2",
    "opencc",
    "ruamel",
    "crm_risk.bank",
    "crm_risk.answers",
    "crm_risk.loading",
    "crm_risk.scoring",
    "crm_risk.assess",
    "crm_risk.assess_run",
    "crm_risk.i18n.errors_zh_input",
)


@pytest.mark.parametrize(
    "args", [["--help"], ["score", "--help"], ["assess", "--help"], ["report", "--help"]]
)
def test_help_loads_nothing_it_does_not_show(args: list[str]) -> None:
    """Through the script's entry point, as a user runs it."""
    import importlib.util

    # a module renamed away would make this test pass for nothing: each name must exist
    assert all(importlib.util.find_spec(name) is not None for name in NOT_FOR_HELP)
    code = (
        f"import sys; from crm_risk.entry import main; sys.argv = ['crmrisk', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"loaded = sorted(m for m in sys.modules if m in {NOT_FOR_HELP!r} "
        f"or m.split('.')[0] in {NOT_FOR_HELP!r})\n"
        "sys.stderr.write(f'LOADED={loaded}')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.startswith("Usage: crmrisk")
    assert done.stderr == "LOADED=[]"


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Thirty answer files: the examples several times over, and two broken ones."""
    folder = tmp_path_factory.mktemp("batch")
    sources = sorted(EXAMPLES.rglob("*.yaml"))
    for index in range(30):
        source = sources[index % len(sources)]
        doc = yaml.safe_load(source.read_text(encoding="utf-8"))
        if "bank" in doc:
            doc["bank"] = "seven-questions"
        (folder / f"{index:03d}.yaml").write_text(
            yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    (folder / "900-broken.yaml").write_text("bank: seven-questions\nproject: P\nanswers: [1]\n")
    (folder / "901-broken.yaml").write_text("project: [\n")
    return folder


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "json"],
        ["--format", "json", "--indent"],
        ["--format", "markdown"],
        ["--format", "table"],
        ["--format", "junit", "--fail-on", "high"],
    ],
    ids=" ".join,
)
def test_jobs_give_exactly_the_same_output(cli: Cli, batch: Path, args: list[str]) -> None:
    one = cli("score", batch, *args, "--jobs", "1")
    two = cli("score", batch, *args, "--jobs", "2")
    assert one.exit_code == two.exit_code == 2  # the broken files
    assert one.stderr == two.stderr
    if "junit" in args:  # timings and timestamps are measured, not computed
        pattern = r' (time|timestamp)="[^"]*"'
        assert re.sub(pattern, "", one.stdout) == re.sub(pattern, "", two.stdout)
    else:
        assert one.stdout == two.stdout
    assert one.stdout


@pytest.mark.parametrize("indent", [True, False])
def test_the_streamed_batch_is_one_json_dumps(indent: bool) -> None:
    views = [
        report_view(load_answers_file(EXAMPLES / f"{name}.yaml").score(), Lang.en)
        for name in ("healthy-service", "four-year-failure")
    ]
    cases = [
        [],
        views[:1],
        views,
        [Failure("x", ("x: bad",))],
        [*views, Failure("y", ("y: a", "y: b"))],
    ]
    for items in cases:
        got = "".join(
            JsonRenderer(RenderOptions(indent=indent)).render(BatchView(Lang.en, iter(items)))
        )
        document: dict[str, Any] = {
            "crmrisk": __version__,
            "lang": "en",
            "assessments": [assessment_dict(v) for v in items if not isinstance(v, Failure)],
        }
        errors = [line for v in items if isinstance(v, Failure) for line in v.problems]
        if errors:
            document["errors"] = errors
        dumped = (
            json.dumps(document, ensure_ascii=False, indent=2)
            if indent
            else json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        )
        assert got == dumped + "\n"


PLAIN = """bank: seven-questions
project: P
answers:
  sponsor-value: {choice: agreed-in-person, note: "Q&A went well; a *good* sign!"}
  core-value:
    choice: maybe
"""


@pytest.mark.parametrize(
    "text",
    [
        PLAIN,  # no node property: the fast path
        PLAIN.replace("project: P", "project: &p P"),  # an anchor: the full path
    ],
    ids=["fast", "full"],
)
def test_a_problem_is_located_alike_on_either_path(cli: Cli, tmp_path: Path, text: str) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("score", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"crmrisk: error: {path}:6:13: answers.core-value.choice: ")


def test_the_fast_path_keeps_every_limit(tmp_path: Path) -> None:
    """A document too deep or too big without a single anchor still gets the full path's
    message, at the line and column where the limit is passed."""
    deep = "a:\n" + "".join("  " * level + "b:\n" for level in range(1, 70)) + "  " * 70 + "c: 1\n"
    with pytest.raises(Exception, match=r":4:7: nested more than 3 levels deep"):
        parse(deep, "deep.yaml", Limits(max_depth=3))
    wide = "answers:\n" + "".join(f"  q{i}: {{choice: x}}\n" for i in range(50))
    with pytest.raises(Exception, match=r"more than 40 values"):
        parse(wide, "wide.yaml", Limits(max_nodes=40))
    data, source = parse(PLAIN, "plain.yaml")
    assert data["project"] == "P"
    assert source.locate(("answers", "core-value", "choice")) == (6, 13)
