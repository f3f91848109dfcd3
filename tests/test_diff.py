"""`apigen diff`: one minimal spec pair per rule, each change classified as client users need."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from generator.diff import Change, bump, compare_types, diff_specs
from generator.resolved.build import resolve
from generator.resolved.nodes import Api
from generator.spec.errors import SpecErrors
from generator.spec.loader import parse_spec
from generator.spec.typeexpr import parse_type
from generator.spec.upgrade import upgrade

BASE = """\
api:
  name: shop
  title: Shop
  version: v1
  client: Shop
  source: shop.txt
  base_url: {default: "https://shop.example.com", env: SHOP_BASE_URL}
  auth: {scheme: bearer, credentials: {token: {env: SHOP_TOKEN}}}
  envelope: {data: data, fields: {meta: {type: Meta, optional: true}}}
  pagination:
    {style: page, page_param: page, current_page_field: meta.page, total_pages_field: meta.pages}
  error_body: {messages: [error]}
types:
  Meta:
    fields:
      page: integer
      pages: integer
  Color:
    enum: [red, green]
  Item:
    description: An item.
    fields:
      id: string
      price: {type: integer, nullable: true}
      color: Color
      label: {type: string, optional: true}
      tags: {type: "list[string]", optional: true}
  ItemInput:
    fields:
      name: {type: string, min_length: 1}
      price: {type: integer, optional: true}
      note: {type: string, nullable: true, optional: true}
resources:
  items:
    operations:
      list:
        endpoint: GET /items
        query:
          per_page: {type: integer, optional: true, maximum: 100}
          color: {type: Color, optional: true}
        response: list[Item]
        paginated: true
      retrieve:
        endpoint: GET /items/{id}
        path: {id: string}
        response: Item
      create:
        endpoint: POST /items
        body: {type: ItemInput}
        response: Item
"""


def load(text: str) -> Api:
    return resolve(parse_spec(text, "spec.yaml"))


def changes_for(old: str, new: str) -> list[Change]:
    return diff_specs(load(old), load(new))


def edit(old: str, new: str, count: int = 1) -> str:
    assert old in BASE, old
    return BASE.replace(old, new, count)


# (rule, edited spec, expected level)
CASES: list[tuple[str, str, str]] = [
    (
        "operation-removed",
        edit(
            "      retrieve:\n        endpoint: GET /items/{id}\n"
            "        path: {id: string}\n        response: Item\n",
            "",
        ),
        "breaking",
    ),
    (
        "operation-added",
        edit(
            "      create:\n",
            "      count:\n        endpoint: GET /items/count\n"
            "        response: integer\n      create:\n",
        ),
        "compatible",
    ),
    ("method-changed", edit("endpoint: POST /items", "endpoint: PUT /items"), "breaking"),
    ("path-changed", edit("endpoint: GET /items/{id}", "endpoint: GET /things/{id}"), "breaking"),
    ("pagination-changed", edit("        paginated: true\n", ""), "breaking"),
    (  # the operation's own style in place of the API's
        "pagination-changed",
        edit(
            "        paginated: true\n", "        pagination: {style: offset, offset_param: skip}\n"
        ),
        "breaking",
    ),
    (  # its list read from inside a body of its own: the code using the client sees items
        "list-location-changed",
        edit(
            "        paginated: true\n", "        paginated: true\n        items: _embedded.items\n"
        ),
        "compatible",
    ),
    (
        "envelope-changed",
        edit(
            "        response: Item\n      create:",
            "        response: Item\n        envelope: false\n      create:",
        ),
        "breaking",
    ),
    ("auth-changed", edit("scheme: bearer", "scheme: basic"), "breaking"),
    (
        "auth-changed",
        edit(
            "credentials: {token: {env: SHOP_TOKEN}}",
            "credentials: {access_token: {env: SHOP_TOKEN}}, oauth2: {authorize_url: /a, "
            "token_url: /t, grants: [refresh_token]}",
        ),
        "breaking",
    ),
    (
        "credential-removed",
        edit("credentials: {token: {env: SHOP_TOKEN}}", "credentials: {key: {env: SHOP_TOKEN}}"),
        "breaking",
    ),
    ("environment-variable-renamed", edit("env: SHOP_BASE_URL", "env: SHOP_URL"), "breaking"),
    (
        "base-url-changed",
        edit("https://shop.example.com", "https://api.shop.example.com"),
        "breaking",
    ),
    ("client-renamed", edit("client: Shop", "client: ShopClient"), "breaking"),
    ("type-added", edit("  Meta:", "  Extra:\n    enum: [x]\n  Meta:"), "compatible"),
    ("field-removed", edit("      label: {type: string, optional: true}\n", ""), "breaking"),
    (
        "field-added",
        edit(
            '      tags: {type: "list[string]", optional: true}\n',
            '      tags: {type: "list[string]", optional: true}\n'
            "      size: {type: integer, optional: true}\n",
        ),
        "compatible",
    ),
    (
        "request-field-added-required",
        edit(
            "      note: {type: string, nullable: true, optional: true}\n",
            "      note: {type: string, nullable: true, optional: true}\n      sku: string\n",
        ),
        "breaking",
    ),
    (
        "became-nullable",
        edit("      id: string\n", "      id: {type: string, nullable: true}\n"),
        "breaking",
    ),
    (
        "became-not-nullable",
        edit(
            "      note: {type: string, nullable: true, optional: true}",
            "      note: {type: string, optional: true}",
        ),
        "breaking",
    ),
    (
        "became-required",
        edit(
            "      price: {type: integer, optional: true}\n      note",
            "      price: integer\n      note",
        ),
        "breaking",
    ),
    (
        "became-optional",
        edit("      id: string\n", "      id: {type: string, optional: true}\n"),
        "breaking",
    ),
    ("type-changed", edit("      id: string\n", "      id: integer\n"), "breaking"),
    (
        "type-widened",
        edit(
            "      price: {type: integer, optional: true}\n      note",
            "      price: {type: number, optional: true}\n      note",
        ),
        "compatible",
    ),
    ("enum-value-removed", edit("enum: [red, green]", "enum: [red]"), "breaking"),
    ("enum-value-added", edit("enum: [red, green]", "enum: [red, green, blue]"), "compatible"),
    ("maximum-tightened", edit("maximum: 100", "maximum: 50"), "breaking"),
    ("maximum-relaxed", edit("maximum: 100", "maximum: 500"), "compatible"),
    ("min_length-tightened", edit("min_length: 1", "min_length: 3"), "breaking"),
    ("argument-removed", edit("          color: {type: Color, optional: true}\n", ""), "breaking"),
    (
        "argument-added",
        edit(
            "          color: {type: Color, optional: true}\n",
            "          color: {type: Color, optional: true}\n"
            "          q: {type: string, optional: true}\n",
        ),
        "compatible",
    ),
    (
        "required-argument-added",
        edit(
            "          color: {type: Color, optional: true}\n",
            "          color: {type: Color, optional: true}\n          shop: string\n",
        ),
        "breaking",
    ),
    (
        "response-type-changed",
        edit(
            "        path: {id: string}\n        response: Item",
            "        path: {id: string}\n        response: Meta",
        ),
        "breaking",
    ),
    (
        "response-became-nullable",
        edit(
            "        path: {id: string}\n        response: Item",
            "        path: {id: string}\n        response: {type: Item, nullable: true}",
        ),
        "breaking",
    ),
    ("body-type-changed", edit("body: {type: ItemInput}", "body: {type: Item}"), "breaking"),
    (
        "deprecated",
        edit(
            "        endpoint: GET /items/{id}\n",
            "        endpoint: GET /items/{id}\n        deprecated: true\n",
        ),
        "compatible",
    ),
    (
        "description-changed",
        edit("description: An item.", "description: A thing for sale."),
        "documentation",
    ),
    (
        "python-name-changed",
        edit(
            "      label: {type: string, optional: true}",
            "      label: {type: string, optional: true, name: caption}",
        ),
        "breaking",
    ),
    (
        "max_items-tightened",
        edit(
            "      note: {type: string, nullable: true, optional: true}",
            "      note: {type: string, nullable: true, optional: true, "
            'separator: ",", max_items: 2}',
        ),
        "breaking",
    ),
    (
        "min_items-tightened",
        edit(
            '      tags: {type: "list[string]", optional: true}',
            '      tags: {type: "list[string]", optional: true, min_items: 1}',
        ),
        "compatible",
    ),
    (
        "separator-changed",
        edit(
            "      note: {type: string, nullable: true, optional: true}",
            '      note: {type: string, nullable: true, optional: true, separator: ","}',
        ),
        "breaking",
    ),
    (
        "required-unless-added",
        edit(
            "          color: {type: Color, optional: true}",
            "          color: {type: Color, optional: true, required_unless: [per_page]}",
        ),
        "breaking",
    ),
    (
        "exactly-one-of-added",
        edit("  ItemInput:\n", "  ItemInput:\n    exactly_one_of: [[price, note]]\n"),
        "breaking",
    ),
    (
        "exactly-one-of-added",
        edit("  Item:\n", "  Item:\n    exactly_one_of: [[label, tags]]\n"),
        "compatible",
    ),
    (
        "exactly-one-of-added",
        edit(
            "        endpoint: GET /items\n",
            "        endpoint: GET /items\n        exactly_one_of: [[color, per_page]]\n",
        ),
        "breaking",
    ),
    (
        "status-meaning-changed",
        edit(
            "        endpoint: GET /items/{id}\n",
            "        endpoint: GET /items/{id}\n        status_means: {401: 404}\n",
        ),
        "breaking",
    ),
    (
        "server-changed",
        edit(
            "        endpoint: GET /items/{id}\n",
            "        endpoint: GET /items/{id}\n        server: oauth2\n",
        ).replace(  # a server of its own needs an absolute token URL
            "credentials: {token: {env: SHOP_TOKEN}}",
            "credentials: {access_token: {env: SHOP_TOKEN}}, oauth2: {authorize_url: /a, "
            "token_url: 'https://auth.shop.example.com/t', grants: [refresh_token]}",
        ),
        "breaking",
    ),
    (
        "naive-datetime-changed",
        edit(
            "  error_body: {messages: [error]}",
            "  naive_datetime: utc\n  error_body: {messages: [error]}",
        ),
        "compatible",
    ),
    (
        "environment-added",
        edit(
            '  base_url: {default: "https://shop.example.com", env: SHOP_BASE_URL}',
            '  base_url: {env: SHOP_BASE_URL, environments: {live: "https://shop.example.com", '
            'sandbox: "https://sandbox.shop.example.com"}}',
        ),
        "compatible",
    ),
    (
        "server-variable-added",
        edit(
            '  base_url: {default: "https://shop.example.com", env: SHOP_BASE_URL}',
            '  base_url: {default: "https://{region}.shop.example.com", env: SHOP_BASE_URL, '
            "variables: {region: {default: eu}}}",
        ),
        "compatible",
    ),
]


@pytest.mark.parametrize(
    ("rule", "new", "level"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_rule(rule: str, new: str, level: str) -> None:
    changes = changes_for(BASE, new)
    matching = [c for c in changes if c.rule == rule]
    assert matching, f"{rule} not reported; got {[c.rule for c in changes]}"
    assert {c.level for c in matching} == {level}, matching


def test_a_query_parameter_sent_another_way_is_breaking() -> None:
    """A query object's style (`deep_object` for spread keys) and a list's (`csv` for
    repeated): the same call sends another query, which the server reads otherwise."""
    spread = edit(
        "          color: {type: Color, optional: true}\n",
        "          color: {type: Color, optional: true}\n"
        '          where: {type: "ItemInput?"}\n',
    )
    bracketed = spread.replace('"ItemInput?"}', '"ItemInput?", style: deep_object}')
    (change,) = [c for c in changes_for(spread, bracketed) if c.rule == "parameter-style-changed"]
    assert change.level == "breaking"
    assert "where is sent deep_object, not form" in change.message
    listed = edit(
        "          per_page:", '          ids: {type: "list[string]?"}\n          per_page:'
    )
    joined = listed.replace('"list[string]?"}', '"list[string]?", style: csv}')
    assert [c.rule for c in changes_for(listed, joined)] == ["parameter-style-changed"]
    assert not changes_for(spread, spread)


def test_bounds_on_each_item_tighten_requests_only() -> None:
    """`items` bounds: narrowed on a request's list, callers' calls may now be refused; on a
    response's list the server's values are read as they come."""
    note = "      note: {type: string, nullable: true, optional: true}\n"
    codes = '      codes: {type: "list[string]", optional: true, items: {max_length: %d}}\n'
    before = edit(note, note + codes % 8)
    tighter = {(c.rule, c.level) for c in changes_for(before, edit(note, note + codes % 4))}
    assert ("items-max_length-tightened", "breaking") in tighter
    looser = {(c.rule, c.level) for c in changes_for(before, edit(note, note + codes % 9))}
    assert ("items-max_length-relaxed", "compatible") in looser
    tags = '      tags: {type: "list[string]", optional: true}'
    bounded = edit(tags, tags.replace("optional: true", "optional: true, items: {min_length: 2}"))
    read = {(c.rule, c.level) for c in changes_for(BASE, bounded)}
    assert ("items-min_length-tightened", "compatible") in read


def test_a_checked_format_added_is_breaking_and_one_removed_is_not() -> None:
    """A checked format refuses values once taken (arguments, and responses read strictly)."""
    label = "      label: {type: string, optional: true}"
    emailed = edit(label, label.replace("optional: true", "optional: true, format: email"))
    added = {(c.rule, c.level) for c in changes_for(BASE, emailed)}
    assert ("format-changed", "breaking") in added
    removed = {(c.rule, c.level) for c in changes_for(emailed, BASE)}
    assert ("format-changed", "compatible") in removed


SERVERS = edit(
    '  base_url: {default: "https://shop.example.com", env: SHOP_BASE_URL}',
    '  base_url: {env: SHOP_BASE_URL, environments: {live: "https://{region}.shop.example.com", '
    'sandbox: "https://sandbox.shop.example.com"}, '
    "variables: {region: {default: eu, enum: [eu, us]}}}",
)


@pytest.mark.parametrize(
    ("rule", "new", "level"),
    [
        ("environment-removed", SERVERS.replace("sandbox", "test"), "breaking"),
        ("environment-url-changed", SERVERS.replace("sandbox.shop", "try.shop"), "breaking"),
        ("server-variable-removed", BASE, "breaking"),
        ("server-variable-value-removed", SERVERS.replace("[eu, us]", "[eu]"), "breaking"),
        ("server-variable-value-added", SERVERS.replace("[eu, us]", "[eu, us, ap]"), "compatible"),
        ("server-variable-value-added", SERVERS.replace(", enum: [eu, us]", ""), "compatible"),
    ],
)
def test_environment_rule(rule: str, new: str, level: str) -> None:
    """What callers pass as `environment=` and the URL variables' arguments, from a spec with
    both."""
    matching = [c for c in changes_for(SERVERS, new) if c.rule == rule]
    assert matching, f"{rule} not reported"
    assert {c.level for c in matching} == {level}, matching


KEYED = edit(
    "  error_body: {messages: [error]}",
    "  error_body: {messages: [error]}\n  idempotency_key: {header: Idempotency-Key}",
)


@pytest.mark.parametrize(
    ("old", "new", "rule", "level"),
    [
        (BASE, KEYED, "idempotency-key-added", "compatible"),
        (KEYED, BASE, "idempotency-key-removed", "breaking"),
        (
            KEYED,
            KEYED.replace("Idempotency-Key", "X-Once"),
            "idempotency-header-changed",
            "compatible",
        ),
    ],
)
def test_idempotency_rule(old: str, new: str, rule: str, level: str) -> None:
    """The base spec's POST takes `idempotency_key=` once the API names a header."""
    matching = [c for c in changes_for(old, new) if c.rule == rule]
    assert [c.where for c in matching] == ["items.create"], changes_for(old, new)
    assert {c.level for c in matching} == {level}


def test_an_operation_renamed_is_compared_under_its_new_name() -> None:
    """The same endpoint under another name (an imported draft against its curated spec): a
    rename, and the operation's own changes reported under the new name."""
    new = edit(
        "      retrieve:\n        endpoint: GET /items/{id}\n        path: {id: string}",
        "      get_item:\n        endpoint: GET /items/{item_id}\n"
        "        path: {item_id: string}",
    )
    changes = changes_for(BASE, new)
    rules = {(c.rule, c.where.split("(")[0]) for c in changes}
    assert ("operation-renamed", "items.retrieve") in rules
    assert ("required-argument-added", "items.get_item") in rules
    assert not {"operation-removed", "operation-added"} & {rule for rule, _ in rules}


def test_relaxing_a_rule_is_compatible() -> None:
    rules = edit("  ItemInput:\n", "  ItemInput:\n    exactly_one_of: [[price, note]]\n")
    rules = rules.replace(
        "          color: {type: Color, optional: true}",
        "          color: {type: Color, optional: true, required_unless: [per_page, page]}",
    )
    rules = rules.replace(
        "  error_body: {messages: [error]}",
        "  naive_datetime: utc\n  error_body: {messages: [error]}",
    )
    relaxed = {(c.rule, c.level) for c in changes_for(rules, BASE)}
    assert {
        ("exactly-one-of-removed", "compatible"),
        ("required-unless-relaxed", "compatible"),
        ("naive-datetime-changed", "breaking"),
    } <= relaxed


def test_type_removed_is_breaking() -> None:
    old = edit("  Meta:", "  Legacy:\n    enum: [x]\n  Meta:")
    (change,) = changes_for(old, BASE)
    assert (change.rule, change.level, change.where) == ("type-removed", "breaking", "types.Legacy")


def test_narrowing_an_argument_is_breaking_and_a_response_field_compatible() -> None:
    old = edit(
        "      price: {type: integer, optional: true}\n      note",
        "      price: {type: number, optional: true}\n      note",
    )
    (change,) = changes_for(old, BASE)
    assert (change.rule, change.level) == ("type-narrowed", "breaking")
    old = edit(
        "      price: {type: integer, nullable: true}",
        "      price: {type: number, nullable: true}",
    )
    (change,) = changes_for(old, BASE)
    assert (change.rule, change.level) == ("type-narrowed", "compatible")


def test_widening_a_response_field_is_breaking_and_narrowing_an_argument_is_breaking() -> None:
    widened = edit(
        "      price: {type: integer, nullable: true}",
        "      price: {type: number, nullable: true}",
    )
    (change,) = [c for c in changes_for(BASE, widened) if c.rule == "type-widened"]
    assert change.level == "breaking" and change.where == "types.Item.price"
    # The page parameter is implied by api.pagination; declaring it with a bound narrows it.
    narrowed_query = edit(
        "        query:\n",
        "        query:\n          page: {type: integer, optional: true, minimum: 1}\n",
    )
    (change,) = changes_for(BASE, narrowed_query)
    assert (change.where, change.rule, change.level) == (
        "items.list(page)",
        "minimum-tightened",
        "breaking",
    )


def test_a_type_used_only_in_responses_may_gain_a_required_field() -> None:
    new = edit(
        '      tags: {type: "list[string]", optional: true}\n',
        '      tags: {type: "list[string]", optional: true}\n      stock: integer\n',
    )
    (change,) = changes_for(BASE, new)
    assert (change.rule, change.level) == ("field-added", "compatible")


def test_short_forms_and_partial_types_are_no_change() -> None:
    spelled_out = BASE.replace(
        "resources:\n",
        """\
  ItemPatch:
    fields:
      price: {type: integer, nullable: true, optional: true}
      color: {type: Color, optional: true}
      label: {type: string, optional: true}
resources:
""",
    )
    short = BASE.replace(
        "resources:\n",
        """\
  ItemPatch:
    partial: Item
    omit: [id, tags]
resources:
""",
    ).replace("      price: {type: integer, nullable: true}\n", "      price: integer | null\n")
    assert short != spelled_out
    assert changes_for(spelled_out, short) == []
    assert load(short).types["ItemPatch"] == load(spelled_out).types["ItemPatch"]


def test_a_spec_in_the_language_before_its_retirements_reads_the_same() -> None:
    older = (
        BASE.replace("  error_body: {messages: [error]}", "  errors: {messages: [error]}")
        .replace("{token: {env: SHOP_TOKEN}}", "{token: {env: SHOP_TOKEN, secret: true}}")
        .replace(
            "        query:\n", "        query:\n          page: {type: integer, optional: true}\n"
        )
        .replace("total_pages_field: meta.pages}", "total_pages_field: meta.pages, size_max: 100}")
    )
    assert older.count("\n") == BASE.count("\n") + 1 and "size_max" in older and "secret" in older
    with pytest.raises(SpecErrors, match="no longer part of the language"):
        load(older)
    old = resolve(parse_spec(older, "old.yaml", upgrade=upgrade))
    assert diff_specs(old, load(BASE)) == []


def test_no_change_means_no_bump() -> None:
    assert changes_for(BASE, BASE) == []
    assert bump([]) == "none"


def test_bump_levels() -> None:
    assert bump(changes_for(BASE, edit("description: An item.", "description: Other."))) == "patch"
    assert (
        bump(changes_for(BASE, edit("enum: [red, green]", "enum: [red, green, blue]"))) == "minor"
    )
    assert bump(changes_for(BASE, edit("enum: [red, green]", "enum: [red]"))) == "major"


@pytest.mark.parametrize(
    ("old", "new", "relation"),
    [
        ("integer", "number", "wider"),
        ("number", "integer", "narrower"),
        ("string", "string | integer", "wider"),
        ("string | integer", "string", "narrower"),
        ("list[integer]", "list[number]", "wider"),
        ("string", "boolean", "changed"),
        ("Item", "Meta", "changed"),
        ("date", "datetime", "wider"),
    ],
)
def test_type_relations(old: str, new: str, relation: str) -> None:
    assert compare_types(parse_type(old), parse_type(new)) == relation


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_exit_codes_and_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _write(tmp_path, "old.yaml", BASE)
    breaking = _write(tmp_path, "new.yaml", edit("enum: [red, green]", "enum: [red]"))
    assert main(["diff", str(old), str(breaking)]) == 1
    assert "Breaking changes (1):" in capsys.readouterr().out
    assert main(["diff", "--allow-breaking", str(old), str(breaking)]) == 0
    capsys.readouterr()
    assert main(["diff", "--format", "json", str(old), str(breaking)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["bump"] == "major" and report["changes"][0]["rule"] == "enum-value-removed"
    changelog = tmp_path / "CHANGELOG.part.md"
    assert (
        main(
            [
                "diff",
                "--format",
                "markdown",
                "--changelog",
                str(changelog),
                "--allow-breaking",
                str(old),
                str(breaking),
            ]
        )
        == 0
    )
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| shop |")]
    assert rows == [
        f"| shop | Color: enum values removed: green | [{breaking}:18]({breaking}#L18)"
        " | `items.create`, `items.list`, `items.retrieve` | `enum-value-removed` |"
    ]
    assert changelog.read_text().startswith("#### Breaking\n- `shop`: Color: enum values removed")
    compatible = _write(
        tmp_path, "compatible.yaml", edit("enum: [red, green]", "enum: [red, green, blue]")
    )
    assert main(["diff", str(old), str(compatible)]) == 0


def test_cli_against_a_git_revision(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "specs").mkdir()
    spec = _write(tmp_path / "specs", "shop.yaml", BASE)
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    spec.write_text(edit("      label: {type: string, optional: true}\n", ""), encoding="utf-8")
    assert main(["--root", str(tmp_path), "diff", "--base", "HEAD"]) == 1
    out = capsys.readouterr().out
    assert "Item.label removed  [field-removed]" in out
    _write(tmp_path / "specs", "other.yaml", BASE.replace("name: shop", "name: other"))
    assert main(["--root", str(tmp_path), "diff", "--base", "HEAD", "--allow-breaking"]) == 0
    assert "API other added" in capsys.readouterr().out


def test_an_api_key_sent_elsewhere_is_compatible_and_a_scheme_change_breaking() -> None:
    keyed = edit(
        "auth: {scheme: bearer, credentials: {token: {env: SHOP_TOKEN}}}",
        "auth: {scheme: api_key, credentials: {token: {env: SHOP_TOKEN, header: X-Key}}}",
    )
    moved = keyed.replace("header: X-Key", "query: key")
    prefixed = keyed.replace("header: X-Key", 'header: X-Key, prefix: "Key "')
    [change] = changes_for(keyed, moved)
    assert (change.rule, change.level) == ("api-key-moved", "compatible")
    assert "the query 'key', not the header 'X-Key'" in change.message
    [change] = changes_for(keyed, prefixed)
    assert change.rule == "api-key-moved" and "after 'Key '" in change.message
    assert {c.rule for c in changes_for(BASE, keyed)} == {"auth-changed"}


def test_the_consent_url_rules() -> None:
    """A consent URL builder that now requires redirect_uri breaks a call without one; one that
    no longer does, or another response_type, breaks no code."""
    oauth = edit(
        "credentials: {token: {env: SHOP_TOKEN}}",
        "credentials: {access_token: {env: SHOP_TOKEN}}, oauth2: {authorize_url: /a, "
        "token_url: /t, grants: [authorization_code], redirect_uri: optional, "
        "response_type: null}",
    )
    required = oauth.replace("redirect_uri: optional, response_type: null", "response_type: code")
    assert {(c.rule, c.level) for c in changes_for(oauth, required)} == {
        ("consent-redirect-uri-changed", "breaking"),
        ("consent-response-type-changed", "compatible"),
    }
    assert {(c.rule, c.level) for c in changes_for(required, oauth)} == {
        ("consent-redirect-uri-changed", "compatible"),
        ("consent-response-type-changed", "compatible"),
    }


def test_header_and_cookie_parameters_are_arguments_to_the_diff() -> None:
    with_header = edit(
        "        path: {id: string}\n        response: Item\n",
        "        path: {id: string}\n        headers: {X-Tenant: string}\n"
        '        cookies: {tz: "string?"}\n        response: Item\n',
    )
    assert {(c.rule, c.level) for c in changes_for(BASE, with_header)} == {
        ("required-argument-added", "breaking"),
        ("argument-added", "compatible"),
    }
    assert {c.rule for c in changes_for(with_header, BASE)} == {"argument-removed"}


def test_a_datetime_format_change_is_compatible_on_each_field_it_reaches() -> None:
    dated = edit(
        "          per_page: {type: integer, optional: true, maximum: 100}\n",
        "          per_page: {type: integer, optional: true, maximum: 100}\n"
        '          since: "datetime?"\n',
    )
    seconds = dated.replace(
        "  error_body: {messages: [error]}",
        "  datetime_format: {precision: seconds}\n  error_body: {messages: [error]}",
    )
    changes = changes_for(dated, seconds)
    assert [(c.rule, c.level, c.where) for c in changes] == [
        ("datetime-format-changed", "compatible", "items.list(since)")
    ]
    assert "sent as seconds, offset keep instead of given" in changes[0].message


def test_a_stream_is_a_response_kind_and_its_format_compatible() -> None:
    streamed = edit(
        "        path: {id: string}\n        response: Item\n",
        "        path: {id: string}\n        response: {content: event_stream, type: Item}\n",
    )
    became = {(c.rule, c.level) for c in changes_for(BASE, streamed)}
    assert ("response-kind-changed", "breaking") in became
    lines = streamed.replace("content: event_stream", "content: json_lines")
    assert {(c.rule, c.level) for c in changes_for(streamed, lines)} == {
        ("stream-format-changed", "compatible")
    }
    other = streamed.replace(
        "content: event_stream, type: Item", "content: event_stream, type: Meta"
    )
    assert ("response-type-changed", "breaking") in {
        (c.rule, c.level) for c in changes_for(streamed, other)
    }


def test_closing_an_enum_breaks_and_a_closed_one_gaining_a_value_breaks_readers() -> None:
    closed = BASE.replace("    enum: [red, green]\n", "    enum: [red, green]\n    closed: true\n")
    assert {(c.rule, c.level) for c in changes_for(BASE, closed)} == {("enum-closed", "breaking")}
    assert {(c.rule, c.level) for c in changes_for(closed, BASE)} == {("enum-opened", "compatible")}
    # Color is read in responses (Item.color): an older client refuses the new value.
    more = closed.replace("[red, green]", "[red, green, blue]")
    assert {(c.rule, c.level) for c in changes_for(closed, more)} == {
        ("enum-value-added", "breaking")
    }
    assert {
        (c.rule, c.level) for c in changes_for(BASE, edit("[red, green]", "[red, green, blue]"))
    } == {("enum-value-added", "compatible")}


def test_a_success_status_added_breaks_callers_and_one_removed_does_not() -> None:
    by_status = edit(
        "        path: {id: string}\n        response: Item\n",
        "        path: {id: string}\n        responses: {200: Item, 202: Meta}\n",
    )
    assert {(c.rule, c.level) for c in changes_for(BASE, by_status)} == {
        ("success-status-added", "breaking")
    }
    assert {(c.rule, c.level) for c in changes_for(by_status, BASE)} == {
        ("success-status-removed", "compatible")
    }
    bodiless = changes_for(by_status, by_status.replace("202: Meta}", "202: Meta, 204: {}}"))
    assert [(c.rule, c.level) for c in bodiless] == [("success-status-added", "breaking")]
    assert "status 204 now answers no body" in bodiless[0].message
    other = changes_for(by_status, by_status.replace("202: Meta", "202: Color"))
    assert [(c.rule, c.level) for c in other] == [("response-type-changed", "breaking")]
    assert other[0].message == "items.retrieve(202): returns Color instead of Meta"
    nullable = by_status.replace("202: Meta", "202: Meta | null")
    assert {(c.rule, c.level) for c in changes_for(by_status, nullable)} == {
        ("response-became-nullable", "breaking")
    }


HEADED = BASE.replace(
    "        path: {id: string}\n        response: Item\n",
    "        path: {id: string}\n"
    "        response:\n"
    "          type: Item\n"
    "          headers:\n"
    "            X-RateLimit-Remaining: integer\n"
    "            ETag: {type: string, name: etag}\n",
)


@pytest.mark.parametrize(
    ("old", "new", "rule", "level", "where"),
    [
        (BASE, HEADED, "response-header-added", "compatible", "items.retrieve.headers.ETag"),
        (HEADED, BASE, "response-header-removed", "breaking", "items.retrieve.headers.ETag"),
        (
            HEADED,
            HEADED.replace("X-RateLimit-Remaining: integer", "X-RateLimit-Remaining: string"),
            "type-changed",
            "breaking",
            "items.retrieve response header X-RateLimit-Remaining",
        ),
        (
            HEADED,
            HEADED.replace("X-RateLimit-Remaining: integer", 'X-RateLimit-Remaining: "integer?"'),
            "became-optional",
            "breaking",
            "items.retrieve response header X-RateLimit-Remaining",
        ),
        (
            HEADED,
            HEADED.replace("name: etag", "name: entity_tag"),
            "python-name-changed",
            "breaking",
            "items.retrieve response header ETag",
        ),
    ],
)
def test_typed_response_header_rule(old: str, new: str, rule: str, level: str, where: str) -> None:
    """A typed response header (`parse_headers()`): removing one breaks code reading it, adding
    one breaks nothing, a kept one compares as a field callers read."""
    matching = [c for c in changes_for(old, new) if c.rule == rule]
    assert where in [c.where for c in matching], changes_for(old, new)
    assert {c.level for c in matching if c.where == where} == {level}


def test_may_be_absent_said_two_ways_is_no_change() -> None:
    optional = HEADED.replace("X-RateLimit-Remaining: integer", 'X-RateLimit-Remaining: "integer?"')
    nullable = HEADED.replace(
        "X-RateLimit-Remaining: integer", 'X-RateLimit-Remaining: "integer | null"'
    )
    assert changes_for(optional, nullable) == []


def test_a_base_removed_breaks_and_one_added_or_reordered_does_not() -> None:
    """`isinstance(item, Base)` and code typed against a base break when the base goes; the
    fields themselves are compared one by one as ever."""
    bases = BASE.replace(
        "  Item:\n    description: An item.\n",
        "  Named:\n    fields: {name: string?}\n  Dated:\n    fields: {day: date?}\n"
        "  Item:\n    description: An item.\n    extends: [Named, Dated]\n",
    )
    one = bases.replace("extends: [Named, Dated]", "extends: Named")
    reordered = bases.replace("extends: [Named, Dated]", "extends: [Dated, Named]")
    removed = {(c.rule, c.level) for c in changes_for(bases, one)}
    assert ("base-removed", "breaking") in removed
    assert ("field-removed", "breaking") in removed  # Dated's `day` went with it
    assert {(c.rule, c.level) for c in changes_for(one, bases)} >= {
        ("base-added", "compatible"),
        ("field-added", "compatible"),
    }
    assert {(c.rule, c.level) for c in changes_for(bases, reordered)} == {
        ("bases-reordered", "compatible")
    }


def test_extra_keys_compare_as_a_field_type_does() -> None:
    """Untyped extra keys are `any`: typing them narrows (breaking where requests send the
    type), untyping them widens (breaking where responses carry it)."""
    typed = BASE.replace(
        '      tags: {type: "list[string]", optional: true}\n',
        '      tags: {type: "list[string]", optional: true}\n    extra_keys: integer\n',
    )
    assert typed != BASE
    # Item is read in responses only.
    assert {(c.rule, c.level) for c in changes_for(BASE, typed)} == {
        ("extra-keys-added", "compatible")
    }
    assert {(c.rule, c.level) for c in changes_for(typed, BASE)} == {
        ("extra-keys-removed", "breaking")
    }
    wider = typed.replace("extra_keys: integer", "extra_keys: number")
    assert {(c.rule, c.level) for c in changes_for(typed, wider)} == {
        ("extra-keys-widened", "breaking")
    }
    nullable = typed.replace("extra_keys: integer", 'extra_keys: "integer | null"')
    assert {(c.rule, c.level) for c in changes_for(typed, nullable)} == {
        ("extra-keys-widened", "breaking")
    }
    other = typed.replace("extra_keys: integer", "extra_keys: boolean")
    assert {(c.rule, c.level) for c in changes_for(typed, other)} == {
        ("extra-keys-changed", "breaking")
    }
    # ItemInput is sent: typing its extra keys may refuse what a caller sends.
    sent = BASE.replace(
        "      note: {type: string, nullable: true, optional: true}\n",
        "      note: {type: string, nullable: true, optional: true}\n    extra_keys: string\n",
    )
    assert {(c.rule, c.level) for c in changes_for(BASE, sent)} == {
        ("extra-keys-added", "breaking")
    }
