"""The version of the `apiclients` distribution: the one place it is written down.

`apigen release` bumps it; generated/pyproject.toml and `apiclients.__version__` are read from it.
"""

__version__ = "0.1.0"
