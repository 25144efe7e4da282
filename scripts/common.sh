# Shared settings for officeauto's scripts. Sourced, not run.
# shellcheck shell=bash
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_MAJOR=15
# OFFICEAUTO_PG_BIN points the scripts at another PostgreSQL 15 tree (a private copy for
# parallel development); CI and the README commands use Debian's.
PG_BIN="${OFFICEAUTO_PG_BIN:-/usr/lib/postgresql/${PG_MAJOR}/bin}"
PG_CONFIG="${PG_BIN}/pg_config"
PGRX_VERSION=0.18.0
export PATH="${HOME}/.cargo/bin:${PATH}"

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# Runs a command as the postgres OS user (PostgreSQL refuses to run as root).
as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"; else sudo -u postgres -- "$@"; fi
}

# Port of the Debian cluster ${PG_MAJOR}/main (the demo's).
main_cluster_port() {
    pg_lsclusters -h | awk -v v="${PG_MAJOR}" '$1 == v && $2 == "main" {print $3}'
}

# psql as postgres against the cluster on ${PORT}, stopping at the first error.
psql_main() { as_postgres psql -X -q -p "${PORT}" -v ON_ERROR_STOP=1 "$@"; }

# 32 random bytes as 64 hex digits: the format of officeauto's key files.
new_key_hex() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
