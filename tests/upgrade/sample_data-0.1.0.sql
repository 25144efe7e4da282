-- Sample data for the demo and the SQL tests: two organizations with users, RBAC, projects,
-- clients, tasks in every urgency class, documents, events, messages, an inbox and an audit
-- trail, so that every view returns rows. Loaded by a superuser (row-level security does not
-- apply to superusers); rows are looked up by natural keys because ids are generated.
-- Passwords: each demo account's password is 'demo-' followed by its username (argon2id).
\set ON_ERROR_STOP on
BEGIN;
SET LOCAL search_path = officeauto, pg_catalog;

INSERT INTO organizations (name, slug, plan) VALUES
    ('Acme Engineering', 'acme', 'enterprise'),
    ('Globex Consulting', 'globex', 'standard');

INSERT INTO users (organization_id, username, email, full_name, password_hash, status,
                   email_verified_at, last_login_at, timezone)
SELECT o.id, u.username, u.username || '@' || o.slug || '.example', u.full_name,
       officeauto.hash_password('demo-' || u.username), u.status,
       now() - interval '90 days', now() - u.last_login, u.tz
  FROM (VALUES
    ('acme', 'alice', 'Alice Martin', 'active', interval '1 hour', 'Europe/Paris'),
    ('acme', 'bob', 'Bob Chen', 'active', interval '3 hours', 'Asia/Shanghai'),
    ('acme', 'carol', 'Carol Diaz', 'active', interval '1 day', 'America/Mexico_City'),
    ('acme', 'dariush', 'Dariush Karimi', 'active', interval '2 days', 'Asia/Tehran'),
    ('acme', 'emma', 'Emma Schulz', 'active', interval '5 days', 'Europe/Berlin'),
    ('acme', 'farid', 'Farid Haddad', 'active', interval '20 days', 'Asia/Dubai'),
    ('acme', 'grace', 'Grace Okafor', 'active', interval '6 hours', 'Africa/Lagos'),
    ('acme', 'hiro', 'Hiro Tanaka', 'active', interval '40 days', 'Asia/Tokyo'),
    ('acme', 'ines', 'Ines Costa', 'inactive', interval '200 days', 'Europe/Lisbon'),
    ('acme', 'jamal', 'Jamal Wright', 'active', interval '2 hours', 'America/New_York'),
    ('acme', 'kira', 'Kira Ivanova', 'suspended', interval '60 days', 'Europe/Sofia'),
    ('acme', 'leila', 'Leila Ahmadi', 'active', interval '30 minutes', 'Asia/Tehran'),
    ('globex', 'maria', 'Maria Rossi', 'active', interval '4 hours', 'Europe/Rome'),
    ('globex', 'nikolai', 'Nikolai Petrov', 'active', interval '1 day', 'Europe/Moscow'),
    ('globex', 'olivia', 'Olivia Brown', 'active', interval '3 days', 'Europe/London'),
    ('globex', 'pedro', 'Pedro Alves', 'active', interval '10 days', 'America/Sao_Paulo'),
    ('globex', 'quinn', 'Quinn Taylor', 'active', interval '12 hours', 'Australia/Sydney'),
    ('globex', 'rania', 'Rania Nasser', 'active', interval '6 days', 'Asia/Beirut'),
    ('globex', 'sven', 'Sven Larsen', 'inactive', interval '120 days', 'Europe/Oslo'),
    ('globex', 'tomoko', 'Tomoko Sato', 'active', interval '2 hours', 'Asia/Tokyo')
  ) AS u(org, username, full_name, status, last_login, tz)
  JOIN organizations o ON o.slug = u.org;

INSERT INTO roles (organization_id, name, description, is_system)
SELECT o.id, r.name, r.description, true
  FROM organizations o,
       (VALUES ('admin', 'Administers the organization'),
               ('manager', 'Manages projects and approves changes'),
               ('member', 'Works on tasks and documents'),
               ('auditor', 'Reads audit trails and reports')) AS r(name, description);

INSERT INTO role_permissions (organization_id, role_id, permission_id)
SELECT r.organization_id, r.id, p.id
  FROM roles r JOIN permissions p ON
       (r.name = 'admin' AND p.scope = 'GLOBAL')
    OR (r.name = 'manager' AND p.scope = 'PROJECT')
    OR (r.name = 'member' AND p.scope = 'SELF' AND p.action <> 'APPROVE')
    OR (r.name = 'auditor' AND p.scope = 'GLOBAL' AND p.action = 'READ');

INSERT INTO user_roles (organization_id, user_id, role_id)
SELECT u.organization_id, u.id, r.id
  FROM users u JOIN roles r ON r.organization_id = u.organization_id
   AND r.name = CASE WHEN u.username IN ('alice', 'maria') THEN 'admin'
                     WHEN u.username IN ('bob', 'dariush', 'nikolai') THEN 'manager'
                     WHEN u.username IN ('farid') THEN 'auditor'
                     ELSE 'member' END;

INSERT INTO projects (organization_id, code, name, description, status, manager_id, start_date, end_date, created_by)
SELECT o.id, p.code, p.name, p.description, p.status, m.id, current_date + p.start_offset,
       current_date + p.end_offset, m.id
  FROM (VALUES
    ('acme', 'ERP', 'ERP rollout', 'Replace the legacy ERP with the new suite', 'active', 'bob', -120, 90),
    ('acme', 'PORTAL', 'Customer portal', 'Self-service portal for clients', 'active', 'dariush', -30, 150),
    ('acme', 'ONBOARD', 'Onboarding kit', 'Documents and checklists for new staff', 'planning', 'alice', 10, 60),
    ('globex', 'AUDIT-26', 'Audit readiness 2026', 'Evidence collection for the annual audit', 'active', 'nikolai', -60, 45),
    ('globex', 'CRM', 'CRM migration', 'Move the client book to the new CRM', 'on_hold', 'maria', -200, 30)
  ) AS p(org, code, name, description, status, manager, start_offset, end_offset)
  JOIN organizations o ON o.slug = p.org
  JOIN users m ON m.organization_id = o.id AND m.username = p.manager;
UPDATE projects c SET parent_id = p.id FROM projects p WHERE c.code = 'PORTAL' AND p.code = 'ERP';

INSERT INTO project_members (organization_id, project_id, user_id, access_role_id)
SELECT p.organization_id, p.id, u.id,
       (SELECT id FROM access_role_reference
         WHERE code = CASE WHEN u.id = p.manager_id THEN 'manager'
                           WHEN u.username IN ('hiro', 'farid') THEN 'viewer' ELSE 'contributor' END)
  FROM projects p JOIN users u ON u.organization_id = p.organization_id
 WHERE u.status = 'active' AND (u.id = p.manager_id OR (u.id + p.id) % 3 <> 0);

INSERT INTO tag_reference (organization_id, name, category, color)
SELECT o.id, t.name, t.category, t.color
  FROM organizations o,
       (VALUES ('finance', 'domain', '#1f77b4'), ('customer-facing', 'domain', '#ff7f0e'),
               ('compliance', 'domain', '#2ca02c'), ('q4', 'schedule', '#d62728'),
               ('internal', 'domain', '#9467bd')) AS t(name, category, color);
INSERT INTO project_tags (organization_id, project_id, tag_id)
SELECT p.organization_id, p.id, t.id
  FROM projects p JOIN tag_reference t ON t.organization_id = p.organization_id
 WHERE (p.code, t.name) IN (('ERP', 'finance'), ('ERP', 'q4'), ('PORTAL', 'customer-facing'),
                            ('ONBOARD', 'internal'), ('AUDIT-26', 'compliance'), ('AUDIT-26', 'q4'),
                            ('CRM', 'customer-facing'));

INSERT INTO clients (organization_id, name, company, email, phone, status, tags, timezone, website_url, owner_user_id, notes)
SELECT o.id, c.name, c.company, c.email, c.phone, c.status, c.tags, c.tz, c.url, u.id, c.notes
  FROM (VALUES
    ('acme', 'Nadia Farouk', 'Nile Logistics', 'nadia@nile-logistics.example', '+20 2 555 0101', 'active',
     ARRAY['Enterprise', 'logistics ', 'high-value'], 'Africa/Cairo', 'https://nile-logistics.example', 'carol', 'Renewal in Q1'),
    ('acme', 'Tom Becker', 'Becker GmbH', 'tom@becker.example', '+49 30 555 0102', 'active',
     ARRAY['enterprise', 'manufacturing'], 'Europe/Berlin', 'https://becker.example', 'emma', NULL),
    ('acme', 'Sara Lindqvist', 'Nordic Retail AB', 'sara@nordicretail.example', '+46 8 555 0103', 'prospect',
     ARRAY['retail', 'smb'], 'Europe/Stockholm', 'https://nordicretail.example', 'carol', 'Met at the trade fair'),
    ('acme', 'Reza Tehrani', 'Persepolis Trading', 'reza@persepolis.example', '+98 21 555 0104', 'active',
     ARRAY['high-value', 'Trading'], 'Asia/Tehran', 'https://persepolis.example', 'leila', NULL),
    ('acme', 'Ana Souza', 'Souza & Filhos', 'ana@souza.example', '+55 11 555 0105', 'inactive',
     ARRAY['smb'], 'America/Sao_Paulo', NULL, 'jamal', 'Paused after the merger'),
    ('acme', 'Old Account', 'Legacy Corp', NULL, NULL, 'archived', '{}', 'UTC', NULL, NULL, NULL),
    ('globex', 'Helen Park', 'Park Holdings', 'helen@parkholdings.example', '+82 2 555 0201', 'active',
     ARRAY['enterprise', 'finance'], 'Asia/Seoul', 'https://parkholdings.example', 'olivia', NULL),
    ('globex', 'Luca Bianchi', 'Bianchi Design', 'luca@bianchi.example', '+39 02 555 0202', 'prospect',
     ARRAY['design', 'smb'], 'Europe/Rome', 'https://bianchi.example', 'maria', NULL),
    ('globex', 'Ravi Menon', 'Menon Pharma', 'ravi@menonpharma.example', '+91 22 555 0203', 'active',
     ARRAY['enterprise', 'pharma', 'high-value'], 'Asia/Kolkata', 'https://menonpharma.example', 'quinn', 'Regulated: audit trail required')
  ) AS c(org, name, company, email, phone, status, tags, tz, url, owner, notes)
  JOIN organizations o ON o.slug = c.org
  LEFT JOIN users u ON u.organization_id = o.id AND u.username = c.owner;

-- Secrets are encrypted with the server's key (officeauto.master_key_file); the row trigger binds
-- each ciphertext to its row. Demo secrets only.
INSERT INTO credentials (organization_id, client_id, label, username, encrypted_value, url, created_by)
SELECT c.organization_id, c.id, x.label, x.username,
       encrypt_credential_value('demo-' || lower(replace(x.label, ' ', '-')) || '-secret'), x.url, c.owner_user_id
  FROM clients c
  JOIN (VALUES ('Nile Logistics', 'WordPress admin', 'admin', 'https://nile-logistics.example/wp-admin'),
               ('Nile Logistics', 'SFTP drop', 'acme-sync', NULL),
               ('Becker GmbH', 'ERP API', 'api-acme', 'https://erp.becker.example'),
               ('Persepolis Trading', 'Mail server', 'postmaster', NULL),
               ('Park Holdings', 'Reporting portal', 'globex', 'https://reports.parkholdings.example'),
               ('Menon Pharma', 'LIMS', 'globex-qa', 'https://lims.menonpharma.example')
       ) AS x(company, label, username, url) ON x.company = c.company;

INSERT INTO credential_audit_logs (organization_id, credential_id, credential_public_id, user_id, action, ip_address, user_agent, created_at)
SELECT cr.organization_id, cr.id, cr.public_id, u.id, a.action, a.ip::inet, 'Mozilla/5.0 (demo)', now() - a.ago
  FROM credentials cr
  JOIN users u ON u.organization_id = cr.organization_id AND u.id = cr.created_by
  CROSS JOIN (VALUES ('view', '10.0.0.11', interval '2 days'),
                     ('decrypt', '10.0.0.12', interval '5 hours')) AS a(action, ip, ago);

INSERT INTO change_requests (organization_id, project_id, title, description, reason, status, priority,
                             requested_by, assignee_id, submitted_at, decided_at, target_date)
SELECT p.organization_id, p.id, x.title, x.title || ' (details in the attached analysis)', x.reason, x.status, x.priority,
       r.id, a.id, now() - interval '10 days',
       CASE WHEN x.status IN ('approved', 'rejected') THEN now() - interval '2 days' END, current_date + 30
  FROM (VALUES ('ERP', 'Add multi-currency invoicing', 'Two new subsidiaries bill in EUR', 'under_review', 'high', 'carol', 'bob'),
               ('ERP', 'Drop the legacy fax export', 'Nobody has used it since 2021', 'approved', 'low', 'bob', 'emma'),
               ('PORTAL', 'Single sign-on with client IdPs', 'Requested by three enterprise clients', 'submitted', 'urgent', 'dariush', 'jamal'),
               ('AUDIT-26', 'Extend evidence retention to 7 years', 'New regulator guidance', 'rejected', 'medium', 'olivia', 'nikolai')
       ) AS x(code, title, reason, status, priority, requester, assignee)
  JOIN projects p ON p.code = x.code
  JOIN users r ON r.organization_id = p.organization_id AND r.username = x.requester
  JOIN users a ON a.organization_id = p.organization_id AND a.username = x.assignee;

INSERT INTO change_request_impacts (organization_id, change_request_id, area, severity, description, estimated_hours)
SELECT cr.organization_id, cr.id, i.area, i.severity, i.description, i.hours
  FROM change_requests cr
  CROSS JOIN (VALUES ('schedule', 'medium', 'Two extra sprints', 160), ('cost', 'low', 'License add-on', NULL),
                     ('risk', 'high', 'Touches the billing core', 24)) AS i(area, severity, description, hours)
 WHERE cr.title IN ('Add multi-currency invoicing', 'Single sign-on with client IdPs');

INSERT INTO change_request_approvals (organization_id, change_request_id, approver_id, is_required, decision, decided_at, comment)
SELECT cr.organization_id, cr.id, u.id, true,
       CASE cr.status WHEN 'approved' THEN 'approved' WHEN 'rejected' THEN 'rejected' ELSE 'pending' END,
       CASE WHEN cr.status IN ('approved', 'rejected') THEN cr.decided_at END,
       CASE cr.status WHEN 'rejected' THEN 'Retention is set by group policy' END
  FROM change_requests cr
  JOIN users u ON u.organization_id = cr.organization_id AND u.username IN ('alice', 'bob', 'maria');

-- Tasks: every urgency class (overdue, due today, due soon, normal) and every status.
INSERT INTO tasks (organization_id, project_id, client_id, title, description, status, priority, start_date,
                   due_date, completed_at, assignee_id, created_by, estimated_hours, tags)
SELECT o.id, p.id, c.id, t.title, 'Demo task: ' || t.title, t.status, t.priority, current_date + t.due - 7,
       current_date + t.due, CASE WHEN t.status = 'completed' THEN now() - interval '1 day' END,
       a.id, cb.id, t.hours, t.tags
  FROM (VALUES
    ('acme', 'ERP', NULL, 'Migrate chart of accounts', 'in_progress', 'high', -3, 'bob', 12.0, ARRAY['finance']),
    ('acme', 'ERP', NULL, 'Reconcile opening balances', 'pending', 'urgent', -1, 'emma', 8.0, ARRAY['finance', 'q4']),
    ('acme', 'ERP', NULL, 'Train accounts payable team', 'pending', 'medium', 0, 'carol', 6.0, '{}'),
    ('acme', 'ERP', NULL, 'Freeze legacy ledger', 'on_hold', 'high', 2, 'bob', 2.0, '{}'),
    ('acme', 'ERP', NULL, 'Set up payroll interface', 'pending', 'medium', 20, 'jamal', 16.0, '{}'),
    ('acme', 'ERP', NULL, 'Vendor master data cleanup', 'completed', 'medium', -10, 'emma', 10.0, '{}'),
    ('acme', 'PORTAL', 'Nile Logistics', 'Collect portal requirements', 'completed', 'high', -20, 'dariush', 6.0, '{}'),
    ('acme', 'PORTAL', 'Nile Logistics', 'Design login page', 'in_progress', 'medium', 1, 'leila', 5.0, ARRAY['ux']),
    ('acme', 'PORTAL', 'Becker GmbH', 'Integrate Becker ERP API', 'pending', 'high', 3, 'jamal', 24.0, '{}'),
    ('acme', 'PORTAL', NULL, 'Penetration test', 'pending', 'urgent', 14, 'grace', 16.0, ARRAY['security']),
    ('acme', NULL, 'Nordic Retail AB', 'Send proposal to Nordic Retail', 'pending', 'high', -2, 'carol', 3.0, '{}'),
    ('acme', NULL, 'Persepolis Trading', 'Quarterly review call', 'pending', 'medium', 0, 'leila', 1.0, '{}'),
    ('acme', NULL, 'Souza & Filhos', 'Close dormant account', 'cancelled', 'low', -5, 'jamal', NULL, '{}'),
    ('acme', 'ONBOARD', NULL, 'Write welcome guide', 'pending', 'low', 30, 'alice', 4.0, '{}'),
    ('acme', NULL, NULL, 'Renew office lease', 'pending', 'medium', 45, 'alice', NULL, '{}'),
    ('globex', 'AUDIT-26', NULL, 'Export access reviews', 'in_progress', 'high', -4, 'olivia', 5.0, ARRAY['compliance']),
    ('globex', 'AUDIT-26', NULL, 'Sample 25 change tickets', 'pending', 'high', 0, 'pedro', 6.0, '{}'),
    ('globex', 'AUDIT-26', 'Menon Pharma', 'Validate LIMS audit trail', 'pending', 'urgent', 2, 'quinn', 8.0, '{}'),
    ('globex', 'CRM', 'Park Holdings', 'Map custom fields', 'on_hold', 'medium', 25, 'tomoko', 12.0, '{}'),
    ('globex', NULL, 'Bianchi Design', 'Prepare design workshop', 'pending', 'medium', 9, 'rania', 4.0, '{}'),
    ('globex', NULL, 'Park Holdings', 'Send signed contract', 'completed', 'high', -3, 'maria', 1.0, '{}')
  ) AS t(org, code, client_company, title, status, priority, due, assignee, hours, tags)
  JOIN organizations o ON o.slug = t.org
  LEFT JOIN projects p ON p.organization_id = o.id AND p.code = t.code
  LEFT JOIN clients c ON c.organization_id = o.id AND c.company = t.client_company
  JOIN users a ON a.organization_id = o.id AND a.username = t.assignee
  JOIN users cb ON cb.organization_id = o.id AND cb.username IN ('alice', 'maria');

INSERT INTO tasks (organization_id, parent_id, project_id, title, status, priority, due_date, assignee_id)
SELECT t.organization_id, t.id, t.project_id, s.title, 'pending', t.priority, t.due_date, t.assignee_id
  FROM tasks t
  CROSS JOIN (VALUES ('Extract accounts from legacy'), ('Map account codes')) AS s(title)
 WHERE t.title = 'Migrate chart of accounts';

INSERT INTO task_time_entries (organization_id, task_id, user_id, started_at, ended_at, note)
SELECT t.organization_id, t.id, t.assignee_id, now() - interval '1 day' - d.h, now() - interval '1 day' - d.h + interval '90 minutes', 'Working session'
  FROM tasks t CROSS JOIN (VALUES (interval '0 hours'), (interval '4 hours')) AS d(h)
 WHERE t.status IN ('in_progress', 'completed') AND t.assignee_id IS NOT NULL;
UPDATE tasks t SET spent_minutes = s.m
  FROM (SELECT task_id, sum(extract(epoch FROM ended_at - started_at) / 60)::int AS m
          FROM task_time_entries GROUP BY task_id) s
 WHERE s.task_id = t.id;

INSERT INTO messages (organization_id, sender_id, recipient_id, conversation_id, body, is_read, read_at, created_at)
SELECT o.id, s.id, r.id, m.conv, m.body, m.read, CASE WHEN m.read THEN now() - m.ago + interval '5 minutes' END, now() - m.ago
  FROM (VALUES
    ('acme', 'alice', 'bob', 'erp-cutover', 'Can we move the cutover to Monday?', true, interval '3 hours'),
    ('acme', 'bob', 'alice', 'erp-cutover', 'Monday works, I will tell finance.', false, interval '2 hours'),
    ('acme', 'carol', 'leila', NULL, 'Nadia asked about the renewal discount.', false, interval '40 minutes'),
    ('acme', 'dariush', NULL, 'portal-team', 'Stand-up moved to 10:30 today.', false, interval '20 minutes'),
    ('acme', 'emma', 'jamal', NULL, 'Old thread about the vendor cleanup.', true, interval '3 days'),
    ('globex', 'maria', 'nikolai', 'audit', 'The auditors arrive on the 3rd.', false, interval '5 hours'),
    ('globex', 'olivia', 'maria', 'audit', 'Access review export attached.', true, interval '1 hour')
  ) AS m(org, sender, recipient, conv, body, read, ago)
  JOIN organizations o ON o.slug = m.org
  JOIN users s ON s.organization_id = o.id AND s.username = m.sender
  LEFT JOIN users r ON r.organization_id = o.id AND r.username = m.recipient;

INSERT INTO calendar_resources (organization_id, name, kind, capacity, location)
SELECT o.id, r.name, r.kind, r.capacity, r.location
  FROM (VALUES ('acme', 'Boardroom', 'room', 12, 'HQ 3rd floor'), ('acme', 'Projector A', 'equipment', NULL, 'HQ store'),
               ('acme', 'Huddle 1', 'room', 4, 'HQ 2nd floor'), ('globex', 'Main meeting room', 'room', 8, 'Milan office')
       ) AS r(org, name, kind, capacity, location)
  JOIN organizations o ON o.slug = r.org;

INSERT INTO events (organization_id, organizer_id, resource_id, title, description, start_time, end_time, location, attendees, status)
SELECT o.id, u.id, r.id, e.title, e.title || ' (demo)', date_trunc('hour', now()) + e.starts, date_trunc('hour', now()) + e.starts + e.len,
       coalesce(r.location, 'Online'), e.attendees, e.status
  FROM (VALUES
    ('acme', 'bob', 'Boardroom', 'ERP steering committee', interval '1 day', interval '1 hour', ARRAY['alice@acme.example', 'emma@acme.example'], 'confirmed'),
    ('acme', 'dariush', 'Huddle 1', 'Portal design review', interval '2 days 2 hours', interval '45 minutes', ARRAY['leila@acme.example'], 'confirmed'),
    ('acme', 'alice', 'Boardroom', 'Quarterly all-hands', interval '6 days', interval '2 hours', ARRAY['all@acme.example'], 'tentative'),
    ('acme', 'carol', NULL, 'Call with Nordic Retail', interval '3 hours', interval '30 minutes', ARRAY['sara@nordicretail.example'], 'confirmed'),
    ('acme', 'emma', 'Boardroom', 'Vendor cleanup retro', interval '-3 days', interval '1 hour', ARRAY['jamal@acme.example'], 'confirmed'),
    ('acme', 'jamal', 'Projector A', 'Client demo (cancelled)', interval '1 day', interval '1 hour', '{}', 'cancelled'),
    ('globex', 'nikolai', 'Main meeting room', 'Audit kick-off', interval '4 days', interval '90 minutes', ARRAY['maria@globex.example', 'olivia@globex.example'], 'confirmed'),
    ('globex', 'rania', NULL, 'Design workshop prep', interval '8 days', interval '1 hour', ARRAY['luca@bianchi.example'], 'tentative')
  ) AS e(org, organizer, resource, title, starts, len, attendees, status)
  JOIN organizations o ON o.slug = e.org
  JOIN users u ON u.organization_id = o.id AND u.username = e.organizer
  LEFT JOIN calendar_resources r ON r.organization_id = o.id AND r.name = e.resource;

INSERT INTO lots (organization_id, user_id, reference, status, item_count, description, received_at, processed_at)
SELECT o.id, u.id, l.ref, l.status, l.items, l.descr, now() - l.ago,
       CASE WHEN l.status IN ('completed', 'rejected') THEN now() - l.ago + interval '1 day' END
  FROM (VALUES ('acme', 'grace', 'LOT-2026-0141', 'completed', 40, 'Laptops for new hires', interval '12 days'),
               ('acme', 'grace', 'LOT-2026-0142', 'processing', 12, 'Docking stations', interval '2 days'),
               ('acme', 'hiro', 'LOT-2026-0143', 'received', 300, 'Printer paper', interval '3 hours'),
               ('globex', 'pedro', 'GX-0007', 'rejected', 5, 'Damaged monitors', interval '5 days')
       ) AS l(org, username, ref, status, items, descr, ago)
  JOIN organizations o ON o.slug = l.org
  JOIN users u ON u.organization_id = o.id AND u.username = l.username;

INSERT INTO shortcuts (organization_id, user_id, name, icon, action_type, action_data, order_index)
SELECT u.organization_id, u.id, s.name, s.icon, s.kind, s.data::jsonb, s.ord
  FROM users u
  CROSS JOIN (VALUES ('My inbox', 'inbox', 'route', '{"path": "/inbox"}', 0),
                     ('Overdue tasks', 'alarm', 'query', '{"view": "task_overview", "urgency_status": "overdue"}', 1),
                     ('Book a room', 'calendar', 'route', '{"path": "/calendar/new"}', 2)) AS s(name, icon, kind, data, ord)
 WHERE u.username IN ('alice', 'bob', 'maria');

INSERT INTO storage_reference (organization_id, name, provider, bucket, region, endpoint_url, is_default)
SELECT o.id, s.name, s.provider, s.bucket, s.region, s.endpoint, s.dflt
  FROM (VALUES ('acme', 'Primary S3', 's3', 'acme-documents', 'eu-central-1', NULL, true),
               ('acme', 'On-prem MinIO', 'minio', 'archive', NULL, 'https://minio.acme.example:9000', false),
               ('globex', 'Azure blobs', 'azure', 'globexdocs', 'westeurope', NULL, true)
       ) AS s(org, name, provider, bucket, region, endpoint, dflt)
  JOIN organizations o ON o.slug = s.org;

INSERT INTO documents (organization_id, project_id, title, description, content, status, is_template, filetype_id,
                       storage_id, storage_key, checksum_sha256, size_bytes, tags, author_id, uploaded_at)
SELECT p.organization_id, p.id, d.title, d.descr, d.content, d.status, d.tmpl, ft.id, s.id,
       lower(p.code) || '/' || replace(lower(d.title), ' ', '-') || '.' || ft.extension,
       encode(sha256(convert_to(d.title || d.content, 'UTF8')), 'hex'), d.size, d.tags, a.id, now() - d.ago
  FROM (VALUES
    ('ERP', 'ERP cutover plan', 'Step-by-step cutover weekend plan', 'Freeze the legacy ledger, migrate balances, reconcile invoices and payroll before go-live.', 'approved', false, 'application/pdf', 480000, ARRAY['finance', 'plan'], 'bob', interval '20 days'),
    ('ERP', 'Chart of accounts mapping', 'Legacy to new account codes', 'Mapping of every legacy account code to the new chart of accounts, with owners.', 'in_review', false, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 92000, ARRAY['finance'], 'emma', interval '6 days'),
    ('PORTAL', 'Portal requirements', 'Client self-service requirements', 'Clients log in with single sign-on, download invoices, open support tickets and track deliveries.', 'published', false, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 150000, ARRAY['requirements'], 'dariush', interval '15 days'),
    ('PORTAL', 'Security assessment template', 'Template for penetration test reports', 'Scope, method, findings, severity, remediation and retest sections.', 'approved', true, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 40000, ARRAY['security', 'template'], 'grace', interval '40 days'),
    ('ONBOARD', 'Welcome guide draft', 'First-week guide for new staff', 'Your first week: accounts, laptop pickup, payroll enrolment, the inbox and the calendar.', 'draft', false, 'text/markdown', 12000, ARRAY['onboarding'], 'alice', interval '1 day'),
    ('AUDIT-26', 'Access review evidence', 'Quarterly access reviews', 'Evidence that every privileged account was reviewed and approved each quarter.', 'in_review', false, 'application/pdf', 2200000, ARRAY['compliance', 'evidence'], 'olivia', interval '3 days'),
    ('CRM', 'Field mapping', 'CRM custom field mapping', 'Custom fields of the old CRM and their targets, with migration rules for tags.', 'draft', false, 'text/csv', 8000, ARRAY['crm'], 'tomoko', interval '50 days')
  ) AS d(code, title, descr, content, status, tmpl, mime, size, tags, author, ago)
  JOIN projects p ON p.code = d.code
  JOIN filetype_reference ft ON ft.mime_type = d.mime
  LEFT JOIN storage_reference s ON s.organization_id = p.organization_id AND s.is_default
  JOIN users a ON a.organization_id = p.organization_id AND a.username = d.author;

INSERT INTO document_versions (organization_id, document_id, version_number, storage_key, checksum_sha256, size_bytes, change_note, created_by, created_at)
SELECT d.organization_id, d.id, v.n, d.storage_key || '.v' || v.n,
       CASE WHEN v.n = 2 OR d.title <> 'ERP cutover plan' THEN d.checksum_sha256
            ELSE encode(sha256(convert_to(d.title || v.n, 'UTF8')), 'hex') END,
       d.size_bytes - (2 - v.n) * 1000, CASE v.n WHEN 1 THEN 'First draft' ELSE 'Review comments applied' END,
       d.author_id, d.uploaded_at + (v.n - 1) * interval '1 day'
  FROM documents d CROSS JOIN (VALUES (1), (2)) AS v(n)
 WHERE v.n = 2 OR d.title = 'ERP cutover plan';
UPDATE document_versions SET is_current = true WHERE version_number = 2;

INSERT INTO document_relations (organization_id, source_document_id, target_document_id, relation_type)
SELECT a.organization_id, a.id, b.id, 'depends_on'
  FROM documents a JOIN documents b ON a.title = 'ERP cutover plan' AND b.title = 'Chart of accounts mapping';

INSERT INTO files (organization_id, owner_id, task_id, name, filetype_id, storage_id)
SELECT t.organization_id, t.assignee_id, t.id, 'balances.xlsx',
       (SELECT id FROM filetype_reference WHERE extension = 'xlsx'),
       (SELECT id FROM storage_reference s WHERE s.organization_id = t.organization_id AND s.is_default)
  FROM tasks t WHERE t.title = 'Reconcile opening balances';
INSERT INTO file_versions (organization_id, file_id, version_number, storage_key, checksum_sha256, size_bytes, uploaded_by)
SELECT f.organization_id, f.id, v.n, 'files/' || f.public_id || '/v' || v.n,
       encode(sha256(convert_to(f.name || v.n, 'UTF8')), 'hex'), 20000 + v.n * 512, f.owner_id
  FROM files f CROSS JOIN (VALUES (1), (2), (3)) AS v(n);
UPDATE file_versions SET is_current = true WHERE version_number = 3;

INSERT INTO documents_ingest (organization_id, project_id, uploaded_by, original_name, mime_type, storage_id, s3_key,
                              checksum_sha256, size_bytes, status, rejection_reason, received_at, processed_at, notes)
SELECT p.organization_id, p.id, u.id, i.name, i.mime, s.id, 'incoming/' || i.name, i.checksum, i.size, i.status, i.reason,
       now() - i.ago, CASE WHEN i.status IN ('rejected') THEN now() - i.ago + interval '10 minutes' END, i.notes
  FROM (VALUES
    ('ERP', 'emma', 'invoice-batch-17.pdf', 'application/pdf', repeat('a1', 32), 310000, 'pending', NULL, interval '2 hours', NULL),
    ('PORTAL', 'leila', 'wireframes-v3.pdf', 'application/pdf', repeat('b2', 32), 1200000, 'validated', NULL, interval '1 day', 'Ready for promotion'),
    ('ERP', 'jamal', 'empty-upload.pdf', 'application/pdf', repeat('c3', 32), 0, 'rejected', 'File is empty (size 0)', interval '3 days', NULL),
    ('AUDIT-26', 'pedro', 'tickets.exe', 'application/x-msdownload', repeat('d4', 32), 52000, 'rejected', 'File type not allowed', interval '4 days', NULL),
    ('AUDIT-26', 'olivia', 'access-review-q3.pdf', 'application/pdf', repeat('e5', 32), 830000, 'pending', NULL, interval '30 minutes', NULL)
  ) AS i(code, uploader, name, mime, checksum, size, status, reason, ago, notes)
  JOIN projects p ON p.code = i.code
  JOIN users u ON u.organization_id = p.organization_id AND u.username = i.uploader
  LEFT JOIN storage_reference s ON s.organization_id = p.organization_id AND s.is_default;

INSERT INTO test_cases (organization_id, project_id, title, steps, expected_result, priority, status, automation_status, is_template, created_by)
SELECT p.organization_id, p.id, t.title, t.steps::jsonb, t.expected, t.priority, 'ready', t.auto, t.tmpl, p.manager_id
  FROM (VALUES ('PORTAL', 'Login with valid SSO account', '["Open portal", "Choose SSO", "Authenticate"]', 'Dashboard is shown', 'high', 'automated', true),
               ('PORTAL', 'Invoice download', '["Log in", "Open invoices", "Download latest"]', 'PDF downloads', 'medium', 'manual', false),
               ('ERP', 'Trial balance after migration', '["Run trial balance", "Compare with legacy"]', 'Totals match', 'urgent', 'planned', false),
               ('AUDIT-26', 'Privileged access list complete', '["Export admins", "Compare with HR list"]', 'No unknown admins', 'high', 'manual', true)
       ) AS t(code, title, steps, expected, priority, auto, tmpl)
  JOIN projects p ON p.code = t.code;
INSERT INTO test_cases (organization_id, project_id, source_test_case_id, title, steps, expected_result, status, created_by)
SELECT s.organization_id, p.id, s.id, s.title || ' (ERP)', s.steps, s.expected_result, 'draft', p.manager_id
  FROM test_cases s JOIN projects p ON p.code = 'ERP' WHERE s.title = 'Login with valid SSO account';
UPDATE test_cases t SET reuse_count = (SELECT count(*) FROM test_cases c WHERE c.source_test_case_id = t.id) WHERE t.is_template;

INSERT INTO test_executions (organization_id, test_case_id, executed_by, result, started_at, finished_at, environment, notes)
SELECT tc.organization_id, tc.id, tc.created_by, e.result, now() - e.ago, now() - e.ago + interval '12 minutes', 'staging', e.notes
  FROM test_cases tc
  CROSS JOIN (VALUES ('passed', interval '3 days', NULL), ('failed', interval '1 day', 'Timeout on IdP redirect'),
                     ('passed', interval '2 hours', NULL)) AS e(result, ago, notes)
 WHERE tc.source_test_case_id IS NULL;

INSERT INTO test_case_relations (organization_id, test_case_id, document_id, relation_type)
SELECT tc.organization_id, tc.id, d.id, 'verifies'
  FROM test_cases tc JOIN documents d ON d.title = 'Portal requirements' AND tc.project_id = d.project_id;

-- The cartable: items referred between colleagues, including a forwarding chain.
INSERT INTO cartable (organization_id, user_id, from_user_id, task_id, document_id, change_request_id,
                      action_required, note, due_at, read_at, created_at)
SELECT o.id, r.id, f.id, t.id, d.id, cr.id, c.action, c.note, now() + c.due, CASE WHEN c.read THEN now() - interval '1 hour' END,
       now() - c.ago
  FROM (VALUES
    ('acme', 'emma', 'bob', 'Reconcile opening balances', NULL, NULL, 'do', 'Needed before the cutover', interval '-1 day', true, interval '3 days'),
    ('acme', 'bob', 'emma', NULL, 'Chart of accounts mapping', NULL, 'review', 'Please check the payroll accounts', interval '2 days', false, interval '1 day'),
    ('acme', 'alice', 'bob', NULL, NULL, 'Add multi-currency invoicing', 'approve', 'Needs your approval this week', interval '4 days', false, interval '5 hours'),
    ('acme', 'leila', 'dariush', 'Design login page', NULL, NULL, 'do', NULL, interval '1 day', true, interval '2 days'),
    ('acme', 'grace', 'alice', NULL, 'Security assessment template', NULL, 'info', 'FYI for the pen test', NULL, false, interval '6 hours'),
    ('globex', 'nikolai', 'olivia', NULL, 'Access review evidence', NULL, 'sign', 'Sign off before the auditors arrive', interval '3 hours', false, interval '1 day'),
    ('globex', 'quinn', 'maria', 'Validate LIMS audit trail', NULL, NULL, 'do', NULL, interval '-2 hours', false, interval '2 days')
  ) AS c(org, recipient, sender, task, doc, cr, action, note, due, read, ago)
  JOIN organizations o ON o.slug = c.org
  JOIN users r ON r.organization_id = o.id AND r.username = c.recipient
  JOIN users f ON f.organization_id = o.id AND f.username = c.sender
  LEFT JOIN tasks t ON t.organization_id = o.id AND t.title = c.task
  LEFT JOIN documents d ON d.organization_id = o.id AND d.title = c.doc
  LEFT JOIN change_requests cr ON cr.organization_id = o.id AND cr.title = c.cr;
-- Bob forwards the mapping review to Carol: the new item points at the one it forwards.
INSERT INTO cartable (organization_id, user_id, from_user_id, parent_id, document_id, action_required, note, due_at)
SELECT c.organization_id, u.id, c.user_id, c.id, c.document_id, 'review', 'Carol owns the payroll accounts', c.due_at
  FROM cartable c JOIN users u ON u.organization_id = c.organization_id AND u.username = 'carol'
  JOIN users b ON b.id = c.user_id AND b.username = 'bob';

INSERT INTO comments (organization_id, entity_type, entity_id, author_id, body, mentions)
SELECT t.organization_id, 'task', t.public_id, u.id, 'Balances for two subsidiaries are still missing @carol',
       ARRAY[(SELECT id FROM users WHERE username = 'carol')]
  FROM tasks t JOIN users u ON u.organization_id = t.organization_id AND u.username = 'emma'
 WHERE t.title = 'Reconcile opening balances';
INSERT INTO comments (organization_id, entity_type, entity_id, parent_id, author_id, body)
SELECT c.organization_id, c.entity_type, c.entity_id, c.id, u.id, 'Sent them this morning.'
  FROM comments c JOIN users u ON u.organization_id = c.organization_id AND u.username = 'carol';

INSERT INTO notifications (organization_id, recipient_id, kind, channel, title, entity_type, entity_id, delivery_status, delivered_at, read_at, expires_at)
SELECT c.organization_id, c.user_id,
       CASE c.action_required WHEN 'approve' THEN 'approval_request' ELSE 'referral' END, 'in_app',
       'New item in your cartable', 'cartable', c.public_id, 'delivered', c.created_at,
       c.read_at, now() + interval '30 days'
  FROM cartable c;
INSERT INTO notifications (organization_id, recipient_id, kind, channel, title, entity_type, entity_id, delivery_status, expires_at)
SELECT t.organization_id, t.assignee_id, 'assignment', 'email', 'Task assigned: ' || t.title, 'task', t.public_id, 'pending', now() + interval '7 days'
  FROM tasks t WHERE t.assignee_id IS NOT NULL AND t.status = 'pending' AND t.parent_id IS NULL;

-- Sessions and login history (token digests of throw-away demo tokens).
INSERT INTO user_sessions (organization_id, user_id, client_type, token_digest, ip_address, user_agent, created_at,
                           last_activity_at, expires_at)
SELECT u.organization_id, u.id, s.client, sha256(convert_to('demo-session-' || u.username || s.client, 'UTF8')),
       s.ip::inet, s.agent, now() - interval '2 hours', now() - s.idle, now() + interval '10 hours'
  FROM users u
  JOIN (VALUES ('alice', 'web', '198.51.100.10', 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0', interval '1 minute'),
               ('alice', 'mobile', '198.51.100.11', 'OfficeAuto/2.3 (iOS 19)', interval '50 minutes'),
               ('bob', 'web', '198.51.100.20', 'Mozilla/5.0 (Macintosh) Safari/19.0', interval '3 minutes'),
               ('leila', 'desktop', '203.0.113.5', 'OfficeAuto Desktop/1.4', interval '25 minutes'),
               ('maria', 'web', '192.0.2.44', 'Mozilla/5.0 (Windows NT 10.0) Edge/140', interval '5 minutes')
       ) AS s(username, client, ip, agent, idle) ON s.username = u.username;
INSERT INTO user_sessions (organization_id, user_id, client_type, token_digest, ip_address, created_at, last_activity_at,
                           expires_at, revoked_at, revoke_reason)
SELECT u.organization_id, u.id, 'web', sha256(convert_to('demo-old-session-' || u.username, 'UTF8')), '198.51.100.10',
       now() - interval '2 days', now() - interval '2 days', now() + interval '1 day', now() - interval '1 day', 'logout'
  FROM users u WHERE u.username = 'alice';
INSERT INTO failed_login_attempts (identifier, user_id, ip_address, reason, created_at)
SELECT x.ident, u.id, x.ip::inet, 'invalid_credentials', now() - x.ago
  FROM (VALUES ('kira', '203.0.113.66', interval '2 hours'), ('kira', '203.0.113.66', interval '1 hour'),
               ('admin', '203.0.113.99', interval '10 minutes')) AS x(ident, ip, ago)
  LEFT JOIN users u ON u.username = x.ident;

-- A slice of audit trail, as the audit trigger records it (old/new rows, changed columns).
INSERT INTO audit_logs (created_at, organization_id, actor_user_id, action, table_name, record_id, row_pk, old_data, new_data, changed_columns, ip_address, metadata)
SELECT now() - a.ago, p.organization_id, p.manager_id, a.action, 'officeauto.projects',
       audit_record_id('officeauto.projects', jsonb_build_object('id', p.id)), jsonb_build_object('id', p.id),
       CASE WHEN a.action = 'UPDATE' THEN jsonb_build_object('status', 'planning') END,
       jsonb_build_object('id', p.id, 'code', p.code, 'status', p.status),
       CASE WHEN a.action = 'UPDATE' THEN ARRAY['status'] END, '198.51.100.20', '{"source": "sample"}'
  FROM projects p CROSS JOIN (VALUES ('INSERT', interval '100 days'), ('UPDATE', interval '90 days')) AS a(action, ago);
INSERT INTO audit_logs (created_at, organization_id, actor_user_id, action, table_name, record_id, row_pk, new_data, ip_address, metadata)
SELECT d.uploaded_at, d.organization_id, d.author_id, 'INSERT', 'officeauto.documents', audit_record_id('officeauto.documents', jsonb_build_object('id', d.id)),
       jsonb_build_object('id', d.id), jsonb_build_object('id', d.id, 'project_id', d.project_id, 'title', d.title),
       '198.51.100.20', '{"source": "sample"}'
  FROM documents d;

COMMIT;

REFRESH MATERIALIZED VIEW officeauto.user_dashboard_stats;
REFRESH MATERIALIZED VIEW officeauto.project_stats;
SELECT officeauto.create_audit_partitions(3) AS audit_partitions_created;
