-- Prepare a PostgreSQL server for kztally: the database, the role that owns it (and
-- runs `kztally db upgrade`), the group role of the workstations, and the group role of
-- the administrators' logins (a member of the workstations' group, with the right to
-- change accounts on top: db/grants.sql).
-- Run once, as a superuser (the postgres account):
--
--   psql -h HOST -U postgres -v db=kztally -v owner=kztally_owner \
--        -v owner_password='...' -v workstations=kztally_workstation \
--        -v administrators=kztally_administrator -f db/setup.sql
--
-- Safe to run again: what exists already is kept. See db/README.md.

\set ON_ERROR_STOP on

SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'owner', :'owner_password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner') \gexec

SELECT format('CREATE ROLE %I NOLOGIN', :'workstations')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'workstations') \gexec

\if :{?administrators}
SELECT format('CREATE ROLE %I NOLOGIN', :'administrators')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'administrators') \gexec
SELECT format('GRANT %I TO %I', :'workstations', :'administrators') \gexec
\endif

SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'db', :'owner', 'UTF8')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec

-- Nobody else may connect; workstations (and so the administrators' logins) may connect.
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
REVOKE TEMPORARY ON DATABASE :"db" FROM :"workstations";
GRANT CONNECT ON DATABASE :"db" TO :"workstations";

\connect :"db"
\set ON_ERROR_STOP on

-- The schema belongs to the owner; workstations use it and create nothing in it.
ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"workstations";
