#!/usr/bin/env bash
# One command for every hot path of issue 14, each against its peer or ceiling in the same run,
# printed as one table: hot path | peer or ceiling | officeauto | ratio | target | met/missed,
# with the machine (cores, CPU, PostgreSQL version) and the load average before and after.
#
# It runs the per-area scripts, which hold the measuring code and print their own, more detailed
# tables (kept in a log directory named at the end):
#   - bench/credentials.sh: encrypt/decrypt with the server key against pgp_sym_encrypt /
#     pgp_sym_decrypt with pgcrypto's default s2k;
#   - bench/identity.sh: validate_session / authenticate against a PL/pgSQL validator and one
#     indexed SQL lookup, authenticate + the first permission check, argon2id verification
#     against the argon2 crate called directly, legacy bcrypt against pgcrypto's crypt(), login()
#     with 4 clients against the machine's cores divided by one verification;
#   - bench/audit.sh: OLTP (pgbench, 2 clients, a one-row INSERT then UPDATE per transaction)
#     against the same table unaudited, bulk INSERT and UPDATE of 100,000 rows against a
#     re-creation of supa_audit 0.3.1.
#
# Not a test: it prints figures, and fails only when a figure is missing (a script broke).
# Usage: bash bench/run.sh
# Environment:
#   QUICK=1           fewer rows, seconds and runs: a smoke run of a few minutes whose figures
#                     are not for quoting (the README quotes the full mode, about 7 minutes);
#   PGPORT (PGHOST)   measure that cluster (the extension installed, preloaded, with a master key
#                     file) instead of a throw-away one; without PGPORT the script installs the
#                     extension from a release build into OFFICEAUTO_PG_BIN's tree (default
#                     Debian's PostgreSQL 15) and starts a private preloaded cluster (fsync on)
#                     for the run; OFFICEAUTO_BENCH_PORT sets its port (54398);
#   REPEAT, OLTP_SECONDS, VERIFICATIONS, LOGIN_SECONDS override the per-area defaults.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

if [ "${QUICK:-0}" = 1 ]; then
    MODE="quick (QUICK=1: smoke figures, not for quoting)"
    SESSIONS=2000 CREDENTIALS=2000 ROWS=10000
    export REPEAT=${REPEAT:-1} OLTP_SECONDS=${OLTP_SECONDS:-3} VERIFICATIONS=${VERIFICATIONS:-5} LOGIN_SECONDS=${LOGIN_SECONDS:-5}
else
    MODE=full
    SESSIONS=20000 CREDENTIALS=20000 ROWS=100000
    export REPEAT=${REPEAT:-5} OLTP_SECONDS=${OLTP_SECONDS:-10} VERIFICATIONS=${VERIFICATIONS:-20} LOGIN_SECONDS=${LOGIN_SECONDS:-20}
fi
STARTED=${SECONDS}
LOAD_BEFORE=$(bench_load)

if [ -z "${PGPORT:-}" ]; then
    bench_private_cluster
    SERVER="release build in a throw-away preloaded cluster (fsync on)"
else
    SERVER="the cluster at ${PGHOST:-the default socket}:${PGPORT}, as installed there"
fi
bench_connect
LOGS=$(mktemp -d /tmp/officeauto-bench-run.XXXXXX)
export BENCH_RESULTS="${LOGS}/results.tsv"
: > "${BENCH_RESULTS}"

area() { # name script args...: runs one per-area script, its output kept in ${LOGS}/name.log
    local name=$1 t0=${SECONDS}; shift
    say "${name}: bash bench/$*"
    if ! bash "${ROOT}/bench/$@" > "${LOGS}/${name}.log" 2>&1; then
        tail -n 30 "${LOGS}/${name}.log" >&2
        echo "bench/$1 failed; its output: ${LOGS}/${name}.log" >&2
        exit 1
    fi
    echo "   ${name} done in $((SECONDS - t0)) s"
}
area credentials credentials.sh "${CREDENTIALS}"
area identity identity.sh "${SESSIONS}"
area audit audit.sh "${ROWS}"
LOAD_AFTER=$(bench_load)

# One row per comparison: hot path | peer label | peer key | officeauto key | unit | kind | target
# | target text | ratio text [| key of a precomputed ratio]. kind "speed": the ratio is
# officeauto's speed over the peer's (peer time / officeauto time, or officeauto rate / peer
# rate), met when at least the target; "time": officeauto's time over the peer's, met when at
# most the target; "info": no target, the time ratio; "share": no target, the rate ratio. audit.sh's ratios are the median of each run's own ratio.
ROWS_SPEC="$(cat <<EOF
validate_session, valid token (read-only path)|PL/pgSQL validator|identity.plpgsql|identity.validate|µs|speed|3|≥ 3x faster|x faster
validate_session, valid token (read-only path)|ceiling: one indexed SQL lookup of the digest joined to users|identity.lookup|identity.validate|µs|time|1.5|≤ 1.5x the lookup|x the lookup
authenticate (read-only path)|PL/pgSQL validator|identity.plpgsql|identity.authenticate|µs|speed|3|≥ 3x faster|x faster
authenticate (read-only path)|ceiling: one indexed SQL lookup|identity.lookup|identity.authenticate|µs|time|1.5|≤ 1.5x the lookup|x the lookup
authenticate + permission check, later requests (grants kept)|PL/pgSQL validator + permission query|identity.plpgsql_authz_kept|identity.authz_kept|µs|speed|3|≥ 3x faster|x faster
authenticate + permission check, later requests (grants kept)|ceiling: one indexed SQL lookup (no permission check)|identity.lookup|identity.authz_kept|µs|time|1.5|≤ 1.5x the lookup|x the lookup
authenticate + permission check, a user's first request in the backend|PL/pgSQL validator + permission query|identity.plpgsql_authz|identity.authz|µs|info||none set|x its time
audit OLTP: one-row INSERT then UPDATE per transaction, 2 clients|same table unaudited|audit.oltp_tps.none|audit.oltp_tps.officeauto|tps|speed|0.85|≥ 0.85 of unaudited| of unaudited|audit.oltp_tps.speed
audit bulk INSERT, ${ROWS} rows|supa_audit 0.3.1 re-creation|audit.bulk_insert.supa_audit|audit.bulk_insert.officeauto|ms|speed|2.5|≥ 2.5x faster|x faster|audit.bulk_insert.speed
audit bulk UPDATE, ${ROWS} rows|supa_audit 0.3.1 re-creation|audit.bulk_update.supa_audit|audit.bulk_update.officeauto|ms|speed|2.5|≥ 2.5x faster|x faster|audit.bulk_update.speed
legacy bcrypt verify, cost 10|pgcrypto crypt()|identity.pgcrypto_check|identity.bcrypt|µs|time|1.05|≤ 1.05x pgcrypto|x pgcrypto
argon2id verify, default cost|argon2 crate called directly, same hash|identity.argon2_direct|identity.argon2|µs|time|1.05|≤ 1.05x the crate|x the crate
login(), 4 clients, argon2id default cost|ceiling: $(nproc) cores / one verification|identity.login_ceiling_per_s|identity.login_per_s|logins/s|speed|0.85|≥ 0.85 of the ceiling| of the ceiling
(for the login row) the argon2 crate alone, $(nproc) processes at once|its own ceiling: $(nproc) cores / one crate verification|identity.argon2_direct_ceiling_per_s|identity.argon2_parallel_per_s|verifications/s|share||none: what the cores give together| of its ceiling
credential encrypt, server key|pgp_sym_encrypt, default s2k|credentials.pgp_encrypt|credentials.encrypt|µs|speed|75|≥ 75x faster|x faster
credential decrypt, server key|pgp_sym_decrypt, default s2k|credentials.pgp_decrypt|credentials.decrypt|µs|speed|75|≥ 75x faster|x faster
EOF
)"

echo
echo "officeauto hot paths against their peers and ceilings (issue 14); mode: ${MODE}"
echo "machine: $(bench_machine)"
echo "officeauto: $(git -C "${ROOT}" describe --always --dirty 2>/dev/null || echo 'source without git'), ${SERVER}"
echo "load average (1, 5, 15 min) before: ${LOAD_BEFORE}; after: ${LOAD_AFTER}; run took $(((SECONDS - STARTED) / 60)) min $(((SECONDS - STARTED) % 60)) s"
echo "sizes: ${SESSIONS} sessions; ${VERIFICATIONS} verifications per password figure (best of 3); login ${LOGIN_SECONDS} s;" \
     "audit ${ROWS} rows and OLTP ${OLTP_SECONDS} s, median of ${REPEAT} run(s); ${CREDENTIALS} credential values (best of 3)"
echo
MISSING=0
awk -F'|' -v results="${BENCH_RESULTS}" '
    BEGIN { while ((getline line < results) > 0) { split(line, kv, "\t"); v[kv[1]] = kv[2] }
            print "| hot path | peer or ceiling | officeauto | ratio | target | result |"
            print "| --- | --- | --- | --- | --- | --- |" }
    function fig(x, unit) {
        if (unit == "µs") return sprintf(x >= 1000 ? "%.0f µs" : "%.2f µs", x)
        if (unit == "ms") return sprintf("%.1f ms", x)
        if (unit == "tps") return sprintf("%.0f tps", x)
        return sprintf("%.1f %s", x, unit)
    }
    {
        label = $1; peer = $2; pk = $3; ok = $4; unit = $5; kind = $6; target = $7; ttext = $8; rtext = $9; rk = $10
        if (!(pk in v) || !(ok in v) || (rk != "" && !(rk in v)) || v[ok] + 0 == 0) {
            printf "| %s | %s | no figure | | %s | NO FIGURE |\n", label, peer, ttext; missing++; next
        }
        if (rk != "") r = v[rk]
        else if (kind == "time" || kind == "info") r = v[ok] / v[pk]
        else if (kind == "share") r = v[ok] / v[pk]
        else if (unit == "µs" || unit == "ms") r = v[pk] / v[ok]
        else r = v[ok] / v[pk]
        r = sprintf("%.2f", r)
        if (kind == "info" || kind == "share") result = "(no target)"
        else if (kind == "time") result = (r + 0 <= target + 0) ? "met" : "MISSED"
        else result = (r + 0 >= target + 0) ? "met" : "MISSED"
        printf "| %s | %s %s | %s | %s%s | %s | %s |\n", label, peer, fig(v[pk], unit), fig(v[ok], unit), r, rtext, ttext, result
    }
    END { exit missing > 0 }' <<< "${ROWS_SPEC}" || MISSING=1
echo
echo "per-area tables and logs: ${LOGS}"
if [ "${MISSING}" = 1 ]; then
    echo "some figures are missing: see the per-area logs named above" >&2
    exit 1
fi
