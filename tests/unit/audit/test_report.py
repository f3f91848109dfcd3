"""The audit's findings as a person reads them: what, where the document prints it, where the
spec should change."""

from __future__ import annotations

from generator.audit.compare import Finding
from generator.audit.report import as_markdown, as_text

CHANNEL = Finding(
    "field-missing",
    "Rating.channel",
    "string, nullable",
    "nicereply-v1.txt:113",
    "specs/nicereply.yaml:200:5",
    "types.Rating.fields",
    "not declared where it belongs",
    ("nicereply-v1.txt:296", "nicereply-v1.txt:410"),
)


def test_text_is_one_line_naming_the_field_both_places_and_the_repeats() -> None:
    assert as_text("nicereply", [CHANNEL]) == (
        "nicereply-v1.txt:113 (also 296, 410): field-missing: Rating.channel (string, nullable):"
        " not declared where it belongs; spec specs/nicereply.yaml:200:5 (types.Rating.fields)\n"
        "nicereply: 1 unexplained (1 field-missing)\n"
    )


def test_markdown_is_a_row_per_finding_with_pipes_escaped() -> None:
    piped = Finding("type-differs", "X.y", "int | null", "a.txt:1", "s.yaml:2:3", "types.X", "d")
    rows = as_markdown("api", [CHANNEL, piped]).splitlines()
    assert rows[0] == "**api**: 2 unexplained"
    assert rows[4] == (
        "| field-missing | `Rating.channel (string, nullable)` | nicereply-v1.txt:113 (also 296,"
        " 410) | specs/nicereply.yaml:200:5 `types.Rating.fields` | not declared where it belongs |"
    )
    assert rows[5] == "| type-differs | `X.y (int \\| null)` | a.txt:1 | s.yaml:2:3 `types.X` | d |"
