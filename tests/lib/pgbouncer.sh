# PgBouncer in front of the test cluster, the way seed 004 deploys officeauto: transaction
# pooling, a small pool, clients authenticated with SCRAM over TCP. Sourced by the client
# tests after tests/lib/tap.sh; PgBouncer refuses to run as root, so it runs as postgres.
# shellcheck shell=bash

# pgbouncer_start ROLE...: starts PgBouncer on 127.0.0.1:$BOUNCER_PORT for database $DB, with
# pool_mode = transaction and default_pool_size = 2, accepting the given LOGIN roles with their
# passwords. The auth_file holds the roles' SCRAM secrets as the server stores them (never a
# password), which also lets PgBouncer log in to the server as the client did (SCRAM
# pass-through). Stops it again when the calling script exits.
pgbouncer_start() {
    BOUNCER_PORT=${OFFICEAUTO_BOUNCER_PORT:-$((PGPORT + 1000))}
    BOUNCER_DIR=$(mktemp -d /tmp/officeauto-pgbouncer.XXXXXX)
    local roles
    roles=$(printf "'%s'," "$@")
    q "SELECT format('\"%s\" \"%s\"', rolname, rolpassword) FROM pg_authid
        WHERE rolname IN (${roles%,}) AND rolpassword LIKE 'SCRAM-SHA-256\$%'" > "${BOUNCER_DIR}/userlist.txt"
    cat > "${BOUNCER_DIR}/pgbouncer.ini" <<EOF
[databases]
${DB} = host=127.0.0.1 port=${PGPORT} dbname=${DB}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${BOUNCER_PORT}
unix_socket_dir =
auth_type = scram-sha-256
auth_file = ${BOUNCER_DIR}/userlist.txt
pool_mode = transaction
default_pool_size = 2
min_pool_size = 0
reserve_pool_size = 0
max_client_conn = 100
server_lifetime = 3600
pidfile = ${BOUNCER_DIR}/pgbouncer.pid
logfile = ${BOUNCER_DIR}/pgbouncer.log
EOF
    chown -R postgres "${BOUNCER_DIR}"
    chmod 600 "${BOUNCER_DIR}/userlist.txt"
    trap pgbouncer_stop EXIT
    sudo -u postgres -- pgbouncer -d -q "${BOUNCER_DIR}/pgbouncer.ini" ||
        { echo "Bail out! pgbouncer did not start"; cat "${BOUNCER_DIR}/pgbouncer.log" 2>/dev/null; exit 1; }
    local i
    for i in $(seq 50); do
        [ -s "${BOUNCER_DIR}/pgbouncer.pid" ] && "${PG_BIN:-/usr/lib/postgresql/15/bin}/pg_isready" -q -h 127.0.0.1 -p "${BOUNCER_PORT}" && return 0
        sleep 0.1
    done
    echo "Bail out! pgbouncer is not accepting connections on ${BOUNCER_PORT}"
    exit 1
}

# pgbouncer_stop: stops the PgBouncer pgbouncer_start started (by its pid file) and removes its
# directory. Its log is printed as TAP comments when the script failed.
pgbouncer_stop() {
    [ -n "${BOUNCER_DIR:-}" ] || return 0
    if [ -s "${BOUNCER_DIR}/pgbouncer.pid" ]; then
        local pid
        pid=$(cat "${BOUNCER_DIR}/pgbouncer.pid")
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    if [ "${fail:-0}" != 0 ]; then sed 's/^/# pgbouncer: /' "${BOUNCER_DIR}/pgbouncer.log" 2>/dev/null | tail -30; fi
    rm -rf "${BOUNCER_DIR}"
    BOUNCER_DIR=
}

# bouncer_app SQL: SQL as the application role $APP through PgBouncer (autocommit).
bouncer_app() {
    PGPASSWORD="$APP_PW" psql -X -q -At -h 127.0.0.1 -p "${BOUNCER_PORT}" -U "$APP" -d "$DB" \
        -v VERBOSITY=verbose -c "$1" 2>&1
}
