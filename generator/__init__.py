"""apigen: typed Python API clients from hand-curated YAML specs."""
