-- Organization lifecycle and subscription, as the platform operator and the application meet
-- them: suspend, reactivate and soft-delete (OA006 for the organization's sessions and new
-- users while suspended or deleted), the subscription fields with their validation, the seat
-- limit (OA007) on every path that adds a seat, and who may call what. Logins and racing
-- creations over real connections are in tests/shell/organization_lifecycle.sh.
BEGIN;
SELECT plan(63);
SET LOCAL officeauto.password_memory_kib = 1024;  -- create_user hashes; cheap in tests

-- outcome(sql): 'ok: <first value>' or '<SQLSTATE>: <message>' (with the DETAIL when asked),
-- and whatever the statement did is undone (an authenticate() binding too).
CREATE FUNCTION pg_temp.outcome(q text, with_detail boolean DEFAULT false) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v text;
    st text;
    det text;
BEGIN
    BEGIN
        EXECUTE q INTO v;
        RAISE EXCEPTION USING ERRCODE = 'ZZ999', MESSAGE = coalesce(v, 'NULL');
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, v = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
        RETURN CASE WHEN st = 'ZZ999' THEN 'ok: ' || v
                    ELSE st || ': ' || v || CASE WHEN with_detail THEN ' / ' || coalesce(det, '') ELSE '' END END;
    END;
END
$$;

-- A fresh organization with three users (two active, one inactive) and a live session.
INSERT INTO officeauto.organizations (name, slug) VALUES ('Lifecycle Test', 'lifecycle-test');
SELECT id AS org, public_id AS org_pid FROM officeauto.organizations WHERE slug = 'lifecycle-test' \gset
SELECT set_config('officeauto.organization_id', :'org', true);
SELECT officeauto.create_user(:org, 'lc-ann', 'lc-ann@lifecycle.example', 'Ann', 'lc-ann-pw-harbour') IS NOT NULL AS made;
SELECT officeauto.create_user(:org, 'lc-ben', 'lc-ben@lifecycle.example', 'Ben', 'lc-ben-pw-harbour') IS NOT NULL AS made;
INSERT INTO officeauto.users (organization_id, username, email, full_name, status)
VALUES (:org, 'lc-cal', 'lc-cal@lifecycle.example', 'Cal', 'inactive');
SELECT id AS ann FROM officeauto.users WHERE username = 'lc-ann' \gset
SELECT id AS ben FROM officeauto.users WHERE username = 'lc-ben' \gset
SELECT id AS cal FROM officeauto.users WHERE username = 'lc-cal' \gset
SELECT officeauto._new_token() AS tok \gset
INSERT INTO officeauto.user_sessions (organization_id, user_id, client_type, token_digest, expires_at)
VALUES (:org, :ann, 'web', officeauto.token_digest(:'tok'), now() + interval '1 hour');
SELECT officeauto._new_token() AS rtok \gset
INSERT INTO officeauto.refresh_tokens (organization_id, user_id, session_id, family_id, token_digest, expires_at, family_expires_at)
SELECT :org, :ann, s.id, officeauto.uuid_generate_v7(), officeauto.token_digest(:'rtok'), now() + interval '1 day', now() + interval '1 day'
  FROM officeauto.user_sessions s WHERE s.token_digest = officeauto.token_digest(:'tok');
CREATE TEMP VIEW lc AS SELECT * FROM officeauto.organizations WHERE slug = 'lifecycle-test';
CREATE TEMP VIEW lc_seats AS
SELECT count(*)::int AS n FROM officeauto.users WHERE organization_id = :org AND status = 'active' AND deleted_at IS NULL;

-- Columns.
SELECT is((SELECT status || '/' || subscription_status || '/' || coalesce(seat_limit::text, 'unlimited') || '/' || is_active FROM lc),
          'active/active/unlimited/true', 'a new organization is active, subscribed, unlimited');
SELECT is(ARRAY(SELECT a.attname::text FROM pg_attribute a
                 WHERE a.attrelid = 'officeauto.organizations'::regclass
                   AND a.attname IN ('status', 'suspended_at', 'suspension_reason', 'subscription_status',
                                     'current_period_end', 'seat_limit', 'is_active', 'plan', 'deleted_at')
                   AND col_description(a.attrelid, a.attnum) IS NULL),
          '{}'::text[], 'every lifecycle and subscription column has a comment');
SELECT is(pg_temp.outcome(format('UPDATE officeauto.organizations SET is_active = false WHERE id = %s RETURNING id', :org)), '428C9: column "is_active" can only be updated to DEFAULT',
          'is_active is derived (status, deleted_at), not written');
SELECT is(pg_temp.outcome(format('UPDATE officeauto.organizations SET seat_limit = 0 WHERE id = %s RETURNING id', :org)),
          '23514: new row for relation "organizations" violates check constraint "organizations_seat_limit_check"',
          'a seat limit is positive (CHECK)');
SELECT is(pg_temp.outcome(format('UPDATE officeauto.organizations SET status = %L WHERE id = %s RETURNING id', 'suspended', :org)),
          '23514: new row for relation "organizations" violates check constraint "organizations_suspension_check"',
          'a suspension carries its time and reason (CHECK)');
SELECT is(pg_temp.outcome(format('UPDATE officeauto.organizations SET subscription_status = %L WHERE id = %s RETURNING id', 'unpaid', :org)),
          '23514: new row for relation "organizations" violates check constraint "organizations_subscription_status_check"',
          'the subscription status is one of four (CHECK)');

-- Who may call the lifecycle functions: the platform operator only.
SELECT is(ARRAY(SELECT r || ':' || f FROM unnest(ARRAY['officeauto_admin', 'officeauto_app', 'officeauto_readonly', 'public']) AS r,
                       unnest(ARRAY['officeauto.suspend_organization(uuid,text)', 'officeauto.reactivate_organization(uuid)',
                                    'officeauto.delete_organization(uuid)',
                                    'officeauto.set_subscription(uuid,text,text,timestamptz,integer)']) AS f
                 WHERE has_function_privilege(r, f, 'EXECUTE') ORDER BY 1),
          ARRAY['officeauto_admin:officeauto.delete_organization(uuid)', 'officeauto_admin:officeauto.reactivate_organization(uuid)',
                'officeauto_admin:officeauto.set_subscription(uuid,text,text,timestamptz,integer)',
                'officeauto_admin:officeauto.suspend_organization(uuid,text)'],
          'only officeauto_admin executes the lifecycle functions');
SELECT ok(NOT has_column_privilege('officeauto_app', 'officeauto.organizations', 'status', 'UPDATE')
          AND NOT has_column_privilege('officeauto_app', 'officeauto.organizations', 'seat_limit', 'UPDATE')
          AND has_column_privilege('officeauto_app', 'officeauto.organizations', 'seat_limit', 'SELECT')
          AND has_column_privilege('officeauto_readonly', 'officeauto.organizations', 'subscription_status', 'SELECT'),
          'the application reads its subscription and lifecycle but cannot write them');
SELECT is((SELECT count(*)::int FROM officeauto.audited_tables WHERE table_name = 'officeauto.organizations'::regclass), 1,
          'organizations are audited (lifecycle changes land in audit_logs)');

-- Input validation: nothing changes.
SELECT is(pg_temp.outcome('SELECT officeauto.suspend_organization(NULL, ''Unpaid'')'),
          '22023: organization must be given (its public id)', 'suspend: NULL organization is 22023');
SELECT is(pg_temp.outcome(format('SELECT officeauto.suspend_organization(%L, NULL)', :'org_pid')),
          '22023: a suspension reason of 1 to 1000 characters is required', 'suspend: NULL reason is 22023');
SELECT is(pg_temp.outcome(format('SELECT officeauto.suspend_organization(%L, %L)', :'org_pid', '   ')),
          '22023: a suspension reason of 1 to 1000 characters is required', '... and so is a blank one');
SELECT is(pg_temp.outcome(format('SELECT officeauto.suspend_organization(%L, %L)', :'org_pid', repeat('x', 1001))),
          '22023: a suspension reason of 1 to 1000 characters is required', '... and one over 1000 characters');
SELECT is(pg_temp.outcome('SELECT officeauto.suspend_organization(''00000000-0000-0000-0000-000000000000'', ''Unpaid'')'),
          'P0002: no organization with public id 00000000-0000-0000-0000-000000000000', 'suspend: an unknown organization is P0002');
SELECT is(pg_temp.outcome('SELECT officeauto.reactivate_organization(NULL)'),
          '22023: organization must be given (its public id)', 'reactivate: NULL organization is 22023');
SELECT is(pg_temp.outcome('SELECT officeauto.delete_organization(''00000000-0000-0000-0000-000000000000'')'),
          'P0002: no organization with public id 00000000-0000-0000-0000-000000000000', 'delete: an unknown organization is P0002');
SELECT is(pg_temp.outcome(format('SELECT officeauto.set_subscription(%L, NULL, %L, NULL, NULL)', :'org_pid', 'active')),
          '22023: plan must be free, standard or enterprise', 'set_subscription: NULL plan is 22023');
SELECT is(pg_temp.outcome(format('SELECT officeauto.set_subscription(%L, %L, %L, NULL, NULL)', :'org_pid', 'gold', 'active')),
          '22023: plan must be free, standard or enterprise', '... and an unknown plan');
SELECT is(pg_temp.outcome(format('SELECT officeauto.set_subscription(%L, %L, NULL, NULL, NULL)', :'org_pid', 'standard')),
          '22023: subscription status must be trialing, active, past_due or canceled', '... NULL status is 22023');
SELECT is(pg_temp.outcome(format('SELECT officeauto.set_subscription(%L, %L, %L, NULL, NULL)', :'org_pid', 'standard', 'unpaid')),
          '22023: subscription status must be trialing, active, past_due or canceled', '... and an unknown status');
SELECT is(pg_temp.outcome(format('SELECT officeauto.set_subscription(%L, %L, %L, NULL, 0)', :'org_pid', 'standard', 'active')),
          '22023: seat limit must be a positive number of users, or NULL for unlimited', '... and a seat limit of 0');
SELECT is(pg_temp.outcome('SELECT officeauto.set_subscription(NULL, ''standard'', ''active'', NULL, NULL)'),
          '22023: organization must be given (its public id)', '... and a NULL organization');
SELECT is((SELECT status || '/' || plan || '/' || subscription_status || '/' || coalesce(seat_limit::text, 'unlimited') || '/' || version FROM lc),
          'active/standard/active/unlimited/1', 'none of the refused calls changed the organization');

-- Suspension.
SELECT is(officeauto.validate_session(:'tok'), :ann::bigint, 'an active organization''s session validates');
SELECT ok(officeauto.suspend_organization(:'org_pid', '  Unpaid invoice 2026-04  '), 'suspend_organization suspends an active organization');
SELECT is((SELECT status || '/' || (suspended_at = now()) || '/' || suspension_reason || '/' || is_active FROM lc),
          'suspended/true/Unpaid invoice 2026-04/false', '... recording when and why (trimmed); is_active follows');
SELECT ok(NOT officeauto.suspend_organization(:'org_pid', 'Again'), 'suspending a suspended organization returns false');
SELECT is((SELECT suspension_reason FROM lc), 'Unpaid invoice 2026-04', '... and changes nothing');
SELECT is((SELECT changed_columns @> ARRAY['status', 'suspended_at', 'suspension_reason'] AND action = 'UPDATE'
             FROM officeauto.audit_logs WHERE table_name = 'officeauto.organizations' AND organization_id = :org
             ORDER BY id DESC LIMIT 1), true, 'the suspension is in the audit trail of the organization');
SELECT is(pg_temp.outcome(format('SELECT officeauto.authenticate(%L)', :'tok')), 'OA006: organization suspended',
          'authenticate refuses a suspended organization''s session: OA006');
SELECT is(pg_temp.outcome(format('SELECT officeauto.validate_session(%L)', :'tok')), 'OA006: organization suspended',
          '... and so does validate_session');
SELECT is(pg_temp.outcome(format('SELECT session_token FROM officeauto.refresh_session(%L)', :'rtok')), 'OA006: organization suspended',
          '... and refresh_session');
SELECT is(pg_temp.outcome(format('SELECT officeauto.authenticate(%L)', officeauto._new_token())), '28000: invalid, expired or revoked session',
          'an unknown token is still 28000 (OA006 only for a session valid in every other way)');
SELECT is((SELECT count(*)::int FROM officeauto.user_sessions WHERE organization_id = :org AND revoked_at IS NULL), 1,
          'suspension revokes no session');
SELECT is(pg_temp.outcome(format('SELECT officeauto.create_user(%s, %L, %L, %L, %L)', :org, 'lc-dan', 'lc-dan@lifecycle.example', 'Dan', 'lc-dan-pw-harbour')),
          'OA006: organization suspended', 'no user is created in a suspended organization: OA006');
SELECT is(pg_temp.outcome(format('UPDATE officeauto.users SET status = %L WHERE id = %s RETURNING id', 'active', :cal)),
          'OA006: organization suspended', '... nor reactivated');
SELECT is((SELECT count(*)::int FROM officeauto.users WHERE organization_id = :org), 3, '... nothing changed');

-- Reactivation.
SELECT ok(officeauto.reactivate_organization(:'org_pid'), 'reactivate_organization ends the suspension');
SELECT is((SELECT status || '/' || (suspended_at IS NULL) || '/' || (suspension_reason IS NULL) || '/' || is_active FROM lc),
          'active/true/true/true', '... clearing when and why');
SELECT ok(NOT officeauto.reactivate_organization(:'org_pid'), 'reactivating an active organization returns false');
SELECT is(pg_temp.outcome(format('SELECT officeauto.authenticate(%L)', :'tok')), 'ok: ' || :ann,
          'the session from before the suspension authenticates again');

-- Subscription and seats.
SELECT lives_ok(format('SELECT officeauto.set_subscription(%L, %L, %L, %L, 2)', :'org_pid', 'enterprise', 'trialing', '2030-01-31 00:00+00'),
                'set_subscription records plan, status, period end and seat limit');
SELECT is((SELECT plan || '/' || subscription_status || '/' || (current_period_end = '2030-01-31 00:00+00') || '/' || seat_limit FROM lc),
          'enterprise/trialing/true/2', '... all four');
SELECT is((SELECT n FROM lc_seats), 2, 'the two active users fill the two seats (the inactive one takes none)');
SELECT is(pg_temp.outcome(format('SELECT officeauto.create_user(%s, %L, %L, %L, %L)', :org, 'lc-dan', 'lc-dan@lifecycle.example', 'Dan', 'lc-dan-pw-harbour'), true),
          'OA007: seat limit reached / The organization''s seat limit is 2 active users; 2 are in use.',
          'create_user beyond the seat limit: OA007, DETAIL with the limit');
SELECT is(pg_temp.outcome(format('INSERT INTO officeauto.users (organization_id, username, email, full_name) VALUES (%s, %L, %L, %L) RETURNING id',
                                 :org, 'lc-eve', 'lc-eve@lifecycle.example', 'Eve')),
          'OA007: seat limit reached', 'a direct INSERT is held to the same limit');
SELECT is(pg_temp.outcome(format('UPDATE officeauto.users SET status = %L WHERE id = %s RETURNING id', 'active', :cal)),
          'OA007: seat limit reached', 'reactivating a user needs a free seat too');
SELECT is(pg_temp.outcome(format('INSERT INTO officeauto.users (organization_id, username, email, full_name, status) VALUES (%s, %L, %L, %L, %L) RETURNING status',
                                 :org, 'lc-fay', 'lc-fay@lifecycle.example', 'Fay', 'inactive')),
          'ok: inactive', 'an inactive user takes no seat and can be added');
SELECT is((SELECT count(*)::int || '/' || (SELECT n FROM lc_seats) FROM officeauto.users WHERE organization_id = :org), '3/2',
          'the refused additions changed nothing');
SELECT lives_ok(format('UPDATE officeauto.users SET status = %L WHERE id = %s', 'inactive', :ben), 'deactivating a user frees a seat');
SELECT lives_ok(format('UPDATE officeauto.users SET status = %L WHERE id = %s', 'active', :cal), '... which another user can take');
SELECT lives_ok(format('UPDATE officeauto.users SET full_name = %L, status = %L WHERE id = %s', 'Cal C.', 'active', :cal),
                'an update of an active user takes no second seat');
SELECT lives_ok(format('SELECT officeauto.set_subscription(%L, %L, %L, NULL, 1)', :'org_pid', 'free', 'active'),
                'the limit may go below the users in place');
SELECT is((SELECT seat_limit || '/' || (SELECT n FROM lc_seats) FROM lc), '1/2', '... who keep their seats');
SELECT lives_ok(format('SELECT officeauto.set_subscription(%L, %L, %L, NULL, NULL)', :'org_pid', 'standard', 'active'),
                'NULL removes the limit');
SELECT is(pg_temp.outcome(format('SELECT officeauto.create_user(%s, %L, %L, %L, %L) IS NOT NULL', :org, 'lc-dan', 'lc-dan@lifecycle.example', 'Dan', 'lc-dan-pw-harbour')),
          'ok: true', '... and users can be added again');

-- Deletion: final.
SELECT ok(officeauto.delete_organization(:'org_pid'), 'delete_organization soft-deletes');
SELECT is((SELECT (deleted_at = now()) || '/' || is_active FROM lc), 'true/false', '... setting deleted_at; is_active follows');
SELECT is((SELECT count(*)::int FROM officeauto.user_sessions WHERE organization_id = :org AND revoked_at IS NULL)
          + (SELECT count(*)::int FROM officeauto.refresh_tokens WHERE organization_id = :org AND revoked_at IS NULL), 0,
          '... revoking every session and refresh token');
SELECT is(pg_temp.outcome(format('SELECT officeauto.reactivate_organization(%L)', :'org_pid')),
          '55000: organization ' || :'org_pid' || ' is deleted; a deleted organization is never reactivated',
          'a deleted organization is never reactivated: 55000');
SELECT is(pg_temp.outcome(format('UPDATE officeauto.organizations SET deleted_at = NULL WHERE id = %s RETURNING id', :org)),
          '55000: organization ' || :'org_pid' || ' is deleted; a deleted organization is never restored',
          '... not even by a direct UPDATE');
SELECT is(pg_temp.outcome(format('SELECT officeauto.create_user(%s, %L, %L, %L, %L)', :org, 'lc-gil', 'lc-gil@lifecycle.example', 'Gil', 'lc-gil-pw-harbour')),
          'OA006: organization deleted', 'no user is created in a deleted organization: OA006');
SELECT ok(NOT officeauto.delete_organization(:'org_pid'), 'deleting it again returns false');

SELECT * FROM finish();
ROLLBACK;
