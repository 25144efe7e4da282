\echo '-- installed extension'
SELECT extname, extversion, extnamespace::regnamespace AS schema FROM pg_extension WHERE extname = 'officeauto';
\echo '-- time-ordered public ids (RFC 9562 v7), strictly increasing within a connection'
SELECT n, officeauto.uuid_generate_v7() AS public_id FROM generate_series(1, 3) AS n;
\echo '-- what the sample holds'
SELECT o.slug AS organization, count(DISTINCT u.id) AS users, count(DISTINCT p.id) AS projects,
       count(DISTINCT c.id) AS clients, count(DISTINCT t.id) AS tasks, count(DISTINCT d.id) AS documents
  FROM officeauto.organizations o
  LEFT JOIN officeauto.users u ON u.organization_id = o.id
  LEFT JOIN officeauto.projects p ON p.organization_id = o.id
  LEFT JOIN officeauto.clients c ON c.organization_id = o.id
  LEFT JOIN officeauto.tasks t ON t.organization_id = o.id
  LEFT JOIN officeauto.documents d ON d.organization_id = o.id
 GROUP BY o.slug ORDER BY 1;

\echo '-- identity: alice logs in (argon2id verify); only digests of the tokens are stored'
SELECT session_token AS tok, left(session_token, 8) || '...' AS session_token, left(refresh_token, 8) || '...' AS refresh_token,
       user_public_id, expires_at
  FROM officeauto.login('alice', 'demo-alice', 'web', '198.51.100.7', 'officeauto tour') \gset
SELECT :'session_token' AS "session token (shown once)", :'refresh_token' AS "refresh token", :'expires_at' AS expires_at;
\echo '-- a wrong password fails with SQLSTATE OA001; the failure is recorded all the same'
\set ON_ERROR_STOP off
\set VERBOSITY sqlstate
SELECT * FROM officeauto.login('alice', 'not-her-password', 'web', '198.51.100.7');
\set VERBOSITY default
\set ON_ERROR_STOP on
SELECT identifier, reason, host(ip_address) AS ip, created_at FROM officeauto.failed_login_attempts ORDER BY id DESC LIMIT 1;

-- From here on the tour acts as an application would: as the non-superuser role
-- officeauto_app, in a transaction whose context comes from alice's session token.
SELECT id AS acme FROM officeauto.organizations WHERE slug = 'acme' \gset
BEGIN;
SET LOCAL ROLE officeauto_app;
SELECT officeauto.authenticate(:'tok') AS "authenticated user id",
       officeauto.current_organization_id() AS "organization context";
\echo '-- task_overview: urgency classes (row-level security shows acme only)'
SELECT title, status, due_date, assigned_user_name, urgency_status
  FROM officeauto.task_overview ORDER BY due_date NULLS LAST LIMIT 8;
\echo '-- the cartable: inbox_summary and a forwarded item'
SELECT user_name, open_items, unread_items, due_items, overdue_items FROM officeauto.inbox_summary ORDER BY user_name;
SELECT i.subject, i.from_user_name, u.full_name AS to_user, i.action_required, i.state
  FROM officeauto.inbox i JOIN officeauto.users u ON u.id = i.user_id WHERE i.parent_id IS NOT NULL;
\echo '-- CRM: clients by tag (tags are stored normalized)'
SELECT name, company, tags, task_count, overdue_tasks, credential_count
  FROM officeauto.client_overview WHERE tags && ARRAY['high-value'] ORDER BY name;
\echo '-- search: clients by tag and documents by full text (GIN indexes, own organization only)'
SELECT name, company, tags FROM officeauto.find_clients_by_tag('Enterprise');
SELECT title, round(rank::numeric, 3) AS rank, snippet FROM officeauto.search_documents('cutover OR requirements');
\echo '-- workflow: alice assigns a task to carol; it lands in carol''s cartable with a notification'
SELECT item_id AS cartable_item, task_version
  FROM officeauto.assign_task((SELECT public_id FROM officeauto.tasks WHERE title = 'Renew office lease'),
                              (SELECT public_id FROM officeauto.users WHERE username = 'carol'), 'Landlord needs an answer by Friday');
SELECT i.subject, i.from_user_name, i.note, i.state FROM officeauto.inbox i JOIN officeauto.users u ON u.id = i.user_id
 WHERE u.username = 'carol' AND i.subject = 'Renew office lease';
\echo '-- projects and dashboards'
SELECT code, name, document_count, participant_count, open_task_count, tags FROM officeauto.onboarding_project_summary ORDER BY code;
SELECT code, open_tasks, overdue_tasks, document_count, open_change_requests, test_pass_rate FROM officeauto.project_dashboard ORDER BY code;
\echo '-- optimistic concurrency: an UPDATE carrying a stale version fails with SQLSTATE 40001'
SAVEPOINT s;
\set ON_ERROR_STOP off
\set VERBOSITY sqlstate
UPDATE officeauto.tasks SET title = 'stale write', version = version - 1 WHERE title = 'Design login page';
\set VERBOSITY default
\set ON_ERROR_STOP on
ROLLBACK TO SAVEPOINT s;
\echo '-- tenant isolation: writing a row for another organization fails with SQLSTATE 42501'
\set ON_ERROR_STOP off
\set VERBOSITY sqlstate
INSERT INTO officeauto.tasks (organization_id, title) SELECT :acme + 1, 'planted';
\set VERBOSITY default
\set ON_ERROR_STOP on
ROLLBACK;
\echo '-- secrets: the application role cannot read password hashes (42501)'
BEGIN;
SET LOCAL ROLE officeauto_app;
\set ON_ERROR_STOP off
\set VERBOSITY sqlstate
SELECT password_hash FROM officeauto.users LIMIT 1;
\set VERBOSITY default
\set ON_ERROR_STOP on
ROLLBACK;

\echo '-- authorization: hiro is a viewer; he reads the projects he belongs to and changes nothing there'
SELECT session_token AS hiro_tok FROM officeauto.login('hiro', 'demo-hiro', 'web') \gset
BEGIN;
SET LOCAL ROLE officeauto_app;
SELECT officeauto.authenticate(:'hiro_tok') > 0 AS authenticated;
SELECT p.code, count(t.id) AS tasks_he_sees,
       officeauto.has_permission('TASK', 'READ', p.id) AS may_read,
       officeauto.has_permission('TASK', 'UPDATE', p.id) AS may_update
  FROM officeauto.projects p LEFT JOIN officeauto.tasks t ON t.project_id = p.id
 GROUP BY p.id, p.code ORDER BY p.code;
\set ON_ERROR_STOP off
UPDATE officeauto.tasks SET priority = 'urgent' WHERE project_id = (SELECT id FROM officeauto.projects WHERE code = 'ERP');
\set ON_ERROR_STOP on
ROLLBACK;

\echo '-- accounts: alice invites dora as a viewer; dora accepts from the link, a common password is refused first'
BEGIN;
SET LOCAL ROLE officeauto_app;
SELECT officeauto.authenticate(:'tok') > 0 AS authenticated;
SELECT token AS invite_tok, expires_at AS invitation_expires FROM officeauto.invite_user('dora@acme.example', 'viewer') \gset
SELECT email, role, status FROM officeauto.list_invitations();
COMMIT;
\set ON_ERROR_STOP off
\set VERBOSITY sqlstate
SELECT * FROM officeauto.accept_invitation(:'invite_tok', 'dora', 'Dora Demo', 'password1');
\set VERBOSITY default
\set ON_ERROR_STOP on
SELECT created AS account_created FROM officeauto.accept_invitation(:'invite_tok', 'dora', 'Dora Demo', 'tour of the harbour at dawn');
SELECT session_token AS dora_tok FROM officeauto.login('dora', 'tour of the harbour at dawn', 'web', '198.51.100.9', 'tour browser') \gset
BEGIN;
SET LOCAL ROLE officeauto_app;
SELECT officeauto.authenticate(:'dora_tok') > 0 AS authenticated;
\echo '-- dora''s sessions, and her roles'
SELECT client_type, host(ip_address) AS ip, user_agent, is_current FROM officeauto.list_my_sessions();
SELECT r.name AS role FROM officeauto.user_roles ur JOIN officeauto.roles r ON r.id = ur.role_id
 WHERE ur.user_id = officeauto.current_user_id();
COMMIT;
