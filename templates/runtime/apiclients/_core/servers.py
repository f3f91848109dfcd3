"""Where a client sends its requests when the API offers a choice: named environments
(`environment="sandbox"`) and URL variables (`{region}`), each checked when the client is made,
so that a misspelt name fails at once rather than as a connection error later."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..errors import ConfigurationError
from .types import Record

__all__ = ["ServerVariable", "Servers"]

# Patterns, compiled on first use (by `re`, which keeps them) rather than at import.
_VARIABLE = r"\{([^{}]*)\}"
# A value fills one `{name}` of a URL: it cannot end the host, the path segment or the URL, nor
# carry credentials.
_URL_PART = r"^[^/?#@\s{}]+$"


class ServerVariable(Record):
    """A `{name}` of the URLs, with the value used when the caller gives none."""

    name: str
    default: str
    enum: tuple[str, ...] | None  # the only values allowed, if any

    def __init__(self, name: str, default: str, enum: tuple[str, ...] | None = None) -> None:
        super().__init__(name=name, default=default, enum=enum)


class Servers(Record):
    """An API's base URL templates: its named `environments` (`default_environment` unless one
    is chosen), or its one `template`."""

    template: str
    environments: Mapping[str, str]  # name -> URL template
    default_environment: str
    variables: tuple[ServerVariable, ...]

    def __init__(
        self,
        template: str = "",
        environments: Mapping[str, str] | None = None,
        default_environment: str = "",
        variables: tuple[ServerVariable, ...] = (),
    ) -> None:
        super().__init__(
            template=template,
            environments=environments or {},
            default_environment=default_environment,
            variables=variables,
        )

    def url(self, client: str, environment: str | None, values: Mapping[str, str | None]) -> str:
        """The base URL for these choices (None: the default); ConfigurationError names a
        choice the API does not offer."""
        template = self.template
        if environment is not None and environment not in self.environments:
            raise ConfigurationError(
                f"{client}: environment={environment!r} is not one of "
                + (", ".join(map(repr, self.environments)) or "the API's (it has none)")
            )
        if self.environments:
            template = self.environments[environment or self.default_environment]
        unknown = sorted(set(values) - {v.name for v in self.variables})
        if unknown:
            raise ConfigurationError(f"{client}: no URL variable {', '.join(unknown)}")
        chosen = {v.name: self._value(client, v, values.get(v.name)) for v in self.variables}
        return re.sub(_VARIABLE, lambda m: chosen.get(m.group(1), m.group(0)), template)

    def _value(self, client: str, variable: ServerVariable, given: str | None) -> str:
        if given is None:
            return variable.default
        if variable.enum is not None and given not in variable.enum:
            raise ConfigurationError(
                f"{client}: {variable.name}={given!r} is not one of "
                + ", ".join(map(repr, variable.enum))
            )
        if not isinstance(given, str) or not re.match(_URL_PART, given):
            raise ConfigurationError(f"{client}: {variable.name}={given!r} cannot be part of a URL")
        return given
