"""Property-based tests: random valid specs with hostile names and texts always give a good package.

The package compiles, is ruff-clean and Black-formatted, passes mypy --strict, imports, and
passes its own generated tests; and no spec string ever becomes code.

APIGEN_PROPERTY_EXAMPLES sets how many random spec sets are tried (default 6; each example runs
ruff, mypy and pytest on the generated package).
"""

from __future__ import annotations

import ast
import functools
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.distributions import import_paths
from generator.ir.naming import attribute_name, pascal_case, resource_class, vocabulary

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = int(os.environ.get("APIGEN_PROPERTY_EXAMPLES", "6"))
# Cheaper examples (render, ruff and black only): APIGEN_LAYOUT_EXAMPLES, default 30.
LAYOUT_EXAMPLES = int(os.environ.get("APIGEN_LAYOUT_EXAMPLES", "30"))
MARKER = "INJECTED_MARKER"  # would show up as a Name node if spec text ever escaped its string

HOSTILE_TEXT = [
    '"""',
    "'''",
    "\\",
    "\\n",
    "{{ api.name }}",
    "{% if true %}x{% endif %}",
    "# not a comment",
    'ends with a quote"',
    "x" * 400,
    "line one\nline two\n\n  indented",
    f'"""\n{MARKER}()\n"""',
    f"'''; {MARKER}() #",
    f'\\""" + {MARKER}() + """',
    "tab\there",
    "ünïcödé ✓ 名前",
    "\r\nwindows",
]
HOSTILE_NAMES = [
    "class",
    "from",
    "import",
    "def",
    "lambda",
    "list",
    "type",
    "id",
    "json",
    "schema",
    "copy",
    "model_config",
    "model_dump",
    "self",
    "None",
    "True",
    "match",
    "__init__",
    "_links",
    "first name",
    "first-name",
    "FirstName",
    "firstName",
    "名前",
    "ünï",
    "1st",
    "$ref",
    "a.b",
    "x" * 60,
    "an_enumeration_or_model_name_long_enough_to_push_annotations_past_the_line",
    "data",
    "timeout",
    "extra_headers",
    "str",
    "int",
    "float",
    "bool",
    "dict",
    "Any",
    "Field",
    # Lowercase names the generated code imports or reads in a class body.
    "request_rules",
    "frozenset",
    "cached_property",
    "model_validator",
    "builtins",
    "httpx",
    "datetime",
    "date",
]
# Names the generated code takes from elsewhere (pydantic, typing, the runtime) or gives its own
# objects, as a type may be named: the spec's type keeps the name, the import gets an alias.
RESERVED_TYPE_NAMES = sorted(n for n in vocabulary() if re.fullmatch(r"[A-Z][A-Za-z0-9]*", n))
# The resource classes of the spec below, which share a module with its types.
RESOURCE_CLASSES = {
    name
    for sync in [resource_class(("things",))]
    for flavour in (sync, f"Async{sync}")
    for name in (flavour, f"{flavour}WithRawResponse")
}

texts = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=40))
wire_names = st.one_of(
    st.sampled_from(HOSTILE_NAMES + RESERVED_TYPE_NAMES),
    st.from_regex(r"[a-z][a-zA-Z0-9_ -]{0,14}", fullmatch=True),
)
class_names = st.one_of(st.sampled_from(RESERVED_TYPE_NAMES), wire_names.map(pascal_case))
scalar_types = st.sampled_from(
    [
        "string",
        "integer",
        "number",
        "boolean",
        "datetime",
        "date",
        "epoch_ms",
        "uuid",
        "any",
        "object",
    ]
)


def _unique_by_python_name(
    names: list[str], taken: set[str] = frozenset()  # type: ignore[assignment]
) -> list[str]:
    out, seen = [], set(taken)
    for name in names:
        python = attribute_name(name)
        if python not in seen:
            seen.add(python)
            out.append(name)
    return out


@st.composite
def field_specs(draw: st.DrawFn, type_names: list[str]) -> dict[str, Any]:
    base = draw(
        st.one_of(scalar_types, st.sampled_from(type_names) if type_names else scalar_types)
    )
    wrap = draw(st.sampled_from(["", "list", "map"]))
    type_text = f"{wrap}[{base}]" if wrap else base
    field: dict[str, Any] = {"type": type_text}
    if draw(st.booleans()):
        field["nullable"] = True
    if draw(st.booleans()):
        field["optional"] = True
    if draw(st.booleans()):
        field["description"] = draw(texts)
    if base == "string" and not wrap and draw(st.booleans()):
        values = _unique_by_enum(
            draw(
                st.lists(
                    st.one_of(st.sampled_from(HOSTILE_TEXT[:8]), st.text(min_size=1, max_size=8)),
                    min_size=1,
                    max_size=4,
                )
            )
        )
        field["enum"] = values
    return field


def _unique_by_enum(values: list[str]) -> list[str]:
    from generator.ir.naming import enum_member_name

    out, seen = [], set()
    for value in values:
        member = enum_member_name(value)
        if member not in seen and value not in out:
            seen.add(member)
            out.append(value)
    return out


@st.composite
def specs(draw: st.DrawFn, index: int) -> dict[str, Any]:
    name = f"prop{index}"
    type_names: list[str] = []
    types: dict[str, Any] = {}
    inline: set[str] = set()  # the inline enums' names: types too
    for class_name in [*draw(st.lists(class_names, min_size=1, max_size=3)), "Thing"]:
        taken = class_name in types or class_name in RESOURCE_CLASSES or class_name in inline
        if (
            taken
            or not re.fullmatch(r"[A-Z][A-Za-z0-9]*", class_name)
            or (class_name == "Thing" and types)
        ):
            continue
        wires = _unique_by_python_name(draw(st.lists(wire_names, min_size=1, max_size=5)))
        fields = {wire: draw(field_specs(type_names)) for wire in wires}
        # Inline enums are named <Type><Field>: skip fields whose enum name is already a type.
        fields = {
            w: f
            for w, f in fields.items()
            if "enum" not in f or class_name + pascal_case(w) not in types
        }
        types[class_name] = {"description": draw(texts), "fields": fields}
        type_names.append(class_name)
        inline |= {class_name + pascal_case(w) for w, f in fields.items() if "enum" in f}
    main_type = type_names[-1]
    query = {
        w: {
            "type": draw(scalar_types.filter(lambda t: t not in ("any", "object"))),
            "optional": True,
            "description": draw(texts),
        }
        for w in _unique_by_python_name(draw(st.lists(wire_names, max_size=3)), {"id"})
    }
    return {
        "api": {
            "name": name,
            "title": draw(texts) or "API",
            "version": "v1",
            "client": f"Prop{index}Client",
            "source": "random",
            "description": draw(texts),
            "base_url": {"default": "https://example.test/base", "env": f"PROP{index}_BASE_URL"},
            "auth": {"scheme": "bearer", "credentials": {"token": {"env": f"PROP{index}_TOKEN"}}},
            "error_body": {"messages": ["error"]},
        },
        "types": types,
        "resources": {
            "things": {
                "description": draw(texts),
                "operations": {
                    "list": {
                        "endpoint": "GET /things",
                        "summary": draw(texts),
                        "query": query,
                        "response": f"list[{main_type}]",
                    },
                    "retrieve": {
                        "endpoint": "GET /things/{id}",
                        "description": draw(texts),
                        "path": {"id": {"type": "string", "description": draw(texts)}},
                        "response": {"type": main_type, "nullable": True},
                    },
                    "create": {
                        "endpoint": "POST /things",
                        "body": {"type": main_type},
                        "response": main_type,
                    },
                },
            }
        },
    }


def _run(*command: str, cwd: Path, env: dict[str, str] | None = None) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout}\n{result.stderr}"


@functools.cache
def _black_leaves(text: str, stub: bool) -> bool:
    """Whether black (configured as in pyproject.toml) leaves `text` as it is. Black runs in
    this process, and a text is checked once: every example's runtime core is the same."""
    import black

    config = black.parse_pyproject_toml(str(ROOT / "pyproject.toml"))
    mode = black.Mode(
        line_length=config["line_length"],
        target_versions={black.TargetVersion[v.upper()] for v in config["target_version"]},
        is_pyi=stub,
    )
    try:
        black.format_file_contents(text, fast=False, mode=mode)
    except black.NothingChanged:
        return True
    return False


# No shrinking: each example runs ruff, mypy and pytest, so shrinking would take many minutes;
# the failing example is reported as drawn.
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
)
@given(
    st.lists(st.integers(0, 9), min_size=1, max_size=2, unique=True).flatmap(
        lambda indexes: st.tuples(*(specs(i) for i in indexes))
    )
)
def test_any_valid_spec_gives_a_sound_package(
    tmp_path_factory: Any, spec_set: tuple[dict[str, Any], ...]
) -> None:
    work = tmp_path_factory.mktemp("property")
    (work / "specs").mkdir()
    for spec in spec_set:
        text = yaml.safe_dump(spec, allow_unicode=True, sort_keys=False)
        (work / "specs" / f"{spec['api']['name']}.yaml").write_text(text, encoding="utf-8")
    out = work / "out"
    assert main(["--root", str(work), "--out", str(out), "generate"]) == 0

    for path in out.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        names |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        assert MARKER not in names, f"spec text became code in {path}"
    # Line length aside: spec text (a title in a docstring, a long example string) can make a
    # line that black leaves whole, as the per-file ignores of generated/ in pyproject.toml say.
    _run(
        sys.executable,
        "-m",
        "ruff",
        "check",
        "--config",
        str(ROOT / "pyproject.toml"),
        "--extend-ignore",
        "E501",
        "--no-cache",
        ".",
        cwd=out,
    )
    unformatted = [
        path.relative_to(out).as_posix()
        for path in sorted(out.rglob("*.py*"))
        if path.suffix in (".py", ".pyi")
        and not _black_leaves(path.read_text(encoding="utf-8"), path.suffix == ".pyi")
    ]
    assert not unformatted, f"black would reformat {unformatted}"
    _run(
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--cache-dir",
        str(ROOT / ".mypy_cache" / "property"),
        "--explicit-package-bases",
        *(str(path / "apiclients") for path in import_paths(out)),
        cwd=out,
        env={**os.environ, "MYPYPATH": os.pathsep.join(map(str, import_paths(out)))},
    )
    _run(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests", cwd=out)


@settings(
    max_examples=LAYOUT_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
@given(st.integers(0, 9).flatmap(specs))
def test_default_generation_gives_what_black_gives_on_whole_files(
    tmp_path_factory: Any, spec: dict[str, Any]
) -> None:
    """Ruff and its one rule (generator/render/formatter.py) format as black does: byte for byte
    black's own formatting of the whole files (`generate --format`)."""
    from generator.openapi import build_openapi, dumps
    from generator.pipeline import Project, load
    from generator.render.render import Renderer

    work = tmp_path_factory.mktemp("layout")
    (work / "specs").mkdir()
    text = yaml.safe_dump(spec, allow_unicode=True, sort_keys=False)
    (work / "specs" / f"{spec['api']['name']}.yaml").write_text(text, encoding="utf-8")
    loaded = load(Project.at(work))
    apis = [api.ir for api in loaded]
    openapi = {api.model.name: dumps(build_openapi(api.model)) for api in loaded}
    ours = Renderer().render(apis, openapi, {})
    blacks = Renderer(with_black=True).render(apis, openapi, {})
    assert [(f.path, f.text) for f in ours] == [(f.path, f.text) for f in blacks]
