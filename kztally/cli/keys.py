"""`kztally keys new|certify|revoke|export|import|list`: the commissions' signing keys.

A private key lives only in its file, encrypted with a passphrase: from
KZTALLY_KEY_PASSPHRASE, else asked for without echo at a terminal (twice for a new
key). The database holds the public keys, their certifications and revocations.
Fingerprints are printed in groups of four hex digits, to be compared by phone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from kztally.cli.errors import CliError

ENV_PASSPHRASE = "KZTALLY_KEY_PASSPHRASE"


def register(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "keys",
        parents=[common],
        help="the commissions' signing keys: new, certify, revoke, export, import, list",
        description="Ed25519 keys that sign the codes on printed protocols. The private key "
        "stays in its passphrase-protected file; the database holds public keys only.",
    )
    actions = p.add_subparsers(dest="keys_action", metavar="ACTION", required=True)
    n = actions.add_parser(
        "new",
        parents=[common],
        help="make a commission's key pair",
        description="Make a key pair: the private key goes to FILE, encrypted with the "
        f"passphrase (${ENV_PASSPHRASE} or asked for), the public key to the key list.",
    )
    n.add_argument("--commission", required=True, metavar="CODE", help="e.g. P00421, R18-D02")
    n.add_argument("-o", "--output", metavar="FILE", help="default: CODE.key here")
    n.set_defaults(func=run_new)
    c = actions.add_parser(
        "certify",
        parents=[common],
        help="sign a key with the key of the commission above",
        description="Certify a key with the private key of the commission above (the CEC's "
        "key certifies itself: the root).",
    )
    c.add_argument("fingerprint", help="the key to certify: 8 or more hex digits")
    c.add_argument("--key", required=True, metavar="FILE", help="the certifier's private key")
    c.set_defaults(func=run_certify)
    r = actions.add_parser(
        "revoke",
        parents=[common],
        help="revoke a lost or stolen key",
        description="Revoke a key: codes it signed from --since on (default: now) are refused.",
    )
    r.add_argument("fingerprint", help="8 or more hex digits")
    r.add_argument("--reason", required=True)
    r.add_argument("--since", metavar="TIME", help="ISO 8601 with its offset")
    r.set_defaults(func=run_revoke)
    e = actions.add_parser(
        "export",
        parents=[common],
        help="write the key list (public keys only) as a file",
        description="Write public keys, certifications and revocations as a kztally.keys file.",
    )
    e.add_argument("--commission", action="append", metavar="CODE", help="only these")
    e.add_argument("-o", "--output", metavar="FILE", help="default: standard output")
    e.set_defaults(func=run_export)
    i = actions.add_parser(
        "import",
        parents=[common],
        help="take in a key list file",
        description="Take in keys, certifications and revocations; every certification "
        "must hold. A root key is taken only with --root naming its fingerprint.",
    )
    i.add_argument("file")
    i.add_argument("--root", metavar="FINGERPRINT", help="the CEC's key, 32+ hex digits")
    i.set_defaults(func=run_import)
    lst = actions.add_parser(
        "list", parents=[common], help="list the keys", description="List the key list."
    )
    lst.set_defaults(func=run_list)


def _passphrase(twice: bool) -> str:
    given = os.environ.get(ENV_PASSPHRASE)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise CliError(f"no passphrase: set {ENV_PASSPHRASE} or run at a terminal")
    first = getpass.getpass("Passphrase of the key file: ")
    if twice and getpass.getpass("The same again: ") != first:
        raise CliError("the two passphrases differ")
    return first


def _show(k: Any) -> str:
    from kztally.domain.keys import grouped

    state = "revoked" if k.revocation else "certified" if k.certification else "uncertified"
    mark = " training" if k.training else ""
    return f"{k.commission:<12} {grouped(k.fingerprint)}  {state}{mark}"


def run_new(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in
    from kztally.domain.keys import grouped

    out = Path(args.output or f"{args.commission}.key")
    if out.exists():
        raise CliError(f"{out} exists: a key file is never overwritten")
    passphrase = _passphrase(twice=True)

    def write(data: bytes) -> None:
        try:
            fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            raise CliError(f"{out}: {exc.strerror}") from exc
        created.append(out)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())

    created: list[Path] = []
    stored = False
    try:
        with signed_in(args) as services, service_errors():
            key = services.keys.new(args.commission, passphrase, write)
            stored = True  # committed: the file is the key's
    except BaseException:
        if created and not stored:
            out.unlink()  # the public key was not stored: its file goes too
        raise
    print(f"{key.commission}: {grouped(key.fingerprint)}  (private key in {out})")
    return 0


def _signer(path: str) -> Any:
    from kztally.paper.signing import KeyFileError, Signer

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CliError(f"{path}: {exc.strerror}") from exc
    try:
        return Signer.from_file(data, _passphrase(twice=False), path)
    except KeyFileError as exc:
        raise CliError(str(exc)) from exc


def run_certify(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    signer = _signer(args.key)
    with signed_in(args) as services, service_errors():
        key = services.keys.certify(args.fingerprint, signer)
    print(_show(key))
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    since = None
    if args.since is not None:
        try:
            since = dt.datetime.fromisoformat(args.since)
        except ValueError as exc:
            raise CliError(f"--since: {args.since!r} is not an ISO 8601 time") from exc
        if since.tzinfo is None:
            raise CliError("--since: give the time with its UTC offset (+06:00 or Z)")
    with signed_in(args) as services, service_errors():
        key = services.keys.revoke(args.fingerprint, args.reason, since)
    print(_show(key))
    return 0


def run_export(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    only = frozenset(args.commission) if args.commission else None
    with signed_in(args) as services, service_errors():
        text = services.keys.export(only)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CliError(f"{args.output}: {exc.strerror}") from exc
    else:
        sys.stdout.write(text)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"{args.file}: {getattr(exc, 'strerror', None) or exc}") from exc
    with signed_in(args) as services, service_errors():
        changed = services.keys.import_keys(text, args.file, args.root)
    for k in changed:
        print(_show(k))
    print(f"{len(changed)} key(s) taken in or changed")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from kztally.cli.session import service_errors, signed_in

    with signed_in(args) as services, service_errors():
        keys = services.keys.list()
    for k in keys:
        print(_show(k))
    return 0
