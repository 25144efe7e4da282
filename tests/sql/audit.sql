-- The audit trail as a client sees it: every change logged with the right diff and actor,
-- secrets never in audit rows, no-op updates skipped, enable/disable, TRUNCATE, application
-- events, and archival moving exactly the right rows.
BEGIN;
SELECT plan(33);
GRANT ALL ON pg_temp.__tcache__ TO PUBLIC;
GRANT ALL ON ALL SEQUENCES IN SCHEMA pg_temp TO PUBLIC;
CREATE ROLE oa_t_app NOLOGIN IN ROLE officeauto_app;
SELECT id AS acme FROM officeauto.organizations WHERE slug = 'acme' \gset
SELECT id AS emma FROM officeauto.users WHERE username = 'emma' \gset
SELECT id AS task FROM officeauto.tasks WHERE title = 'Set up payroll interface' \gset

SET LOCAL ROLE oa_t_app;
SELECT set_config('officeauto.organization_id', :'acme', true);
SELECT set_config('officeauto.user_id', :'emma', true);
SELECT set_config('officeauto.session_id', '77', true);
SELECT set_config('officeauto.client_ip', '198.51.100.99', true);
SELECT set_config('officeauto.user_agent', 'audit-test', true);
INSERT INTO officeauto.tasks (organization_id, title, priority) VALUES (:acme, 'Audited task', 'low');
SELECT id AS new_task FROM officeauto.tasks WHERE title = 'Audited task' \gset
UPDATE officeauto.tasks SET priority = 'high', status = 'in_progress' WHERE id = :new_task;
UPDATE officeauto.tasks SET priority = 'high' WHERE id = :new_task;
DELETE FROM officeauto.tasks WHERE id = :new_task;
RESET ROLE;

CREATE TEMP VIEW trail AS
SELECT * FROM officeauto.audit_logs
 WHERE record_id = officeauto.audit_record_id('officeauto.tasks', jsonb_build_object('id', :new_task));
SELECT is(ARRAY(SELECT action FROM trail ORDER BY id), ARRAY['INSERT', 'UPDATE', 'DELETE'],
          'insert, update and delete are logged; the row''s history is one record_id lookup');
SELECT is((SELECT changed_columns FROM trail WHERE action = 'UPDATE'), ARRAY['status', 'priority'],
          'an UPDATE records exactly the columns it changed (in table order)');
SELECT is((SELECT ARRAY[old_data->>'priority', new_data->>'priority', new_data->>'status'] FROM trail WHERE action = 'UPDATE'),
          ARRAY['low', 'high', 'in_progress'], 'old and new rows are recorded as JSONB');
SELECT is((SELECT jsonb_typeof(new_data->'id') FROM trail WHERE action = 'INSERT'), 'number', 'numbers stay JSON numbers');
SELECT is((SELECT count(*)::int FROM trail WHERE action = 'UPDATE'), 1, 'an UPDATE that changes nothing is not logged');
SELECT is((SELECT ARRAY[organization_id, actor_user_id, session_id] FROM trail WHERE action = 'DELETE'),
          ARRAY[:acme, :emma, 77]::bigint[], 'organization, actor and session come from the request context');
SELECT is((SELECT ARRAY[host(ip_address), user_agent] FROM trail WHERE action = 'DELETE'),
          ARRAY['198.51.100.99', 'audit-test'], 'client address and user agent are recorded');
SELECT is((SELECT new_data FROM trail WHERE action = 'DELETE'), NULL, 'a DELETE has no new row');
SELECT is((SELECT row_pk FROM trail WHERE action = 'DELETE'), jsonb_build_object('id', :new_task), 'the primary key is recorded');
SELECT is((SELECT table_name FROM trail LIMIT 1), 'officeauto.tasks', 'the table name is schema-qualified');

-- Secrets.
SELECT set_config('officeauto.user_id', '', true);
UPDATE officeauto.users SET password_hash = '$argon2id$v=19$m=19456,t=2,p=1$c2VjcmV0c2FsdA$U0VDUkVULUhBU0gtVkFMVUU'
 WHERE username = 'emma';
SELECT is((SELECT ARRAY[old_data->>'password_hash', new_data->>'password_hash'] FROM officeauto.audit_logs
            WHERE table_name = 'officeauto.users' AND action = 'UPDATE' ORDER BY id DESC LIMIT 1),
          ARRAY['[redacted]', '[redacted]'], 'password hashes are redacted in old and new rows');
SELECT ok((SELECT 'password_hash' = ANY (changed_columns) FROM officeauto.audit_logs
            WHERE table_name = 'officeauto.users' AND action = 'UPDATE' ORDER BY id DESC LIMIT 1),
          '... while the fact of the change is kept');
SELECT is((SELECT actor_user_id FROM officeauto.audit_logs ORDER BY id DESC LIMIT 1), NULL, 'an unauthenticated change records a NULL actor');
UPDATE officeauto.credentials SET encrypted_value = officeauto.encrypt_credential_value('audit-test-secret') WHERE label = 'ERP API';
SELECT is((SELECT count(*)::int FROM officeauto.audit_logs
            WHERE old_data::text ~ 'U0VDUkVULUhBU0gtVkFMVUU|audit-test-secret' OR new_data::text ~ 'U0VDUkVULUhBU0gtVkFMVUU|audit-test-secret'
               OR (table_name = 'officeauto.credentials' AND new_data->>'encrypted_value' <> '[redacted]')),
          0, 'no audit row holds a password hash, a ciphertext or a secret');
SELECT lives_ok($$SELECT officeauto.enable_audit('officeauto.clients', '{"exclude": ["notes"]}')$$, 'a table''s own secret columns can be added');
UPDATE officeauto.clients SET notes = 'the vault PIN is 4711' WHERE company = 'Becker GmbH';
SELECT is((SELECT new_data->>'notes' FROM officeauto.audit_logs WHERE table_name = 'officeauto.clients' ORDER BY id DESC LIMIT 1),
          '[redacted]', '... and are redacted from then on');

-- Options and management.
SELECT lives_ok($$SELECT officeauto.enable_audit('officeauto.lots', '{"log_noop_updates": true}')$$, 'no-op logging can be switched on per table');
UPDATE officeauto.lots SET item_count = item_count WHERE reference = 'LOT-2026-0143';
SELECT is((SELECT changed_columns FROM officeauto.audit_logs WHERE table_name = 'officeauto.lots' ORDER BY id DESC LIMIT 1),
          '{}'::text[], '... then a no-op UPDATE is logged with no changed column');
SELECT officeauto.disable_audit('officeauto.messages');
SELECT count(*) AS before_msgs FROM officeauto.audit_logs WHERE table_name = 'officeauto.messages' \gset
UPDATE officeauto.messages SET body = body || '!';
SELECT is((SELECT count(*) FROM officeauto.audit_logs WHERE table_name = 'officeauto.messages'), :before_msgs::bigint,
          'disable_audit stops logging');
CREATE TABLE pg_temp.no_pk (a int);
SELECT throws_ok($$SELECT officeauto.enable_audit('pg_temp.no_pk')$$, '42P16', NULL, 'a table without a primary key is refused');
SELECT throws_ok($$SELECT officeauto.enable_audit('officeauto.lots', '{"bogus": 1}')$$, '22023', NULL, 'unknown options are refused');
TRUNCATE officeauto.shortcuts;
SELECT is((SELECT action FROM officeauto.audit_logs WHERE table_name = 'officeauto.shortcuts' ORDER BY id DESC LIMIT 1),
          'TRUNCATE', 'TRUNCATE is logged by the statement trigger');
SELECT ok((SELECT count(*) FROM officeauto.audited_tables) >= 30, 'the business tables are audited by default');

-- Application events.
SET LOCAL ROLE oa_t_app;
SELECT ok(officeauto.log_activity('report.exported', '{"format": "csv", "auth": {"api_key": "k-123"}}') > 0,
          'log_activity writes an application event');
RESET ROLE;
SELECT is((SELECT metadata FROM officeauto.audit_logs WHERE action = 'report.exported'),
          '{"format": "csv", "auth": {"api_key": "[redacted]"}}'::jsonb, '... with credential-looking keys redacted');
SELECT throws_ok($$SELECT officeauto.log_activity('', '{}')$$, '22023', NULL, 'an empty action is refused');

-- Archival: rows older than the cutoff move, newer stay, none is lost or duplicated, including
-- rows waiting in the default partition and whole months moved by partition switch.
INSERT INTO officeauto.audit_logs (created_at, organization_id, action, metadata)
SELECT CASE WHEN g <= 100 THEN now() - interval '120 days' - g * interval '1 minute' ELSE now() - interval '10 days' END,
       :acme, 'test.archive', jsonb_build_object('i', g)
  FROM generate_series(1, 200) g;
SELECT officeauto.create_audit_partitions(0);  -- gives the 120-day-old rows their monthly partition
SELECT 'audit_logs_archive_' || to_char(now() AT TIME ZONE 'UTC' - interval '120 days', 'YYYY_MM') AS arch_month \gset
-- Rows for a month without a partition wait in the default partition.
INSERT INTO officeauto.audit_logs (created_at, organization_id, action, metadata)
SELECT now() - interval '400 days' - g * interval '1 minute', :acme, 'test.archive', jsonb_build_object('i', g)
  FROM generate_series(201, 300) g;
SELECT is((SELECT count(*)::int FROM officeauto.audit_logs_default WHERE action = 'test.archive'), 100,
          'rows of a month without partition are in the default partition');
SELECT count(*) AS total_before FROM officeauto.audit_logs \gset
SELECT count(*) AS old_before FROM officeauto.audit_logs WHERE created_at < now() - interval '90 days' \gset
SELECT count(*) AS arch_before FROM officeauto.audit_logs_archive \gset
SELECT is(officeauto.archive_audit_logs('90 days', 50), :old_before::bigint, 'archive_audit_logs returns the number of rows moved');
SELECT is((SELECT count(*) FROM officeauto.audit_logs WHERE created_at < now() - interval '90 days'), 0::bigint,
          'no row older than the cutoff is left in audit_logs');
SELECT is((SELECT count(*) FROM officeauto.audit_logs) + (SELECT count(*) FROM officeauto.audit_logs_archive),
          :total_before + :arch_before::bigint, 'no row is lost or duplicated');
SELECT is((SELECT count(DISTINCT id) FROM officeauto.audit_logs_archive WHERE action = 'test.archive'), 200::bigint,
          'the archived test rows are all there, once');
SELECT ok(to_regclass('officeauto.' || :'arch_month') IS NOT NULL
          AND (SELECT count(*) FROM pg_inherits WHERE inhrelid = ('officeauto.' || :'arch_month')::regclass
                                                AND inhparent = 'officeauto.audit_logs_archive'::regclass) = 1,
          'a whole old month moved by switching its partition to audit_logs_archive');
SELECT is(officeauto.fn_archive_audit_logs(), 0::bigint, 'the seed alias archives nothing more');

SELECT * FROM finish();
ROLLBACK;
