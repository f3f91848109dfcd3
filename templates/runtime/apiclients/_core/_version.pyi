# The generator writes `_version.py` beside this stub into the core's distribution, from the
# project's changelog of the core (generator/distributions.py); the stub lets the runtime be
# type-checked where it is written.
__version__: str
