"""Files that travel: the election definition and the protocol, versioned JSON.

Pure conversion between domain objects and JSON-ready dicts, with JSON Schemas in
`schemas/`; see docs/formats.md.
"""
