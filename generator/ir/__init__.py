"""The intermediate representation: every Python name and type decided."""
