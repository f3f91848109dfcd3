"""The runtime shared by every generated client: base clients, models, pagination, auth."""

from ._version import __version__

__all__ = ["__version__"]
