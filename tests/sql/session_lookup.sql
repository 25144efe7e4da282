-- Session validation reads the session, its user and its organization straight from their
-- indexes (src/sessions.rs), and falls back to the same question as one SQL query when the
-- tables are not as the extension made them. Every edge is checked on both paths, and the
-- activity touch, snapshots, savepoints and DDL in the same transaction.
BEGIN;
SELECT plan(59);

-- native(token): what validate_session answers, errors as '<SQLSTATE>: <message>'.
CREATE FUNCTION pg_temp.native(t text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE v bigint; st text; msg text;
BEGIN
    v := officeauto.validate_session(t);
    RETURN coalesce('user ' || v, 'invalid');
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
    RETURN st || ': ' || msg;
END $$;

-- Two organizations besides a live one: one suspended, one deleted (sessions left in place).
INSERT INTO officeauto.organizations (name, slug) VALUES ('Lookup Live', 'lookup-live'), ('Lookup Suspended', 'lookup-suspended'), ('Lookup Deleted', 'lookup-deleted');
SELECT id AS live FROM officeauto.organizations WHERE slug = 'lookup-live' \gset
SELECT id AS susp FROM officeauto.organizations WHERE slug = 'lookup-suspended' \gset
SELECT id AS dele FROM officeauto.organizations WHERE slug = 'lookup-deleted' \gset
INSERT INTO officeauto.users (organization_id, username, email, full_name, status)
VALUES (:live, 'lk-ok', 'lk-ok@lookup.example', 'Ok', 'active'),
       (:live, 'lk-other', 'lk-other@lookup.example', 'Other', 'active'),
       (:live, 'lk-inactive', 'lk-inactive@lookup.example', 'Inactive', 'inactive'),
       (:live, 'lk-suspended', 'lk-suspended@lookup.example', 'Suspended', 'suspended'),
       (:live, 'lk-deleted', 'lk-deleted@lookup.example', 'Deleted', 'active'),
       (:susp, 'lk-susp', 'lk-susp@lookup.example', 'Susp', 'active'),
       (:susp, 'lk-susp-off', 'lk-susp-off@lookup.example', 'Susp off', 'inactive'),
       (:dele, 'lk-dele', 'lk-dele@lookup.example', 'Dele', 'active');
UPDATE officeauto.users SET deleted_at = now() WHERE username = 'lk-deleted';

-- One token per case: (case, user, client type, created, expires, last activity, revoked).
CREATE TEMP TABLE cases (name text PRIMARY KEY, token text NOT NULL DEFAULT officeauto._new_token(), username text,
                         client text, created interval, expires interval, active interval, revoked boolean);
INSERT INTO cases (name, username, client, created, expires, active, revoked) VALUES
    ('valid',               'lk-ok',        'web',     '-1 min',  '1 hour',  '-10 s',    false),
    ('revoked',             'lk-ok',        'mobile',  '-1 min',  '1 hour',  '-10 s',    true),
    ('expired',             'lk-ok',        'desktop', '-2 hour', '-1 hour', '-10 s',    false),
    ('expires now',         'lk-ok',        'api',     '-2 hour', '0',       '-10 s',    false),
    ('idle',                'lk-other',     'web',     '-1 hour', '1 hour',  '-31 min',  false),
    ('idle to the second',  'lk-other',     'mobile',  '-1 hour', '1 hour',  '-30 min',  false),
    ('nearly idle',         'lk-other',     'desktop', '-1 hour', '1 hour',  '-29 min',  false),
    ('inactive user',       'lk-inactive',  'web',     '-1 min',  '1 hour',  '-10 s',    false),
    ('suspended user',      'lk-suspended', 'web',     '-1 min',  '1 hour',  '-10 s',    false),
    ('deleted user',        'lk-deleted',   'web',     '-1 min',  '1 hour',  '-10 s',    false),
    ('suspended org',       'lk-susp',      'web',     '-1 min',  '1 hour',  '-10 s',    false),
    ('suspended org, revoked', 'lk-susp',   'mobile',  '-1 min',  '1 hour',  '-10 s',    true),
    ('suspended org, inactive user', 'lk-susp-off', 'web', '-1 min', '1 hour', '-10 s',  false),
    ('deleted org',         'lk-dele',      'web',     '-1 min',  '1 hour',  '-10 s',    false);
INSERT INTO officeauto.user_sessions (organization_id, user_id, client_type, token_digest, created_at, expires_at,
                                      last_activity_at, revoked_at, revoke_reason)
SELECT u.organization_id, u.id, c.client, officeauto.token_digest(c.token), now() + c.created, now() + c.expires,
       now() + c.active, CASE WHEN c.revoked THEN now() END, CASE WHEN c.revoked THEN 'logout' END
  FROM cases c JOIN officeauto.users u ON u.username = c.username;
UPDATE officeauto.organizations SET status = 'suspended', suspended_at = now(), suspension_reason = 'session_lookup.sql' WHERE id = :susp;
UPDATE officeauto.organizations SET deleted_at = now() WHERE id = :dele;
SELECT id AS ok FROM officeauto.users WHERE username = 'lk-ok' \gset
SELECT id AS other FROM officeauto.users WHERE username = 'lk-other' \gset
SELECT token AS valid FROM cases WHERE name = 'valid' \gset

-- What each case must answer, on either path.
CREATE TEMP TABLE expected (name text PRIMARY KEY, answer text);
INSERT INTO expected VALUES
    ('valid', 'user ' || :ok), ('revoked', 'invalid'), ('expired', 'invalid'), ('expires now', 'invalid'),
    ('idle', 'invalid'), ('idle to the second', 'invalid'), ('nearly idle', 'user ' || :other),
    ('inactive user', 'invalid'), ('suspended user', 'invalid'), ('deleted user', 'invalid'),
    ('suspended org', 'OA006: organization suspended'), ('suspended org, revoked', 'invalid'),
    ('suspended org, inactive user', 'invalid'), ('deleted org', 'OA006: organization deleted');

-- Tokens that are not tokens, or no one's.
CREATE TEMP TABLE malformed (name text, token text);
INSERT INTO malformed VALUES
    ('empty', ''), ('42 characters', left(:'valid', 42)), ('44 characters', :'valid' || 'A'),
    ('a character outside base64url', '+' || right(:'valid', 42)),
    ('padding', left(:'valid', 42) || '='),
    ('bits past the 256th', left(:'valid', 42) || 'B'),
    ('well formed, unknown', officeauto._new_token());

-- 1. The direct lookup.
SELECT pg_stat_get_xact_numscans('officeauto.user_sessions_token_digest_key'::regclass) AS scans0 \gset
SELECT is(pg_temp.native(c.token), e.answer, 'direct lookup: ' || c.name) FROM cases c JOIN expected e USING (name) ORDER BY c.name;
SELECT is(pg_stat_get_xact_numscans('officeauto.user_sessions_token_digest_key'::regclass) - :scans0, 14::bigint,
          'the direct lookup probes the digest index once per token');
SELECT is(pg_temp.native(m.token), 'invalid', 'direct lookup, not a token: ' || m.name) FROM malformed m ORDER BY m.name;
SELECT is(officeauto.validate_session(NULL), NULL, 'NULL is no session');

-- Statements and savepoints of one transaction each see their own snapshot.
SAVEPOINT s;
UPDATE officeauto.user_sessions SET revoked_at = now(), revoke_reason = 'logout' WHERE token_digest = officeauto.token_digest(:'valid');
SELECT is(pg_temp.native(:'valid'), 'invalid', 'a revocation earlier in the transaction is seen');
ROLLBACK TO SAVEPOINT s;
SELECT is(pg_temp.native(:'valid'), 'user ' || :ok, '... and its rollback too');
SAVEPOINT s;
SELECT is(pg_temp.native(:'valid'), 'user ' || :ok, 'validation inside a savepoint');
ROLLBACK TO SAVEPOINT s;
SELECT is(pg_temp.native(:'valid'), 'user ' || :ok, 'validation after rolling back a savepoint that validated');
-- Within one statement too: the lookup reads with a snapshot taken after the statement's own
-- changes so far (as the SQL query did through SPI), not the statement's starting one.
CREATE FUNCTION pg_temp.revoke_it(t text) RETURNS int LANGUAGE sql VOLATILE AS
$$ UPDATE officeauto.user_sessions SET revoked_at = now(), revoke_reason = 'logout' WHERE token_digest = officeauto.token_digest(t) RETURNING 1 $$;
SAVEPOINT s;
WITH x AS MATERIALIZED (SELECT pg_temp.revoke_it(:'valid') AS revoked, officeauto.validate_session(:'valid') AS user_id)
SELECT is((SELECT revoked::text || '/' || coalesce(user_id::text, 'invalid') FROM x), '1/invalid',
          'a revocation made earlier in the same statement is seen');
ROLLBACK TO SAVEPOINT s;
SELECT is((SELECT string_agg(pg_temp.native(t), ',') FROM (VALUES (:'valid'), (:'valid'), ('x')) v(t)),
          'user ' || :ok || ',user ' || :ok || ',invalid', 'many validations in one statement');

-- authenticate() establishes the context from the same lookup.
SAVEPOINT s;
SELECT is(officeauto.authenticate(:'valid'), :ok::bigint, 'authenticate answers the user');
SELECT is(officeauto.current_user_id(), :ok::bigint, '... and makes it the acting user');
SELECT is(officeauto.current_organization_id(), :live::bigint, '... of its organization');
ROLLBACK TO SAVEPOINT s;

-- The activity touch: at most once per officeauto.session_touch_interval.
CREATE TEMP TABLE touch (name text, token text DEFAULT officeauto._new_token(), active interval);
INSERT INTO touch (name, active) VALUES ('fresh', '-10 s'), ('stale', '-2 min'), ('stale, longer interval', '-2 min'),
                                        ('used 25 min ago', '-25 min');
INSERT INTO officeauto.users (organization_id, username, email, full_name)
SELECT :live, 'lk-touch-' || row_number() OVER (), 'lk-touch-' || row_number() OVER () || '@lookup.example', 'Touch' FROM touch;
INSERT INTO officeauto.user_sessions (organization_id, user_id, client_type, token_digest, expires_at, last_activity_at)
SELECT :live, u.id, 'web', officeauto.token_digest(t.token), now() + interval '1 hour', now() + t.active
  FROM (SELECT *, row_number() OVER () AS n FROM touch) t JOIN officeauto.users u ON u.username = 'lk-touch-' || t.n;
CREATE TEMP VIEW activity AS
SELECT t.name, s.last_activity_at FROM touch t JOIN officeauto.user_sessions s ON s.token_digest = officeauto.token_digest(t.token);
SELECT officeauto.validate_session(token) IS NOT NULL FROM touch WHERE name IN ('fresh', 'stale');
SELECT is((SELECT last_activity_at FROM activity WHERE name = 'fresh'), now() - interval '10 s', 'a session used 10 s ago is not written');
SELECT is((SELECT last_activity_at FROM activity WHERE name = 'stale'), now(), 'a session used 2 min ago is touched');
SET LOCAL officeauto.session_touch_interval = '5min';
SELECT officeauto.validate_session(token) IS NOT NULL FROM touch WHERE name = 'stale, longer interval';
SELECT is((SELECT last_activity_at FROM activity WHERE name = 'stale, longer interval'), now() - interval '2 min',
          'with a 5 min touch interval a session used 2 min ago is not written');
RESET officeauto.session_touch_interval;
-- The idle timeout follows its setting.
SET LOCAL officeauto.session_idle_timeout = '20min';
SELECT is(pg_temp.native((SELECT token FROM touch WHERE name = 'used 25 min ago')), 'invalid',
          'a 20 min idle timeout ends a session unused for 25 min');
RESET officeauto.session_idle_timeout;
SELECT isnt(pg_temp.native((SELECT token FROM touch WHERE name = 'used 25 min ago')), 'invalid', '... which the default 30 min keep');

-- A caller's search_path cannot put other tables in the lookup's way.
CREATE SCHEMA lk_trap;
CREATE TABLE lk_trap.user_sessions (LIKE officeauto.user_sessions);
CREATE TABLE lk_trap.users (LIKE officeauto.users);
SET LOCAL search_path = lk_trap, officeauto, public;
SELECT is(pg_temp.native(:'valid'), 'user ' || :ok, 'tables of the same names earlier on the search_path change nothing');
RESET search_path;

-- 2. DDL in the same transaction: the lookup let go of the tables (utility statements
-- release them), and without the unique index on the digest the SQL query answers.
ALTER TABLE officeauto.user_sessions DROP CONSTRAINT user_sessions_token_digest_key;
SELECT is(pg_temp.native(c.token), e.answer, 'SQL query: ' || c.name) FROM cases c JOIN expected e USING (name) ORDER BY c.name;
SELECT is(pg_temp.native(m.token), 'invalid', 'SQL query, not a token: ' || m.name) FROM malformed m ORDER BY m.name;

SELECT * FROM finish();
ROLLBACK;
