-- What the workstations may do with kztally's tables: the least the application needs.
-- Run after every `kztally db upgrade` (as the owner or a superuser):
--
--   psql -h HOST -U kztally_owner -d kztally -v workstations=kztally_workstation -f db/grants.sql
--
-- Entries, revisions, attachments, observers' copies and audit events are append-only: workstations
-- insert them, never change or delete them. Nothing is deleted anywhere; the schema is changed only by the owner.

\set ON_ERROR_STOP on

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM :"workstations";
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM :"workstations";

GRANT SELECT ON alembic_version TO :"workstations";
GRANT SELECT, UPDATE ON data_version TO :"workstations";
GRANT SELECT, INSERT, UPDATE ON account, protocol TO :"workstations";
GRANT SELECT, INSERT ON election, area, contest TO :"workstations";
GRANT SELECT, INSERT ON entry, revision TO :"workstations";
GRANT SELECT, INSERT ON attachment, observer_copy TO :"workstations";
-- the audit log: appended to, never changed (docs/audit.md)
GRANT SELECT, INSERT ON audit_event TO :"workstations";
-- sign-in sessions: opened (insert), confirmed and ended (update), never deleted
GRANT SELECT, INSERT, UPDATE ON sign_in_session TO :"workstations";
-- official results: read before every write; marked and unlocked by an administrator (docs/official.md)
GRANT SELECT, UPDATE ON results_status TO :"workstations";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"workstations";
