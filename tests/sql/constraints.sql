-- Rules the database enforces whatever the client sends: optimistic concurrency, CHECKs,
-- uniqueness, no double booking, one live session per client type, tag normalization.
BEGIN;
SELECT plan(31);
GRANT ALL ON pg_temp.__tcache__ TO PUBLIC;
GRANT ALL ON ALL SEQUENCES IN SCHEMA pg_temp TO PUBLIC;
CREATE ROLE oa_t_app NOLOGIN IN ROLE officeauto_app;
SELECT id AS acme FROM officeauto.organizations WHERE slug = 'acme' \gset
SELECT id AS alice FROM officeauto.users WHERE username = 'alice' \gset
SELECT id AS room FROM officeauto.calendar_resources WHERE name = 'Huddle 1' \gset
SELECT id AS task, version AS task_version, created_at AS task_created FROM officeauto.tasks
 WHERE title = 'Train accounts payable team' \gset

-- Optimistic concurrency, as an application would run it.
SET LOCAL ROLE oa_t_app;
SELECT set_config('officeauto.organization_id', :'acme', true);
SELECT throws_ok(format('UPDATE officeauto.tasks SET title = %L, version = %s WHERE id = %s', 'stale write', :task_version + 5, :task),
                 '40001', NULL, 'an UPDATE carrying a stale version fails with 40001');
SELECT is((SELECT title FROM officeauto.tasks WHERE id = :task), 'Train accounts payable team', '... and changes nothing');
SELECT lives_ok(format('UPDATE officeauto.tasks SET title = %L, version = %s WHERE id = %s', 'Train AP team', :task_version, :task),
                'an UPDATE carrying the current version succeeds');
SELECT is((SELECT version FROM officeauto.tasks WHERE id = :task), :task_version + 1, 'the version is bumped by the trigger');
SELECT throws_ok(format('UPDATE officeauto.tasks SET title = %L, version = %s WHERE id = %s', 'lost update', :task_version, :task),
                 '40001', NULL, 'a second writer holding the old version is rejected (no lost update)');
SELECT lives_ok(format('UPDATE officeauto.tasks SET priority = %L WHERE id = %s', 'high', :task),
                'an UPDATE that does not mention version is accepted');
UPDATE officeauto.tasks SET created_at = '2000-01-01' WHERE id = :task;
SELECT is((SELECT created_at FROM officeauto.tasks WHERE id = :task), :'task_created'::timestamptz, 'created_at cannot be rewritten');
SELECT ok((SELECT updated_at >= now() FROM officeauto.tasks WHERE id = :task), 'updated_at is maintained by the trigger');
RESET ROLE;

-- CHECK constraints (23514).
SELECT throws_ok(format('INSERT INTO officeauto.users (organization_id, username, email, full_name, password_hash) VALUES (%s, %L, %L, %L, %L)',
                        :acme, 'zed', 'not-an-email', 'Zed', '!'), '23514', NULL, 'an invalid e-mail is rejected');
SELECT throws_ok(format('INSERT INTO officeauto.users (organization_id, username, email, full_name, password_hash) VALUES (%s, %L, %L, %L, %L)',
                        :acme, 'zz', 'zz@acme.example', 'Zz', '!'), '23514', NULL, 'a username shorter than 3 characters is rejected');
SELECT throws_ok(format('INSERT INTO officeauto.users (organization_id, username, email, full_name, password_hash) VALUES (%s, %L, %L, %L, %L)',
                        :acme, 'zed', 'zed@acme.example', 'Zed', 'plaintext'), '23514', NULL, 'a password_hash that is not a PHC/crypt string is rejected');
SELECT throws_ok(format('INSERT INTO officeauto.tasks (organization_id, title, status) VALUES (%s, %L, %L)', :acme, 't', 'done'),
                 '23514', NULL, 'an unknown task status is rejected');
SELECT throws_ok(format('INSERT INTO officeauto.tasks (organization_id, title, status, completed_at) VALUES (%s, %L, %L, now())', :acme, 't', 'pending'),
                 '23514', NULL, 'only a completed task has completed_at');
SELECT throws_ok(format('INSERT INTO officeauto.tasks (organization_id, title, start_date, due_date) VALUES (%s, %L, %L, %L)', :acme, 't', '2026-05-02', '2026-05-01'),
                 '23514', NULL, 'a due date before the start date is rejected');
SELECT throws_ok(format('INSERT INTO officeauto.tasks (organization_id, title) VALUES (%s, %L)', :acme, '   '),
                 '23514', NULL, 'a blank title is rejected');
SELECT throws_ok(format('INSERT INTO officeauto.events (organization_id, organizer_id, title, start_time, end_time) VALUES (%s, %s, %L, now(), now() - interval %L)',
                        :acme, :alice, 'backwards', '1 hour'), '23514', NULL, 'an event ending before it starts is rejected');
SELECT throws_ok(format('INSERT INTO officeauto.clients (organization_id, name, website_url) VALUES (%s, %L, %L)', :acme, 'c', 'ftp://x y'),
                 '23514', NULL, 'an invalid URL is rejected');
SELECT throws_ok($$INSERT INTO officeauto.document_versions (organization_id, document_id, version_number, checksum_sha256, size_bytes)
                   SELECT organization_id, id, 99, repeat('0', 64), 0 FROM officeauto.documents LIMIT 1$$,
                 '23514', NULL, 'a document version of size 0 is rejected');
SELECT throws_ok(format('INSERT INTO officeauto.documents_ingest (organization_id, original_name, s3_key, status) VALUES (%s, %L, %L, %L)',
                        :acme, 'a.pdf', 'k', 'rejected'), '23514', NULL, 'a rejected upload needs a rejection reason');
SELECT throws_ok(format('INSERT INTO officeauto.cartable (organization_id, user_id, note) VALUES (%s, %s, %L)', :acme, :alice, 'no subject'),
                 '23514', NULL, 'a cartable item needs exactly one subject');

-- Uniqueness (23505).
SELECT throws_ok(format('INSERT INTO officeauto.users (organization_id, username, email, full_name, password_hash) VALUES (%s, %L, %L, %L, %L)',
                        :acme, 'ALICE', 'other@acme.example', 'Alice 2', '!'), '23505', NULL, 'usernames are unique regardless of case');
SELECT throws_ok($$INSERT INTO officeauto.user_roles (organization_id, user_id, role_id)
                   SELECT organization_id, user_id, role_id FROM officeauto.user_roles LIMIT 1$$,
                 '23505', NULL, 'an organization-wide role grant cannot be duplicated (NULL project is not distinct)');

-- One live session per user and client type.
SELECT lives_ok(format($$INSERT INTO officeauto.user_sessions (organization_id, user_id, client_type, token_digest, expires_at)
                         VALUES (%s, %s, 'api', sha256('t1'), now() + interval '1 hour')$$, :acme, :alice),
                'a session for a new client type is accepted');
SELECT throws_ok(format($$INSERT INTO officeauto.user_sessions (organization_id, user_id, client_type, token_digest, expires_at)
                          VALUES (%s, %s, 'api', sha256('t2'), now() + interval '1 hour')$$, :acme, :alice),
                 '23505', NULL, 'a second live session for the same user and client type is rejected');
UPDATE officeauto.user_sessions SET revoked_at = now(), revoke_reason = 'logout' WHERE token_digest = sha256('t1');
SELECT lives_ok(format($$INSERT INTO officeauto.user_sessions (organization_id, user_id, client_type, token_digest, expires_at)
                         VALUES (%s, %s, 'api', sha256('t3'), now() + interval '1 hour')$$, :acme, :alice),
                'once the previous session is revoked a new one is accepted');

-- No double booking of a calendar resource (23P01).
SELECT lives_ok(format($$INSERT INTO officeauto.events (organization_id, organizer_id, resource_id, title, start_time, end_time)
                         VALUES (%s, %s, %s, 'slot A', '2030-01-01 10:00+00', '2030-01-01 11:00+00')$$, :acme, :alice, :room),
                'booking a free resource works');
SELECT throws_ok(format($$INSERT INTO officeauto.events (organization_id, organizer_id, resource_id, title, start_time, end_time)
                          VALUES (%s, %s, %s, 'overlap', '2030-01-01 10:30+00', '2030-01-01 11:30+00')$$, :acme, :alice, :room),
                 '23P01', NULL, 'an overlapping booking of the same resource is rejected');
SELECT lives_ok(format($$INSERT INTO officeauto.events (organization_id, organizer_id, resource_id, title, start_time, end_time)
                         VALUES (%s, %s, %s, 'back to back', '2030-01-01 11:00+00', '2030-01-01 12:00+00')$$, :acme, :alice, :room),
                'a back-to-back booking is accepted (ranges are half-open)');
SELECT lives_ok(format($$INSERT INTO officeauto.events (organization_id, organizer_id, resource_id, title, start_time, end_time, status)
                         VALUES (%s, %s, %s, 'cancelled', '2030-01-01 10:15+00', '2030-01-01 10:45+00', 'cancelled')$$, :acme, :alice, :room),
                'a cancelled event does not hold the resource');

-- Tags are stored normalized; documents get a full-text vector.
INSERT INTO officeauto.clients (organization_id, name, tags) VALUES (:acme, 'Tag test', ARRAY[' VIP ', 'vip', 'Gold', '', NULL]);
SELECT is((SELECT tags FROM officeauto.clients WHERE name = 'Tag test'), ARRAY['gold', 'vip'],
          'tags are trimmed, lower-cased, de-duplicated and sorted on write');
SELECT is((SELECT title FROM officeauto.documents WHERE search_vector @@ websearch_to_tsquery('english', 'cutover weekend')),
          'ERP cutover plan', 'documents are searchable through search_vector');

SELECT * FROM finish();
ROLLBACK;
