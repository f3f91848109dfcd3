"""`apigen generate` with nothing to do decides so before importing the generator: its cost is the
interpreter's start-up (`make bench` measures it; no time is asserted here), which holds only while
the check imports none of the modules below."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import _runs_generate, _with_generate, main, parser

GOLDEN_SPECS = Path(__file__).resolve().parent / "golden" / "specs"
# Each is tens of milliseconds or more to import; none is needed to see that nothing changed.
HEAVY = (
    "pydantic",
    "yaml",
    "jinja2",
    "generator.pipeline",
    "generator.resolved",
    "generator.ir",
    "generator.render.render",
    "generator.audit",
    "generator.importer",
    "generator.spec.loader",
)
PROBE = """
import json, sys
import pytest

from generator.cli import _runs_generate, _with_generate, main, parser
code = main(sys.argv[1:])
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {"pydantic", "yaml", "jinja2"}
               or m.startswith(tuple(json.loads(%r))))
print(json.dumps({"code": code, "heavy": heavy}))
"""


def _generate_imports(args: list[str]) -> tuple[int, list[str]]:
    """`apigen ARGS generate` in a fresh interpreter: its exit code and the heavy modules it
    imported."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE % json.dumps(HEAVY[3:]), *args, "generate"],
        capture_output=True,
        text=True,
        check=True,
    )
    output = json.loads(result.stdout.splitlines()[-1])
    return int(output["code"]), list(output["heavy"])


def test_a_noop_generate_imports_nothing_heavy(tmp_path: Path) -> None:
    args = ["--root", str(tmp_path), "--specs", str(GOLDEN_SPECS), "--out", str(tmp_path / "g")]
    assert main([*args, "generate"]) == 0  # in this process: the first run does the work
    assert _generate_imports(args) == (0, [])


def test_the_probe_sees_a_run_that_does_work(tmp_path: Path) -> None:
    # The same probe on a run with something to do finds the generator's modules: the test above
    # can fail.
    args = ["--root", str(tmp_path), "--specs", str(GOLDEN_SPECS), "--out", str(tmp_path / "g")]
    code, heavy = _generate_imports(args)
    assert code == 0
    assert {"pydantic", "yaml", "jinja2", "generator.pipeline"} <= set(heavy)


def test_the_audit_commands_help_names_the_documents_variable(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from generator.audit.sources import DOCS_ENV

    with pytest.raises(SystemExit):
        main(["facts", "--help"])
    assert f"${DOCS_ENV}" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["generate"],
        ["generate", "--format"],
        ["--root", "generate", "generate"],
        ["--root=/r", "--specs", "s", "--out=o", "generate", "--format"],
        ["--out", "o", "generate", "--form"],
    ],
)
def test_a_generate_command_line_parses_alone_as_the_whole_parser_parses_it(
    argv: list[str],
) -> None:
    assert _runs_generate(argv)
    alone, whole = _with_generate()[0].parse_args(argv), parser().parse_args(argv)
    assert vars(alone) == vars(whole)


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["check"],
        ["--ro", ".", "generate"],
        ["generate", "--help"],
        ["-h", "generate"],
        ["--root"],
        ["diff", "generate"],
    ],
)
def test_other_command_lines_go_to_the_whole_parser(argv: list[str]) -> None:
    assert not _runs_generate(argv)
