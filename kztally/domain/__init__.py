"""The election, its rules and the count: pure Python, no Qt, SQL, PDF or I/O.

Time and identifiers come in as arguments, so every rule can be tested on its own.
"""
