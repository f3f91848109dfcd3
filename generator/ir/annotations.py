"""Python type annotations and literal calls as data, and the one printer that writes them.

The IR decides the tree (which members a union has, `Sequence` or `list`, where `None` or
`NotNull` goes, which bounds are checked); `str()` prints it, mechanically, and templates print a
node with `{{ node }}`. Values inside a tree (of a `Literal`, of a call's arguments) are JSON
data, printed with `py_value`, so no spec text can become code here either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..resolved.nodes import JSON
from .literals import py_value


@dataclass(frozen=True)
class Name:
    """A type by the name the module sees it under: `str`, `_dt.datetime`, `Job`."""

    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class NoneType:
    """`None`: a nullable member, or what a method returns when there is no body."""

    def __str__(self) -> str:
        return "None"


@dataclass(frozen=True)
class Subscript:
    """A generic type with its arguments: `list[Job]`, `dict[str, Any]`, `SyncPage[Job]`."""

    origin: str
    args: tuple[Annotation, ...]

    def __str__(self) -> str:
        return f"{self.origin}[{', '.join(map(str, self.args))}]"


@dataclass(frozen=True)
class Union:
    """`A | B`. Built with `union()`, which keeps the members flat and without repeats."""

    members: tuple[Annotation, ...]

    def __str__(self) -> str:
        return " | ".join(map(str, self.members))


@dataclass(frozen=True)
class Literal:
    """`Literal["a", 1]`: JSON scalars. `origin` is what the module calls `typing.Literal`."""

    values: tuple[JSON, ...]
    origin: str = "Literal"

    def __str__(self) -> str:
        return f"{self.origin}[{', '.join(map(py_value, self.values))}]"


@dataclass(frozen=True)
class NotNull:
    """An argument that may be left out but not given as None."""

    inner: Annotation
    origin: str = "NotNull"

    def __str__(self) -> str:
        return f"{self.origin}[{self.inner}]"


@dataclass(frozen=True)
class Call:
    """`function(value, ..., keyword=value, ...)` with JSON values: an `Annotated` type's
    metadata (`Checked(minimum=1)`), or a call shown in the docs (`people.retrieve("p1")`)."""

    function: str
    args: tuple[JSON | bytes, ...] = ()  # bytes: a file argument's content, in the docs
    keywords: tuple[tuple[str, JSON | bytes], ...] = ()

    def __str__(self) -> str:
        arguments = [py_value(value) for value in self.args]
        arguments += [f"{keyword}={py_value(value)}" for keyword, value in self.keywords]
        return f"{self.function}({', '.join(arguments)})"


@dataclass(frozen=True)
class Annotated:
    """`Annotated[inner, metadata]`: bounds checked when sent, a union's discriminator."""

    inner: Annotation
    metadata: Call
    origin: str = "Annotated"

    def __str__(self) -> str:
        return f"{self.origin}[{self.inner}, {self.metadata}]"


Annotation = Name | NoneType | Subscript | Union | Literal | NotNull | Annotated

STR = Name("str")
NONE = NoneType()


def union(*members: Annotation) -> Annotation:
    """The union of `members`: nested unions flattened, repeats dropped (the first kept), and a
    single member standing alone."""
    flat: list[Annotation] = []
    for member in members:
        for part in member.members if isinstance(member, Union) else (member,):
            if part not in flat:
                flat.append(part)
    if not flat:
        raise ValueError("a union needs a member")
    return flat[0] if len(flat) == 1 else Union(tuple(flat))


def without(annotation: Annotation, member: Annotation) -> Annotation:
    """A union with one member taken out; any other annotation as it is."""
    if not isinstance(annotation, Union):
        return annotation
    return union(*(m for m in annotation.members if m != member))


def renamed(annotation: Annotation, rename: Callable[[str], str]) -> Annotation:
    """The tree with each type name and generic origin passed through `rename` (literal values
    and call metadata are values, not names, and stay as they are)."""
    if isinstance(annotation, Name):
        return Name(rename(annotation.name))
    if isinstance(annotation, Subscript):
        args = tuple(renamed(arg, rename) for arg in annotation.args)
        return Subscript(rename(annotation.origin), args)
    if isinstance(annotation, Union):
        return Union(tuple(renamed(member, rename) for member in annotation.members))
    if isinstance(annotation, NotNull):
        return NotNull(renamed(annotation.inner, rename), annotation.origin)
    if isinstance(annotation, Annotated):
        return Annotated(renamed(annotation.inner, rename), annotation.metadata, annotation.origin)
    return annotation
