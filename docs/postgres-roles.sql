-- Kaopu on PostgreSQL: the application's role may read and append to the audit log, nothing more.
-- Run as the owner role (kaopu_owner, which runs `kaopu migrate`) in the kaopu database, after the
-- first `kaopu migrate` and again after every upgrade that adds tables. README, "Deploying".
-- (src/kaopu/audit/tests/test_database_roles.py applies this file and checks what the app role can do.)

GRANT USAGE ON SCHEMA public TO kaopu_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO kaopu_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO kaopu_app;
ALTER DEFAULT PRIVILEGES FOR ROLE kaopu_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO kaopu_app;
ALTER DEFAULT PRIVILEGES FOR ROLE kaopu_owner IN SCHEMA public
    GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO kaopu_app;

-- The audit log: entries are read and appended, never updated, deleted or truncated; the chain head
-- is read, created once and moved forward (its trigger allows one step at a time). Only the owner can
-- ALTER the tables or DISABLE/DROP their triggers, and the app role is not the owner.
REVOKE ALL ON audit_auditentry, audit_chainhead FROM kaopu_app;
GRANT SELECT, INSERT ON audit_auditentry TO kaopu_app;
GRANT SELECT, INSERT, UPDATE ON audit_chainhead TO kaopu_app;
