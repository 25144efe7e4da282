#!/usr/bin/env bash
# examples/node (node-postgres Pool) through PgBouncer in transaction mode: eight concurrent
# users on two server connections, the whole flow of an application, and proof that no
# context, address or setting crosses from one request to another (tests/lib/clients.sh).
source "$(dirname "$0")/../lib/tap.sh"
source "$(dirname "$0")/../lib/clients.sh"
echo "1..19"
ROOT=${OFFICEAUTO_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
[ -d "${ROOT}/examples/node/node_modules/pg" ] || { echo "Bail out! examples/node/node_modules (pg) missing: run scripts/setup.sh"; exit 1; }
command -v pgbouncer >/dev/null || { echo "Bail out! pgbouncer missing: run scripts/setup.sh"; exit 1; }
client_test node node "${ROOT}/examples/node/demo.js"
exit "$fail"
