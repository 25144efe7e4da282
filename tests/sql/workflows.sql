-- Workflows as an application runs them (officeauto_app, row-level security on): cartable,
-- task rules, versions, staging promotion, change-request approvals, test reuse, comments,
-- notifications, search with its GIN indexes, and maintenance; including the rejections.
BEGIN;
SELECT plan(52);
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

SET LOCAL ROLE oa_t_app;
SELECT set_config('officeauto.organization_id', :'acme', true);
SELECT set_config('officeauto.user_id', :'emma', true);

-- Cartable.
SELECT officeauto.assign_task(:payroll, :carol, 'Payroll first, please') AS item \gset
SELECT is((SELECT assignee_id FROM officeauto.tasks WHERE id = :payroll), :carol::bigint, 'assign_task sets the assignee');
SELECT is((SELECT ARRAY[user_id, from_user_id] FROM officeauto.cartable WHERE id = :item), ARRAY[:carol, :emma]::bigint[],
          '... and puts the task in the assignee''s cartable, from the assigner');
SELECT is((SELECT count(*)::int FROM officeauto.notifications WHERE recipient_id = :carol AND kind = 'assignment'
             AND entity_id = (SELECT public_id FROM officeauto.tasks WHERE id = :payroll)), 1, '... and notifies the assignee');
SELECT throws_ok(format('SELECT officeauto.assign_task(%s, %s)', :globex_task, :carol), 'P0002', NULL,
                 'another organization''s task cannot be assigned (row-level security)');
SELECT throws_ok(format('SELECT officeauto.assign_task(%s, %s)', :payroll, :maria), 'P0002', NULL,
                 'nor can a task be assigned to another organization''s user');
SELECT throws_ok(format('SELECT officeauto.refer(%s, %s)', :item, :bob), 'OA030', NULL,
                 'referring an item the caller does not hold is rejected');
SELECT set_config('officeauto.user_id', :'carol', true);
SELECT officeauto.refer(:item, :bob, 'Bob knows the payroll API') AS ref \gset
SELECT is((SELECT ARRAY[parent_id, from_user_id, user_id] FROM officeauto.cartable WHERE id = :ref),
          ARRAY[:item, :carol, :bob]::bigint[], 'refer creates a forwarded item pointing at the original');
SELECT ok((SELECT acted_at IS NOT NULL FROM officeauto.cartable WHERE id = :item), '... and marks the referrer''s copy acted on');
SELECT is((SELECT note FROM officeauto.inbox WHERE id = :ref), 'Bob knows the payroll API', 'the note travels with the referral');
SELECT set_config('officeauto.user_id', :'bob', true);
SELECT is((SELECT state FROM officeauto.inbox WHERE id = :ref), 'unread', 'a new item is unread');
SELECT ok(officeauto.mark_item_read(:ref), 'the holder marks it read');
SELECT is((SELECT state FROM officeauto.inbox WHERE id = :ref), 'read', '... and the inbox shows it read');
SELECT is(officeauto.mark_item_read(:item), NULL, 'an item someone else holds cannot be marked read');
SELECT ok(officeauto.archive_item(:ref), 'the holder archives it');
SELECT is((SELECT count(*)::int FROM officeauto.inbox WHERE id = :ref), 0, '... and it leaves the inbox');

-- Tasks.
SELECT throws_ok(format('UPDATE officeauto.tasks SET status = %L WHERE id = %s', 'pending', :done_task), 'OA020', NULL,
                 'a completed task cannot be set back to pending directly');
SELECT ok(officeauto.reopen_task(:done_task, 'Vendor list changed'), 'reopen_task reopens it');
SELECT is((SELECT status || '/' || (completed_at IS NULL) FROM officeauto.tasks WHERE id = :done_task), 'pending/true',
          '... to pending, clearing completed_at');
SELECT lives_ok(format('UPDATE officeauto.tasks SET status = %L WHERE id = %s', 'completed', :done_task),
                'completing a task needs no completed_at from the client');
SELECT ok((SELECT completed_at IS NOT NULL FROM officeauto.tasks WHERE id = :done_task), '... it is set by the trigger');
SELECT throws_ok(format('UPDATE officeauto.tasks SET status = %L WHERE id = %s', 'completed', :parent_task), 'OA021', NULL,
                 'a task with open subtasks cannot be completed');
SELECT (SELECT spent_minutes FROM officeauto.tasks WHERE id = :payroll) AS spent_before \gset
SELECT ok(officeauto.log_time(:payroll, now() - interval '2 hours', now() - interval '30 minutes', 'API mapping') > 0, 'log_time records time');
SELECT is((SELECT spent_minutes FROM officeauto.tasks WHERE id = :payroll), :spent_before + 90, '... and the task''s total follows');

-- Document versions and duplicates.
SELECT id AS plan_doc FROM officeauto.documents WHERE title = 'ERP cutover plan' \gset
SELECT is(officeauto.add_document_version(:plan_doc, 'erp/cutover-v3.pdf', repeat('ab', 32), 500000, 'Dates fixed'), 3,
          'add_document_version numbers the next version');
SELECT is((SELECT array_agg(version_number ORDER BY version_number) FROM officeauto.document_versions WHERE document_id = :plan_doc),
          ARRAY[1, 2, 3], '... keeping the history');
SELECT is((SELECT current_version_number FROM officeauto.active_documents WHERE id = :plan_doc), 3, '... and the new one is current');
SELECT officeauto.add_document_version(id, 'copy.pdf', repeat('ab', 32), 500000) FROM officeauto.documents WHERE title = 'Welcome guide draft';
SELECT is((SELECT copies::int FROM officeauto.duplicate_documents WHERE checksum_sha256 = repeat('ab', 32)), 2,
          'documents with the same checksum are reported as duplicates');

-- Staging ingest.
SELECT id AS ing FROM officeauto.documents_ingest WHERE original_name = 'invoice-batch-17.pdf' \gset
SELECT officeauto.promote_ingest(:ing) AS promoted_doc \gset
SELECT is((SELECT status || '/' || promoted_document_id FROM officeauto.documents_ingest WHERE id = :ing), 'promoted/' || :promoted_doc,
          'promote_ingest creates the document and marks the upload promoted');
SELECT is((SELECT count(*)::int FROM officeauto.document_versions WHERE document_id = :promoted_doc AND is_current), 1,
          '... with a current version 1');
SELECT throws_ok(format('SELECT officeauto.promote_ingest(%s)', :ing), 'OA040', NULL, 'an upload is promoted only once');
INSERT INTO officeauto.documents_ingest (organization_id, original_name, mime_type, storage_id, s3_key, checksum_sha256, size_bytes)
SELECT :acme, n, m, (SELECT id FROM officeauto.storage_reference WHERE is_default), 'in/' || n, c, s
  FROM (VALUES ('empty.pdf', 'application/pdf', repeat('01', 32), 0::bigint),
               ('virus.exe', 'application/x-msdownload', repeat('02', 32), 100),
               ('copy.pdf', 'application/pdf', repeat('ab', 32), 100)) AS v(n, m, c, s);
SELECT is(ARRAY(SELECT officeauto.promote_ingest(id) FROM officeauto.documents_ingest WHERE original_name IN ('empty.pdf', 'virus.exe', 'copy.pdf') ORDER BY id),
          ARRAY[NULL, NULL, NULL]::bigint[], 'invalid uploads are not promoted');
SELECT is(ARRAY(SELECT rejection_reason FROM officeauto.rejected_documents WHERE original_name IN ('empty.pdf', 'virus.exe', 'copy.pdf') ORDER BY id),
          ARRAY['File is empty (size 0)', 'Unknown file type application/x-msdownload', 'Duplicate: a document with the same checksum exists'],
          '... they are rejected with the reason (empty, unknown type, duplicate checksum)');

-- Change requests: approved only when every required approver approved; a rejection closes.
SELECT id AS erp FROM officeauto.projects WHERE code = 'ERP' \gset
INSERT INTO officeauto.change_requests (organization_id, project_id, title, requested_by)
VALUES (:acme, :erp, 'Switch bank file format', :carol), (:acme, :erp, 'Add a second ledger', :carol);
SELECT id AS cr1 FROM officeauto.change_requests WHERE title = 'Switch bank file format' \gset
SELECT id AS cr2 FROM officeauto.change_requests WHERE title = 'Add a second ledger' \gset
INSERT INTO officeauto.change_request_approvals (organization_id, change_request_id, approver_id, is_required)
VALUES (:acme, :cr1, :alice, true), (:acme, :cr1, :bob, true), (:acme, :cr1, :emma, false), (:acme, :cr2, :bob, true);
SELECT is(officeauto.submit_change_request(:cr1), 'under_review', 'submitting puts the request under review');
SELECT is((SELECT count(*)::int FROM officeauto.cartable WHERE change_request_id = :cr1 AND action_required = 'approve'), 3,
          '... with an approval item in each approver''s cartable');
SELECT set_config('officeauto.user_id', :'alice', true);
SELECT is(officeauto.decide_change_request(:cr1, 'approved'), 'under_review', 'one of two required approvals is not enough');
SELECT set_config('officeauto.user_id', :'carol', true);
SELECT throws_ok(format('SELECT officeauto.decide_change_request(%s, %L)', :cr1, 'approved'), 'OA051', NULL,
                 'someone who is not an approver cannot decide');
SELECT set_config('officeauto.user_id', :'bob', true);
SELECT is(officeauto.decide_change_request(:cr1, 'approved', 'Fine'), 'approved', 'the last required approval approves it');
SELECT ok((SELECT decided_at IS NOT NULL FROM officeauto.change_requests WHERE id = :cr1), '... with the decision time');
SELECT officeauto.submit_change_request(:cr2);
SELECT is(officeauto.decide_change_request(:cr2, 'rejected', 'Not this year'), 'rejected', 'a rejection closes the request');
SELECT throws_ok(format('SELECT officeauto.decide_change_request(%s, %L)', :cr2, 'approved'), 'OA050', NULL,
                 'a closed request takes no more decisions');

-- Test cases.
SELECT id AS tmpl FROM officeauto.test_cases WHERE title = 'Login with valid SSO account' \gset
SELECT (SELECT reuse_count FROM officeauto.test_cases WHERE id = :tmpl) AS reuse_before \gset
SELECT ok(officeauto.reuse_test_case(:tmpl, :erp) > 0, 'a template test case is reused in another project');
SELECT is((SELECT reuse_count FROM officeauto.test_cases WHERE id = :tmpl), :reuse_before + 1, '... and its reuse count grows');
SELECT ok(officeauto.record_test_execution(:tmpl, 'passed', 'All green') > 0, 'an execution is recorded with its result');

-- Comments and notifications.
SELECT officeauto.add_comment('task', (SELECT public_id FROM officeauto.tasks WHERE id = :payroll), 'Can @carol and @ALICE review?') AS cm \gset
SELECT is((SELECT mentions FROM officeauto.comments WHERE id = :cm), (SELECT array_agg(id ORDER BY id) FROM officeauto.users WHERE username IN ('alice', 'carol')),
          'mentions are resolved to users, ignoring case');
SELECT is((SELECT count(*)::int FROM officeauto.notifications WHERE kind = 'mention' AND recipient_id IN (:alice, :carol)), 2,
          '... and each mentioned user is notified');
SELECT ok(officeauto.add_comment('task', (SELECT public_id FROM officeauto.tasks WHERE id = :payroll), 'Done.', :cm) > 0,
          'a reply threads under its parent');
SELECT set_config('officeauto.user_id', :'carol', true);
SELECT ok(officeauto.mark_notification_read((SELECT id FROM officeauto.notifications WHERE kind = 'mention' AND recipient_id = :carol)),
          'the recipient marks a notification read');

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
