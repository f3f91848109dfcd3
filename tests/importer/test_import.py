"""`apigen import`: small OpenAPI documents written for this project, each mapping a group of
constructs, against their golden records (`regen.py` rewrites them); broken documents against
their expected errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.importer import constructs
from generator.importer import document as document_module
from generator.importer.build import import_document
from generator.importer.document import DocumentError
from generator.openapi import build_openapi
from generator.pipeline import Project, load, render
from generator.resolved.build import resolve_file

from .golden import DOCUMENTS, EXPECTED, HERE, api_name, records

BROKEN = HERE / "broken"
BROKEN_EXPECTED: dict[str, str] = yaml.safe_load((BROKEN / "expected.yaml").read_text())


@pytest.mark.parametrize("document", DOCUMENTS, ids=[d.name for d in DOCUMENTS])
def test_import_matches_its_golden_record(document: Path) -> None:
    for name, text in records(document).items():
        expected = (EXPECTED / name).read_text(encoding="utf-8")
        assert text == expected, f"{name} changed: run tests/importer/regen.py and review"


@pytest.mark.parametrize("document", DOCUMENTS, ids=[d.name for d in DOCUMENTS])
def test_round_trip_differences_are_explained(document: Path) -> None:
    """Every difference between the document and the export carries a note, except the ones
    the golden record lists as the generator's (each named in the record)."""
    lines = (EXPECTED / f"{document.stem}.roundtrip.txt").read_text().splitlines()
    unexplained = [line for line in lines if line.startswith("UNEXPLAINED")]
    assert all(" required " in line and "/kind" in line for line in unexplained), unexplained


def test_import_is_deterministic() -> None:
    document = DOCUMENTS[0]
    first = import_document(document, "x").text
    assert import_document(document, "x").text == first


@pytest.mark.parametrize("name", sorted(BROKEN_EXPECTED))
def test_broken_document_is_refused(name: str) -> None:
    path = BROKEN / name
    with pytest.raises(DocumentError) as caught:
        import_document(path, "x", name)
    assert str(caught.value) == BROKEN_EXPECTED[name].replace("{file}", name)


def test_every_broken_document_has_its_expectation() -> None:
    files = {p.name for p in BROKEN.iterdir()} - {"expected.yaml"}
    assert files == set(BROKEN_EXPECTED)


def test_cli_refuses_writes_nothing_and_prints_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "x.yaml"
    code = main(["import", str(BROKEN / "missing_ref.yaml"), "--name", "x", "--out", str(target)])
    err = capsys.readouterr().err
    assert code == 2
    assert not target.exists()
    assert "#/paths/~1pets/get/responses/200" in err and "does not exist" in err
    assert "Traceback" not in err


def test_cli_refuses_a_name_that_is_not_snake_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--root", str(tmp_path), "import", str(DOCUMENTS[0]), "--name", "Bad-Name"])
    assert code == 2 and "snake_case" in capsys.readouterr().err
    assert not (tmp_path / "specs").exists()


def test_cli_writes_specs_name_and_lists_notes_with_pointers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = HERE / "documents" / "operations.yaml"
    code = main(
        ["--root", str(tmp_path), "import", str(document), "--name", "operations", "--check"]
    )
    out = capsys.readouterr().out
    written = (tmp_path / "specs" / "operations.yaml").read_text()
    assert written == (EXPECTED / "operations.yaml").read_text()
    assert "#/paths/~1v2~1uploads~1batch/post/requestBody/content: body.multipart [blocks]" in out
    assert re.search(r"round trip: \d+ difference\(s\), 0 without a note", out)
    assert code == 0


def test_a_document_over_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(document_module, "MAX_DOCUMENT_BYTES", 100)
    with pytest.raises(DocumentError, match="larger than 100 bytes"):
        import_document(DOCUMENTS[0], "x")


def test_nesting_too_deep_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"openapi": "3.0.0", "paths": {}, "x": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(DocumentError, match="nests too deeply"):
        import_document(path, "x")


def test_imported_specs_generate(tmp_path: Path) -> None:
    """The generator renders what the importer writes (one API each)."""
    (tmp_path / "specs").mkdir()
    for document in DOCUMENTS:
        (tmp_path / "specs" / f"{api_name(document)}.yaml").write_bytes(
            (EXPECTED / f"{document.stem}.yaml").read_bytes()
        )
    project = Project.at(tmp_path)
    files = render(project, load(project))
    assert any(f.path.endswith("shapes/types.py") for f in files)


def test_every_construct_in_the_table_is_used_and_every_used_one_is_in_it() -> None:
    source = "".join(
        p.read_text()
        for p in Path(constructs.__file__).parent.glob("*.py")
        if p.name != "constructs.py"
    )
    used = set(
        re.findall(
            r'"((?:auth|servers|operation|parameter|body|response|schema|example|'
            r'document)\.[a-z0-9_]+)"',
            source,
        )
    )
    assert used == set(constructs.CONSTRUCTS)


def test_docs_list_every_construct() -> None:
    text = (HERE.parents[1] / "docs" / "importing.md").read_text(encoding="utf-8")
    missing = [c for c in constructs.CONSTRUCTS if f"`{c}`" not in text]
    assert not missing, f"docs/importing.md does not list {missing}"


def test_api_keys_come_back_from_the_export(tmp_path: Path) -> None:
    """The showcase's API keys (a header key and a query key, required together), exported to
    OpenAPI and imported again, are the same credentials in the same places."""
    showcase = HERE.parents[1] / "tests" / "golden" / "specs" / "showcase.yaml"
    exported = tmp_path / "showcase.json"
    exported.write_text(json.dumps(build_openapi(resolve_file(showcase, "showcase.yaml"))))
    imported = import_document(exported, "showcase").spec["api"]["auth"]
    written = yaml.safe_load(showcase.read_text(encoding="utf-8"))["api"]["auth"]
    assert imported["scheme"] == written["scheme"] == "api_key"
    assert imported["credentials"] == written["credentials"]


def test_header_and_cookie_parameters_come_back_from_the_export(tmp_path: Path) -> None:
    """The showcase's header and cookie parameters, exported to OpenAPI and imported again, are
    the same parameters, required or not, in the same places."""
    showcase = HERE.parents[1] / "tests" / "golden" / "specs" / "showcase.yaml"
    exported = tmp_path / "showcase.json"
    exported.write_text(json.dumps(build_openapi(resolve_file(showcase, "showcase.yaml"))))
    imported = import_document(exported, "showcase").spec["resources"]["documents"]["operations"]
    written = yaml.safe_load(showcase.read_text(encoding="utf-8"))["resources"]["documents"]
    for name, op in written["operations"].items():
        for key in ("headers", "cookies"):
            mine = {w: (p["type"], p.get("description")) for w, p in op.get(key, {}).items()}
            found = next(o for o in imported.values() if o["endpoint"] == op["endpoint"])
            theirs = {w: (p["type"], p.get("description")) for w, p in found.get(key, {}).items()}
            assert theirs == mine, (name, key)


def test_names_made_of_long_owners_are_cut_to_their_last_words(tmp_path: Path) -> None:
    """An inline object deep in an operation's response gets a short type name (its last words),
    and a method whose operationId repeats its resource's name drops it."""
    leaf = {"type": "object", "properties": {"code": {"type": "string"}}}
    deep: dict[str, object] = leaf
    for wire in ("conversionRule", "measurementUnits", "familyDetails"):
        deep = {"type": "object", "properties": {wire: deep}}
    document = {
        "openapi": "3.0.0",
        "info": {"title": "Long", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {
            "/measurement-families": {
                "get": {
                    "operationId": "MeasurementFamilies_GetMeasurementFamiliesList",
                    "tags": ["MeasurementFamilies"],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": deep}},
                        }
                    },
                }
            }
        },
    }
    path = tmp_path / "long.json"
    path.write_text(json.dumps(document))
    spec = import_document(path, "long").spec
    resource = spec["resources"]["measurement_families"]
    assert list(resource["operations"]) == ["get_measurement_families_list"]
    names = list(spec["types"])
    assert names and all(len(name) <= 40 for name in names), names
    # The words nearest the type are kept: the innermost object is the conversion rule's.
    assert any(name.endswith("ConversionRule") for name in names), names


def test_a_long_client_name_gives_an_import_example_within_the_line(tmp_path: Path) -> None:
    """The package docstring's `from apiclients.x import Client, AsyncClient` is parenthesized
    where the API's title makes the client names long."""
    document = {
        "openapi": "3.0.0",
        "info": {"title": "Facial Recognition Reverse Image Face Search API", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {"/faces": {"get": {"responses": {"204": {"description": "none"}}}}},
    }
    source = tmp_path / "faces.json"
    source.write_text(json.dumps(document))
    specs = tmp_path / "specs"
    specs.mkdir()
    assert main(["import", str(source), "--name", "faces", "--out", str(specs / "faces.yaml")]) == 0
    out = tmp_path / "out"
    assert (
        main(["--root", str(tmp_path), "--specs", str(specs), "--out", str(out), "generate"]) == 0
    )
    init = next(out.glob("faces/apiclients/faces/__init__.py")).read_text(encoding="utf-8")
    # (Both formatters take the docstring's common indentation off the example.)
    assert "\nfrom apiclients.faces import (\n    FacialRecognition" in init
    assert all(len(line) <= 100 for line in init.splitlines())


def _imported_and_loaded(tmp_path: Path, document: dict[str, object]) -> dict[str, object]:
    """The draft spec of `document`, after the generator has loaded it (a spec it refuses
    fails the test with the spec's own error)."""
    source = tmp_path / "doc.json"
    source.write_text(json.dumps(document))
    spec = import_document(source, "doc")
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "doc.yaml").write_text(spec.text)
    project = Project.at(tmp_path)
    assert load(project)
    return spec.spec


def test_an_array_schema_with_properties_is_not_paged(tmp_path: Path) -> None:
    """An `offset` parameter beside a response typed as an object (an array schema that also
    declares properties) gives no pagination: only a list pages."""
    jobs = {
        "type": "array",
        "items": {"type": "object", "properties": {"uuid": {"type": "string"}}},
        "properties": {"links": {"type": "array", "items": {"type": "string"}}},
    }
    document = {
        "openapi": "3.0.0",
        "info": {"title": "Jobs", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "components": {"schemas": {"Jobs": jobs}},
        "paths": {
            "/jobs": {
                "get": {
                    "operationId": "listJobs",
                    "parameters": [
                        {"name": "offset", "in": "query", "schema": {"type": "integer"}},
                        {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Jobs"}
                                }
                            },
                        }
                    },
                }
            }
        },
    }
    spec = _imported_and_loaded(tmp_path, document)
    (operation,) = [
        op for resource in spec["resources"].values() for op in resource["operations"].values()
    ]
    assert "pagination" not in operation
    assert not str(operation["response"]["type"]).startswith("list[")


def test_a_server_whose_variable_default_is_a_placeholder_is_left_out(tmp_path: Path) -> None:
    """`default: "{accountName}"` can make no URL: that server is left out with a note, the
    others kept."""
    document = {
        "openapi": "3.0.0",
        "info": {"title": "Shop", "version": "1"},
        "servers": [
            {"url": "https://shop.example.com"},
            {
                "url": "https://{accountName}.example.com",
                "variables": {"accountName": {"default": "{accountName}"}},
            },
        ],
        "paths": {
            "/items": {
                "get": {
                    "operationId": "listItems",
                    "responses": {"204": {"description": "none"}},
                }
            }
        },
    }
    spec = _imported_and_loaded(tmp_path, document)
    base = spec["api"]["base_url"]
    assert base["default"] == "https://shop.example.com"
    assert "environments" not in base and "variables" not in base
    assert [note["decision"] for note in base["notes"]] == ["The server is left out."]
