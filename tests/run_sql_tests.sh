#!/usr/bin/env bash
# Client-level tests: installs the extension into the system PostgreSQL ${PG_MAJOR}, starts a
# throw-away cluster on a private socket, and runs
#   - tests/sql/*.sql   pgTAP files (pg_prove), each in its own transaction, against a
#                       database holding the extension and the demo's sample data;
#   - tests/shell/*.sh  TAP scripts for what needs several databases or connections
#                       (fresh-database smoke test, dump/restore).
source "$(dirname "$0")/../scripts/common.sh"

(cd "${ROOT}" && cargo pgrx install --pg-config "${PG_CONFIG}")

WORK=$(mktemp -d /tmp/officeauto-sqltest.XXXXXX)
chown postgres "${WORK}"
export PGHOST="${WORK}"
export PGPORT="${OFFICEAUTO_TEST_PORT:-54329}"
export PGUSER=postgres
export PGDATABASE=officeauto_test
stop_cluster() {
    as_postgres "${PG_BIN}/pg_ctl" -D "${WORK}/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "${WORK}"
}
trap stop_cluster EXIT

# Local sockets trust (the test driver is the DBA); TCP asks for passwords, as production does:
# the attack tests connect as application LOGIN roles over 127.0.0.1 with scram-sha-256.
as_postgres "${PG_BIN}/initdb" -D "${WORK}/data" --auth-local=trust --auth-host=scram-sha-256 -U postgres --no-sync >/dev/null
# The server-held master key for credential encryption, as a DBA would configure it: a file
# readable by the server only, named in postgresql.conf (the key itself never appears in SQL).
new_key_hex > "${WORK}/master.key"
chown postgres "${WORK}/master.key"
chmod 600 "${WORK}/master.key"
echo "officeauto.master_key_file = '${WORK}/master.key'" >> "${WORK}/data/postgresql.conf"
# As recommended for production: preloaded, so failed logins go through the shared-memory
# queue and its static workers (tests/shell/bookkeeping.sh also covers an install without).
echo "shared_preload_libraries = 'officeauto'" >> "${WORK}/data/postgresql.conf"
as_postgres "${PG_BIN}/pg_ctl" -D "${WORK}/data" -l "${WORK}/server.log" -w \
    -o "-k ${WORK} -p ${PGPORT} -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null

psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE ${PGDATABASE}"
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION officeauto" -c "CREATE EXTENSION pgtap"
psql -X -q -v ON_ERROR_STOP=1 < "${ROOT}/sample/sample_data.sql"

export OFFICEAUTO_ROOT="${ROOT}" PG_BIN
export OFFICEAUTO_SERVER_LOG="${WORK}/server.log" OFFICEAUTO_MASTER_KEY_FILE="${WORK}/master.key"
export OFFICEAUTO_PGDATA="${WORK}/data"
rc=0
# OFFICEAUTO_TESTS="tests/sql/x.sql tests/shell/y.sh" runs only those files (while developing);
# the README's test command runs everything.
if [ -n "${OFFICEAUTO_TESTS:-}" ]; then
    sqlfiles=() shfiles=()
    for f in ${OFFICEAUTO_TESTS}; do
        case "$f" in *.sql) sqlfiles+=("${ROOT}/$f") ;; *.sh) shfiles+=("${ROOT}/$f") ;; esac
    done
else
    sqlfiles=("${ROOT}"/tests/sql/*.sql) shfiles=("${ROOT}"/tests/shell/*.sh)
fi
[ "${#sqlfiles[@]}" -eq 0 ] || pg_prove -v --failures "${sqlfiles[@]}" || rc=1
[ "${#shfiles[@]}" -eq 0 ] || prove -v --exec bash "${shfiles[@]}" || rc=1
exit "$rc"
