"""Rendering: templates, imports, formatting and the all-or-nothing write."""
