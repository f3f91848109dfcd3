"""`apigen import`: an OpenAPI 3.0 or 3.1 document becomes a draft spec in the apigen language.

`document` reads it (guarded, with JSON pointers and local `$ref`s), `api`, `schemas` and
`operations` map it, `constructs` is the table of what the language cannot hold (each met one
becomes a note on the element it concerns), `emit` writes the YAML and `roundtrip` compares the
generated client's OpenAPI export with the document.
"""
