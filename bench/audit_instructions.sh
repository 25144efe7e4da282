#!/usr/bin/env bash
# Instructions the audit adds to an OLTP transaction, counted by callgrind: repeatable on a
# busy machine, where bench/audit.sh's tps figures are not. The transaction is bench/audit.sh's
# OLTP one (a one-row INSERT, then an UPDATE of that row), on the same table audited by
# officeauto and unaudited.
#
# Each count is a single-user backend (postgres --single, under valgrind) running warm-up
# transactions and then N1 or N2 of them, from a fresh copy of one data directory. The cost of
# one transaction is (count(N2) - count(N1)) / (N2 - N1), minus the shutdown checkpoint: start-up,
# warm-up and caches filling cancel out. The callgrind files are kept for callgrind_annotate.
#
# Not a test: it prints figures. Needs valgrind. Uses the extension installed in
# OFFICEAUTO_PG_BIN's tree (install a release build first: cargo pgrx install --release).
# Usage: bash bench/audit_instructions.sh [output directory]   Environment: N1 (100), N2 (400).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }
N1=${N1:-100}
N2=${N2:-400}
WARMUP=20
OUT=${1:-$(mktemp -d /tmp/officeauto-audit-instructions.XXXXXX)}
mkdir -p "${OUT}"
chown postgres "${OUT}"
# A socket in the output directory only; the port just names it.
PORT=${OFFICEAUTO_TEST_PORT:-54397}

say "a data directory with the bench tables (${OUT}/pristine)"
rm -rf "${OUT}/pristine"
bench_initdb "${OUT}" "${OUT}/pristine" --no-sync
echo "port = ${PORT}" >> "${OUT}/pristine/postgresql.conf"
as_postgres "${PG_BIN}/pg_ctl" -D "${OUT}/pristine" -l "${OUT}/setup.log" -w start >/dev/null
as_postgres "${PG_BIN}/psql" -X -q -h "${OUT}" -p "${PORT}" -d postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE bench"
as_postgres "${PG_BIN}/psql" -X -q -h "${OUT}" -p "${PORT}" -d bench -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION officeauto;
SELECT officeauto.create_audit_partitions(1);
CREATE TABLE oltp_none (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, organization_id bigint,
                        name text, qty int, price numeric(12,2), tags text[], notes text, updated_at timestamptz);
CREATE TABLE oltp_officeauto (LIKE oltp_none INCLUDING ALL);
SELECT officeauto.enable_audit('oltp_officeauto');
SQL
as_postgres "${PG_BIN}/pg_ctl" -D "${OUT}/pristine" -m fast -w stop >/dev/null

# count TABLE N: instructions of a backend running WARMUP + N transactions on TABLE, without
# its shutdown checkpoint.
count() {
    local table=$1 n=$2 run="${OUT}/run-$1-$2" i total checkpoint
    rm -rf "${run}"
    cp -a "${OUT}/pristine" "${run}"
    {
        echo "PREPARE ins(int) AS INSERT INTO ${table} (organization_id, name, qty, price, tags, notes, updated_at) VALUES (1, 'item', \$1, 1.25, ARRAY['a', 'b'], 'a note of some forty characters or so...', now())"
        echo "PREPARE upd(bigint) AS UPDATE ${table} SET qty = qty + 1, updated_at = now() WHERE id = \$1"
        # Identity values start at 1, so transaction i updates row i.
        for i in $(seq 1 $((WARMUP + n))); do
            printf 'BEGIN\nEXECUTE ins(%d)\nEXECUTE upd(%d)\nCOMMIT\n' $((i % 100 + 1)) "$i"
        done
    } > "${run}.sql"
    chown -R postgres "${run}" "${run}.sql"
    as_postgres valgrind --tool=callgrind --callgrind-out-file="${OUT}/callgrind-${table}-${n}.out" \
        "${PG_BIN}/postgres" --single -D "${run}" -c fsync=off bench < "${run}.sql" > "${run}.log" 2>&1
    if grep -q ERROR "${run}.log"; then grep -m3 ERROR "${run}.log" >&2; exit 1; fi
    rm -rf "${run}" "${run}.sql"
    total=$(awk '/^totals:/ {print $2}' "${OUT}/callgrind-${table}-${n}.out")
    checkpoint=$(callgrind_annotate --inclusive=yes --threshold=100 "${OUT}/callgrind-${table}-${n}.out" 2>/dev/null \
                 | awk '/:ShutdownXLOG / {gsub(",", "", $1); print $1; exit}')
    echo $((total - ${checkpoint:-0}))
}

say "callgrind: ${N1} and ${N2} transactions per table"
declare -A per_txn
for table in oltp_none oltp_officeauto; do
    a=$(count "${table}" "${N1}")
    b=$(count "${table}" "${N2}")
    per_txn[${table}]=$(( (b - a) / (N2 - N1) ))
done
echo
printf '%-28s %12s\n' "instructions per transaction" ""
printf '%-28s %12d\n' "unaudited" "${per_txn[oltp_none]}"
printf '%-28s %12d\n' "audited by officeauto" "${per_txn[oltp_officeauto]}"
printf '%-28s %12d\n' "the audit's share" $((per_txn[oltp_officeauto] - per_txn[oltp_none]))
echo "callgrind files: ${OUT} (callgrind_annotate --inclusive=yes FILE)"
