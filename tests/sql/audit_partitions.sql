-- Monthly partitions of audit_logs: creation is idempotent, rows waiting in the default
-- partition move into their month, nothing is lost or duplicated, and only admins may run it.
BEGIN;
SELECT plan(12);
GRANT ALL ON pg_temp.__tcache__ TO PUBLIC;
GRANT ALL ON ALL SEQUENCES IN SCHEMA pg_temp TO PUBLIC;
CREATE ROLE oa_t_app NOLOGIN IN ROLE officeauto_app;
CREATE ROLE oa_t_admin NOLOGIN IN ROLE officeauto_admin;

SELECT officeauto.create_audit_partitions(3) AS first_run \gset
SELECT is(officeauto.create_audit_partitions(3), 0, 'a second run creates nothing (idempotent)');
SELECT ok(to_regclass('officeauto.' || to_char(now() AT TIME ZONE 'UTC' + interval '3 months', '"audit_logs_"YYYY_MM')) IS NOT NULL,
          'the partition three months ahead exists');

SELECT count(*) AS before FROM officeauto.audit_logs \gset
INSERT INTO officeauto.audit_logs (created_at, action, metadata)
VALUES ('2031-05-10 12:00+00', 'test.stray', '{"n": 1}'), ('2031-05-31 23:59:59+00', 'test.stray', '{"n": 2}'),
       ('2031-06-01 00:00+00', 'test.stray', '{"n": 3}');
SELECT is((SELECT count(*)::int FROM officeauto.audit_logs_default), 3, 'rows for months without a partition land in the default partition');
SELECT is(officeauto.create_audit_partitions(0), 2, 'maintenance creates the partitions the strays belong to');
SELECT is((SELECT count(*)::int FROM officeauto.audit_logs_default), 0, '... and moves them out of the default partition');
SELECT is((SELECT count(*)::int FROM officeauto.audit_logs_2031_05), 2, '... into their month (boundaries in UTC)');
SELECT is((SELECT count(*) FROM officeauto.audit_logs), :before + 3::bigint, 'no audit row is lost or duplicated');
SELECT throws_ok('SELECT officeauto.create_audit_partitions(-1)', '22023', NULL, 'a negative horizon is rejected');

-- The history index: stored without deduplication (its keys almost never repeat), and what a
-- row's history lookup reads.
SELECT is((SELECT c.reloptions FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = 'officeauto.audit_logs_2031_05'::regclass
              AND pg_get_indexdef(i.indexrelid) LIKE '%(record_id, created_at)%'),
          ARRAY['deduplicate_items=off'], 'a new partition''s record_id index is created without deduplication');
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE line text; result text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP result := result || line || E'\n'; END LOOP;
    RETURN result;
END $$;
SET LOCAL enable_seqscan = off;
SELECT matches(pg_temp.plan_of($q$SELECT * FROM officeauto.audit_logs
                                   WHERE record_id = officeauto.audit_record_id('officeauto.tasks', '{"id": 7}')
                                   ORDER BY created_at DESC$q$),
               'audit_logs_2031_05_record_id_created_at_idx', '... and a row''s history is read through it');
RESET enable_seqscan;

SET LOCAL ROLE oa_t_app;
SELECT throws_ok('SELECT officeauto.create_audit_partitions(1)', '42501', NULL, 'the application role may not manage partitions');
RESET ROLE;
SET LOCAL ROLE oa_t_admin;
SELECT lives_ok('SELECT officeauto.create_audit_partitions(4)', 'officeauto_admin may manage partitions');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
