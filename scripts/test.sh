#!/usr/bin/env bash
# README command 2: every test at every level. Prints how many tests ran and passed per level
# and exits non-zero when any level fails.
#
#   levels: fmt, clippy, core (cargo test), pgrx (#[pg_test] in a temporary cluster),
#           sql (pgTAP files + shell TAP tests against the installed extension in a temporary
#           cluster, connecting exactly as a client does),
#           package (the Debian package built, inspected, installed and used from a fresh
#           cluster; after sql, because installing it replaces the files sql tested).
source "$(dirname "$0")/common.sh"
cd "${ROOT}"

bash "${ROOT}/scripts/setup.sh"

declare -a LEVELS=() RAN=() PASSED=() STATUS=()
record() { LEVELS+=("$1"); RAN+=("$2"); PASSED+=("$3"); STATUS+=("$4"); }
LOGDIR=$(mktemp -d /tmp/officeauto-test-logs.XXXXXX)

# cargo's "test result: ok. N passed; M failed" lines, summed.
cargo_counts() {
    awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
         END { printf "%d %d\n", p + f, p }' "$1"
}
# TAP "ok N" / "not ok N" lines (pg_prove -v and prove -v print every one).
tap_counts() {
    awk '/^[[:space:]]*ok [0-9]+/ { p++ } /^[[:space:]]*not ok [0-9]+/ { f++ }
         END { printf "%d %d\n", p + f, p }' "$1"
}

say "fmt: cargo fmt --check"
if cargo fmt --all --check; then record fmt 1 1 ok; else record fmt 1 0 FAILED; fi

say "clippy: cargo clippy -D warnings"
if cargo clippy --workspace --all-targets -- -D warnings; then record clippy 1 1 ok; else record clippy 1 0 FAILED; fi

say "core: plain cargo test (no server)"
rc=0; cargo test -p officeauto-core 2>&1 | tee "${LOGDIR}/core.log" || rc=$?
read -r ran passed < <(cargo_counts "${LOGDIR}/core.log")
record core "$ran" "$passed" "$([ "$rc" -eq 0 ] && [ "$ran" -gt 0 ] && echo ok || echo FAILED)"

say "pgrx: cargo pgrx test pg${PG_MAJOR} (as postgres)"
PGRX_PGDATA=/tmp/officeauto-test-pgdata
rc=0; cargo pgrx test "pg${PG_MAJOR}" --runas postgres --pgdata "${PGRX_PGDATA}" 2>&1 | tee "${LOGDIR}/pgrx.log" || rc=$?
read -r ran passed < <(cargo_counts "${LOGDIR}/pgrx.log")
record pgrx "$ran" "$passed" "$([ "$rc" -eq 0 ] && [ "$ran" -gt 0 ] && echo ok || echo FAILED)"

say "sql: install the extension and run client-level tests"
rc=0; bash "${ROOT}/tests/run_sql_tests.sh" 2>&1 | tee "${LOGDIR}/sql.log" || rc=$?
read -r ran passed < <(tap_counts "${LOGDIR}/sql.log")
record sql "$ran" "$passed" "$([ "$rc" -eq 0 ] && [ "$ran" -gt 0 ] && [ "$ran" -eq "$passed" ] && echo ok || echo FAILED)"

say "package: build the Debian package, install it, CREATE EXTENSION from it"
rc=0; bash "${ROOT}/tests/run_package_test.sh" 2>&1 | tee "${LOGDIR}/package.log" || rc=$?
read -r ran passed < <(tap_counts "${LOGDIR}/package.log")
record package "$ran" "$passed" "$([ "$rc" -eq 0 ] && [ "$ran" -gt 0 ] && [ "$ran" -eq "$passed" ] && echo ok || echo FAILED)"

say "summary"
printf '%-8s %8s %8s  %s\n' level ran passed status
total_ran=0; total_passed=0; failed=0
for i in "${!LEVELS[@]}"; do
    printf '%-8s %8d %8d  %s\n' "${LEVELS[$i]}" "${RAN[$i]}" "${PASSED[$i]}" "${STATUS[$i]}"
    total_ran=$((total_ran + RAN[i])); total_passed=$((total_passed + PASSED[i]))
    [ "${STATUS[$i]}" = ok ] || failed=1
done
echo "logs: ${LOGDIR}"
echo "total: ${total_passed} passed, $((total_ran - total_passed)) failed"
exit "$failed"
