-- The schema against Citus's documented rules for tables distributed by organization_id
-- (docs/scale-out.md; Citus itself cannot be installed here, so its rules are checked on the
-- catalog). Every table of schema officeauto carries a class below, and every place a rule is
-- broken is listed as an exception with its reason and the migration step that settles it.
-- A new table without a class, or a new key that breaks a rule without being listed, fails
-- here and names the table and constraint.
--
-- Rules (Citus, multi-tenant distribution by a tenant column):
--   - a distributed table's distribution column is NOT NULL (Citus refuses NULL there);
--   - its primary key, unique constraints, unique indexes and exclusion constraints include
--     the distribution column (an exclusion constraint compares it with =), because each
--     shard enforces them alone;
--   - a foreign key between two distributed tables includes the distribution column on both
--     sides, at the same position;
--   - no foreign key from a reference table to a distributed table;
--   - no foreign key between a table kept local on the coordinator and a distributed one.
--   Foreign keys from distributed tables to reference tables are fine.
BEGIN;
SELECT plan(9);

CREATE TEMP TABLE citus_class (relname name PRIMARY KEY, class text NOT NULL CHECK (class IN ('distributed', 'reference', 'local')), reason text NOT NULL);
INSERT INTO citus_class VALUES
    -- Tenant data: every row belongs to one organization, and each request touches one.
    ('users',                    'distributed', 'tenant data'),
    ('roles',                    'distributed', 'tenant data'),
    ('role_permissions',         'distributed', 'tenant data'),
    ('user_roles',               'distributed', 'tenant data'),
    ('email_verifications',      'distributed', 'tenant data'),
    ('user_sessions',            'distributed', 'tenant data'),
    ('refresh_tokens',           'distributed', 'tenant data'),
    ('session_limits',           'distributed', 'tenant data'),
    ('user_totp',                'distributed', 'tenant data'),
    ('mfa_recovery_codes',       'distributed', 'tenant data'),
    ('mfa_challenges',           'distributed', 'tenant data'),
    ('invitations',              'distributed', 'tenant data'),
    ('projects',                 'distributed', 'tenant data'),
    ('project_members',          'distributed', 'tenant data'),
    ('tag_reference',            'distributed', 'tenant data (each organization''s own tag vocabulary, despite the name)'),
    ('project_tags',             'distributed', 'tenant data'),
    ('change_requests',          'distributed', 'tenant data'),
    ('change_request_impacts',   'distributed', 'tenant data'),
    ('change_request_approvals', 'distributed', 'tenant data'),
    ('clients',                  'distributed', 'tenant data'),
    ('credentials',              'distributed', 'tenant data'),
    ('credential_audit_logs',    'distributed', 'tenant data'),
    ('tasks',                    'distributed', 'tenant data'),
    ('sprints',                  'distributed', 'tenant data'),
    ('task_time_entries',        'distributed', 'tenant data'),
    ('messages',                 'distributed', 'tenant data'),
    ('calendar_resources',       'distributed', 'tenant data'),
    ('events',                   'distributed', 'tenant data'),
    ('lots',                     'distributed', 'tenant data'),
    ('shortcuts',                'distributed', 'tenant data'),
    ('storage_reference',        'distributed', 'tenant data (each organization''s storage settings, despite the name)'),
    ('files',                    'distributed', 'tenant data'),
    ('file_versions',            'distributed', 'tenant data'),
    ('documents',                'distributed', 'tenant data'),
    ('document_versions',        'distributed', 'tenant data'),
    ('document_relations',       'distributed', 'tenant data'),
    ('documents_ingest',         'distributed', 'tenant data'),
    ('test_cases',               'distributed', 'tenant data'),
    ('test_executions',          'distributed', 'tenant data'),
    ('test_case_relations',      'distributed', 'tenant data'),
    ('cartable',                 'distributed', 'tenant data'),
    ('comments',                 'distributed', 'tenant data'),
    ('notifications',            'distributed', 'tenant data'),
    ('audit_logs',               'distributed', 'tenant data; Citus distributes partitioned tables with their partitions'),
    ('audit_logs_archive',       'distributed', 'tenant data; Citus distributes partitioned tables with their partitions'),
    -- Small, shared or read by every tenant's queries and policies: a copy on every node.
    ('organizations',            'reference',   'one row per tenant, joined and checked by every tenant table (foreign keys, policies); slugs unique across tenants'),
    ('permissions',              'reference',   'the permission vocabulary shared by all organizations'),
    ('role_templates',           'reference',   'built-in role definitions shared by all organizations'),
    ('access_role_reference',    'reference',   'project access levels shared by all organizations'),
    ('filetype_reference',       'reference',   'file types shared by all organizations'),
    ('credential_keys',          'reference',   'data keys (wrapped by the server-held master key) that sealed tenant rows name by foreign key'),
    ('reporting_access',         'reference',   'platform grants of reporting roles to organizations, read by the policies of every tenant table'),
    -- Before or outside any tenant: stays on the coordinator, where logins are handled.
    ('captcha_attempts',         'local',       'pre-authentication bookkeeping keyed by identifier and address; no organization is known yet'),
    ('failed_login_attempts',    'local',       'pre-authentication bookkeeping keyed by identifier and address; no organization is known yet'),
    ('login_throttle',           'local',       'pre-authentication bookkeeping keyed by identifier; no organization is known yet'),
    ('password_reset_requests',  'local',       'pre-authentication bookkeeping keyed by identifier and address; no organization is known yet'),
    ('signup_reservations',      'local',       'usernames reserved across all organizations during sign-up'),
    ('schema_version',           'local',       'the installation''s own version record'),
    ('maintenance_runs',         'local',       'run records of maintain_database(), which runs on the coordinator; platform-wide, no organization'),
    ('project_stats',            'local',       'materialized view: Citus does not distribute materialized views; refreshed on the coordinator'),
    ('user_dashboard_stats',     'local',       'materialized view: Citus does not distribute materialized views; refreshed on the coordinator');

-- Why a rule is broken, and what settles it (the steps are in docs/scale-out.md).
CREATE TEMP TABLE citus_reason (code text PRIMARY KEY, reason text NOT NULL);
INSERT INTO citus_reason VALUES
    ('identity-pk', 'primary key on the identity id alone, which is unique by generation; every table already has UNIQUE (organization_id, id) or keys on organization_id for references. Migration step 2 replaces it by PRIMARY KEY (organization_id, id): a released primary key is not changed in place.'),
    ('public-id',   'UNIQUE (public_id): a UUIDv7 made by the database, unique by construction; API lookups by public id alone become multi-shard. Migration step 2 replaces it by UNIQUE (organization_id, public_id).'),
    ('token',       'UNIQUE on the SHA-256 of a 256-bit random secret, looked up with no organization (the bearer presents only the token). Migration step 2 replaces it by a unique index with organization_id added; a token directory distributed by digest routes lookups (docs/scale-out.md, "Tokens").'),
    ('login',       'login by username or e-mail takes no organization, so these are unique across the installation. On Citus they move to the login directory (a table distributed by the login key) and the index on users becomes per organization (docs/scale-out.md, "Login").'),
    ('booking',     'the no-double-booking exclusion compares int8range(organization_id) with && (no btree_gist needed), which Citus does not recognise as the distribution column compared with =. Migration step 2 rewrites it with btree_gist as (organization_id WITH =, resource_id WITH =, tstzrange WITH &&).'),
    ('audit-null',  'organization_id is NULL for platform events (no tenant: operator actions, failed logins for unknown identifiers). Migration step 3 routes those rows to a local table; the audit writer must not send them to the distributed one.'),
    ('audit-pk',    'each audit partition has PRIMARY KEY (id) (the archiver moves rows by id). Migration step 2 makes it (organization_id, id) on every partition and in the partition manager.'),
    ('partition-pk', 'each partition of notifications and test_executions (default, monthly or quarterly) has PRIMARY KEY (id), unique by its sequence, and UNIQUE (public_id), unique across partitions by their disjoint public_id ranges. Migration step 2 makes them (organization_id, id) and (organization_id, public_id) on every partition and in _index_notification_partition / _index_test_execution_partition.'),
    ('failed-login-fk', 'failed_login_attempts (local, written before a tenant is known) references users (id). Citus keeps no foreign key from a local table to a distributed one: migration step 2 drops it; the bookkeeping purge clears rows of deleted users.');

CREATE TEMP TABLE citus_exception (relname name, conname text, code text REFERENCES citus_reason, PRIMARY KEY (relname, conname));
INSERT INTO citus_exception
SELECT t, t || '_pkey', 'identity-pk'
  FROM unnest(ARRAY['users', 'roles', 'role_permissions', 'user_roles', 'email_verifications', 'user_sessions',
                    'refresh_tokens', 'session_limits', 'user_totp', 'mfa_recovery_codes', 'mfa_challenges',
                    'invitations', 'projects', 'project_members', 'tag_reference', 'project_tags', 'change_requests',
                    'change_request_impacts', 'change_request_approvals', 'clients', 'credentials',
                    'credential_audit_logs', 'tasks', 'task_time_entries', 'messages', 'calendar_resources', 'events',
                    'lots', 'shortcuts', 'storage_reference', 'files', 'file_versions', 'documents', 'document_versions',
                    'document_relations', 'documents_ingest', 'test_cases', 'test_case_relations',
                    'cartable', 'comments', 'sprints']) AS t;
INSERT INTO citus_exception
SELECT t, t || '_public_id_key', 'public-id'
  FROM unnest(ARRAY['users', 'roles', 'user_sessions', 'projects', 'change_requests', 'clients', 'credentials',
                    'tasks', 'task_time_entries', 'messages', 'calendar_resources', 'events', 'lots', 'files', 'documents',
                    'documents_ingest', 'test_cases', 'cartable', 'comments',
                    'invitations', 'credential_audit_logs', 'shortcuts', 'storage_reference', 'tag_reference', 'sprints']) AS t;
INSERT INTO citus_exception VALUES
    ('email_verifications', 'email_verifications_token_digest_key', 'token'),
    ('user_sessions',       'user_sessions_token_digest_key',       'token'),
    ('refresh_tokens',      'refresh_tokens_token_digest_key',      'token'),
    ('invitations',         'invitations_token_digest_key',         'token'),
    ('mfa_challenges',      'mfa_challenges_token_digest_key',      'token'),
    ('mfa_recovery_codes',  'mfa_recovery_codes_code_digest_key',   'token'),
    ('users',               'users_username_key',                   'login'),
    ('users',               'users_email_key',                      'login'),
    ('events',              'events_no_double_booking',             'booking'),
    ('audit_logs',          'organization_id NOT NULL',             'audit-null'),
    ('audit_logs_archive',  'organization_id NOT NULL',             'audit-null'),
    -- Partitions are named by month: their primary keys are matched by pattern.
    ('audit_logs',          'audit_logs_%_pkey',                    'audit-pk'),
    ('audit_logs_archive',  'audit_logs_archive_%_pkey',            'audit-pk'),
    ('notifications',       'notifications_%_pkey',                 'partition-pk'),
    ('notifications',       'notifications_%_public_id_key',        'public-id'),
    ('test_executions',     'test_executions_%_pkey',               'partition-pk'),
    ('test_executions',     'test_executions_%_public_id_key',      'public-id'),
    ('failed_login_attempts', 'failed_login_attempts_user_id_fkey', 'failed-login-fk');

-- Every relation of the schema that holds rows, partitions under their partitioned root.
CREATE TEMP VIEW citus_rel AS
SELECT c.oid, c.relname, c.relkind, coalesce(r.relname, c.relname) AS root, k.class
  FROM pg_class c
  LEFT JOIN pg_class r ON c.relispartition AND r.oid = pg_partition_root(c.oid)
  LEFT JOIN citus_class k ON k.relname = coalesce(r.relname, c.relname)
 WHERE c.relnamespace = 'officeauto'::regnamespace AND c.relkind IN ('r', 'p', 'm');

CREATE TEMP VIEW citus_excused AS
SELECT e.relname, e.conname FROM citus_exception e;

SELECT is(ARRAY(SELECT relname::text FROM citus_rel WHERE class IS NULL ORDER BY 1), '{}'::text[],
          'every table and materialized view of schema officeauto is classified (distributed / reference / local)');
SELECT is(ARRAY(SELECT k.relname::text FROM citus_class k WHERE NOT EXISTS (SELECT FROM citus_rel r WHERE r.relname = k.relname) ORDER BY 1),
          '{}'::text[], 'every classified table exists (the classification is not stale)');
SELECT is(ARRAY(SELECT e.relname || ' ' || e.conname FROM citus_exception e
                 WHERE NOT EXISTS (SELECT FROM citus_class k WHERE k.relname = e.relname)
                    OR (e.conname NOT LIKE '% NOT NULL'
                        AND NOT EXISTS (SELECT FROM citus_rel r JOIN pg_constraint c ON c.conrelid = r.oid
                                         WHERE r.root = e.relname AND c.conname LIKE e.conname)
                        AND NOT EXISTS (SELECT FROM citus_rel r JOIN pg_index i ON i.indrelid = r.oid
                                         WHERE r.root = e.relname AND i.indexrelid::regclass::text LIKE 'officeauto.' || e.conname))
                 ORDER BY 1),
          '{}'::text[], 'every listed exception names a constraint or index that exists (no stale exception)');

-- Distributed tables: the distribution column exists and is NOT NULL.
SELECT is(ARRAY(SELECT r.relname::text FROM citus_rel r
                 WHERE r.class = 'distributed' AND r.relname = r.root
                   AND NOT EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = r.oid AND a.attname = 'organization_id' AND a.attnotnull)
                   AND NOT EXISTS (SELECT FROM citus_excused x WHERE x.relname = r.root AND x.conname = 'organization_id NOT NULL')
                 ORDER BY 1),
          '{}'::text[], 'every distributed table has organization_id NOT NULL (or a listed exception)');

-- Distributed tables and their partitions: primary keys, unique constraints, unique indexes and
-- exclusion constraints include organization_id as a key column (compared with = in an
-- exclusion constraint).
SELECT is(ARRAY(SELECT r.relname || ': ' || ic.relname || ' ' || pg_get_indexdef(i.indexrelid)
                  FROM citus_rel r
                  JOIN pg_index i ON i.indrelid = r.oid AND (i.indisunique OR i.indisexclusion)
                  JOIN pg_class ic ON ic.oid = i.indexrelid
                  LEFT JOIN pg_attribute a ON a.attrelid = r.oid AND a.attname = 'organization_id'
                  LEFT JOIN pg_constraint x ON x.conindid = i.indexrelid AND x.conrelid = r.oid AND x.contype = 'x'
                 WHERE r.class = 'distributed'
                   AND NOT EXISTS (SELECT FROM generate_series(0, i.indnkeyatts - 1) k
                                    WHERE i.indkey[k] = a.attnum
                                      AND (x.oid IS NULL OR (SELECT oprname FROM pg_operator WHERE oid = x.conexclop[k + 1]) = '='))
                   AND NOT EXISTS (SELECT FROM citus_excused e WHERE e.relname = r.root AND ic.relname LIKE e.conname)
                 ORDER BY 1),
          '{}'::text[], 'every primary key, unique constraint or index and exclusion constraint of a distributed table includes organization_id (or is a listed exception)');

-- Foreign keys between two distributed tables include organization_id on both sides, at the
-- same position of the key.
SELECT is(ARRAY(SELECT f.relname || ': ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
                  FROM pg_constraint c
                  JOIN citus_rel f ON f.oid = c.conrelid
                  JOIN citus_rel t ON t.oid = c.confrelid
                 WHERE c.contype = 'f' AND f.class = 'distributed' AND t.class = 'distributed'
                   AND NOT EXISTS (SELECT FROM generate_subscripts(c.conkey, 1) k
                                    WHERE c.conkey[k] = (SELECT attnum FROM pg_attribute WHERE attrelid = c.conrelid AND attname = 'organization_id')
                                      AND c.confkey[k] = (SELECT attnum FROM pg_attribute WHERE attrelid = c.confrelid AND attname = 'organization_id'))
                   AND NOT EXISTS (SELECT FROM citus_excused e WHERE e.relname = f.root AND c.conname LIKE e.conname)
                 ORDER BY 1),
          '{}'::text[], 'every foreign key between two distributed tables includes organization_id on both sides (or is a listed exception)');

SELECT is(ARRAY(SELECT f.relname || ': ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
                  FROM pg_constraint c
                  JOIN citus_rel f ON f.oid = c.conrelid
                  JOIN citus_rel t ON t.oid = c.confrelid
                 WHERE c.contype = 'f' AND f.class = 'reference' AND t.class = 'distributed'
                 ORDER BY 1),
          '{}'::text[], 'no foreign key from a reference table to a distributed table');

SELECT is(ARRAY(SELECT f.relname || ': ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
                  FROM pg_constraint c
                  JOIN citus_rel f ON f.oid = c.conrelid
                  JOIN citus_rel t ON t.oid = c.confrelid
                 WHERE c.contype = 'f' AND f.class IS DISTINCT FROM t.class AND 'local' IN (f.class, t.class)
                   AND NOT EXISTS (SELECT FROM citus_excused e WHERE e.relname = f.root AND c.conname LIKE e.conname)
                 ORDER BY 1),
          '{}'::text[], 'no foreign key between a local table and a distributed or reference one (or a listed exception)');

-- The foreign keys Citus accepts without conditions, for the record: distributed to reference.
SELECT cmp_ok((SELECT count(*) FROM pg_constraint c
                 JOIN citus_rel f ON f.oid = c.conrelid JOIN citus_rel t ON t.oid = c.confrelid
                WHERE c.contype = 'f' AND f.class = 'distributed' AND t.class = 'reference'), '>', 0::bigint,
              'foreign keys from distributed to reference tables exist and are allowed (organizations, permissions, credential keys, ...)');

SELECT * FROM finish();
ROLLBACK;
