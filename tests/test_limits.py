"""The loading limits: read from the environment, and applied exactly at their edges."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_risk.errors import InputError, UsageError
from crm_risk.limits import DEPTH_CEILING, Limits
from crm_risk.readfile import read_text
from crm_risk.yamlio import parse

# 28 values once expanded: the top mapping, 3 keys, and 3 times the 8 values that &x names.
SHARED = "a: &x [1, [2, 3], {k: v}]\nb: *x\nc: *x\n"


def test_defaults() -> None:
    assert Limits.from_env({}) == Limits(
        max_file_bytes=1_048_576, max_depth=64, max_aliases=100, max_nodes=200_000
    )


def test_every_limit_can_be_set_from_the_environment() -> None:
    env = {
        "CRMRISK_MAX_FILE_BYTES": "5_000_000",
        "CRMRISK_MAX_DEPTH": " 128 ",
        "CRMRISK_MAX_ALIASES": "0",
        "CRMRISK_MAX_NODES": "1000000",
    }
    assert Limits.from_env(env) == Limits(5_000_000, 128, 0, 1_000_000)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("CRMRISK_MAX_FILE_BYTES", "1MB", "expected a positive whole number, not '1MB'"),
        ("CRMRISK_MAX_FILE_BYTES", "0", "expected a positive whole number, not '0'"),
        ("CRMRISK_MAX_NODES", "-5", "expected a positive whole number, not '-5'"),
        ("CRMRISK_MAX_ALIASES", "1.5", "expected a positive whole number, not '1.5'"),
        ("CRMRISK_MAX_DEPTH", str(DEPTH_CEILING + 1), f"at most {DEPTH_CEILING}"),
    ],
)
def test_a_bad_setting_is_a_usage_error_naming_the_variable(
    name: str, value: str, message: str
) -> None:
    with pytest.raises(UsageError) as caught:
        Limits.from_env({name: value})
    assert str(caught.value).startswith(f"{name}: ")
    assert message in str(caught.value)


def test_the_deepest_allowed_setting_loads_without_crashing() -> None:
    depth = DEPTH_CEILING
    text = "a: " + "[" * (depth - 1) + "]" * (depth - 1) + "\n"
    data, _ = parse(text, "deep.yaml", Limits(max_depth=depth))
    assert isinstance(data["a"], list)


def _refused(text: str, limits: Limits) -> str:
    with pytest.raises(InputError) as caught:
        parse(text, "f.yaml", limits)
    return caught.value.lines()[0]


def test_nodes_are_counted_with_aliases_expanded() -> None:
    data, _ = parse(SHARED, "f.yaml", Limits(max_nodes=28))
    assert data["b"] is data["a"], "aliases stay shared references"
    assert "more than 27 values once aliases are expanded" in _refused(SHARED, Limits(max_nodes=27))


def test_depth_is_checked_at_its_edge() -> None:
    parse("a: [[1]]\n", "f.yaml", Limits(max_depth=3))
    assert _refused("a: [[1]]\n", Limits(max_depth=2)) == (
        "f.yaml:1:5: nested more than 2 levels deep (set CRMRISK_MAX_DEPTH to raise the limit)"
    )


def test_aliases_are_counted_at_their_edge() -> None:
    parse(SHARED, "f.yaml", Limits(max_aliases=2))
    assert _refused(SHARED, Limits(max_aliases=1)).startswith(
        "f.yaml:3:4: more than 1 YAML aliases (*name) in one file"
    )
    assert "more than 0 YAML aliases" in _refused(SHARED, Limits(max_aliases=0))


def test_the_size_cap_is_exact(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    target.write_bytes(b"a: 1\n")
    assert read_text(target, "a.yaml", Limits(max_file_bytes=5)) == "a: 1\n"
    with pytest.raises(InputError) as caught:
        read_text(target, "a.yaml", Limits(max_file_bytes=4))
    assert caught.value.lines() == [
        "a.yaml: file too large: 5 bytes, the limit is 4 (set CRMRISK_MAX_FILE_BYTES to raise it)"
    ]


def test_the_environment_applies_when_no_limits_are_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.yaml"
    target.write_text(SHARED)
    monkeypatch.setenv("CRMRISK_MAX_FILE_BYTES", "10")
    with pytest.raises(InputError, match="file too large"):
        read_text(target, "a.yaml")
    monkeypatch.delenv("CRMRISK_MAX_FILE_BYTES")
    monkeypatch.setenv("CRMRISK_MAX_NODES", "10")
    with pytest.raises(InputError, match="more than 10 values"):
        parse(SHARED, "a.yaml")
