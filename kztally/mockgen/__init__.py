"""Mock data for training and tests: the 2023 election definition and protocol figures.

`definition` builds the bundled 2023 election (public facts in `facts_2023`, the rest
generated and marked so); `figures` generates deterministic protocol figures for it, with
errors planted on request. Pure Python: no Qt, no SQL.
"""
