"""Reading the files that travel, with error messages that name the file and the place.

`load_election(path)` reads an election definition (`kztally.election` version 1): it
checks the JSON Schema, the references inside the definition (a contest's body, an area's
parent, a precinct's contests...) and the content hash in `identity`, so a file changed
after it was written is reported. `load_protocol(path, election)` reads a protocol file
(`kztally.protocol` versions 1 and 2) of that election: the schema, the election's id and hash,
the precinct and contest, and every choice id.

Every problem is a `FormatError(path, where, message)`. `where` is the place in the file:
'line 3, column 17' for broken JSON, the JSON path ('lines[3]', 'votes.AMANAT',
'contests[2].body') for a value, '' for the file as a whole.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from kztally.domain.election import AreaKind, Election
from kztally.domain.limits import DEPTH_MAX, character_problem
from kztally.domain.protocol import AGAINST_ALL, LINE_NAMES
from kztally.formats import election_json, protocol_json
from kztally.formats.protocol_json import ProtocolDataError, ProtocolFile

if TYPE_CHECKING:
    from jsonschema import ValidationError

SchemaName = Literal["election", "protocol"]
StrPath = str | os.PathLike[str]


class FormatError(Exception):
    """A file that cannot be read as what it should be. `str()` is one line:
    'FILE: WHERE: MESSAGE' (or 'FILE: MESSAGE' when the whole file is meant)."""

    def __init__(self, path: StrPath, where: str, message: str) -> None:
        self.path = path
        self.where = where
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        name = os.fspath(self.path)
        return f"{name}: {self.where}: {self.message}" if self.where else f"{name}: {self.message}"


# -- reading and parsing ------------------------------------------------------------------


def read_text(path: StrPath) -> str:
    """The file as UTF-8 text (a byte order mark is allowed)."""
    return decode(read_bytes(path), path)


_NOT_REGULAR = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def not_a_regular_file(path: StrPath) -> str | None:
    """Why the path is not a regular file that can be read (a directory, a named pipe, a
    device, a symbolic link that loops or leads nowhere, no such file), or None."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if os.path.islink(path):
            return f"a symbolic link to {os.readlink(path)}, which does not exist"
        return "no such file"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link loop (the links lead round)"
        return f"cannot be read: {exc.strerror or exc}"
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    for test, kind in _NOT_REGULAR:
        if test(mode):
            return f"is {kind}, not a regular file"
    return None


def read_bytes(path: StrPath) -> bytes:
    """A regular file's bytes. What is not a regular file (a directory, a named pipe, a
    device) is refused before it is opened, so that reading never waits on a pipe; a
    symbolic link is followed, and one that loops or leads nowhere is said to."""
    problem = not_a_regular_file(path)
    if problem is not None:
        raise FormatError(path, "", problem)
    try:
        # O_NONBLOCK: a pipe put in the file's place meanwhile does not block the open
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise FormatError(path, "", "is not a regular file")
            return f.read()
    except OSError as exc:
        raise FormatError(path, "", f"cannot be read: {exc.strerror or exc}") from None


def decode(data: bytes, path: StrPath) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FormatError(
            path, f"line {line}", f"not UTF-8 text (byte {exc.start + 1} cannot be read)"
        ) from None


class DuplicateKeyError(ValueError):
    """A JSON object's key written twice (`no_duplicates`)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A `json.loads` object hook that refuses a key written twice."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKeyError(key)
        out[key] = value
    return out


class _ConstantError(ValueError):
    pass


def _no_constant(name: str) -> Any:
    raise _ConstantError(name)


def parse_json(text: str, path: StrPath) -> Any:
    """JSON as the formats allow it: no repeated keys, no NaN or Infinity, nesting at
    most `DEPTH_MAX` deep, no NUL character or lone surrogate in any text."""
    if not text.strip():
        raise FormatError(path, "", "the file is empty")
    try:
        document = json.loads(text, object_pairs_hook=no_duplicates, parse_constant=_no_constant)
    except RecursionError:
        raise FormatError(path, "", f"nested deeper than {DEPTH_MAX} levels") from None
    except json.JSONDecodeError as exc:
        raise FormatError(
            path, f"line {exc.lineno}, column {exc.colno}", f"not valid JSON: {exc.msg}"
        ) from None
    except DuplicateKeyError as exc:
        line = _line_of_key(text, exc.key)
        raise FormatError(
            path,
            f"line {line}" if line else "",
            f'the key "{exc.key}" is written twice in one object',
        ) from None
    except _ConstantError as exc:
        raise FormatError(path, "", f"not valid JSON: {exc} is not a number") from None
    except ValueError:
        # the only other refusal of json.loads: an integer of more than 4300 digits
        raise FormatError(path, "", "a number has too many digits to be a count") from None
    # NUL and lone surrogates reach a parsed document only as \u escapes: look at its
    # texts when the file has such an escape (a national definition has 250,000 values)
    texts = _BAD_ESCAPE.search(text) is not None
    problem = guard_problem(document, texts=texts)
    if problem is not None:
        raise FormatError(path, *problem)
    return document


_BAD_ESCAPE = re.compile(r"\\u(?:0000|[dD][89a-fA-F])")


def guard_problem(document: Any, *, texts: bool = True) -> tuple[str, str] | None:
    """The first place where a parsed document nests deeper than `DEPTH_MAX` or (unless
    `texts` is False) holds a text, value or key, with a NUL or a lone surrogate, as
    (where, message); else None."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(document, ())]
    while stack:
        value, parts = stack.pop()
        if isinstance(value, dict):
            if len(parts) >= DEPTH_MAX:
                return json_path(parts), f"nested deeper than {DEPTH_MAX} levels"
            for key, item in value.items():
                if texts and (problem := character_problem(key)) is not None:
                    return json_path(parts), f"a key has {problem}"
                if isinstance(item, dict | list) or (texts and isinstance(item, str)):
                    stack.append((item, (*parts, key)))
        elif isinstance(value, list):
            if len(parts) >= DEPTH_MAX:
                return json_path(parts), f"nested deeper than {DEPTH_MAX} levels"
            for i, item in enumerate(value):
                if isinstance(item, dict | list) or (texts and isinstance(item, str)):
                    stack.append((item, (*parts, i)))
        elif isinstance(value, str) and (problem := character_problem(value)) is not None:
            return json_path(parts), problem
    return None


def _line_of_key(text: str, key: str) -> int | None:
    """The line of the second time a key is written (a hint for the reader)."""
    hits = [m.start() for m in re.finditer(re.escape(json.dumps(key)) + r"\s*:", text)]
    return text.count("\n", 0, hits[1]) + 1 if len(hits) > 1 else None


def dumps(document: Any) -> str:
    """A document as the files are written: UTF-8 text, keys in the given order, objects
    indented, a list of plain values on one line (a protocol's lines read as a row)."""
    return _dump(document, 0) + "\n"


def _dump(value: Any, depth: int) -> str:
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = (f"{inner}{_scalar(str(k))}: {_dump(v, depth + 1)}" for k, v in value.items())
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list | tuple):
        if all(not isinstance(v, dict | list | tuple) for v in value):
            return "[" + ", ".join(_scalar(v) for v in value) + "]"
        items = (f"{inner}{_dump(v, depth + 1)}" for v in value)
        return "[\n" + ",\n".join(items) + f"\n{pad}]"
    return _scalar(value)


def _scalar(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def write_json(path: StrPath, document: Any) -> None:
    Path(path).write_text(dumps(document), encoding="utf-8")


# -- schemas ------------------------------------------------------------------------------


@cache
def schema(name: SchemaName) -> dict[str, Any]:
    """The JSON Schema of a format, shipped in kztally/formats/schemas/."""
    resource = resources.files("kztally.formats").joinpath("schemas", f"{name}.schema.json")
    loaded: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return loaded


def _is_whole(checker: Any, instance: Any) -> bool:
    # 12.0 is not a count written on a protocol; true and false are not numbers
    return isinstance(instance, int) and not isinstance(instance, bool)


@cache
def _validator(name: SchemaName) -> Any:
    # jsonschema is loaded only to explain a document that fails (`schema_problem`)
    from jsonschema import Draft202012Validator
    from jsonschema.validators import extend

    checker = Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_whole)
    validator = extend(Draft202012Validator, type_checker=checker)  # type: ignore[no-untyped-call]
    return validator(schema(name))


def json_path(parts: Iterable[str | int]) -> str:
    """A JSON path as the messages write it: 'lines[3]', 'votes.AMANAT', 'a["b c"]'."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z0-9_-]+", part):
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out


_TYPE_WORDS = {
    "integer": "a whole number",
    "number": "a number",
    "string": "text",
    "null": "null (empty)",
    "object": "an object",
    "array": "a list",
    "boolean": "true or false",
}

_PATTERN_WORDS = {
    "time": "an ISO 8601 date and time with its UTC offset, such as 2023-03-19T21:05:00+05:00",
    "sha256": "a hash written sha256:<64 hex digits>",
    "fraction": "an exact fraction such as 1/20",
    "date": "a date written YYYY-MM-DD",
    "code": "an id without spaces",
    "names": "a language code such as kk, ru or en",
    "person": "a name that is not blank",
}


def _pattern_words(pattern: str) -> str:
    if "T[0-9]{2}" in pattern:
        return _PATTERN_WORDS["time"]
    if pattern.startswith("^sha256"):
        return _PATTERN_WORDS["sha256"]
    if "/[1-9]" in pattern:
        return _PATTERN_WORDS["fraction"]
    if pattern.startswith("^[0-9]{4}"):
        return _PATTERN_WORDS["date"]
    if pattern == r"^\S+$":
        return _PATTERN_WORDS["code"]
    if pattern.startswith("^[a-z]"):
        return _PATTERN_WORDS["names"]
    return _PATTERN_WORDS["person"]


def show(value: Any) -> str:
    """A value as a message quotes it."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _unexpected(message: str) -> list[str]:
    inside = re.search(r"\((.*) (?:was|were) unexpected\)", message)
    return re.findall(r"'((?:[^'\\]|\\.)*)'", inside.group(1)) if inside else []


def _explain(error: ValidationError) -> tuple[str, str]:
    """(where, message) for one schema error, in words."""
    parts = list(error.absolute_path)
    where = json_path(parts)
    value: Any = error.instance
    v = error.validator
    arg: Any = error.validator_value
    match v:
        case "required":
            missing = re.match(r"'(.*)' is a required property", error.message)
            key = missing.group(1) if missing else error.message
            message = f'"{key}" is missing'
        case "additionalProperties" | "unevaluatedProperties":
            names = _unexpected(error.message)
            if len(names) == 1:
                where = json_path([*parts, names[0]])
                message = "not a field of this format"
            else:
                message = "fields not of this format: " + ", ".join(f'"{n}"' for n in names)
        case "type":
            types = [arg] if isinstance(arg, str) else list(arg)
            wanted = " or ".join(_TYPE_WORDS.get(t, t) for t in types)
            message = f"expected {wanted}, found {show(value)}"
        case "const":
            message = f"expected {show(arg)}, found {show(value)}"
        case "enum":
            message = f"expected one of {', '.join(str(x) for x in arg)}; found {show(value)}"
        case "minItems" | "maxItems":
            if parts and parts[-1] == "lines":
                message = f"expected the 8 lines 1-8, found {len(value)}"
            else:
                word = "at least" if v == "minItems" else "at most"
                message = f"expected {word} {arg} items, found {len(value)}"
        case "minimum" if arg == 0:
            message = f"{show(value)} is below zero"
        case "minimum":
            message = f"expected a number ≥ {arg}, found {show(value)}"
        case "maximum":
            message = f"{show(value)} is above the bound {arg}"
        case "minLength":
            message = "must not be empty"
        case "maxLength":
            message = f"{len(value)} characters, longer than the {arg} allowed"
        case "pattern":
            message = f"{show(value)} is not {_pattern_words(str(arg))}"
        case "uniqueItems":
            message = "an item is listed twice"
        case "propertyNames":
            message = f"{show(value)} is not {_PATTERN_WORDS['names']}"
        case _:
            message = error.message
    if len(parts) >= 2 and parts[-2] == "lines" and isinstance(parts[-1], int):
        message = f"line {parts[-1] + 1}: {message}"
    return where, message


def schema_problem(document: Any, name: SchemaName) -> tuple[str, str] | None:
    """The most telling schema violation of a document as (where, message), or None.

    A national definition has a quarter of a million JSON values; `jsonschema` takes
    seconds over it. `conforms` decides validity in a fraction of that, and `jsonschema`
    is asked only about a document that fails, to name the place and the reason (and it
    has the last word: when it finds nothing, there is nothing).
    """
    if conforms(document, name):
        return None
    from jsonschema.exceptions import best_match

    error = best_match(_validator(name).iter_errors(document))
    return None if error is None else _explain(error)


def conforms(document: Any, name: SchemaName) -> bool:
    """Whether a document is valid against the format's schema (the subset of JSON Schema
    2020-12 the schemas use; tests hold it to `jsonschema`'s verdict)."""
    root = schema(name)
    return _conforms(root, document, root)


_JSON_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def _same(a: Any, b: Any) -> bool:
    """JSON equality: true is not 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return bool(a == b)


def _resolve(ref: str, root: dict[str, Any]) -> dict[str, Any]:
    node: Any = root
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    resolved: dict[str, Any] = node
    return resolved


def _conforms(sch: dict[str, Any], v: Any, root: dict[str, Any]) -> bool:
    return _evaluate(sch, v, root) is not None


def _evaluate(sch: dict[str, Any], v: Any, root: dict[str, Any]) -> set[str] | None:
    """None when `v` fails `sch`; else the property names `sch` evaluated (for
    unevaluatedProperties)."""
    evaluated: set[str] = set()
    for key, arg in sch.items():
        match key:
            case "type":
                types = [arg] if isinstance(arg, str) else arg
                if not any(_JSON_TYPES[t](v) for t in types):
                    return None
            case "const":
                if not _same(v, arg):
                    return None
            case "enum":
                if not any(_same(v, x) for x in arg):
                    return None
            case "$ref":
                inner = _evaluate(_resolve(arg, root), v, root)
                if inner is None:
                    return None
                evaluated |= inner
            case "allOf":
                for sub in arg:
                    inner = _evaluate(sub, v, root)
                    if inner is None:
                        return None
                    evaluated |= inner
            case "if":
                cond = _evaluate(arg, v, root)
                branch = sch.get("then") if cond is not None else sch.get("else")
                if cond is not None:
                    evaluated |= cond
                if branch is not None:
                    inner = _evaluate(branch, v, root)
                    if inner is None:
                        return None
                    evaluated |= inner
            case "properties" if isinstance(v, dict):
                for prop, sub in arg.items():
                    if prop in v:
                        if not _conforms(sub, v[prop], root):
                            return None
                        evaluated.add(prop)
            case "required" if isinstance(v, dict):
                if any(prop not in v for prop in arg):
                    return None
            case "additionalProperties" if isinstance(v, dict):
                known = sch.get("properties", {})
                for prop, value in v.items():
                    if prop not in known:
                        if arg is False or (arg is not True and not _conforms(arg, value, root)):
                            return None
                        evaluated.add(prop)
            case "propertyNames" if isinstance(v, dict):
                if not all(_conforms(arg, prop, root) for prop in v):
                    return None
            case "items" if isinstance(v, list):
                if not all(_conforms(arg, x, root) for x in v):
                    return None
            case "minItems" if isinstance(v, list):
                if len(v) < arg:
                    return None
            case "maxItems" if isinstance(v, list):
                if len(v) > arg:
                    return None
            case "uniqueItems" if isinstance(v, list) and arg:
                seen: list[Any] = []
                for x in v:
                    if any(_same(x, y) for y in seen):
                        return None
                    seen.append(x)
            case "minLength" if isinstance(v, str):
                if len(v) < arg:
                    return None
            case "maxLength" if isinstance(v, str):
                if len(v) > arg:
                    return None
            case "pattern" if isinstance(v, str):
                if _pattern(arg).search(v) is None:
                    return None
            case "minimum" if _JSON_TYPES["number"](v):
                if v < arg:
                    return None
            case "maximum" if _JSON_TYPES["number"](v):
                if v > arg:
                    return None
            case (
                "unevaluatedProperties"
                | "then"
                | "else"
                | "$schema"
                | "$defs"
                | "title"
                | "description"
                | "properties"
                | "required"
                | "additionalProperties"
                | "propertyNames"
                | "items"
                | "minItems"
                | "maxItems"
                | "uniqueItems"
                | "minLength"
                | "maxLength"
                | "pattern"
                | "minimum"
                | "maximum"
            ):
                pass  # handled below, or not applicable to this kind of value
            case _:  # pragma: no cover - a keyword the schemas do not use
                raise NotImplementedError(f"JSON Schema keyword {key!r}")
    unevaluated = sch.get("unevaluatedProperties") is False and isinstance(v, dict)
    if unevaluated and any(prop not in evaluated for prop in v):
        return None
    return evaluated


@cache
def _pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _check_head(document: Any, path: StrPath, fmt: str, version: int | tuple[int, ...]) -> None:
    """Say plainly when the file is not this format or not this version at all."""
    if not isinstance(document, dict):
        raise FormatError(path, "", f"expected a JSON object ({fmt}), found {show(document)}")
    found = document.get("format")
    if found != fmt:
        other = {
            election_json.FORMAT: "an election definition",
            protocol_json.FORMAT: "a protocol file",
        }.get(str(found))
        hint = f" (this is {other})" if other else ""
        raise FormatError(path, "format", f'expected "{fmt}", found {show(found)}{hint}')
    found_version = document.get("version")
    if isinstance(version, tuple):
        if found_version not in version or isinstance(found_version, bool):
            raise FormatError(path, "version", protocol_json.versions_problem(found_version))
    elif found_version != version:
        raise FormatError(
            path,
            "version",
            f"this kztally reads version {version} of {fmt}, not {show(found_version)}",
        )


def _validate(document: Any, path: StrPath, name: SchemaName) -> None:
    problem = schema_problem(document, name)
    if problem is not None:
        raise FormatError(path, *problem)


# -- the election definition ---------------------------------------------------------------


def load_election(path: StrPath) -> Election:
    """Read, validate and verify an election definition file."""
    return parse_election(read_text(path), path)


def parse_election(text: str, path: StrPath = "<election>") -> Election:
    document = parse_json(text, path)
    return election_from_document(document, path)


def election_from_document(document: Any, path: StrPath = "<election>") -> Election:
    """An election from a parsed definition: schema, references, then the content hash."""
    _check_head(document, path, election_json.FORMAT, election_json.VERSION)
    _validate(document, path, "election")
    problem = _reference_problem(document)
    if problem is not None:
        raise FormatError(path, *problem)
    try:
        election = election_json.election_from_dict(document)
    except (ValueError, KeyError, TypeError) as exc:  # pragma: no cover - schema catches these
        raise FormatError(path, "", f"cannot be read as an election: {exc}") from None
    identity = document["identity"]
    if identity["id"] != election.id:
        raise FormatError(
            path, "identity.id", f"{show(identity['id'])} is not the election's id {election.id}"
        )
    computed = election_json.content_hash(election)
    if identity["hash"] != computed:
        raise FormatError(
            path,
            "identity.hash",
            "the content does not match its hash: the file was changed after it was written "
            f"(written {identity['hash']}, content {computed})",
        )
    return election


_RESERVED_CHOICE_IDS = frozenset({*LINE_NAMES, AGAINST_ALL})


def _reference_problem(d: Mapping[str, Any]) -> tuple[str, str] | None:
    """Ids that are not unique or that point nowhere, found before anything is built."""
    try:
        dt.date.fromisoformat(d["date"])
    except ValueError:
        return "date", f"{show(d['date'])} is not a date"

    def unique(items: list[Any], key: str, where: str) -> tuple[str, str] | None:
        seen: set[str] = set()
        for i, item in enumerate(items):
            value = item[key]
            if value in seen:
                return f"{where}[{i}].{key}", f"{value} is used twice"
            seen.add(value)
        return None

    parties = d.get("parties", [])
    bodies = d.get("bodies", [])
    contests = d.get("contests", [])
    areas = d.get("areas", [])
    for items, key, where in (
        (parties, "id", "parties"),
        (bodies, "id", "bodies"),
        (contests, "id", "contests"),
        (areas, "code", "areas"),
    ):
        found = unique(items, key, where)
        if found:
            return found
    party_ids = {p["id"] for p in parties}
    body_ids = {b["id"] for b in bodies}
    contest_ids = {c["id"] for c in contests}
    parent_of = {a["code"]: a.get("parent") for a in areas}

    def area(code: str, where: str, what: str) -> tuple[str, str] | None:
        return (
            None if code in parent_of else (where, f"{what} {code} is not an area of the election")
        )

    for i, b in enumerate(bodies):
        found = area(b["area"], f"bodies[{i}].area", "the body's area")
        if found:
            return found
    for i, c in enumerate(contests):
        at = f"contests[{i}]"
        if c["body"] not in body_ids:
            return f"{at}.body", f"{c['body']} is not a body of the election"
        found = area(c["area"], f"{at}.area", "the contest's area") or unique(
            c["choices"], "id", f"{at}.choices"
        )
        if found:
            return found
        orders: set[int] = set()
        for j, ch in enumerate(c["choices"]):
            if ch["id"] in _RESERVED_CHOICE_IDS:
                return f"{at}.choices[{j}].id", f"{ch['id']} is the name of a protocol field"
            if ch["ballot_order"] in orders:
                return f"{at}.choices[{j}].ballot_order", f"{ch['ballot_order']} is used twice"
            orders.add(ch["ballot_order"])
            party = ch.get("party")
            if party is not None and party not in party_ids:
                return f"{at}.choices[{j}].party", f"{party} is not a party of the election"
    roots = [i for i, a in enumerate(areas) if a.get("parent") is None]
    if areas and not roots:
        return "areas", "no area is without a parent: the country is missing"
    if len(roots) > 1:
        return f"areas[{roots[1]}].parent", "a second area without a parent (only the country)"
    for i, a in enumerate(areas):
        at = f"areas[{i}]"
        parent = a.get("parent")
        if parent is not None and parent not in parent_of:
            return f"{at}.parent", f"{parent} is not an area of the election"
        seen = {a["code"]}
        while parent is not None:
            if parent in seen:
                return f"{at}.parent", f"the parents of {a['code']} go round in a circle"
            seen.add(parent)
            parent = parent_of.get(parent)
        for k, cid in enumerate(a.get("contests", [])):
            if cid not in contest_ids:
                return f"{at}.contests[{k}]", f"{cid} is not a contest of the election"
            if a["kind"] != AreaKind.PRECINCT.value:
                return f"{at}.contests", "only a precinct lists the contests it votes in"
    return None


# -- protocol files -------------------------------------------------------------------------


def load_protocol(path: StrPath, election: Election) -> ProtocolFile:
    """Read and validate a protocol file of this election."""
    return parse_protocol(read_text(path), election, path)


def parse_protocol(text: str, election: Election, path: StrPath = "<protocol>") -> ProtocolFile:
    return protocol_from_document(parse_json(text, path), election, path)


def protocol_from_document(
    document: Any, election: Election, path: StrPath = "<protocol>"
) -> ProtocolFile:
    """A protocol from a parsed file: schema, then everything that depends on the election."""
    _check_head(document, path, protocol_json.FORMAT, protocol_json.VERSIONS)
    _validate(document, path, "protocol")
    try:
        return protocol_json.protocol_from_dict(document, election)
    except ProtocolDataError as exc:
        raise FormatError(path, exc.where, exc.message) from None
