#!/usr/bin/env bash
# The password helper process never outlives its backend. In a private cluster whose postmaster
# is PID 1 of its own PID namespace (as in the official container image and most Kubernetes
# pods, where an orphan is reparented to the postmaster and its exit looks like a crashed
# backend), backends die by FATAL while their helper is hashing: pg_terminate_backend(), and a
# client that goes away while client_connection_check_interval (settable by any role) is on.
# The cluster must never restart, and no helper may be left behind. A helper killed while idle
# costs the next request nothing.
source "$(dirname "$0")/../lib/tap.sh"
echo "1..10"

PORT=$((PGPORT + 27))
WORK=$(mktemp -d /tmp/officeauto-helper-exit.XXXXXX)
chown postgres "$WORK"
postmaster_pid() { ps -eo pid=,args= | awk -v d="$WORK/data" '$0 ~ ("postgres -D " d) && $0 !~ /unshare|awk/ {print $1; exit}'; }
stop() {
    local pm; pm=$(postmaster_pid)
    if [ -n "$pm" ]; then kill -INT "$pm" 2>/dev/null; for _ in $(seq 1 50); do kill -0 "$pm" 2>/dev/null || break; sleep 0.1; done; fi
    rm -rf "$WORK"
}
trap stop EXIT
sudo -u postgres "$PG_BIN/initdb" -D "$WORK/data" -A trust --auth-host=scram-sha-256 -U postgres --no-sync >/dev/null
cat >> "$WORK/data/postgresql.conf" <<EOF
shared_preload_libraries = 'officeauto'
listen_addresses = '127.0.0.1'
fsync = off
# Room for a verification that lasts seconds: the window in which the backend dies.
officeauto.password_max_iterations = 100
EOF
if ! unshare --pid --fork true 2>/dev/null; then
    for i in $(seq 1 10); do echo "ok $i # skip no PID namespaces here (unshare --pid)"; done
    exit 0
fi
unshare --pid --fork setpriv --reuid=postgres --regid=postgres --init-groups \
    "$PG_BIN/postgres" -D "$WORK/data" -k "$WORK" -p "$PORT" > "$WORK/server.log" 2>&1 &
export PGHOST=$WORK PGPORT=$PORT DB=helper_exit
for _ in $(seq 1 100); do psql -X -q -d postgres -c "SELECT 1" >/dev/null 2>&1 && break; sleep 0.1; done
psql -X -q -d postgres -c "CREATE DATABASE helper_exit" >/dev/null
APP_PW=$(new_key_hex)
q "CREATE EXTENSION officeauto; CREATE ROLE oa_hx_app LOGIN PASSWORD '$APP_PW' IN ROLE officeauto_app" >/dev/null
# A verification that takes seconds: the window for the FATAL.
SLOW=$(q "SELECT officeauto.hash_password('a long enough password')" | sed 's/m=19456,t=2/m=65536,t=80/')
START=$(q "SELECT pg_postmaster_start_time()")
helpers() { ps -eo comm= | grep -c '^oa pw helper$' || true; }

# 1. pg_terminate_backend() of a backend inside verify_password.
psql -X -q -At -d "$DB" -c "SELECT 'bystander', pg_sleep(6)" > "$WORK/bystander.out" 2>&1 &
BYSTANDER=$!
PGPASSWORD=$APP_PW psql -X -q -At "host=127.0.0.1 port=$PORT dbname=$DB user=oa_hx_app" \
    -c "SELECT officeauto.verify_password('guess', '$SLOW')" > /dev/null 2>&1 &
VICTIM=$!
for _ in $(seq 1 50); do
    pid=$(q "SELECT pid FROM pg_stat_activity WHERE query LIKE '%verify_password%' AND pid <> pg_backend_pid()")
    [ -n "$pid" ] && break; sleep 0.1
done
sleep 0.3
check "a backend inside verify_password is hashing in its helper" "$(helpers)" "1"
q "SELECT pg_terminate_backend($pid)" >/dev/null
wait $VICTIM 2>/dev/null
sleep 1
check "terminated mid-hash: no helper left behind" "$(helpers)" "0"

# 2. A client that goes away mid-hash, noticed through client_connection_check_interval.
PGPASSWORD=$APP_PW timeout -s KILL 0.6 psql -X -q -At \
    "host=127.0.0.1 port=$PORT dbname=$DB user=oa_hx_app options='-c client_connection_check_interval=20ms'" \
    -c "SELECT officeauto.verify_password('guess', '$SLOW')" > /dev/null 2>&1
sleep 2
check "client gone mid-hash: no helper left behind" "$(helpers)" "0"
wait $BYSTANDER
check "a bystander session running meanwhile finished normally" "$(cat "$WORK/bystander.out")" "bystander|"
check "the postmaster never restarted the cluster" "$(q "SELECT pg_postmaster_start_time()")" "$START"
check "the server log shows no crashed process or reinitialization" \
      "$(grep -cE 'terminated by signal|exited with exit code|reinitializing' "$WORK/server.log")" "0"

# 3. A helper killed while idle (say by the OOM killer): the next request gets a new one.
coproc APPSESSION { PGPASSWORD=$APP_PW psql -X -q -At "host=127.0.0.1 port=$PORT dbname=$DB user=oa_hx_app" 2>&1; }
HASH=$(q "SELECT officeauto.hash_password('another long password')")
ask() { echo "$1" >&"${APPSESSION[1]}"; read -r -t 30 line <&"${APPSESSION[0]}"; echo "$line"; }
BACKEND=$(ask "SELECT pg_backend_pid();")
ask "SELECT officeauto.verify_password('another long password', '$HASH');" >/dev/null
helper=$(ps -eo pid=,ppid=,comm= | awk -v b="$BACKEND" '$2 == b && $3 == "oa" {print $1}')
kill -9 "$helper" 2>/dev/null
sleep 0.2
check "with its helper killed while idle, the next verification answers" \
      "$(ask "SELECT officeauto.verify_password('another long password', '$HASH');")" "t"
check "... and the killed helper was reaped (no zombie child of the backend)" \
      "$(ps -eo ppid=,stat= | awk -v b="$BACKEND" '$1 == b && $2 ~ /^Z/' | wc -l)" "0"
# A helper that retires after 10 s idle is reaped by the backend's next transaction: an idle
# pooled connection keeps no zombie.
sleep 11
ask "SELECT 1;" >/dev/null
check "a helper retired while idle is reaped by the next transaction (no zombie)" \
      "$(ps -eo ppid=,stat= | awk -v b="$BACKEND" '$1 == b' | wc -l)" "0"
echo '\q' >&"${APPSESSION[1]}"
check "still no crash recovery at the end" "$(grep -c 'reinitializing' "$WORK/server.log")" "0"
exit $fail
