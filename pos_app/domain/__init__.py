"""Pure business rules. Standard library and small pure-Python helpers only (DESIGN §3)."""
