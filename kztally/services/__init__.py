"""Services: what every front end calls. One transaction per user action; plain frozen
data in and out (domain values and the dataclasses below), never ORM rows.

Building them (the composition root, GUI or CLI)::

    db = kztally.storage.database.open_database(url)          # SchemaMismatch: stop
    services = Services.sign_in(db, name, password, workstation=host)
    ...
    services.sign_out()
    ...
    db.close()

`kztally.services.context.Services(db, signed_in, *, clock=utcnow)`
    `.users`, `.elections`, `.entry`, `.results`, `.attachments`, `.observers`, `.audit`,
    `.official` (others add
    `.transfer`, `.mock`);
    `.actor` (the `SignedIn` session), `.db`, `.clock`; `Services.sign_in(db, name,
    password, *, workstation="", clock=utcnow)`; `.sign_out()`. Built only from a
    `SignedIn` that `sign_in` made (a bare `Actor` is a TypeError): every action checks
    that the session is open and the account active, else `SessionEnded`.
    `.data_version() -> int`: bumped by every committed write, on any workstation (a
    counter row incremented in the writing transaction), so results can be cached by it.

The acting person's role is read again from the database on every action, so a role
changed by an administrator, a deactivation or a sign-out applies at once, whatever the
front end.

`kztally.services.users`
    `sign_in(db, name, password, *, workstation="", clock=utcnow) -> SignedIn`: checks the
    argon2id password and opens a session (a `sign_in_session` row with the SHA-256 of a
    random token); on a database with no accounts, creates `name` as administrator with
    that password. `has_accounts(db)`. `SETTINGS` (`AccountSettings`: minimum password
    length 8, 5 wrong passwords lock an account for 15 minutes, the app's idle lock 15
    minutes); `check_password(name, password)` (`WeakPassword` with `.rule`: too_short,
    too_long, is_name, characters).
    `UserService`: `list()` (administrators, supervisors), `add(name, role, password)`,
    `set_role(name, role, *, expected_version=None)`, `set_password(name, password, *,
    expected_version=None)` (administrators, lifting a lock and ending that account's
    sessions; anyone for their own), `deactivate(name)`, `activate(name)` (the last active
    administrator keeps the role and stays active: `LastAdministrator`), `me()`,
    `confirm(name, password)` (unlocking an idle screen: one's own or an administrator's
    password), `sign_out()`, `require(roles, action) -> Actor`. Returns `UserView(name,
    role, has_password, version, created_at, created_by, active, locked_until,
    password_changed_at)`.

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
    findings, first, second, differing)`: `figures`/`acts`/`findings` are the agreed ones
    (for observers only once accepted: before, None and empty, in `summaries` too);
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

`kztally.services.audit.AuditService` (`.audit`; docs/audit.md)
    `head() -> Head` and `check_tail() -> TailCheck(head, broken)` (anyone signed in; the
    last two events in one bounded query; `check_tail(db)`, the module's function, before
    anyone signs in), `show(since=0, limit=None) -> tuple[Event, ...]` and
    `verify(head: Head | None = None, progress=None) -> Verdict(head, breaks)` (administrators,
    supervisors, trainers): `verify` recomputes the chain and checks revisions, entries,
    protocols (replayed), accounts, attachments, observers' copies and the election
    against it; each `Break(event, table, what)`, the first first. `note(code, content)`
    records an action made outside the services' transactions (an export, an import run,
    a backup). Every other event is staged by the service that makes the change, in its
    transaction (`kztally.services.journal`).

`kztally.services.official.OfficialService` (`.official`; docs/official.md)
    `status() -> OfficialStatus(official, marked_at, marked_by, head)` (anyone signed in;
    `.word` "official"/"unofficial", `.short_head` "COUNT:16 hex digits"), `mark()` and
    `unlock(reason)` (administrators; `results.marked_official`, `results.unlocked`).
    While results are official every write that could change a figure, a state or a
    seat is refused with `ResultsOfficial` (code `official`): each calls
    `kztally.services.guard.require_unofficial(session, action)` first in its transaction.

`kztally.services.results.ResultsService` (`.results`; accepted protocols only, cached by
the data version)
    `results(area=None) -> AreaResults(area, data_version, mazhilis, maslikhats, progress,
    totals, status)` (`status`: official or not, and the audit head, read in the figures'
    snapshot; `outstanding_report(area)` gives the outstanding protocols with it): each
    body as `kztally.domain.results.BodyResult`. Seats follow the law: a list contest's
    `ListResult.allocation` (threshold, seats) only when the area holds its
    whole constituency (`.constituency`: the country for the Mazhilis lists, the
    maslikhat's area for its lists), else None with the part's `.shares`; a district's
    `DistrictResult.result` (winner) only when the area holds the whole district, else
    None with the partial `.totals`. `parts(area, body) -> tuple[AreaPart, ...]` (the areas
    just below, for drilling down: progress and the body's main contest's sums),
    `outstanding(area=None)` (protocols missing or pending).

`kztally.services.printing.PrintService` (`.printing`; reading only, no event)
    `protocol(precinct, contest, lang, signer, *, copy=None) -> ProtocolDoc` (an accepted
    protocol, its code signed with the precinct's own key, which the key list must trust
    now, else `InvalidRequest`), `protocols(area, contest, lang, signers)` (a batch),
    `marks()`, `check_signer(precinct, signer)`; `kztally.reports.protocol.render(docs)`
    draws them.

Errors (`kztally.services.errors`, each with a stable `code`): `PermissionDenied`,
`NotFound`, `InvalidRequest`, `ConcurrentChange` (someone else saved this protocol
meanwhile: `.protocol`, `.expected_version`, `.found_version`; nothing was written),
`NoElection`, `ResultsOfficial` (`.since`, `.by`: the results are official),
`ElectionMismatch`, `ElectionAltered` (the stored definition does not hash to its content
hash: checked the first time the services read it), `AuthenticationFailed`
and its kinds `PasswordRequired`, `AccountLocked` (`.until`), `AccountInactive`, `PasswordNotSet`,
`SessionEnded`; `WeakPassword` and `LastAdministrator` (both `InvalidRequest`). The state
machine's refusals are `kztally.domain.entry.TransitionError` (codes state, role,
same_clerk, reason, act, breach_kind, and reference for recounts and annulments).
`REFUSED` is the pair a front end catches around any call (the app's screens call the
services directly and show `exc.code` in words).
"""
