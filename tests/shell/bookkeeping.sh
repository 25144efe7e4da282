#!/usr/bin/env bash
# Security bookkeeping under worker-slot exhaustion, in two private clusters of its own:
#  1. preloaded (shared_preload_libraries = 'officeauto'): long parallel queries take every
#     dynamic worker slot, then failed logins flood in from 24 connections over three
#     databases; every failure is answered with a failure code and recorded (one row per
#     answer), none gets 53000, and a reused refresh token still revokes its family;
#  2. not preloaded, same saturation: no 53000 ever; each attempt is either recorded or
#     refused with OA002 without a record; once the slots free up, logins work again;
#  3. DROP DATABASE right after a login in that database succeeds within seconds (the pool
#     worker bound to it lets go when idle).
# Logins come from a real non-superuser LOGIN role, as an application connects.
source "$(dirname "$0")/../lib/tap.sh"
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
BASE_PORT=$(( ${PGPORT:-54329} + 1 ))
WORK=$(mktemp -d /tmp/officeauto-bookkeeping.XXXXXX)
chmod 755 "$WORK"
chown postgres "$WORK"
CLIENTS=16       # flood connections on the busy database (two more databases get 4 each)
ATTEMPTS=20      # failed logins per connection, preloaded
REFUSED_ATTEMPTS=4   # per connection without preload (each waits up to ~1 s for a slot)
ms() { echo $(( $(date +%s%N) / 1000000 )); }
as_pg() { if [ "$(id -un)" = postgres ]; then "$@"; else sudo -u postgres -- "$@"; fi; }
cleanup() {
    for d in "$WORK"/*/data; do
        [ -d "$d" ] && as_pg "$BIN/pg_ctl" -D "$d" -m immediate stop >/dev/null 2>&1
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
echo "1..24"

# start_cluster NAME PORT PRELOAD(yes|no): a throw-away cluster with 8 worker processes, a
# master key file as a DBA would configure it, and cheap password hashing.
start_cluster() {
    local dir="$WORK/$1"
    mkdir -p "$dir" && chown postgres "$dir"
    as_pg "$BIN/initdb" -D "$dir/data" -A trust -U postgres --no-sync >/dev/null
    new_key_hex > "$dir/master.key"
    chown postgres "$dir/master.key"
    chmod 600 "$dir/master.key"
    {
        echo "max_worker_processes = 8"
        echo "max_parallel_workers = 8"
        echo "officeauto.master_key_file = '$dir/master.key'"
        [ "$3" = yes ] && echo "shared_preload_libraries = 'officeauto'"
    } >> "$dir/data/postgresql.conf"
    as_pg "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-k $dir -p $2 -c listen_addresses='' -c fsync=off" start >/dev/null
    export PGHOST=$dir PGPORT=$2 PGUSER=postgres
    psql -X -q -d postgres -c "LOAD 'officeauto'" -c "ALTER SYSTEM SET officeauto.password_memory_kib = 256" \
         -c "SELECT pg_reload_conf()" >/dev/null
}

# new_db NAME: a database with the extension, an organization, the application's LOGIN role
# and accounts flood1..flood4 and fresh1 (password 'right-Passw0rd').
new_db() {
    psql -X -q -d postgres -c "CREATE DATABASE $1" >/dev/null
    DB=$1 q "CREATE EXTENSION officeauto;
             INSERT INTO officeauto.organizations (name, slug) VALUES ('Acme', 'acme');
             DO \$\$ BEGIN
                 IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'oa_bk_app') THEN
                     CREATE ROLE oa_bk_app LOGIN IN ROLE officeauto_app;
                 END IF;
             END \$\$;
             BEGIN;
             SELECT set_config('officeauto.organization_id', id::text, true) FROM officeauto.organizations;
             SELECT officeauto.create_user(1, u, u || '@acme.example', 'Test ' || u, 'right-Passw0rd')
               FROM unnest(ARRAY['flood1', 'flood2', 'flood3', 'flood4', 'fresh1']) u;
             COMMIT;" >/dev/null
}

# saturate DB: three long parallel queries (four workers each planned) over a table of one row
# per page, each row sleeping in a parallel-safe filter, so every process stays busy to the
# end (about a minute); together they ask for more workers than there are slots and hold every
# free one until cancelled. Prints how many parallel workers run.
saturate() {
    DB=$1 q "CREATE TABLE sat (i int, pad text) WITH (fillfactor = 10, parallel_workers = 8);
             ALTER TABLE sat ALTER pad SET STORAGE PLAIN;
             INSERT INTO sat SELECT g, repeat('x', 1000) FROM generate_series(1, 3000) g;
             ANALYZE sat;
             CREATE FUNCTION slow(int) RETURNS boolean LANGUAGE plpgsql PARALLEL SAFE
               AS 'BEGIN PERFORM pg_sleep(0.1); RETURN true; END';" >/dev/null
    for _ in 1 2 3; do
        PGAPPNAME=oa_saturate psql -X -q -d "$1" >/dev/null 2>&1 <<'SQL' &
SET max_parallel_workers_per_gather = 4;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SELECT count(*) FROM sat WHERE slow(i);
SQL
        sleep 0.5
    done
    parallel_workers
}
parallel_workers() { DB=postgres q "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'parallel worker'"; }
# Slots a parallel query can get at most: max_worker_processes less the workers registered at
# start (the logical replication launcher, and the bookkeeping pool when preloaded).
slot_limit() { echo $(( 8 - 1 - $1 )); }
unsaturate() {
    DB=postgres q "SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity WHERE application_name = 'oa_saturate' AND backend_type = 'client backend'" >/dev/null
    for _ in $(seq 1 50); do [ "$(parallel_workers)" = 0 ] && break; sleep 0.1; done
}
# A parallel query started now: how many workers it gets (0 when every slot is taken).
launched_now() {
    DB=$1 q "SET max_parallel_workers_per_gather = 4; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
             SET min_parallel_table_scan_size = 0;
             EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*) FROM sat WHERE i < 0 AND slow(i)" |
        grep -o 'Workers Launched: [0-9]*' | grep -o '[0-9]*$'
}

# flood DB CLIENT COUNT OUT: one connection of the application role making COUNT failed logins
# (accounts flood1..4 in turn and unknown identifiers, each client from its own address),
# captcha passed so that every failure counts towards lockout.
flood() {
    local sql="$WORK/flood-$1-$2.sql" j id
    echo '\set VERBOSITY verbose' > "$sql"
    for j in $(seq 1 "$3"); do
        if [ $((j % 5)) = 0 ]; then id="ghost-$2-$j"; else id="flood$(( (j + $2) % 4 + 1 ))"; fi
        echo "SELECT * FROM officeauto.login('$id', 'wrong', 'web', '198.51.100.$2', NULL, true);" >> "$sql"
    done
    chmod 644 "$sql"
    psql -X -q -At -U oa_bk_app -d "$1" -f "$sql" > "$4" 2>&1
}
# answers FILE...: "<failure answers> <53000 answers> <refusals without a record> <other errors>"
answers() {
    local all
    all=$(cat "$@")
    echo "$(grep -c 'ERROR:  OA00[0-9]' <<<"$all") $(grep -c 'ERROR:  53000' <<<"$all")" \
         "$(grep -c 'could not be recorded' <<<"$all")" \
         "$(grep 'ERROR:' <<<"$all" | grep -vc 'ERROR:  OA00[0-9]')"
}
rows() { DB=$1 q "SELECT count(*) FROM officeauto.failed_login_attempts"; }
app() { psql -X -q -At -U oa_bk_app -d "$1" -v VERBOSITY=verbose -c "$2" 2>&1; }

# --- 1. preloaded ---------------------------------------------------------------------------
start_cluster pre "$BASE_PORT" yes
for d in bk1 bk2 bk3; do new_db "$d"; done
limit=$(slot_limit 2)
got=$(saturate bk1)
for _ in $(seq 1 50); do [ "$got" -ge "$limit" ] && break; sleep 0.1; got=$(parallel_workers); done
check "preloaded: parallel queries hold every dynamic worker slot ($limit parallel workers)" "$got" "$limit"
check "... so a further parallel query gets no worker" "$(launched_now bk1)" "0"

start=$(ms)
pids=()
for c in $(seq 1 "$CLIENTS"); do flood bk1 "$c" "$ATTEMPTS" "$WORK/pre-bk1-$c.out" & pids+=($!); done
for c in 1 2 3 4; do
    flood bk2 "$c" "$ATTEMPTS" "$WORK/pre-bk2-$c.out" & pids+=($!)
    flood bk3 "$c" "$ATTEMPTS" "$WORK/pre-bk3-$c.out" & pids+=($!)
done
wait "${pids[@]}"
echo "# preloaded flood: $(( CLIENTS + 8 )) connections, $(( (CLIENTS + 8) * ATTEMPTS )) attempts in $(( $(ms) - start )) ms"
echo "# pool workers restarted (idle or moving to another database): $(grep -c 'officeauto bookkeeping.*exit code 1' "$WORK/pre/server.log")"
read -r failures e53000 refused others <<<"$(answers "$WORK"/pre-*.out)"
check "preloaded flood: no connection ever gets 53000" "$e53000" "0"
check "... every attempt is answered with a login failure code, nothing else" \
      "$failures $refused $others" "$(( (CLIENTS + 8) * ATTEMPTS )) 0 0"
check "... and every failure answered is recorded, in each of the three databases" \
      "$(rows bk1) $(rows bk2) $(rows bk3)" \
      "$(answers "$WORK"/pre-bk1-*.out | cut -d' ' -f1) $(answers "$WORK"/pre-bk2-*.out | cut -d' ' -f1) $(answers "$WORK"/pre-bk3-*.out | cut -d' ' -f1)"
check "... so the flooded account is locked: the right password gets OA002" \
      "$(sqlstate_in "$(app bk1 "SELECT * FROM officeauto.login('flood1', 'right-Passw0rd', 'web', '198.51.100.99', NULL, true)")")" "OA002"

R=$(app bk1 "SELECT refresh_token FROM officeauto.login('fresh1', 'right-Passw0rd', 'api', '192.0.2.98')")
app bk1 "SELECT 1 FROM officeauto.refresh_session('$R')" >/dev/null
check "a rotated refresh token presented again under saturation: OA012" \
      "$(sqlstate_in "$(app bk1 "SELECT * FROM officeauto.refresh_session('$R')")")" "OA012"
check "... and every token of its family and the family's session are revoked" \
      "$(DB=bk1 q "SELECT count(*) FILTER (WHERE r.revoked_at IS NULL) || ' ' || count(*) FILTER (WHERE s.revoked_at IS NULL)
                     FROM officeauto.refresh_tokens r JOIN officeauto.user_sessions s ON s.id = r.session_id
                    WHERE r.family_id = (SELECT family_id FROM officeauto.refresh_tokens WHERE token_digest = sha256('$R'))")" "0 0"
check "the slots were still all taken at the end" "$(parallel_workers) $(launched_now bk1)" "$limit 0"

# A write that fails in the worker (here: an injected error) is reported, not skipped, and the
# worker lives on.
apply_def=$(DB=bk1 q "SELECT pg_get_functiondef('officeauto._bookkeeping_apply(text, text, text, text, text)'::regprocedure)")
DB=bk1 q "CREATE OR REPLACE FUNCTION officeauto._bookkeeping_apply(op text, a1 text, a2 text, a3 text, a4 text)
          RETURNS bigint LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
          AS \$\$ BEGIN RAISE EXCEPTION 'injected bookkeeping failure' USING ERRCODE = 'XX000'; END \$\$" >/dev/null
before=$(rows bk1)
out=$(app bk1 "SELECT * FROM officeauto.login('marker-7f3a9', 'wrong', 'web', '198.51.100.94', NULL, true)")
check "a write failing in the worker: login refuses (OA002, not recorded) instead of 53000" \
      "$(sqlstate_in "$out") $(grep -c 'could not be recorded' <<<"$out") $(( $(rows bk1) - before ))" "OA002 1 0"
DB=bk1 q "$apply_def" >/dev/null
check "... the worker logged it by SQLSTATE, without the identifier, and serves the next write" \
      "$(grep -c "bookkeeping write 'F' failed: XX000 injected bookkeeping failure" "$WORK/pre/server.log") $(grep 'bookkeeping write' "$WORK/pre/server.log" | grep -c marker-7f3a9) $(sqlstate_in "$(app bk1 "SELECT * FROM officeauto.login('marker-7f3a9', 'wrong', 'web', '198.51.100.94', NULL, true)")") $(( $(rows bk1) - before ))" \
      "1 0 OA001 1"
# The longest identifier login accepts, in 4-byte characters (1280 bytes), arrives whole.
long_id=$(printf '\U00010348%.0s' $(seq 1 320))
app bk1 "SELECT * FROM officeauto.login('$long_id', 'wrong', 'web', '198.51.100.93', NULL, true)" >/dev/null
check "a 320-character identifier of 4-byte characters is recorded untruncated" \
      "$(DB=bk1 q "SELECT count(*) FROM officeauto.failed_login_attempts WHERE identifier = '$long_id'")" "1"

# A requester that stops waiting (statement_timeout) leaves its queued write to complete.
DB=bk1 q "ALTER FUNCTION officeauto._bookkeeping_apply(text, text, text, text, text) RENAME TO _bookkeeping_apply_real;
          CREATE FUNCTION officeauto._bookkeeping_apply(op text, a1 text, a2 text, a3 text, a4 text)
          RETURNS bigint LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
          AS \$\$ BEGIN PERFORM pg_sleep(1); RETURN officeauto._bookkeeping_apply_real(op, a1, a2, a3, a4); END \$\$" >/dev/null
check "a login whose wait for the write times out: 57014" \
      "$(sqlstate_in "$(app bk1 "SET statement_timeout = '300ms'; SELECT * FROM officeauto.login('ghost-timeout', 'wrong', 'web', '198.51.100.92', NULL, true)")")" "57014"
sleep 1.5
DB=bk1 q "DROP FUNCTION officeauto._bookkeeping_apply(text, text, text, text, text);
          ALTER FUNCTION officeauto._bookkeeping_apply_real(text, text, text, text, text) RENAME TO _bookkeeping_apply" >/dev/null
check "... and its write is made all the same" \
      "$(DB=bk1 q "SELECT count(*) FROM officeauto.failed_login_attempts WHERE identifier = 'ghost-timeout'")" "1"
unsaturate

app bk3 "SELECT * FROM officeauto.login('ghost-drop', 'wrong', 'web', '198.51.100.97')" >/dev/null
start=$(ms)
dropped=$(psql -X -q -d postgres -c "DROP DATABASE bk3" 2>&1 && echo dropped)
elapsed=$(( $(ms) - start ))
echo "# DROP DATABASE right after a login there took $elapsed ms"
check "DROP DATABASE right after a login in it succeeds within seconds" \
      "$dropped $([ "$elapsed" -lt 4500 ] && echo in-time)" "dropped in-time"
check "no process of the preloaded cluster crashed" \
      "$(grep -c 'terminated by signal\|reinitializing\|PANIC' "$WORK/pre/server.log")" "0"
as_pg "$BIN/pg_ctl" -D "$WORK/pre/data" -m fast stop >/dev/null

# --- 2. not preloaded -------------------------------------------------------------------------
start_cluster plain $((BASE_PORT + 1)) no
new_db bk1
limit=$(slot_limit 0)
got=$(saturate bk1)
for _ in $(seq 1 50); do [ "$got" -ge "$limit" ] && break; sleep 0.1; got=$(parallel_workers); done
check "not preloaded: parallel queries hold every worker slot ($limit parallel workers)" "$got" "$limit"
pids=()
for c in $(seq 1 "$CLIENTS"); do flood bk1 "$c" "$REFUSED_ATTEMPTS" "$WORK/plain-$c.out" & pids+=($!); done
wait "${pids[@]}"
read -r failures e53000 refused others <<<"$(answers "$WORK"/plain-*.out)"
echo "# not preloaded flood: $failures answers, $refused refused without a record"
check "not preloaded flood: no connection ever gets 53000, nor any code but a login failure" "$e53000 $others" "0 0"
check "... each attempt is recorded, or refused (OA002) without a record" \
      "$failures $(rows bk1)" "$(( CLIENTS * REFUSED_ATTEMPTS )) $(( failures - refused ))"
check "... and attempts were refused: nothing could be recorded" "$([ "$refused" -gt 0 ] && echo yes)" "yes"
right=$(sqlstate_in "$(app bk1 "SELECT * FROM officeauto.login('fresh1', 'right-Passw0rd', 'web', '192.0.2.96')")")
# login records its attempt before it looks at the password, so nothing is verified unrecorded.
check "... the right password is refused too while nothing can be recorded" "$right" "OA002"
unsaturate
before=$(rows bk1)
check "once the slots are free: a wrong password is answered OA001 and recorded" \
      "$(sqlstate_in "$(app bk1 "SELECT * FROM officeauto.login('fresh1', 'wrong', 'web', '192.0.2.95')")") $(( $(rows bk1) - before ))" "OA001 1"
check "... and the right password logs in" \
      "$(sqlstate_in "$(app bk1 "SELECT * FROM officeauto.login('fresh1', 'right-Passw0rd', 'mobile', '192.0.2.95')")")" "ok"
check "no process of the cluster without preload crashed" \
      "$(grep -c 'terminated by signal\|reinitializing\|PANIC' "$WORK/plain/server.log")" "0"
exit $fail
