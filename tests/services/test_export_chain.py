"""An export carries the audit chain, and import checks it against the records it takes
in: a hand-edited export is refused whole, naming the file and what differs, and
nothing of it is stored; `verify_folder` (kztally audit verify DIR) names the same
break. On SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kztally.domain.audit import (
    GENESIS,
    Draft,
    EventCode,
    Head,
    event_from_line,
    event_line,
    extend,
)
from kztally.domain.entry import State
from kztally.domain.rules import Role
from kztally.formats import election_json
from kztally.formats.load import dumps, load_election
from kztally.services.context import Services
from kztally.services.mock import run_mock
from kztally.services.transfer import ImportReport, TransferService
from kztally.services.transfer.chain import verify_folder
from kztally.storage.database import Database, open_database
from tests.chained import seal
from tests.conftest import PASSWORD


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small mock's export, by a supervisor (every protocol, first entries too)."""
    base = tmp_path_factory.mktemp("chain-source")
    db = open_database(f"sqlite:///{base / 'source.sqlite'}", migrate=True)
    try:
        admin = Services.sign_in(db, "admin", PASSWORD)
        run_mock(admin, 2, "small", 0.1, answers=base / "answers.json")
        admin.users.add("sup", Role.SUPERVISOR, PASSWORD)
        TransferService(Services.sign_in(db, "sup", PASSWORD)).export(base / "export")
    finally:
        db.close()
    return base / "export"


def doc(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def put(path: Path, document: Any) -> None:
    path.write_text(dumps(document), encoding="utf-8")


def accepted_clean(folder: Path) -> Path:
    """A record whose clean entries were accepted at once (first, second, accept)."""
    for path in sorted((folder / "protocols").iterdir()):
        d = doc(path)
        if [r["transition"] for r in d["revisions"]] == ["first_entry", "second_entry", "accept"]:
            return path
    raise AssertionError("no clean accepted record")


def figures_of(d: dict[str, Any]) -> list[dict[str, Any]]:
    holders = [d.get(k) for k in ("first", "second", "agreed")]
    holders += [r.get("figures") for r in d["revisions"]]
    return [h for h in holders if isinstance(h, dict)]


def read_events(folder: Path) -> list[Any]:
    lines = (folder / "audit" / "events.jsonl").read_text("utf-8").splitlines()
    return [event_from_line(line) for line in lines]


def rewrite_chain(folder: Path, change: Callable[[dict[str, Any]], None]) -> Head:
    """Change events' content and recompute the whole chain (not the head file)."""
    drafts = []
    for e in read_events(folder):
        content = json.loads(e.content)
        change(content)
        drafts.append(Draft(EventCode(e.code), e.actor, e.role, e.workstation, e.at, content))
    events = extend(drafts, 0, GENESIS)
    (folder / "audit" / "events.jsonl").write_text(
        "".join(event_line(e) + "\n" for e in events), encoding="utf-8"
    )
    return Head(events[-1].seq, events[-1].hash)


# -- the tampers: each changes a copy of the export and says which file it names -------


def a_figure(folder: Path) -> tuple[str, str]:
    path = accepted_clean(folder)
    d = doc(path)
    for h in figures_of(d):  # every copy of the figures alike, as a careful forger would
        h["lines"][7] += 1
        h["lines"][5] -= 1
    put(path, d)
    return f"protocols/{path.name}", "agreed figures are not those event"


def an_actor(folder: Path) -> tuple[str, str]:
    path = accepted_clean(folder)
    d = doc(path)
    d["revisions"][0]["by"] = d["first"]["by"] = "intruder"
    put(path, d)
    return f"protocols/{path.name}", "revision 1 (first_entry by intruder"


def a_revision_added(folder: Path) -> tuple[str, str]:
    path = accepted_clean(folder)
    d = doc(path)
    last = d["revisions"][-1]
    annul = {**last, "number": 4, "transition": "annul", "figures": None, "acts": [],
             "reason": "annulled by hand", "reference": ""}  # fmt: skip
    d["revisions"].append(annul)
    d["decisions"].append({k: annul[k] for k in ("transition", "by", "at", "reason", "reference")})
    d["state"] = "annulled"
    put(path, d)
    return f"protocols/{path.name}", "annulled"


def a_revision_removed(folder: Path) -> tuple[str, str]:
    path = accepted_clean(folder)
    d = doc(path)
    d["revisions"].pop()
    d["state"] = "pending"
    put(path, d)
    return f"protocols/{path.name}", "it says pending"


def an_event_edited(folder: Path) -> tuple[str, str]:
    lines = (folder / "audit" / "events.jsonl").read_text("utf-8").splitlines()
    n = len(lines) // 2
    line = json.loads(lines[n])
    line["actor"] = "intruder"
    lines[n] = json.dumps(line, ensure_ascii=False)
    (folder / "audit" / "events.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "audit/events.jsonl", "its hash does not follow from its content"


def the_chain_recomputed_not_the_head(folder: Path) -> tuple[str, str]:
    def rename(content: dict[str, Any]) -> None:
        if content.get("name") == "sup":
            content["role"] = "administrator"

    rewrite_chain(folder, rename)
    return "audit/head.txt", "the head says"


def the_head_altered(folder: Path) -> tuple[str, str]:
    head = Head.parse((folder / "audit" / "head.txt").read_text("utf-8"))
    (folder / "audit" / "head.txt").write_text(f"{head.count - 1}:{'ab' * 32}\n")
    return "audit/head.txt", "the head says"


def the_election_altered(folder: Path) -> tuple[str, str]:
    path = folder / "election.json"
    d = doc(path)
    d["rules"]["threshold"] = "1/50"
    election = election_json.election_from_dict(d)
    put(path, election_json.election_to_dict(election))  # its own hash recomputed
    assert str(load_election(path).rules.threshold) == "1/50"
    return "election.json", "is not the sha256:"


def a_revision_item_edited(folder: Path) -> tuple[str, str]:
    path = folder / "audit" / "revisions.jsonl"
    lines = path.read_text("utf-8").splitlines()
    item = json.loads(lines[0])
    item["revisions"][0]["role"] = "supervisor"
    lines[0] = json.dumps(item, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return item["file"], "revision 1 (first_entry by"


TAMPERS = [
    a_figure,
    an_actor,
    a_revision_added,
    a_revision_removed,
    an_event_edited,
    the_chain_recomputed_not_the_head,
    the_head_altered,
    the_election_altered,
    a_revision_item_edited,
]


def nothing_stored(admin: Services, before: int) -> None:
    assert admin.data_version() == before
    assert admin.elections.current() is None


def refused(report: ImportReport, folder: Path, file: str, says: str) -> None:
    assert report.status == 2
    assert report.imported == 0
    first = report.errors[0]
    assert first.path == str(folder / file), report.errors
    assert says in first.message, first.message
    assert f"nothing of {folder} is imported" in first.message


@pytest.mark.parametrize("tamper", TAMPERS, ids=lambda t: t.__name__)
def test_a_hand_edited_export_is_refused_whole_and_named(
    db: Database, source: Path, tmp_path: Path, tamper: Callable[[Path], tuple[str, str]]
) -> None:
    folder = tmp_path / "export"
    shutil.copytree(source, folder)
    assert verify_folder(folder).holds
    file, says = tamper(folder)
    # the folder checked whole names it
    verdict = verify_folder(folder)
    assert not verdict.holds
    assert verdict.breaks[0].file == file, verdict.breaks
    assert says in verdict.breaks[0].what, verdict.breaks[0]
    # an import of it takes in nothing: not even the election
    admin = Services.sign_in(db, "admin", PASSWORD)
    before = admin.data_version()
    report = TransferService(admin).import_paths([folder])
    refused(report, folder, file, says)
    nothing_stored(admin, before)


def test_an_export_verifies_and_goes_in_on_either_database(
    db: Database, source: Path, tmp_path: Path
) -> None:
    """Exported from either database, the folder verifies; imported, every revision is
    covered and the receiving database's own log verifies too."""
    admin = Services.sign_in(db, "admin", PASSWORD)
    run_mock(admin, 5, "small", 0.05, answers=tmp_path / "answers.json")
    report = TransferService(admin).export(tmp_path / "out")
    verdict = verify_folder(tmp_path / "out")
    assert verdict.holds, verdict.breaks
    assert verdict.records == report.protocols > 0
    assert report.head is not None and verdict.head == report.head
    assert (tmp_path / "out" / "audit" / "head.txt").read_text() == f"{report.head}\n"
    # the export's own event records the head it carried
    [noted] = [e for e in admin.audit.show() if e.code == "data.exported"]
    assert json.loads(noted.content)["head"] == str(report.head)
    # a record file taken out of the folder whole is named as missing
    accepted = accepted_clean(tmp_path / "out")
    accepted.unlink()
    [gone] = verify_folder(tmp_path / "out").breaks
    assert gone.file == f"protocols/{accepted.name}" and "missing" in gone.what
    assert admin.audit.verify().holds


def test_imported_into_an_empty_database_and_verified_there(
    db: Database, source: Path, tmp_path: Path
) -> None:
    admin = Services.sign_in(db, "admin", PASSWORD)
    assert TransferService(admin).import_paths([source / "election.json"]).status == 0
    admin.users.add("sup", Role.SUPERVISOR, PASSWORD)
    sup = Services.sign_in(db, "sup", PASSWORD)
    report = TransferService(sup).import_paths([source])
    assert report.status == 0, report.errors
    assert sup.audit.verify().holds
    # and one record named alone: its folder's chain is found and checked
    one = accepted_clean(source)
    assert TransferService(sup).import_paths([one]).unchanged == 1


def test_an_old_export_without_a_chain_brings_no_record(
    db: Database, source: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "old"
    shutil.copytree(source, folder)
    shutil.rmtree(folder / "audit")
    [missing] = verify_folder(folder).breaks
    assert missing.file == "audit/events.jsonl" and "carries no audit chain" in missing.what
    admin = Services.sign_in(db, "admin", PASSWORD)
    report = TransferService(admin).import_paths([folder])
    assert report.status == 2 and report.imported == 1  # the definition: its own hash holds
    records = len(list((folder / "protocols").iterdir()))
    records_refused = [p for p in report.errors if "no audit chain" in p.message]
    assert len(records_refused) == records
    assert {s for s in admin.entry.states().values()} == {State.NOT_ENTERED}


def test_a_chain_rewritten_whole_is_caught_by_a_head_kept_elsewhere(
    db: Database, source: Path, tmp_path: Path
) -> None:
    """An intruder who edits a record and writes a whole new chain and head passes the
    folder's own check; the head the sender printed or sent apart does not pass."""
    folder = tmp_path / "rewritten"
    shutil.copytree(source, folder)
    kept = Head.parse((source / "audit" / "head.txt").read_text("utf-8"))
    path = accepted_clean(folder)
    d = doc(path)
    for h in figures_of(d):  # clean figures still: the replay has nothing to refuse
        h["lines"][7] += 1
        h["lines"][5] -= 1
    d.pop("formal", None)  # the new chain records no formal parts
    put(path, d)
    for other in (folder / "protocols").iterdir():
        if other != path:
            other.unlink()
    shutil.rmtree(folder / "observers", ignore_errors=True)
    shutil.rmtree(folder / "audit")
    seal(folder, load_election(folder / "election.json"))
    assert verify_folder(folder).holds
    short = Head(kept.count, kept.hash[:16])
    [broken] = verify_folder(folder, head=short).breaks
    assert broken.file == "audit/events.jsonl" and "head" in broken.what
    admin = Services.sign_in(db, "admin", PASSWORD)
    before = admin.data_version()
    report = TransferService(admin).import_paths([folder], head=short)
    refused(report, folder, "audit/events.jsonl", broken.what)
    nothing_stored(admin, before)


def test_the_carried_events_are_the_databases_own(source: Path) -> None:
    """Each line of audit/events.jsonl is the canonical JSON of the event, and the hash
    follows from the fields docs/audit.md lists, recomputed here without kztally."""
    prev = "0" * 64
    lines = (source / "audit" / "events.jsonl").read_text("utf-8").splitlines()
    for n, line in enumerate(lines, start=1):
        d = json.loads(line)
        assert json.dumps(d, sort_keys=True, separators=(",", ":"), ensure_ascii=False) == line
        hashed = {k: d[k] for k in ("actor", "at", "code", "content", "role", "seq",
                                    "workstation")}  # fmt: skip
        hashed["prev"] = d["prev_hash"]
        text = json.dumps(hashed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert (d["seq"], d["prev_hash"]) == (n, prev)
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == d["hash"]
        prev = d["hash"]
    assert (source / "audit" / "head.txt").read_text() == f"{len(lines)}:{prev}\n"
