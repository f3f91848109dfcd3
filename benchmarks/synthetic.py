"""Synthetic specs for the scale benchmarks, in two shapes.

- `thin_spec`: CRUD resources over types of eight scalar fields, one type per four operations
  (the shape the bench has always used).
- `stripe_spec`: shaped like a large payments API such as Stripe's: per resource group a main
  object of about twenty-five fields (nullable and optional scalars, an inline enum, a map, a
  list of line items, nested detail objects, an expandable field that is an id or another group's
  object), a line item, three or four detail objects (one nesting another) and a partial input
  type; five operations per group (a paginated list with filters, create with a form body spread
  into arguments, retrieve with `expand`, update, delete). 2,000 operations give 400 groups and
  3,000 declared types (plus 800 inline enums).
"""

from __future__ import annotations

HEADER = [
    "api:",
    "  name: synthetic",
    "  title: Synthetic",
    "  version: v1",
    "  client: Synthetic",
    "  source: generated",
    '  base_url: {default: "https://s.example", env: SYNTHETIC_BASE_URL}',
    "  auth: {scheme: bearer, credentials: {token: {env: SYNTHETIC_TOKEN}}}",
    "  error_body: {messages: [error]}",
]


def thin_spec(operations: int) -> str:
    """A spec with `operations` operations: CRUD resources over types of eight fields."""
    resources = max(1, operations // 4)
    lines = [*HEADER, "types:"]
    for r in range(resources):
        lines += [
            f"  Thing{r}:",
            "    fields:",
            "      id: string",
            "      name: {type: string, nullable: true}",
            "      count: integer",
            "      price: {type: number, optional: true}",
            "      created_at: datetime",
            "      tags: list[string]",
            "      state: {type: string, enum: [on, off]}",
            "      flag: {type: boolean, optional: true}",
        ]
    lines.append("resources:")
    for r in range(resources):
        lines += [
            f"  things{r}:",
            "    operations:",
            (
                f"      list: {{endpoint: GET /things{r},"
                " query: {q: {type: string, optional: true}},"
                f" response: 'list[Thing{r}]'}}"
            ),
            (
                f"      retrieve: {{endpoint: 'GET /things{r}/{{id}}', path: {{id: string}},"
                f" response: Thing{r}}}"
            ),
            (
                f"      create: {{endpoint: POST /things{r}, body: {{type: Thing{r}}},"
                f" response: Thing{r}}}"
            ),
            f"      delete: {{endpoint: 'DELETE /things{r}/{{id}}', path: {{id: string}}}}",
        ]
    return "\n".join(lines) + "\n"


STRIPE_HEADER = [
    "  envelope:",
    "    data: data",
    "    error: error",
    "    fields:",
    "      has_more: boolean?",
    '      next_page: "string | null?"',
    "  pagination: {style: cursor, cursor_param: starting_after, cursor_field: next_page}",
]


def _stripe_types(g: int, groups: int) -> list[str]:
    details = 4 if g % 2 == 0 else 3
    name = f"Charge{g}"
    lines = [
        f"  {name}:",
        f"    description: The main object of group {g}.",
        "    fields:",
        "      id: string",
        "      object: string",
        "      created: integer",
        "      livemode: boolean",
        "      metadata: map[string]",
        "      description: string | null",
        "      amount: {type: integer, minimum: 0}",
        "      amount_refunded: integer?",
        "      currency: {type: string, min_length: 3, max_length: 3}",
        "      status: {type: string, enum: [draft, open, paid, uncollectible, void]}",
        "      email: {type: string | null, format: email}",
        "      name: string | null",
        '      phone: "string | null?"',
        '      statement_descriptor: {type: "string | null?", max_length: 22}',
        "      receipt_number: string | null",
        '      url: {type: "string?", format: uri}',
        "      updated_at: datetime",
        "      tags: list[string]",
        f"      items: list[{name}Item]",
        *[f"      detail{k}: {name}Detail{k} | null" for k in range(details)],
        f"      related: string | Charge{(g + 1) % groups}",
        f"  {name}Item:",
        "    fields:",
        "      id: string",
        "      quantity: integer",
        "      price: number",
        "      currency: string",
        "      description: string | null",
        "      metadata: map[string]",
        "      period_start: datetime?",
        "      kind: {type: string, enum: [one_time, recurring]}",
    ]
    for k in range(details):
        lines += [
            f"  {name}Detail{k}:",
            "    fields:",
            "      line1: string | null",
            '      line2: "string | null?"',
            "      city: string | null",
            "      country: string | null",
            "      postal_code: string | null",
            "      state: string | null",
            "      verified: boolean?",
            "      score: number?" if k < 2 else f"      inner: {name}Detail0 | null",
        ]
    lines += [
        f"  {name}Input:",
        f"    partial: {name}",
        "    omit: [id, object, created, livemode, related, updated_at]",
    ]
    return lines


def _stripe_resource(g: int) -> list[str]:
    name = f"Charge{g}"
    path = f"/v1/charges{g}"
    return [
        f"  charges{g}:",
        "    operations:",
        "      list:",
        f"        endpoint: GET {path}",
        f"        summary: List the objects of group {g}.",
        "        query:",
        '          limit: {type: "integer?", minimum: 1, maximum: 100}',
        "          ending_before: string?",
        "          created_gte: integer?",
        "          email: string?",
        '          status: {type: "string?", enum: [draft, open, paid]}',
        f"        response: list[{name}]",
        "        paginated: true",
        "      create:",
        f"        endpoint: POST {path}",
        "        summary: Create an object.",
        f"        body: {{type: {name}Input, encoding: form}}",
        f"        response: {name}",
        "      retrieve:",
        f"        endpoint: GET {path}/{{id}}",
        "        path: {id: string}",
        '        query: {expand: {type: "list[string]?", style: form}}',
        f"        response: {name}",
        "      update:",
        f"        endpoint: POST {path}/{{id}}",
        "        path: {id: string}",
        f"        body: {{type: {name}Input}}",
        f"        response: {name}",
        "      delete:",
        f"        endpoint: DELETE {path}/{{id}}",
        "        path: {id: string}",
        f"        response: {name}",
    ]


def stripe_spec(operations: int) -> str:
    """A spec with `operations` operations shaped like a large payments API (module docstring)."""
    groups = max(1, operations // 5)
    lines = [*HEADER, *STRIPE_HEADER, "types:"]
    for g in range(groups):
        lines += _stripe_types(g, groups)
    lines.append("resources:")
    for g in range(groups):
        lines += _stripe_resource(g)
    return "\n".join(lines) + "\n"
