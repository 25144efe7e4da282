-- maintain_database() and its run history, and the monitoring views: who may read and write
-- what, the report of a run, ANALYZE of what a step changed (and only that), a failing step
-- rolled back alone and recorded, retention of the history. tests/shell/pg_cron.sh runs it
-- from pg_cron on a Debian-style cluster and reads slow_queries with pg_stat_statements.
BEGIN;
SELECT plan(29);
GRANT ALL ON pg_temp.__tcache__ TO PUBLIC;
GRANT ALL ON ALL SEQUENCES IN SCHEMA pg_temp TO PUBLIC;
CREATE ROLE oa_t_app NOLOGIN IN ROLE officeauto_app;
CREATE ROLE oa_t_ro NOLOGIN IN ROLE officeauto_readonly;
CREATE ROLE oa_t_admin NOLOGIN IN ROLE officeauto_admin;
SELECT id AS acme FROM officeauto.organizations WHERE slug = 'acme' \gset
SELECT id AS bob FROM officeauto.users WHERE username = 'bob' \gset

-- Privileges.
SELECT ok(has_table_privilege('officeauto_admin', 'officeauto.maintenance_runs', 'SELECT')
          AND has_table_privilege('officeauto_readonly', 'officeauto.maintenance_runs', 'SELECT'),
          'officeauto_admin and officeauto_readonly read maintenance_runs');
SELECT is(ARRAY(SELECT r || ':' || p FROM unnest(ARRAY['officeauto_admin', 'officeauto_readonly', 'officeauto_app']) r,
                                          unnest(ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) p
                 WHERE has_table_privilege(r, 'officeauto.maintenance_runs', p)),
          '{}'::text[], 'nobody but maintain_database() (definer) writes maintenance_runs');
SELECT ok(NOT has_table_privilege('officeauto_app', 'officeauto.maintenance_runs', 'SELECT'),
          'officeauto_app does not read maintenance_runs');
SELECT is(ARRAY(SELECT v FROM unnest(ARRAY['slow_queries', 'table_sizes', 'index_usage', 'unused_indexes']) v
                 WHERE NOT (has_table_privilege('officeauto_admin', 'officeauto.' || v, 'SELECT')
                            AND has_table_privilege('officeauto_readonly', 'officeauto.' || v, 'SELECT'))
                    OR has_table_privilege('officeauto_app', 'officeauto.' || v, 'SELECT')
                    OR has_table_privilege('public', 'officeauto.' || v, 'SELECT')),
          '{}'::text[], 'the monitoring views are readable by officeauto_admin and officeauto_readonly only');
SELECT ok(NOT has_function_privilege('officeauto_readonly', 'officeauto.maintain_database()', 'EXECUTE')
          AND NOT has_function_privilege('officeauto_app', 'officeauto.maintain_database()', 'EXECUTE')
          AND has_function_privilege('officeauto_admin', 'officeauto.maintain_database()', 'EXECUTE'),
          'only officeauto_admin runs maintain_database()');

-- A run: every step kept, the changed relations analyzed, the run recorded.
INSERT INTO officeauto.notifications (organization_id, recipient_id, kind, title, created_at, expires_at)
VALUES (:acme, :bob, 'system', 'Old news', now() - interval '2 days', now() - interval '1 day');
SELECT count(*) AS runs_before FROM officeauto.maintenance_runs \gset
SELECT coalesce(analyze_count, 0) AS notif_analyzed FROM pg_stat_all_tables WHERE relid = 'officeauto.notifications'::regclass \gset
SET LOCAL ROLE oa_t_admin;
SELECT officeauto.maintain_database() AS report \gset
RESET ROLE;
SELECT ok((:'report'::jsonb ->> 'succeeded')::boolean AND :'report'::jsonb -> 'failed_steps' = '[]',
          'a clean run reports success and no failed step');
SELECT is((SELECT count(*) FROM jsonb_each(:'report'::jsonb) s WHERE jsonb_typeof(s.value) = 'object'
                                                                AND (s.value ->> 'ok')::boolean AND s.value ? 'ms'),
          8::bigint, 'each of the eight steps is reported ok with its duration');
SELECT ok((:'report'::jsonb -> 'refresh_project_stats' ->> 'result')::boolean
          AND (:'report'::jsonb -> 'expire_notifications' ->> 'result')::int >= 1,
          'the steps still report their results (refreshed, notifications expired)');
SELECT ok(:'report'::jsonb -> 'expire_notifications' -> 'analyzed' ? 'officeauto.notifications',
          'the relations a step changed are analyzed (expire_notifications: notifications)');
SELECT is(:'report'::jsonb -> 'cleanup_expired_sessions' -> 'analyzed', '[]'::jsonb,
          'a step that changed no rows analyzes nothing');
SELECT ok(NOT EXISTS (SELECT FROM jsonb_each(:'report'::jsonb) s, jsonb_array_elements_text(s.value -> 'analyzed') r
                       WHERE jsonb_typeof(s.value) = 'object' AND r NOT LIKE 'officeauto.%'),
          'only relations of the officeauto schema are analyzed');
SELECT pg_stat_clear_snapshot();
SELECT cmp_ok((SELECT analyze_count FROM pg_stat_all_tables WHERE relid = 'officeauto.notifications'::regclass),
              '>', :notif_analyzed::bigint, '... and ANALYZE really ran on it');
SELECT is((SELECT count(*) FROM officeauto.maintenance_runs), :runs_before::bigint + 1, 'the run is recorded in maintenance_runs');
SELECT is((SELECT ARRAY[run_by, succeeded::text, (duration = finished_at - started_at)::text, (report = :'report'::jsonb - 'run_id')::text]
             FROM officeauto.maintenance_runs WHERE id = (:'report'::jsonb ->> 'run_id')::bigint),
          ARRAY[session_user::text, 'true', 'true', 'true'],
          '... with who ran it (the session user), success, duration and the report it returned');

-- A failing step: rolled back alone, recorded with SQLSTATE and message; the others' work kept.
REFRESH MATERIALIZED VIEW officeauto.project_stats WITH NO DATA;  -- CONCURRENTLY now fails (0A000)
INSERT INTO officeauto.notifications (organization_id, recipient_id, kind, title, created_at, expires_at)
VALUES (:acme, :bob, 'system', 'Older news', now() - interval '2 days', now() - interval '1 day')
RETURNING id AS stale_notification \gset
SET LOCAL ROLE oa_t_admin;
SELECT officeauto.maintain_database() AS report \gset
RESET ROLE;
SELECT is(:'report'::jsonb -> 'failed_steps', '["refresh_project_stats"]'::jsonb, 'a failing step is reported by name');
SELECT is(:'report'::jsonb -> 'refresh_project_stats' -> 'error' ->> 'sqlstate', '0A000', '... with its SQLSTATE');
SELECT matches(:'report'::jsonb -> 'refresh_project_stats' -> 'error' ->> 'message', 'not populated', '... and its message');
SELECT is(ARRAY(SELECT jsonb_object_keys(:'report'::jsonb -> 'refresh_project_stats' -> 'error') ORDER BY 1),
          ARRAY['message', 'sqlstate'], '... and nothing else of the error (no DETAIL or CONTEXT, which may quote row values)');
SELECT ok(NOT EXISTS (SELECT FROM officeauto.notifications WHERE id = :stale_notification)
          AND (:'report'::jsonb -> 'expire_notifications' ->> 'ok')::boolean,
          'the other steps'' work is kept (the expired notification is gone)');
SELECT is((SELECT ARRAY[succeeded::text, failed_steps::text] FROM officeauto.maintenance_runs
            WHERE id = (:'report'::jsonb ->> 'run_id')::bigint),
          ARRAY['false', '{refresh_project_stats}'], 'the failed run is recorded as such');
SELECT is(:'report'::jsonb -> 'refresh_project_stats' -> 'analyzed', '[]'::jsonb, 'a failed step analyzes nothing');
REFRESH MATERIALIZED VIEW officeauto.project_stats;

-- Retention: runs older than 90 days go, but the newest 100 runs stay whatever their age.
INSERT INTO officeauto.maintenance_runs (started_at, finished_at, run_by, succeeded, report)
SELECT now() - interval '100 days', now() - interval '100 days', 'test', true, '{}' FROM generate_series(1, 150);
SELECT count(*) AS recent_runs FROM officeauto.maintenance_runs WHERE started_at > now() - interval '90 days' \gset
SET LOCAL ROLE oa_t_admin;
SELECT officeauto.maintain_database() AS report \gset
RESET ROLE;
SELECT is((:'report'::jsonb ->> 'maintenance_runs_purged')::int, 51, 'runs older than 90 days beyond the newest 100 are purged');
SELECT is((SELECT count(*) FROM officeauto.maintenance_runs WHERE started_at > now() - interval '90 days'), :recent_runs::bigint + 1,
          '... and no run of the last 90 days');

-- Monitoring views as the reporting role.
SET LOCAL ROLE oa_t_ro;
SELECT ok((SELECT total_bytes = (SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('officeauto.audit_logs') WHERE isleaf)
             FROM officeauto.table_sizes WHERE table_name = 'officeauto.audit_logs'::regclass),
          'table_sizes: a partitioned table weighs what its partitions do');
SELECT ok((SELECT count(*) > 0 FROM officeauto.table_sizes WHERE kind = 'partition' AND partition_of = 'officeauto.audit_logs'::regclass)
          AND NOT EXISTS (SELECT FROM officeauto.table_sizes WHERE table_name::text NOT LIKE 'officeauto.%'),
          'table_sizes lists the schema''s tables and partitions, nothing else');
SELECT ok((SELECT count(*) > 0 FROM officeauto.index_usage WHERE index_name = 'officeauto.users_pkey'::regclass AND is_primary),
          'index_usage lists the schema''s indexes with their scans');
SELECT ok(NOT EXISTS (SELECT FROM officeauto.unused_indexes u JOIN pg_index i ON i.indexrelid = u.index_name
                       WHERE i.indisunique OR i.indisprimary),
          'unused_indexes leaves out indexes that enforce a key');
SELECT throws_ok('SELECT * FROM officeauto.slow_queries', '55000', 'pg_stat_statements is not installed in this database',
                 'slow_queries without pg_stat_statements: 55000, not an empty list');
RESET ROLE;
SET LOCAL ROLE oa_t_app;
SELECT throws_ok('SELECT * FROM officeauto.table_sizes', '42501', NULL, 'officeauto_app does not read the monitoring views');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
