"""The review of a spec diff: one row per change written in the spec, the operations it reaches,
links to the spec line, plain values, and the rules as the maintainers' guide states them."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from generator.diff import diff_specs
from generator.diff_report import SpecSide, as_markdown, as_text, review_rows
from generator.resolved.build import resolve
from generator.spec.loader import parse_spec
from tests.test_diff import BASE, edit

ROOT = Path(__file__).resolve().parents[1]


def side(text: str, path: str = "specs/shop.yaml", revision: str | None = None) -> SpecSide:
    return SpecSide(resolve(parse_spec(text, path)), path, revision)


def line_of(text: str, needle: str) -> int:
    """The line of `text` holding `needle`, counted from 1."""
    return text[: text.index(needle)].count("\n") + 1


def rows_for(old_text: str, new_text: str) -> tuple[int, list[tuple[str, str, str, list[str]]]]:
    old, new = side(old_text, revision="main"), side(new_text)
    changes = diff_specs(old.api, new.api)
    rows = review_rows(changes, {"shop": (old, new)})
    return len(changes), [(r.rule, r.message, r.location, sorted(r.reaches)) for r in rows]


UPDATE = (
    "      update:\n        endpoint: PATCH /items/{id}\n        path: {id: string}\n"
    "        body: {type: ItemPatch}\n        response: Item\n"
)
WITH_PATCH = (
    BASE.replace("resources:\n", "  ItemPatch:\n    partial: ItemInput\nresources:\n") + UPDATE
)


def test_a_removed_field_is_one_row_however_many_places_repeat_it() -> None:
    """The field, its copy in a partial type, and the arguments both bodies spread: one row."""
    removed = WITH_PATCH.replace("      price: {type: integer, optional: true}\n", "", 1)
    count, rows = rows_for(WITH_PATCH, removed)
    assert count == 4
    assert rows == [
        (
            "field-removed",
            "ItemInput.price removed",
            f"main:specs/shop.yaml:{line_of(WITH_PATCH, 'price: {type: integer, optional')}",
            ["items.create", "items.update"],
        )
    ]


def test_a_change_to_a_shared_block_is_one_row_naming_the_block_and_its_operations() -> None:
    shared = edit("        query:\n", "        query: &listing\n").replace(
        "      retrieve:\n",
        "      search:\n        endpoint: GET /items/search\n        query: *listing\n"
        "        response: list[Item]\n      retrieve:\n",
    )
    bounded = shared.replace("maximum: 100", "maximum: 50")
    count, rows = rows_for(shared, bounded)
    assert count == 2
    assert rows == [
        (
            "maximum-tightened",
            "per_page: maximum 100 is now 50 (shared block &listing)",
            f"specs/shop.yaml:{line_of(bounded, 'per_page:')}",
            ["items.list", "items.search"],
        )
    ]


def test_values_read_as_the_spec_writes_them() -> None:
    with_defaults = edit(
        "color: {type: Color, optional: true}", "color: {type: Color, optional: true, default: red}"
    )
    changed = with_defaults.replace("default: red", "default: green").replace(
        "enum: [red, green]", "enum: [red, green, blue]"
    )
    _, rows = rows_for(with_defaults, changed)
    messages = sorted(message for _, message, _, _ in rows)
    assert messages == [
        "Color: enum values added: blue",
        "items.list: documented default of color red is now green",
    ]
    _, rows = rows_for(BASE, edit("maximum: 100", "maximum: 100.5"))
    assert rows[0][1] == "items.list(per_page): maximum 100 is now 100.5"
    assert not any(re.search(r"\['|\d\.0\b", message) for _, message, _, _ in rows)


LABEL = line_of(BASE, "label: {type: string")


def test_text_and_markdown_link_each_row_to_its_line_and_list_what_it_reaches() -> None:
    old, new = side(BASE, revision="main"), side(
        edit("      label: {type: string, optional: true}\n", "")
    )
    rows = review_rows(diff_specs(old.api, new.api), {"shop": (old, new)})
    assert as_text(rows) == (
        "Breaking changes (1):\n"
        "  shop: Item.label removed  [field-removed]\n"
        f"      at main:specs/shop.yaml:{LABEL}; reaches items.create, items.list, items.retrieve\n"
        "Suggested version bump: major\n"
    )
    linked = as_markdown(rows, "https://example.com/o/r/blob/", {"main": "abc123"})
    assert (
        "| shop | Item.label removed"
        f" | [main:specs/shop.yaml:{LABEL}](https://example.com/o/r/blob/abc123/specs/shop.yaml#L{LABEL})"
        " | `items.create`, `items.list`, `items.retrieve` | `field-removed` |"
    ) in linked
    assert "### apigen diff: major version bump suggested" in linked


COLOR = line_of(BASE, "  Color:")


def test_the_cli_links_to_the_commits_it_compares(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "specs").mkdir()
    spec = tmp_path / "specs" / "shop.yaml"
    spec.write_text(BASE, encoding="utf-8")
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    spec.write_text(edit("enum: [red, green]", "enum: [red, green, blue]"), encoding="utf-8")
    subprocess.run([*git, "commit", "-qam", "blue"], check=True)
    head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    argv = ["--root", str(tmp_path), "diff", "--base", "HEAD~1", "--format", "markdown"]
    assert main([*argv, "--link-base", "https://example.com/blob"]) == 0
    assert (
        f"[specs/shop.yaml:{COLOR}](https://example.com/blob/{head.strip()}/specs/shop.yaml#L{COLOR})"
        in capsys.readouterr().out
    )


def test_the_guide_lists_every_rule_the_classifier_applies() -> None:
    """docs/maintainers.md states the rules; a rule the classifier gains must be stated there."""
    source = "".join(
        (ROOT / "generator" / name).read_text(encoding="utf-8") for name in ("diff.py", "cli.py")
    )
    rules = {
        rule
        for rule in re.findall(r'"([a-z]+(?:-[a-z]+)+)"', source)
        if rule not in ("ls-tree", "rev-parse")
    }
    guide = (ROOT / "docs" / "maintainers.md").read_text(encoding="utf-8")
    table = guide[guide.index("| change | breaking | compatible |") :]
    assert sorted(rule for rule in rules if f"`{rule}`" not in table) == []
    assert "a type narrowed: `type-narrowed` | in requests | in responses" in table
