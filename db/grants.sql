-- What the workstations and the administrator's logins may do with kztally's tables: the
-- least the application needs. Run after every `kztally db upgrade` (as the owner or a
-- superuser):
--
--   psql -h HOST -U kztally_owner -d kztally -v workstations=kztally_workstation \
--        -v administrators=kztally_administrator -f db/grants.sql
--
-- Workstations only append. They insert entries, revisions, attachments, observers'
-- copies and audit events, and never change or delete them; they never update or delete
-- a protocol, an account, the election or an event. A protocol's row is kept by the
-- database itself: a trigger on `revision` (migration 0008, SECURITY DEFINER, owned by the
-- owner) brings it up to date from each revision inserted. Of an account, a workstation
-- may change only the count of wrong passwords and the lock they set; it may add an
-- account without a password (the mock's generated clerks, who never sign in), never one
-- with a password. Nothing is deleted anywhere; the schema is changed only by the owner.
--
-- The administrators' group (optional here: leave `administrators` out when there is
-- none) has every right of the workstations, and may also add accounts with a password
-- and change accounts (role, password, active). Its logins are for kztally's
-- administrators managing accounts (`kztally users ...`, the app's Users dialog) and for
-- making the first account; see db/README.md.

\set ON_ERROR_STOP on

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM :"workstations";
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM :"workstations";

GRANT SELECT ON alembic_version TO :"workstations";
-- every write bumps the data version (and locks its row: FOR UPDATE needs UPDATE)
GRANT SELECT, UPDATE (value) ON data_version TO :"workstations";
-- the election, its areas, contests and protocols: inserted when it is loaded
GRANT SELECT, INSERT ON election, area, contest, protocol TO :"workstations";
-- the history, attachments, observers' copies and the audit log: appended to only
GRANT SELECT, INSERT ON entry, revision, attachment, observer_copy, audit_event TO :"workstations";
-- drawings of lots, designations, commission keys, their certifications and revocations:
-- appended to only (a newer row supersedes; the old one stays)
GRANT SELECT, INSERT ON lot_draw, designation, commission_key, key_certification, key_revocation
    TO :"workstations";
-- the register of papers taken in: appended to only
GRANT SELECT, INSERT ON paper TO :"workstations";
-- observers' copies' certifications: appended to only
GRANT SELECT, INSERT ON copy_certification TO :"workstations";
-- protocols' formal parts (members present, the count's times, requests): appended to only
GRANT SELECT, INSERT ON protocol_formal TO :"workstations";
-- accounts: read; added without a password; wrong passwords counted and locks set
GRANT SELECT ON account TO :"workstations";
GRANT INSERT (name, role, created_at, created_by, version, active, failed_sign_ins, generated)
    ON account TO :"workstations";
GRANT UPDATE (failed_sign_ins, locked_until) ON account TO :"workstations";
-- sign-in sessions: opened (insert), confirmed and ended, never deleted
GRANT SELECT, INSERT ON sign_in_session TO :"workstations";
GRANT UPDATE (last_seen_at, ended_at) ON sign_in_session TO :"workstations";
-- official results: read before every write (the guard); marked and unlocked by an
-- administrator's login only (docs/official.md)
GRANT SELECT ON results_status TO :"workstations";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"workstations";
-- the trigger's function runs only as the trigger (with the owner's rights)
REVOKE ALL ON FUNCTION revision_applied() FROM PUBLIC;

\if :{?administrators}
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM :"administrators";
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM :"administrators";
-- on top of the workstations' rights (the group is a member of theirs: db/setup.sql)
GRANT INSERT, UPDATE ON account TO :"administrators";
GRANT UPDATE ON results_status TO :"administrators";
\endif
