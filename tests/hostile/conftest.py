"""The runtime tests' fixtures (the local server, sync and async modes, quick back-off, strict
reading), for the hostile probes."""

from tests.runtime.conftest import api, mode, quick_retries, strict_by_default

__all__ = ["api", "mode", "quick_retries", "strict_by_default"]
