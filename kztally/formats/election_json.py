"""The election definition file (format `kztally.election`, version 1)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import fields
from fractions import Fraction
from typing import Any

from kztally.domain.election import (
    Area,
    AreaKind,
    Body,
    BodyKind,
    Choice,
    Contest,
    ContestKind,
    Election,
    Nominator,
    Party,
    Person,
)
from kztally.domain.ids import AreaCode, BodyId, ChoiceId, ContestId, PartyId
from kztally.domain.rules import AgainstAllLead, Role, RuleSet, TieRule, WarningThresholds

FORMAT = "kztally.election"
VERSION = 1


def _frac(f: Fraction) -> str:
    return f"{f.numerator}/{f.denominator}"


def rules_to_dict(r: RuleSet) -> dict[str, Any]:
    return {
        "id": r.id,
        "name": r.name,
        "threshold": _frac(r.threshold),
        "valid_total_includes_against_all": r.valid_total_includes_against_all,
        "tie_rule": r.tie_rule.value,
        "runner_up": r.runner_up,
        "minimum_qualifying": r.minimum_qualifying,
        "smd_against_all_lead": r.smd_against_all_lead.value,
        "warnings": {
            f.name: (
                _frac(getattr(r.warnings, f.name))
                if isinstance(getattr(r.warnings, f.name), Fraction)
                else getattr(r.warnings, f.name)
            )
            for f in fields(r.warnings)
        },
        "warning_acceptors": sorted(x.value for x in r.warning_acceptors),
        "breach_acceptors": sorted(x.value for x in r.breach_acceptors),
        "breach_acceptable": sorted(r.breach_acceptable),
        "designation_minimum_share": _frac(r.designation_minimum_share),
        "alphabetical_fallback": r.alphabetical_fallback,
    }


def rules_from_dict(d: dict[str, Any]) -> RuleSet:
    w = d.get("warnings", {})
    defaults = WarningThresholds()
    values: dict[str, Any] = {}
    for f in fields(defaults):
        if f.name in w:
            default = getattr(defaults, f.name)
            values[f.name] = (
                Fraction(w[f.name]) if isinstance(default, Fraction) else int(w[f.name])
            )
    warnings = WarningThresholds(**values)
    return RuleSet(
        id=d["id"],
        name=d["name"],
        threshold=Fraction(d["threshold"]),
        valid_total_includes_against_all=d["valid_total_includes_against_all"],
        tie_rule=TieRule(d["tie_rule"]),
        runner_up=d["runner_up"],
        minimum_qualifying=d["minimum_qualifying"],
        smd_against_all_lead=AgainstAllLead(d["smd_against_all_lead"]),
        warnings=warnings,
        warning_acceptors=frozenset(Role(x) for x in d["warning_acceptors"]),
        breach_acceptors=frozenset(Role(x) for x in d["breach_acceptors"]),
        breach_acceptable=frozenset(d["breach_acceptable"]),
        designation_minimum_share=Fraction(d["designation_minimum_share"]),
        alphabetical_fallback=d["alphabetical_fallback"],
    )


def _person_to_dict(p: Person) -> dict[str, Any]:
    out: dict[str, Any] = {"name": p.name}
    for flag in ("woman", "under_29", "disability"):
        if getattr(p, flag):
            out[flag] = True
    return out


def _choice_to_dict(c: Choice) -> dict[str, Any]:
    out: dict[str, Any] = {"id": c.id, "name": c.name, "ballot_order": c.ballot_order}
    if c.registration_order is not None:
        out["registration_order"] = c.registration_order
    out["party"] = c.party
    out["nominator"] = c.nominator.value
    if c.members:
        out["members"] = [_person_to_dict(p) for p in c.members]
    return out


def _area_to_dict(a: Area) -> dict[str, Any]:
    out: dict[str, Any] = {"code": a.code, "kind": a.kind.value, "name": a.name}
    out["parent"] = a.parent
    if a.names:
        out["names"] = dict(a.names)
    if a.number is not None:
        out["number"] = a.number
    if a.electorate is not None:
        out["electorate"] = a.electorate
    if a.contests:
        out["contests"] = list(a.contests)
    if a.generated:
        out["generated"] = True
    return out


def election_body(e: Election) -> dict[str, Any]:
    """Everything but the identity block: what the content hash is taken over."""
    return {
        "id": e.id,
        "name": e.name,
        **({"names": dict(e.names)} if e.names else {}),
        "date": e.date.isoformat(),
        "training": e.training,
        "notes": list(e.notes),
        "rules": rules_to_dict(e.rules),
        "parties": [
            {"id": p.id, "name": p.name, **({"names": dict(p.names)} if p.names else {})}
            for p in e.parties
        ],
        "bodies": [
            {
                "id": b.id,
                "kind": b.kind.value,
                "name": b.name,
                "area": b.area,
                **({"names": dict(b.names)} if b.names else {}),
            }
            for b in e.bodies
        ],
        "contests": [
            {
                "id": c.id,
                "body": c.body,
                "kind": c.kind.value,
                "name": c.name,
                "area": c.area,
                "seats": c.seats,
                "against_all": c.against_all,
                **({"number": c.number} if c.number is not None else {}),
                "choices": [_choice_to_dict(ch) for ch in c.choices],
            }
            for c in e.contests
        ],
        "areas": [_area_to_dict(a) for a in e.areas],
    }


def canonical_bytes(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def content_hash(e: Election) -> str:
    """sha256 of the canonical JSON of the definition: a protocol names it to say which
    election it belongs to."""
    return "sha256:" + hashlib.sha256(canonical_bytes(election_body(e))).hexdigest()


def election_to_dict(e: Election) -> dict[str, Any]:
    body = election_body(e)
    return {
        "format": FORMAT,
        "version": VERSION,
        "identity": {"id": e.id, "hash": content_hash(e)},
        **body,
    }


def election_from_dict(d: dict[str, Any]) -> Election:
    """Build an Election from a dict already validated against the schema."""
    parties = tuple(
        Party(PartyId(p["id"]), p["name"], p.get("names", {})) for p in d.get("parties", [])
    )
    bodies = tuple(
        Body(
            BodyId(b["id"]), BodyKind(b["kind"]), b["name"], AreaCode(b["area"]), b.get("names", {})
        )
        for b in d.get("bodies", [])
    )
    contests = tuple(
        Contest(
            id=ContestId(c["id"]),
            body=BodyId(c["body"]),
            kind=ContestKind(c["kind"]),
            name=c["name"],
            area=AreaCode(c["area"]),
            seats=c["seats"],
            against_all=c["against_all"],
            number=c.get("number"),
            choices=tuple(
                Choice(
                    id=ChoiceId(ch["id"]),
                    name=ch["name"],
                    ballot_order=ch["ballot_order"],
                    registration_order=ch.get("registration_order"),
                    party=PartyId(ch["party"]) if ch.get("party") else None,
                    nominator=Nominator(ch.get("nominator", "party")),
                    members=tuple(
                        Person(
                            m["name"],
                            woman=m.get("woman", False),
                            under_29=m.get("under_29", False),
                            disability=m.get("disability", False),
                        )
                        for m in ch.get("members", [])
                    ),
                )
                for ch in c["choices"]
            ),
        )
        for c in d.get("contests", [])
    )
    areas = tuple(
        Area(
            code=AreaCode(a["code"]),
            kind=AreaKind(a["kind"]),
            name=a["name"],
            parent=AreaCode(a["parent"]) if a.get("parent") else None,
            names=a.get("names", {}),
            number=a.get("number"),
            electorate=a.get("electorate"),
            contests=tuple(ContestId(c) for c in a.get("contests", [])),
            generated=a.get("generated", False),
        )
        for a in d.get("areas", [])
    )
    return Election(
        id=d["id"],
        name=d["name"],
        names=d.get("names", {}),
        date=dt.date.fromisoformat(d["date"]),
        rules=rules_from_dict(d["rules"]),
        parties=parties,
        bodies=bodies,
        contests=contests,
        areas=areas,
        training=d.get("training", False),
        notes=tuple(d.get("notes", [])),
    )
