#!/usr/bin/env bash
# Benchmark: password hashing and session validation, officeauto next to its peers in one
# database and run: pgcrypto crypt()/gen_salt('bf') (bcrypt, the seeds' format), a PL/pgSQL
# session validator over the same table, and a bare indexed lookup as the ceiling; the round
# trip of a failed-login record through the bookkeeping workers.
# Not a test: it prints figures. Usage: bash bench/identity.sh [sessions]   (default 20000)
# Runs against the demo cluster (run scripts/demo.sh first); PGPORT may point elsewhere.
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
N=${1:-20000}
DB=officeauto_bench
PORT=${PGPORT:-$(main_cluster_port)}

psql_main -d postgres -c "DROP DATABASE IF EXISTS ${DB}" -c "CREATE DATABASE ${DB}"
psql_main -d "${DB}" -c "CREATE EXTENSION officeauto" -c "CREATE EXTENSION pgcrypto"
psql_main -d "${DB}" <<SQL
SET officeauto.audit_log_noop_updates = off;
INSERT INTO officeauto.organizations (name, slug) VALUES ('Bench', 'bench');
INSERT INTO officeauto.users (organization_id, username, email, full_name, password_hash)
SELECT 1, 'user' || g, 'user' || g || '@bench.example', 'User ' || g, '!' FROM generate_series(1, ${N}) g;
-- Tokens as clients hold them, and their sessions (one live per user).
CREATE TABLE tokens AS SELECT g AS user_id, officeauto._new_token() AS token FROM generate_series(1, ${N}) g;
INSERT INTO officeauto.user_sessions (organization_id, user_id, client_type, token_digest, expires_at)
SELECT 1, user_id, 'web', officeauto.token_digest(token), now() + interval '1 day' FROM tokens;
ANALYZE;

CREATE FUNCTION plpgsql_validate(p_token text) RETURNS bigint LANGUAGE plpgsql AS \$\$
DECLARE r record;
BEGIN
    SELECT s.id, s.user_id, s.last_activity_at INTO r
      FROM officeauto.user_sessions s JOIN officeauto.users u ON u.id = s.user_id
     WHERE s.token_digest = sha256(convert_to(p_token, 'UTF8')) AND s.revoked_at IS NULL AND s.expires_at > now()
       AND s.last_activity_at > now() - interval '30 min' AND u.status = 'active' AND u.deleted_at IS NULL;
    IF r.id IS NULL THEN RETURN NULL; END IF;
    IF r.last_activity_at < now() - interval '60 s' THEN
        UPDATE officeauto.user_sessions SET last_activity_at = now() WHERE id = r.id;
    END IF;
    RETURN r.user_id;
END \$\$;

CREATE FUNCTION t(label text, q text, n int) RETURNS TABLE (operation text, total_ms numeric, us_per_op numeric, ops_per_s numeric)
LANGUAGE plpgsql AS \$\$
DECLARE t0 timestamptz; ms numeric; best numeric;
BEGIN
    FOR i IN 1..3 LOOP
        t0 := clock_timestamp();
        EXECUTE q;
        ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
        best := least(coalesce(best, ms), ms);
    END LOOP;
    RETURN QUERY SELECT label, round(best, 1), round(best * 1000 / n, 2), round(n / (best / 1000));
END \$\$;

\echo
\echo 'password hashing, 20 passwords per run (best of 3, one backend)'
SELECT * FROM t('officeauto hash_password (argon2id m=19456 t=2 p=1)', \$q\$SELECT count(officeauto.hash_password('pw-' || g)) FROM generate_series(1, 20) g\$q\$, 20)
UNION ALL SELECT * FROM t('pgcrypto crypt(gen_salt(''bf'', 10)) (bcrypt cost 10)', \$q\$SELECT count(crypt('pw-' || g, gen_salt('bf', 10))) FROM generate_series(1, 20) g\$q\$, 20);
CREATE TABLE hashes AS SELECT officeauto.hash_password('secret') AS a, crypt('secret', gen_salt('bf', 10)) AS b;
SELECT * FROM t('officeauto verify_password, argon2id', 'SELECT count(officeauto.verify_password(''secret'', a)) FROM hashes, generate_series(1, 20)', 20)
UNION ALL SELECT * FROM t('officeauto verify_password, legacy bcrypt cost 10', 'SELECT count(officeauto.verify_password(''secret'', b)) FROM hashes, generate_series(1, 20)', 20)
UNION ALL SELECT * FROM t('pgcrypto crypt() check, bcrypt cost 10', 'SELECT count(crypt(''secret'', b) = b) FROM hashes, generate_series(1, 20)', 20);

\echo 'session validation, ${N} tokens (activity already recent: the read-only path)'
SELECT * FROM t('ceiling: indexed lookup of the digest', 'SELECT count(s.user_id) FROM tokens t JOIN officeauto.user_sessions s ON s.token_digest = sha256(convert_to(t.token, ''UTF8''))', ${N})
UNION ALL SELECT * FROM t('PL/pgSQL validator', 'SELECT count(plpgsql_validate(token)) FROM tokens', ${N})
UNION ALL SELECT * FROM t('officeauto validate_session (native)', 'SELECT count(officeauto.validate_session(token)) FROM tokens', ${N});

\echo 'security bookkeeping: 500 failed logins, each committed by a worker while the caller waits'
SELECT * FROM t('officeauto _record_login_failure, ' || CASE coalesce(current_setting('officeauto.bookkeeping_workers', true), '0')
                    WHEN '0' THEN 'a dynamic worker per write' ELSE 'preloaded worker pool' END,
                'SELECT count(officeauto._record_login_failure(NULL, ''bench'', ''198.51.100.1'', ''invalid_credentials'')) FROM generate_series(1, 500)', 500)
UNION ALL SELECT * FROM t('ceiling: the same write in the caller''s transaction (no transport, no commit)',
                'SELECT count(officeauto._apply_login_failure(NULL, ''bench'', ''198.51.100.1'', ''invalid_credentials'')) FROM generate_series(1, 500)', 500);
SQL
psql_main -d postgres -c "DROP DATABASE ${DB}"
