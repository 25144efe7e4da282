-- Authorization invariants of the catalog (so a table added later cannot slip past them) and
-- the built-in roles an organization receives.
BEGIN;
SELECT plan(11);

CREATE TEMP VIEW oa_app_writable AS
SELECT c.oid, c.relname FROM pg_class c
 WHERE c.relnamespace = 'officeauto'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
   AND (has_table_privilege('officeauto_app', c.oid, 'DELETE')
        OR has_any_column_privilege('officeauto_app', c.oid, 'INSERT')
        OR has_any_column_privilege('officeauto_app', c.oid, 'UPDATE'));

SELECT ok((SELECT count(*) FROM oa_app_writable) >= 30, 'the application writes the tenant tables (the checks below see them)');
SELECT is(ARRAY(SELECT relname FROM oa_app_writable w
                 WHERE NOT EXISTS (SELECT FROM pg_trigger t WHERE t.tgrelid = w.oid AND t.tgname IN ('authorize', 'guard')
                                     AND (t.tgtype & 1) = 1 AND (t.tgtype & 2) = 2) ORDER BY 1),
          '{}'::name[], 'every table the application writes has a BEFORE ROW authorization trigger');
SELECT is(ARRAY(SELECT c.relname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
                 WHERE p.polname = 'tenant_isolation' AND p.polroles <> ARRAY['officeauto_app'::regrole::oid] ORDER BY 1),
          '{}'::name[], 'the tenant policies apply to officeauto_app only (reporting logins have their own)');
SELECT is(ARRAY(SELECT c.relname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
                 WHERE p.polname = 'tenant_isolation'
                   AND NOT EXISTS (SELECT FROM pg_policy r WHERE r.polrelid = p.polrelid AND r.polname = 'reporting_read'
                                     AND r.polcmd = 'r' AND r.polroles = ARRAY['officeauto_readonly'::regrole::oid]) ORDER BY 1),
          '{}'::name[], 'every tenant table has a SELECT-only reporting policy for officeauto_readonly');
SELECT is(ARRAY(SELECT c.relname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
                 WHERE p.polname = 'tenant_isolation'
                   AND c.relname IN ('projects', 'tasks', 'documents', 'change_requests', 'test_cases', 'task_time_entries',
                                     'document_versions', 'change_request_impacts', 'test_executions', 'comments',
                                     'project_members', 'audit_logs')
                   AND pg_get_expr(p.polqual, p.polrelid) NOT LIKE '%_may_%' AND pg_get_expr(p.polqual, p.polrelid) NOT LIKE '%EXISTS%'
                   AND pg_get_expr(p.polqual, p.polrelid) NOT LIKE '%_entity_visible%' ORDER BY 1),
          '{}'::name[], 'project-scoped tables narrow reads by permission or by their parent');

-- Built-in roles: a new organization gets all five with the template permissions.
INSERT INTO officeauto.organizations (name, slug) VALUES ('Initech', 'initech');
SELECT is(ARRAY(SELECT r.name FROM officeauto.roles r JOIN officeauto.organizations o ON o.id = r.organization_id
                 WHERE o.slug = 'initech' AND r.is_system ORDER BY r.name),
          ARRAY['admin', 'manager', 'member', 'owner', 'viewer'], 'a new organization receives the five built-in roles');
SELECT is((SELECT count(*) FROM officeauto.role_permissions rp JOIN officeauto.organizations o ON o.id = rp.organization_id
            WHERE o.slug = 'initech'),
          (SELECT count(*) FROM officeauto.role_templates), '... with exactly the template permissions');
INSERT INTO officeauto.users (organization_id, username, email, full_name)
SELECT id, u, u || '@initech.example', initcap(u) FROM officeauto.organizations, unnest(ARRAY['peter', 'milton']) AS u
 WHERE slug = 'initech';
SELECT is(ARRAY(SELECT u.username || ':' || r.name FROM officeauto.user_roles ur JOIN officeauto.users u ON u.id = ur.user_id
                  JOIN officeauto.roles r ON r.id = ur.role_id
                 WHERE u.email LIKE '%@initech.example' ORDER BY u.username),
          ARRAY['milton:member', 'peter:owner'], 'the first account becomes the owner, the next a member');
SELECT throws_ok($$DELETE FROM officeauto.user_roles ur USING officeauto.users u
                    WHERE u.id = ur.user_id AND u.username = 'peter'$$,
                 'OA060', NULL, 'the last owner keeps the role, even against a superuser''s statement');
SELECT throws_ok($$UPDATE officeauto.users SET status = 'suspended' WHERE username = 'peter'$$,
                 'OA060', NULL, '... and stays active');
SELECT lives_ok($$DELETE FROM officeauto.organizations WHERE slug = 'initech'$$,
                'deleting the organization itself takes its owner with it');

SELECT * FROM finish();
ROLLBACK;
