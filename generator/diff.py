"""`apigen diff`: what a spec change means for code that uses the generated clients.

Every change is classified for client users: `breaking` (code that worked may fail), `compatible`
(additions, relaxations) or `documentation` (descriptions and notes). Request-side and
response-side rules differ: widening a type is compatible for an argument and breaking for a
response field, narrowing the reverse. A named type used on both sides gets both rule sets.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

from .resolved import formats
from .resolved.nodes import (
    Api,
    ArgumentBody,
    Body,
    EnumType,
    ExtraKeys,
    Field,
    Limits,
    NamedType,
    ObjectType,
    Operation,
    Response,
    SpreadBody,
    UnionType,
)
from .spec.model import ApiKey, AuthScheme, DateTimeFormat
from .spec.model import OAuth2 as OAuth2Keys
from .spec.typeexpr import ListOf, MapOf, Prim, TypeExpr, UnionOf

Level = Literal["breaking", "compatible", "documentation"]
LEVELS: tuple[Level, ...] = ("breaking", "compatible", "documentation")


@dataclass(frozen=True, order=True)
class Change:
    api: str
    where: str
    rule: str
    level: Level
    message: str


def plain(value: Any) -> str:
    """A spec value as a reader writes it: `asc, desc`, `100`, `true`, `none`; not a Python repr."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple | set):
        return ", ".join(plain(item) for item in value) or "none"
    return str(value)


# -- type expressions ------------------------------------------------------------------------

_WIDER = {("integer", "number"), ("date", "datetime"), ("uuid", "string")}


def compare_types(old: TypeExpr, new: TypeExpr) -> Literal["same", "wider", "narrower", "changed"]:
    """How `new` relates to `old`: it admits more values (wider), fewer (narrower), or others."""
    if old == new:
        return "same"
    old_members = set(old.members) if isinstance(old, UnionOf) else {old}
    new_members = set(new.members) if isinstance(new, UnionOf) else {new}
    if isinstance(old, UnionOf) or isinstance(new, UnionOf):
        if old_members < new_members:
            return "wider"
        if new_members < old_members:
            return "narrower"
        return "changed"
    if isinstance(old, Prim) and isinstance(new, Prim):
        if (old.name, new.name) in _WIDER or new.name == "any":
            return "wider"
        if (new.name, old.name) in _WIDER or old.name == "any":
            return "narrower"
        return "changed"
    if isinstance(old, ListOf) and isinstance(new, ListOf):
        return compare_types(old.item, new.item)
    if isinstance(old, MapOf) and isinstance(new, MapOf):
        return compare_types(old.value, new.value)
    return "changed"


# -- what the model says of a type or body -------------------------------------------------


def _sides(named: NamedType | None) -> set[str]:
    """Whether requests and responses carry a type."""
    return set(named.sides) if named is not None else set()


def _body_type(body: Body | None) -> str | None:
    """The type a body names, as written (none for inline fields)."""
    if isinstance(body, SpreadBody | ArgumentBody) and body.type is not None:
        return body.type.text
    return None


def _endpoint_key(op: Operation) -> str:
    """`GET /people/{}`: an operation's method and path, its parameters' names left out."""
    return re.sub(r"\{[^{}]*\}", "{}", op.endpoint)


# -- the comparison ---------------------------------------------------------------------------


class _Differ:
    def __init__(self, old: Api, new: Api) -> None:
        self.old, self.new = old, new
        self.api = new.name
        self.changes: list[Change] = []

    def add(self, where: str, rule: str, level: Level, message: str) -> None:
        self.changes.append(Change(self.api, where, rule, level, message))

    def run(self) -> list[Change]:
        self._api()
        self._types()
        self._operations()
        # The message orders changes alike in all else, so that the report is the same each run.
        return sorted(
            set(self.changes), key=lambda c: (LEVELS.index(c.level), c.where, c.rule, c.message)
        )

    # -- api metadata ----------------------------------------------------------------------

    def _api(self) -> None:
        self._api_names()
        self._auth()
        self._api_wire()

    def _api_names(self) -> None:
        """What callers import and construct: the client class, the module, the base URL."""
        old, new = self.old, self.new
        if old.client != new.client:
            self.add(
                "api.client",
                "client-renamed",
                "breaking",
                f"client class {old.client} is now {new.client}",
            )
        if old.name != new.name:
            self.add(
                "api.name",
                "package-renamed",
                "breaking",
                f"module apiclients.{old.name} is now apiclients.{new.name}",
            )
        if old.base_url.default != new.base_url.default:
            self.add(
                "api.base_url",
                "base-url-changed",
                "breaking",
                f"default base URL {old.base_url.default} is now {new.base_url.default}",
            )
        if old.base_url.env != new.base_url.env:
            self.add(
                "api.base_url.env",
                "environment-variable-renamed",
                "breaking",
                f"{old.base_url.env} is now {new.base_url.env}",
            )
        self._servers()

    def _servers(self) -> None:
        """The `environment=` names and the URL variables' arguments callers pass (the default
        URL is `base-url-changed`'s)."""
        old, new = self.old.base_url, self.new.base_url
        for name in old.environments.keys() - new.environments.keys():
            self.add(
                "api.base_url.environments",
                "environment-removed",
                "breaking",
                f"environment {name} removed",
            )
        for name in new.environments.keys() - old.environments.keys():
            self.add(
                "api.base_url.environments",
                "environment-added",
                "compatible",
                f"environment {name} added",
            )
        for name in old.environments.keys() & new.environments.keys():
            was, now = old.environments[name], new.environments[name]
            if was != now:
                where = f"api.base_url.environments.{name}"
                self.add(where, "environment-url-changed", "breaking", f"{was} is now {now}")
        olds = {v.name: v for v in old.variables}
        news = {v.name: v for v in new.variables}
        for name in olds.keys() - news.keys():
            self.add(
                "api.base_url.variables",
                "server-variable-removed",
                "breaking",
                f"URL variable {name} removed",
            )
        for name in news.keys() - olds.keys():
            self.add(
                "api.base_url.variables",
                "server-variable-added",
                "compatible",
                f"URL variable {name} added",
            )
        for name in olds.keys() & news.keys():
            self._server_values(name, olds[name].enum, news[name].enum)

    def _server_values(
        self, name: str, was: tuple[str, ...] | None, now: tuple[str, ...] | None
    ) -> None:
        """A value no longer allowed breaks the calls passing it; one more allowed breaks none
        (no enum: every value allowed)."""
        where = f"api.base_url.variables.{name}"
        if now is not None and (was is None or set(was) - set(now)):
            gone = (
                f"{name} takes only " + ", ".join(now)
                if was is None
                else f"{name} no longer takes " + ", ".join(sorted(set(was) - set(now)))
            )
            self.add(where, "server-variable-value-removed", "breaking", gone)
        if was is not None and (now is None or set(now) - set(was)):
            more = f"{name} takes " + (
                "any value" if now is None else "also " + ", ".join(sorted(set(now) - set(was)))
            )
            self.add(where, "server-variable-value-added", "compatible", more)

    def _auth(self) -> None:
        old, new = self.old.auth, self.new.auth
        if old.scheme.scheme != new.scheme.scheme:
            self.add(
                "api.auth",
                "auth-changed",
                "breaking",
                f"auth scheme {old.scheme.scheme} is now {new.scheme.scheme}",
            )
        for name in old.credentials.keys() - new.credentials.keys():
            self.add(
                f"api.auth.credentials.{name}",
                "credential-removed",
                "breaking",
                f"credential {name}= removed",
            )
        for name in new.credentials.keys() - old.credentials.keys():
            self.add(
                f"api.auth.credentials.{name}",
                "credential-added",
                "breaking",
                f"new credential {name}= required",
            )
        for name in old.credentials.keys() & new.credentials.keys():
            if old.credentials[name].env != new.credentials[name].env:
                self.add(
                    f"api.auth.credentials.{name}",
                    "environment-variable-renamed",
                    "breaking",
                    f"{old.credentials[name].env} is now {new.credentials[name].env}",
                )
            was, now = _key_place(old.scheme, name), _key_place(new.scheme, name)
            if was and now and was != now:
                # The caller passes the same argument; the client sends it where the API wants.
                self.add(
                    f"api.auth.credentials.{name}",
                    "api-key-moved",
                    "compatible",
                    f"API key {name}= is now sent in {now}, not {was}",
                )
        if old.scheme.credentials_source() != new.scheme.credentials_source():
            self.add("api.auth", "auth-changed", "breaking", "how credentials are obtained changed")
        if old.oauth2 is not None and new.oauth2 is not None:
            self._consent(old.oauth2.keys, new.oauth2.keys)

    def _consent(self, old: OAuth2Keys, new: OAuth2Keys) -> None:
        """The consent URL builder: a redirect_uri it now requires breaks calls without one."""
        if old.redirect_uri != new.redirect_uri:
            self.add(
                "api.auth.oauth2.redirect_uri",
                "consent-redirect-uri-changed",
                "breaking" if new.redirect_uri == "required" else "compatible",
                f"oauth.authorize_url()'s redirect_uri is now {new.redirect_uri}",
            )
        if old.response_type != new.response_type:
            self.add(
                "api.auth.oauth2.response_type",
                "consent-response-type-changed",
                "compatible",
                f"the consent URL's response_type is now {new.response_type or 'not sent'}",
            )

    def _api_wire(self) -> None:
        """What every request and response shares: pagination, envelope, datetimes, errors."""
        old, new = self.old, self.new
        old_keys = old.pagination.style if old.pagination else None
        new_keys = new.pagination.style if new.pagination else None
        if old_keys != new_keys:
            old_style = old_keys.style if old_keys else "none"
            new_style = new_keys.style if new_keys else "none"
            self.add(
                "api.pagination",
                "pagination-changed",
                "breaking",
                (
                    f"pagination {old_style} is now {new_style}"
                    if old_style != new_style
                    else "pagination parameters changed"
                ),
            )
        if old.envelope != new.envelope:
            self.add(
                "api.envelope", "envelope-changed", "breaking", "the response envelope changed"
            )
        if old.naive_datetime != new.naive_datetime:
            # Refusing what was sent as UTC breaks callers; taking as UTC what was refused does not.
            level: Level = "breaking" if new.naive_datetime == "refuse" else "compatible"
            self.add(
                "api.naive_datetime",
                "naive-datetime-changed",
                level,
                "a datetime argument without a UTC offset is now "
                f"{'refused' if level == 'breaking' else 'taken as UTC'}",
            )
        if old.error_body != new.error_body:
            self.add(
                "api.error_body",
                "error-format-changed",
                "compatible",
                "error messages are read from other keys",
            )
        if old.description != new.description or old.notes != new.notes:
            self.add(
                "api", "description-changed", "documentation", "API description or notes changed"
            )

    # -- named types -----------------------------------------------------------------------

    def _types(self) -> None:
        old, new = self.old.types, self.new.types
        for name in sorted(old.keys() - new.keys()):
            self.add(f"types.{name}", "type-removed", "breaking", f"type {name} removed")
        for name in sorted(new.keys() - old.keys()):
            self.add(f"types.{name}", "type-added", "compatible", f"type {name} added")
        for name in sorted(old.keys() & new.keys()):
            before, after = old[name], new[name]
            sides = _sides(before) | _sides(after)
            where = f"types.{name}"
            if isinstance(before, EnumType) and isinstance(after, EnumType):
                self._enum(where, before, after, sides)
            elif isinstance(before, ObjectType) and isinstance(after, ObjectType):
                self._fields(where, before.fields, after.fields, sides)
                self._bases(where, before.bases, after.bases)
                self._extra_keys(where, before.extra_keys, after.extra_keys, sides)
                self._exactly_one_of(
                    where, before.exactly_one_of, after.exactly_one_of, "request" in sides
                )
            elif isinstance(before, UnionType) and isinstance(after, UnionType):
                self._union(where, name, before, after, sides)
            else:
                self.add(where, "type-kind-changed", "breaking", f"{name} changed kind")
            if (before.description, before.notes) != (after.description, after.notes):
                self.add(
                    where,
                    "description-changed",
                    "documentation",
                    f"{name}: description or notes changed",
                )

    def _union(
        self, where: str, name: str, before: UnionType, after: UnionType, sides: set[str]
    ) -> None:
        old = {member.text for member in before.members}
        new = {member.text for member in after.members}
        if old - new:
            self.add(
                where,
                "union-member-removed",
                "breaking",
                f"{name} no longer admits {plain(sorted(old - new))}",
            )
        if new - old:
            level: Level = "breaking" if "response" in sides else "compatible"
            added = plain(sorted(new - old))
            self.add(where, "union-member-added", level, f"{name} also admits {added}")

    def _bases(self, where: str, before: tuple[str, ...], after: tuple[str, ...]) -> None:
        """A model's base classes: code checking `isinstance(value, Base)` or passing it where a
        base is expected breaks when a base goes."""
        label = where.removeprefix("types.")
        for base in (b for b in before if b not in after):
            self.add(where, "base-removed", "breaking", f"{label} no longer extends {base}")
        for base in (b for b in after if b not in before):
            self.add(where, "base-added", "compatible", f"{label} also extends {base}")
        kept = [b for b in before if b in after]
        if kept != [b for b in after if b in before]:
            self.add(where, "bases-reordered", "compatible", f"{label}: bases reordered")

    def _extra_keys(
        self, where: str, old: ExtraKeys | None, new: ExtraKeys | None, sides: set[str]
    ) -> None:
        """The type of undeclared keys, as a field's type is compared: untyped is `any`, and
        a value that may be null admits more."""
        label = where.removeprefix("types.")
        before = _extra_text(old)
        after = _extra_text(new)
        if before == after:
            return
        relation = compare_types(_extra_expr(old), _extra_expr(new))
        if relation == "same" and old is not None and new is not None:
            relation = "wider" if new.nullable else "narrower"
        if old is None:
            rule, said = "extra-keys-added", f"{label}: extra keys are now typed {after}"
        elif new is None:
            rule, said = "extra-keys-removed", f"{label}: extra keys ({before}) are now untyped"
        else:
            rule = {"wider": "extra-keys-widened", "narrower": "extra-keys-narrowed"}.get(
                relation, "extra-keys-changed"
            )
            said = f"{label}: extra keys {before} are now {after}"
        # Narrowed, what a caller sends may be refused; widened, what a reader gets may differ.
        compatible = (relation == "wider" and "response" not in sides) or (
            relation == "narrower" and "request" not in sides
        )
        level: Level = "compatible" if compatible and rule != "extra-keys-changed" else "breaking"
        self.add(where, rule, level, said)

    def _exactly_one_of(
        self,
        where: str,
        before: tuple[tuple[str, ...], ...],
        after: tuple[tuple[str, ...], ...],
        request: bool,
    ) -> None:
        old_groups = {tuple(sorted(g)) for g in before}
        new_groups = {tuple(sorted(g)) for g in after}
        label = where.removeprefix("types.")
        for group in sorted(new_groups - old_groups):
            self.add(
                where,
                "exactly-one-of-added",
                "breaking" if request else "compatible",
                f"{label}: exactly one of {', '.join(group)} must now be given",
            )
        for group in sorted(old_groups - new_groups):
            self.add(
                where,
                "exactly-one-of-removed",
                "compatible",
                f"{label}: exactly one of {', '.join(group)} is no longer required",
            )

    @staticmethod
    def _inline(api: Api, f: Field) -> EnumType | None:
        named = api.named(f.inline_enum) if f.inline_enum else None
        return named if isinstance(named, EnumType) else None

    def _enum(
        self, where: str, old: EnumType | None, new: EnumType | None, sides: set[str]
    ) -> None:
        before = [v.value for v in old.values] if old else []
        after = [v.value for v in new.values] if new else []
        removed = [v for v in before if v not in after]
        added = [v for v in after if v not in before]
        label = where.removeprefix("types.")
        closed = new is not None and new.closed
        if closed and old is not None and not old.closed:
            self.add(where, "enum-closed", "breaking", f"{label}: unlisted values are refused")
        if old is not None and old.closed and new is not None and not new.closed:
            self.add(where, "enum-opened", "compatible", f"{label}: unlisted values are kept")
        if removed:
            self.add(
                where,
                "enum-value-removed",
                "breaking",
                f"{where.removeprefix('types.')}: enum values removed: {plain(removed)}",
            )
        if added:
            # An open enum keeps unknown values, so a new one never fails a response; a closed
            # one refuses it where an older client reads it.
            self.add(
                where,
                "enum-value-added",
                "breaking" if closed and "response" in sides else "compatible",
                f"{label}: enum values added: {plain(added)}",
            )

    def _fields(
        self, where: str, before: Mapping[str, Field], after: Mapping[str, Field], sides: set[str]
    ) -> None:
        request, response = "request" in sides, "response" in sides
        label = where.removeprefix("types.")
        for wire in before.keys() - after.keys():
            self.add(f"{where}.{wire}", "field-removed", "breaking", f"{label}.{wire} removed")
        for wire in after.keys() - before.keys():
            field = after[wire]
            required_in_request = request and not field.optional and field.const is None
            level: Level = "breaking" if required_in_request else "compatible"
            rule = "request-field-added-required" if required_in_request else "field-added"
            self.add(
                f"{where}.{wire}",
                rule,
                level,
                f"{label}.{wire} added"
                + (" (required in requests)" if required_in_request else ""),
            )
        for wire in sorted(before.keys() & after.keys()):
            self._field(
                f"{where}.{wire}", before[wire], after[wire], request=request, response=response
            )

    def _field(self, where: str, old: Field, new: Field, *, request: bool, response: bool) -> None:
        self._field_type(where, old, new, request=request, response=response)
        self._field_presence(where, old, new, request=request, response=response)
        sides = {side for side, on in (("request", request), ("response", response)) if on}
        self._field_meaning(where, old, new, request=request, sides=sides)

    def _field_type(
        self, where: str, old: Field, new: Field, *, request: bool, response: bool
    ) -> None:
        name = where.removeprefix("types.")
        relation = compare_types(old.type.expr, new.type.expr)
        before, after = old.type.text, new.type.text
        if relation == "changed":
            self.add(where, "type-changed", "breaking", f"{name}: type {before} is now {after}")
        elif relation == "wider":
            level: Level = "breaking" if response else "compatible"
            self.add(where, "type-widened", level, f"{name}: type {before} widened to {after}")
        elif relation == "narrower":
            level = "breaking" if request else "compatible"
            self.add(where, "type-narrowed", level, f"{name}: type {before} narrowed to {after}")

    def _field_presence(
        self, where: str, old: Field, new: Field, *, request: bool, response: bool
    ) -> None:
        """Null and absence: refusing them breaks senders, allowing them breaks readers."""
        name = where.removeprefix("types.")
        if old.nullable and not new.nullable:
            self.add(
                where,
                "became-not-nullable",
                "breaking" if request else "compatible",
                f"{name} no longer accepts null",
            )
        if new.nullable and not old.nullable:
            self.add(
                where,
                "became-nullable",
                "breaking" if response else "compatible",
                f"{name} may now be null",
            )
        if old.optional and not new.optional:
            self.add(
                where,
                "became-required",
                "breaking" if request else "compatible",
                f"{name} is now required",
            )
        if new.optional and not old.optional:
            self.add(
                where,
                "became-optional",
                "breaking" if response else "compatible",
                f"{name} may now be absent",
            )

    def _field_meaning(
        self, where: str, old: Field, new: Field, *, request: bool, sides: set[str]
    ) -> None:
        """Its Python name, spellings, constant, enum, bounds, deprecation and wording."""
        name = where.removeprefix("types.")
        if (old.name or None) != (new.name or None):
            self.add(
                where,
                "python-name-changed",
                "breaking",
                f"{name}: Python name {old.name} is now {new.name}",
            )
        if old.aliases != new.aliases:
            self.add(where, "aliases-changed", "compatible", f"{name}: accepted spellings changed")
        if old.const != new.const:
            self.add(
                where,
                "const-changed",
                "breaking",
                f"{name}: constant {plain(old.const)} is now {plain(new.const)}",
            )
        if old.enum is not None or new.enum is not None:
            self._enum(where, self._inline(self.old, old), self._inline(self.new, new), sides)
        self._bounds(where, old, new, request)
        if not old.deprecated and new.deprecated:
            self.add(where, "deprecated", "compatible", f"{name} is deprecated")
        if (old.description, old.notes, old.example) != (new.description, new.notes, new.example):
            self.add(
                where,
                "description-changed",
                "documentation",
                f"{name}: description, example or notes changed",
            )

    def _limits(
        self, where: str, old: Limits, new: Limits, request: bool, prefix: str = ""
    ) -> None:
        """Each bound raised or lowered; `prefix` is `items-` for the bounds on each item."""
        name = where.removeprefix("types.")
        for key, tighter in (
            ("minimum", _raised),
            ("min_length", _raised),
            ("maximum", _lowered),
            ("max_length", _lowered),
            ("min_items", _raised),
            ("max_items", _lowered),
        ):
            before, after = getattr(old, key), getattr(new, key)
            if before == after:
                continue
            tightened = after is not None and (before is None or tighter(before, after))
            level: Level = "breaking" if tightened and request else "compatible"
            self.add(
                where,
                f"{prefix}{key}-{'tightened' if tightened else 'relaxed'}",
                level,
                f"{name}: {prefix.replace('-', ' ')}{key} {plain(before)} is now {plain(after)}",
            )

    def _bounds(self, where: str, old: Field, new: Field, request: bool) -> None:
        name = where.removeprefix("types.")
        self._limits(where, old.limits, new.limits, request)
        each_old, each_new = old.item_limits or Limits(), new.item_limits or Limits()
        self._limits(where, each_old, each_new, request, prefix="items-")
        if old.datetime_format != new.datetime_format:
            # The values callers pass are the same; only their written form changes.
            self.add(
                where,
                "datetime-format-changed",
                "compatible",
                f"{name}: datetimes are sent as {_written(new.datetime_format)} instead of "
                f"{_written(old.datetime_format)}",
            )
        if old.format != new.format:
            # A checked format refuses values once taken: in arguments before sending, and in
            # a strict reading of responses.
            self.add(
                where,
                "format-changed",
                "breaking" if new.format in formats.CLIENT_CHECKED else "compatible",
                f"{name}: format {plain(old.format)} is now {plain(new.format)}",
            )
        if old.separator != new.separator:
            self.add(
                where,
                "separator-changed",
                "breaking" if request else "compatible",
                f'{name}: items are separated by "{new.separator}" instead of "{old.separator}"',
            )
        added = set(new.required_unless) - set(old.required_unless)
        if added or (new.required_unless and not old.required_unless):
            self.add(
                where,
                "required-unless-added",
                "breaking" if request else "compatible",
                f"{name} is now required unless {' or '.join(new.required_unless)} is given",
            )
        elif set(old.required_unless) != set(new.required_unless):
            self.add(
                where,
                "required-unless-relaxed",
                "compatible",
                f"{name} is now required unless {' or '.join(new.required_unless) or 'never'}",
            )

    # -- operations ------------------------------------------------------------------------

    def _operations(self) -> None:
        old = {op.dotted: op for op in self.old.operations}
        new = {op.dotted: op for op in self.new.operations}
        # An operation that left one name and has another with the same endpoint was renamed
        # (an imported draft against its curated spec names most of them anew).
        added = {_endpoint_key(new[d]): d for d in sorted(new.keys() - old.keys())}
        renamed: dict[str, str] = {}
        for dotted in sorted(old.keys() - new.keys()):
            other = added.pop(_endpoint_key(old[dotted]), None)
            if other is None:
                self.add(dotted, "operation-removed", "breaking", f"{dotted}() removed")
                continue
            renamed[dotted] = other
            self.add(dotted, "operation-renamed", "breaking", f"{dotted}() is now {other}()")
        for dotted in sorted(added.values()):
            self.add(dotted, "operation-added", "compatible", f"{dotted}() added")
        for dotted in sorted(old.keys() & new.keys()):
            self._operation(dotted, old[dotted], new[dotted])
        for dotted, other in renamed.items():
            self._operation(other, old[dotted], new[other])

    def _idempotency(self, dotted: str, old: str | None, new: str | None) -> None:
        """`idempotency_key=` gone breaks the calls passing it; the header it goes in is the
        client's business."""
        if old is not None and new is None:
            what = f"{dotted} no longer takes idempotency_key= (nor retries after a 5xx)"
            self.add(dotted, "idempotency-key-removed", "breaking", what)
        elif old is None and new is not None:
            what = f"{dotted} sends an idempotency key in {new} (and retries after a 5xx)"
            self.add(dotted, "idempotency-key-added", "compatible", what)
        elif old != new:
            what = f"{dotted}: its idempotency key is sent in {new}, not {old}"
            self.add(dotted, "idempotency-header-changed", "compatible", what)

    def _operation(self, dotted: str, old: Operation, new: Operation) -> None:
        old_method, old_path = old.endpoint.split(" ", 1)
        new_method, new_path = new.endpoint.split(" ", 1)
        if old_method != new_method:
            self.add(
                dotted,
                "method-changed",
                "breaking",
                f"{dotted}: method {old_method} is now {new_method}",
            )
        if old_path != new_path:
            self.add(
                dotted, "path-changed", "breaking", f"{dotted}: path {old_path} is now {new_path}"
            )
        self._pages(dotted, old, new)
        if old.envelope != new.envelope:
            self.add(dotted, "envelope-changed", "breaking", f"{dotted}: response envelope toggled")
        if old.auth != new.auth or old.scopes != new.scopes:
            self.add(
                dotted, "auth-changed", "breaking", f"{dotted}: authentication or scopes changed"
            )
        if not old.deprecated and new.deprecated:
            self.add(dotted, "deprecated", "compatible", f"{dotted} is deprecated")
        if old.status_means != new.status_means:
            self.add(
                dotted,
                "status-meaning-changed",
                "breaking",
                f"{dotted}: statuses raised as other errors {dict(old.status_means)} "
                f"are now {dict(new.status_means)}",
            )
        if old.server != new.server:
            self.add(
                dotted,
                "server-changed",
                "breaking",
                f"{dotted}: sent to the {new.server} host instead of the {old.server} one",
            )
        self._exactly_one_of(dotted, old.exactly_one_of, new.exactly_one_of, True)
        self._arguments(dotted, old, new)
        self._response(dotted, old, new)
        if (old.summary, old.description, old.notes, old.errors, old.examples) != (
            new.summary,
            new.description,
            new.notes,
            new.errors,
            new.examples,
        ):
            self.add(
                dotted,
                "description-changed",
                "documentation",
                f"{dotted}: description, examples or notes changed",
            )

    def _pages(self, dotted: str, old: Operation, new: Operation) -> None:
        """Whether it returns pages, and how it walks them where it has a style of its own (a
        change of the API's style is reported once, for the API)."""
        if old.paginated != new.paginated:
            self.add(
                dotted,
                "pagination-changed",
                "breaking",
                f"{dotted} {'now returns pages' if new.paginated else 'no longer returns pages'}",
            )
            return
        before = (old.pagination or self.old.pagination) if old.paginated else None
        after = (new.pagination or self.new.pagination) if new.paginated else None
        if (old.pagination or new.pagination) and before and after and before.style != after.style:
            old_style, new_style = before.style.style, after.style.style
            self.add(
                dotted,
                "pagination-changed",
                "breaking",
                (
                    f"{dotted}: pagination {old_style} is now {new_style}"
                    if old_style != new_style
                    else f"{dotted}: pagination parameters changed"
                ),
            )
        if old.items != new.items:
            # Where the client reads the list is its own affair: the code using it sees items.
            self.add(
                dotted,
                "list-location-changed",
                "compatible",
                f"{dotted}: its list is read from {new.items or 'the body'} "
                f"(was {old.items or 'the body'})",
            )

    def _arguments(self, dotted: str, old: Operation, new: Operation) -> None:
        self._body(dotted, old, new)
        self._idempotency(dotted, old.idempotency_header, new.idempotency_header)
        spread_before, spread_after = old.body_fields(), new.body_fields()
        before = {**old.path_params, **old.query, **old.headers, **old.cookies, **spread_before}
        after = {**new.path_params, **new.query, **new.headers, **new.cookies, **spread_after}
        self._argument_sets(dotted, before, after)
        same_type = _body_type(old.body) is not None and _body_type(old.body) == _body_type(
            new.body
        )
        for wire in sorted(before.keys() & after.keys()):
            # Fields of a named body type are compared once, under types.
            if wire in spread_before and wire in spread_after and same_type:
                continue
            self._argument(dotted, wire, before[wire], after[wire])
        for wire in sorted(old.query.keys() & new.query.keys()):
            was, now = _query_style(old.query[wire]), _query_style(new.query[wire])
            if was != now:
                # The same call sends another query: a server reading the old one misreads it.
                self.add(
                    f"{dotted}({wire})",
                    "parameter-style-changed",
                    "breaking",
                    f"{dotted}: query parameter {wire} is sent {now}, not {was}",
                )

    def _body(self, dotted: str, old: Operation, new: Operation) -> None:
        old_type, new_type = _body_type(old.body), _body_type(new.body)
        if old_type and new_type and old_type != new_type:
            self.add(
                f"{dotted}(body)",
                "body-type-changed",
                "breaking",
                f"{dotted}: body type {old_type} is now {new_type}",
            )
        if _argument(old.body) != _argument(new.body):
            self.add(
                f"{dotted}(body)",
                "body-argument-changed",
                "breaking",
                f"{dotted}: how the body is passed changed",
            )
        if (
            (old.body.encoding if old.body else None) != (new.body.encoding if new.body else None)
            and old.body
            and new.body
        ):
            self.add(
                f"{dotted}(body)",
                "body-encoding-changed",
                "compatible",
                f"{dotted}: body encoding changed",
            )

    def _argument_sets(
        self, dotted: str, before: Mapping[str, Field], after: Mapping[str, Field]
    ) -> None:
        for wire in sorted(before.keys() - after.keys()):
            self.add(
                f"{dotted}({wire})",
                "argument-removed",
                "breaking",
                f"{dotted}: argument {wire} removed",
            )
        for wire in sorted(after.keys() - before.keys()):
            field = after[wire]
            if field.optional or field.const is not None:
                self.add(
                    f"{dotted}({wire})",
                    "argument-added",
                    "compatible",
                    f"{dotted}: optional argument {wire} added",
                )
            else:
                self.add(
                    f"{dotted}({wire})",
                    "required-argument-added",
                    "breaking",
                    f"{dotted}: required argument {wire} added",
                )

    def _argument(self, dotted: str, wire: str, old: Field, new: Field) -> None:
        self._field(f"{dotted}({wire})", old, new, request=True, response=False)
        old_default, new_default = getattr(old, "default", None), getattr(new, "default", None)
        if old_default != new_default:
            self.add(
                f"{dotted}({wire})",
                "default-changed",
                "compatible",
                f"{dotted}: documented default of {wire} {plain(old_default)}"
                f" is now {plain(new_default)}",
            )

    def _response(self, dotted: str, old: Operation, new: Operation) -> None:
        self._error_types(dotted, old, new)
        if old.by_status or new.by_status:
            self._by_status(dotted, old, new)
            return
        if (old.response is None) != (new.response is None):
            self.add(
                dotted,
                "response-changed",
                "breaking",
                f"{dotted}: response {'removed' if new.response is None else 'added'}",
            )
            return
        if old.response is None or new.response is None:
            return
        streams = {old.response.event is not None, new.response.event is not None}
        if old.response.kind != new.response.kind and streams == {True}:
            self.add(
                dotted,
                "stream-format-changed",
                "compatible",
                f"{dotted}: streams {_returned(new.response)} instead of "
                f"{_returned(old.response)}",
            )
        elif old.response.kind != new.response.kind:
            self.add(
                dotted,
                "response-kind-changed",
                "breaking",
                f"{dotted}: returns {_returned(new.response)} instead of {_returned(old.response)}",
            )
            return
        self._response_details(dotted, old.response, new.response)
        self._response_type(dotted, old.response, new.response)
        if old.response.status != new.response.status:
            self.add(
                dotted,
                "response-status-changed",
                "compatible",
                f"{dotted}: success status {old.response.status} is now {new.response.status}",
            )

    def _response_type(self, dotted: str, old: Response, new: Response) -> None:
        """The payload's type: another or a wider one, or one that may now be null."""
        old_type, new_type = old.type, new.type
        relation = "same"
        if old_type is not None and new_type is not None:
            relation = compare_types(old_type.expr, new_type.expr)
        if relation in ("changed", "wider") and old_type is not None and new_type is not None:
            self.add(
                dotted,
                "response-type-changed",
                "breaking",
                f"{dotted}: returns {new_type.text} instead of {old_type.text}",
            )
        if new.nullable and not old.nullable:
            self.add(
                dotted, "response-became-nullable", "breaking", f"{dotted} may now return None"
            )
        if old.nullable and not new.nullable:
            self.add(
                dotted,
                "response-became-not-nullable",
                "compatible",
                f"{dotted} no longer returns None",
            )

    def _by_status(self, dotted: str, old: Operation, new: Operation) -> None:
        """Success statuses answering different bodies (`responses`), on either side: a status
        added may hand the caller another type; one removed, one fewer; a status kept compares
        as a response does."""
        before = {r.status: r for r in old.success_responses}
        after = {r.status: r for r in new.success_responses}
        for status in sorted(after.keys() - before.keys()):
            self.add(
                f"{dotted}({status})",
                "success-status-added",
                "breaking",
                f"{dotted}: status {status} now answers {_answered(after[status])}, "
                "one more thing the call may return",
            )
        for status in sorted(before.keys() - after.keys()):
            self.add(
                f"{dotted}({status})",
                "success-status-removed",
                "compatible",
                f"{dotted}: status {status} ({_answered(before[status])}) is no longer answered",
            )
        for status in sorted(before.keys() & after.keys()):
            was, now = before[status], after[status]
            if was.kind != now.kind:
                self.add(
                    f"{dotted}({status})",
                    "response-kind-changed",
                    "breaking",
                    f"{dotted}: status {status} answers {_returned(now)} instead of "
                    f"{_returned(was)}",
                )
            else:
                self._response_type(f"{dotted}({status})", was, now)

    def _error_types(self, dotted: str, old: Operation, new: Operation) -> None:
        """An error's typed body (`exc.parsed_body`): newly typed, or no longer what it was."""
        for status in sorted(old.error_types.keys() | new.error_types.keys()):
            before, after = old.error_types.get(status), new.error_types.get(status)
            if before is None and after is not None:
                self.add(
                    f"{dotted}({status})",
                    "error-body-typed",
                    "compatible",
                    f"{dotted}: a {status} error's parsed_body is now a {after.text}",
                )
            elif before is not None and (after is None or after.expr != before.expr):
                self.add(
                    f"{dotted}({status})",
                    "error-body-changed",
                    "breaking",
                    f"{dotted}: a {status} error's parsed_body is "
                    + (f"a {after.text}" if after is not None else "no longer typed")
                    + f" instead of a {before.text}",
                )

    def _response_details(self, dotted: str, old: Response, new: Response) -> None:
        """What a response of the same kind says differently: which header, which media type."""
        self._typed_headers(dotted, old, new)
        if old.header != new.header:
            self.add(
                dotted,
                "response-header-changed",
                "compatible",
                f"{dotted}: returns the {new.header} header instead of {old.header}",
            )
        if old.media_type != new.media_type:
            self.add(
                dotted,
                "response-media-type-changed",
                "compatible",
                f"{dotted}: its {old.kind} body is {new.media_type or 'of the default type'} "
                f"instead of {old.media_type or 'the default type'}",
            )

    def _typed_headers(self, dotted: str, old: Response, new: Response) -> None:
        """The typed headers a response declares (`parse_headers()`): one removed breaks code
        reading it, one added breaks nothing; a kept one compares as a response field does
        (`T?` and `T | null` both say it may be absent)."""
        for wire in sorted(old.headers.keys() - new.headers.keys()):
            self.add(
                f"{dotted}.headers.{wire}",
                "response-header-removed",
                "breaking",
                f"{dotted}: its response no longer declares the {wire} header",
            )
        for wire in sorted(new.headers.keys() - old.headers.keys()):
            self.add(
                f"{dotted}.headers.{wire}",
                "response-header-added",
                "compatible",
                f"{dotted}: its response declares the {wire} header",
            )
        for wire in sorted(old.headers.keys() & new.headers.keys()):
            before, after = (_absent_is_optional(r.headers[wire]) for r in (old, new))
            where = f"{dotted} response header {wire}"
            self._field(where, before, after, request=False, response=True)


def _query_style(f: Field) -> str:
    """How a query parameter is sent, as the spec's `style` says it."""
    if f.object_style is not None:
        return f.object_style
    return "csv" if f.csv else "form"


def _absent_is_optional(f: Field) -> Field:
    """A response header that may be absent, however the spec says it."""
    return replace(f, optional=f.optional or f.nullable, nullable=False)


def _answered(response: Response) -> str:
    """A success status's body, in words: its type, or nothing."""
    return response.type.text if response.type is not None else "no body"


def _returned(response: Response) -> str:
    """What a call of a response's kind returns, in words."""
    return {
        "json": "JSON",
        "text": "text (str)",
        "binary": "bytes",
        "event_stream": "server-sent events",
        "json_lines": "JSON lines",
        "header": f"its {response.header} header",
        "empty": "nothing",
    }[response.kind]


def _extra_text(extra: ExtraKeys | None) -> str | None:
    if extra is None:
        return None
    return extra.type.text + (" | null" if extra.nullable else "")


def _extra_expr(extra: ExtraKeys | None) -> TypeExpr:
    return Prim("any") if extra is None else extra.type.expr


def diff_specs(old: Api, new: Api) -> list[Change]:
    """The changes from one resolved revision of an API to another, classified."""
    return _Differ(old, new).run()


def _argument(body: Body | None) -> str | None:
    """The argument taking the whole body, if one does."""
    return body.argument.wire if isinstance(body, ArgumentBody) else None


# -- reports ---------------------------------------------------------------------------------


def bump(changes: list[Change]) -> str:
    """The version bump the changes call for: of an API's distribution, for its changes."""
    levels = {c.level for c in changes}
    if "breaking" in levels:
        return "major"
    if "compatible" in levels:
        return "minor"
    if "documentation" in levels:
        return "patch"
    return "none"


_HEADINGS = {
    "breaking": "Breaking changes",
    "compatible": "Compatible changes",
    "documentation": "Documentation",
}


def as_text(changes: list[Change]) -> str:
    if not changes:
        return "No changes.\n"
    lines = []
    for level in LEVELS:
        group = [c for c in changes if c.level == level]
        if group:
            lines.append(f"{_HEADINGS[level]} ({len(group)}):")
            lines += [f"  {c.api}: {c.message}  [{c.rule}]" for c in group]
    lines.append(f"Suggested version bump: {bump(changes)}")
    return "\n".join(lines) + "\n"


def as_markdown(changes: list[Change]) -> str:
    if not changes:
        return "**apigen diff:** no changes.\n"
    out = [f"### apigen diff: {bump(changes)} version bump suggested", ""]
    for level in LEVELS:
        group = [c for c in changes if c.level == level]
        if group:
            out += [
                f"**{_HEADINGS[level]}**",
                "",
                "| API | where | change | rule |",
                "|---|---|---|---|",
            ]
            out += [
                f"| {c.api} | `{c.where}` | {c.message.replace('|', '/')} | `{c.rule}` |"
                for c in group
            ]
            out.append("")
    out += [
        "<details><summary>Changelog entry</summary>",
        "",
        "```markdown",
        changelog(changes).rstrip(),
        "```",
        "",
        "</details>",
    ]
    return "\n".join(out) + "\n"


def as_json(changes: list[Change]) -> str:
    return (
        json.dumps(
            {
                "bump": bump(changes),
                "breaking": any(c.level == "breaking" for c in changes),
                "changes": [asdict(c) for c in changes],
            },
            indent=2,
        )
        + "\n"
    )


def changelog(changes: list[Change]) -> str:
    sections = {
        "breaking": "Breaking",
        "compatible": "Added and changed",
        "documentation": "Documentation",
    }
    out = []
    for level in LEVELS:
        group = [c for c in changes if c.level == level]
        if group:
            out.append(f"#### {sections[level]}")
            out += [f"- `{c.api}`: {c.message}" for c in group]
    return "\n".join(out) + "\n"


def _written(wire: DateTimeFormat | None) -> str:
    """`datetime_format` in words: `seconds, offset utc`."""
    if wire is None:
        return "given"
    return f"{wire.precision or 'any fraction'}, offset {wire.offset}"


def _raised(before: float, after: float) -> bool:
    return after > before


def _lowered(before: float, after: float) -> bool:
    return after < before


def _key_place(scheme: AuthScheme, name: str) -> str | None:
    """Where an API key is sent (`the header 'X-Key'`, with its prefix), or None for a
    credential of another scheme."""
    key = scheme.credentials.get(name)
    if not isinstance(key, ApiKey):
        return None
    prefix = f" after {key.prefix!r}" if key.prefix else ""
    return f"the {key.location} {key.wire!r}{prefix}"
