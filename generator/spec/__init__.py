"""The spec language: models, YAML loading with positions, type expressions."""
