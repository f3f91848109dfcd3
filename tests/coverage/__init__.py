"""Coverage of the vendor documents: every endpoint and field name they print is in a spec."""
