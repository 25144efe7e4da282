#!/usr/bin/env bash
# Identity tried as an attacker would: a non-superuser application LOGIN role connecting over
# TCP with a password. Planted and hostile password hashes, cancelled hashing, account
# enumeration by answers and by time, suspended organizations, refresh families that never
# end, passwords in the server log, the per-address limit, authenticate(NULL) and savepoints,
# complete results under parallel plans.
source "$(dirname "$0")/../lib/tap.sh"
echo "1..38"

PW="attack-$(new_key_hex | cut -c1-16)"
q "DROP ROLE IF EXISTS oa_attacker; CREATE ROLE oa_attacker LOGIN PASSWORD '$PW' IN ROLE officeauto_app" >/dev/null
# app SQL: as the application role over TCP (scram-sha-256), verbose errors.
app() { PGPASSWORD="$PW" psql -X -q -At -h 127.0.0.1 -U oa_attacker -d "$DB" -v VERBOSITY=verbose -c "$1" 2>&1; }
# The per-address limit counts every failure of the last 15 minutes; start from a clean slate
# for the documentation networks this script uses.
q "DELETE FROM officeauto.failed_login_attempts WHERE ip_address <<= '198.51.100.0/24' OR ip_address <<= '203.0.113.0/24'
      OR ip_address <<= '192.0.2.0/24' OR ip_address IS NULL" >/dev/null
# A crashed backend makes the postmaster reinitialize (not restart), so crashes are judged by
# the server log: no process may die by a signal from here on.
log_from=$(($(wc -l < "$OFFICEAUTO_SERVER_LOG") + 1))
crashes() { tail -n +"$log_from" "$OFFICEAUTO_SERVER_LOG" | grep -c 'terminated by signal\|memory allocation of'; }
ACME=$(q "SELECT id FROM officeauto.organizations WHERE slug = 'acme'")
RUN=$(new_key_hex | cut -c1-6)
A1="atk1-$RUN"; A2="atk2-$RUN"
mk "$A1" 'atk1-Passw0rd'
mk "$A2" 'atk2-Passw0rd'

# --- 1. Hostile hashes are bounded before any work; nobody but the extension writes hashes.
HUGE='$argon2id$v=19$m=4294967295,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA'
check "argon2 m=2^32-1 is refused with 54000, not a crash" \
      "$(sqlstate_in "$(app "SELECT officeauto.verify_password('x', '$HUGE')")")" "54000"
check "argon2 t=2^32-1 is refused with 54000" \
      "$(sqlstate_in "$(app "SELECT officeauto.verify_password('x', '\$argon2id\$v=19\$m=256,t=4294967295,p=1\$c2FsdHNhbHQ\$aGFzaGhhc2hoYXNoaGFzaA')")")" "54000"
check "bcrypt cost 31 is refused with 54000" \
      "$(sqlstate_in "$(app "SELECT officeauto.verify_password('x', '\$2b\$31\$' || repeat('a', 53))")")" "54000"
check "a hash longer than any real one is malformed: XX001" \
      "$(sqlstate_in "$(app "SELECT officeauto.verify_password('x', '\$argon2id\$v=19\$m=256,t=1,p=1\$c2FsdHNhbHQ\$' || repeat('A', 1000))")")" "XX001"
check "no server process died" "$(crashes)" "0"
check "the application cannot insert a password hash: 42501" \
      "$(sqlstate_in "$(app "INSERT INTO officeauto.users (organization_id, username, email, full_name, password_hash)
                             VALUES ($ACME, 'planted', 'planted@acme.example', 'P', '$HUGE')")")" "42501"
check "nor update one: 42501" \
      "$(sqlstate_in "$(app "UPDATE officeauto.users SET password_hash = '$HUGE'")")" "42501"
check "a lowered limit applies to verification at once" \
      "$(sqlstate_of "SET officeauto.password_max_memory_kib = 1024; SELECT officeauto.verify_password('x', (SELECT password_hash FROM officeauto.users WHERE username = '$A1'))")" "54000"
# A hash planted by other means (a restore of old data) fails the login with 54000, and the
# server stays up.
q "UPDATE officeauto.users SET password_hash = '$HUGE' WHERE username = '$A2'" >/dev/null
check "login against a planted hash: 54000, no process died" \
      "$(sqlstate_in "$(app "SELECT * FROM officeauto.login('$A2', 'x', 'web', '198.51.100.1')")")/$(crashes)" "54000/0"
q "UPDATE officeauto.users SET password_hash = officeauto.hash_password('atk2-Passw0rd') WHERE username = '$A2'" >/dev/null

# --- 2. A cancelled hash stops at once and gives its memory back.
# A hash that takes seconds: the DBA allows the probe's role 100 passes (a per-role setting
# only a superuser can make), so the cancel surely lands while it runs.
MAX='$argon2id$v=19$m=65536,t=100,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA'
q "ALTER ROLE oa_attacker SET officeauto.password_max_iterations = 100" >/dev/null
PGAPPNAME=oa_cancel_probe PGPASSWORD="$PW" psql -X -q -h 127.0.0.1 -U oa_attacker -d "$DB" \
    -c "SELECT officeauto.verify_password('x', '$MAX')" -c "SELECT pg_sleep(4)" >/dev/null 2>&1 &
probe=$!
pid=""
for _ in $(seq 1 200); do
    pid=$(q "SELECT pid FROM pg_stat_activity WHERE application_name = 'oa_cancel_probe'
              AND state = 'active' AND query LIKE '%verify_password%'")
    [ -n "$pid" ] && break
    sleep 0.05
done
echo "# cancel probe: backend ${pid:-not found}"
sleep 0.3
kids_before=$(pgrep -c -P "$pid" || true)
q "SELECT pg_cancel_backend($pid)" >/dev/null
sleep 0.5
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
t0=$(ticks "$pid"); sleep 1; t1=$(ticks "$pid")
check "the hashing process existed while hashing" "$([ "${kids_before:-0}" -ge 1 ] && echo yes || echo "no (${kids_before})")" "yes"
check "after the cancel no hashing process is left" "$(pgrep -c -P "$pid" || true)" "0"
check "the backend uses no CPU after the cancel (< 5 ticks in 1 s)" "$([ $((t1 - t0)) -lt 5 ] && echo yes || echo "no ($((t1 - t0)))")" "yes"
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
check "the backend holds no hashing memory (RSS < 48 MiB)" "$([ "$rss" -lt 49152 ] && echo yes || echo "no (${rss} kB)")" "yes"
wait "$probe"
q "ALTER ROLE oa_attacker RESET officeauto.password_max_iterations" >/dev/null

# --- 6. Unknown names answer like accounts: same SQLSTATEs, same time.
seq_for() {
    local id=$1 out="" i captcha
    for i in 1 2 3 4 5 6 7; do
        captcha=false; [ "$i" -ge 5 ] && captcha=true
        out+="$(sqlstate_in "$(app "SELECT * FROM officeauto.login('$id', 'wrong-$i', 'web', '203.0.113.$i', NULL, $captcha)")") "
    done
    echo "$out"
}
known=$(seq_for "$A1")
unknown=$(seq_for "ghost-$(new_key_hex | cut -c1-8)")
check "an account answers OA001 x3, OA003, OA001 x2 (captcha passed), then OA002" "$known" "OA001 OA001 OA001 OA003 OA001 OA001 OA002 "
check "an unknown name answers exactly the same sequence" "$unknown" "$known"
out=$(app "SELECT * FROM officeauto.login('$A1', 'atk1-Passw0rd', 'web', '203.0.113.9', NULL, true)")
check "the lock's end is machine-readable (ISO 8601 UTC in DETAIL)" \
      "$(grep -cE 'DETAIL:  Locked until [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z\.' <<<"$out")" "1"
q "UPDATE officeauto.users SET locked_until = NULL, lock_count = 0 WHERE username = '$A1'" >/dev/null
sys "ALTER SYSTEM SET officeauto.lockout_failures = 1000" "ALTER SYSTEM SET officeauto.captcha_after_failures = 1000" \
    "ALTER SYSTEM SET officeauto.ip_failure_limit = 100000"
timing() { # fresh connection per sample, as an attacker measures
    local s e
    s=$(date +%s%N)
    PGPASSWORD="$PW" psql -X -q -h 127.0.0.1 -U oa_attacker -d "$DB" -c "SELECT * FROM officeauto.login('$1', 'wrong', 'web', '203.0.113.50')" >/dev/null 2>&1
    e=$(date +%s%N)
    echo $(((e - s) / 1000))
}
: >"/tmp/oa_t_known.$$"; : >"/tmp/oa_t_unknown.$$"
for i in $(seq 1 50); do
    timing "$A1" >>"/tmp/oa_t_known.$$"
    timing "nobody-$i-$$" >>"/tmp/oa_t_unknown.$$"
done
median() { sort -n "$1" | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
mk_=$(median "/tmp/oa_t_known.$$"); mu=$(median "/tmp/oa_t_unknown.$$")
rm -f "/tmp/oa_t_known.$$" "/tmp/oa_t_unknown.$$"
check "fresh-connection medians of 50 samples within 10% (known ${mk_} us, unknown ${mu} us)" \
      "$(awk -v a="$mk_" -v b="$mu" 'BEGIN { d = a - b; if (d < 0) d = -d; print (d <= 0.1 * (a > b ? a : b)) ? "yes" : "no" }')" "yes"
sys "ALTER SYSTEM RESET officeauto.lockout_failures" "ALTER SYSTEM RESET officeauto.captcha_after_failures" \
    "ALTER SYSTEM RESET officeauto.ip_failure_limit"
q "DELETE FROM officeauto.failed_login_attempts WHERE ip_address <<= '203.0.113.0/24'" >/dev/null
q "UPDATE officeauto.users SET locked_until = NULL, lock_count = 0 WHERE username = '$A1'" >/dev/null

# --- 9. Smaller holes.
login() { app "SELECT session_token || ' ' || refresh_token FROM officeauto.login('$1', '$2', 'web', '198.51.100.7')"; }
read -r S R <<<"$(login "$A1" 'atk1-Passw0rd')"
check "the account logs in again once its failures are cleared" "${#S}/${#R}" "43/43"
ACME_PID=$(q "SELECT public_id FROM officeauto.organizations WHERE id = $ACME")
q "SELECT officeauto.suspend_organization('$ACME_PID', 'identity_attacks.sh')" >/dev/null
check "a suspended organization's session no longer authenticates: OA006" \
      "$(sqlstate_in "$(app "SELECT officeauto.authenticate('$S')")")" "OA006"
check "... nor validates: OA006" "$(sqlstate_in "$(app "SELECT officeauto.validate_session('$S')")")" "OA006"
check "... nor logs in, even with the right password: OA006" \
      "$(sqlstate_in "$(app "SELECT * FROM officeauto.login('$A1', 'atk1-Passw0rd', 'mobile', '198.51.100.7')")")" "OA006"
check "... nor refreshes: OA006" "$(sqlstate_in "$(app "SELECT * FROM officeauto.refresh_session('$R')")")" "OA006"
q "SELECT officeauto.reactivate_organization('$ACME_PID')" >/dev/null
check "reactivated, the same session authenticates again (suspension revokes nothing)" \
      "$(app "SELECT officeauto.authenticate('$S') > 0")" "t"

read -r S R <<<"$(login "$A1" 'atk1-Passw0rd')"
fam=$(q "SELECT family_expires_at FROM officeauto.refresh_tokens WHERE token_digest = sha256('$R')")
read -r S2 R2 <<<"$(app "SELECT session_token || ' ' || refresh_token FROM officeauto.refresh_session('$R')")"
read -r S3 R3 <<<"$(app "SELECT session_token || ' ' || refresh_token FROM officeauto.refresh_session('$R2')")"
check "rotation keeps the family's absolute end" \
      "$(q "SELECT family_expires_at = '$fam' AND expires_at <= family_expires_at FROM officeauto.refresh_tokens WHERE token_digest = sha256('$R3')")" "t"
q "UPDATE officeauto.refresh_tokens SET family_expires_at = now() - interval '1 s', expires_at = now() - interval '1 s',
          created_at = now() - interval '31 days' WHERE token_digest = sha256('$R3')" >/dev/null
check "a family past its absolute end cannot be refreshed: OA011" \
      "$(sqlstate_in "$(app "SELECT * FROM officeauto.refresh_session('$R3')")")" "OA011"

SECRET="Lit3ral-$(new_key_hex | cut -c1-12)"
app "SELECT * FROM officeauto.login('$A1', '$SECRET', 'web', '198.51.100.8')" >/dev/null
app "SELECT officeauto.verify_password('$SECRET', 'nonsense')" >/dev/null
q "SELECT 1" >/dev/null
sleep 0.5
check "a failed login's error is logged ..." "$(grep -c 'ERROR:  invalid credentials' "$OFFICEAUTO_SERVER_LOG" | awk '{print ($1 > 0) ? "yes" : "no"}')" "yes"
check "... but no password reaches the server log" "$(grep -c -- "$SECRET" "$OFFICEAUTO_SERVER_LOG")" "0"
BOUND="Bound-$(new_key_hex | cut -c1-12)"
# A real bind parameter (extended protocol): pgbench -M extended sends :pw as $1.
echo "SELECT * FROM officeauto.login('$A1', :pw, 'web', '198.51.100.8');" > "/tmp/oa_bind.$$.sql"
chmod 644 "/tmp/oa_bind.$$.sql"
bind_out=$(PGPASSWORD="$PW" "$PG_BIN/pgbench" -n -M extended -t 1 -D pw="$BOUND" -f "/tmp/oa_bind.$$.sql" \
    -h 127.0.0.1 -U oa_attacker "$DB" 2>&1)
rm -f "/tmp/oa_bind.$$.sql"
sleep 0.3
check "a password sent as a bind parameter reached login (OA001 through the extended protocol)" \
      "$(grep -c 'invalid credentials' <<<"$bind_out" | awk '{print ($1 > 0) ? "yes" : "no"}')" "yes"
check "nor a password sent as a bind parameter" "$(grep -c -- "$BOUND" "$OFFICEAUTO_SERVER_LOG")" "0"
MALFORMED="Malf0rmed-$(new_key_hex | cut -c1-12)"
app "SELECT * FROM officeauto.login('$A1', '$MALFORMED', 'web', 'not-an-address')" >/dev/null
sleep 0.3
check "nor one in a call that fails before login runs (a malformed address literal)" \
      "$(grep -c -- "$MALFORMED" "$OFFICEAUTO_SERVER_LOG")" "0"

sys "ALTER SYSTEM SET officeauto.ip_failure_limit = 4"
for i in 1 2 3 4; do app "SELECT * FROM officeauto.login('rot-$i-$$', 'x', 'web', '192.0.2.$((100 + i))')" >/dev/null; done
check "rotating addresses within a /24 still reaches the per-address limit: OA003" \
      "$(sqlstate_in "$(app "SELECT * FROM officeauto.login('rot-5-$$', 'x', 'web', '192.0.2.200')")")" "OA003"
for i in 1 2 3 4; do app "SELECT * FROM officeauto.login('nul-$i-$$', 'x', 'web', NULL)" >/dev/null; done
check "a NULL address counts as the connection's address: OA003" \
      "$(sqlstate_in "$(app "SELECT * FROM officeauto.login('nul-5-$$', 'x', 'web', NULL)")")" "OA003"
sys "ALTER SYSTEM RESET officeauto.ip_failure_limit"
q "DELETE FROM officeauto.failed_login_attempts WHERE identifier LIKE 'rot-%' OR identifier LIKE 'nul-%'" >/dev/null

check "authenticate(NULL) is an invalid session: 28000" "$(sqlstate_in "$(app "SELECT officeauto.authenticate(NULL)")")" "28000"
read -r SA _ <<<"$(login "$A1" 'atk1-Passw0rd')"
read -r SB _ <<<"$(app "SELECT session_token || ' x' FROM officeauto.login('$A2', 'atk2-Passw0rd', 'web', '198.51.100.9')")"
U1=$(q "SELECT id FROM officeauto.users WHERE username = '$A1'")
U2=$(q "SELECT id FROM officeauto.users WHERE username = '$A2'")
check "ROLLBACK TO SAVEPOINT undoes a later authenticate and restores the earlier one" \
      "$(app "BEGIN; SELECT officeauto.authenticate('$SA'); SAVEPOINT s; SELECT officeauto.authenticate('$SB');
              ROLLBACK TO SAVEPOINT s; SELECT officeauto.current_user_id(); COMMIT;" | tail -1)" "$U1"
check "a released savepoint keeps its authenticate" \
      "$(app "BEGIN; SAVEPOINT s; SELECT officeauto.authenticate('$SB'); RELEASE SAVEPOINT s; SELECT officeauto.current_user_id(); COMMIT;" | tail -1)" "$U2"
check "an authenticate rolled back to its savepoint leaves no context" \
      "$(app "BEGIN; SAVEPOINT s; SELECT officeauto.authenticate('$SA'); ROLLBACK TO SAVEPOINT s;
              SELECT coalesce(officeauto.current_user_id()::text, 'none'); COMMIT;" | tail -1)" "none"

q "BEGIN; SELECT set_config('officeauto.organization_id', '$ACME', true);
   INSERT INTO officeauto.clients (organization_id, name, tags)
   SELECT $ACME, 'Parallel client ' || g, ARRAY['parallel-probe'] FROM generate_series(1, 20000) g; COMMIT;" >/dev/null
q "ANALYZE officeauto.clients" >/dev/null
check "find_clients_by_tag(s) are complete under a forced parallel plan" \
      "$(app "BEGIN; SELECT officeauto.authenticate('$SA') > 0; SET LOCAL force_parallel_mode = on; SET LOCAL max_parallel_workers_per_gather = 2;
              SET LOCAL parallel_setup_cost = 0; SET LOCAL parallel_tuple_cost = 0; SET LOCAL min_parallel_table_scan_size = 0;
              SELECT count(*) FROM officeauto.find_clients_by_tag('parallel-probe');
              SELECT count(*) FROM officeauto.find_clients_by_tags(ARRAY['parallel-probe']);
              SELECT count(*) FROM officeauto.clients WHERE 'parallel-probe' = ANY (tags); COMMIT;" | tr '\n' ' ')" "t 20000 20000 20000 "
check "no function that reads the backend-held context is parallel safe" \
      "$(q "SELECT coalesce(string_agg(proname, ','), 'none') FROM pg_proc
              WHERE pronamespace = 'officeauto'::regnamespace AND proparallel = 's'
                AND proname IN ('current_organization_id', 'current_user_id', 'current_session_id', 'authenticate',
                                'validate_session', '_hide_statement', '_reopen_allowed', '_allow_reopen')")" "none"
q "DELETE FROM officeauto.clients WHERE 'parallel-probe' = ANY (tags)" >/dev/null
q "REASSIGN OWNED BY oa_attacker TO postgres; DROP OWNED BY oa_attacker; DROP ROLE oa_attacker" >/dev/null
exit $fail
