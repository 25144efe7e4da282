-- Operations: install/upgrade history, the seeds' views, dashboard materialized views, grants.

CREATE TABLE officeauto.schema_version (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version      text NOT NULL CHECK (version ~ '^[0-9]+\.[0-9]+\.[0-9]+$'),
    kind         text NOT NULL CHECK (kind IN ('install', 'upgrade')),
    description  text CHECK (length(description) <= 1000),
    applied_at   timestamptz NOT NULL DEFAULT now(),
    applied_by   text NOT NULL DEFAULT current_user,
    is_builtin   boolean NOT NULL DEFAULT false
);
SELECT officeauto._setup_table('officeauto.schema_version', NULL, 'WHERE NOT is_builtin');
INSERT INTO officeauto.schema_version (version, kind, description, is_builtin)
-- The version being installed, as CREATE EXTENSION recorded it (so no release forgets to bump it).
VALUES ((SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'officeauto'), 'install',
        'CREATE EXTENSION officeauto', true);
COMMENT ON TABLE officeauto.schema_version IS 'Install and upgrade history of the extension''s schema (one row per CREATE EXTENSION / ALTER EXTENSION UPDATE step).';

-- Views run with the caller's privileges and row-level security (security_invoker), so a view
-- never widens what a role may see. They show live (not soft-deleted) rows only.

CREATE VIEW officeauto.active_users WITH (security_invoker = true) AS
SELECT u.id, u.public_id, u.organization_id, u.username, u.email, u.full_name, u.status,
       u.last_login_at, u.email_verified_at, u.timezone, u.created_at
  FROM officeauto.users u
 WHERE u.deleted_at IS NULL AND u.status = 'active' AND u.last_login_at > now() - interval '7 days';
COMMENT ON VIEW officeauto.active_users IS 'Live, active users who logged in during the last 7 days.';

CREATE VIEW officeauto.recent_messages WITH (security_invoker = true) AS
SELECT m.id, m.public_id, m.organization_id, m.conversation_id, m.sender_id, s.username AS sender_username,
       m.recipient_id, r.username AS recipient_username, m.body, m.is_read, m.read_at, m.created_at
  FROM officeauto.messages m
  JOIN officeauto.users s ON s.id = m.sender_id
  LEFT JOIN officeauto.users r ON r.id = m.recipient_id
 WHERE m.deleted_at IS NULL AND m.created_at > now() - interval '24 hours';
COMMENT ON VIEW officeauto.recent_messages IS 'Live messages of the last 24 hours with sender and recipient names.';

CREATE VIEW officeauto.pending_events WITH (security_invoker = true) AS
SELECT e.id, e.public_id, e.organization_id, e.title, e.description, e.start_time, e.end_time, e.all_day,
       e.location, e.attendees, e.status, e.organizer_id, u.full_name AS organizer_name,
       e.resource_id, r.name AS resource_name
  FROM officeauto.events e
  JOIN officeauto.users u ON u.id = e.organizer_id
  LEFT JOIN officeauto.calendar_resources r ON r.id = e.resource_id
 WHERE e.deleted_at IS NULL AND e.status <> 'cancelled' AND e.start_time > now();
COMMENT ON VIEW officeauto.pending_events IS 'Upcoming (not yet started), live, non-cancelled events.';

CREATE VIEW officeauto.client_overview WITH (security_invoker = true) AS
SELECT c.id, c.public_id, c.organization_id, c.name, c.company, c.email, c.phone, c.status, c.tags,
       c.timezone, c.website_url, c.owner_user_id, o.full_name AS owner_name,
       t.task_count, t.pending_tasks, t.overdue_tasks, cr.credential_count, c.created_at, c.updated_at
  FROM officeauto.clients c
  LEFT JOIN officeauto.users o ON o.id = c.owner_user_id
  CROSS JOIN LATERAL (
        SELECT count(*) AS task_count,
               count(*) FILTER (WHERE t.status IN ('pending', 'in_progress')) AS pending_tasks,
               count(*) FILTER (WHERE t.status IN ('pending', 'in_progress', 'on_hold')
                                  AND t.due_date < current_date) AS overdue_tasks
          FROM officeauto.tasks t WHERE t.client_id = c.id AND t.deleted_at IS NULL) t
  CROSS JOIN LATERAL (
        SELECT count(*) AS credential_count
          FROM officeauto.credentials x WHERE x.client_id = c.id AND x.deleted_at IS NULL) cr
 WHERE c.deleted_at IS NULL;
COMMENT ON VIEW officeauto.client_overview IS 'Live clients with owner, task counts (total, pending, overdue) and credential count.';

CREATE VIEW officeauto.task_overview WITH (security_invoker = true) AS
SELECT t.id, t.public_id, t.organization_id, t.parent_id, t.title, t.status, t.priority, t.start_date, t.due_date,
       t.completed_at, t.client_id, c.name AS client_name, t.project_id, p.name AS project_name,
       t.assignee_id AS assigned_user_id, a.full_name AS assigned_user_name,
       t.due_date - current_date AS days_until_due,
       CASE WHEN t.status IN ('completed', 'cancelled') OR t.due_date IS NULL THEN 'normal'
            WHEN t.due_date < current_date THEN 'overdue'
            WHEN t.due_date = current_date THEN 'due_today'
            WHEN t.due_date <= current_date + 3 THEN 'due_soon'
            ELSE 'normal' END AS urgency_status,
       t.created_at, t.updated_at
  FROM officeauto.tasks t
  LEFT JOIN officeauto.clients c ON c.id = t.client_id
  LEFT JOIN officeauto.projects p ON p.id = t.project_id
  LEFT JOIN officeauto.users a ON a.id = t.assignee_id
 WHERE t.deleted_at IS NULL;
COMMENT ON VIEW officeauto.task_overview IS 'Live tasks with client, project and assignee names and urgency_status: overdue, due_today, due_soon (within 3 days) or normal (closed, undated or later). Dates are compared in the session''s TimeZone.';

CREATE VIEW officeauto.credential_audit_summary WITH (security_invoker = true) AS
SELECT cr.id AS credential_id, cr.public_id, cr.organization_id, cr.label, cr.client_id, c.name AS client_name,
       count(l.id) AS access_count,
       count(l.id) FILTER (WHERE l.action = 'view') AS view_count,
       count(l.id) FILTER (WHERE l.action = 'decrypt') AS decrypt_count,
       count(l.id) FILTER (WHERE l.action IN ('create', 'update')) AS change_count,
       max(l.created_at) AS last_accessed_at,
       count(DISTINCT l.user_id) AS unique_users,
       count(DISTINCT l.ip_address) AS unique_ips
  FROM officeauto.credentials cr
  JOIN officeauto.clients c ON c.id = cr.client_id
  LEFT JOIN officeauto.credential_audit_logs l ON l.credential_id = cr.id
 WHERE cr.deleted_at IS NULL
 GROUP BY cr.id, c.name;
COMMENT ON VIEW officeauto.credential_audit_summary IS 'Per live credential: access counts by action, last access, distinct users and IPs.';

CREATE VIEW officeauto.onboarding_project_summary WITH (security_invoker = true) AS
SELECT p.id, p.public_id, p.organization_id, p.code, p.name, p.status, p.start_date, p.end_date,
       p.manager_id, m.full_name AS manager_name,
       (SELECT count(*) FROM officeauto.documents d WHERE d.project_id = p.id AND d.deleted_at IS NULL) AS document_count,
       (SELECT count(*) FROM officeauto.project_members pm WHERE pm.project_id = p.id AND pm.is_active) AS participant_count,
       (SELECT count(*) FROM officeauto.tasks t WHERE t.project_id = p.id AND t.deleted_at IS NULL
                                                  AND t.status IN ('pending', 'in_progress', 'on_hold')) AS open_task_count,
       (SELECT coalesce(array_agg(tr.name ORDER BY tr.name), '{}')
          FROM officeauto.project_tags pt JOIN officeauto.tag_reference tr ON tr.id = pt.tag_id
         WHERE pt.project_id = p.id AND tr.deleted_at IS NULL) AS tags,
       p.created_at
  FROM officeauto.projects p
  LEFT JOIN officeauto.users m ON m.id = p.manager_id
 WHERE p.deleted_at IS NULL;
COMMENT ON VIEW officeauto.onboarding_project_summary IS 'Live projects with manager, document, participant and open-task counts and tags: the first screen of a newcomer.';

CREATE VIEW officeauto.active_documents WITH (security_invoker = true) AS
SELECT d.id, d.public_id, d.organization_id, d.project_id, p.name AS project_name, d.title, d.description,
       d.status, d.is_template, ft.mime_type, s.name AS storage_name, s.provider AS storage_provider,
       d.storage_key, d.checksum_sha256, d.size_bytes, d.image_url, d.tags, d.author_id,
       a.full_name AS author_name, v.id AS current_version_id, v.version_number AS current_version_number,
       d.uploaded_at, d.updated_at
  FROM officeauto.documents d
  LEFT JOIN officeauto.projects p ON p.id = d.project_id
  LEFT JOIN officeauto.filetype_reference ft ON ft.id = d.filetype_id
  LEFT JOIN officeauto.storage_reference s ON s.id = d.storage_id
  LEFT JOIN officeauto.users a ON a.id = d.author_id
  LEFT JOIN officeauto.document_versions v ON v.document_id = d.id AND v.is_current
 WHERE d.deleted_at IS NULL;
COMMENT ON VIEW officeauto.active_documents IS 'Live (not soft-deleted) documents with project, type, storage, author and current version number.';

CREATE VIEW officeauto.audit_trail_by_project WITH (security_invoker = true) AS
SELECT p.id AS project_id, p.public_id AS project_public_id, p.organization_id, p.name AS project_name,
       a.id AS audit_id, a.created_at, a.action, a.table_name, a.record_id, a.actor_user_id,
       u.username AS actor_username, a.changed_columns, a.old_data, a.new_data, a.metadata
  FROM officeauto.audit_logs a
  JOIN officeauto.projects p
    ON p.organization_id = a.organization_id
   AND ((a.table_name = 'officeauto.projects' AND a.row_pk ->> 'id' = p.id::text)
        OR coalesce(a.new_data, a.old_data) ->> 'project_id' = p.id::text)
  LEFT JOIN officeauto.users u ON u.id = a.actor_user_id;
COMMENT ON VIEW officeauto.audit_trail_by_project IS 'Audit rows of each project: changes to the project row and to rows carrying its project_id.';

CREATE VIEW officeauto.pending_documents WITH (security_invoker = true) AS
SELECT i.id, i.public_id, i.organization_id, i.project_id, p.name AS project_name, i.original_name,
       i.mime_type, i.s3_key, i.checksum_sha256, i.size_bytes, i.status, i.uploaded_by,
       u.full_name AS uploaded_by_name, i.received_at, now() - i.received_at AS waiting_for, i.notes
  FROM officeauto.documents_ingest i
  LEFT JOIN officeauto.projects p ON p.id = i.project_id
  LEFT JOIN officeauto.users u ON u.id = i.uploaded_by
 WHERE i.status IN ('pending', 'validated');
COMMENT ON VIEW officeauto.pending_documents IS 'Staged uploads not yet promoted or rejected (status pending or validated), oldest wait first when ordered by received_at.';

CREATE VIEW officeauto.rejected_documents WITH (security_invoker = true) AS
SELECT i.id, i.public_id, i.organization_id, i.project_id, p.name AS project_name, i.original_name,
       i.mime_type, i.s3_key, i.checksum_sha256, i.size_bytes, i.rejection_reason, i.uploaded_by,
       u.full_name AS uploaded_by_name, i.received_at, i.processed_at, i.notes
  FROM officeauto.documents_ingest i
  LEFT JOIN officeauto.projects p ON p.id = i.project_id
  LEFT JOIN officeauto.users u ON u.id = i.uploaded_by
 WHERE i.status = 'rejected';
COMMENT ON VIEW officeauto.rejected_documents IS 'Staged uploads rejected at validation, with the reason.';

CREATE VIEW officeauto.inbox WITH (security_invoker = true) AS
SELECT c.id, c.public_id, c.organization_id, c.user_id, c.from_user_id, f.full_name AS from_user_name,
       CASE WHEN c.task_id IS NOT NULL THEN 'task'
            WHEN c.document_id IS NOT NULL THEN 'document'
            ELSE 'change_request' END AS item_type,
       coalesce(t.title, d.title, cr.title) AS subject,
       coalesce(t.public_id, d.public_id, cr.public_id) AS item_public_id,
       c.action_required, c.note, c.due_at, c.parent_id,
       CASE WHEN c.acted_at IS NOT NULL THEN 'done' WHEN c.read_at IS NOT NULL THEN 'read' ELSE 'unread' END AS state,
       c.due_at IS NOT NULL AND c.due_at < now() AND c.acted_at IS NULL AS is_overdue,
       c.read_at, c.acted_at, c.created_at
  FROM officeauto.cartable c
  LEFT JOIN officeauto.users f ON f.id = c.from_user_id
  LEFT JOIN officeauto.tasks t ON t.id = c.task_id
  LEFT JOIN officeauto.documents d ON d.id = c.document_id
  LEFT JOIN officeauto.change_requests cr ON cr.id = c.change_request_id
 WHERE c.archived_at IS NULL;
COMMENT ON VIEW officeauto.inbox IS 'The cartable as an inbox: each user''s unarchived items with subject, sender, note, state (unread/read/done) and overdue flag.';

CREATE VIEW officeauto.inbox_summary WITH (security_invoker = true) AS
SELECT c.organization_id, c.user_id, u.full_name AS user_name,
       count(*) AS open_items,
       count(*) FILTER (WHERE c.read_at IS NULL) AS unread_items,
       count(*) FILTER (WHERE c.acted_at IS NULL AND c.due_at IS NOT NULL
                          AND c.due_at < date_trunc('day', now()) + interval '1 day') AS due_items,
       count(*) FILTER (WHERE c.acted_at IS NULL AND c.due_at < now()) AS overdue_items,
       max(c.created_at) AS last_item_at
  FROM officeauto.cartable c
  JOIN officeauto.users u ON u.id = c.user_id
 WHERE c.archived_at IS NULL
 GROUP BY c.organization_id, c.user_id, u.full_name;
COMMENT ON VIEW officeauto.inbox_summary IS 'Per user: open, unread, due (by end of today) and overdue cartable items.';

CREATE VIEW officeauto.session_monitoring WITH (security_invoker = true) AS
SELECT s.id, s.public_id, s.organization_id, s.user_id, u.username, s.client_type, s.ip_address, s.user_agent,
       s.created_at, s.last_activity_at, s.expires_at,
       now() - s.last_activity_at AS idle_for,
       CASE WHEN s.last_activity_at < now() - interval '15 minutes' THEN 'idle' ELSE 'active' END AS state
  FROM officeauto.user_sessions s
  JOIN officeauto.users u ON u.id = s.user_id
 WHERE s.revoked_at IS NULL AND s.expires_at > now();
COMMENT ON VIEW officeauto.session_monitoring IS 'Unexpired, unrevoked sessions with user, client and idle time; state is idle after 15 minutes without activity, else active.';

-- Dashboard statistics. Materialized views cannot carry row-level security, so they are
-- readable by officeauto_admin only; applications read them through the tenant-filtered views
-- user_dashboard and project_dashboard. Refreshed CONCURRENTLY (unique indexes) by
-- maintain_database() or REFRESH MATERIALIZED VIEW CONCURRENTLY.
CREATE MATERIALIZED VIEW officeauto.user_dashboard_stats AS
SELECT u.id AS user_id, u.organization_id, u.username, u.full_name,
       (SELECT count(*) FROM officeauto.tasks t WHERE t.assignee_id = u.id AND t.deleted_at IS NULL
           AND t.status IN ('pending', 'in_progress', 'on_hold')) AS open_tasks,
       (SELECT count(*) FROM officeauto.tasks t WHERE t.assignee_id = u.id AND t.deleted_at IS NULL
           AND t.status IN ('pending', 'in_progress', 'on_hold') AND t.due_date < current_date) AS overdue_tasks,
       (SELECT count(*) FROM officeauto.tasks t WHERE t.assignee_id = u.id AND t.deleted_at IS NULL
           AND t.status = 'completed' AND t.completed_at > now() - interval '30 days') AS completed_tasks_30d,
       (SELECT count(*) FROM officeauto.cartable c WHERE c.user_id = u.id AND c.archived_at IS NULL
           AND c.read_at IS NULL) AS unread_inbox_items,
       (SELECT count(*) FROM officeauto.notifications n WHERE n.recipient_id = u.id AND n.read_at IS NULL
           AND (n.expires_at IS NULL OR n.expires_at > now())) AS unread_notifications,
       (SELECT count(*) FROM officeauto.events e WHERE e.organizer_id = u.id AND e.deleted_at IS NULL
           AND e.status <> 'cancelled' AND e.start_time BETWEEN now() AND now() + interval '7 days') AS events_next_7d,
       now() AS refreshed_at
  FROM officeauto.users u
 WHERE u.deleted_at IS NULL;
CREATE UNIQUE INDEX user_dashboard_stats_user_key ON officeauto.user_dashboard_stats (user_id);
CREATE INDEX user_dashboard_stats_org_idx ON officeauto.user_dashboard_stats (organization_id);
COMMENT ON MATERIALIZED VIEW officeauto.user_dashboard_stats IS 'Per-user dashboard counters (open/overdue/recently completed tasks, unread inbox and notifications, upcoming events). All tenants: officeauto_admin only; applications use user_dashboard.';

CREATE MATERIALIZED VIEW officeauto.project_stats AS
SELECT p.id AS project_id, p.organization_id, p.code, p.name, p.status,
       count(t.id) AS task_count,
       count(t.id) FILTER (WHERE t.status IN ('pending', 'in_progress', 'on_hold')) AS open_tasks,
       count(t.id) FILTER (WHERE t.status = 'completed') AS completed_tasks,
       count(t.id) FILTER (WHERE t.status IN ('pending', 'in_progress', 'on_hold') AND t.due_date < current_date) AS overdue_tasks,
       (SELECT count(*) FROM officeauto.documents d WHERE d.project_id = p.id AND d.deleted_at IS NULL) AS document_count,
       (SELECT count(*) FROM officeauto.change_requests cr WHERE cr.project_id = p.id AND cr.deleted_at IS NULL
           AND cr.status IN ('draft', 'submitted', 'under_review')) AS open_change_requests,
       (SELECT count(*) FROM officeauto.test_cases tc WHERE tc.project_id = p.id AND tc.deleted_at IS NULL) AS test_case_count,
       (SELECT round(100.0 * count(*) FILTER (WHERE te.result = 'passed') / nullif(count(*), 0), 1)
          FROM officeauto.test_executions te JOIN officeauto.test_cases tc ON tc.id = te.test_case_id
         WHERE tc.project_id = p.id) AS test_pass_rate,
       (SELECT count(*) FROM officeauto.project_members pm WHERE pm.project_id = p.id AND pm.is_active) AS member_count,
       now() AS refreshed_at
  FROM officeauto.projects p
  LEFT JOIN officeauto.tasks t ON t.project_id = p.id AND t.deleted_at IS NULL
 WHERE p.deleted_at IS NULL
 GROUP BY p.id;
CREATE UNIQUE INDEX project_stats_project_key ON officeauto.project_stats (project_id);
CREATE INDEX project_stats_org_idx ON officeauto.project_stats (organization_id);
COMMENT ON MATERIALIZED VIEW officeauto.project_stats IS 'Per-project counters (tasks by state, documents, open change requests, test cases and pass rate, members). All tenants: officeauto_admin only; applications use project_dashboard.';

-- Owner's-rights views (not security_invoker: they read the materialized views on the caller's
-- behalf), filtered to the caller's organization; security_barrier keeps a caller's functions
-- from seeing rows before the filter.
CREATE VIEW officeauto.user_dashboard WITH (security_barrier = true) AS
SELECT * FROM officeauto.user_dashboard_stats
 WHERE organization_id = ANY ((SELECT officeauto._readable_organizations())::bigint[]);
COMMENT ON VIEW officeauto.user_dashboard IS 'user_dashboard_stats restricted to the caller''s organization (a reporting login: the organizations granted to it).';

CREATE VIEW officeauto.project_dashboard WITH (security_barrier = true) AS
SELECT * FROM officeauto.project_stats
 WHERE organization_id = ANY ((SELECT officeauto._readable_organizations())::bigint[])
   AND ((SELECT officeauto._may_all('PROJECT', 'READ'))
        OR project_id = ANY ((SELECT officeauto._may_projects('PROJECT', 'READ'))::bigint[]));
COMMENT ON VIEW officeauto.project_dashboard IS 'project_stats restricted to the projects the caller may read (PROJECT READ) in their organization.';

-- Grants: least privilege per role (see README, "Roles").
GRANT USAGE ON SCHEMA officeauto TO officeauto_app, officeauto_readonly, officeauto_admin;
SELECT officeauto._grant_table(t::regclass, app, ro, secrets)
  FROM (VALUES
    ('officeauto.organizations', 'read', true, '{}'::text[]),
    ('officeauto.users', 'crud', true, '{password_hash}'),
    ('officeauto.roles', 'crud', true, '{}'),
    ('officeauto.permissions', 'read', true, '{}'),
    ('officeauto.role_permissions', 'crud', true, '{}'),
    ('officeauto.user_roles', 'crud', true, '{}'),
    ('officeauto.email_verifications', 'read', false, '{token_digest}'),
    ('officeauto.user_sessions', 'read', true, '{token_digest}'),
    ('officeauto.refresh_tokens', 'read', false, '{token_digest}'),
    ('officeauto.captcha_attempts', 'none', false, '{}'),
    ('officeauto.failed_login_attempts', 'none', false, '{}'),
    ('officeauto.audit_logs', 'read', true, '{}'),
    ('officeauto.audit_logs_archive', 'read', true, '{}'),
    ('officeauto.audit_logs_default', 'none', false, '{}'),
    ('officeauto.audit_logs_archive_default', 'none', false, '{}'),
    ('officeauto.projects', 'crud', true, '{}'),
    ('officeauto.access_role_reference', 'read', true, '{}'),
    ('officeauto.project_members', 'crud', true, '{}'),
    ('officeauto.tag_reference', 'crud', true, '{}'),
    ('officeauto.project_tags', 'crud', true, '{}'),
    ('officeauto.change_requests', 'crud', true, '{}'),
    ('officeauto.change_request_impacts', 'crud', true, '{}'),
    ('officeauto.change_request_approvals', 'crud', true, '{}'),
    ('officeauto.clients', 'crud', true, '{}'),
    -- The app may store ciphertexts but not read them back: reveal goes through functions.
    ('officeauto.credentials', 'crud', true, '{encrypted_value}'),
    ('officeauto.credential_audit_logs', 'read', true, '{}'),
    ('officeauto.tasks', 'crud', true, '{}'),
    ('officeauto.task_time_entries', 'crud', true, '{}'),
    ('officeauto.messages', 'crud', true, '{}'),
    ('officeauto.calendar_resources', 'crud', true, '{}'),
    ('officeauto.events', 'crud', true, '{}'),
    ('officeauto.lots', 'crud', true, '{}'),
    ('officeauto.shortcuts', 'crud', true, '{}'),
    ('officeauto.filetype_reference', 'read', true, '{}'),
    ('officeauto.storage_reference', 'crud', true, '{}'),
    ('officeauto.files', 'crud', true, '{}'),
    ('officeauto.file_versions', 'crud', true, '{}'),
    ('officeauto.documents', 'crud', true, '{}'),
    ('officeauto.document_versions', 'crud', true, '{}'),
    ('officeauto.document_relations', 'crud', true, '{}'),
    ('officeauto.documents_ingest', 'crud', true, '{}'),
    ('officeauto.test_cases', 'crud', true, '{}'),
    ('officeauto.test_executions', 'crud', true, '{}'),
    ('officeauto.test_executions_default', 'none', false, '{}'),
    ('officeauto.test_case_relations', 'crud', true, '{}'),
    ('officeauto.cartable', 'crud', true, '{}'),
    ('officeauto.comments', 'crud', true, '{}'),
    ('officeauto.notifications', 'crud', true, '{}'),
    ('officeauto.notifications_default', 'none', false, '{}'),
    ('officeauto.schema_version', 'read', true, '{}')
  ) AS g(t, app, ro, secrets);
GRANT SELECT ON officeauto.user_dashboard_stats, officeauto.project_stats TO officeauto_admin;
GRANT SELECT ON officeauto.active_users, officeauto.recent_messages, officeauto.pending_events,
                officeauto.client_overview, officeauto.task_overview, officeauto.credential_audit_summary,
                officeauto.onboarding_project_summary, officeauto.active_documents,
                officeauto.audit_trail_by_project, officeauto.pending_documents, officeauto.rejected_documents,
                officeauto.inbox, officeauto.inbox_summary, officeauto.session_monitoring,
                officeauto.user_dashboard, officeauto.project_dashboard
   TO officeauto_app, officeauto_readonly, officeauto_admin;
