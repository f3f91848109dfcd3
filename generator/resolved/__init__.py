"""The resolved model: one API's spec with every reference checked and everything it implies
written out (generator/resolved/nodes.py), built in one pass (`resolve`). The Python IR, the
OpenAPI export, `apigen diff`, `apigen audit` and the test examples read it, and nothing else
of the spec."""
