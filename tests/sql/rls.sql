-- Tenant isolation and least privilege, exercised as non-superuser members of the group roles
-- (superusers bypass row-level security, so testing as postgres would prove nothing).
BEGIN;
SELECT plan(27);
-- pgTAP keeps its state in temporary objects owned by the session user; let the test roles use them.
GRANT ALL ON pg_temp.__tcache__ TO PUBLIC;
GRANT ALL ON ALL SEQUENCES IN SCHEMA pg_temp TO PUBLIC;
CREATE ROLE oa_t_app NOLOGIN IN ROLE officeauto_app;
CREATE ROLE oa_t_ro NOLOGIN IN ROLE officeauto_readonly;
CREATE ROLE oa_t_admin NOLOGIN IN ROLE officeauto_admin;
SELECT id AS acme FROM officeauto.organizations WHERE slug = 'acme' \gset
SELECT id AS globex FROM officeauto.organizations WHERE slug = 'globex' \gset
SELECT id AS globex_user FROM officeauto.users WHERE username = 'maria' \gset
SELECT id AS acme_user FROM officeauto.users WHERE username = 'alice' \gset
SELECT count(*) AS acme_tasks FROM officeauto.tasks WHERE organization_id = :acme AND deleted_at IS NULL \gset

SET LOCAL ROLE oa_t_app;
SELECT is((SELECT count(*) FROM officeauto.users), 0::bigint, 'app: without an organization context no user is visible');
SELECT is((SELECT count(*) FROM officeauto.tasks), 0::bigint, 'app: without an organization context no task is visible');
SELECT set_config('officeauto.organization_id', :'acme', true);
SELECT is((SELECT array_agg(DISTINCT organization_id) FROM officeauto.users), ARRAY[:acme]::bigint[],
          'app: only the own organization''s users are visible');
SELECT is((SELECT count(*) FROM officeauto.users WHERE organization_id = :globex), 0::bigint,
          'app: asking for another organization''s rows returns nothing');
SELECT is((SELECT count(*) FROM officeauto.task_overview), :acme_tasks::bigint,
          'app: views apply row-level security of the caller (security_invoker)');
SELECT is((SELECT array_agg(DISTINCT organization_id) FROM officeauto.user_dashboard), ARRAY[:acme]::bigint[],
          'app: the dashboard wrapper view shows the own organization only');
SELECT throws_ok(format('INSERT INTO officeauto.tasks (organization_id, title) VALUES (%s, %L)', :globex, 'planted'),
                 '42501', NULL, 'app: inserting a row for another organization is rejected');
SELECT lives_ok(format('INSERT INTO officeauto.tasks (organization_id, title) VALUES (%s, %L)', :acme, 'own task'),
                'app: inserting a row for the own organization works');
SELECT throws_ok(format('UPDATE officeauto.tasks SET organization_id = %s WHERE title = %L', :globex, 'own task'),
                 '42501', NULL, 'app: moving a row to another organization is rejected');
WITH u AS (UPDATE officeauto.tasks SET title = 'hijacked' WHERE organization_id = :globex RETURNING 1)
SELECT is(count(*), 0::bigint, 'app: UPDATE cannot reach another organization''s rows') FROM u;
WITH d AS (DELETE FROM officeauto.messages WHERE organization_id = :globex RETURNING 1)
SELECT is(count(*), 0::bigint, 'app: DELETE cannot reach another organization''s rows') FROM d;
SELECT throws_ok(format('INSERT INTO officeauto.tasks (organization_id, title, assignee_id) VALUES (%s, %L, %s)',
                        :acme, 'cross-tenant assignee', :globex_user),
                 '23503', NULL, 'app: referencing another organization''s user is rejected by the composite foreign key');
SELECT throws_ok('SELECT password_hash FROM officeauto.users', '42501', NULL, 'app: password hashes are not readable');
SELECT throws_ok('SELECT token_digest FROM officeauto.user_sessions', '42501', NULL, 'app: session token digests are not readable');
SELECT throws_ok('SELECT token_digest FROM officeauto.refresh_tokens', '42501', NULL, 'app: refresh token digests are not readable');
SELECT throws_ok('SELECT encrypted_value FROM officeauto.credentials', '42501', NULL, 'app: credential ciphertexts are not readable');
SELECT throws_ok('SELECT count(*) FROM officeauto.failed_login_attempts', '42501', NULL, 'app: pre-authentication tables are not readable');
SELECT throws_ok('SELECT count(*) FROM officeauto.user_dashboard_stats', '42501', NULL, 'app: the all-tenant materialized view is not readable');
SELECT throws_ok(format('UPDATE officeauto.audit_logs SET action = %L', 'forged'), '42501', NULL, 'app: the audit trail is read-only');

RESET ROLE;
-- A reporting role reads the organizations granted to it, and no other.
SELECT officeauto.grant_reporting_access('oa_t_ro', (SELECT public_id FROM officeauto.organizations WHERE slug = 'acme'));
SET LOCAL ROLE oa_t_ro;
SELECT is((SELECT array_agg(DISTINCT organization_id) FROM officeauto.users), ARRAY[:acme]::bigint[],
          'readonly: sees the own organization only');
SELECT ok((SELECT count(*) FROM officeauto.session_monitoring) > 0, 'readonly: reads the session-monitoring view');
SELECT throws_ok('SELECT password_hash FROM officeauto.users', '42501', NULL, 'readonly: password hashes are not readable');
SELECT throws_ok('SELECT encrypted_value FROM officeauto.credentials', '42501', NULL, 'readonly: credential ciphertexts are not readable');
SELECT throws_ok('SELECT token_digest FROM officeauto.email_verifications', '42501', NULL, 'readonly: verification token digests are not readable');
SELECT throws_ok(format('INSERT INTO officeauto.tasks (organization_id, title) VALUES (%s, %L)', :acme, 'x'),
                 '42501', NULL, 'readonly: cannot write');

RESET ROLE;
SELECT set_config('officeauto.organization_id', '', true);
SET LOCAL ROLE oa_t_admin;
SELECT is((SELECT count(DISTINCT organization_id) FROM officeauto.users), 2::bigint, 'admin: sees every organization');
SELECT ok((SELECT count(*) FROM officeauto.user_dashboard_stats) > 0, 'admin: reads the materialized views');

RESET ROLE;
SELECT * FROM finish();
ROLLBACK;
