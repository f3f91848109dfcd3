"""Older specs read in today's language, so `apigen diff --base REV` can compare across a change
of the language itself.

Each step below undoes one retirement: a renamed key gets its new name, a key that was accepted
and ignored is dropped (it never changed the output), and a pagination parameter an operation
restated is left to `api.pagination`. Only `apigen diff` reads the old side this way; a spec in
the working tree must be written in today's language.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError

from .model import Pagination, Param

_IGNORED = {
    ("api", "auth"): ("query_param",),
    ("api", "auth", "oauth2"): ("revoke_url", "introspect_url"),
    ("api", "pagination"): ("size_min", "size_max"),
}
_PAGINATION: TypeAdapter[Pagination] = TypeAdapter(Pagination)


def upgrade(data: Any) -> Any:
    """`data` (a parsed spec) with the retired spellings replaced; anything else is left as is."""
    if not isinstance(data, dict) or not isinstance(data.get("api"), dict):
        return data
    api = dict(data["api"])
    if "errors" in api and "error_body" not in api:
        api["error_body"] = api.pop("errors")
    for path, keys in _IGNORED.items():
        _drop(api, path[1:], keys)
    credentials = (
        api.get("auth", {}).get("credentials") if isinstance(api.get("auth"), dict) else None
    )
    if isinstance(credentials, dict):
        for name, credential in list(credentials.items()):
            if isinstance(credential, dict):
                credentials[name] = {k: v for k, v in credential.items() if k != "secret"}
    upgraded = {**data, "api": api}
    driven = _driven_parameters(api.get("pagination"))
    if driven and isinstance(data.get("resources"), dict):
        upgraded["resources"] = _without_restated(data["resources"], driven)
    return upgraded


def _drop(mapping: dict[str, Any], path: tuple[str, ...], keys: tuple[str, ...]) -> None:
    for part in path:
        child = mapping.get(part)
        if not isinstance(child, dict):
            return
        mapping[part] = child = dict(child)
        mapping = child
    for key in keys:
        mapping.pop(key, None)


def _driven_parameters(pagination: Any) -> dict[str, Param]:
    """The parameters the style implies, as a restating operation would have declared them; none
    for a pagination today's language refuses (the upgraded spec is refused anyway)."""
    try:
        style = _PAGINATION.validate_python(pagination)
    except ValidationError:
        return {}
    return {
        wire: Param(type=type_name, optional=True)
        for wire, type_name in style.driven_parameters().items()
    }


def _without_restated(resources: dict[str, Any], implied: dict[str, Param]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, resource in resources.items():
        if not isinstance(resource, dict):
            out[name] = resource
            continue
        resource = dict(resource)
        if isinstance(resource.get("operations"), dict):
            resource["operations"] = {
                op_name: _operation(op, implied) for op_name, op in resource["operations"].items()
            }
        if isinstance(resource.get("resources"), dict):
            resource["resources"] = _without_restated(resource["resources"], implied)
        out[name] = resource
    return out


def _operation(op: Any, implied: dict[str, Param]) -> Any:
    if (
        not isinstance(op, dict)
        or op.get("paginated") is not True
        or not isinstance(op.get("query"), dict)
    ):
        return op
    query = {key: value for key, value in op["query"].items() if not _restated(key, value, implied)}
    if len(query) == len(op["query"]):
        return op
    return {**{k: v for k, v in op.items() if k != "query"}, **({"query": query} if query else {})}


def _restated(key: str, declared: Any, implied: dict[str, Param]) -> bool:
    if key not in implied:
        return False
    try:
        return Param.model_validate(declared) == implied[key]
    except ValidationError:
        return False
