# Shared settings for officeauto's scripts. Sourced, not run.
# shellcheck shell=bash
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_MAJOR=15
PG_BIN="/usr/lib/postgresql/${PG_MAJOR}/bin"
PG_CONFIG="${PG_BIN}/pg_config"
PGRX_VERSION=0.18.0
export PATH="${HOME}/.cargo/bin:${PATH}"

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# Runs a command as the postgres OS user (PostgreSQL refuses to run as root).
as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"; else sudo -u postgres -- "$@"; fi
}
