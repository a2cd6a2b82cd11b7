"""Properties that must hold for every bank and every answer file, checked with hypothesis.

Scoring (generated banks and answers): scores stay in [0, 1]; a worse answer never lowers a phase's
score or grade; a question moves only its own phase; the order of answers does not matter; the
same input always gives the same output. Loading: random mutations of valid files, and random data
in the places a file holds data, never raise anything but the tool's own error, and whatever loads
also scores and renders.

"Worse" is the order a person would use: a higher risk and no lower floor (a red flag or a decisive
grade). Validation makes every bank monotone (a riskier answer of a question never carries a lower
floor), so for one-answer questions a higher risk alone is worse; only a multi question that adds up
its choices' risks can pair a higher total with a lower floor, and such pairs are not compared.
"""

from __future__ import annotations

import io
import itertools
import random
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from rich.console import Console

from crm_risk.answers import AnswerFile
from crm_risk.bank import Bank
from crm_risk.bank_rules import check_bank
from crm_risk.errors import CrmRiskError
from crm_risk.i18n import Lang
from crm_risk.loading import load_answers_file, validate_file
from crm_risk.render.registry import render
from crm_risk.results import Assessment
from crm_risk.scoring import answer_outcome, score
from crm_risk.views.report import report_view
from tests import rendering
from tests.conftest import examples

ROOT = Path(__file__).parent.parent
SEEDS = [
    *sorted((ROOT / "examples").glob("*.yaml")),
    ROOT / "crm_risk" / "questions" / "seven-questions.yaml",
    ROOT / "tests" / "data" / "hostile" / "ok.json",
]
SETTINGS = settings(
    max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# ---------------------------------------------------------------------------------------------
# Generated banks and answers

risks = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


def _text(name: str) -> dict[str, str]:
    return {"en": name, "zh": name}


def _floors(
    draw: st.DrawFn, risks_: list[float], grade_ids: list[str], flag: str
) -> list[dict[str, Any]]:
    """Floors for options of the given risks that never fall as the risk rises (validation
    requires it): each option gets nothing, a red flag, a decisive grade, or both."""
    order = sorted(range(len(risks_)), key=lambda i: risks_[i])
    ranks = sorted(
        draw(
            st.lists(st.integers(-1, len(grade_ids) - 1), min_size=len(order), max_size=len(order))
        )
    )
    out: list[dict[str, Any]] = [{} for _ in risks_]
    for index, rank in zip(order, ranks, strict=True):
        if rank < 0:
            continue
        flag_rank = grade_ids.index(flag)
        if rank == flag_rank and draw(st.booleans()):
            out[index] = {"red_flag": True}
        elif rank >= flag_rank and draw(st.booleans()):
            out[index] = {"red_flag": True, "decisive": grade_ids[rank]}
        else:
            out[index] = {"decisive": grade_ids[rank]}
    return out


@st.composite
def banks(draw: st.DrawFn) -> Bank:
    phase_count = draw(st.integers(1, 3))
    phases = [f"p{i}" for i in range(phase_count)]
    grade_mins = sorted(
        draw(st.sets(st.floats(0.05, 1.0, allow_nan=False), min_size=1, max_size=3))
    )
    grade_ids = ["low", "medium", "high", "critical"][: len(grade_mins) + 1]
    grades = [
        {"id": gid, "label": _text(gid), "min": m}
        for gid, m in zip(grade_ids, [0.0, *grade_mins], strict=True)
    ]
    flag = draw(st.sampled_from(grade_ids))
    question_count = draw(st.integers(phase_count, 8))
    questions = []
    for index in range(question_count):
        phase = phases[index] if index < phase_count else draw(st.sampled_from(phases))
        kind = draw(st.sampled_from(["choice", "multi", "yesno", "number", "scale"]))
        question: dict[str, Any] = {
            "id": f"q{index}",
            "phase": phase,
            "type": kind,
            "text": _text(f"Question {index}?"),
            "weight": draw(st.floats(0.1, 10.0, allow_nan=False)),
        }
        if kind in ("choice", "multi", "yesno"):
            ids = (
                ["yes", "no"]
                if kind == "yesno"
                else [f"c{c}" for c in range(draw(st.integers(2, 4)))]
            )
            option_risks = [draw(risks) for _ in ids]
            floors = _floors(draw, option_risks, grade_ids, flag)
            question["choices"] = [
                {
                    "id": cid,
                    "risk": risk,
                    **({"label": _text(cid)} if kind != "yesno" else {}),
                    **extra,
                }
                for cid, risk, extra in zip(ids, option_risks, floors, strict=True)
            ]
            if kind == "multi":
                question["combine"] = draw(st.sampled_from(["max", "sum"]))
        else:
            cuts = sorted(draw(st.sets(st.integers(1, 99), max_size=3)))
            edges = [0, *cuts, 100]
            question.update(min=0, max=100, unit="%")
            band_risks = [draw(risks) for _ in range(len(edges) - 1)]
            floors = _floors(draw, band_risks, grade_ids, flag)
            question["bands"] = [
                {"min": lo, "max": hi, "risk": risk, **extra}
                for (lo, hi), risk, extra in zip(
                    itertools.pairwise(edges), band_risks, floors, strict=True
                )
            ]
        questions.append(question)
    phase_rules = {
        p: draw(
            st.lists(
                st.fixed_dictionaries({"risk": risks, "grade": st.sampled_from(grade_ids)}),
                max_size=2,
            )
        )
        for p in phases
    }
    bank = Bank.model_validate(
        {
            "id": "generated",
            "version": "1",
            "title": _text("Generated"),
            "phases": [{"id": p, "title": _text(p), "decisive": phase_rules[p]} for p in phases],
            "grades": grades,
            "red_flag_grade": flag,
            "questions": questions,
        }
    )
    assert check_bank(bank) == [], "the strategy makes valid banks"
    return bank


def answer_for(question: Any) -> st.SearchStrategy[dict[str, Any] | None]:
    """Any valid answer to ``question``, or none, or "we don't know"."""
    options: list[st.SearchStrategy[Any]] = [st.none(), st.just({"choice": "unknown"})]
    ids = question.choice_ids()
    if question.type in ("choice", "yesno"):
        options.append(st.sampled_from(ids).map(lambda c: {"choice": c}))
    elif question.type == "multi":
        options.append(st.lists(st.sampled_from(ids), unique=True).map(lambda cs: {"choices": cs}))
    elif question.type == "scale":
        options.append(st.integers(0, 100).map(lambda v: {"value": v}))
    else:
        options.append(st.floats(0, 100, allow_nan=False).map(lambda v: {"value": v}))
    return st.one_of(options)


def answers_for(bank: Bank) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({q.id: answer_for(q) for q in bank.questions})


def answer_file(bank: Bank, answers: dict[str, Any]) -> AnswerFile:
    return AnswerFile.model_validate({"bank": bank.id, "project": "P", "answers": answers})


@st.composite
def scored(draw: st.DrawFn) -> tuple[Bank, dict[str, Any]]:
    bank = draw(banks())
    return bank, draw(answers_for(bank))


# ---------------------------------------------------------------------------------------------
# Scoring properties


@SETTINGS
@given(scored())
def test_scores_stay_between_zero_and_one(case: tuple[Bank, dict[str, Any]]) -> None:
    bank, answers = case
    result = score(bank, answer_file(bank, answers))
    values = [
        result.overall.score,
        *(p.score for p in result.phases),
        *(q.risk for q in result.questions),
        *(f.risk for f in result.findings),
    ]
    assert all(0.0 <= v <= 1.0 for v in values)
    assert result.overall.grade in bank.grade_ids()


def _outcome(bank: Bank, question_id: str, answer: dict[str, Any] | None) -> tuple[float, int]:
    """An answer's risk and the rank of the floor it carries (-1: none)."""
    question = bank.question(question_id)
    assert question is not None
    parsed = answer_file(bank, {question_id: answer}).answers[question_id]
    outcome = answer_outcome(bank, question, parsed)
    return outcome.risk, bank.grade_rank(outcome.floor) if outcome.floor else -1


@SETTINGS
@given(st.data())
def test_a_worse_answer_never_lowers_a_phase(data: st.DataObject) -> None:
    bank, answers = data.draw(scored())
    question = data.draw(st.sampled_from(bank.questions))
    first = data.draw(answer_for(question))
    second = data.draw(answer_for(question))
    (risk_a, floor_a), (risk_b, floor_b) = (
        _outcome(bank, question.id, first),
        _outcome(bank, question.id, second),
    )
    # Order the two so that `worse` is at least as bad on both counts (skip incomparable pairs,
    # which only a multi question adding up its choices' risks can give).
    if risk_a >= risk_b and floor_a >= floor_b:
        milder, worse = second, first
    elif risk_b >= risk_a and floor_b >= floor_a:
        milder, worse = first, second
    else:
        assume(False)
    if question.type != "multi":
        # For one-answer questions validation guarantees a riskier answer a floor at least as high.
        assert (risk_a > risk_b) <= (floor_a >= floor_b) and (risk_b > risk_a) <= (
            floor_b >= floor_a
        )
    before = score(bank, answer_file(bank, {**answers, question.id: milder}))
    after = score(bank, answer_file(bank, {**answers, question.id: worse}))
    phase_before, phase_after = before.phase(question.phase), after.phase(question.phase)
    assert phase_after.score >= phase_before.score - 1e-12
    assert bank.grade_rank(phase_after.grade) >= bank.grade_rank(phase_before.grade)
    assert bank.grade_rank(after.overall.grade) >= bank.grade_rank(before.overall.grade)
    assert after.overall.score >= before.overall.score - 1e-12


@SETTINGS
@given(st.data())
def test_higher_risk_alone_never_lowers_a_phase_score(data: st.DataObject) -> None:
    bank, answers = data.draw(scored())
    question = data.draw(st.sampled_from(bank.questions))
    first, second = data.draw(answer_for(question)), data.draw(answer_for(question))
    if _outcome(bank, question.id, first)[0] > _outcome(bank, question.id, second)[0]:
        first, second = second, first
    before = score(bank, answer_file(bank, {**answers, question.id: first}))
    after = score(bank, answer_file(bank, {**answers, question.id: second}))
    assert after.phase(question.phase).score >= before.phase(question.phase).score - 1e-12


@SETTINGS
@given(st.data())
def test_a_question_only_moves_its_own_phase(data: st.DataObject) -> None:
    bank, answers = data.draw(scored())
    question = data.draw(st.sampled_from(bank.questions))
    changed = data.draw(answer_for(question))
    before = score(bank, answer_file(bank, answers))
    after = score(bank, answer_file(bank, {**answers, question.id: changed}))
    for phase in bank.phases:
        if phase.id != question.phase:
            assert after.phase(phase.id) == before.phase(phase.id)
    for item in before.questions:
        if item.id != question.id:
            assert after.question(item.id) == item


@SETTINGS
@given(st.data())
def test_the_order_of_answers_does_not_matter(data: st.DataObject) -> None:
    bank, answers = data.draw(scored())
    order = data.draw(st.permutations(list(answers)))
    shuffled = {key: answers[key] for key in order}
    first = score(bank, answer_file(bank, answers))
    second = score(bank, answer_file(bank, shuffled))
    assert _dump(first) == _dump(second)


@SETTINGS
@given(scored())
def test_the_same_input_gives_the_same_output(case: tuple[Bank, dict[str, Any]]) -> None:
    bank, answers = case
    first = score(bank, answer_file(bank, answers))
    second = score(bank, answer_file(bank, answers))
    assert first == second
    assert rendering.json_text([first], Lang.en) == rendering.json_text([second], Lang.en)
    assert rendering.markdown(first, Lang.zh) == rendering.markdown(second, Lang.zh)


def _dump(result: Assessment) -> Any:
    dumped = result.model_dump()
    for section in dumped["sections"]:
        section["questions"] = sorted(section["questions"], key=lambda q: q["id"])
    return dumped


def test_file_order_does_not_matter_through_the_loader(tmp_path: Path) -> None:
    source = yaml.safe_load((ROOT / "examples" / "high-risk-key-account.yaml").read_text())
    results = []
    for seed in range(5):
        items = list(source["answers"].items())
        random.Random(seed).shuffle(items)
        target = tmp_path / f"shuffled-{seed}.yaml"
        target.write_text(
            yaml.safe_dump({**source, "answers": dict(items)}, allow_unicode=True, sort_keys=False),
            encoding="utf-8",
        )
        loaded = load_answers_file(target)
        # The same answers in a file of another name: everything but the name is the same.
        results.append(rendering.json_text([loaded.score()], Lang.en).replace(target.name, "-"))
    assert len(set(results)) == 1


# ---------------------------------------------------------------------------------------------
# Loader properties


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mutations")


_SNIPPETS = [
    b"[",
    b"]",
    b"{",
    b"}",
    b":",
    b": ",
    b"- ",
    b"&a ",
    b"*a",
    b"!!python/name:os.system ",
    b"!x ",
    b"<<: ",
    b"#",
    b"'",
    b'"',
    b"|",
    b">",
    b"\n",
    b"\r",
    b"\t",
    b"  ",
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\xe4\xb8",
    b"\x1b[31m",
    b"---\n",
    b"...\n",
    b"%YAML 1.1\n",
    b"? ",
    b",",
    b"~",
    b"null",
    b"true",
    b".nan",
    b"1e999",
    b"-1",
    b"2026-13-45",
    b"\\u",
    b"\\",
    b"\xc3",
    b"answers: ",
    b"bank: ",
    b"choice: ",
    b"value: ",
    b"note: ",
    b"\n  x: ",
    b"seven-questions",
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)).read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["insert", "delete", "replace", "duplicate", "truncate"]))
        at = draw(st.integers(0, len(data)))
        if action == "insert":
            piece = draw(
                st.one_of(
                    st.sampled_from(_SNIPPETS), st.text(min_size=1, max_size=8).map(str.encode)
                )
            )
            data[at:at] = piece
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif action == "replace":
            data[at : at + 1] = draw(st.sampled_from(_SNIPPETS))
        elif action == "duplicate":
            data[at:at] = data[at : at + draw(st.integers(1, 200))]
        else:
            del data[at:]
    return bytes(data)


def _load_and_use(path: Path) -> None:
    """Load ``path`` every way the CLI does; whatever loads must also score and render."""
    for load in (validate_file, load_answers_file):
        try:
            loaded = load(path)
        except CrmRiskError as error:
            lines = error.lines()
            assert lines and all("\n" not in line for line in lines)
            continue
        if load is load_answers_file:
            result = loaded.score()
            rendering.json_text([result], Lang.en)
            rendering.markdown(result, Lang.zh)
            Console(file=io.StringIO(), width=80).print(
                render("table", report_view(result, Lang.en))
            )


@settings(max_examples=examples(250), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_files_raise_only_the_tools_own_error(scratch: Path, data: bytes) -> None:
    target = scratch / "mutated.yaml"
    target.write_bytes(data)
    _load_and_use(target)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.dates(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.fixed_dictionaries(
        {"bank": st.one_of(st.just("seven-questions"), json_values), "project": json_values},
        optional={
            "answers": st.one_of(
                json_values,
                st.dictionaries(
                    st.sampled_from(["sponsor-value", "core-value", "budget-for-delivery", "x"]),
                    json_values,
                ),
                st.dictionaries(
                    st.sampled_from(["sponsor-value", "budget-for-delivery"]),
                    st.dictionaries(
                        st.sampled_from(["choice", "choices", "value", "note", "other"]),
                        json_values,
                    ),
                ),
            ),
            "respondent": json_values,
            "date": json_values,
            "context": json_values,
            "bank_version": json_values,
        },
    )
)
def test_random_data_in_an_answer_file_raises_only_the_tools_own_error(
    scratch: Path, document: dict[str, Any]
) -> None:
    target = scratch / "random.yaml"
    target.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    _load_and_use(target)


# ---------------------------------------------------------------------------------------------
# assess: whatever is typed, the file it saves loads back with exactly what was typed

KEYS = ["1", "2", "3", "4", "5", "35", "35%", "1 3", "b", "s", "u", "?", "n", "q", "", " "]
typed_lines = st.lists(
    st.one_of(
        st.sampled_from(KEYS),
        st.text(max_size=30).filter(lambda t: "\n" not in t),
        st.text(max_size=60).filter(lambda t: "\n" not in t).map(lambda t: "n " + t),
    ),
    max_size=25,
)


names = st.text(min_size=1, max_size=40).filter(lambda t: "\n" not in t and t.strip() != "")


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names, names, typed_lines, st.booleans())
# Found by this test: a NEL came back as a space, a DEL made a JSON file crmrisk refused.
@example("0\x850", "a\u2028b\u2029c", ["n x\x85y\x7fz\x9f"], False)
@example("0\x850", "a\u2028b\u2029c", ["n x\x85y\x7fz\x9f"], True)
def test_any_typed_session_saves_a_file_that_loads_back_exactly(
    scratch: Path, project: str, name: str, lines: list[str], as_json: bool
) -> None:
    import datetime as dt

    from crm_risk import assess
    from crm_risk.answerfile import document, dump
    from crm_risk.banks import load_bank

    # `q` at the project prompt quits (the prompt says so); every other text is a project.
    assume(unicodedata.normalize("NFKC", project).strip().lower() != "q")
    bank = load_bank("seven-questions")
    state = assess.start(bank, date=dt.date(2026, 11, 22), role="sponsor", context={}).state
    for line in [project, name, "", *lines]:  # "": no crm_kind
        state = assess.step(state, line).state
    assert state.ready
    target = scratch / ("typed.json" if as_json else "typed.yaml")
    target.write_text(dump(document(state, "seven-questions"), as_json=as_json), encoding="utf-8")
    loaded = load_answers_file(target).answers
    assert loaded.project == state.project
    assert loaded.respondent is not None and loaded.respondent.name == state.name
    assert {k: v for k, v in loaded.answers.items() if v is not None} == dict(state.answers)
    _load_and_use(target)
