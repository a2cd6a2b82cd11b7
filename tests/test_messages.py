"""Messages in the user's language: every ``_()`` template in the code has a simplified Chinese
entry with the same placeholders, no entry is stale, no Chinese entry is English left as it was,
and click's common usage errors are recognised (the rest stay English)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crm_risk.i18n import Lang
from crm_risk.i18n.hant import traditional
from crm_risk.i18n.say import catalog, localize
from crm_risk.i18n.usage import PATTERNS, usage_line, usage_message
from crm_risk.msg import _FORMATTER, Msg, _, fill, verbatim
from tests.conftest import REPO

PACKAGE = REPO / "crm_risk"
CJK = re.compile(r"[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f“”]")


def _calls(tree: ast.AST) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_":
            yield node


def _modules() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _templates() -> dict[str, str]:
    """Every template in the code, with where it is (the first place)."""
    found: dict[str, str] = {}
    for path, tree in _modules():
        for call in _calls(tree):
            first = call.args[0] if call.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.setdefault(first.value, f"{path.relative_to(REPO)}:{call.lineno}")
    return found


def _fields(template: str) -> dict[str, set[tuple[str | None, str]]]:
    """Each placeholder's name, with the conversions and format specs it is used with."""
    fields: dict[str, set[tuple[str | None, str]]] = {}
    for _literal, name, spec, conversion in _FORMATTER.parse(template):
        if name is not None:
            fields.setdefault(name, set()).add((conversion, spec or ""))
    return fields


def test_every_call_has_a_literal_template_and_imports_it() -> None:
    wrong = []
    for path, tree in _modules():
        calls = list(_calls(tree))
        if not calls or path.name == "msg.py":
            continue
        imported = any(
            isinstance(node, ast.ImportFrom)
            and node.module == "crm_risk.msg"
            and any(alias.name == "_" and alias.asname is None for alias in node.names)
            for node in ast.walk(tree)
        )
        if not imported:
            wrong.append(f"{path.name}: calls _() without importing it from crm_risk.msg")
        for call in calls:
            first = call.args[0] if call.args else None
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                wrong.append(f"{path.name}:{call.lineno}: _() without a literal template")
            if len(call.args) != 1:
                wrong.append(f"{path.name}:{call.lineno}: values go by name, not position")
    assert wrong == []


def test_nothing_else_is_named_underscore_where_underscore_is_the_message_maker() -> None:
    """``for key, _ in ...`` in a function that also calls ``_()`` would call the wrong thing."""
    wrong = []
    for path, tree in _modules():
        if path.name == "msg.py" or not any(True for _call in _calls(tree)):
            continue
        for node in ast.walk(tree):
            bound = (
                (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id == "_")
                or (isinstance(node, ast.arg) and node.arg == "_")
                or (isinstance(node, ast.FunctionDef) and node.name == "_")
            )
            if bound:
                wrong.append(f"{path.name}:{getattr(node, 'lineno', '?')}")
    assert wrong == []


def test_every_template_has_a_chinese_entry_with_the_same_placeholders() -> None:
    zh = catalog()
    templates = _templates()
    assert len(templates) > 200
    missing = {t: where for t, where in templates.items() if t not in zh}
    assert missing == {}
    for template, where in templates.items():
        english, chinese = _fields(template), _fields(zh[template])
        assert english.keys() == chinese.keys(), (where, template, zh[template])
        for name, uses in chinese.items():
            assert uses <= english[name], (where, template, name, uses, english[name])
        assert all(name.isidentifier() for name in english), (where, template)


def test_no_entry_is_stale() -> None:
    assert sorted(catalog().keys() - _templates().keys()) == []


def _sample(template: str) -> dict[str, object]:
    """Values that fit each placeholder's format spec."""
    values: dict[str, object] = {}
    for name, uses in _fields(template).items():
        specs = {spec for _conv, spec in uses}
        values[name] = 1.5 if "g" in specs else 255 if specs - {""} else f"<{name}>"
    return values


@pytest.mark.parametrize("lang", ["zh", "zh-Hant"])
def test_every_entry_fills_and_keeps_its_placeholders_in_traditional_chinese(lang: str) -> None:
    for english, chinese in catalog().items():
        values = _sample(english)
        said = localize(Msg(english, values), lang)
        assert said != fill(english, values, str), english
        assert CJK.search(said), (english, said)
        if lang == "zh-Hant":
            assert _fields(traditional(chinese)) == _fields(chinese), chinese


def test_no_simplified_character_is_left_in_traditional_chinese() -> None:
    import opencc

    characters = opencc.OpenCC("s2tw")
    for chinese in catalog().values():
        converted = traditional(chinese)
        assert characters.convert(converted) == converted, chinese


#: Words that are code or names, not English, and may stand in a Chinese message as they are.
TERMS = frozenset(
    {
        *("YAML", "JSON", "HTML", "FIFO", "ASCII", "Unicode", "markdown", "crmrisk", "null"),
        *("true", "false", "schema", "help", "label", "choice", "choices", "value", "reason"),
        *("bands", "bank", "banks", "yesno", "unknown", "report", "compare"),
    }
)
#: What is code in a message: `quoted`, --options, variables, file suffixes, escapes, <metavars>.
CODE = re.compile(r"`[^`]*`|--[\w-]+|CRMRISK_\w+|\*?\.\w+|\\\w+|<[^>]*>|'[^']*'")


def english_words(text: str) -> list[str]:
    """Runs of four or more ASCII letters that are not code or a known name (English left in a
    Chinese message)."""
    return [w for w in re.findall(r"[A-Za-z]{4,}", CODE.sub(" ", text)) if w not in TERMS]


def test_no_chinese_entry_is_english_left_as_it_was() -> None:
    left = {
        english: chinese
        for english, chinese in catalog().items()
        if english_words(re.sub(r"\{[^}]*\}", " ", chinese))
    }
    assert left == {}


def test_the_english_words_check_can_fail() -> None:
    assert english_words("文件 is a directory") == ["directory"]
    assert english_words("请加 --force，或用 `choice: unknown`（.yaml）") == []


def test_a_message_is_english_by_default_and_data_is_never_translated() -> None:
    message = _("no such file")
    assert str(message) == "no such file"
    assert localize(message, Lang.en) == "no such file"
    assert localize(message, Lang.zh) == "文件不存在"
    assert localize(message, Lang.zh_Hant) == "檔案不存在"
    # Values are data: a value that happens to be simplified Chinese stays as it is.
    named = _(
        "unknown bank {name!r}; shipped banks: {banks} (or give a path to a bank file)",
        name="项目文件",
        banks="a, b",
    )
    assert "'项目文件'" in localize(named, Lang.zh_Hant)
    # A library's own words are said as they are, in every language.
    assert localize(verbatim("Input should be {weird}"), Lang.zh) == "Input should be {weird}"


def test_a_nested_message_is_said_in_the_same_language() -> None:
    found = _("expected a mapping at the top level, found {found}", found=_("a list"))
    assert str(found) == "expected a mapping at the top level, found a list"
    assert localize(found, "zh") == "顶层应为映射，实际为列表"


def test_the_catalog_loads_only_for_chinese() -> None:
    code = (
        "import sys\n"
        "from crm_risk.i18n.say import localize\n"
        "from crm_risk.msg import _\n"
        "print(localize(_('no such file'), 'en'))\n"
        "print(any('errors_zh' in m for m in sys.modules))\n"
        "print(localize(_('no such file'), 'zh'))\n"
        "print(any('errors_zh' in m for m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout == "no such file\nFalse\n文件不存在\nTrue\n"


# ---------------------------------------------------------------------------------------------
# click's usage errors

#: click's message, and what it says in Chinese (one of each pattern; typer 0.29's own wording
#: where it has one, classic click's where typer no longer says it that way).
USAGE = [
    (
        "No such option: --nope (Possible options: --force, --group)",
        "没有这个选项：--nope（可能的选项：--force, --group）",
    ),
    (
        "No such option: --colour Did you mean --color?",
        "没有这个选项：--colour。您要用的是不是 --color？",
    ),
    ("No such option: -Z", "没有这个选项：-Z"),
    (
        "No such command 'scor'. Did you mean 'score'?",
        "没有 'scor' 这个命令。您要用的是不是 'score'？",
    ),
    ("No such command 'grade'.", "没有 'grade' 这个命令"),
    ("Missing argument 'FILE_OR_DIR'.", "缺少参数 'FILE_OR_DIR'"),
    ("Missing option '--bank'.", "缺少选项 '--bank'"),
    ("Missing parameter: paths", "缺少参数：paths"),
    ("Missing command.", "缺少命令"),
    (
        "Invalid value for '--lang': 'xx' is not one of 'zh', 'zh-Hans', 'zh-Hant', 'en'.",
        "'--lang' 的值无效：'xx' 不是可选的值（'zh', 'zh-Hans', 'zh-Hant', 'en'）之一",
    ),
    (
        "Invalid value for '--format': invalid choice: pdf. (choose from table, json)",
        "'--format' 的值无效：pdf 不是可选的值（可选：table, json）",
    ),
    (
        "Invalid value for '--jobs' / '-j': Input should be a valid integer, unable to parse "
        "string as an integer",
        "'--jobs' / '-j' 的值无效：应为整数",
    ),
    (
        "Invalid value for '--jobs': 'x' is not a valid integer.",
        "'--jobs' 的值无效：'x' 不是有效的整数",
    ),
    (
        "Invalid value for '--jobs': Value 'x' is not a valid int.",
        "'--jobs' 的值无效：'x' 不是有效的 int",
    ),
    (
        "Invalid value for '--jobs' / '-j': Input should be greater than or equal to 1",
        "'--jobs' / '-j' 的值无效：应大于或等于 1",
    ),
    (
        "Invalid value for '--jobs': Input should be less than or equal to 64",
        "'--jobs' 的值无效：应小于或等于 64",
    ),
    (
        "Invalid value for '--jobs': 0 is not in the range x>=1.",
        "'--jobs' 的值无效：0 不在范围 x>=1 之内",
    ),
    ("Option '--lang' requires an argument.", "选项 '--lang' 后面需要一个值"),
    ("Option '--size' requires 2 arguments.", "选项 '--size' 后面需要 2 个值"),
    ("Option '--force' does not take a value.", "选项 '--force' 不接受值"),
    ("Got unexpected extra argument (x.yaml)", "多出了参数（x.yaml）"),
    ("Got unexpected extra arguments (x.yaml y.yaml)", "多出了参数（x.yaml y.yaml）"),
    ("Got unexpected extra argument(s) (extra)", "多出了参数（extra）"),
]


def test_every_usage_pattern_has_a_case() -> None:
    used = {next(i for i, (p, _m) in enumerate(PATTERNS) if p.fullmatch(m)) for m, _zh in USAGE}
    assert used == set(range(len(PATTERNS)))


@pytest.mark.parametrize(("click", "chinese"), USAGE, ids=[m for m, _zh in USAGE])
def test_a_usage_error_is_recognised_and_said_in_chinese(click: str, chinese: str) -> None:
    recognised = usage_message(click)
    assert isinstance(recognised, Msg)
    # The template is honest English: filled with what was recognised, it is click's text.
    assert fill(recognised.template, recognised.values, str) == click
    assert str(recognised) == click
    line = usage_line(click, "crmrisk score")
    assert localize(line, "en") == f"{click} (see 'crmrisk score --help')"
    assert localize(line, "zh") == f"{chinese}（用法见 'crmrisk score --help'）"


def test_an_unknown_usage_error_stays_english_tail_and_all() -> None:
    click = "Could not open file 'x': No such file"
    assert usage_message(click) == click
    line = usage_line(click, "crmrisk")
    assert localize(line, "zh") == "Could not open file 'x': No such file (see 'crmrisk --help')"


@pytest.mark.parametrize(
    ("args", "loaded"),
    [
        (["--version"], False),
        (["--help"], False),
        (["score", "--help"], False),
        (["score", "missing.yaml"], False),
        (["score", "--lang", "zh", "missing.yaml"], True),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else str(value),
)
def test_the_catalog_loads_only_when_a_message_is_said_in_chinese(
    args: list[str], loaded: bool, tmp_path: Path
) -> None:
    code = (
        "import sys\n"
        f"sys.argv = ['crmrisk', *{args!r}]\n"
        "from crm_risk.entry import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('CATALOG=' + str(any('errors_zh' in m for m in sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    assert done.stderr.endswith(f"CATALOG={loaded}"), done.stderr
