"""Making a training session in a folder: the one path `kztally training new` and the
app's New training session dialog both take.

`make_session(out, plan, lang, db_url, sign_in, report)` writes the session to a
`.NAME.partial` folder beside `out` and renames it to `out` only when everything is
written; on any failure (a cancelled job too) the partial folder is removed, so nothing
half-made is left in the folder. Without `db_url` the session's database is
`training.sqlite` in the folder; with it, a shared training database. The trainer signs
in to that database through `sign_in` (on a database without accounts, the first becomes
its administrator); `TrainingService.create` then makes the trainees' accounts and notes
the session, the papers are printed (one PDF a stack, one per supervisor), and the answer
key and the accounts sheet are written readable by their owner only.

On a shared database, what `create` committed stays if a later step fails (the papers
could not be written): that database then holds the session and refuses a second one.
"""

from __future__ import annotations

import os
import secrets
import shutil
import string
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kztally.services.errors import ServiceError
from kztally.storage.errors import StorageError

if TYPE_CHECKING:
    from kztally.mockgen.figures import Scale
    from kztally.paper.signing import Signer
    from kztally.reports.texts import Lang
    from kztally.services.context import Services
    from kztally.storage.database import Database
    from kztally.training.plan import Plan

DATABASE = "training.sqlite"
ANSWERS = Path("trainer") / "answer-key.json"
SHEET = Path("trainer") / "accounts.txt"
KEYS = Path("trainer") / "keys"
SCALE: Scale = "small"

Report = Callable[[int, int], None]


class FolderNotEmpty(ServiceError):  # noqa: N818
    code = "training_folder"


class SessionExists(ServiceError):  # noqa: N818
    code = "training_exists"


class BadParameters(ServiceError):  # noqa: N818
    """The session cannot be made with these numbers (the plan's own sentence)."""

    code = "training_parameters"


@dataclass(frozen=True, slots=True)
class Made:
    folder: Path
    election: str
    papers: int
    stacks: int
    planted: int
    clerks: int
    supervisors: int
    db: str

    @property
    def trainees(self) -> Path:
        return self.folder / "trainees"

    @property
    def answers(self) -> Path:
        return self.folder / ANSWERS

    @property
    def sheet(self) -> Path:
        return self.folder / SHEET

    @property
    def database(self) -> Path | None:
        """The session's own SQLite file (None: a shared database)."""
        path = self.folder / DATABASE
        return path if path.is_file() else None


def password() -> str:
    alphabet = string.ascii_lowercase + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(10))


def check_folder(out: Path) -> None:
    """`out` must be new or an empty folder."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise FolderNotEmpty(f"{out}: exists and is not an empty folder: name a new one")


def make_plan(seed: int, trainees: int, supervisors: int, protocols: int, errors: float) -> Plan:
    """The session's plan from the small mock election of the seed."""
    from kztally.services.mock import build
    from kztally.training.plan import plan

    try:
        return plan(build(seed, SCALE), seed, trainees, supervisors, protocols, errors)
    except ValueError as exc:
        raise BadParameters(str(exc)) from exc


def _nothing(done: int, total: int) -> None:
    return None


def make_session(
    out: Path,
    the_plan: Plan,
    lang: Lang,
    db_url: str | None,
    sign_in: Callable[[Database], Services],
    report: Report = _nothing,
) -> Made:
    """Write the session to `out` (new or empty), or leave nothing there."""
    from kztally.storage.database import open_database

    check_folder(out)
    work = out.with_name(f".{out.name}.partial")
    if work.exists():
        shutil.rmtree(work)
    try:
        (work / "trainer").mkdir(parents=True)
        (work / "trainees").mkdir()
        url = db_url if db_url is not None else f"sqlite:///{(work / DATABASE).resolve()}"
        shown = shown_db(url, work, out)
        db = open_database(url)
        try:
            services = sign_in(db)
            try:
                _new(services, the_plan, work, lang, shown, report)
            finally:
                # the session may have ended already (deactivated, or the database went away)
                with suppress(ServiceError, StorageError):
                    services.sign_out()
        finally:
            db.close()
        if out.exists():
            out.rmdir()
        work.replace(out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return Made(
        folder=out,
        election=str(the_plan.election.id),
        papers=len(the_plan.papers),
        stacks=len(the_plan.stacks),
        planted=int(the_plan.answers["planted"]),
        clerks=len(the_plan.clerks),
        supervisors=len(the_plan.supervisors),
        db=shown,
    )


def shown_db(url: str, work: Path, out: Path) -> str:
    """The database's URL as it will be once the folder has its name."""
    from sqlalchemy.engine import make_url

    from kztally.storage.database import display_url

    return display_url(make_url(url.replace(str(work.resolve()), str(out.resolve()))))


def _new(
    services: Services, the_plan: Plan, work: Path, lang: Lang, db: str, report: Report
) -> None:
    from kztally.reports.protocol import render
    from kztally.services.mock import make_keys, mock_signer
    from kztally.services.training import answers_json

    charges = {
        name: [i for s in the_plan.stacks if s.supervisor == name for i in s.papers]
        for name in the_plan.supervisors
    }
    total = 2 + len(the_plan.stacks) + len(charges) + 1
    report(0, total)
    noted = services.training.session() if services.elections.current() is not None else None
    if noted is not None:
        raise SessionExists(
            f"this database holds a training session already (seed {noted.get('seed')}): "
            "score it with `kztally training score`, or give another database"
        )
    passwords = {n: password() for n in (*the_plan.clerks, *the_plan.supervisors)}
    created = services.training.create(the_plan, passwords)
    report(1, total)
    keys = work / KEYS
    make_keys(services, keys)
    report(2, total)
    signers: dict[str, Signer] = {}

    def signer(precinct: str) -> Signer:
        if precinct not in signers:
            signers[precinct] = mock_signer(keys, precinct)
        return signers[precinct]

    done = 2
    for stack in the_plan.stacks:
        pdf = render(services.training.papers(the_plan, stack.papers, lang, signer))
        for name in stack.clerks:
            (work / "trainees" / f"{name}.pdf").write_bytes(pdf)
        done += 1
        report(done, total)
    for name, charge in charges.items():
        if charge:
            pdf = render(services.training.papers(the_plan, charge, lang, signer))
            (work / "trainees" / f"{name}.pdf").write_bytes(pdf)
        done += 1
        report(done, total)
    (work / ANSWERS).write_text(answers_json(the_plan), encoding="utf-8")
    os.chmod(work / ANSWERS, 0o600)
    lines = [
        f"Training session {the_plan.election.id}, seed {the_plan.seed}",
        f"Database: {db}",
        "",
        f"{'account':<16} {'role':<11} {'password':<12} stack",
    ]
    for name in (*the_plan.clerks, *the_plan.supervisors):
        mine = the_plan.stack_of(name)
        role = "clerk" if mine is not None else "supervisor"
        where = (
            f"{mine.number}" + (" (alone: reference entry first)" if mine.alone else "")
            if mine is not None
            else ", ".join(str(s.number) for s in the_plan.stacks if s.supervisor == name)
        )
        new = any(n == name for n, _ in created.accounts)
        shown = passwords[name] if new else "(as before)"  # an account found is not changed
        lines.append(f"{name:<16} {role:<11} {shown:<12} {where}")
    (work / SHEET).write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.chmod(work / SHEET, 0o600)
    report(total, total)
