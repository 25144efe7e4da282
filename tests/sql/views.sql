-- The views and dashboards over the sample data: each returns rows, the classifications are
-- right, and the materialized views refresh concurrently.
BEGIN;
SELECT plan(24);

SELECT ok((SELECT count(*) FROM officeauto.active_users) > 0, 'active_users returns rows');
SELECT ok((SELECT count(*) FROM officeauto.recent_messages) > 0, 'recent_messages returns rows');
SELECT ok((SELECT count(*) FROM officeauto.pending_events) > 0, 'pending_events returns rows');
SELECT ok((SELECT count(*) FROM officeauto.client_overview) > 0, 'client_overview returns rows');
SELECT ok((SELECT count(*) FROM officeauto.credential_audit_summary) > 0, 'credential_audit_summary returns rows');
SELECT ok((SELECT count(*) FROM officeauto.onboarding_project_summary) > 0, 'onboarding_project_summary returns rows');
SELECT ok((SELECT count(*) FROM officeauto.active_documents) > 0, 'active_documents returns rows');
SELECT ok((SELECT count(*) FROM officeauto.audit_trail_by_project) > 0, 'audit_trail_by_project returns rows');
SELECT ok((SELECT count(*) FROM officeauto.pending_documents) > 0, 'pending_documents returns rows');
SELECT ok((SELECT count(*) FROM officeauto.rejected_documents) > 0, 'rejected_documents returns rows');
SELECT ok((SELECT count(*) FROM officeauto.inbox) > 0, 'inbox returns rows');
SELECT ok((SELECT count(*) FROM officeauto.session_monitoring) > 0, 'session_monitoring returns rows');

SELECT is(ARRAY(SELECT DISTINCT urgency_status FROM officeauto.task_overview ORDER BY 1),
          ARRAY['due_soon', 'due_today', 'normal', 'overdue'], 'task_overview covers every urgency class');
INSERT INTO officeauto.tasks (organization_id, title, due_date, status, completed_at)
SELECT id, 'done long ago', current_date - 10, 'completed', now() FROM officeauto.organizations WHERE slug = 'acme';
SELECT is((SELECT urgency_status FROM officeauto.task_overview WHERE title = 'done long ago'), 'normal',
          'a completed task is never overdue');
SELECT is((SELECT urgency_status FROM officeauto.task_overview WHERE title = 'Reconcile opening balances'), 'overdue',
          'an open task due yesterday is overdue');
UPDATE officeauto.tasks SET deleted_at = now() WHERE title = 'Reconcile opening balances';
SELECT is((SELECT count(*)::int FROM officeauto.task_overview WHERE title = 'Reconcile opening balances'), 0,
          'soft-deleted tasks disappear from task_overview');

SELECT is((SELECT tags FROM officeauto.client_overview WHERE company = 'Nile Logistics'),
          ARRAY['enterprise', 'high-value', 'logistics'], 'client tags from the sample are stored normalized');
SELECT is((SELECT overdue_tasks::int FROM officeauto.client_overview WHERE company = 'Nordic Retail AB'), 1,
          'client_overview counts overdue tasks');
SELECT is((SELECT decrypt_count::int FROM officeauto.credential_audit_summary WHERE label = 'ERP API'), 1,
          'credential_audit_summary counts decrypts');
SELECT is((SELECT ARRAY[unread_items, open_items]::int[] FROM officeauto.inbox_summary s JOIN officeauto.users u ON u.id = s.user_id
            WHERE u.username = 'bob'), ARRAY[1, 1], 'inbox_summary counts a user''s unread and open items');
SELECT is((SELECT f.from_user_name FROM officeauto.inbox f JOIN officeauto.users u ON u.id = f.user_id
            WHERE u.username = 'carol' AND f.parent_id IS NOT NULL), 'Bob Chen', 'a forwarded inbox item keeps its chain and sender');
SELECT is(ARRAY(SELECT DISTINCT state FROM officeauto.session_monitoring ORDER BY 1), ARRAY['active', 'idle'],
          'session_monitoring tells active from idle sessions');

REFRESH MATERIALIZED VIEW CONCURRENTLY officeauto.user_dashboard_stats;
REFRESH MATERIALIZED VIEW CONCURRENTLY officeauto.project_stats;
SELECT is((SELECT open_tasks::int FROM officeauto.project_stats WHERE code = 'ERP'),
          (SELECT count(*)::int FROM officeauto.tasks t JOIN officeauto.projects p ON p.id = t.project_id
            WHERE p.code = 'ERP' AND t.deleted_at IS NULL AND t.status IN ('pending', 'in_progress', 'on_hold')),
          'project_stats refreshes concurrently and counts open tasks');
SELECT ok((SELECT overdue_tasks FROM officeauto.user_dashboard_stats WHERE username = 'carol') >= 1,
          'user_dashboard_stats counts overdue tasks per user');

SELECT * FROM finish();
ROLLBACK;
