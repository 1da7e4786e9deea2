"""Protocols on paper: the signed code a precinct protocol carries, the keys that sign
it, and drawing and reading the code.

No Qt and no SQL (import-linter holds it so): the services hand in plain data, the
storage never sees a private key.
"""
