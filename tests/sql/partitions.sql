-- Partitioned notifications (monthly) and test executions (quarterly), managed with the audit
-- log by create_partitions() and drop_expired_partitions(): partitions are created ahead,
-- rows waiting in a default partition move into theirs without firing row triggers, the
-- application keeps working through the parent under its policies, lookups by public_id are
-- pruned to one partition, partitions are closed to the application, and retention drops
-- whole expired periods only.
BEGIN;
SELECT plan(43);
GRANT ALL ON pg_temp.__tcache__ TO PUBLIC;
GRANT ALL ON ALL SEQUENCES IN SCHEMA pg_temp TO PUBLIC;
CREATE ROLE oa_t_app NOLOGIN IN ROLE officeauto_app;
CREATE ROLE oa_t_admin NOLOGIN IN ROLE officeauto_admin;
CREATE ROLE oa_t_ro NOLOGIN IN ROLE officeauto_readonly;
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE line text; acc text := '';
BEGIN FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP acc := acc || line || E'\n'; END LOOP; RETURN acc; END $$;
GRANT EXECUTE ON FUNCTION pg_temp.plan_of(text) TO PUBLIC;
SELECT id AS acme FROM officeauto.organizations WHERE slug = 'acme' \gset
SELECT json_object_agg(username, id) AS u FROM officeauto.users \gset
SELECT (:'u'::json->>'emma') AS emma, (:'u'::json->>'carol') AS carol, (:'u'::json->>'bob') AS bob,
       (:'u'::json->>'alice') AS alice \gset
-- A session per user: the application authenticates each request with its token.
CREATE TEMP TABLE tokens (username text PRIMARY KEY, token text NOT NULL DEFAULT officeauto._new_token());
INSERT INTO tokens (username) VALUES ('emma'), ('carol'), ('bob'), ('alice');
INSERT INTO officeauto.user_sessions (organization_id, user_id, client_type, token_digest, expires_at)
SELECT u.organization_id, u.id, 'desktop', officeauto.token_digest(t.token), now() + interval '1 hour'
  FROM tokens t JOIN officeauto.users u ON u.username = t.username;
SELECT json_object_agg(username, token) AS tok FROM tokens \gset
SELECT id AS tc FROM officeauto.test_cases WHERE title = 'Invoice download' \gset
SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY_MM') AS this_month,
       to_char(date_trunc('quarter', now() AT TIME ZONE 'UTC'), 'YYYY_MM') AS this_quarter \gset

-- The shape a fresh install has.
SELECT is((SELECT pg_get_partkeydef(c.oid) FROM pg_class c WHERE c.oid = 'officeauto.notifications'::regclass),
          'RANGE (public_id)', 'notifications is partitioned by range of public_id');
SELECT is((SELECT pg_get_partkeydef(c.oid) FROM pg_class c WHERE c.oid = 'officeauto.test_executions'::regclass),
          'RANGE (public_id)', 'test_executions is partitioned by range of public_id');
SELECT ok((SELECT count(*) FROM officeauto.notifications_default) > 0
          AND (SELECT count(*) FROM officeauto.test_executions_default) > 0,
          'before any partition exists, the sample''s rows wait in the default partitions');

-- Partitions ahead; the rows move out of the default partitions, with no audit row.
SELECT count(*) AS notes_before FROM officeauto.notifications \gset
SELECT count(*) AS runs_before FROM officeauto.test_executions \gset
SELECT string_agg(id::text || ':' || public_id || ':' || version, ',' ORDER BY id) AS notes_rows FROM officeauto.notifications \gset
SELECT count(*) AS audit_before FROM officeauto.audit_logs \gset
SET LOCAL ROLE oa_t_app;
SELECT throws_ok('SELECT officeauto.create_partitions(1)', '42501', NULL, 'the application role may not create partitions');
SELECT throws_ok('SELECT officeauto.drop_expired_partitions()', '42501', NULL, '... nor drop them');
RESET ROLE;
SET LOCAL ROLE oa_t_admin;
SELECT officeauto.create_partitions(2) AS created \gset
RESET ROLE;
SELECT ok((:'created'::jsonb ->> 'officeauto.notifications')::int >= 3 AND (:'created'::jsonb ->> 'officeauto.test_executions')::int >= 1
          AND :'created'::jsonb ? 'officeauto.audit_logs',
          'officeauto_admin creates the partitions of every partitioned table and gets the count per table');
SELECT ok(to_regclass('officeauto.notifications_' || to_char(now() AT TIME ZONE 'UTC' + interval '2 months', 'YYYY_MM')) IS NOT NULL
          AND to_regclass('officeauto.notifications_' || :'this_month') IS NOT NULL,
          'notifications get a partition per month, this one through two ahead');
SELECT ok(to_regclass('officeauto.test_executions_' || :'this_quarter') IS NOT NULL
          AND (to_regclass('officeauto.test_executions_' || :'this_month') IS NULL OR :'this_month' = :'this_quarter'),
          'test executions get a partition per quarter, named by its first month');
SELECT is((SELECT count(*)::int FROM officeauto.notifications_default) + (SELECT count(*)::int FROM officeauto.test_executions_default),
          0, 'the rows that waited in the default partitions moved to their period');
SELECT is((SELECT string_agg(id::text || ':' || public_id || ':' || version, ',' ORDER BY id) FROM officeauto.notifications),
          :'notes_rows', '... every notification kept, with its id, public id and version');
SELECT is((SELECT count(*) FROM officeauto.test_executions), :runs_before::bigint, '... every test execution kept');
SELECT is((SELECT count(*) FROM officeauto.audit_logs), :audit_before::bigint,
          '... and the move wrote no audit row (rows changed partition, not content)');
SELECT is(officeauto.create_partitions(2),
          '{"officeauto.audit_logs": 0, "officeauto.notifications": 0, "officeauto.test_executions": 0}'::jsonb,
          'a second run creates nothing (idempotent)');
SELECT is((SELECT count(*)::int FROM pg_inherits i JOIN pg_index x ON x.indrelid = i.inhrelid
            WHERE i.inhparent = 'officeauto.notifications'::regclass AND (x.indisprimary OR x.indisunique)),
          2 * (SELECT count(*)::int FROM pg_inherits WHERE inhparent = 'officeauto.notifications'::regclass),
          'each notifications partition has its primary key and unique public_id');

-- The application works through the parent, as before.
SET LOCAL ROLE oa_t_app;
SELECT officeauto.authenticate(:'tok'::json ->> 'emma');
SELECT lives_ok(format($q$SELECT officeauto.add_comment('task', (SELECT public_id FROM officeauto.tasks LIMIT 1), 'Hello @carol')$q$),
                'a comment mentioning carol notifies her');
SELECT officeauto.authenticate(:'tok'::json ->> 'carol');
SELECT id AS note, public_id AS note_pid FROM officeauto.notifications
 WHERE recipient_id = :carol AND kind = 'mention' ORDER BY id DESC LIMIT 1 \gset
SELECT is((SELECT count(*)::int FROM officeauto.notifications WHERE id = :note), 1, 'its recipient reads it through the parent');
WITH u AS (UPDATE officeauto.notifications SET read_at = now() WHERE public_id = :'note_pid' RETURNING version)
SELECT is((SELECT version FROM u), 2, 'and marks it read: one version bump (the row trigger runs once, cloned, not twice)');
SELECT throws_ok(format('UPDATE officeauto.notifications SET read_at = now(), version = 1 WHERE id = %s', :note), '40001',
                 format('stale version for officeauto.notifications id %s', :note),
                 'a stale version is refused (40001), naming the table the application wrote, not the partition');
SELECT officeauto.authenticate(:'tok'::json ->> 'bob');
SELECT is((SELECT count(*)::int FROM officeauto.notifications WHERE id = :note), 0, 'another user does not see it');
WITH d AS (DELETE FROM officeauto.notifications WHERE id = :note RETURNING 1)
SELECT is((SELECT count(*)::int FROM d), 0, '... nor delete it');
SELECT officeauto.authenticate(:'tok'::json ->> 'alice');
INSERT INTO officeauto.test_executions (test_case_id, result, notes) VALUES (:tc, 'passed', 'green') RETURNING id AS run, public_id AS run_pid \gset
SELECT is((SELECT executed_by FROM officeauto.test_executions WHERE public_id = :'run_pid'), :alice::bigint,
          '... executed by the acting user, read back by public id');
SELECT throws_ok('SELECT count(*) FROM officeauto.notifications_default', '42501', NULL,
                 'a partition is closed to the application: its rows are read through the parent''s policies');
SELECT throws_ok(format('SELECT count(*) FROM officeauto.notifications_%s', :'this_month'), '42501', NULL, '... a dated one too');
SELECT throws_ok(format('SELECT count(*) FROM officeauto.test_executions_%s', :'this_quarter'), '42501', NULL,
                 '... and test executions'' partitions alike');
RESET ROLE;
SELECT is((SELECT tableoid::regclass::text FROM officeauto.notifications WHERE id = :note), 'officeauto.notifications_' || :'this_month',
          'the new notification is stored in this month''s partition');
SELECT is((SELECT tableoid::regclass::text FROM officeauto.test_executions WHERE id = :run), 'officeauto.test_executions_' || :'this_quarter',
          'a test execution recorded by the application lands in this quarter''s partition');
SET LOCAL ROLE oa_t_ro;
SELECT throws_ok('SELECT count(*) FROM officeauto.test_executions_default', '42501', NULL, 'reporting logins read through the parent only');
RESET ROLE;

-- Audit rows name the table, not the partition.
SELECT is((SELECT array_agg(DISTINCT table_name ORDER BY table_name) FROM officeauto.audit_logs
            WHERE record_id IN (officeauto.audit_record_id('officeauto.notifications', format('{"id": %s}', :note)::jsonb),
                                officeauto.audit_record_id('officeauto.test_executions', format('{"id": %s}', :run)::jsonb))
               OR table_name LIKE 'officeauto.notifications\_%' OR table_name LIKE 'officeauto.test\_executions\_%'),
          ARRAY['officeauto.notifications', 'officeauto.test_executions']::text[],
          'audit rows of partitioned tables name the table the application wrote, not its partition');
SELECT is((SELECT changed_columns FROM officeauto.audit_logs
            WHERE record_id = officeauto.audit_record_id('officeauto.notifications', format('{"id": %s}', :note)::jsonb) AND action = 'UPDATE'),
          ARRAY['read_at'], '... with the same record id as before partitioning, so a row''s history is one lookup');

-- Lookups by public id are pruned to one partition.
SELECT is(ARRAY(SELECT DISTINCT m[1] FROM regexp_matches(pg_temp.plan_of(format('SELECT * FROM officeauto.notifications WHERE public_id = %L', :'note_pid')),
                                                         ' on (notifications_\w+)', 'g') AS m),
          ARRAY['notifications_' || :'this_month'], 'a lookup of a notification by public id reads its partition only');
SELECT is(ARRAY(SELECT DISTINCT m[1] FROM regexp_matches(pg_temp.plan_of(format('SELECT * FROM officeauto.test_executions WHERE public_id = %L', :'run_pid')),
                                                         ' on (test_executions_\w+)', 'g') AS m),
          ARRAY['test_executions_' || :'this_quarter'], 'a lookup of a test execution by public id reads its partition only');

-- Ids that name no period, and bad input.
INSERT INTO officeauto.notifications (organization_id, recipient_id, kind, title, public_id)
VALUES (:acme, :carol, 'system', 'version 4 id', 'f0000000-0000-4000-8000-000000000001'),
       (:acme, :carol, 'system', 'absurd time', 'f0000000-0000-7000-8000-000000000002');
SELECT is(officeauto.create_partitions(0) -> 'officeauto.notifications', '0'::jsonb,
          'a public id that is not UUID v7, or whose time is absurd, creates no partition');
SELECT is((SELECT count(*)::int FROM officeauto.notifications_default), 2, '... and its row stays in the default partition');
SELECT throws_ok('SELECT officeauto.create_partitions(NULL)', '22023', NULL, 'a NULL horizon is rejected');
SELECT throws_ok('SELECT officeauto.create_partitions(121)', '22023', NULL, 'an absurd horizon is rejected');
SELECT throws_ok('SELECT officeauto.create_partitions(-1)', '22023', NULL, 'a negative horizon is rejected');

-- Retention: whole periods that ended longer ago than the setting, nothing else.
INSERT INTO officeauto.notifications (organization_id, recipient_id, kind, title, created_at, public_id)
VALUES (:acme, :carol, 'system', 'from eight months ago', now() - interval '8 months',
        overlay(officeauto._uuid_v7_floor(now() - interval '8 months')::text placing '7abc-8abc-0123456789ab' from 15)::uuid);
INSERT INTO officeauto.test_executions (organization_id, test_case_id, result, public_id)
VALUES (:acme, :tc, 'failed', overlay(officeauto._uuid_v7_floor(now() - interval '2 years')::text placing '7abc-8abc-0123456789ab' from 15)::uuid);
SELECT ok((officeauto.create_partitions(0) -> 'officeauto.notifications')::int = 1,
          'a stray from an old month gets its own partition');
SELECT count(*) AS old_before FROM officeauto.notifications \gset
SET LOCAL officeauto.notification_retention = '6 months';
SELECT is(officeauto.drop_expired_partitions(), '{"officeauto.notifications": 1}'::jsonb,
          'with notification_retention 6 months the old month is dropped; test executions are kept by default');
SELECT is((SELECT count(*) FROM officeauto.notifications), :old_before - 1::bigint, '... that month''s row only');
SELECT ok(to_regclass('officeauto.notifications_' || :'this_month') IS NOT NULL, '... this month''s partition stays');
SELECT is((SELECT metadata ->> 'partition' FROM officeauto.audit_logs WHERE action = 'partition_dropped'),
          'officeauto.notifications_' || to_char(now() AT TIME ZONE 'UTC' - interval '8 months', 'YYYY_MM'),
          'the drop is recorded in the audit trail');
SET LOCAL officeauto.test_execution_retention = '1 year';
SELECT is(officeauto.drop_expired_partitions() -> 'officeauto.test_executions', '1'::jsonb,
          'a test execution retention drops the quarters that ended before it');
SET LOCAL officeauto.notification_retention = '-1 month';
SELECT throws_ok('SELECT officeauto.drop_expired_partitions()', '22023', NULL, 'a negative retention is rejected');

SELECT * FROM finish();
ROLLBACK;
