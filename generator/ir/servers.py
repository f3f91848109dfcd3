"""The IR of a base URL the caller chooses: named environments and URL variables."""

from __future__ import annotations

from ..resolved.nodes import Api
from .annotations import Literal
from .context import Context
from .model import ServersIR, ServerVariableIR
from .naming import ENVIRONMENT_ARGUMENT, ReservedNames, server_variable_argument


def servers(api: Api, ctx: Context, names: ReservedNames) -> ServersIR | None:
    """The client's choices of server, each a constructor argument; None for one fixed URL."""
    base = api.base_url
    if not base.chosen or base.template is None:
        return None
    if base.environments:
        ctx.claim("constructor", ENVIRONMENT_ARGUMENT, base.loc, "the environments' argument")
    variables = []
    for variable in base.variables:
        argument = server_variable_argument(variable.name)
        ctx.claim("constructor", argument, variable.loc, f"URL variable {variable.name!r}")
        annotation = (
            str(Literal(variable.enum, names.Literal)) if variable.enum is not None else "str"
        )
        variables.append(
            ServerVariableIR(variable.name, argument, annotation, variable.default, variable.enum)
        )
    environments = tuple(base.environments.items())
    return ServersIR(
        template=base.template,
        environments=environments,
        default_environment=base.default_environment,
        environment_annotation=(
            str(Literal(tuple(base.environments), names.Literal)) if environments else None
        ),
        variables=tuple(variables),
        doc=_doc(base.default_environment, environments, variables),
    )


def _doc(
    default: str | None,
    environments: tuple[tuple[str, str], ...],
    variables: list[ServerVariableIR],
) -> str:
    """`environment=` one of `production` (https://...), `test` (https://...), default
    `production`; `region=` (one of 'us', 'eu'), default `us`."""
    parts = []
    if environments:
        listed = ", ".join(f"`{name}` ({url})" for name, url in environments)
        parts.append(f"`environment=` one of {listed}, default `{default}`")
    for v in variables:
        values = f" (one of {', '.join(map(repr, v.enum))})" if v.enum is not None else ""
        parts.append(f"`{v.argument}=`{values}, default `{v.default}`")
    return "; ".join(parts)
