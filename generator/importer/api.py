"""The spec's `api` block from the document's `info`, `servers`, security and error bodies."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..ir.auth import CLIENT_ARGUMENTS as _CLIENT_ARGUMENTS
from ..ir.naming import pascal_case, snake_case
from ..openapi import DATETIME_FORMAT, ENVIRONMENT_EXTENSION
from ..spec.model import HEADER_NAME, PATH_PARAM, SERVER_VALUE, DateTimeFormat
from .constructs import Findings
from .document import Document, DocumentError, child, mapping
from .names import identifier

# Keys of an error body whose text makes a good exception message, most telling first.
_MESSAGE_KEYS = ("message", "error_description", "detail", "error", "title", "description", "msg")


class ApiBlock:
    def __init__(self, doc: Document, findings: Findings, name: str, source: str) -> None:
        self.doc = doc
        self.findings = findings
        self.name = name
        info = mapping(doc.data.get("info"))
        given = info.get("title")
        title = " ".join(given.split()) if isinstance(given, str) else ""
        title = title or name
        self.client = (
            pascal_case(title) if re.match(r"[A-Za-z]", pascal_case(title)) else pascal_case(name)
        )
        self.block: dict[str, Any] = {
            "name": name,
            "title": title,
            "version": str(info.get("version", "")).strip() or "unversioned",
            "client": self.client,
            "source": source,
        }
        text = info.get("description")
        if isinstance(text, str) and text.strip():
            self.block["description"] = text.strip()
        self.scheme_name: str | None = None
        self.together: list[str] = []  # API-key schemes required together, the first one first
        self.scoped = False
        self._base_url()
        self._auth()
        wire = datetime_format(doc.data)
        if wire is not None:
            self.block["datetime_format"] = wire

    def _base_url(self) -> None:
        env = f"{self.name.upper()}_BASE_URL"
        base: dict[str, Any] = {"default": None, "env": env}
        self.block["base_url"] = base
        servers = self.doc.data.get("servers")
        listed = list(enumerate(servers)) if isinstance(servers, list) else []
        absolute: list[tuple[int, dict[str, Any]]] = []
        for index, server in listed:
            url = server.get("url") if isinstance(server, dict) else None
            if isinstance(url, str) and re.match(r"^https?://[^/\s]+", url):
                absolute.append((index, server))
            elif index == 0:
                self.findings.note(
                    base, "servers.relative", "/servers/0/url", "api.base_url", f"Server `{url}`."
                )
        absolute = [(i, server) for i, server in absolute if self._usable(base, i, server)]
        if not absolute:
            return
        variables: dict[str, dict[str, Any]] = {}
        urls = [self._server_url(base, index, server, variables) for index, server in absolute]
        if len(urls) == 1:
            base["default"] = urls[0]
        else:
            del base["default"]
            names = _environment_names([server for _, server in absolute])
            base["environments"] = dict(zip(names, urls, strict=True))
        if variables:
            base["variables"] = variables

    def _usable(self, base: dict[str, Any], index: int, server: dict[str, Any]) -> bool:
        """Whether each of the server's variables has a default a URL can hold: a document's
        `default: "{accountName}"` is a placeholder, and no URL can be made of it."""
        declared = mapping(server.get("variables"))
        for key in PATH_PARAM.findall(str(server["url"])):
            default = mapping(declared.get(key)).get("default")
            if not isinstance(default, str) or "{" in default or "}" in default:
                self.findings.note(
                    base,
                    "servers.unusable",
                    f"/servers/{index}/variables/{key}",
                    "api.base_url",
                    f"Variable `{key}` of server `{server['url']}`.",
                )
                return False
        return True

    def _server_url(
        self, base: dict[str, Any], index: int, server: dict[str, Any], variables: dict[str, Any]
    ) -> str:
        """The server's URL as a spec writes it: each variable under its identifier, declared
        once in `variables`; a value no URL part can be (`/v2`) written in at its default."""
        url = str(server["url"]).rstrip("/") or str(server["url"])
        declared = mapping(server.get("variables"))
        for key in PATH_PARAM.findall(url):
            variable = mapping(declared.get(key))
            default = variable.get("default")
            enum = variable.get("enum")
            values = [default, *(enum if isinstance(enum, list) else [])]
            if not all(isinstance(v, str) and SERVER_VALUE.match(v) for v in values):
                self.findings.note(
                    base,
                    "servers.variable_value",
                    f"/servers/{index}/variables/{key}",
                    "api.base_url",
                    f"Variable `{key}` of server `{url}`.",
                )
                url = url.replace("{" + key + "}", str(default if default is not None else ""))
                continue
            name = identifier(key)
            name = f"{name}_variable" if name in _CLIENT_ARGUMENTS | {"environment"} else name
            url = url.replace("{" + key + "}", "{" + name + "}")
            written: dict[str, Any] = {"default": default}
            if isinstance(enum, list):
                written["enum"] = list(enum)
            if isinstance(variable.get("description"), str):
                written["description"] = variable["description"].strip()
            if variables.setdefault(name, written) != written:
                self.findings.note(
                    base,
                    "servers.variable_conflict",
                    f"/servers/{index}/variables/{key}",
                    "api.base_url",
                    f"Variable `{key}` of server `{url}`.",
                )
        return url

    # -- security ---------------------------------------------------------------------------

    def _auth(self) -> None:
        schemes = mapping(mapping(self.doc.data.get("components")).get("securitySchemes"))
        used = self._used(schemes)
        auth: dict[str, Any] = {"scheme": "none"}
        self.block["auth"] = auth
        if not used:
            return
        name = used[0]
        pointer = child("/components/securitySchemes", name)
        scheme = mapping(self.doc.resolve(schemes[name], pointer)[0])
        self.together = self._required_with(name, schemes)
        for other in (n for n in used[1:] if n not in self.together):
            self.findings.note(
                auth,
                "auth.alternatives",
                child("/components/securitySchemes", other),
                "api.auth",
                f"Scheme `{other}` is accepted too.",
            )
        if self._scheme(auth, name, scheme, pointer):
            self.scheme_name = name
            text = scheme.get("description")
            if isinstance(text, str) and text.strip() and auth["scheme"] != "api_key":
                auth["description"] = text.strip()  # an API key's is its credential's

    def _scheme(
        self, auth: dict[str, Any], name: str, scheme: dict[str, Any], pointer: str
    ) -> bool:
        """Write the scheme the language has for `scheme` into `auth`; False (and a note)
        when it has none."""
        kind = scheme.get("type")
        http = str(scheme.get("scheme", "")).lower() if kind == "http" else ""
        said = f"Scheme `{name}`: `type: {kind}`"
        bearer = {"access_token": {"env": f"{self.name.upper()}_ACCESS_TOKEN"}}
        if http == "bearer":
            auth.update(scheme="bearer", credentials=bearer)
            return True
        if http == "basic":
            password = {"password": {"env": f"{self.name.upper()}_PASSWORD"}}
            auth.update(scheme="basic", basic_username="", credentials=password)
            document = said + ", `scheme: basic`."
            self.findings.note(auth, "auth.basic_username", pointer, "api.auth", document)
            return True
        if kind in ("oauth2", "openIdConnect"):
            auth.update(scheme="bearer", credentials=bearer)
            self.scoped = kind == "oauth2"
            flows = ", ".join(f"`{flow}`" for flow in mapping(scheme.get("flows")))
            document = said + (f", flows {flows}" if flows else "") + "."
            self.findings.note(auth, "auth.oauth2_flows", pointer, "api.auth", document)
            return True
        if kind == "apiKey" and _api_key(scheme) is not None:
            auth.update(scheme="api_key", credentials=self._api_keys(self.together or [name]))
            return True
        document = said + (f", `scheme: {scheme.get('scheme')}`" if http else "") + "."
        if kind == "apiKey":
            document = f"{said}, `in: {scheme.get('in')}`, `name: {scheme.get('name')}`."
        self.findings.note(auth, "auth.http_other", pointer, "api.auth", document)
        return False

    def key_places(self) -> set[tuple[str, str]]:
        """Where the spec's API keys are sent (header names in lower case)."""
        auth = self.block["auth"]
        if auth.get("scheme") != "api_key":
            return set()
        places = set()
        for key in auth["credentials"].values():
            for where in ("header", "query", "cookie"):
                if where in key:
                    places.add((where, key[where].lower() if where == "header" else key[where]))
        return places

    def _required_with(self, name: str, schemes: dict[str, Any]) -> list[str]:
        """The API-key schemes the first requirement naming `name` requires with it (an
        application id and its key), `name` first; none unless `name` is one."""
        if _api_key(self._scheme_at(name)) is None:
            return []
        top = self.doc.data.get("security")
        requirements = list(top) if isinstance(top, list) else []
        for item in mapping(self.doc.data.get("paths")).values():
            for operation in mapping(item).values():
                found = mapping(operation).get("security")
                requirements += found if isinstance(found, list) else []
        first = next((r for r in requirements if isinstance(r, dict) and name in r), {})
        others = [n for n in first if n != name and n in schemes]
        return [name, *(n for n in others if _api_key(self._scheme_at(n)) is not None)]

    def _api_keys(self, names: list[str]) -> dict[str, Any]:
        """The credentials of API-key schemes required together, each named as its scheme
        (`api_key` when there is one)."""
        credentials: dict[str, Any] = {}
        places: set[tuple[str, str]] = set()
        for scheme_name in names:
            place = _api_key(self._scheme_at(scheme_name))
            if place is None:
                continue
            location, wire = place
            spot = (location, wire.lower() if location == "header" else wire)
            if spot in places:
                continue  # one key, declared twice
            places.add(spot)
            name = "api_key" if len(names) == 1 else snake_case(scheme_name)
            name = name if name not in _CLIENT_ARGUMENTS else f"{name}_key"
            while name in credentials:
                name += "_"
            credential = {"env": f"{self.name.upper()}_{name.upper()}", location: wire}
            text = self._scheme_at(scheme_name).get("description")
            if isinstance(text, str) and text.strip():
                credential["description"] = text.strip()
            credentials[name] = credential
        return credentials

    def _scheme_at(self, name: str) -> dict[str, Any]:
        schemes = mapping(mapping(self.doc.data.get("components")).get("securitySchemes"))
        pointer = child("/components/securitySchemes", name)
        return mapping(self.doc.resolve(schemes.get(name), pointer)[0])

    def _used(self, schemes: dict[str, Any]) -> list[str]:
        """The schemes the document requires, the API-wide ones first, by how often they are
        required."""
        counts: Counter[str] = Counter()
        top = self.doc.data.get("security")
        for requirement in top if isinstance(top, list) else []:
            for name in requirement if isinstance(requirement, dict) else []:
                counts[name] += 1_000_000
        for item in (self.doc.data.get("paths") or {}).values():
            for operation in item.values() if isinstance(item, dict) else []:
                requirements = operation.get("security") if isinstance(operation, dict) else None
                for requirement in requirements if isinstance(requirements, list) else []:
                    for name in requirement if isinstance(requirement, dict) else []:
                        counts[name] += 1
        order = list(schemes)
        return sorted(
            (n for n in counts if n in schemes), key=lambda n: (-counts[n], order.index(n))
        )

    # -- errors -----------------------------------------------------------------------------

    def error_body(self, schemas: dict[str, dict[str, Any]], messages: Counter[str]) -> None:
        """The keys of the error body whose text forms the exception message: those of
        `_MESSAGE_KEYS` the document's error bodies have, most used first."""
        found = [key for key in _MESSAGE_KEYS if messages[key]]
        found.sort(key=lambda k: -messages[k])
        self.block["error_body"] = {"messages": found[:3] or ["message"]}
        del schemas


def error_message_keys(doc: Document) -> Counter[str]:
    """How often each property name appears in the schemas of 4xx, 5xx and default responses."""
    counts: Counter[str] = Counter()
    for item in (doc.data.get("paths") or {}).values():
        for operation in item.values() if isinstance(item, dict) else []:
            responses = operation.get("responses") if isinstance(operation, dict) else None
            for code, response in (responses.items() if isinstance(responses, dict) else []):
                if not (str(code)[0] in "45" or code == "default"):
                    continue
                try:
                    response, _ = doc.resolve(response, "/paths")
                except DocumentError:
                    continue
                for media in (
                    ((response or {}).get("content") or {}).values()
                    if isinstance(response, dict)
                    else []
                ):
                    for key in _property_names(
                        doc, media.get("schema") if isinstance(media, dict) else None
                    ):
                        counts[key] += 1
    return counts


def _property_names(doc: Document, schema: Any) -> list[str]:
    try:
        schema, _ = doc.resolve(schema, "/paths")
    except DocumentError:
        return []
    if not isinstance(schema, dict):
        return []
    names = (
        list(schema.get("properties") or {}) if isinstance(schema.get("properties"), dict) else []
    )
    for part in schema.get("allOf") or [] if isinstance(schema.get("allOf"), list) else []:
        names += _property_names(doc, part)
    return names


def _api_key(scheme: dict[str, Any]) -> tuple[str, str] | None:
    """Where an `apiKey` scheme sends its key (`in`, `name`), when the document says."""
    place, wire = scheme.get("in"), scheme.get("name")
    if place not in ("header", "query", "cookie") or not isinstance(wire, str) or not wire:
        return None
    if place != "query" and not HEADER_NAME.match(wire):  # `API Key` cannot name a header
        return None
    return str(place), wire


def _environment_names(servers: list[dict[str, Any]]) -> list[str]:
    """Each server's environment name: the export's own, else its description's when short
    (`Production`, `EU sandbox`), else `server_<n>`; each once."""
    names: list[str] = []
    for number, server in enumerate(servers, 1):
        given = server.get(ENVIRONMENT_EXTENSION) or server.get("description")
        name = identifier(given) if isinstance(given, str) and len(given.split()) <= 3 else ""
        if not re.match(r"^[a-z][a-z0-9_]*$", name) or name in names:
            name = f"server_{number}"
        names.append(name)
    return names


def datetime_format(schema: Any) -> dict[str, Any] | None:
    """The `datetime_format` an apigen export wrote on a schema (or the document), if any."""
    given = schema.get(DATETIME_FORMAT) if isinstance(schema, dict) else None
    try:
        wire = DateTimeFormat.model_validate(given) if isinstance(given, dict) else None
    except ValueError:
        return None
    return None if wire is None else wire.model_dump(exclude_defaults=True)
