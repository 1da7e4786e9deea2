"""Files that travel: the election definition and the protocol, versioned JSON; and the
results as others' programs read them (NIST SP 1500-100 v2, OASIS EML 510, an
OpenElections-style CSV: `standard`, `nist`, `eml`, `openelections`).

Pure conversion between domain objects and files, with JSON Schemas in `schemas/`; see
docs/formats.md.
"""
