-- Catalog invariants: the conventions hold for every object, not just the ones someone
-- remembered to test. A new table that forgets one fails here.
BEGIN;
SELECT plan(26);

CREATE TEMP VIEW oa_tables AS
SELECT c.oid, c.relname, c.relkind, c.relispartition
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'officeauto' AND c.relkind IN ('r', 'p');

SELECT is(ARRAY(SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'officeauto' AND c.relkind IN ('r', 'p', 'v', 'm')
                   AND obj_description(c.oid, 'pg_class') IS NULL ORDER BY 1),
          '{}'::name[], 'every table, view and materialized view has a comment');
SELECT is(ARRAY(SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                 WHERE n.nspname = 'officeauto' AND obj_description(p.oid, 'pg_proc') IS NULL ORDER BY 1),
          '{}'::name[], 'every function has a comment');
SELECT is(ARRAY(SELECT conrelid::regclass || '.' || conname FROM pg_constraint c
                 WHERE c.contype = 'f' AND c.connamespace = 'officeauto'::regnamespace
                   -- A partitioned table's key is checked where its indexes are: on each
                   -- partition, which holds the key cloned from the parent.
                   AND (SELECT relkind FROM pg_class WHERE oid = c.conrelid) <> 'p'
                   AND NOT EXISTS (SELECT FROM pg_index i WHERE i.indrelid = c.conrelid
                                     AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)] @> c.conkey
                                     AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)] <@ c.conkey)
                 ORDER BY 1),
          '{}'::text[], 'every foreign key is backed by an index on its columns');
SELECT is(ARRAY(SELECT t.relname FROM oa_tables t JOIN pg_class c ON c.oid = t.oid
                 WHERE NOT t.relispartition
                   AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attname = 'organization_id')
                   AND NOT (c.relrowsecurity AND c.relforcerowsecurity) ORDER BY 1),
          '{}'::name[], 'every tenant table has row-level security enabled and forced');
SELECT is(ARRAY(SELECT t.relname FROM oa_tables t
                 WHERE NOT t.relispartition
                   AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attname = 'organization_id')
                   AND NOT EXISTS (SELECT FROM pg_policy p WHERE p.polrelid = t.oid AND p.polname = 'tenant_isolation'
                                     AND p.polcmd = '*' AND p.polwithcheck IS NOT NULL) ORDER BY 1),
          '{}'::name[], 'every tenant table has a tenant_isolation policy for all commands with a WITH CHECK');
SELECT ok((SELECT bool_and(pg_get_expr(p.polqual, p.polrelid) LIKE '%( SELECT officeauto._tenant()%')
             FROM pg_policy p WHERE p.polname = 'tenant_isolation'),
          'tenant policies evaluate the context once per statement (scalar sub-select)');
SELECT is(ARRAY(SELECT t.relname FROM oa_tables t
                 WHERE t.relkind = 'r'
                   AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attname = 'updated_at')
                   AND NOT EXISTS (SELECT FROM pg_trigger g WHERE g.tgrelid = t.oid AND g.tgname = 'row_conventions') ORDER BY 1),
          '{}'::name[], 'every table with updated_at has the row_conventions trigger');
SELECT is(ARRAY(SELECT t.relname FROM oa_tables t
                 WHERE t.relkind = 'r'
                   AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attname = 'version'
                                 AND a.atttypid = 'integer'::regtype)
                   AND NOT EXISTS (SELECT FROM pg_trigger g WHERE g.tgrelid = t.oid AND g.tgname = 'row_conventions'
                                     AND encode(g.tgargs, 'escape') = 'versioned\000') ORDER BY 1),
          '{}'::name[], 'every table with a version column enforces optimistic concurrency');
SELECT is(ARRAY(SELECT t.relname FROM oa_tables t
                  JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = t.oid AND d.deptype = 'e'
                 WHERE t.relkind = 'r'
                   AND t.oid <> ALL ((SELECT extconfig FROM pg_extension WHERE extname = 'officeauto')::oid[]) ORDER BY 1),
          '{}'::name[], 'every table of the extension is registered with pg_extension_config_dump');
SELECT is(ARRAY(SELECT s.relname FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace
                 WHERE n.nspname = 'officeauto' AND s.relkind = 'S'
                   AND s.oid <> ALL ((SELECT extconfig FROM pg_extension WHERE extname = 'officeauto')::oid[]) ORDER BY 1),
          '{}'::name[], 'every sequence is registered with pg_extension_config_dump');
SELECT is(ARRAY(SELECT t.relname FROM oa_tables t
                  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attname = 'public_id'
                  LEFT JOIN pg_attrdef d ON d.adrelid = t.oid AND d.adnum = a.attnum
                 WHERE NOT a.attnotnull OR pg_get_expr(d.adbin, d.adrelid) NOT LIKE '%uuid_generate_v7()%'
                    OR (t.relkind = 'r' AND NOT EXISTS (SELECT FROM pg_index i WHERE i.indrelid = t.oid AND i.indisunique
                                                          AND i.indkey::text = a.attnum::text))
                    -- A partitioned table: unique on each partition (checked above), the
                    -- partitions' ranges of public_id disjoint.
                    OR (t.relkind = 'p' AND pg_get_partkeydef(t.oid) <> 'RANGE (public_id)') ORDER BY 1),
          '{}'::name[], 'every public_id is NOT NULL, unique and defaults to uuid_generate_v7()');
SELECT is(ARRAY(SELECT t.relname FROM oa_tables t
                 WHERE NOT t.relispartition AND NOT EXISTS (SELECT FROM pg_index i WHERE i.indrelid = t.oid AND i.indisprimary)
                   AND t.relkind = 'r' ORDER BY 1),
          '{}'::name[], 'every table has a primary key');
SELECT is(ARRAY(SELECT a.attrelid::regclass || '.' || a.attname FROM pg_attribute a JOIN oa_tables t ON t.oid = a.attrelid
                 WHERE a.atttypid IN ('timestamp'::regtype, 'json'::regtype) AND NOT a.attisdropped ORDER BY 1),
          '{}'::text[], 'no timestamp without time zone and no json (timestamptz and jsonb only)');
SELECT is(ARRAY(SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'officeauto' AND c.relkind = 'v'
                   AND c.relname NOT IN ('user_dashboard', 'project_dashboard')
                   AND NOT coalesce('security_invoker=true' = ANY (c.reloptions), false) ORDER BY 1),
          '{}'::name[], 'every view runs with the caller''s rights (security_invoker), except the two dashboard wrappers');
SELECT is(ARRAY(SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'officeauto' AND c.relkind = 'm'
                   AND NOT EXISTS (SELECT FROM pg_index i WHERE i.indrelid = c.oid AND i.indisunique AND i.indpred IS NULL)
                 ORDER BY 1),
          '{}'::name[], 'every materialized view has a unique index (REFRESH ... CONCURRENTLY)');
SELECT is(ARRAY(SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'officeauto'::regnamespace AND p.prosecdef
                   AND NOT EXISTS (SELECT FROM unnest(p.proconfig) s WHERE s LIKE 'search_path=%') ORDER BY 1),
          '{}'::name[], 'every SECURITY DEFINER function pins search_path');
SELECT views_are('officeauto', ARRAY['active_users', 'recent_messages', 'pending_events', 'client_overview', 'task_overview',
                                     'credential_audit_summary', 'onboarding_project_summary', 'active_documents',
                                     'audit_trail_by_project', 'pending_documents', 'rejected_documents', 'inbox',
                                     'inbox_summary', 'session_monitoring', 'user_dashboard', 'project_dashboard',
                                     'audited_tables', 'project_history', 'document_history', 'duplicate_documents',
                                     'slow_queries', 'table_sizes', 'index_usage', 'unused_indexes', 'sprint_board'],
                 'the seed views plus inbox, session monitoring, dashboard wrappers, monitoring views and the sprint board exist');
SELECT materialized_views_are('officeauto', ARRAY['user_dashboard_stats', 'project_stats'], 'the dashboard materialized views exist');
SELECT ok((SELECT count(*) = 3 FROM pg_roles WHERE rolname IN ('officeauto_app', 'officeauto_readonly', 'officeauto_admin') AND NOT rolcanlogin),
          'the three group roles exist and cannot log in');
SELECT ok(NOT has_column_privilege('officeauto_readonly', 'officeauto.users', 'password_hash', 'SELECT')
          AND NOT has_column_privilege('officeauto_readonly', 'officeauto.user_sessions', 'token_digest', 'SELECT')
          AND NOT has_column_privilege('officeauto_readonly', 'officeauto.refresh_tokens', 'token_digest', 'SELECT')
          AND NOT has_column_privilege('officeauto_readonly', 'officeauto.credentials', 'encrypted_value', 'SELECT'),
          'officeauto_readonly cannot read password hashes, token digests or encrypted values');
SELECT ok(NOT EXISTS (SELECT FROM pg_roles WHERE rolname LIKE 'officeauto%' AND (rolbypassrls OR rolsuper)),
          'no group role bypasses row-level security');
SELECT is((SELECT count(*)::int FROM officeauto.schema_version WHERE kind = 'install' AND version = (SELECT extversion FROM pg_extension WHERE extname = 'officeauto')), 1,
          'the install is recorded in schema_version');

-- Unique and exclusion checks run before foreign keys, so a key that leaves out the tenant
-- column answers a row naming another organization's ids with 23505/23P01 when that
-- organization holds a match and 23503 when not. Every such key of a tenant table (one with
-- organization_id, or organizations itself, whose tenant column is id) therefore includes the
-- tenant column, unless no tenant-confined role (officeauto_app, officeauto_readonly) can
-- insert or update any of the key's columns (server-generated id and public_id, login
-- identifiers, token digests): a value nobody can name cannot be probed. officeauto_admin sees
-- every organization anyway. Key columns are the index's columns and those its expressions
-- use; a partial index's predicate only narrows which rows take part.
CREATE TEMP VIEW oa_tenant_keys AS
WITH tenant AS (
    SELECT c.oid AS relid,
           coalesce((SELECT a.attnum FROM pg_attribute a
                      WHERE a.attrelid = c.oid AND a.attname = 'organization_id' AND NOT a.attisdropped),
                    (SELECT d.refobjsubid FROM pg_policy p
                       JOIN pg_depend d ON d.classid = 'pg_policy'::regclass AND d.objid = p.oid
                                       AND d.refobjid = c.oid AND d.refobjsubid > 0
                      WHERE p.polrelid = c.oid AND p.polname = 'tenant_isolation' LIMIT 1)) AS tenant_att
      FROM pg_class c
     WHERE c.relnamespace = 'officeauto'::regnamespace AND c.relkind IN ('r', 'p'))
SELECT t.relid, ic.relname AS key_name, t.tenant_att,
       ARRAY(SELECT k::int2 FROM unnest(string_to_array(i.indkey::text, ' ')) k WHERE k <> '0'
             UNION
             SELECT m[1]::int2 FROM regexp_matches(coalesce(i.indexprs::text, ''), ':varattno (\d+)', 'g') m) AS key_columns
  FROM tenant t
  JOIN pg_index i ON i.indrelid = t.relid AND (i.indisunique OR i.indisexclusion)
  JOIN pg_class ic ON ic.oid = i.indexrelid
 WHERE t.tenant_att IS NOT NULL;
SELECT is(ARRAY(SELECT k.relid::regclass || '.' || k.key_name FROM oa_tenant_keys k
                 WHERE NOT (k.tenant_att = ANY (k.key_columns))
                   AND EXISTS (SELECT FROM unnest(k.key_columns) AS col, unnest(ARRAY['officeauto_app', 'officeauto_readonly']) AS r
                                WHERE has_column_privilege(r, k.relid, col, 'INSERT')
                                   OR has_column_privilege(r, k.relid, col, 'UPDATE'))
                 ORDER BY 1),
          '{}'::text[], 'every unique or exclusion key of a tenant table includes the tenant column, or has no column an application role can write');
SELECT ok((SELECT count(*) FROM oa_tenant_keys WHERE key_name = 'events_no_double_booking' AND tenant_att = ANY (key_columns)) = 1
          AND (SELECT count(*) FROM oa_tenant_keys WHERE key_name = 'users_email_key' AND NOT (tenant_att = ANY (key_columns))) = 1,
          '... the check sees exclusion constraints and expression indexes (it would catch a key lacking the tenant column)');

-- pg_restore -j loads the rows of the extension's tables in any order (restore_load_trigger).
SELECT is(ARRAY(SELECT c.relname FROM pg_class c
                 WHERE c.oid = ANY ((SELECT extconfig FROM pg_extension WHERE extname = 'officeauto')::oid[]) AND c.relkind = 'r'
                   AND NOT (EXISTS (SELECT FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = 'restore_load_begin' AND g.tgenabled = 'O')
                            AND EXISTS (SELECT FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = 'restore_load_end' AND g.tgenabled = 'A'))
                 ORDER BY 1),
          '{}'::name[], 'every table whose rows pg_dump keeps has the restore-load triggers (the end one enabled ALWAYS)');

-- A pg_dump by an officeauto_admin login reads every table, partition and sequence it dumps,
-- including monthly audit partitions made after the install.
CREATE TEMP TABLE oa_new_partitions AS SELECT officeauto.create_audit_partitions(1);
SELECT is(ARRAY(SELECT c.relname FROM pg_class c
                 WHERE c.relnamespace = 'officeauto'::regnamespace AND c.relkind IN ('r', 'p', 'S', 'm')
                   AND NOT has_table_privilege('officeauto_admin', c.oid, 'SELECT') ORDER BY 1),
          '{}'::name[], 'officeauto_admin reads every table, partition, sequence and materialized view of the schema');

SELECT * FROM finish();
ROLLBACK;
