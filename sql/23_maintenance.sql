-- Maintenance and monitoring: maintain_database() with a recorded report per run, and the
-- seeds' monitoring queries (slow queries, table sizes, index usage, unused indexes) as views
-- for the operator (officeauto_admin) and reporting logins (officeauto_readonly).
--
-- VACUUM is not here: it cannot run inside a function or a transaction block, so it is a
-- separate scheduled statement (README, "Maintenance").

------------------------------------------------------------------------------------------
-- Run history
------------------------------------------------------------------------------------------

-- One row per maintain_database() call, written by that function only (it runs with the
-- owner's rights; nobody else is granted INSERT, UPDATE or DELETE). A run is recorded in the
-- transaction that ran it: a run cancelled as a whole (statement_timeout, a killed backend)
-- leaves no row, like its work; a failing step is caught and recorded (see below).
CREATE TABLE officeauto.maintenance_runs (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at    timestamptz NOT NULL,
    finished_at   timestamptz NOT NULL,
    duration      interval GENERATED ALWAYS AS (finished_at - started_at) STORED,
    run_by        text NOT NULL,
    application_name text,
    succeeded     boolean NOT NULL,
    failed_steps  text[] NOT NULL DEFAULT '{}',
    report        jsonb NOT NULL,
    CHECK (finished_at >= started_at),
    CHECK (succeeded = (cardinality(failed_steps) = 0))
);
-- Not a tenant table (platform-wide counts, no organization); kept by pg_dump with its history.
SELECT officeauto._setup_table('officeauto.maintenance_runs', NULL, '');
CREATE INDEX maintenance_runs_started_at_idx ON officeauto.maintenance_runs (started_at);
COMMENT ON TABLE officeauto.maintenance_runs IS
    'One row per maintain_database() run: start, end, duration, the login that ran it (run_by, session user), success, failed steps and the full jsonb report. Written only by maintain_database(); kept 90 days (and always the last 100 runs). Readable by officeauto_admin and officeauto_readonly.';
COMMENT ON COLUMN officeauto.maintenance_runs.run_by IS 'Session user of the run (the pg_cron job''s username, or whoever called it).';
COMMENT ON COLUMN officeauto.maintenance_runs.failed_steps IS 'Steps whose work was rolled back (their error is in report -> step -> error), plus "<step>:analyze" when only the ANALYZE after a step failed.';
COMMENT ON COLUMN officeauto.maintenance_runs.report IS 'What maintain_database() returned, less run_id: per step ok, result, ms, analyzed relations and error (SQLSTATE and message).';
GRANT SELECT ON officeauto.maintenance_runs TO officeauto_admin, officeauto_readonly;
-- So that an officeauto_admin member's pg_dump can read the sequence (no USAGE: ids are the
-- function's to take).
GRANT SELECT ON SEQUENCE officeauto.maintenance_runs_id_seq TO officeauto_admin;

-- Rows inserted, updated or deleted so far in this transaction, per relation of the schema
-- (pg_stat_xact_all_tables counts the live subtransactions too). Comparing two calls tells
-- which relations a step changed, partitions and materialized views included.
CREATE FUNCTION officeauto._changed_rows() RETURNS jsonb
LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(jsonb_object_agg(s.relid::text, s.n_tup_ins + s.n_tup_upd + s.n_tup_del), '{}')
      FROM pg_stat_xact_all_tables s
     WHERE s.schemaname = 'officeauto' AND s.n_tup_ins + s.n_tup_upd + s.n_tup_del > 0
$$;
COMMENT ON FUNCTION officeauto._changed_rows() IS
    'Internal (maintain_database): rows changed so far in this transaction per officeauto relation, as {oid: count}.';

------------------------------------------------------------------------------------------
-- Partitions of the time-series tables (the manager is in 04_audit.sql)
------------------------------------------------------------------------------------------

-- Creates the partitions every partitioned table needs for the current period through
-- months_ahead months ahead: audit_logs and notifications by month, test_executions by quarter
-- (a quarter is created once any of its months is due). Rows waiting in a default partition
-- for such a period move into it. Idempotent; returns the partitions created per table.
CREATE FUNCTION officeauto.create_partitions(months_ahead integer DEFAULT 3)
RETURNS jsonb
LANGUAGE plpgsql
-- Definer rights: officeauto_admin (and maintain_database) may run it without owning the tables.
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > 120 THEN
        RAISE EXCEPTION 'months_ahead must be between 0 and 120, got %', months_ahead
            USING ERRCODE = '22023';
    END IF;
    RETURN jsonb_build_object(
        'officeauto.audit_logs', officeauto._create_partitions('officeauto.audit_logs', 'month', months_ahead,
                                                               'officeauto._index_audit_partition'),
        'officeauto.notifications', officeauto._create_partitions('officeauto.notifications', 'month', months_ahead,
                                                                  'officeauto._index_notification_partition'),
        'officeauto.test_executions', officeauto._create_partitions('officeauto.test_executions', 'quarter', months_ahead,
                                                                    'officeauto._index_test_execution_partition'));
END
$$;
REVOKE ALL ON FUNCTION officeauto.create_partitions(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto.create_partitions(integer) TO officeauto_admin;
COMMENT ON FUNCTION officeauto.create_partitions(integer) IS
    'Creates the partitions of audit_logs and notifications (monthly) and test_executions (quarterly) for the current period through months_ahead months ahead, and for any period with rows waiting in a default partition, moving those rows in. Idempotent; returns {table: partitions created}. officeauto_admin only.';

-- Drops whole partitions whose period ended longer ago than the table's retention setting:
-- officeauto.notification_retention and officeauto.test_execution_retention (empty: keep
-- everything). A DROP TABLE costs the same whatever the row count and leaves no dead rows to
-- vacuum. Only dated partitions go: rows still in a default partition wait for
-- create_partitions() to give them one (maintain_database runs it first). Each drop is
-- recorded in the audit trail as a partition_dropped event with its row count (the rows
-- themselves are not copied there). The audit trail has its own retention
-- (archive_audit_logs, purge_audit_archive). Dropping a partition locks its parent exclusively
-- for a moment: under a short lock_timeout, so the drop never waits behind a long reader with
-- every reader and writer of the table queued behind it; a drop that times out fails the call
-- (55P03) and the next run tries again.
CREATE FUNCTION officeauto.drop_expired_partitions()
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    loaded boolean := officeauto._ensure_loaded();  -- first: the settings below are the library's
    t record;
    retention interval;
    p record;
    n bigint;
    rows_dropped bigint;
    part_name text;
    report jsonb := '{}';
    saved_timeout text := current_setting('lock_timeout');
BEGIN
    FOR t IN SELECT * FROM (VALUES ('officeauto.notifications'::regclass, 'officeauto.notification_retention'),
                                   ('officeauto.test_executions'::regclass, 'officeauto.test_execution_retention')) AS v(tbl, setting)
    LOOP
        retention := nullif(btrim(current_setting(t.setting)), '')::interval;
        CONTINUE WHEN retention IS NULL;
        IF retention < interval '0' THEN
            RAISE EXCEPTION '% must be a non-negative interval, got %', t.setting, retention USING ERRCODE = '22023';
        END IF;
        PERFORM pg_advisory_xact_lock(hashtext('officeauto._create_partitions ' || t.tbl::text));
        rows_dropped := 0;
        FOR p IN
            SELECT c.oid::regclass AS part
              FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
             WHERE i.inhparent = t.tbl AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'
               -- Bounds are UUID v7 floors, which order as their times do.
               AND substring(pg_get_expr(c.relpartbound, c.oid) FROM $r$TO \('([^']*)'\)$r$)::uuid
                   <= officeauto._uuid_v7_floor(now() - retention)
             ORDER BY 1
        LOOP
            part_name := p.part::text;  -- before the drop, which leaves only an oid
            EXECUTE format('SELECT count(*) FROM %s', p.part) INTO n;
            PERFORM set_config('lock_timeout', '2s', true);
            EXECUTE format('DROP TABLE %s', p.part);
            PERFORM set_config('lock_timeout', saved_timeout, true);
            PERFORM officeauto._log_activity('partition_dropped',
                jsonb_build_object('table', t.tbl::text, 'partition', part_name, 'rows', n,
                                   'retention', retention::text)::text);
            rows_dropped := rows_dropped + n;
        END LOOP;
        report := report || jsonb_build_object(t.tbl::text, rows_dropped);
    END LOOP;
    RETURN report;
END
$$;
REVOKE ALL ON FUNCTION officeauto.drop_expired_partitions() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto.drop_expired_partitions() TO officeauto_admin;
COMMENT ON FUNCTION officeauto.drop_expired_partitions() IS
    'Drops the notifications and test_executions partitions whose period ended longer ago than officeauto.notification_retention / officeauto.test_execution_retention (empty: kept), each recorded as a partition_dropped audit event; returns {table: rows dropped} for tables with a retention. officeauto_admin only.';

------------------------------------------------------------------------------------------
-- maintain_database()
------------------------------------------------------------------------------------------

-- Each step runs in its own subtransaction (a BEGIN ... EXCEPTION block): a failing step is
-- rolled back alone, recorded with its SQLSTATE and message, and the other steps' work is
-- kept and committed with the run. Only the message is kept, never DETAIL or CONTEXT, which
-- may quote row values.
--
-- After a step that changed rows, the relations it changed are ANALYZEd (only those, and only
-- when the step's work was kept), so the planner sees the effect of a large cleanup at once
-- instead of at autovacuum's next threshold. ANALYZE reads a bounded sample (300 x
-- default_statistics_target rows), so its cost does not grow with the table. It waits at most
-- 2 s for its lock (a VACUUM of the same table holds a conflicting one); a table it could not
-- analyze is left to autovacuum and reported.
CREATE FUNCTION officeauto.maintain_database() RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    started timestamptz := clock_timestamp();
    report jsonb := '{}';
    failed text[] := '{}';
    t0 timestamptz;
    step text;
    result jsonb;
    entry jsonb;
    before jsonb;
    after jsonb;
    rel regclass;
    analyzed text[];
    analyze_errors jsonb;
    saved_timeout text;
    purged bigint;
    run_id bigint;
    err_state text;
    err_message text;
BEGIN
    -- On a hot standby every step would fail (25006) and the run could not be recorded.
    PERFORM officeauto._require_primary('maintain_database');
    FOREACH step IN ARRAY ARRAY['refresh_user_dashboard_stats', 'refresh_project_stats', 'cleanup_expired_sessions',
                                'expire_notifications', 'create_partitions', 'drop_expired_partitions',
                                'archive_audit_logs', 'purge_audit_archive'] LOOP
        t0 := clock_timestamp();
        before := officeauto._changed_rows();
        BEGIN
            CASE step
                WHEN 'refresh_user_dashboard_stats' THEN
                    REFRESH MATERIALIZED VIEW CONCURRENTLY officeauto.user_dashboard_stats; result := 'true';
                WHEN 'refresh_project_stats' THEN
                    REFRESH MATERIALIZED VIEW CONCURRENTLY officeauto.project_stats; result := 'true';
                WHEN 'cleanup_expired_sessions' THEN result := to_jsonb(officeauto.cleanup_expired_sessions());
                WHEN 'expire_notifications' THEN result := to_jsonb(officeauto.expire_notifications());
                WHEN 'create_partitions' THEN result := officeauto.create_partitions(3);
                WHEN 'drop_expired_partitions' THEN result := officeauto.drop_expired_partitions();
                WHEN 'archive_audit_logs' THEN result := to_jsonb(officeauto.archive_audit_logs());
                WHEN 'purge_audit_archive' THEN result := to_jsonb(officeauto.purge_audit_archive());
            END CASE;
            entry := jsonb_build_object('ok', true, 'result', result);
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS err_state = RETURNED_SQLSTATE, err_message = MESSAGE_TEXT;
            entry := jsonb_build_object('ok', false, 'result', NULL,
                                        'error', jsonb_build_object('sqlstate', err_state, 'message', left(err_message, 500)));
            failed := failed || step;
            RAISE WARNING 'maintain_database: step % failed (SQLSTATE %): %', step, err_state, err_message;
        END;

        -- The relations whose counters moved during a step that was kept.
        analyzed := '{}';
        analyze_errors := '[]';
        IF (entry ->> 'ok')::boolean THEN
            after := officeauto._changed_rows();
            -- A changed partition stands for its partitioned table: the planner reads the
            -- parent's statistics for any query that is not pruned to one partition, and
            -- autovacuum never analyzes a partitioned table. ANALYZE of the parent samples the
            -- whole tree and analyzes each partition too, so its cost grows with the number of
            -- partitions kept (each sample is bounded), not with their rows.
            FOR rel IN
                SELECT r FROM (
                    SELECT DISTINCT coalesce(pg_partition_root(a.key::oid::regclass), a.key::oid::regclass) AS r
                      FROM jsonb_each_text(after) a
                     WHERE a.value::bigint > coalesce((before ->> a.key)::bigint, 0)
                       AND EXISTS (SELECT FROM pg_class c WHERE c.oid = a.key::oid)) changed
                 ORDER BY r::text
            LOOP
                saved_timeout := current_setting('lock_timeout');
                BEGIN
                    PERFORM set_config('lock_timeout', '2s', true);
                    EXECUTE format('ANALYZE %s', rel);
                    analyzed := analyzed || rel::text;
                EXCEPTION WHEN OTHERS THEN
                    GET STACKED DIAGNOSTICS err_state = RETURNED_SQLSTATE, err_message = MESSAGE_TEXT;
                    analyze_errors := analyze_errors || jsonb_build_object('relation', rel::text, 'sqlstate', err_state,
                                                                           'message', left(err_message, 500));
                END;
                PERFORM set_config('lock_timeout', saved_timeout, true);
            END LOOP;
            IF jsonb_array_length(analyze_errors) > 0 THEN
                failed := failed || (step || ':analyze');
                RAISE WARNING 'maintain_database: ANALYZE after step % failed: %', step, analyze_errors;
            END IF;
        END IF;

        report := report || jsonb_build_object(step,
            entry || jsonb_build_object('ms', round(extract(epoch FROM clock_timestamp() - t0) * 1000, 1),
                                        'analyzed', to_jsonb(analyzed))
                  || CASE WHEN jsonb_array_length(analyze_errors) > 0
                          THEN jsonb_build_object('analyze_errors', analyze_errors) ELSE '{}' END);
    END LOOP;

    -- Retention of the run history: 90 days covers a quarter of trends (step durations, rows
    -- cleaned) and is longer than anyone waits to look at a failure; the newest 100 runs stay
    -- whatever their age, so a rarely scheduled job keeps some history. At one run every 30
    -- minutes that is about 4,300 rows of a few hundred bytes to a few kilobytes each.
    DELETE FROM officeauto.maintenance_runs
     WHERE started_at < now() - interval '90 days'
       AND id < (SELECT coalesce(min(id), 0) FROM (SELECT id FROM officeauto.maintenance_runs
                                                     ORDER BY id DESC LIMIT 99) newest);
    GET DIAGNOSTICS purged = ROW_COUNT;

    report := report || jsonb_build_object('started_at', started, 'finished_at', clock_timestamp(),
                                           'succeeded', cardinality(failed) = 0, 'failed_steps', to_jsonb(failed),
                                           'maintenance_runs_purged', purged);
    INSERT INTO officeauto.maintenance_runs (started_at, finished_at, run_by, application_name, succeeded, failed_steps, report)
    VALUES (started, (report ->> 'finished_at')::timestamptz, session_user,
            nullif(current_setting('application_name', true), ''), cardinality(failed) = 0, failed, report)
    RETURNING id INTO run_id;
    RETURN report || jsonb_build_object('run_id', run_id);
END
$$;
COMMENT ON FUNCTION officeauto.maintain_database() IS
    'Routine maintenance in one call: refreshes the dashboard materialized views concurrently, cleans up sessions, expires notifications, creates the next partitions (audit_logs, notifications, test_executions), drops expired ones, archives old audit rows and purges the archive; each step in its own subtransaction (a failing step is rolled back alone and reported), then ANALYZE of the relations each kept step changed. Records the run in maintenance_runs and returns its jsonb report (per step ok, result, ms, analyzed, error). officeauto_admin only; schedule it with pg_cron (README).';
REVOKE ALL ON FUNCTION officeauto.maintain_database(), officeauto._changed_rows() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto.maintain_database() TO officeauto_admin;

------------------------------------------------------------------------------------------
-- Monitoring views (seeds 001, 003, 004: slow queries, table sizes, index usage, unused
-- indexes), scoped to this database (slow queries) or to the officeauto schema (the rest).
-- Readable by officeauto_admin and officeauto_readonly; they run with the caller's rights
-- (security_invoker) and read only the statistics and catalog, which hold no row data.
------------------------------------------------------------------------------------------

-- pg_stat_statements is optional, so slow_queries reads it through this function, which looks
-- it up when called: a view naming pg_stat_statements directly could not be created without
-- it, would have to be created conditionally at CREATE EXTENSION time, and would then be
-- missing after a restore or an upgrade that runs before pg_stat_statements is created (and
-- would block DROP EXTENSION pg_stat_statements). This function survives pg_dump/restore and
-- ALTER EXTENSION UPDATE unchanged and works as soon as pg_stat_statements is installed, in
-- whatever schema. Without it, the caller gets 55000 with a hint rather than an empty result
-- that would look like "no slow queries".
-- Caller's rights: pg_stat_statements shows the text of other roles' statements only to
-- superusers and pg_read_all_stats members; a reporting login that is neither sees its own.
CREATE FUNCTION officeauto._statement_stats()
RETURNS TABLE (role_name name, query text, calls bigint, total_exec_ms double precision,
               mean_exec_ms double precision, max_exec_ms double precision, stddev_exec_ms double precision,
               rows bigint, shared_blks_hit bigint, shared_blks_read bigint, cache_hit_ratio numeric,
               temp_blks_written bigint, queryid bigint)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    pss_schema name;
BEGIN
    SELECT n.nspname INTO pss_schema
      FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'pg_stat_statements';
    IF pss_schema IS NULL THEN
        RAISE EXCEPTION 'pg_stat_statements is not installed in this database'
            USING ERRCODE = '55000',
                  HINT = 'Add pg_stat_statements to shared_preload_libraries, restart, then CREATE EXTENSION pg_stat_statements.';
    END IF;
    RETURN QUERY EXECUTE format(
        $q$SELECT r.rolname, s.query, s.calls, s.total_exec_time, s.mean_exec_time, s.max_exec_time,
                  s.stddev_exec_time, s.rows, s.shared_blks_hit, s.shared_blks_read,
                  round(100.0 * s.shared_blks_hit / nullif(s.shared_blks_hit + s.shared_blks_read, 0), 1),
                  s.temp_blks_written, s.queryid
             FROM %I.pg_stat_statements s
             LEFT JOIN pg_roles r ON r.oid = s.userid
            WHERE s.dbid = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())
            ORDER BY s.mean_exec_time DESC$q$, pss_schema);
END
$$;
COMMENT ON FUNCTION officeauto._statement_stats() IS
    'Internal (slow_queries): pg_stat_statements rows of this database, slowest mean first; looked up at call time (55000 when pg_stat_statements is not installed).';

CREATE VIEW officeauto.slow_queries WITH (security_invoker = true) AS
SELECT * FROM officeauto._statement_stats();
COMMENT ON VIEW officeauto.slow_queries IS
    'Statements of this database from pg_stat_statements, slowest mean execution time first (seed 001), with calls, total/max/stddev time, rows and buffer cache hit ratio. Needs pg_stat_statements (55000 otherwise); query texts of other roles are shown to superusers and pg_read_all_stats members only.';

CREATE VIEW officeauto.table_sizes WITH (security_invoker = true) AS
SELECT c.oid::regclass AS table_name,
       CASE c.relkind WHEN 'p' THEN 'partitioned table' WHEN 'm' THEN 'materialized view'
                      ELSE CASE WHEN c.relispartition THEN 'partition' ELSE 'table' END END AS kind,
       (SELECT i.inhparent::regclass FROM pg_inherits i WHERE i.inhrelid = c.oid) AS partition_of,
       sz.total_bytes, pg_size_pretty(sz.total_bytes) AS total_size,
       sz.table_bytes, sz.index_bytes, sz.total_bytes - sz.table_bytes - sz.index_bytes AS toast_bytes,
       CASE WHEN c.relkind <> 'p' AND c.reltuples >= 0 THEN c.reltuples::bigint END AS estimated_rows,
       st.n_live_tup AS live_rows, st.n_dead_tup AS dead_rows,
       greatest(st.last_vacuum, st.last_autovacuum) AS last_vacuum,
       greatest(st.last_analyze, st.last_autoanalyze) AS last_analyze
  FROM pg_class c
  LEFT JOIN pg_stat_all_tables st ON st.relid = c.oid
  CROSS JOIN LATERAL (
        -- A partitioned table stores nothing itself: its size is its partitions'.
        SELECT sum(pg_total_relation_size(t.relid))::bigint AS total_bytes,
               sum(pg_relation_size(t.relid) + pg_relation_size(t.relid, 'fsm') + pg_relation_size(t.relid, 'vm'))::bigint AS table_bytes,
               sum(pg_indexes_size(t.relid))::bigint AS index_bytes
          FROM (SELECT c.oid::regclass AS relid WHERE c.relkind <> 'p'
                UNION ALL
                SELECT p.relid FROM pg_partition_tree(c.oid) p WHERE c.relkind = 'p' AND p.isleaf) t) sz
 WHERE c.relnamespace = 'officeauto'::regnamespace AND c.relkind IN ('r', 'p', 'm');
COMMENT ON VIEW officeauto.table_sizes IS
    'Size of every table, partition, partitioned table (sum of its partitions) and materialized view of the officeauto schema (seed 001 "largest tables", 004 "table size monitoring"): total, heap, index and TOAST bytes, estimated rows (NULL before the first ANALYZE), live/dead rows, last (auto)vacuum and analyze. Order by total_bytes DESC for the largest.';

CREATE VIEW officeauto.index_usage WITH (security_invoker = true) AS
SELECT s.relid::regclass AS table_name, s.indexrelid::regclass AS index_name,
       s.idx_scan, s.idx_tup_read, s.idx_tup_fetch,
       pg_relation_size(s.indexrelid) AS index_bytes, pg_size_pretty(pg_relation_size(s.indexrelid)) AS index_size,
       i.indisunique AS is_unique, i.indisprimary AS is_primary,
       EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = s.indexrelid AND k.contype IN ('p', 'u', 'x')) AS backs_constraint,
       pg_get_indexdef(s.indexrelid) AS definition
  FROM pg_stat_all_indexes s
  JOIN pg_index i ON i.indexrelid = s.indexrelid
 WHERE s.schemaname = 'officeauto';
COMMENT ON VIEW officeauto.index_usage IS
    'Scans and size of every index of the officeauto schema (seed 001 "index usage", 003 pg_stat_user_indexes): idx_scan, tuples read/fetched, size, unique/primary/constraint, definition. Counts are since the last statistics reset, on this server only (a standby counts its own).';

CREATE VIEW officeauto.unused_indexes WITH (security_invoker = true) AS
SELECT u.table_name, u.index_name, u.index_bytes, u.index_size, u.definition,
       (SELECT d.stats_reset FROM pg_stat_database d WHERE d.datname = current_database()) AS counted_since
  FROM officeauto.index_usage u
 WHERE u.idx_scan = 0 AND NOT u.backs_constraint AND NOT u.is_unique;
COMMENT ON VIEW officeauto.unused_indexes IS
    'Indexes of the officeauto schema never scanned since counted_since (seed 004 "unused index identification"), largest first when ordered by index_bytes. Indexes enforcing a primary key, unique or exclusion constraint are left out (they work without being scanned). Before dropping one: statistics are per server (check replicas), reset by pg_stat_reset, and a new audit partition has no scans yet; the extension''s own indexes come back with an upgrade.';

REVOKE ALL ON FUNCTION officeauto._statement_stats() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto._statement_stats() TO officeauto_admin, officeauto_readonly;
REVOKE ALL ON officeauto.slow_queries, officeauto.table_sizes, officeauto.index_usage, officeauto.unused_indexes FROM PUBLIC;
GRANT SELECT ON officeauto.slow_queries, officeauto.table_sizes, officeauto.index_usage, officeauto.unused_indexes
   TO officeauto_admin, officeauto_readonly;
