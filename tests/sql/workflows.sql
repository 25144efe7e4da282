-- Workflows as an application runs them (officeauto_app, row-level security on): cartable,
-- task rules, versions, staging promotion, change-request approvals, test reuse, comments,
-- notifications, search with its GIN indexes, and maintenance; including the rejections.
BEGIN;
SELECT plan(69);
GRANT ALL ON pg_temp.__tcache__ TO PUBLIC;
GRANT ALL ON ALL SEQUENCES IN SCHEMA pg_temp TO PUBLIC;
CREATE ROLE oa_t_app NOLOGIN IN ROLE officeauto_app;
CREATE ROLE oa_t_admin NOLOGIN IN ROLE officeauto_admin;
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE line text; acc text := '';
BEGIN FOR line IN EXECUTE 'EXPLAIN ' || q LOOP acc := acc || line || E'\n'; END LOOP; RETURN acc; END $$;
GRANT EXECUTE ON FUNCTION pg_temp.plan_of(text) TO PUBLIC;
SELECT id AS acme FROM officeauto.organizations WHERE slug = 'acme' \gset
SELECT id AS globex_task FROM officeauto.tasks WHERE title = 'Sample 25 change tickets' \gset
SELECT id AS maria FROM officeauto.users WHERE username = 'maria' \gset
SELECT json_object_agg(username, id) AS u FROM officeauto.users \gset
SELECT (:'u'::json->>'emma') AS emma, (:'u'::json->>'carol') AS carol, (:'u'::json->>'bob') AS bob, (:'u'::json->>'alice') AS alice \gset
SELECT id AS payroll FROM officeauto.tasks WHERE title = 'Set up payroll interface' \gset
SELECT id AS parent_task FROM officeauto.tasks WHERE title = 'Migrate chart of accounts' \gset
SELECT id AS done_task FROM officeauto.tasks WHERE title = 'Vendor master data cleanup' \gset

SELECT public_id AS payroll_pid, version AS payroll_v0 FROM officeauto.tasks WHERE id = :payroll \gset
SELECT public_id AS carol_pid FROM officeauto.users WHERE id = :carol \gset
SELECT public_id AS bob_pid FROM officeauto.users WHERE id = :bob \gset
SELECT public_id AS maria_pid FROM officeauto.users WHERE id = :maria \gset
SELECT public_id AS globex_task_pid FROM officeauto.tasks WHERE id = :globex_task \gset
SELECT public_id AS done_task_pid FROM officeauto.tasks WHERE id = :done_task \gset

SET LOCAL ROLE oa_t_app;
SELECT set_config('officeauto.organization_id', :'acme', true);
SELECT set_config('officeauto.user_id', :'emma', true);

-- Cartable. The API takes and returns public ids (uuids), and the new version of each row it
-- changes, so the client's next optimistic update of that row succeeds.
SELECT item_id AS item, task_version AS payroll_v1 FROM officeauto.assign_task(:'payroll_pid', :'carol_pid', 'Payroll first, please') \gset
SELECT is((SELECT assignee_id FROM officeauto.tasks WHERE id = :payroll), :carol::bigint, 'assign_task sets the assignee');
SELECT is(:payroll_v1, :payroll_v0 + 1, '... and returns the task''s new version');
SELECT lives_ok(format('UPDATE officeauto.tasks SET priority = %L, version = %s WHERE public_id = %L', 'high', :payroll_v1, :'payroll_pid'),
                '... with which the next optimistic update of the task succeeds');
SELECT is((SELECT ARRAY[user_id, from_user_id] FROM officeauto.cartable WHERE public_id = :'item'), ARRAY[:carol, :emma]::bigint[],
          '... and puts the task in the assignee''s cartable, from the assigner');
SELECT is((SELECT count(*)::int FROM officeauto.notifications WHERE recipient_id = :carol AND kind = 'assignment'
             AND entity_id = :'payroll_pid'), 1, '... and notifies the assignee');
SELECT throws_ok(format('SELECT officeauto.assign_task(%L, %L)', :'globex_task_pid', :'carol_pid'), 'P0002',
                 format('no task %s', :'globex_task_pid'), 'another organization''s task is "not found" (row-level security)');
SELECT throws_ok(format('SELECT officeauto.assign_task(%L, %L)', :'payroll_pid', :'maria_pid'), 'P0002',
                 format('no active user %s', :'maria_pid'), 'nor can a task be assigned to another organization''s user');
SELECT throws_ok(format('SELECT officeauto.assign_task(NULL, %L)', :'carol_pid'), '22023', 'task id must not be NULL',
                 'a NULL id is an invalid parameter');
SELECT throws_ok(format('SELECT officeauto.refer(%L, %L)', :'item', :'bob_pid'), 'OA030', NULL,
                 'referring an item the caller does not hold is rejected');
SELECT set_config('officeauto.user_id', :'carol', true);
SELECT item_id AS ref, from_item_version AS item_v FROM officeauto.refer(:'item', :'bob_pid', 'Bob knows the payroll API') \gset
SELECT is((SELECT ARRAY[parent_id, from_user_id, user_id] FROM officeauto.cartable WHERE public_id = :'ref'),
          ARRAY[(SELECT id FROM officeauto.cartable WHERE public_id = :'item'), :carol, :bob]::bigint[],
          'refer creates a forwarded item pointing at the original');
SELECT ok((SELECT acted_at IS NOT NULL AND version = :item_v FROM officeauto.cartable WHERE public_id = :'item'),
          '... marks the referrer''s copy acted on and returns its new version');
SELECT is((SELECT note FROM officeauto.inbox WHERE public_id = :'ref'), 'Bob knows the payroll API', 'the note travels with the referral');
SELECT set_config('officeauto.user_id', :'bob', true);
SELECT is((SELECT state FROM officeauto.inbox WHERE public_id = :'ref'), 'unread', 'a new item is unread');
SELECT is(officeauto.mark_item_read(:'ref'), (SELECT version + 1 FROM officeauto.cartable WHERE public_id = :'ref'),
          'the holder marks it read and gets its new version');
SELECT is((SELECT state FROM officeauto.inbox WHERE public_id = :'ref'), 'read', '... and the inbox shows it read');
SELECT throws_ok(format('SELECT officeauto.mark_item_read(%L)', :'item'), 'OA030',
                 'only the holder of a cartable item can mark it read',
                 'an item someone else holds cannot be marked read (OA030, as refer)');
SELECT throws_ok(format('SELECT officeauto.mark_item_read(%L)', gen_random_uuid()), 'P0002', NULL,
                 'an item that names nothing the caller may see is "not found" (it used to return NULL)');
SELECT set_config('officeauto.user_id', :'carol', true);
SELECT throws_ok(format('SELECT officeauto.mark_item_read(%L)', :'ref'), 'OA030', NULL,
                 'nor can the sender mark the item they referred');
SELECT throws_ok(format('SELECT officeauto.archive_item(%L)', gen_random_uuid()), 'P0002', NULL,
                 'archive_item of an unknown item is "not found"');
SELECT set_config('officeauto.user_id', :'bob', true);
SELECT is(officeauto.archive_item(:'ref'), (SELECT version + 1 FROM officeauto.cartable WHERE public_id = :'ref'),
          'the holder archives it and gets its new version');
SELECT is((SELECT count(*)::int FROM officeauto.inbox WHERE public_id = :'ref'), 0, '... and it leaves the inbox');
SELECT set_config('officeauto.user_id', :'emma', true);

-- Tasks.
SELECT throws_ok(format('UPDATE officeauto.tasks SET status = %L WHERE id = %s', 'pending', :done_task), 'OA020', NULL,
                 'a completed task cannot be set back to pending directly');
SELECT officeauto.reopen_task(:'done_task_pid', 'Vendor list changed') AS done_v \gset
SELECT is((SELECT status || '/' || (completed_at IS NULL) || '/' || (version = :done_v) FROM officeauto.tasks WHERE id = :done_task),
          'pending/true/true', 'reopen_task reopens it to pending, clearing completed_at, and returns its new version');
SELECT throws_ok(format('SELECT officeauto.reopen_task(%L)', :'done_task_pid'), 'OA020', NULL, 'an open task cannot be reopened');
SELECT throws_ok(format('SELECT officeauto.reopen_task(%L)', :'globex_task_pid'), 'P0002', format('no task %s', :'globex_task_pid'),
                 'another organization''s task is "not found" for reopen_task');
SELECT lives_ok(format('UPDATE officeauto.tasks SET status = %L, version = %s WHERE id = %s', 'completed', :done_v, :done_task),
                'completing a task needs no completed_at from the client (and the returned version is current)');
SELECT ok((SELECT completed_at IS NOT NULL FROM officeauto.tasks WHERE id = :done_task), '... it is set by the trigger');
SELECT throws_ok(format('UPDATE officeauto.tasks SET status = %L WHERE id = %s', 'completed', :parent_task), 'OA021', NULL,
                 'a task with open subtasks cannot be completed');
SELECT spent_minutes AS spent_before, version AS payroll_v2 FROM officeauto.tasks WHERE id = :payroll \gset
SELECT time_entry_id AS entry, task_version AS payroll_v3
  FROM officeauto.log_time(:'payroll_pid', now() - interval '2 hours', now() - interval '30 minutes', 'API mapping') \gset
SELECT is((SELECT task_id FROM officeauto.task_time_entries WHERE public_id = :'entry'), :payroll::bigint,
          'log_time records time and returns the entry''s public id');
SELECT is((SELECT spent_minutes FROM officeauto.tasks WHERE id = :payroll), :spent_before + 90, '... and the task''s total follows');
SELECT is(:payroll_v3, :payroll_v2 + 1, '... and it returns the task''s new version');
SELECT lives_ok(format('UPDATE officeauto.tasks SET priority = %L, version = %s WHERE public_id = %L', 'low', :payroll_v3, :'payroll_pid'),
                '... with which the next optimistic update of the task succeeds');
SELECT throws_ok(format('SELECT officeauto.log_time(%L, now() - interval %L, now())', :'globex_task_pid', '1 hour'), 'P0002', NULL,
                 'log_time on a task the caller cannot see is "not found" (it used to return NULL)');

-- Document versions and duplicates.
SELECT id AS plan_doc, public_id AS plan_doc_pid, version AS plan_doc_v0 FROM officeauto.documents WHERE title = 'ERP cutover plan' \gset
SELECT version_number AS plan_n, document_version AS plan_doc_v1
  FROM officeauto.add_document_version(:'plan_doc_pid', 'erp/cutover-v3.pdf', repeat('ab', 32), 500000, 'Dates fixed') \gset
SELECT is(:plan_n, 3, 'add_document_version numbers the next version');
SELECT is(:plan_doc_v1, :plan_doc_v0 + 1, '... and returns the document row''s new version');
SELECT lives_ok(format('UPDATE officeauto.documents SET title = title, version = %s WHERE public_id = %L', :plan_doc_v1, :'plan_doc_pid'),
                '... with which the next optimistic update of the document succeeds');
SELECT throws_ok(format('SELECT officeauto.add_document_version(%L, %L, %L, 1)', gen_random_uuid(), 'k', repeat('a', 64)), 'P0002', NULL,
                 'an unknown document is "not found"');
SELECT is((SELECT array_agg(version_number ORDER BY version_number) FROM officeauto.document_versions WHERE document_id = :plan_doc),
          ARRAY[1, 2, 3], '... keeping the history');
SELECT is((SELECT current_version_number FROM officeauto.active_documents WHERE id = :plan_doc), 3, '... and the new one is current');
SELECT officeauto.add_document_version(public_id, 'copy.pdf', repeat('ab', 32), 500000) FROM officeauto.documents WHERE title = 'Welcome guide draft';
SELECT is((SELECT copies::int FROM officeauto.duplicate_documents WHERE checksum_sha256 = repeat('ab', 32)), 2,
          'documents with the same checksum are reported as duplicates');
SELECT is((SELECT document_public_ids FROM officeauto.duplicate_documents WHERE checksum_sha256 = repeat('ab', 32)),
          ARRAY(SELECT public_id FROM officeauto.documents WHERE checksum_sha256 = repeat('ab', 32) AND deleted_at IS NULL ORDER BY id),
          '... with their public ids, the ids the API takes');

-- Staging ingest.
SELECT id AS ing, public_id AS ing_pid FROM officeauto.documents_ingest WHERE original_name = 'invoice-batch-17.pdf' \gset
SELECT document_id AS promoted_pid, ingest_version AS ing_v FROM officeauto.promote_ingest(:'ing_pid') \gset
SELECT id AS promoted_doc FROM officeauto.documents WHERE public_id = :'promoted_pid' \gset
SELECT is((SELECT status || '/' || promoted_document_id || '/' || (version = :ing_v) FROM officeauto.documents_ingest WHERE id = :ing),
          'promoted/' || :promoted_doc || '/true',
          'promote_ingest creates the document (its public id returned) and marks the upload promoted (its new version returned)');
SELECT is((SELECT count(*)::int FROM officeauto.document_versions WHERE document_id = :promoted_doc AND is_current), 1,
          '... with a current version 1');
SELECT throws_ok(format('SELECT officeauto.promote_ingest(%L)', :'ing_pid'), 'OA040', NULL, 'an upload is promoted only once');
INSERT INTO officeauto.documents_ingest (organization_id, original_name, mime_type, storage_id, s3_key, checksum_sha256, size_bytes)
SELECT :acme, n, m, (SELECT id FROM officeauto.storage_reference WHERE is_default), 'in/' || n, c, s
  FROM (VALUES ('empty.pdf', 'application/pdf', repeat('01', 32), 0::bigint),
               ('virus.exe', 'application/x-msdownload', repeat('02', 32), 100),
               ('copy.pdf', 'application/pdf', repeat('ab', 32), 100)) AS v(n, m, c, s);
SELECT is(ARRAY(SELECT (officeauto.promote_ingest(public_id)).document_id FROM officeauto.documents_ingest
                 WHERE original_name IN ('empty.pdf', 'virus.exe', 'copy.pdf') ORDER BY id),
          ARRAY[NULL, NULL, NULL]::uuid[], 'invalid uploads are not promoted');
SELECT is(ARRAY(SELECT rejection_reason FROM officeauto.rejected_documents WHERE original_name IN ('empty.pdf', 'virus.exe', 'copy.pdf') ORDER BY id),
          ARRAY['File is empty (size 0)', 'Unknown file type application/x-msdownload', 'Duplicate: a document with the same checksum exists'],
          '... they are rejected with the reason (empty, unknown type, duplicate checksum)');

-- Change requests: approved only when every required approver approved; a rejection closes.
SELECT id AS erp FROM officeauto.projects WHERE code = 'ERP' \gset
INSERT INTO officeauto.change_requests (organization_id, project_id, title, requested_by)
VALUES (:acme, :erp, 'Switch bank file format', :carol), (:acme, :erp, 'Add a second ledger', :carol);
SELECT id AS cr1, public_id AS cr1_pid FROM officeauto.change_requests WHERE title = 'Switch bank file format' \gset
SELECT id AS cr2, public_id AS cr2_pid FROM officeauto.change_requests WHERE title = 'Add a second ledger' \gset
INSERT INTO officeauto.change_request_approvals (organization_id, change_request_id, approver_id, is_required)
VALUES (:acme, :cr1, :alice, true), (:acme, :cr1, :bob, true), (:acme, :cr1, :emma, false), (:acme, :cr2, :bob, true);
SELECT status AS cr1_status, change_request_version AS cr1_v FROM officeauto.submit_change_request(:'cr1_pid') \gset
SELECT is((SELECT :'cr1_status' || '/' || (version = :cr1_v) FROM officeauto.change_requests WHERE id = :cr1),
          'under_review/true', 'submitting puts the request under review and returns its new version');
SELECT is((SELECT count(*)::int FROM officeauto.cartable WHERE change_request_id = :cr1 AND action_required = 'approve'), 3,
          '... with an approval item in each approver''s cartable');
SELECT set_config('officeauto.user_id', :'alice', true);
SELECT is((officeauto.decide_change_request(:'cr1_pid', 'approved')).status, 'under_review', 'one of two required approvals is not enough');
SELECT set_config('officeauto.user_id', :'carol', true);
SELECT throws_ok(format('SELECT officeauto.decide_change_request(%L, %L)', :'cr1_pid', 'approved'), 'OA051', NULL,
                 'someone who is not an approver cannot decide');
SELECT set_config('officeauto.user_id', :'bob', true);
SELECT status AS cr1_status, change_request_version AS cr1_v FROM officeauto.decide_change_request(:'cr1_pid', 'approved', 'Fine') \gset
SELECT is(:'cr1_status'::text, 'approved', 'the last required approval approves it');
SELECT ok((SELECT decided_at IS NOT NULL AND version = :cr1_v FROM officeauto.change_requests WHERE id = :cr1),
          '... with the decision time, and returns the request''s new version');
SELECT officeauto.submit_change_request(:'cr2_pid');
SELECT is((officeauto.decide_change_request(:'cr2_pid', 'rejected', 'Not this year')).status, 'rejected', 'a rejection closes the request');
SELECT throws_ok(format('SELECT officeauto.decide_change_request(%L, %L)', :'cr2_pid', 'approved'), 'OA050', NULL,
                 'a closed request takes no more decisions');

-- Test cases.
SELECT id AS tmpl, public_id AS tmpl_pid, reuse_count AS reuse_before FROM officeauto.test_cases WHERE title = 'Login with valid SSO account' \gset
SELECT test_case_id AS copy_pid, source_version AS tmpl_v
  FROM officeauto.reuse_test_case(:'tmpl_pid', (SELECT public_id FROM officeauto.projects WHERE id = :erp)) \gset
SELECT is((SELECT project_id FROM officeauto.test_cases WHERE public_id = :'copy_pid'), :erp::bigint,
          'a template test case is reused in another project');
SELECT is((SELECT reuse_count || '/' || (version = :tmpl_v) FROM officeauto.test_cases WHERE id = :tmpl), (:reuse_before + 1) || '/true',
          '... its reuse count grows and the source''s new version is returned');
SELECT officeauto.record_test_execution(:'tmpl_pid', 'passed', 'All green') AS exec_pid \gset
SELECT is((SELECT result FROM officeauto.test_executions WHERE public_id = :'exec_pid'), 'passed',
          'an execution is recorded with its result, named by its public id');
SELECT throws_ok(format('SELECT officeauto.record_test_execution(%L, %L)', gen_random_uuid(), 'passed'), 'P0002', NULL,
                 'an execution of an unknown test case is "not found" (it used to return NULL)');

-- Comments and notifications.
SELECT officeauto.add_comment('task', (SELECT public_id FROM officeauto.tasks WHERE id = :payroll), 'Can @carol and @ALICE review?') AS cm \gset
SELECT is((SELECT mentions FROM officeauto.comments WHERE public_id = :'cm'), (SELECT array_agg(id ORDER BY id) FROM officeauto.users WHERE username IN ('alice', 'carol')),
          'mentions are resolved to users, ignoring case');
SELECT is((SELECT count(*)::int FROM officeauto.notifications WHERE kind = 'mention' AND recipient_id IN (:alice, :carol)), 2,
          '... and each mentioned user is notified');
SELECT officeauto.add_comment('task', :'payroll_pid', 'Done.', :'cm') AS reply \gset
SELECT is((SELECT parent_id FROM officeauto.comments WHERE public_id = :'reply'),
          (SELECT id FROM officeauto.comments WHERE public_id = :'cm'), 'a reply threads under its parent, named by its public id');
SELECT throws_ok(format('SELECT officeauto.add_comment(%L, %L, %L, %L)', 'task', :'payroll_pid', 'orphan', gen_random_uuid()), 'P0002', NULL,
                 'a reply to an unknown comment is "not found"');
SELECT public_id AS note_pid FROM officeauto.notifications WHERE kind = 'mention' AND recipient_id = :carol \gset
SELECT set_config('officeauto.user_id', :'alice', true);
SELECT throws_ok(format('SELECT officeauto.mark_notification_read(%L)', :'note_pid'), 'P0002', NULL,
                 'another user''s notification is "not found" (it used to return NULL)');
SELECT set_config('officeauto.user_id', :'carol', true);
SELECT is(officeauto.mark_notification_read(:'note_pid'), (SELECT version + 1 FROM officeauto.notifications WHERE public_id = :'note_pid'),
          'the recipient marks a notification read and gets its new version');

-- Search.
SELECT is(ARRAY(SELECT name FROM officeauto.find_clients_by_tag(' Enterprise ') ORDER BY name), ARRAY['Nadia Farouk', 'Tom Becker'],
          'find_clients_by_tag normalizes the tag and sees the own organization only');
SELECT is(ARRAY(SELECT name FROM officeauto.find_clients_by_tags(ARRAY['HIGH-VALUE', 'enterprise'], true) ORDER BY name), ARRAY['Nadia Farouk'],
          'find_clients_by_tags with match_all needs every tag');
SELECT is(ARRAY(SELECT name FROM officeauto.find_clients_by_tags(ARRAY['high-value', 'enterprise']) ORDER BY name),
          ARRAY['Nadia Farouk', 'Reza Tehrani', 'Tom Becker'], '... and without it any tag');
SELECT is((SELECT title FROM officeauto.search_documents('cutover weekend') LIMIT 1), 'ERP cutover plan',
          'search_documents ranks the matching document first');
RESET ROLE;

-- Maintenance.
INSERT INTO officeauto.notifications (organization_id, recipient_id, kind, title, created_at, expires_at)
VALUES (:acme, :bob, 'system', 'Old news', now() - interval '2 days', now() - interval '1 day');
SET LOCAL ROLE oa_t_admin;
SELECT officeauto.maintain_database() AS report \gset
RESET ROLE;
SELECT ok((:'report'::jsonb -> 'refresh_project_stats' ->> 'result')::boolean
          AND (:'report'::jsonb -> 'expire_notifications' ->> 'result')::int >= 1
          AND :'report'::jsonb ? 'archive_audit_logs' AND :'report'::jsonb ? 'create_partitions'
          AND :'report'::jsonb ? 'drop_expired_partitions',
          'maintain_database refreshes, cleans, expires, partitions and archives, and reports each step');

SELECT * FROM finish();
ROLLBACK;
