"""The contract between the kit's helpers and its sandbox, in one place; both import it, and it
imports only Python's standard library."""
