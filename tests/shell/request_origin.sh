#!/usr/bin/env bash
# The request's origin in the audit trail, as an application behind a pool produces it (issue
# 16, point 2): an application LOGIN role over TCP (so the connection's own address is
# 127.0.0.1, the "pool"), several transactions on ONE server connection the way a pool reuses
# it. authenticate() binds the address and user agent login() stored; a transaction may
# override them; nothing set by one transaction reaches the next one's audit rows (session
# SET, set_config(..., false), ALTER ROLE ... SET, a savepoint rolled back); a malformed
# override is refused (22023); without a session the connection's address is recorded.
source "$(dirname "$0")/../lib/tap.sh"
echo "1..21"

RUN=$(new_key_hex | cut -c1-6)
app_login oa_orig_app
ACME=$(q "SELECT id FROM officeauto.organizations WHERE slug = 'acme'")
uid() { q "SELECT id FROM officeauto.users WHERE username = '$1' AND deleted_at IS NULL"; }
for u in a b; do
    mk "orig$u-$RUN" "pw-orig$u-$RUN-long"
    q "DELETE FROM officeauto.user_roles WHERE user_id = $(uid "orig$u-$RUN");
       INSERT INTO officeauto.user_roles (organization_id, user_id, role_id)
       SELECT $ACME, $(uid "orig$u-$RUN"), id FROM officeauto.roles WHERE organization_id = $ACME AND name = 'admin' AND is_system" >/dev/null
done
# login USER IP AGENT: the session token of a login from that address and agent.
login() { app "SELECT session_token FROM officeauto.login('$1', 'pw-$1-long', 'web', '$2', '$3')"; }
A=$(login "origa-$RUN" 198.51.100.11 "agent-a-$RUN")
B=$(login "origb-$RUN" 198.51.100.12 "agent-b-$RUN")
sid() { q "SELECT id FROM officeauto.user_sessions WHERE token_digest = sha256('$1')"; }
SA=$(sid "$A"); SB=$(sid "$B")
# pooled SCRIPT: psql script run on ONE connection of the application role (one server
# connection, many transactions, as a pool uses it); its output, errors verbose.
pooled() { PGPASSWORD="$APP_PW" psql -X -q -At -h 127.0.0.1 -U "$APP" -d "$DB" -v VERBOSITY=verbose 2>&1 <<<"$1"; }
# trail SESSION MARK: "ip|agent" of the audit rows of the task titled MARK written under SESSION.
trail() {
    q "SELECT string_agg(DISTINCT coalesce(host(ip_address), '-') || '|' || coalesce(user_agent, '-'), ' ')
         FROM officeauto.audit_logs
        WHERE table_name = 'officeauto.tasks' AND session_id IS NOT DISTINCT FROM ${1:-NULL}
          AND new_data ->> 'title' = '$2'"
}
task() { echo "INSERT INTO officeauto.tasks (title) VALUES ('$1-$RUN');"; }

# --- The session's address and agent, not the connection's.
out=$(pooled "BEGIN; SELECT officeauto.authenticate('$A') \\g /dev/null
SELECT host(officeauto.current_client_ip()) || ' ' || officeauto.current_user_agent();
$(task plain) COMMIT;")
check "after authenticate(): current_client_ip()/current_user_agent() are the session's (login's), not 127.0.0.1" \
      "$out" "198.51.100.11 agent-a-$RUN"
check "... and the audit row of a write carries them" "$(trail "$SA" "plain-$RUN")" "198.51.100.11|agent-a-$RUN"

# --- A per-transaction override, before or after authenticate().
out=$(pooled "BEGIN; SELECT officeauto.authenticate('$A') \\g /dev/null
SELECT set_config('officeauto.client_ip', '203.0.113.5', true), set_config('officeauto.user_agent', 'override-$RUN', true) \\g /dev/null
SELECT host(officeauto.current_client_ip()) || ' ' || officeauto.current_user_agent();
$(task override) COMMIT;
BEGIN; SELECT set_config('officeauto.client_ip', '2001:db8::7', true) \\g /dev/null
SELECT officeauto.authenticate('$A') \\g /dev/null
$(task override6) COMMIT;
BEGIN; SELECT officeauto.authenticate('$A') \\g /dev/null
$(task after-override) COMMIT;")
check "set_config(..., true) overrides address and agent for the transaction" "$out" "203.0.113.5 override-$RUN"
check "... recorded in its audit rows" "$(trail "$SA" "override-$RUN")" "203.0.113.5|override-$RUN"
check "an IPv6 override set before authenticate() counts too (the agent stays the session's)" \
      "$(trail "$SA" "override6-$RUN")" "2001:db8::7|agent-a-$RUN"
check "the next transaction on the same connection is back to the session's values" \
      "$(trail "$SA" "after-override-$RUN")" "198.51.100.11|agent-a-$RUN"

# --- Nothing one request sets reaches the next request on the same server connection.
out=$(pooled "BEGIN; SELECT officeauto.authenticate('$A') \\g /dev/null
SELECT set_config('officeauto.client_ip', '203.0.113.66', false), set_config('officeauto.user_agent', 'leak-$RUN', false) \\g /dev/null
$(task leaker) COMMIT;
SET officeauto.user_agent = 'leak2-$RUN';
BEGIN; SELECT officeauto.authenticate('$B') \\g /dev/null
SELECT current_setting('officeauto.client_ip') || ' ' || host(officeauto.current_client_ip()) || ' ' || officeauto.current_user_agent();
$(task victim) COMMIT;")
check "a session-level set_config counts in the transaction that made it" "$(trail "$SA" "leaker-$RUN")" "203.0.113.66|leak-$RUN"
check "the next request sees its own session's origin although the setting still holds the old value" \
      "$out" "203.0.113.66 198.51.100.12 agent-b-$RUN"
check "... and its audit rows carry its own session's address and agent" "$(trail "$SB" "victim-$RUN")" "198.51.100.12|agent-b-$RUN"
check "no audit row of session B holds A's override" \
      "$(q "SELECT count(*) FROM officeauto.audit_logs WHERE session_id = $SB AND (host(ip_address) = '203.0.113.66' OR user_agent LIKE 'leak%')")" "0"

# --- Savepoints: an override rolled back to a savepoint no longer counts.
out=$(pooled "SELECT set_config('officeauto.client_ip', '203.0.113.70', false) \\g /dev/null
BEGIN; SELECT officeauto.authenticate('$A') \\g /dev/null
SAVEPOINT s; SET LOCAL officeauto.client_ip = '203.0.113.71'; ROLLBACK TO SAVEPOINT s;
$(task rolled-back)
SELECT set_config('officeauto.client_ip', '203.0.113.72', true) \\g /dev/null
SAVEPOINT t; SELECT set_config('officeauto.client_ip', '203.0.113.73', true) \\g /dev/null
ROLLBACK TO SAVEPOINT t;
SELECT host(officeauto.current_client_ip()); COMMIT;")
check "ROLLBACK TO SAVEPOINT: neither the undone override nor an earlier transaction's value is recorded" \
      "$(trail "$SA" "rolled-back-$RUN")" "198.51.100.11|agent-a-$RUN"
check "... while the override made before the savepoint holds again" "$out" "203.0.113.72"

# --- A function's SET clause: its value counts inside it; on return the stale value it
# restores (set by an earlier transaction) does not.
q "CREATE OR REPLACE FUNCTION public.oa_origin_probe() RETURNS text LANGUAGE sql
     SET officeauto.client_ip = '192.0.2.55' AS 'SELECT host(officeauto.current_client_ip())';
   GRANT EXECUTE ON FUNCTION public.oa_origin_probe() TO $APP" >/dev/null
out=$(pooled "SELECT set_config('officeauto.client_ip', '203.0.113.90', false) \\g /dev/null
BEGIN; SELECT officeauto.authenticate('$A') \\g /dev/null
SELECT public.oa_origin_probe() || ' ' || current_setting('officeauto.client_ip') || ' ' || host(officeauto.current_client_ip()); COMMIT;")
check "a function's SET clause counts inside it; after it, neither its value nor the restored stale one" \
      "$out" "192.0.2.55 203.0.113.90 198.51.100.11"
q "DROP FUNCTION public.oa_origin_probe()" >/dev/null

# --- Defaults a role or database carries are not a request's.
q "ALTER ROLE $APP SET officeauto.client_ip = '192.0.2.99'" >/dev/null
out=$(pooled "BEGIN; SELECT officeauto.authenticate('$A') \\g /dev/null
SELECT current_setting('officeauto.client_ip') || ' ' || host(officeauto.current_client_ip()); COMMIT;")
check "ALTER ROLE ... SET officeauto.client_ip is ignored (connection start is not a request)" "$out" "192.0.2.99 198.51.100.11"
q "ALTER ROLE $APP RESET officeauto.client_ip" >/dev/null

# --- Bad overrides are refused when set.
for v in "not-an-ip" "203.0.113.7/33" "10.1" "1.2.3.4; DROP TABLE x"; do
    st+="$(sqlstate_in "$(pooled "BEGIN; SELECT officeauto.authenticate('$A') \\g /dev/null
SELECT set_config('officeauto.client_ip', '$v', true); COMMIT;")") "
done
check "a malformed officeauto.client_ip is refused when set (22023)" "$st" "22023 22023 22023 22023 "
check "... with a message naming the setting and no audit row" \
      "$(pooled "SET officeauto.client_ip = 'bogus'" | grep -c 'invalid value for parameter "officeauto.client_ip"')" "1"

# --- Other audit writers follow the same rule: credential reveals and application events.
CRED=$(q "SELECT public_id FROM officeauto.credentials WHERE organization_id = $ACME AND label = 'ERP API'")
pooled "SELECT set_config('officeauto.client_ip', '203.0.113.80', false), set_config('officeauto.user_agent', 'leak3', false) \\g /dev/null
BEGIN; SELECT officeauto.authenticate('$B') \\g /dev/null
SELECT officeauto.reveal_credential('$CRED'::uuid) \\g /dev/null
SELECT officeauto.log_activity('origin-test-$RUN', '{}') \\g /dev/null
COMMIT;" >/dev/null
check "reveal_credential's decrypt row: the session's address and agent" \
      "$(q "SELECT host(ip_address) || '|' || user_agent FROM officeauto.credential_audit_logs WHERE user_id = $(uid "origb-$RUN") AND action = 'decrypt' ORDER BY id DESC LIMIT 1")" \
      "198.51.100.12|agent-b-$RUN"
check "log_activity's row: the session's address and agent" \
      "$(q "SELECT host(ip_address) || '|' || user_agent FROM officeauto.audit_logs WHERE action = 'origin-test-$RUN'")" \
      "198.51.100.12|agent-b-$RUN"

# --- No session bound (direct SQL by an administrator): the connection's address, no agent.
q "DROP ROLE IF EXISTS oa_orig_admin; CREATE ROLE oa_orig_admin LOGIN PASSWORD 'pw-$RUN' IN ROLE officeauto_admin" >/dev/null
PGPASSWORD="pw-$RUN" psql -X -q -At -h 127.0.0.1 -U oa_orig_admin -d "$DB" -v ON_ERROR_STOP=1 >/dev/null <<SQL
SET officeauto.user_agent = 'stale-admin-$RUN';
BEGIN; SELECT set_config('officeauto.organization_id', '$ACME', true) \g /dev/null
$(task admin-direct) COMMIT;
SQL
check "an administrator's direct write over TCP: the connection's address, no user agent" \
      "$(trail "" "admin-direct-$RUN")" "127.0.0.1|-"
q "BEGIN; SELECT set_config('officeauto.organization_id', '$ACME', true); $(task socket-direct) COMMIT;" >/dev/null
check "... over a Unix socket: no address at all" "$(trail "" "socket-direct-$RUN")" "-|-"

q "DROP ROLE oa_orig_admin" >/dev/null

# --- The SQL examples of docs/clients.md run as written, as the application login.
ROOT=${OFFICEAUTO_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
docs=$(awk '/^```sql$/ { on = 1; next } /^```$/ { if (on) print "\\echo --"; on = 0; next } on' "${ROOT}/docs/clients.md" |
       PGPASSWORD="$APP_PW" psql -X -q -At -h 127.0.0.1 -U "$APP" -d "$DB" -v ON_ERROR_STOP=1 2>&1 | tr '\n' ' ')
check "docs/clients.md: its SQL examples run as written and show what the text says" \
      "$docs" "203.0.113.7|example-app/2.1 (override) 203.0.113.7|example-app/2.1 (override) -- 192.0.2.1 192.0.2.1|t -- "
exit "$fail"
