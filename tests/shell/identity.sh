#!/usr/bin/env bash
# Identity as an application uses it, over real connections in autocommit (the failure
# bookkeeping commits in its own transaction, which a single test transaction would hide):
# login, lockout and captcha, single session per client type under racing logins, refresh
# rotation and reuse detection (also when racing), authenticate, e-mail verification, legacy
# bcrypt upgrade, cancellation of an expensive hash. (Hostile input: identity_attacks.sh.)
source "$(dirname "$0")/../lib/tap.sh"
login() { q "SELECT session_token || ' ' || refresh_token FROM officeauto.login('$1', '$2', '${3:-web}', '192.0.2.${4:-10}')"; }
echo "1..38"

ACME=$(q "SELECT id FROM officeauto.organizations WHERE slug = 'acme'")
mk ident1 'first-Passw0rd'
mk ident2 'second-Passw0rd'
mk ident3 'third-Passw0rd'

check "create_user stores an argon2id hash at the configured cost" \
      "$(q "SELECT password_hash LIKE '\$argon2id\$v=19\$m=19456,t=2,p=1\$%' FROM officeauto.users WHERE username = 'ident1'")" "t"
read -r S1 R1 <<<"$(login ident1 'first-Passw0rd')"
check "login returns 43-character tokens" "${#S1}/${#R1}" "43/43"
check "only the digest is stored" \
      "$(q "SELECT count(*) FROM officeauto.user_sessions WHERE token_digest = sha256('$S1') AND NOT (to_jsonb(user_sessions)::text LIKE '%$S1%')")" "1"
check "login by e-mail ignores case" "$(sqlstate_of "SELECT * FROM officeauto.login('IDENT1@ACME.EXAMPLE', 'first-Passw0rd', 'mobile')")" "ok"
check "validate_session returns the user" \
      "$(q "SELECT officeauto.validate_session('$S1') = (SELECT id FROM officeauto.users WHERE username = 'ident1')")" "t"
check "validate_session of garbage is NULL" "$(q "SELECT coalesce(officeauto.validate_session('nope')::text, 'null')")" "null"

before=$(q "SELECT count(*) FROM officeauto.failed_login_attempts")
check "wrong password: OA001" "$(sqlstate_of "SELECT * FROM officeauto.login('ident2', 'wrong', 'web', '192.0.2.20')")" "OA001"
check "unknown account: the same OA001" "$(sqlstate_of "SELECT * FROM officeauto.login('nobody-here', 'wrong', 'web', '192.0.2.20')")" "OA001"
check "both failures are recorded although login failed" "$(q "SELECT count(*) FROM officeauto.failed_login_attempts") - $before" "$((before + 2)) - $before"
check "an empty password is refused: 22023" "$(sqlstate_of "SELECT * FROM officeauto.login('ident2', '', 'web')")" "22023"
check "a 1 MB password is refused: 22023" "$(sqlstate_of "SELECT * FROM officeauto.login('ident2', repeat('x', 1048576), 'web')")" "22023"

# Lockout with the defaults: captcha after 3 failures, lock after 5, 60 s more per lock.
sqlstate_of "SELECT * FROM officeauto.login('ident2', 'wrong', 'web', '192.0.2.21')" >/dev/null
sqlstate_of "SELECT * FROM officeauto.login('ident2', 'wrong', 'web', '192.0.2.21')" >/dev/null   # 3 failures now
check "after 3 failures a captcha is required: OA003" "$(sqlstate_of "SELECT * FROM officeauto.login('ident2', 'second-Passw0rd', 'web', '192.0.2.21')")" "OA003"
check "the captcha demand is recorded" "$(q "SELECT count(*) > 0 FROM officeauto.captcha_attempts WHERE identifier = 'ident2' AND NOT passed")" "t"
sqlstate_of "SELECT * FROM officeauto.login('ident2', 'wrong', 'web', '192.0.2.21', NULL, true)" >/dev/null
sqlstate_of "SELECT * FROM officeauto.login('ident2', 'wrong', 'web', '192.0.2.21', NULL, true)" >/dev/null   # 5 failures: locked
out=$(psql -X -q -At -d "$DB" -v VERBOSITY=verbose -c "SELECT * FROM officeauto.login('ident2', 'second-Passw0rd', 'web', '192.0.2.21', NULL, true)" 2>&1)
check "after 5 failures even the right password gets OA002" "$(grep -o 'ERROR:  OA002' <<<"$out" | cut -c9-)" "OA002"
check "... with the end of the lock in DETAIL" "$(grep -c 'DETAIL:  Locked until' <<<"$out")" "1"
check "the first lock lasts 60 s" "$(q "SELECT lock_count || ' ' || (locked_until - now() BETWEEN interval '50 s' AND interval '61 s') FROM officeauto.users WHERE username = 'ident2'")" "1 true"
q "UPDATE officeauto.users SET locked_until = now() - interval '1 s' WHERE username = 'ident2'" >/dev/null
for i in 1 2 3 4 5; do sqlstate_of "SELECT * FROM officeauto.login('ident2', 'wrong', 'web', '192.0.2.22', NULL, true)" >/dev/null; done
check "the next lock grows to 120 s" "$(q "SELECT lock_count || ' ' || (locked_until - now() BETWEEN interval '110 s' AND interval '121 s') FROM officeauto.users WHERE username = 'ident2'")" "2 true"
q "UPDATE officeauto.users SET locked_until = now() - interval '1 s' WHERE username = 'ident2'" >/dev/null
check "a successful login after the lock works and resets the counter" \
      "$(sqlstate_of "SELECT * FROM officeauto.login('ident2', 'second-Passw0rd', 'web', '192.0.2.23', NULL, true)")/$(q "SELECT lock_count FROM officeauto.users WHERE username = 'ident2'")" "ok/0"

# One live session per user and client type, also under two racing logins.
read -r SA _ <<<"$(login ident3 'third-Passw0rd')"
read -r SB _ <<<"$(login ident3 'third-Passw0rd')"
check "a new login replaces the previous session of that client type" \
      "$(q "SELECT (officeauto.validate_session('$SA') IS NULL) || ' ' || (officeauto.validate_session('$SB') IS NOT NULL)")" "true true"
login ident3 'third-Passw0rd' desktop > /tmp/oa_l1.$$ & login ident3 'third-Passw0rd' desktop > /tmp/oa_l2.$$ & wait
check "two racing logins: both succeed, exactly one live session remains" \
      "$(wc -w < /tmp/oa_l1.$$)$(wc -w < /tmp/oa_l2.$$) $(q "SELECT count(*) FROM officeauto.user_sessions s JOIN officeauto.users u ON u.id = s.user_id WHERE u.username = 'ident3' AND s.client_type = 'desktop' AND s.revoked_at IS NULL")" "22 1"
rm -f /tmp/oa_l1.$$ /tmp/oa_l2.$$

# Refresh rotation and reuse detection.
read -r S R <<<"$(login ident1 'first-Passw0rd' api)"
read -r S2 R2 WHO MFA <<<"$(q "SELECT session_token || ' ' || refresh_token || ' ' || user_public_id || ' ' || mfa_required FROM officeauto.refresh_session('$R')")"
check "refresh returns new tokens; the old session token stops working" \
      "$(q "SELECT (officeauto.validate_session('$S') IS NULL) || ' ' || (officeauto.validate_session('$S2') IS NOT NULL)")" "true true"
check "... in login's shape: the user's public id, no second factor pending" \
      "$WHO $MFA" "$(q "SELECT public_id FROM officeauto.users WHERE username = 'ident1'") false"
check "presenting a rotated refresh token again: OA012" "$(sqlstate_of "SELECT * FROM officeauto.refresh_session('$R')")" "OA012"
check "... and the whole family is revoked (its newest token and session too)" \
      "$(sqlstate_of "SELECT * FROM officeauto.refresh_session('$R2')") $(q "SELECT officeauto.validate_session('$S2') IS NULL")" "OA011 t"
read -r S R <<<"$(login ident1 'first-Passw0rd' api)"
psql -X -q -At -d "$DB" -v VERBOSITY=verbose -c "SELECT 'ok' FROM officeauto.refresh_session('$R')" > /tmp/oa_r1.$$ 2>&1 &
psql -X -q -At -d "$DB" -v VERBOSITY=verbose -c "SELECT 'ok' FROM officeauto.refresh_session('$R')" > /tmp/oa_r2.$$ 2>&1 &
wait
res=$(cat /tmp/oa_r1.$$ /tmp/oa_r2.$$ | grep -o '^ok$\|OA01[0-9]' | sort | tr '\n' ' ')
check "one refresh token used twice at once: one rotation, one OA012" "$res" "OA012 ok "
rm -f /tmp/oa_r1.$$ /tmp/oa_r2.$$

# The request context.
read -r S _ <<<"$(login ident1 'first-Passw0rd' web)"
check "authenticate sets organization and user for the transaction" \
      "$(q "BEGIN; SELECT officeauto.authenticate('$S') IS NOT NULL; SELECT officeauto.current_organization_id() = $ACME AND officeauto.current_user_id() = (SELECT id FROM officeauto.users WHERE username = 'ident1'); COMMIT;" | tr '\n' ' ')" "t t "
check "authenticate with a bad token: 28000" "$(sqlstate_of "SELECT officeauto.authenticate('x')")" "28000"
check "logout revokes the session" "$(q "SELECT officeauto.logout('$S')") $(q "SELECT officeauto.validate_session('$S') IS NULL")" "t t"

# E-mail verification required by policy, single-use tokens.
sys "ALTER SYSTEM SET officeauto.require_verified_email = on"
check "an unverified account is refused when verification is required: OA004" \
      "$(sqlstate_of "SELECT * FROM officeauto.login('ident3', 'third-Passw0rd', 'api')")" "OA004"
T=$(q "BEGIN; SELECT set_config('officeauto.organization_id', '$ACME', false) IS NULL;
       SELECT officeauto.request_email_verification(public_id) FROM officeauto.users WHERE username = 'ident3'; COMMIT;" | tail -1)
check "verify_email succeeds once, then the token is spent" "$(q "SELECT officeauto.verify_email('$T')") $(q "SELECT officeauto.verify_email('$T')")" "t f"
check "the verified account logs in" "$(sqlstate_of "SELECT * FROM officeauto.login('ident3', 'third-Passw0rd', 'api')")" "ok"
sys "ALTER SYSTEM RESET officeauto.require_verified_email"

# Legacy bcrypt hashes (pgcrypto's crypt(..., gen_salt('bf'))) verify and are upgraded.
q "CREATE EXTENSION IF NOT EXISTS pgcrypto" >/dev/null
q "UPDATE officeauto.users SET password_hash = crypt('legacy-pass', gen_salt('bf', 6)) WHERE username = 'ident3'" >/dev/null
check "a bcrypt hash logs in and is rehashed to argon2id" \
      "$(sqlstate_of "SELECT * FROM officeauto.login('ident3', 'legacy-pass', 'web')") $(q "SELECT left(password_hash, 10) FROM officeauto.users WHERE username = 'ident3'")" "ok \$argon2id\$"
# Activity is written at most once per officeauto.session_touch_interval (60 s).
read -r S _ <<<"$(login ident1 'first-Passw0rd' desktop)"
q "UPDATE officeauto.user_sessions SET last_activity_at = now() - interval '2 min' WHERE token_digest = sha256('$S')" >/dev/null
q "SELECT officeauto.validate_session('$S')" >/dev/null
check "a stale session's activity is recorded on validation" \
      "$(q "SELECT last_activity_at > now() - interval '5 s' FROM officeauto.user_sessions WHERE token_digest = sha256('$S')")" "t"
q "UPDATE officeauto.user_sessions SET last_activity_at = now() - interval '10 s' WHERE token_digest = sha256('$S')" >/dev/null
q "SELECT officeauto.validate_session('$S')" >/dev/null
check "a recently active session is validated without a write" \
      "$(q "SELECT last_activity_at < now() - interval '9 s' FROM officeauto.user_sessions WHERE token_digest = sha256('$S')")" "t"
q "UPDATE officeauto.user_sessions SET last_activity_at = now() - interval '31 min' WHERE token_digest = sha256('$S')" >/dev/null
check "an idle session (30 min) is no longer valid" "$(q "SELECT officeauto.validate_session('$S') IS NULL")" "t"

# A server-held pepper, named in the hash; older hashes are upgraded at login.
PEPPER_FILE=$(dirname "${OFFICEAUTO_MASTER_KEY_FILE:-/tmp/x}")/pepper.txt
echo "p1:$(new_key_hex)" > "$PEPPER_FILE"
chown postgres "$PEPPER_FILE" 2>/dev/null; chmod 600 "$PEPPER_FILE"
sys "ALTER SYSTEM SET officeauto.password_pepper_file = '$PEPPER_FILE'"
mk ident4 'fourth-Passw0rd'
check "with a pepper configured, new hashes name it (keyid) and verify" \
      "$(q "SELECT password_hash LIKE '%keyid=%' FROM officeauto.users WHERE username = 'ident4'") $(sqlstate_of "SELECT * FROM officeauto.login('ident4', 'fourth-Passw0rd', 'web')")" "t ok"
check "an unpeppered hash verifies and is rehashed with the pepper at login" \
      "$(sqlstate_of "SELECT * FROM officeauto.login('ident1', 'first-Passw0rd', 'web')") $(q "SELECT password_hash LIKE '%keyid=%' FROM officeauto.users WHERE username = 'ident1'")" "ok t"
sys "ALTER SYSTEM RESET officeauto.password_pepper_file"
rm -f "$PEPPER_FILE"
check "an expensive hash honours statement_timeout: 57014" \
      "$(sqlstate_of "SET officeauto.password_max_memory_kib = 2097152; SET officeauto.password_memory_kib = 2097152; SET statement_timeout = '200ms'; SELECT officeauto.hash_password('x')")" "57014"
exit $fail
