"""Commission keys: making a key pair, certifying, revoking, and the key list's files.

The private key goes to its passphrase-protected file on the workstation (the caller
writes it, inside the transaction that registers the public key: if the file cannot be
written, nothing is stored); the database holds public keys, certifications and
revocations only. Keys are managed by administrators (and by trainers in a training
election, whose keys are all marked training); everyone signed in may list them. Every
key created, imported, certified or revoked leaves its audit event in its transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any

from kztally.domain.audit import EventCode
from kztally.domain.election import Election
from kztally.domain.keys import (
    PUBLIC_KEY_BYTES,
    SIGNATURE_BYTES,
    Certification,
    CommissionKey,
    Revocation,
    fingerprint,
    normalize,
)
from kztally.domain.limits import REASON_MAX, text_problem
from kztally.domain.rules import Role
from kztally.paper.errors import CodeError
from kztally.paper.signing import (
    KeyFileError,
    Signer,
    certificate_message,
    moment,
    seconds,
    verify,
)
from kztally.paper.trust import KeyRing, check_key
from kztally.services import journal
from kztally.services.elections import ElectionService
from kztally.services.errors import InvalidRequest, NoElection, NotFound
from kztally.services.guard import require_training
from kztally.services.users import Clock, SignedIn, require_role, utcnow
from kztally.storage import keys as store
from kztally.storage.database import Database, Session

FORMAT = "kztally.keys"
VERSION = 1
MANAGING_ROLES = frozenset({Role.ADMINISTRATOR, Role.TRAINER})
READING_ROLES = frozenset(Role)
PREFIX_MIN = 8
"""Hex digits of a fingerprint, at least, to name a key."""


def _whole_seconds(at: dt.datetime) -> dt.datetime:
    return moment(seconds(at))


class KeyService:
    """The key list, acting as `actor`."""

    def __init__(
        self, db: Database, actor: SignedIn, elections: ElectionService, clock: Clock = utcnow
    ) -> None:
        self._db = db
        self._actor = actor
        self._elections = elections
        self._clock = clock

    # -- reading --------------------------------------------------------------------------

    def list(self) -> tuple[CommissionKey, ...]:
        """Every key, oldest first, with its certification and revocation."""
        with self._db.session(readonly=True) as s:
            require_role(s, self._actor, READING_ROLES, "see the key list")
            return tuple(store.all_keys(s))

    def ring(self) -> KeyRing:
        """The key list as a code's verifier reads it."""
        return KeyRing(self.list())

    def export(self, commissions: frozenset[str] | None = None) -> str:
        """The key list (or the keys of some commissions) as a `kztally.keys` file:
        public keys, certifications and revocations; never a private key."""
        with self._db.session(readonly=True) as s:
            require_role(s, self._actor, READING_ROLES, "export the key list")
            election = self._election(s)
            keys = [
                k for k in store.all_keys(s) if commissions is None or k.commission in commissions
            ]
        document = {
            "format": FORMAT,
            "version": VERSION,
            "election": election.id,
            "keys": [_key_to_dict(k) for k in keys],
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    # -- changing -------------------------------------------------------------------------

    def new(
        self, commission: str, passphrase: str, write: Callable[[bytes], None]
    ) -> CommissionKey:
        """Make a commission's key pair: `write` gets the private key file (PKCS#8,
        encrypted with `passphrase`) before the public key is stored. A commission has
        one key at a time: revoke the old one first."""
        signer = Signer.generate()
        try:
            data = signer.to_file(passphrase)
        except KeyFileError as e:
            raise InvalidRequest(str(e)) from None
        with self._db.session() as s:
            me = require_role(s, self._actor, MANAGING_ROLES, "make commission keys")
            election = self._election(s)
            require_training(s, me, election, "make commission keys")
            _commission(election, commission)
            current = [
                k for k in store.all_keys(s) if k.commission == commission and k.revocation is None
            ]
            if current:
                raise InvalidRequest(
                    f"{commission} has a key already ({current[0].fingerprint[:16].upper()}): "
                    "revoke it first"
                )
            key = CommissionKey(
                commission, signer.public_key, election.training, me.user, self._clock()
            )
            (sha,) = store.add(s, key).values()
            journal.record(
                s,
                self._actor,
                me.role,
                EventCode.KEY_CREATED,
                key.added_at,
                {
                    "commission": commission,
                    "fingerprint": key.fingerprint,
                    "training": key.training,
                    "sha256": sha,
                },
            )
            write(data)
            return key

    def certify(self, key: str, certifier: Signer) -> CommissionKey:
        """Sign a key with the key of the commission above (the CEC's key signs itself:
        the root). The certifier must be on the key list and trusted now."""
        with self._db.session() as s:
            me = require_role(s, self._actor, MANAGING_ROLES, "certify commission keys")
            election = self._election(s)
            require_training(s, me, election, "certify commission keys")
            keys = store.all_keys(s)
            target = _one(keys, key)
            if target.certification is not None:
                raise InvalidRequest(f"{_name(target)} is certified already")
            if target.revocation is not None:
                raise InvalidRequest(f"{_name(target)} is revoked")
            now = _whole_seconds(self._clock())
            parent = _commission(election, target.commission).parent
            if parent is None:
                if certifier.fingerprint != target.fingerprint:
                    raise InvalidRequest(
                        f"{_name(target)} is the root: it is certified with its own private key"
                    )
            else:
                found = [k for k in keys if k.fingerprint == certifier.fingerprint]
                if not found:
                    raise InvalidRequest("the certifying key is not on the key list")
                if found[0].commission != parent:
                    raise InvalidRequest(
                        f"{_name(target)} is certified by {parent}, not by {found[0].commission}"
                    )
                try:
                    check_key(found[0], now, KeyRing(keys), election)
                except CodeError as e:
                    raise InvalidRequest(f"the certifying key is not trusted: {e.args[0]}") from e
            signature = certifier.sign(
                certificate_message(target.commission, target.public_key, target.training, now)
            )
            cert = Certification(certifier.fingerprint, now, signature)
            sha = store.certify(s, target.fingerprint, cert, me.user, self._clock())
            journal.record(
                s,
                self._actor,
                me.role,
                EventCode.KEY_CERTIFIED,
                self._clock(),
                {
                    "commission": target.commission,
                    "fingerprint": target.fingerprint,
                    "certified_by": cert.by,
                    "signed_at": now.isoformat(),
                    "signature": signature.hex(),
                    "sha256": sha,
                },
            )
            return _one(store.all_keys(s), target.fingerprint)

    def make_training_keys(self, passphrase: str, write: Callable[[str, bytes], None]) -> int:
        """A training election's whole key list at once, for the mock: a key pair for
        the CEC (certifying itself), and for every commission below, each certified by
        the one above; all marked training. `write(commission, file)` gets each private
        key file (encrypted with `passphrase`) before anything is stored. A key list that
        holds a key already is left as it is (a rerun of the mock makes nothing).
        Returns how many keys were made."""
        with self._db.session() as s:
            me = require_role(s, self._actor, MANAGING_ROLES, "make commission keys")
            election = self._election(s)
            require_training(s, me, election, "make commission keys")
            if not election.training:
                raise InvalidRequest(f"{election.id} is not a training election")
            held = {k.commission for k in store.all_keys(s) if k.revocation is None}
            if held:
                return 0
            signers: dict[str, Signer] = {}
            now = _whole_seconds(self._clock())
            made = 0
            for area in _top_down(election):
                signer = Signer.generate()
                try:
                    write(area.code, signer.to_file(passphrase))
                except KeyFileError as e:
                    raise InvalidRequest(str(e)) from None
                certifier = signer if area.parent is None else signers[area.parent]
                signers[area.code] = signer
                key = CommissionKey(area.code, signer.public_key, True, me.user, now)
                (sha,) = store.add(s, key).values()
                journal.record(
                    s,
                    self._actor,
                    me.role,
                    EventCode.KEY_CREATED,
                    now,
                    {
                        "commission": area.code,
                        "fingerprint": key.fingerprint,
                        "training": True,
                        "sha256": sha,
                    },
                )
                signature = certifier.sign(
                    certificate_message(area.code, signer.public_key, True, now)
                )
                cert = Certification(certifier.fingerprint, now, signature)
                cert_sha = store.certify(s, key.fingerprint, cert, me.user, now)
                journal.record(
                    s,
                    self._actor,
                    me.role,
                    EventCode.KEY_CERTIFIED,
                    now,
                    {
                        "commission": area.code,
                        "fingerprint": key.fingerprint,
                        "certified_by": cert.by,
                        "signed_at": now.isoformat(),
                        "signature": signature.hex(),
                        "sha256": cert_sha,
                    },
                )
                made += 1
            return made

    def revoke(self, key: str, reason: str, since: dt.datetime | None = None) -> CommissionKey:
        """Revoke a key from `since` (default: now; earlier when it may have left its
        holder's hands before): codes it signed from then on are refused."""
        problem = text_problem(reason.strip(), REASON_MAX) if reason.strip() else "is empty"
        if problem:
            raise InvalidRequest(f"reason: {problem}")
        with self._db.session() as s:
            me = require_role(s, self._actor, MANAGING_ROLES, "revoke commission keys")
            election = self._election(s)
            require_training(s, me, election, "revoke commission keys")
            target = _one(store.all_keys(s), key)
            if target.revocation is not None:
                raise InvalidRequest(f"{_name(target)} is revoked already")
            now = self._clock()
            if since is None:
                since = now
            if since.tzinfo is None:
                raise InvalidRequest("since: a time with its UTC offset")
            if since > now:
                raise InvalidRequest("since: a revocation holds from now or earlier")
            revocation = Revocation(me.user, now, since, reason.strip())
            sha = store.revoke(s, target.fingerprint, revocation)
            journal.record(
                s,
                self._actor,
                me.role,
                EventCode.KEY_REVOKED,
                now,
                {
                    "commission": target.commission,
                    "fingerprint": target.fingerprint,
                    "since": since.astimezone(dt.UTC).isoformat(),
                    "reason": revocation.reason,
                    "sha256": sha,
                },
            )
            return _one(store.all_keys(s), target.fingerprint)

    def import_keys(
        self, text: str, name: str = "<keys>", root: str | None = None
    ) -> tuple[CommissionKey, ...]:
        """Take in a `kztally.keys` file: new keys, and certifications and revocations
        of keys held already. Each certification must hold (its certifier on the list
        or earlier in the file); a root key is taken only when `root` names its
        fingerprint, as read from the CEC. All or nothing. Returns what changed."""
        try:
            document = json.loads(text)
        except ValueError as e:
            raise InvalidRequest(f"{name}: not JSON ({e})") from None
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise InvalidRequest(f"{name}: not a {FORMAT} file")
        if document.get("version") != VERSION:
            raise InvalidRequest(f"{name}: version {document.get('version')!r}; reads {VERSION}")
        items = document.get("keys")
        if not isinstance(items, list):
            raise InvalidRequest(f"{name}: keys: a list")
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        changed: list[CommissionKey] = []
        with self._db.session() as s:
            me = require_role(s, self._actor, MANAGING_ROLES, "import commission keys")
            election = self._election(s)
            require_training(s, me, election, "import commission keys")
            now = self._clock()
            parsed = [
                _key_from_dict(item, f"{name}: keys[{i}]", me.user, now)
                for i, item in enumerate(items)
            ]
            parsed.sort(
                key=lambda k: len(election.ancestors(_commission(election, k.commission).code))
            )
            for k in parsed:
                where = f"{name}: {_name(k)}"
                if k.training and not election.training:
                    raise InvalidRequest(f"{where} is a training key; this election counts")
                held = {h.fingerprint: h for h in store.all_keys(s)}
                if k.certification is not None:
                    _check_certification(k, held, election, root, where)
                old = held.get(k.fingerprint)
                written: dict[str, str] = {}
                if old is None:
                    written = store.add(s, k)
                elif old.commission != k.commission or old.training != k.training:
                    raise InvalidRequest(f"{where}: held already for {old.commission}")
                else:
                    new_cert = old.certification is None and k.certification is not None
                    new_rev = old.revocation is None and k.revocation is not None
                    if new_cert:
                        assert k.certification is not None
                        written[store.CERTIFICATION] = store.certify(
                            s, k.fingerprint, k.certification, me.user, now
                        )
                    if new_rev:
                        assert k.revocation is not None
                        written[store.REVOCATION] = store.revoke(s, k.fingerprint, k.revocation)
                    if not (new_cert or new_rev):
                        continue
                journal.record(
                    s,
                    self._actor,
                    me.role,
                    EventCode.KEY_IMPORTED,
                    now,
                    {
                        "commission": k.commission,
                        "fingerprint": k.fingerprint,
                        "training": k.training,
                        "certified_by": None if k.certification is None else k.certification.by,
                        "revoked": None
                        if k.revocation is None
                        else k.revocation.since.astimezone(dt.UTC).isoformat(),
                        "file": sha,
                        "rows": written,
                    },
                )
                changed.append(_one(store.all_keys(s), k.fingerprint))
        return tuple(changed)

    def _election(self, s: Session) -> Election:
        election = self._elections.within(s)
        if election is None:
            raise NoElection()
        return election


def _commission(election: Election, code: str) -> Any:
    if not election.has_area(code):
        raise InvalidRequest(f"no commission {code!r} in {election.id}")
    return election.area(code)


def _name(k: CommissionKey) -> str:
    return f"the key of {k.commission} ({k.fingerprint[:16].upper()})"


def _one(keys: list[CommissionKey], start: str) -> CommissionKey:
    wanted = normalize(start)
    if len(wanted) < PREFIX_MIN or any(c not in "0123456789abcdef" for c in wanted):
        raise InvalidRequest(
            f"a key is named by {PREFIX_MIN} or more hex digits of its fingerprint"
        )
    found = [k for k in keys if k.fingerprint.startswith(wanted)]
    if not found:
        raise NotFound(f"no key {start!r} on the key list")
    if len(found) > 1:
        raise InvalidRequest(f"{start!r} names {len(found)} keys: give more digits")
    return found[0]


def _check_certification(
    k: CommissionKey,
    held: dict[str, CommissionKey],
    election: Election,
    root: str | None,
    where: str,
) -> None:
    cert = k.certification
    assert cert is not None
    parent = election.area(k.commission).parent
    if parent is None:
        trusted_root = k.fingerprint in held and held[k.fingerprint].certification is not None
        named = (
            root is not None
            and k.fingerprint.startswith(normalize(root))
            and len(normalize(root)) >= 2 * 16
        )
        if cert.by != k.fingerprint:
            raise InvalidRequest(f"{where}: the root key certifies itself")
        if not (trusted_root or named):
            raise InvalidRequest(
                f"{where}: a root key is taken in only when --root names its fingerprint "
                "(at least 32 hex digits, as the CEC reads it out)"
            )
        certifier = k
    else:
        certifier_or_none = held.get(cert.by)
        if certifier_or_none is None:
            raise InvalidRequest(f"{where}: certified by a key not on the key list")
        certifier = certifier_or_none
        if certifier.commission != parent:
            raise InvalidRequest(f"{where}: certified by {certifier.commission}, not by {parent}")
    message = certificate_message(k.commission, k.public_key, k.training, cert.at)
    if not verify(certifier.public_key, cert.signature, message):
        raise InvalidRequest(f"{where}: its certificate's signature is false")


def _key_to_dict(k: CommissionKey) -> dict[str, Any]:
    cert = k.certification
    rev = k.revocation
    return {
        "commission": k.commission,
        "public_key": k.public_key.hex(),
        "fingerprint": k.fingerprint,
        "training": k.training,
        "certification": None
        if cert is None
        else {"by": cert.by, "at": cert.at.isoformat(), "signature": cert.signature.hex()},
        "revocation": None
        if rev is None
        else {
            "by": rev.by,
            "at": rev.at.isoformat(),
            "since": rev.since.isoformat(),
            "reason": rev.reason,
        },
    }


def _hex(d: dict[str, Any], field: str, size: int, where: str) -> bytes:
    value = d.get(field)
    try:
        raw = bytes.fromhex(value) if isinstance(value, str) else b""
    except ValueError:
        raw = b""
    if len(raw) != size:
        raise InvalidRequest(f"{where}.{field}: {size} bytes in hex")
    return raw


def _time(d: dict[str, Any], field: str, where: str) -> dt.datetime:
    value = d.get(field)
    try:
        at = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        at = None
    if at is None or at.tzinfo is None:
        raise InvalidRequest(f"{where}.{field}: a time with its UTC offset")
    return at


def _key_from_dict(d: object, where: str, by: str, now: dt.datetime) -> CommissionKey:
    if not isinstance(d, dict):
        raise InvalidRequest(f"{where}: an object")
    public = _hex(d, "public_key", PUBLIC_KEY_BYTES, where)
    if d.get("fingerprint") != fingerprint(public):
        raise InvalidRequest(f"{where}.fingerprint: not the public key's")
    commission = d.get("commission")
    training = d.get("training")
    if not isinstance(commission, str) or not isinstance(training, bool):
        raise InvalidRequest(f"{where}: commission (text) and training (true or false)")
    cert = d.get("certification")
    certification = None
    if cert is not None:
        if not isinstance(cert, dict) or not isinstance(cert.get("by"), str):
            raise InvalidRequest(f"{where}.certification: by, at, signature")
        certification = Certification(
            normalize(cert["by"]),
            _whole_seconds(_time(cert, "at", f"{where}.certification")),
            _hex(cert, "signature", SIGNATURE_BYTES, f"{where}.certification"),
        )
    rev = d.get("revocation")
    revocation = None
    if rev is not None:
        if not isinstance(rev, dict) or not all(
            isinstance(rev.get(f), str) and rev.get(f) for f in ("by", "reason")
        ):
            raise InvalidRequest(f"{where}.revocation: by, at, since, reason")
        revocation = Revocation(
            rev["by"],
            _time(rev, "at", f"{where}.revocation"),
            _time(rev, "since", f"{where}.revocation"),
            rev["reason"],
        )
    return CommissionKey(commission, public, training, by, now, certification, revocation)


def _top_down(election: Election) -> list[Any]:
    """Every area, each after the area above it."""
    out = []
    seen: set[str] = set()
    pending = list(election.areas)
    while pending:
        rest = []
        for area in pending:
            if area.parent is None or area.parent in seen:
                out.append(area)
                seen.add(area.code)
            else:
                rest.append(area)
        if len(rest) == len(pending):  # pragma: no cover - a definition is a tree
            raise InvalidRequest("the areas do not form a tree")
        pending = rest
    return out
