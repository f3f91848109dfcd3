"""The runtime shared by every generated client: base clients, models, pagination, auth."""
