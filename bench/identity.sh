#!/usr/bin/env bash
# Benchmark: the identity hot paths next to their peers and ceilings, in one database and run,
# printed as one table with the ratios the targets are stated in:
#   - session validation (validate_session, authenticate, authenticate + the first permission
#     check) against a PL/pgSQL validator and one indexed SQL lookup of the digest joined to
#     users;
#   - password verification: argon2id against the argon2 crate called directly in Rust (same
#     hash, so the same parameters), legacy bcrypt against pgcrypto's crypt();
#   - hashing: argon2id against pgcrypto's bcrypt crypt(gen_salt('bf', 10));
#   - login under concurrency: pgbench, 4 clients logging in distinct users (argon2id at the
#     default cost), against the ceiling of the machine's cores divided by one verification;
#   - the round trip of a failed-login record through the bookkeeping workers.
# Not a test: it prints figures. Usage: bash bench/identity.sh [sessions]   (default 20000)
# Environment: VERIFICATIONS (20 password verifications and hashes per measure), LOGIN_SECONDS
# (20, the concurrent login run). Runs against the demo cluster (run scripts/demo.sh first).
# PGHOST/PGPORT point it at another cluster, OFFICEAUTO_PG_BIN at another PostgreSQL 15 tree
# (psql, pgbench). It needs cargo for the direct-crate peer (core/examples/password_direct.rs,
# built in release mode). bench/run.sh runs it with the other hot paths.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
N=${1:-20000}
DB=officeauto_bench
bench_connect
CLIENTS=4
VERIFY=${VERIFICATIONS:-20}
LOGIN_SECONDS=${LOGIN_SECONDS:-${OFFICEAUTO_BENCH_LOGIN_SECONDS:-20}}
CORES=$(nproc)

say "building the direct-crate peer"
(cd "${ROOT}" && cargo build --quiet --release -p officeauto-core --example password_direct)
DIRECT="${CARGO_TARGET_DIR:-${ROOT}/target}/release/examples/password_direct"

bench_fresh_db "${DB}" pgcrypto
say "setting up ${N} users and sessions"
bpsql -d "${DB}" <<SQL
SET officeauto.audit_log_noop_updates = off;
INSERT INTO officeauto.organizations (name, slug) VALUES ('Bench', 'bench');
-- Users as create_user() would leave them (the first is the owner, the others members), but
-- without hashing 20,000 passwords.
INSERT INTO officeauto.users (organization_id, username, email, full_name, password_hash)
SELECT 1, 'user' || g, 'user' || g || '@bench.example', 'User ' || g, '!' FROM generate_series(1, ${N}) g;
-- Tokens as clients hold them, and their sessions (one live per user).
CREATE TABLE tokens AS SELECT g AS user_id, officeauto._new_token() AS token FROM generate_series(1, ${N}) g;
INSERT INTO officeauto.user_sessions (organization_id, user_id, client_type, token_digest, expires_at)
SELECT 1, user_id, 'web', officeauto.token_digest(token), now() + interval '1 day' FROM tokens;
-- Accounts with real passwords for the concurrent logins, one per client.
INSERT INTO officeauto.users (organization_id, username, email, full_name, password_hash)
SELECT 1, 'login' || g, 'login' || g || '@bench.example', 'Login ' || g, officeauto.hash_password('bench-password')
  FROM generate_series(1, ${CLIENTS}) g;
VACUUM ANALYZE;

-- The same validation in PL/pgSQL: the same conditions as validate_session, the organization
-- check (OA006) included, and the same touch rule.
CREATE FUNCTION plpgsql_validate(p_token text) RETURNS bigint LANGUAGE plpgsql AS \$\$
DECLARE r record;
BEGIN
    SELECT s.id, s.user_id, s.last_activity_at, o.is_active, o.deleted_at IS NOT NULL AS org_deleted INTO r
      FROM officeauto.user_sessions s
      JOIN officeauto.users u ON u.id = s.user_id
      JOIN officeauto.organizations o ON o.id = s.organization_id
     WHERE s.token_digest = sha256(convert_to(p_token, 'UTF8')) AND s.revoked_at IS NULL AND s.expires_at > now()
       AND s.last_activity_at > now() - interval '30 min' AND u.status = 'active' AND u.deleted_at IS NULL;
    IF r.id IS NULL THEN RETURN NULL; END IF;
    IF NOT r.is_active THEN
        RAISE EXCEPTION '%', CASE WHEN r.org_deleted THEN 'organization deleted' ELSE 'organization suspended' END
            USING ERRCODE = 'OA006';
    END IF;
    IF r.last_activity_at < now() - interval '60 s' THEN
        UPDATE officeauto.user_sessions SET last_activity_at = now() WHERE id = r.id;
    END IF;
    RETURN r.user_id;
END \$\$;

-- The same validation followed by the first permission check of a request, in PL/pgSQL: does
-- the user hold TASK READ through any role (one indexed query over the grant tables).
CREATE FUNCTION plpgsql_validate_and_check(p_token text) RETURNS boolean LANGUAGE plpgsql AS \$\$
DECLARE uid bigint;
BEGIN
    uid := plpgsql_validate(p_token);
    IF uid IS NULL THEN RETURN NULL; END IF;
    RETURN EXISTS (SELECT FROM officeauto.user_roles ur
                     JOIN officeauto.roles r ON r.id = ur.role_id AND r.deleted_at IS NULL
                     JOIN officeauto.role_permissions rp ON rp.role_id = r.id
                     JOIN officeauto.permissions p ON p.id = rp.permission_id
                    WHERE ur.user_id = uid AND p.resource = 'TASK' AND p.action = 'READ');
END \$\$;

-- Results: one row per measured operation.
CREATE TABLE results (id text PRIMARY KEY, ord serial, operation text, us_per_op numeric);
CREATE FUNCTION t(p_id text, label text, q text, n int) RETURNS void
LANGUAGE plpgsql AS \$\$
DECLARE t0 timestamptz; ms numeric; best numeric;
BEGIN
    FOR i IN 1..3 LOOP  -- best of three
        t0 := clock_timestamp();
        EXECUTE q;
        ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
        best := least(coalesce(best, ms), ms);
    END LOOP;
    INSERT INTO results (id, operation, us_per_op) VALUES (p_id, label, round(best * 1000 / n, 2));
END \$\$;
CREATE TABLE hashes AS SELECT officeauto.hash_password('secret') AS a, crypt('secret', gen_salt('bf', 10)) AS b,
                              officeauto.hash_password('bench-password') AS login_hash;
SQL

say "session validation and password checks (one backend, best of 3)"
bpsql -d "${DB}" <<SQL
\o /dev/null
-- Every session active just now: the validations below take the read-only path.
UPDATE officeauto.user_sessions SET last_activity_at = now();
VACUUM ANALYZE officeauto.user_sessions;
-- A nested-loop index lookup per token, as a request makes it (a hash join over all tokens
-- at once would be a different operation).
SET enable_hashjoin = off; SET enable_mergejoin = off;
SELECT t('lookup', 'ceiling: one indexed SQL lookup of the digest joined to users',
         'SELECT count(u.id) FROM tokens t JOIN officeauto.user_sessions s ON s.token_digest = sha256(convert_to(t.token, ''UTF8''))
                                            JOIN officeauto.users u ON u.id = s.user_id', ${N});
RESET enable_hashjoin; RESET enable_mergejoin;
SELECT t('plpgsql', 'PL/pgSQL validator', 'SELECT count(plpgsql_validate(token)) FROM tokens', ${N});
SELECT t('validate', 'officeauto validate_session', 'SELECT count(officeauto.validate_session(token)) FROM tokens', ${N});
SELECT t('authenticate', 'officeauto authenticate', 'SELECT count(officeauto.authenticate(token)) FROM tokens', ${N});
-- Validation with the first permission check of a request, against the same validation in
-- PL/pgSQL followed by the check in SQL and against the lookup ceiling above (which checks
-- nothing: the permission check has to fit within the lookup's margin). officeauto reads a
-- user's grants into the backend once and keeps them until they change: 'authz' is the first request of a user in a backend (all ${N} users in turn,
-- more than a backend keeps), 'authz_kept' the later requests of 200 users (100 each).
SELECT t('plpgsql_authz', 'PL/pgSQL validator + the permission check in SQL', 'SELECT count(plpgsql_validate_and_check(token)) FROM tokens', ${N});
SELECT t('authz', 'officeauto authenticate + has_permission(''TASK'', ''READ''), a user''s first request in the backend',
         'SELECT count(CASE WHEN officeauto.authenticate(token) > 0 THEN officeauto.has_permission(''TASK'', ''READ'') END) FROM tokens', ${N});
CREATE TEMP TABLE kept AS SELECT token FROM tokens ORDER BY user_id LIMIT 200;
SELECT t('authz_kept', 'officeauto authenticate + has_permission(''TASK'', ''READ''), later requests (grants kept)',
         'SELECT count(CASE WHEN officeauto.authenticate(token) > 0 THEN officeauto.has_permission(''TASK'', ''READ'') END)
            FROM kept, generate_series(1, 100)', 20000);
SELECT t('plpgsql_authz_kept', 'PL/pgSQL validator + the permission check in SQL, the same 200 users',
         'SELECT count(plpgsql_validate_and_check(token)) FROM kept, generate_series(1, 100)', 20000);

SELECT t('argon2', 'officeauto verify_password, argon2id ' || substring(a from 'm=[0-9]+,t=[0-9]+,p=[0-9]+'),
         'SELECT count(officeauto.verify_password(''secret'', a)) FROM hashes, generate_series(1, ${VERIFY})', ${VERIFY}) FROM hashes;
SELECT t('bcrypt', 'officeauto verify_password, legacy bcrypt cost 10',
         'SELECT count(officeauto.verify_password(''secret'', b)) FROM hashes, generate_series(1, ${VERIFY})', ${VERIFY});
SELECT t('pgcrypto_check', 'pgcrypto crypt() check, bcrypt cost 10', 'SELECT count(crypt(''secret'', b) = b) FROM hashes, generate_series(1, ${VERIFY})', ${VERIFY});
SELECT t('hash', 'officeauto hash_password, argon2id (default cost)',
         \$q\$SELECT count(officeauto.hash_password('pw-' || g)) FROM generate_series(1, ${VERIFY}) g\$q\$, ${VERIFY});
SELECT t('pgcrypto_hash', 'pgcrypto crypt(gen_salt(''bf'', 10))',
         \$q\$SELECT count(crypt('pw-' || g, gen_salt('bf', 10))) FROM generate_series(1, ${VERIFY}) g\$q\$, ${VERIFY});

SELECT t('bookkeeping', 'officeauto _record_login_failure, ' || CASE coalesce(current_setting('officeauto.bookkeeping_workers', true), '0')
                    WHEN '0' THEN 'a dynamic worker per write' ELSE 'preloaded worker pool' END,
         'SELECT count(officeauto._record_login_failure(NULL, ''bench'', ''198.51.100.1'', ''invalid_credentials'')) FROM generate_series(1, 500)', 500);
SELECT t('bookkeeping_local', 'ceiling: the same write in the caller''s transaction (no transport, no commit)',
         'SELECT count(officeauto._apply_login_failure(NULL, ''bench'', ''198.51.100.1'', ''invalid_credentials'')) FROM generate_series(1, 500)', 500);
-- Those failures would lock out nothing here, but keep the login run below clean.
DELETE FROM officeauto.failed_login_attempts;
\o
SQL

say "direct crate peers (same hashes, same parameters)"
ARGON2_HASH=$(bpsql -d "${DB}" -At -c "SELECT a FROM hashes")
BCRYPT_HASH=$(bpsql -d "${DB}" -At -c "SELECT b FROM hashes")
ARGON2_DIRECT=$("${DIRECT}" "${ARGON2_HASH}" secret "${VERIFY}")
BCRYPT_DIRECT=$("${DIRECT}" "${BCRYPT_HASH}" secret "${VERIFY}")
# What the cores give when they all verify at once (argon2's memory traffic is shared): one
# direct-crate process per core, started together; µs per verification of the machine.
ARGON2_PARALLEL=$(for _ in $(seq 1 "${CORES}"); do "${DIRECT}" "${ARGON2_HASH}" secret "${VERIFY}" & done; wait)
ARGON2_PARALLEL=$(echo "${ARGON2_PARALLEL}" | awk -v c="${CORES}" '{ s += $1 } END { printf "%.2f", s / NR / c }')

say "login under concurrency: pgbench, ${CLIENTS} clients, ${LOGIN_SECONDS} s"
SCRIPT=$(mktemp /tmp/officeauto-login.XXXXXX.sql)
chmod 644 "${SCRIPT}"
# Each client logs its own account in, again and again (distinct users: no client waits for
# another's advisory lock). The password travels as a bind parameter, as an application sends it.
cat > "${SCRIPT}" <<'PGB'
\set u :client_id + 1
SELECT session_token IS NOT NULL FROM officeauto.login('login' || :u, 'bench-password', 'web');
PGB
LOGIN_TPS=$(bpgbench -n -M extended -c "${CLIENTS}" -j "${CLIENTS}" \
    -T "${LOGIN_SECONDS}" -f "${SCRIPT}" "${DB}" 2>&1 | awk '/^tps = / {print $3}')
rm -f "${SCRIPT}"
FAILED=$(bpsql -d "${DB}" -At -c "SELECT count(*) FROM officeauto.failed_login_attempts")
[ "${FAILED}" = 0 ] || echo "warning: ${FAILED} logins failed during the run" >&2

bpsql -d "${DB}" <<SQL
INSERT INTO results (id, operation, us_per_op) VALUES
    ('argon2_direct', 'argon2 crate called directly in Rust, same hash', ${ARGON2_DIRECT}),
    ('bcrypt_direct', 'bcrypt crate called directly in Rust, same hash', ${BCRYPT_DIRECT}),
    ('login', 'login() under concurrency: ${CLIENTS} clients, distinct users (pgbench)', round(1e6 / ${LOGIN_TPS}, 2)),
    ('argon2_parallel', 'argon2 crate, ${CORES} processes at once (one per core): µs per verification of the machine',
     ${ARGON2_PARALLEL}),
    ('login_ceiling', 'ceiling: ${CORES} cores / one argon2id verify_password',
     (SELECT round(us_per_op / ${CORES}, 2) FROM results WHERE id = 'argon2'));

\echo
\echo 'identity hot paths, ${N} sessions; ${CORES} cores, load before the run: $(cut -d' ' -f1-3 /proc/loadavg)'
\pset footer off
-- ratio: the operation's time over its peer's (below 1: faster). For the login row, the
-- share of the ceiling's throughput reached.
WITH peer(id, peer, target) AS (VALUES
    ('validate', 'plpgsql', 'at most 0.33 (3x faster)'), ('authenticate', 'plpgsql', 'at most 0.33 (3x faster)'),
    ('authz', 'plpgsql_authz', ''), ('authz_kept', 'plpgsql_authz_kept', 'at most 0.33 (3x faster)'),
    ('argon2', 'argon2_direct', 'at most 1.05'), ('bcrypt', 'pgcrypto_check', 'at most 1.05'),
    ('bcrypt_direct', 'pgcrypto_check', ''), ('hash', 'pgcrypto_hash', ''),
    ('bookkeeping', 'bookkeeping_local', '')),
ceiling(id, ceiling, target) AS (VALUES
    ('validate', 'lookup', 'at most 1.5'), ('authenticate', 'lookup', 'at most 1.5'), ('authz', 'lookup', ''),
    ('authz_kept', 'lookup', 'at most 1.5'))
SELECT r.operation, r.us_per_op AS "µs/op",
       CASE WHEN r.id = 'login' THEN round(1e6 / r.us_per_op) END AS "per s",
       CASE WHEN r.id = 'login' THEN round(c2.us_per_op / r.us_per_op, 2) || ' of the ceiling (target at least 0.85)'
            ELSE concat_ws('; ', round(r.us_per_op / rp.us_per_op, 2) || ' x ' || rp.id || nullif(' (target ' || p.target || ')', ' (target )'),
                                round(r.us_per_op / rc.us_per_op, 2) || ' x ' || rc.id || nullif(' (target ' || c.target || ')', ' (target )')) END AS "ratio"
  FROM results r
  LEFT JOIN peer p ON p.id = r.id LEFT JOIN results rp ON rp.id = p.peer
  LEFT JOIN ceiling c ON c.id = r.id LEFT JOIN results rc ON rc.id = c.ceiling
  LEFT JOIN results c2 ON r.id = 'login' AND c2.id = 'login_ceiling'
 ORDER BY CASE r.id WHEN 'lookup' THEN 0 WHEN 'plpgsql' THEN 1 WHEN 'validate' THEN 2 WHEN 'authenticate' THEN 3 WHEN 'plpgsql_authz' THEN 3.1 WHEN 'authz' THEN 3.3
                    WHEN 'plpgsql_authz_kept' THEN 3.4 WHEN 'authz_kept' THEN 4
                    WHEN 'argon2_direct' THEN 5 WHEN 'argon2' THEN 6 WHEN 'pgcrypto_check' THEN 7 WHEN 'bcrypt_direct' THEN 8
                    WHEN 'bcrypt' THEN 9 WHEN 'argon2_parallel' THEN 10 WHEN 'login_ceiling' THEN 11 WHEN 'login' THEN 12 ELSE 13 END, r.ord;
SQL
# For bench/run.sh: every figure (µs per operation), and logins per second against the ceiling.
bench_results_from "${DB}" "SELECT 'identity.' || id, us_per_op FROM results
                           UNION ALL SELECT 'identity.login_per_s', round(1e6 / us_per_op, 1) FROM results WHERE id = 'login'
                           UNION ALL SELECT 'identity.login_ceiling_per_s', round(1e6 / us_per_op, 1) FROM results WHERE id = 'login_ceiling'
                           UNION ALL SELECT 'identity.argon2_parallel_per_s', round(1e6 / us_per_op, 1) FROM results WHERE id = 'argon2_parallel'
                           UNION ALL SELECT 'identity.argon2_direct_ceiling_per_s', round(${CORES} * 1e6 / us_per_op, 1) FROM results WHERE id = 'argon2_direct'"
bpsql -d postgres -c "DROP DATABASE ${DB}"
