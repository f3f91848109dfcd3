"""Older specs read in today's language, so `apigen diff --base REV` can compare across a change
of the language itself.

Each step below undoes one retirement: a renamed key gets its new name, a key that was accepted
and ignored is dropped (it never changed the output), and a pagination parameter an operation
restated is left to `api.pagination`. Only `apigen diff` reads the old side this way; a spec in
the working tree must be written in today's language.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from .model import Param

_IGNORED = {
    ("api", "auth"): ("query_param",),
    ("api", "auth", "oauth2"): ("revoke_url", "introspect_url"),
    ("api", "pagination"): ("size_min", "size_max"),
}
# Where each pagination style names the query parameter it drives, and the parameter's type.
_DRIVEN = {"cursor": ("cursor_param", "string"), "page": ("page_param", "integer")}


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
    driven = _driven_parameter(api.get("pagination"))
    if driven is not None and isinstance(data.get("resources"), dict):
        upgraded["resources"] = _without_restated(data["resources"], *driven)
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


def _driven_parameter(pagination: Any) -> tuple[str, Param] | None:
    if not isinstance(pagination, dict) or pagination.get("style") not in _DRIVEN:
        return None
    key, type_name = _DRIVEN[pagination["style"]]
    wire = pagination.get(key)
    return (wire, Param(type=type_name, optional=True)) if isinstance(wire, str) else None


def _without_restated(resources: dict[str, Any], wire: str, implied: Param) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, resource in resources.items():
        if not isinstance(resource, dict):
            out[name] = resource
            continue
        resource = dict(resource)
        if isinstance(resource.get("operations"), dict):
            resource["operations"] = {
                op_name: _operation(op, wire, implied)
                for op_name, op in resource["operations"].items()
            }
        if isinstance(resource.get("resources"), dict):
            resource["resources"] = _without_restated(resource["resources"], wire, implied)
        out[name] = resource
    return out


def _operation(op: Any, wire: str, implied: Param) -> Any:
    if (
        not isinstance(op, dict)
        or op.get("paginated") is not True
        or not isinstance(op.get("query"), dict)
    ):
        return op
    try:
        restated = Param.model_validate(op["query"].get(wire)) == implied
    except ValidationError:
        return op
    if not restated:
        return op
    query = {key: value for key, value in op["query"].items() if key != wire}
    return {**{k: v for k, v in op.items() if k != "query"}, **({"query": query} if query else {})}
