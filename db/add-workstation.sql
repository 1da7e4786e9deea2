-- A login for one workstation (or one person), member of the workstations' group role.
-- Run as a superuser or a role with CREATEROLE:
--
--   psql -h HOST -U postgres -v login=ws_01 -v password='...' \
--        -v workstations=kztally_workstation -f db/add-workstation.sql
--
-- Run again with a new password to change it. To take a login away: DROP ROLE ws_01;

\set ON_ERROR_STOP on

SELECT format('CREATE ROLE %I LOGIN', :'login')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'login') \gexec

SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', :'login', :'password') \gexec
SELECT format('GRANT %I TO %I', :'workstations', :'login') \gexec
