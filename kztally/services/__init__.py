"""Services: what every front end calls. One transaction per user action; plain frozen
data in and out (domain values and the dataclasses below), never ORM rows.

Building them (the composition root, GUI or CLI)::

    db = kztally.storage.database.open_database(url)          # SchemaMismatch: stop
    services = Services.sign_in(db, name, password)           # or Services(db, actor)
    ...
    db.close()

`kztally.services.context.Services(db, actor, *, clock=utcnow)`
    `.users`, `.elections`, `.entry`, `.results`, `.attachments`, `.observers` (others add
    `.transfer`, `.mock`);
    `.actor`, `.db`, `.clock`; `Services.sign_in(db, name, password=None)`;
    `.data_version() -> int`: bumped by every committed write, on any workstation (a
    counter row incremented in the writing transaction), so results can be cached by it.

The acting person's role is read again from the database on every action, so a role
changed by an administrator applies at once, whatever the front end.

`kztally.services.users`
    `sign_in(db, name, password=None) -> Actor`: checks the argon2id password; on a
    database with no accounts, creates `name` as administrator. `needs_password(db, name)`.
    `UserService`: `list()` (administrators, supervisors), `add(name, role, password=None)`,
    `set_role(name, role, *, expected_version=None)`, `set_password(name, password | None,
    *, expected_version=None)` (administrators; anyone for their own), `me()`,
    `require(roles, action) -> Actor`. Returns `UserView(name, role, has_password, version,
    created_at, created_by)`.

`kztally.services.elections.ElectionService`
    `load_definition(election) -> bool` (administrators, trainers): stores the definition
    and a protocol row per precinct x contest; the same election again is a no-op (False),
    another one `ElectionMismatch`. `current() -> Election | None` (parsed once, kept in
    memory by content hash), `require() -> Election`.

`kztally.services.entry.EntryService` (the double entry of `kztally.domain.entry`)
    Reading: `view(precinct, contest) -> ProtocolView`, `history(precinct, contest) ->
    tuple[RevisionView, ...]`, `states(under_area=None) -> dict[(precinct, contest),
    State]`, `summaries(contest=None, under_area=None) -> tuple[ProtocolSummary, ...]`
    (state and agreed figures, for results), `check(precinct, contest, figures, acts) ->
    findings` (for a form, before saving).
    Acting, each with the `expected_version` the user saw:
    `enter(precinct, contest, figures, acts=frozenset(), *, expected_version)`,
    `resolve(precinct, contest, keep: EntryKind, correction: Figures | None = None, *,
    acts, reason, expected_version)`, `send_back(..., *, reason, expected_version)`,
    `accept(..., *, reason, act_reference="", expected_version)`,
    `recount(..., *, reason, reference, expected_version)`,
    `annul(..., *, reason, reference, expected_version)`; each returns the new
    `ProtocolView`. In bulk: `record_many(items: Iterable[BulkItem], *, system="import",
    chunk_size=5000, progress=None) -> int`, the same rows through the same state machine,
    checks and roles: each step is a real person's under their role (the signed-in one,
    an account generated in a training election such as the mock's clerks and supervisor,
    or, for imported entries, the clerk a file names), and revisions name who ran it.
    Trainers and generated accounts act in training elections only (`services.guard`).

    `ProtocolView(precinct, contest, state, round, version, breach, figures, acts,
    findings, first, second, differing)`: `figures`/`acts`/`findings` are the agreed ones;
    `first`, `second` (`EntryView`) and `differing` only for supervisors. The second entry
    is blind: a clerk never sees the first entry's figures, in views or in the history.
    Findings include the precinct's electorate (W8), the acts (K5), W6 (same contest,
    another precinct's identical agreed figures) and W7 (the precinct's other ballots).

`kztally.services.attachments.AttachmentService` (`.attachments`)
    `list(precinct, contest) -> tuple[AttachmentView, ...]` (everyone signed in),
    `attach(precinct, contest, name, media_type, data, kind=AttachmentKind.SCAN) ->
    AttachmentView` (clerks, supervisors, administrators; PNG, JPEG, TIFF or PDF, at most
    20 MB, else `InvalidRequest`), `data(attachment_id) -> bytes`. Append-only.
    `AttachmentView(id, precinct, contest, name, media_type, size, sha256, kind, added_by,
    added_at)`; `kind` is `AttachmentKind.SCAN` (the protocol) or `.ACT`.

`kztally.services.observers.ObserverService` (`.observers`)
    `enter_copy(precinct, contest, figures, acts=frozenset(), note="") ->
    ObserverCopyView` (observers: their own copy; a newer one becomes theirs),
    `copies(precinct, contest)` (an observer's own; all for supervisors, administrators),
    `compare(precinct, contest, observer=None) -> Comparison(precinct, contest, observer,
    state, copy, official, official_acts, differing)` (`official` only once accepted;
    `.findings` are the copy's own), `take_in(copies, *, system="import") -> (kept,
    unchanged)` (the importer's roles: observer-kind files).

Errors (`kztally.services.errors`, each with a stable `code`): `PermissionDenied`,
`NotFound`, `InvalidRequest`, `ConcurrentChange` (someone else saved this protocol
meanwhile: `.protocol`, `.expected_version`, `.found_version`; nothing was written),
`NoElection`, `ElectionMismatch`, `AuthenticationFailed`, `PasswordRequired`. The state
machine's refusals are `kztally.domain.entry.TransitionError` (codes state, role,
same_clerk, reason, act, breach_kind, and reference for recounts and annulments).
"""
