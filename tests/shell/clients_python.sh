#!/usr/bin/env bash
# examples/python (psycopg 3 with psycopg_pool) through PgBouncer in transaction mode: eight
# concurrent users on two server connections, the whole flow of an application, and proof that
# no context, address or setting crosses from one request to another (tests/lib/clients.sh).
source "$(dirname "$0")/../lib/tap.sh"
source "$(dirname "$0")/../lib/clients.sh"
echo "1..19"
ROOT=${OFFICEAUTO_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
[ -x "${ROOT}/.venv/bin/python" ] || { echo "Bail out! .venv (psycopg) missing: run scripts/setup.sh"; exit 1; }
command -v pgbouncer >/dev/null || { echo "Bail out! pgbouncer missing: run scripts/setup.sh"; exit 1; }
client_test python "${ROOT}/.venv/bin/python" "${ROOT}/examples/python/demo.py"
exit "$fail"
