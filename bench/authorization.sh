#!/usr/bin/env bash
# Benchmark: what permission checks cost a read. An application LOGIN role (a member of
# officeauto_app) lists the tasks of a project over TCP the way a request does (BEGIN;
# authenticate(token); SELECT ...; COMMIT), under the full row-level security of
# sql/16_authorization.sql and under the organization-only policy that tasks had before it:
# tenant_isolation USING (organization_id = (SELECT officeauto._tenant())).
#
# The organization-only situation is a copy of tasks in the same database (officeauto.
# tasks_org_only: same rows in the same order, same indexes and statistics, row-level security
# forced, only that policy, the same grant to officeauto_app). Both listings then run in one
# pgbench connection, which picks one of the two scripts at random for every request, so the
# load of the machine (builds, other benchmarks) hits both alike. Alternating whole runs between
# two databases gave the same central figures but round-to-round ratios spread over +-15% here.
# Issue 12's target: full / organization-only <= 1.2x.
#
# Cases: a member (member role, active contributor of the project: PROJECT scope) and a manager
# (TASK READ GLOBAL), each listing all of the project's tasks and the first page (LIMIT 50 by due
# date); the same listings by a member of 100 projects, the listed one last in the array the
# policy searches row by row (the worst case); then one task by public_id, where only the fixed
# cost per request remains. Data: the project's tasks plus 100 soft-deleted ones, 108 other
# projects and tasks outside projects in the same organization, and two other organizations
# (about 90,000 tasks in all).
#
# Not a test: it prints figures. Usage: bash bench/authorization.sh [tasks] [seconds] [rounds]
#   tasks    tasks in the listed project (default 10000)
#   seconds  length of one pgbench run per case (default 10); rounds: runs per case (default 3)
# Runs against the demo cluster (run scripts/demo.sh first; where the demo cluster or the
# extension is missing, this script runs it); PGPORT may point elsewhere. The login connects to
# 127.0.0.1 with a password (scram-sha-256: Debian's default for TCP).
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
N=${1:-10000}
SECS=${2:-10}
ROUNDS=${3:-3}
DB=officeauto_bench_authz
LOGIN=officeauto_bench_app
PASSWORD=$(new_key_hex)

if [ -z "${PGPORT:-}" ]; then
    if ! pg_lsclusters -h 2>/dev/null | awk -v v="${PG_MAJOR}" '$1 == v && $2 == "main" && $4 == "online"' | grep -q . \
       || [ "$(as_postgres psql -X -At -p "$(main_cluster_port)" -d postgres \
                 -c "SELECT count(*) FROM pg_available_extensions WHERE name = 'officeauto'" 2>/dev/null)" != 1 ]; then
        say "the demo cluster or the extension is missing: running scripts/demo.sh"
        bash "${ROOT}/scripts/demo.sh"
    fi
fi
PORT=${PGPORT:-$(main_cluster_port)}
WORK=$(mktemp -d /tmp/officeauto-bench-authz.XXXXXX)
cleanup() {
    psql_main -d postgres -c "DROP DATABASE IF EXISTS ${DB} WITH (FORCE)" -c "DROP ROLE IF EXISTS ${LOGIN}" >/dev/null 2>&1 || true
    rm -rf "${WORK}"
}
trap cleanup EXIT

say "loading: a project with ${N} tasks, and noise"
psql_main -d postgres -c "DROP DATABASE IF EXISTS ${DB} WITH (FORCE)" -c "DROP ROLE IF EXISTS ${LOGIN}" \
          -c "CREATE DATABASE ${DB}" -c "CREATE ROLE ${LOGIN} LOGIN PASSWORD '${PASSWORD}' IN ROLE officeauto_app" >/dev/null
psql_main -d "${DB}" -c "CREATE EXTENSION officeauto" >/dev/null
psql_main -d "${DB}" <<SQL
SET officeauto.audit_log_noop_updates = off;
BEGIN;
SET LOCAL search_path = officeauto, pg_catalog;
-- The benchmark's organization and two others. 40 users each: the first became its
-- organization's owner, the others members (tg_user_default_role).
INSERT INTO organizations (name, slug) VALUES ('Bench', 'bench'), ('Noise One', 'noise-one'), ('Noise Two', 'noise-two');
INSERT INTO users (organization_id, username, email, full_name, password_hash)
SELECT o.id, o.slug || '-u' || g, o.slug || '-u' || g || '@bench.example', 'User ' || g, '!'
  FROM organizations o, generate_series(1, 40) g ORDER BY o.id, g;
-- bench-u2 stays a member (PROJECT scope); bench-u3 becomes a manager (TASK READ GLOBAL).
UPDATE user_roles ur SET role_id = (SELECT r.id FROM roles r WHERE r.organization_id = ur.organization_id AND r.name = 'manager')
 WHERE ur.user_id = (SELECT id FROM users WHERE username = 'bench-u3');
-- 99 smaller projects of the benchmark's organization come first (lower ids), then ten
-- projects per organization; BIG is the one listed.
INSERT INTO projects (organization_id, code, name, status, manager_id, created_by)
SELECT o.id, 'X' || g, 'Small project ' || g, 'active', u.id, u.id
  FROM organizations o JOIN users u ON u.organization_id = o.id AND u.username = o.slug || '-u1', generate_series(1, 99) g
 WHERE o.slug = 'bench';
INSERT INTO projects (organization_id, code, name, status, manager_id, created_by)
SELECT o.id, CASE WHEN o.slug = 'bench' AND g = 1 THEN 'BIG' ELSE 'P' || g END, 'Project ' || g, 'active', u.id, u.id
  FROM organizations o JOIN users u ON u.organization_id = o.id AND u.username = o.slug || '-u1', generate_series(1, 10) g;
-- Ten members per P project and BIG; bench-u2 is an active contributor of BIG and a viewer of
-- P2 only. bench-u13 is an active contributor of BIG and of the 99 X projects: 100 projects,
-- BIG the last in the sorted array _may_projects() gives the policy.
INSERT INTO project_members (organization_id, project_id, user_id, access_role_id)
SELECT p.organization_id, p.id, u.id,
       (SELECT id FROM access_role_reference WHERE code = CASE WHEN p.code = 'P2' THEN 'viewer' ELSE 'contributor' END)
  FROM projects p JOIN users u ON u.organization_id = p.organization_id
 WHERE (u.username ~ '-u(2|[4-9]|1[0-2])\$' AND p.code !~ '^X' AND (p.code IN ('BIG', 'P2') OR u.username !~ '-u2\$'))
    OR (u.username = 'bench-u13' AND (p.code = 'BIG' OR p.code ~ '^X'));
-- Tasks: BIG gets N live ones and 100 soft-deleted; the other P projects of the organization
-- 3,000 each, the X projects 100 each, other organizations' projects 2,000 each, and 2,000
-- outside projects per organization. Assignees and creators spread over the organization's users.
CREATE TEMP TABLE load_plan ON COMMIT DROP AS
SELECT p.organization_id, p.id AS project_id,
       CASE WHEN p.code = 'BIG' AND o.slug = 'bench' THEN ${N} + 100 WHEN p.code ~ '^X' THEN 100
            WHEN o.slug = 'bench' THEN 3000 ELSE 2000 END AS n,
       CASE WHEN p.code = 'BIG' AND o.slug = 'bench' THEN ${N} END AS live
  FROM projects p JOIN organizations o ON o.id = p.organization_id
UNION ALL SELECT id, NULL, 2000, NULL FROM organizations;
INSERT INTO tasks (organization_id, project_id, title, description, status, priority, start_date, due_date, completed_at,
                   assignee_id, created_by, estimated_hours, tags, deleted_at)
SELECT t.organization_id, t.project_id, 'Task ' || g || ' of ' || coalesce('project ' || t.project_id, 'no project'),
       'Do the work described in the specification, step ' || g || ', and report back.',
       s.status, (ARRAY['low', 'medium', 'high', 'urgent'])[1 + g % 4],
       current_date - 30 + g % 200, current_date - 30 + g % 200 + g % 17,
       CASE WHEN s.status = 'completed' THEN now() END,
       us.ids[1 + g % 40], us.ids[1 + (g * 7) % 40],
       (g % 16) * 0.5, CASE WHEN g % 5 = 0 THEN ARRAY['backend'] ELSE '{}' END,
       CASE WHEN g > t.live THEN now() END
  FROM load_plan t
  JOIN (SELECT organization_id, array_agg(id ORDER BY id) AS ids FROM users GROUP BY organization_id) us USING (organization_id),
       generate_series(1, t.n) g,
       LATERAL (SELECT (ARRAY['pending', 'in_progress', 'completed', 'on_hold', 'cancelled'])[1 + g % 5] AS status) s;
-- The organization-only situation: a copy of tasks with the policy tasks had before
-- sql/16_authorization.sql narrowed it (sql/01_conventions.sql's tenant_isolation).
CREATE TABLE tasks_org_only (LIKE tasks INCLUDING ALL);
INSERT INTO tasks_org_only OVERRIDING SYSTEM VALUE SELECT * FROM tasks ORDER BY id;
ALTER TABLE tasks_org_only ENABLE ROW LEVEL SECURITY;
ALTER TABLE tasks_org_only FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tasks_org_only TO officeauto_app
    USING (organization_id = (SELECT officeauto._tenant())) WITH CHECK (organization_id = (SELECT officeauto._tenant()));
GRANT SELECT ON tasks_org_only TO officeauto_app;
-- A live web session for each benchmarked user; the clients hold the tokens.
CREATE TABLE public.bench_tokens AS
SELECT u.id AS user_id, u.organization_id, u.username, officeauto._new_token() AS token
  FROM users u WHERE u.username IN ('bench-u2', 'bench-u3', 'bench-u13');
INSERT INTO user_sessions (organization_id, user_id, client_type, token_digest, expires_at)
SELECT organization_id, user_id, 'web', officeauto.token_digest(token), now() + interval '1 day' FROM public.bench_tokens;
COMMIT;
VACUUM ANALYZE;
\echo
\echo 'the two tables (pages, index pages, live tasks of the project):'
SELECT c.relname, c.relpages, (SELECT sum(i.relpages) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = c.oid) AS index_pages,
       (SELECT count(*) FROM officeauto.tasks t WHERE t.project_id = (SELECT p.id FROM officeauto.projects p JOIN officeauto.organizations o ON o.id = p.organization_id WHERE o.slug = 'bench' AND p.code = 'BIG') AND t.deleted_at IS NULL) AS listed
  FROM pg_class c WHERE c.oid IN ('officeauto.tasks'::regclass, 'officeauto.tasks_org_only'::regclass) ORDER BY 1;
SQL
MEMBER_TOKEN=$(psql_main -d "${DB}" -At -c "SELECT token FROM public.bench_tokens WHERE username = 'bench-u2'")
MANAGER_TOKEN=$(psql_main -d "${DB}" -At -c "SELECT token FROM public.bench_tokens WHERE username = 'bench-u3'")
MANY_TOKEN=$(psql_main -d "${DB}" -At -c "SELECT token FROM public.bench_tokens WHERE username = 'bench-u13'")
BIG=$(psql_main -d "${DB}" -At -c "SELECT p.id FROM officeauto.projects p JOIN officeauto.organizations o ON o.id = p.organization_id
                                    WHERE o.slug = 'bench' AND p.code = 'BIG'")
ONE=$(psql_main -d "${DB}" -At -c "SELECT public_id FROM officeauto.tasks WHERE project_id = ${BIG} ORDER BY id OFFSET $((N / 2)) LIMIT 1")

COLUMNS_LISTED="id, public_id, title, status, priority, due_date, assignee_id"
# Statement texts; TABLE becomes tasks or tasks_org_only.
declare -A QUERY=(
    [all]="SELECT ${COLUMNS_LISTED} FROM officeauto.TABLE WHERE project_id = ${BIG} AND deleted_at IS NULL ORDER BY due_date, id"
    [page]="SELECT ${COLUMNS_LISTED} FROM officeauto.TABLE WHERE project_id = ${BIG} AND deleted_at IS NULL ORDER BY due_date, id LIMIT 50"
    [one]="SELECT ${COLUMNS_LISTED} FROM officeauto.TABLE WHERE public_id = '${ONE}'")
declare -A TOKEN=([member]="${MEMBER_TOKEN}" [manager]="${MANAGER_TOKEN}" [many]="${MANY_TOKEN}")
declare -A TABLE=([full]=tasks [org]=tasks_org_only)
CASES=(member:all member:page manager:all manager:page many:all many:page member:one)
declare -A LABEL=([member:all]="member (PROJECT scope), all ${N} tasks"
                  [member:page]="member (PROJECT scope), first 50 by due date"
                  [manager:all]="manager (GLOBAL), all ${N} tasks"
                  [manager:page]="manager (GLOBAL), first 50 by due date"
                  [many:all]="member of 100 projects, all ${N} tasks"
                  [many:page]="member of 100 projects, first 50 by due date"
                  [member:one]="member, one task by public_id (not a listing)")
query() { local q=${QUERY[${1#*:}]}; echo "${q/TABLE/${TABLE[$2]}}"; }  # case policies
for c in "${CASES[@]}"; do
    for p in full org; do
        printf 'BEGIN;\nSELECT officeauto.authenticate('"'%s'"');\n%s;\nCOMMIT;\n' "${TOKEN[${c%%:*}]}" "$(query "$c" "$p")" \
            > "${WORK}/${c/:/-}.${p}.sql"
    done
done

login_psql() { PGPASSWORD="${PASSWORD}" "${PG_BIN}/psql" -X -q -h 127.0.0.1 -p "${PORT}" -U "${LOGIN}" -v ON_ERROR_STOP=1 -d "${DB}" "$@"; }
pgbench_run() { # case seconds [extra args]: the case's two scripts, chosen at random per request
    local c=$1 s=$2; shift 2
    PGPASSWORD="${PASSWORD}" "${PG_BIN}/pgbench" -n -c 1 -j 1 -h 127.0.0.1 -p "${PORT}" -U "${LOGIN}" \
        -f "${WORK}/${c/:/-}.full.sql" -f "${WORK}/${c/:/-}.org.sql" -T "${s}" "$@" "${DB}"
}

say "plans: EXPLAIN (ANALYZE, BUFFERS, VERBOSE) as the login, after 8 requests on the same connection"
# Key lines: the InitPlans, each with the function it evaluates once per statement (loops=1, or
# never executed when the OR no longer needs it; InitPlan 2's buffers are the permission load,
# once per transaction), the scan with the policy as its filter, and the times. The warm-up
# requests matter: the server plans the extension's prepared statements (session validation,
# permission load) afresh for their first five executions in a backend, which makes the first
# loads of a connection cost about 1 ms more.
for c in member:all member:page manager:page; do
    for p in full org; do
        echo
        echo "-- ${LABEL[$c]}, $([ "$p" = full ] && echo 'full policies' || echo 'organization-only policy')"
        login_psql <<SQL | sed -E 's/ +\(cost=[^)]*\)//' \
            | grep -E 'InitPlan|actual time|never executed|Output: officeauto\.|Filter:|Rows Removed|Index Cond|Sort Method|Buffers: shared|Execution Time' \
            | cut -c1-200
$(for _ in 1 2 3 4 5 6 7 8; do
    printf 'BEGIN;\nSELECT officeauto.authenticate(%s) \\g /dev/null\n%s \\g /dev/null\nCOMMIT;\n' "'${TOKEN[${c%%:*}]}'" "$(query "$c" "$p")"
done)
BEGIN;
SELECT officeauto.authenticate('${TOKEN[${c%%:*}]}') \g /dev/null
EXPLAIN (ANALYZE, BUFFERS, VERBOSE) $(query "$c" "$p");
COMMIT;
SQL
    done
done

say "timing: ${ROUNDS} runs of ${SECS} s per case, one connection, full and organization-only requests interleaved at random"
for c in "${CASES[@]}"; do pgbench_run "$c" 2 >/dev/null; done  # warm-up
for r in $(seq 1 "${ROUNDS}"); do
    for c in "${CASES[@]}"; do
        tag="${c/:/-}.${r}"
        pgbench_run "$c" "${SECS}" -r -l --log-prefix="${WORK}/log.${tag}" > "${WORK}/out.${tag}"
        # Latency of every request in ms, by script (0: full policies, 1: organization-only).
        cat "${WORK}"/log."${tag}".* | awk -v full="${WORK}/txn.${tag}.full" -v org="${WORK}/txn.${tag}.org" \
            '{ printf "%.4f\n", $3 / 1000 > ($4 == 0 ? full : org) }'
        # pgbench's mean for the SELECT statement alone, by script.
        awk '/FROM officeauto.tasks WHERE/ { print $1 > "'"${WORK}/select.${tag}.full"'" }
             /FROM officeauto.tasks_org_only WHERE/ { print $1 > "'"${WORK}/select.${tag}.org"'" }' "${WORK}/out.${tag}"
    done
    printf '   run %d of %d done\n' "$r" "${ROUNDS}"
done
# The fixed cost: the first policy function of a transaction loads the user's permissions.
printf 'BEGIN;\nSELECT officeauto.authenticate('"'%s'"');\nSELECT officeauto._may_all('"'TASK', 'READ'"');\nCOMMIT;\n' "${MEMBER_TOKEN}" > "${WORK}/load.sql"
printf 'BEGIN;\nSELECT officeauto.authenticate('"'%s'"');\nSELECT true;\nCOMMIT;\n' "${MEMBER_TOKEN}" > "${WORK}/noload.sql"
PGPASSWORD="${PASSWORD}" "${PG_BIN}/pgbench" -n -c 1 -j 1 -h 127.0.0.1 -p "${PORT}" -U "${LOGIN}" -r \
    -f "${WORK}/load.sql" -f "${WORK}/noload.sql" -T "${SECS}" "${DB}" > "${WORK}/out.load"

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
mean() { awk '{ s += $1; n++ } END { print (n ? s / n : "nan") }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", a / b }'; }

echo
echo "Tasks of one project read by an application login over TCP; one request is"
echo "  BEGIN; SELECT officeauto.authenticate(token); SELECT ${COLUMNS_LISTED}"
echo "  FROM officeauto.tasks WHERE project_id = \$1 AND deleted_at IS NULL ORDER BY due_date, id [LIMIT 50]; COMMIT;"
echo "ms per request: median and mean of all requests; SELECT: pgbench's mean for the listing statement"
echo "alone. ratio: full / organization-only of one run's medians (both interleaved in that run), the"
echo "median over the runs; runs: the lowest and highest. 1 client, simple query protocol, ${ROUNDS} x ${SECS} s"
echo "per case. Issue 12's target: <= 1.2x."
echo
printf '%-48s %-9s %8s %9s %8s %8s %7s %11s\n' case policies requests 'median ms' 'mean ms' 'SELECT' ratio runs
printf '%s\n' "$(printf '%.0s-' {1..115})"
for c in "${CASES[@]}"; do
    t=${c/:/-}
    declare -A med=()
    for p in full org; do med[$p]=$(cat "${WORK}"/txn."${t}".*."${p}" | median); done
    for r in $(seq 1 "${ROUNDS}"); do
        ratio "$(median < "${WORK}/txn.${t}.${r}.full")" "$(median < "${WORK}/txn.${t}.${r}.org")"
    done > "${WORK}/ratios.${t}"
    runs=$(sort -g "${WORK}/ratios.${t}" | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f..%.2f", lo, hi }')
    for p in full org; do
        printf '%-48s %-9s %8d %9.3f %8.3f %8.3f %7s %11s\n' "${LABEL[$c]}" "$([ "$p" = full ] && echo full || echo org-only)" \
            "$(cat "${WORK}"/txn."${t}".*."${p}" | wc -l)" "${med[$p]}" "$(cat "${WORK}"/txn."${t}".*."${p}" | mean)" \
            "$(cat "${WORK}"/select."${t}".*."${p}" | mean)" \
            "$([ "$p" = full ] && printf '%.2fx' "$(median < "${WORK}/ratios.${t}")")" "$([ "$p" = full ] && echo "${runs}")"
    done
done
load=$(awk '/_may_all/ { print $1 }' "${WORK}/out.load")
noload=$(awk '/SELECT true/ { print $1 }' "${WORK}/out.load")
echo
printf 'fixed cost per request: loading the permissions (first policy function of a transaction) %.3f ms\n' \
    "$(awk -v a="${load}" -v b="${noload}" 'BEGIN { print a - b }')"
printf '  (SELECT officeauto._may_all(...) %.3f ms against SELECT true %.3f ms, after authenticate)\n' "${load}" "${noload}"
