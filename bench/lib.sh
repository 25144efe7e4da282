# Shared parts of the benchmark scripts (bench/*.sh). Sourced, not run.
# shellcheck shell=bash
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"

# Commands run when the script exits, last registered first (one EXIT trap for all of them).
BENCH_ON_EXIT=()
bench_on_exit() {
    BENCH_ON_EXIT=("$1" "${BENCH_ON_EXIT[@]}")
    trap 'for c in "${BENCH_ON_EXIT[@]}"; do eval "$c" || true; done' EXIT
}

# The server to measure: PGHOST/PGPORT when set, else the demo cluster (scripts/demo.sh).
# Sets PORT and HOST_ARGS for bpsql and bpgbench.
bench_connect() {
    PORT=${PGPORT:-$(main_cluster_port)}
    HOST_ARGS=()
    if [ -n "${PGHOST:-}" ]; then HOST_ARGS=(-h "${PGHOST}"); fi
}
# psql and pgbench of ${PG_BIN}, as postgres, against that server.
bpsql() { as_postgres "${PG_BIN}/psql" -X -q "${HOST_ARGS[@]}" -p "${PORT}" -v ON_ERROR_STOP=1 "$@"; }
bpgbench() { as_postgres "${PG_BIN}/pgbench" "${HOST_ARGS[@]}" -p "${PORT}" "$@"; }

# A fresh database holding the extension (and the peers' extensions given as arguments).
bench_fresh_db() {
    local db=$1 ext; shift
    bpsql -d postgres -c "DROP DATABASE IF EXISTS ${db} WITH (FORCE)" -c "CREATE DATABASE ${db}"
    bpsql -d "${db}" -c "CREATE EXTENSION officeauto"
    for ext in "$@"; do bpsql -d "${db}" -c "CREATE EXTENSION \"${ext}\""; done
}

# Figures for bench/run.sh's table: "key<TAB>value" lines appended to ${BENCH_RESULTS} when it
# is set (the per-area scripts print their own tables either way). bench_results_from reads
# such lines from a query's output (two columns: key, value).
bench_result() {
    if [ -n "${BENCH_RESULTS:-}" ]; then printf '%s\t%s\n' "$1" "$2" >> "${BENCH_RESULTS}"; fi
}
bench_results_from() { # database query
    if [ -n "${BENCH_RESULTS:-}" ]; then bpsql -d "$1" -At -F $'\t' -c "$2" >> "${BENCH_RESULTS}"; fi
}

# One line describing the machine and server: cores, CPU model, PostgreSQL version.
bench_machine() {
    local cpu
    cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
    printf '%s cores (%s), %s\n' "$(nproc)" "${cpu:-unknown CPU}" \
        "$(bpsql -d postgres -At -c "SELECT split_part(version(), ',', 1)")"
}
bench_load() { cut -d' ' -f1-3 /proc/loadavg; }

# A data directory DATA for a benchmark cluster whose socket and master key file live in DIR:
# the extension preloaded, default settings otherwise. Further arguments go to initdb.
bench_initdb() {
    local dir=$1 data=$2
    shift 2
    as_postgres "${PG_BIN}/initdb" -D "${data}" --auth-local=trust -U postgres "$@" >/dev/null
    new_key_hex > "${dir}/master.key"
    chown postgres "${dir}/master.key"
    chmod 600 "${dir}/master.key"
    cat >> "${data}/postgresql.conf" <<CONF
officeauto.master_key_file = '${dir}/master.key'
shared_preload_libraries = 'officeauto'
listen_addresses = ''
unix_socket_directories = '${dir}'
CONF
}

# A throw-away cluster for one benchmark run: the extension installed from a release build
# into ${PG_BIN}'s tree, preloaded (failed logins go through the bookkeeping workers, as in
# production), a master key file for credentials, default settings otherwise (fsync on), Unix
# socket in a private directory only, stopped and removed on exit. Exports PGHOST and PGPORT.
bench_private_cluster() {
    say "installing officeauto from a release build into $("${PG_CONFIG}" --pkglibdir)"
    (cd "${ROOT}" && cargo pgrx install --release --pg-config "${PG_CONFIG}")
    local dir
    dir=$(mktemp -d /tmp/officeauto-bench-cluster.XXXXXX)
    chown postgres "${dir}"
    bench_on_exit "as_postgres '${PG_BIN}/pg_ctl' -D '${dir}/data' -m immediate stop >/dev/null 2>&1; rm -rf '${dir}'"
    say "starting a private cluster in ${dir}"
    bench_initdb "${dir}" "${dir}/data"
    export PGHOST="${dir}"
    export PGPORT="${OFFICEAUTO_BENCH_PORT:-54398}"
    as_postgres "${PG_BIN}/pg_ctl" -D "${dir}/data" -l "${dir}/server.log" -o "-p ${PGPORT}" -w start >/dev/null
}
