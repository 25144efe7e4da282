#!/usr/bin/env bash
# A read replica: a primary and a streaming hot standby of it (pg_basebackup -R) on loopback,
# each with its own copy of the master key file. On the standby, as the application's LOGIN
# roles over TCP: tokens issued on the primary validate and authenticate (a session last
# touched long ago too: the standby does not write the touch); a session revoked on the primary
# fails once the revocation has replayed; every view and the search and read functions answer;
# a credential encrypted on the primary decrypts with the standby's copy of the key. Login,
# refresh, logout, reveal_credential (which must write its log row), guesses checked by
# change_password, maintenance and plain writes are refused with 25006 and a message saying
# where to send them, give no secret away, and crash nothing.
source "$(dirname "$0")/../lib/tap.sh"
echo "1..37"

WORK=$(mktemp -d /tmp/officeauto-standby.XXXXXX)
chown postgres "$WORK"
pg() { if [ "$(id -un)" = postgres ]; then "$@"; else sudo -u postgres -- "$@"; fi; }
stop() {
    pg "$PG_BIN/pg_ctl" -D "$WORK/standby" -m immediate stop >/dev/null 2>&1 || true
    pg "$PG_BIN/pg_ctl" -D "$WORK/primary" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap stop EXIT

# Two free ports on 127.0.0.1 above the test cluster's.
free_port() {
    local p=$1
    while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || [ -e "$WORK/.s.PGSQL.$p" ]; do p=$((p + 1)); done
    echo "$p"
}
P1=$(free_port $((PGPORT + 41)))
P2=$(free_port $((P1 + 1)))
DB=standby_test

# --- The primary: preloaded, its key file, WAL for a replica, a replication login.
pg "$PG_BIN/initdb" -D "$WORK/primary" --auth-local=trust --auth-host=scram-sha-256 -U postgres --no-sync >/dev/null
mkdir -p "$WORK/primary-keys" "$WORK/standby-keys"
new_key_hex > "$WORK/primary-keys/master.key"
cat >> "$WORK/primary/postgresql.conf" <<EOF
shared_preload_libraries = 'officeauto'
officeauto.master_key_file = '$WORK/primary-keys/master.key'
listen_addresses = '127.0.0.1'
wal_level = replica
max_wal_senders = 4
fsync = off
EOF
REPL_PW=$(new_key_hex)
sed -i "1i host replication oa_sb_replicator 127.0.0.1/32 scram-sha-256" "$WORK/primary/pg_hba.conf"
chown -R postgres "$WORK/primary-keys" "$WORK/standby-keys"
chmod 600 "$WORK/primary-keys/master.key"
pg "$PG_BIN/pg_ctl" -D "$WORK/primary" -l "$WORK/primary.log" -w -o "-k $WORK -p $P1" start >/dev/null

# p SQL / s SQL: as the superuser on the primary / the standby (local socket).
p() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$WORK" -p "$P1" -d "$DB" -c "$1"; }
s() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$WORK" -p "$P2" -d "$DB" -c "$1"; }
psql -X -q -h "$WORK" -p "$P1" -d postgres -c "CREATE DATABASE $DB" \
    -c "CREATE ROLE oa_sb_replicator LOGIN REPLICATION PASSWORD '$REPL_PW'" >/dev/null
p "CREATE EXTENSION officeauto" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -h "$WORK" -p "$P1" -d "$DB" < "$OFFICEAUTO_ROOT/sample/sample_data.sql" >/dev/null
# The application's logins, as production has them: LOGIN roles in the group roles, passwords
# over TCP. Roles are cluster-wide, so the standby has them too.
APP_PW="app-$(new_key_hex | cut -c1-16)"
ADM_PW="adm-$(new_key_hex | cut -c1-16)"
p "CREATE ROLE oa_sb_app LOGIN PASSWORD '$APP_PW' IN ROLE officeauto_app;
   CREATE ROLE oa_sb_admin LOGIN PASSWORD '$ADM_PW' IN ROLE officeauto_admin" >/dev/null

# on PORT ROLE PASSWORD: psql as a login role over TCP, SQL on stdin, verbose errors.
on() { PGPASSWORD="$3" psql -X -q -At -h 127.0.0.1 -p "$1" -U "$2" -d "$DB" -v VERBOSITY=verbose 2>&1; }
# app PORT SQL / admin PORT SQL: autocommit, as the application / an officeauto_admin login.
app() { on "$1" oa_sb_app "$APP_PW" <<<"$2"; }
admin() { on "$1" oa_sb_admin "$ADM_PW" <<<"$2"; }
# as PORT TOKEN SQL: SQL in one transaction authenticated by a session token.
as() { printf 'BEGIN;\nSELECT officeauto.authenticate(%s) \\g /dev/null\n%s;\nCOMMIT;\n' "'$2'" "$3" | on "$1" oa_sb_app "$APP_PW"; }

# --- On the primary: sessions and refresh tokens, a stored credential, an envelope.
login() { app "$P1" "SELECT session_token || ' ' || refresh_token FROM officeauto.login('$1', 'demo-$1', 'web', '192.0.2.10')"; }
read -r S1 R1 <<<"$(login alice)"
read -r S2 _ <<<"$(login bob)"
read -r S3 _ <<<"$(login carol)"
ALICE=$(p "SELECT id FROM officeauto.users WHERE username = 'alice'")
CAROL=$(p "SELECT id FROM officeauto.users WHERE username = 'carol'")
ACME=$(p "SELECT id FROM officeauto.organizations WHERE slug = 'acme'")
SECRET="standby-secret-$(new_key_hex | cut -c1-12)"
CRED=$(as "$P1" "$S1" "INSERT INTO officeauto.credentials (organization_id, client_id, label, username, encrypted_value)
        SELECT $ACME, id, 'Standby test', 'svc', officeauto.encrypt_credential_value('$SECRET')
          FROM officeauto.clients WHERE company = 'Becker GmbH' RETURNING public_id")
ENVELOPE=$(admin "$P1" "SELECT encode(officeauto.encrypt_credential_value('$SECRET'), 'hex')")
check "on the primary: three logins with tokens, a credential that reveals" \
      "$([ -n "$S1" ] && [ -n "$R1" ] && [ -n "$S2" ] && [ -n "$S3" ] && echo yes)/$(as "$P1" "$S1" "SELECT officeauto.reveal_credential('$CRED')")" \
      "yes/$SECRET"

# --- The standby: a base backup with -R, its own copy of the key file, hot_standby on.
pg env PGPASSWORD="$REPL_PW" "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$P1" -U oa_sb_replicator \
    -D "$WORK/standby" -R -X stream -c fast --no-sync >/dev/null 2>"$WORK/basebackup.err"
check "pg_basebackup -R made a standby" "$([ -f "$WORK/standby/standby.signal" ] && echo yes || cat "$WORK/basebackup.err")" "yes"
cp "$WORK/primary-keys/master.key" "$WORK/standby-keys/master.key"
chown postgres "$WORK/standby-keys/master.key"; chmod 600 "$WORK/standby-keys/master.key"
cat >> "$WORK/standby/postgresql.conf" <<EOF
# This node's copy of the master key (every node needs the same key).
officeauto.master_key_file = '$WORK/standby-keys/master.key'
hot_standby = on
EOF
pg "$PG_BIN/pg_ctl" -D "$WORK/standby" -l "$WORK/standby.log" -w -o "-k $WORK -p $P2" start >/dev/null
STANDBY_START=$(s "SELECT pg_postmaster_start_time()")
check "the standby is in recovery (a hot standby)" "$(s "SELECT pg_is_in_recovery()")" "t"

# After the copy, on the primary: bob logs out; carol's session was last touched 10 minutes
# ago (past officeauto.session_touch_interval, within the idle timeout).
app "$P1" "SELECT officeauto.logout('$S2')" >/dev/null
p "UPDATE officeauto.user_sessions SET last_activity_at = now() - interval '10 minutes'
    WHERE token_digest = officeauto.token_digest('$S3')" >/dev/null
LSN=$(p "SELECT pg_current_wal_lsn()")
replayed=no
for _ in $(seq 1 100); do
    [ "$(s "SELECT pg_last_wal_replay_lsn() >= '$LSN'::pg_lsn")" = t ] && replayed=yes && break
    sleep 0.1
done
check "the standby replayed the primary's current LSN" "$replayed" "yes"
TOUCHED=$(s "SELECT last_activity_at FROM officeauto.user_sessions WHERE token_digest = officeauto.token_digest('$S3')")

# --- Sessions on the standby.
check "validate_session on the standby: a token issued on the primary" \
      "$(app "$P2" "SELECT officeauto.validate_session('$S1')")" "$ALICE"
check "authenticate on the standby binds user and organization" \
      "$(as "$P2" "$S1" "SELECT officeauto.current_user_id() || '/' || officeauto.current_organization_id()")" "$ALICE/$ACME"
check "a session due for its activity touch validates on the standby (the touch is skipped)" \
      "$(app "$P2" "SELECT officeauto.validate_session('$S3')")/$(as "$P2" "$S3" "SELECT officeauto.current_user_id()")" \
      "$CAROL/$CAROL"
check "... and its last activity stays as the primary wrote it" \
      "$(s "SELECT last_activity_at FROM officeauto.user_sessions WHERE token_digest = officeauto.token_digest('$S3')")" "$TOUCHED"
check "a session revoked on the primary is invalid once replayed: validate_session NULL" \
      "$(app "$P2" "SELECT coalesce(officeauto.validate_session('$S2')::text, 'null')")" "null"
check "... and authenticate 28000" "$(sqlstate_in "$(as "$P2" "$S2" "SELECT 1")")" "28000"

# --- Every view of the extension, as the application (authenticated) where it may read it,
# else as an officeauto_admin login (the materialized views).
views=$(s "SELECT c.relname || ' ' || has_table_privilege('officeauto_app', c.oid, 'SELECT')
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'officeauto' AND c.relkind IN ('v', 'm') ORDER BY 1")
nviews=0 failed=""
while read -r v app_may; do
    nviews=$((nviews + 1))
    q_view="SELECT 'answered' FROM (SELECT 1 FROM officeauto.$v LIMIT 1) x UNION ALL SELECT 'answered' LIMIT 1"
    if [ "$app_may" = t ]; then out=$(as "$P2" "$S1" "$q_view"); else out=$(admin "$P2" "$q_view"); fi
    # slow_queries answers 55000 by design where pg_stat_statements is not installed (here).
    [ "$v" = slow_queries ] && [ "$(sqlstate_in "$out")" = 55000 ] && continue
    [ "$out" = answered ] || failed="$failed $v($(sqlstate_in "$out"))"
done <<<"$views"
echo "# $nviews views and materialized views"
check "every view answers on the standby ($nviews)" "$([ "$nviews" -ge 15 ] && echo "${failed:-all}")" "all"

# --- Search and read functions documented in the README.
check "find_clients_by_tag answers on the standby" \
      "$(as "$P2" "$S1" "SELECT count(*) > 0 FROM officeauto.find_clients_by_tag('enterprise')")" "t"
check "find_clients_by_tags answers on the standby" \
      "$(as "$P2" "$S1" "SELECT count(*) > 0 FROM officeauto.find_clients_by_tags(ARRAY['enterprise', 'high-value'], true)")" "t"
check "search_documents answers on the standby" \
      "$(as "$P2" "$S1" "SELECT count(*) >= 0 FROM officeauto.search_documents('plan')")" "t"
reads=$(as "$P2" "$S1" "SELECT officeauto.has_permission('TASK', 'READ') IS NOT NULL
        AND (SELECT count(*) FROM officeauto.list_my_sessions()) >= 1
        AND (SELECT count(*) FROM officeauto.session_limits()) >= 0
        AND (SELECT count(*) FROM officeauto.list_users()) >= 1
        AND (SELECT count(*) FROM officeauto.list_invitations()) >= 0
        AND officeauto.current_session_id() IS NOT NULL
        AND officeauto.credential_key_id(decode('$ENVELOPE', 'hex')) IS NOT NULL
        AND officeauto.audit_record_id('officeauto.tasks', '{\"id\": 1}') IS NOT NULL
        AND officeauto.normalize_tags(ARRAY[' A ', 'a']) = ARRAY['a']
        AND officeauto.uuid_generate_v7() IS NOT NULL")
check "list_my_sessions, session_limits, list_users, has_permission and the other read functions answer" "$reads" "t"

# --- Credentials: the standby's copy of the key decrypts what the primary encrypted.
check "an envelope made on the primary decrypts on the standby with its copy of the key file" \
      "$(admin "$P2" "SELECT officeauto.decrypt_credential_value(decode('$ENVELOPE', 'hex'))")" "$SECRET"
check "... and encrypts under the replicated current data key (a round trip on the standby)" \
      "$(admin "$P2" "SELECT officeauto.decrypt_credential_value(officeauto.encrypt_credential_value('round trip'))")" "round trip"
out=$(as "$P2" "$S1" "SELECT officeauto.reveal_credential('$CRED')")
errors="$out"
check "reveal_credential (it writes its log row) is refused on the standby: 25006, send it to the primary" \
      "$(sqlstate_in "$out")/$(grep -c 'reveal_credential cannot run on a read-only hot standby: send it to the primary' <<<"$out")" "25006/1"

# --- What must go to the primary.
refused() { # OUTPUT WHAT: 25006 and the message naming WHAT and the primary
    echo "$(sqlstate_in "$1")/$(grep -c "$2 cannot run on a read-only hot standby: send it to the primary" <<<"$1")"
}
out=$(app "$P2" "SELECT * FROM officeauto.login('alice', 'demo-alice', 'web', '192.0.2.10')"); errors="$errors$out"
check "login is refused on the standby: 25006, send it to the primary" "$(refused "$out" login)" "25006/1"
out=$(app "$P2" "SELECT * FROM officeauto.login('alice', 'wrong-guess-1', 'web', '192.0.2.10')"); errors="$errors$out"
check "... before the password is looked at: a wrong one gets the same 25006, not OA001" "$(refused "$out" login)" "25006/1"
out=$(app "$P2" "SELECT * FROM officeauto.login('nobody-here', 'wrong-guess-2', 'web')"); errors="$errors$out"
check "... and so does an unknown account" "$(refused "$out" login)" "25006/1"
out=$(app "$P2" "SELECT * FROM officeauto.refresh_session('$R1')"); errors="$errors$out"
check "refresh_session is refused on the standby: 25006, send it to the primary" "$(refused "$out" refresh_session)" "25006/1"
out=$(app "$P2" "SELECT officeauto.logout('$S1')"); errors="$errors$out"
check "logout is refused on the standby: 25006, send it to the primary" "$(refused "$out" logout)" "25006/1"
out=$(app "$P2" "SELECT officeauto.logout('$S1', 'all')"); errors="$errors$out"
check "logout of all sessions likewise" "$(refused "$out" logout)" "25006/1"
# A guess checked by change_password is recorded through the bookkeeping worker first, which a
# standby cannot do: 25006, not the OA002 of a failed recording, and no verdict on the guess.
out=$(as "$P2" "$S1" "SELECT officeauto.change_password('wrong-guess-3', 'Standby-New-Passw0rd-9')"); errors="$errors$out"
check "change_password's guess is refused unchecked on the standby: 25006 (security bookkeeping)" \
      "$(sqlstate_in "$out")/$(grep -c 'security bookkeeping.*cannot run on a read-only hot standby: send it to the primary' <<<"$out")" "25006/1"
out=$(as "$P2" "$S1" "INSERT INTO officeauto.tasks (organization_id, title) VALUES ($ACME, 'written on a standby')")
check "a plain write (INSERT a task) gets PostgreSQL's 25006 (read-only transaction), not a trigger's error" \
      "$(sqlstate_in "$out")/$(grep -c 'cannot execute INSERT in a read-only transaction' <<<"$out")" "25006/1"
check "an UPDATE likewise" \
      "$(sqlstate_in "$(as "$P2" "$S1" "UPDATE officeauto.tasks SET title = title || '!' WHERE id = (SELECT min(id) FROM officeauto.tasks)")")" "25006"
check "a workflow function (assign_task) likewise" \
      "$(sqlstate_in "$(as "$P2" "$S1" "SELECT officeauto.assign_task((SELECT public_id FROM officeauto.tasks ORDER BY id LIMIT 1), (SELECT public_id FROM officeauto.users WHERE id = $CAROL), 'from a standby')")")" "25006"
check "log_activity (the native audit writer) gives 25006, not XX000" \
      "$(sqlstate_in "$(as "$P2" "$S1" "SELECT officeauto.log_activity('standby.test')")")" "25006"
out=$(app "$P2" "SELECT * FROM officeauto.verify_mfa('$(new_key_hex)', '123456')"); errors="$errors$out"
check "verify_mfa (a login's second step) is refused on the standby: 25006, send it to the primary" "$(refused "$out" verify_mfa)" "25006/1"
states=""
for call in "officeauto.cleanup_expired_sessions()" "officeauto.archive_audit_logs('0 days')" \
            "officeauto.purge_audit_archive('0 days')" "officeauto.expire_notifications()" \
            "officeauto.add_credential_key()" "officeauto.rotate_credential_keys()" "officeauto.rewrap_credential_keys()"; do
    states="$states $(sqlstate_in "$(admin "$P2" "SELECT $call")")"
done
check "maintenance and keyring functions each give 25006 on the standby (not XX000)" "$states" \
      "$(printf ' 25006%.0s' 1 2 3 4 5 6 7)"
out=$(admin "$P2" "SELECT officeauto.maintain_database()")
check "maintain_database is refused on the standby: 25006, send it to the primary" "$(refused "$out" maintain_database)" "25006/1"

# --- No secret in any answer or in the standby's log; nothing crashed.
leaks=0
for secret in "$S1" "$R1" "$SECRET" demo-alice wrong-guess-1 wrong-guess-2 wrong-guess-3; do
    grep -qF -- "$secret" <<<"$errors" && leaks=$((leaks + 1))
    grep -qF -- "$secret" "$WORK/standby.log" && leaks=$((leaks + 1))
done
check "no token, password or secret in the errors or the standby's log" "$leaks" "0"
check "the standby still answers, never restarted, still in recovery" \
      "$(s "SELECT pg_postmaster_start_time() = '$STANDBY_START' AND pg_is_in_recovery()")" "t"
check "the standby's log shows no PANIC, crash or reinitialization" \
      "$(grep -cE 'PANIC|terminated by signal|exited with exit code|reinitializing' "$WORK/standby.log")" "0"
check "the primary still validates the session the standby refused to log out" \
      "$(app "$P1" "SELECT officeauto.validate_session('$S1')")" "$ALICE"

# Without the unique index on the digest, validation falls back to its SQL query, planned with a
# pinned search_path: on the standby that must read only (no transaction id), a due touch too.
p "ALTER TABLE officeauto.user_sessions DROP CONSTRAINT user_sessions_token_digest_key" >/dev/null
LSN=$(p "SELECT pg_current_wal_lsn()")
for _ in $(seq 1 100); do [ "$(s "SELECT pg_last_wal_replay_lsn() >= '$LSN'::pg_lsn")" = t ] && break; sleep 0.1; done
check "the SQL-query fallback validates on the standby too (a session due for its touch included)" \
      "$(app "$P2" "SELECT officeauto.validate_session('$S1') || '/' || officeauto.validate_session('$S3')")" "$ALICE/$CAROL"
exit $fail
