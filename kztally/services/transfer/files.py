"""Files of an export: their names, how they are read and written."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from json.encoder import encode_basestring as _encode_text
from pathlib import Path
from typing import Any

from kztally.domain.election import Election
from kztally.formats import election_json, protocol_json
from kztally.formats.load import (
    FormatError,
    dumps,
    not_a_regular_file,
    parse_json,
    protocol_from_document,
    read_text,
)
from kztally.formats.protocol_json import ProtocolDataError, ProtocolFile
from kztally.services.transfer.reports import Problem, Tally

DEFINITION_FILE = "election.json"
PROTOCOLS_DIR = "protocols"
RESULTS_DIR = "results"
OBSERVERS_DIR = "observers"

_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def protocol_file_name(precinct: str, contest: str) -> str:
    """`<precinct>_<contest>.json`, with any character unsafe in a file name as '_'."""
    return f"{_SAFE.sub('_', precinct)}_{_SAFE.sub('_', contest)}.json"


def results_file_name(contest: str) -> str:
    return f"{_SAFE.sub('_', contest)}.csv"


def read_protocol(path: Path, election: Election) -> ProtocolFile:
    """A protocol file of this election, as `kztally.formats.load.load_protocol` reads
    it, with the JSON Schema consulted only when a quick look finds something unusual."""
    document = parse_json(read_text(path), path)
    if protocol_json.plainly_valid(document):
        try:
            return protocol_json.protocol_from_dict(document, election)
        except ProtocolDataError as exc:
            raise FormatError(path, exc.where, exc.message) from None
    return protocol_from_document(document, election, path)


def document_text(document: Any) -> str:
    """`kztally.formats.load.dumps(document)`, the same text, several times faster: the
    export writes some 50,000 files, and encoding each number with `json.dumps` took most
    of its time."""
    return _dump(document, 0) + "\n"


def _dump(value: Any, depth: int) -> str:
    if type(value) is dict:
        if not value:
            return "{}"
        inner = "  " * (depth + 1)
        items = [
            f"{inner}{_encode_text(str(k))}: "
            + (_scalar(v) if v is None or type(v) is int or type(v) is str else _dump(v, depth + 1))
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + "  " * depth + "}"
    if type(value) is list or type(value) is tuple:
        if not any(isinstance(v, dict | list | tuple) for v in value):
            return _flat_list(value)  # "[1, null, 3]": one call into the C encoder
        inner = "  " * (depth + 1)
        items = [f"{inner}{_dump(v, depth + 1)}" for v in value]
        return "[\n" + ",\n".join(items) + "\n" + "  " * depth + "]"
    if isinstance(value, dict | list | tuple):
        return dumps(value).removesuffix("\n")  # pragma: no cover - subclasses, not made here
    return _scalar(value)


_flat_list = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": ")).encode


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if type(value) is int:
        return str(value)
    if type(value) is str:
        return _encode_text(value)
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def is_definition(path: Path) -> bool:
    """Whether a file named on its own is an election definition: one that names the
    definition's format. (One that names it but cannot be read is a definition all the
    same, so that its problem is reported as a definition's, with the place.)"""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return f'"{election_json.FORMAT}"'.encode() in data


def expand(paths: Iterable[str | os.PathLike[str]], tally: Tally) -> tuple[list[Path], list[Path]]:
    """(definitions, protocol files) named by the paths: a folder's `election.json` and
    every other `*.json` below it; a file by what it holds."""
    definitions: list[Path] = []
    protocols: list[Path] = []
    seen: set[Path] = set()

    def add(to: list[Path], p: Path) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            to.append(p)

    def refuse(p: Path, problem: str) -> None:
        tally.files += 1
        tally.errors.append(Problem(str(p), "", problem))

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            definition = path / DEFINITION_FILE
            if definition.is_file():
                add(definitions, definition)
            for p in sorted(path.rglob("*.json")):
                if p == definition or p.name.startswith(".") or p.is_dir():
                    continue
                problem = not_a_regular_file(p)  # a pipe or a link loop is reported
                if problem is None:
                    add(protocols, p)
                else:
                    refuse(p, problem)
        elif (problem := not_a_regular_file(path)) is None:
            kind = is_definition(path)
            add(definitions if kind else protocols, path)
        else:
            refuse(path, "no such file or folder" if problem == "no such file" else problem)
    return definitions, protocols
