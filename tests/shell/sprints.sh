#!/usr/bin/env bash
# Sprints as users meet them, through a non-superuser application LOGIN role over TCP
# (scram-sha-256), each user logged in once and every call in its own authenticated
# transaction: the lifecycle (create, update, start, close with the unfinished tasks moved to
# the next sprint or to the backlog, tasks added and removed, versions that let the next
# optimistic update pass), the board, a burndown over several days with completions, a scope
# change, a re-estimate and a removal on different days, the denials (a project viewer, a
# non-member, another organization, no authenticate()), and hostile arguments that must leave
# the database as it was.
#
# Days: what users do "on" an earlier day is done now, and then the superuser (the only role
# that may rewrite the trail) moves that day's audit rows, and the sprint's own timestamps, back
# by whole days. The burndown reads nothing else, so this is the trail those days would have
# left.
source "$(dirname "$0")/../lib/tap.sh"

RUN=$(new_key_hex | cut -c1-6)
app_login oa_sprints_app
ACME=$(q "SELECT id FROM officeauto.organizations WHERE slug = 'acme'")
GLOBEX=$(q "SELECT id FROM officeauto.organizations WHERE slug = 'globex'")
ALICE=$(q "SELECT id FROM officeauto.users WHERE username = 'alice'")

# --- Users: pm contributor of projects P and Q, pv viewer of P (reads, does not write), nm a member of
# acme outside P, gx a user of globex.
declare -A U TOK
for x in pm pv nm; do
    mk "sp$x-$RUN" "pw-$x-$RUN-lagoon"
    U[$x]=$(q "SELECT id FROM officeauto.users WHERE username = 'sp$x-$RUN'")
done
q "BEGIN; SELECT set_config('officeauto.organization_id', '$GLOBEX', true);
   SELECT officeauto.create_user($GLOBEX, 'spgx-$RUN', 'spgx-$RUN@globex.example', 'Test gx', 'pw-gx-$RUN-lagoon'); COMMIT;" >/dev/null
for x in pm pv nm gx; do
    TOK[$x]=$(app "SELECT session_token FROM officeauto.login('sp$x-$RUN', 'pw-$x-$RUN-lagoon', 'web', '198.51.100.16')")
done
check "every user logged in once" "$(for x in pm pv nm gx; do printf '%s ' "${#TOK[$x]}"; done)" "43 43 43 43 "

# --- Projects P and Q and their tasks, written by a trusted maintenance connection as alice
# four days ago (their trail rows are moved back below, once backdate is defined).
M0=$(q "SELECT coalesce(max(id), 0) FROM officeauto.audit_logs")
declare -A F
while IFS='=' read -r k v; do F[$k]=$v; done < <(psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" <<SQL
SELECT set_config('officeauto.organization_id', '$ACME', false), set_config('officeauto.user_id', '$ALICE', false) \g /dev/null
INSERT INTO officeauto.projects (code, name, manager_id)
VALUES (upper('SP-$RUN'), 'Sprints $RUN', $ALICE), (upper('SQ-$RUN'), 'Other $RUN', $ALICE);
INSERT INTO officeauto.project_members (project_id, user_id, access_role_id)
SELECT p.id, v.u, (SELECT id FROM officeauto.access_role_reference WHERE code = v.c)
  FROM officeauto.projects p
  JOIN (VALUES ('SP', ${U[pm]}, 'contributor'), ('SP', ${U[pv]}, 'viewer'), ('SQ', ${U[pm]}, 'contributor')) AS v(k, u, c)
    ON p.code = upper(v.k || '-$RUN');
INSERT INTO officeauto.tasks (title, project_id, estimated_hours)
SELECT 'Sprint task ' || n, (SELECT id FROM officeauto.projects WHERE code = upper('SP-$RUN')), h
  FROM (VALUES (1, 2), (2, 3), (3, 5), (4, 8), (5, 1), (6, 4)) AS v(n, h)
UNION ALL SELECT 'Other project task', (SELECT id FROM officeauto.projects WHERE code = upper('SQ-$RUN')), 1;
SELECT lower(left(code, 2)) || '=' || public_id FROM officeauto.projects WHERE code IN (upper('SP-$RUN'), upper('SQ-$RUN'))
UNION ALL
SELECT CASE WHEN t.title LIKE 'Sprint task %' THEN 't' || right(t.title, 1) ELSE 'tq' END || '=' || t.public_id
  FROM officeauto.tasks t JOIN officeauto.projects p ON p.id = t.project_id WHERE p.code IN (upper('SP-$RUN'), upper('SQ-$RUN'));
SQL
)
check "fixtures: two projects, seven tasks" "$(printf '%s\n' "${!F[@]}" | sort | tr '\n' ' ')" "sp sq t1 t2 t3 t4 t5 t6 tq "

# as USER SQL: one authenticated transaction; the last line of output (result or error).
asu() { as "${TOK[$1]}" "$2" | tail -1; }
st() { sqlstate_in "$(as "${TOK[$1]}" "$2")"; }
tv() { q "SELECT version FROM officeauto.tasks WHERE public_id = '${F[$1]}'"; }
sprints_count() { q "SELECT count(*) FROM officeauto.sprints s JOIN officeauto.projects p ON p.id = s.project_id WHERE p.code IN (upper('SP-$RUN'), upper('SQ-$RUN'))"; }
# Moves the trail rows written after audit row MARK, and the sprints' own timestamps, N days back.
backdate() {
    q "SET session_replication_role = replica;
       UPDATE officeauto.audit_logs SET created_at = created_at - interval '$2 days' WHERE id > $1;
       UPDATE officeauto.sprints SET created_at = created_at - interval '$2 days', started_at = started_at - interval '$2 days'
        WHERE public_id IN ($3)" >/dev/null
}
mark() { q "SELECT coalesce(max(id), 0) FROM officeauto.audit_logs"; }
backdate "$M0" 4 "NULL"
D() { q "SELECT current_date + $1"; }

# --- Day -3: plan sprint 1 (5 days, today in the middle of its fourth) and sprint 2, fill, start.
M=$(mark)
S1=$(asu pm "SELECT officeauto.create_sprint('${F[sp]}', 'Sprint 1', '$(D -3)', '$(D 1)', 'Ship the login page')")
S2=$(asu pm "SELECT officeauto.create_sprint('${F[sp]}', 'Sprint 2', '$(D 2)', '$(D 15)')")
check "create_sprint by a contributor of the project returns the new sprint's public id" \
      "$(q "SELECT string_agg(state || '/' || version || '/' || name, ' ' ORDER BY start_date) FROM officeauto.sprints WHERE public_id IN ('$S1', '$S2')")" \
      "planned/1/Sprint 1 planned/1/Sprint 2"
check "... created_by is the caller" "$(q "SELECT created_by FROM officeauto.sprints WHERE public_id = '$S1'")" "${U[pm]}"
for t in t1 t2 t3 t4; do
    before=$(tv $t)
    got=$(asu pm "SELECT officeauto.add_task_to_sprint('${F[$t]}', '$S1', $before)")
    check "add_task_to_sprint $t returns the task's new version" "$got" "$((before + 1))"
done
V1=$(tv t1)
check "... and that version lets the client's next optimistic update pass" \
      "$(st pm "UPDATE officeauto.tasks SET description = 'planned', version = $V1 WHERE public_id = '${F[t1]}'")/$(tv t1)" "ok/$((V1 + 1))"
check "add_task_to_sprint with the version the client read before the add: 40001" \
      "$(st pm "SELECT officeauto.add_task_to_sprint('${F[t1]}', '$S1', 1)")" "40001"
check "start_sprint returns the new version" "$(asu pm "SELECT officeauto.start_sprint('$S1', 1)")" "2"
check "... the sprint is active since now" "$(q "SELECT state || '/' || (started_at = now() OR started_at > now() - interval '1 minute') FROM officeauto.sprints WHERE public_id = '$S1'")" "active/true"
check "start_sprint again: OA100 (only a planned sprint starts)" "$(st pm "SELECT officeauto.start_sprint('$S1', 2)")" "OA100"
check "start_sprint of a second sprint of the project while one is active: OA101" "$(st pm "SELECT officeauto.start_sprint('$S2', 1)")" "OA101"
check "update_sprint with the version start_sprint returned: the new version" \
      "$(asu pm "SELECT officeauto.update_sprint('$S1', 2, p_goal => 'Ship the login page and the logout')")" "3"
check "update_sprint with a stale version: 40001" "$(st pm "SELECT officeauto.update_sprint('$S1', 2, 'Renamed')")" "40001"
check "update_sprint moving the end before the start: 22023" "$(st pm "SELECT officeauto.update_sprint('$S1', 3, p_end_date => '$(D -10)')")" "22023"
check "... nothing changed" "$(q "SELECT name || '/' || end_date || '/' || version || '/' || goal FROM officeauto.sprints WHERE public_id = '$S1'")" \
      "Sprint 1/$(D 1)/3/Ship the login page and the logout"
backdate "$M" 3 "'$S1', '$S2'"

# --- Day -2: task 1 done.
M=$(mark)
check "day -2: a contributor completes task 1" "$(st pm "UPDATE officeauto.tasks SET status = 'completed' WHERE public_id = '${F[t1]}'")" "ok"
backdate "$M" 2 "NULL"

# --- Day -1: task 2 done, task 5 added (scope grows), task 4 re-estimated from 8 to 6 hours.
M=$(mark)
check "day -1: task 2 completed, task 5 added, task 4 re-estimated" \
      "$(st pm "UPDATE officeauto.tasks SET status = 'completed' WHERE public_id = '${F[t2]}'")/$(asu pm "SELECT officeauto.add_task_to_sprint('${F[t5]}', '$S1', $(tv t5)) > 0")/$(st pm "UPDATE officeauto.tasks SET estimated_hours = 6 WHERE public_id = '${F[t4]}'")" \
      "ok/t/ok"
backdate "$M" 1 "NULL"

# --- Today: task 3 done, task 4 taken out of the sprint.
check "today: task 3 completed" "$(st pm "UPDATE officeauto.tasks SET status = 'completed' WHERE public_id = '${F[t3]}'")" "ok"
V4=$(tv t4)
check "remove_task_from_sprint returns the task's new version" \
      "$(asu pm "SELECT officeauto.remove_task_from_sprint('${F[t4]}', $V4)")/$(tv t4)" "$((V4 + 1))/$((V4 + 1))"
check "... the task is back in the backlog" "$(q "SELECT sprint_id IS NULL FROM officeauto.tasks WHERE public_id = '${F[t4]}'")" "t"
check "remove_task_from_sprint of a task in no sprint: OA103" "$(st pm "SELECT officeauto.remove_task_from_sprint('${F[t4]}', $(tv t4))")" "OA103"

# --- The board.
check "sprint_board: the sprint's tasks by board column, in column order" \
      "$(asu pm "SELECT string_agg(board_column || ':' || n, ' ' ORDER BY column_position) FROM (
                   SELECT board_column, column_position, count(*) AS n FROM officeauto.sprint_board
                    WHERE sprint_public_id = '$S1' GROUP BY 1, 2) b")" "pending:1 completed:3"
check "sprint_board shows public ids and versions the functions take" \
      "$(asu pm "SELECT task_version FROM officeauto.sprint_board WHERE task_public_id = '${F[t5]}'")" "$(tv t5)"
check "a viewer of the project reads the board" \
      "$(asu pv "SELECT count(*) FROM officeauto.sprint_board WHERE sprint_public_id = '$S1'")" "4"
check "a member outside the project sees none of it" \
      "$(asu nm "SELECT count(*) FROM officeauto.sprint_board WHERE sprint_public_id = '$S1'")/$(asu nm "SELECT count(*) FROM officeauto.sprints WHERE public_id = '$S1'")" "0/0"
check "another organization's user sees none of it" \
      "$(asu gx "SELECT count(*) FROM officeauto.sprint_board")/$(asu gx "SELECT count(*) FROM officeauto.sprints WHERE public_id = '$S1'")" "0/0"

# --- The burndown: end of each day; the ideal line from the scope at the start (4 tasks,
# 18 hours) down to 0 on day 5; no value for tomorrow.
WANT="$(D -3)|4|18.00|3.20|14.40
$(D -2)|3|16.00|2.40|10.80
$(D -1)|3|12.00|1.60|7.20
$(D 0)|1|1.00|0.80|3.60
$(D 1)|||0.00|0.00"
check "sprint_burndown per day: open tasks and hours replayed from the trail, and the ideal line" \
      "$(as "${TOK[pm]}" "SELECT day, remaining_tasks, remaining_estimate_hours, ideal_tasks, ideal_estimate_hours FROM officeauto.sprint_burndown('$S1')")" "$WANT"
check "... the same for a viewer of the project" \
      "$(as "${TOK[pv]}" "SELECT day, remaining_tasks, remaining_estimate_hours, ideal_tasks, ideal_estimate_hours FROM officeauto.sprint_burndown('$S1')")" "$WANT"
check "... past days do not follow the present: completed_at alone would count task 4 (removed today) on no day" \
      "$(q "SELECT count(*) FROM officeauto.tasks WHERE sprint_id = (SELECT id FROM officeauto.sprints WHERE public_id = '$S1') AND public_id = '${F[t4]}'")" "0"

# --- Closing: the unfinished task moves to sprint 2; completed ones stay.
check "close_sprint with a stale version: 40001, and nothing moved" \
      "$(st pm "SELECT officeauto.close_sprint('$S1', 2, '$S2')")/$(q "SELECT count(*) FROM officeauto.tasks WHERE sprint_id = (SELECT id FROM officeauto.sprints WHERE public_id = '$S2')")" "40001/0"
S3=$(asu pm "SELECT officeauto.create_sprint('${F[sq]}', 'Q sprint', current_date, current_date + 7)")
check "close_sprint into another project's sprint: OA102" "$(st pm "SELECT officeauto.close_sprint('$S1', 3, '$S3')")" "OA102"
check "close_sprint moving unfinished tasks into the sprint being closed: 22023" "$(st pm "SELECT officeauto.close_sprint('$S1', 3, '$S1')")" "22023"
check "close_sprint returns the new version" "$(asu pm "SELECT officeauto.close_sprint('$S1', 3, '$S2')")" "4"
check "... the unfinished task went to sprint 2, the completed ones stayed" \
      "$(asu pm "SELECT string_agg(sprint_name || ':' || board_column, ' ' ORDER BY sprint_name, board_column) FROM officeauto.sprint_board WHERE sprint_public_id IN ('$S1', '$S2')")" \
      "Sprint 1:completed Sprint 1:completed Sprint 1:completed Sprint 2:pending"
check "... the burndown of the closed sprint still counts it on the closing day" \
      "$(as "${TOK[pm]}" "SELECT remaining_tasks FROM officeauto.sprint_burndown('$S1') WHERE day = current_date")" "1"
check "a closed sprint does not change: OA100" "$(st pm "SELECT officeauto.update_sprint('$S1', 4, 'Again')")" "OA100"
check "a closed sprint takes no tasks: OA100" "$(st pm "SELECT officeauto.add_task_to_sprint('${F[t6]}', '$S1', $(tv t6))")" "OA100"
check "... not even by a direct UPDATE of the task" \
      "$(st pm "UPDATE officeauto.tasks SET sprint_id = (SELECT id FROM officeauto.sprints WHERE public_id = '$S1') WHERE public_id = '${F[t6]}'")" "OA100"
check "a closed sprint is not reopened directly: OA100" "$(st pm "UPDATE officeauto.sprints SET state = 'active' WHERE public_id = '$S1'")" "OA100"
check "start the next sprint now that none is active" "$(asu pm "SELECT officeauto.start_sprint('$S2', 1)")" "2"
check "close_sprint to the backlog (no target)" \
      "$(asu pm "SELECT officeauto.close_sprint('$S2', 2)")/$(q "SELECT sprint_id IS NULL FROM officeauto.tasks WHERE public_id = '${F[t5]}'")" "3/t"

# --- Rules for direct writes.
check "a sprint inserted directly starts out planned: OA100 for active" \
      "$(st pm "INSERT INTO officeauto.sprints (project_id, name, start_date, end_date, state) SELECT id, 'x', current_date, current_date, 'active' FROM officeauto.projects WHERE public_id = '${F[sp]}'")" "OA100"
S4=$(asu pm "SELECT officeauto.create_sprint('${F[sp]}', 'Sprint 3', '$(D 16)', '$(D 30)')")
check "a task joins only a sprint of its own project (direct UPDATE): 23503" \
      "$(st pm "UPDATE officeauto.tasks SET sprint_id = (SELECT id FROM officeauto.sprints WHERE public_id = '$S4') WHERE public_id = '${F[tq]}'")" "23503"
check "... nor can a task in a sprint change project: 23503" \
      "$(st pm "UPDATE officeauto.tasks SET project_id = (SELECT id FROM officeauto.projects WHERE public_id = '${F[sq]}') WHERE public_id = '${F[t1]}'")" "23503"
check "add_task_to_sprint with another project's task: OA102" "$(st pm "SELECT officeauto.add_task_to_sprint('${F[tq]}', '$S4', $(tv tq))")" "OA102"
check "created_by cannot be rewritten: 42501" "$(st pm "UPDATE officeauto.sprints SET created_by = ${U[pv]} WHERE public_id = '$S4'")" "42501"

# --- Denials. A viewer of the project reads but does not plan.
check "project viewer: create_sprint 42501" "$(st pv "SELECT officeauto.create_sprint('${F[sp]}', 'Mine', current_date, current_date + 7)")" "42501"
check "project viewer: update_sprint 42501" "$(st pv "SELECT officeauto.update_sprint('$S4', 1, 'Mine')")" "42501"
check "project viewer: start_sprint 42501" "$(st pv "SELECT officeauto.start_sprint('$S4', 1)")" "42501"
check "project viewer: add_task_to_sprint 42501" "$(st pv "SELECT officeauto.add_task_to_sprint('${F[t6]}', '$S4', $(tv t6))")" "42501"
check "project viewer: burndown allowed" "$(st pv "SELECT * FROM officeauto.sprint_burndown('$S4')")" "ok"
check "a contributor does not delete a sprint (TASK DELETE): 42501" "$(st pm "DELETE FROM officeauto.sprints WHERE public_id = '$S4'")" "42501"
# A member outside the project, and another organization: nothing is found.
for who in nm gx; do
    check "$who: create_sprint in P: P0002" "$(st $who "SELECT officeauto.create_sprint('${F[sp]}', 'Mine', current_date, current_date + 7)")" "P0002"
    check "$who: update_sprint: P0002" "$(st $who "SELECT officeauto.update_sprint('$S4', 1, 'Mine')")" "P0002"
    check "$who: start_sprint: P0002" "$(st $who "SELECT officeauto.start_sprint('$S4', 1)")" "P0002"
    check "$who: close_sprint: P0002" "$(st $who "SELECT officeauto.close_sprint('$S4', 1)")" "P0002"
    check "$who: add_task_to_sprint: P0002" "$(st $who "SELECT officeauto.add_task_to_sprint('${F[t6]}', '$S4', 1)")" "P0002"
    check "$who: remove_task_from_sprint: P0002" "$(st $who "SELECT officeauto.remove_task_from_sprint('${F[t1]}', 1)")" "P0002"
    check "$who: sprint_burndown: P0002" "$(st $who "SELECT * FROM officeauto.sprint_burndown('$S1')")" "P0002"
    check "$who: a direct UPDATE of the sprint touches nothing" "$(asu $who "WITH u AS (UPDATE officeauto.sprints SET name = 'x' WHERE public_id = '$S4' RETURNING 1) SELECT count(*) FROM u")" "0"
done
# Another organization's sprint is answered like one that exists nowhere (no existence leak).
NOWHERE=$(q "SELECT gen_random_uuid()")
check "gx: another organization's sprint and a sprint that exists nowhere get the same answer" \
      "$(as "${TOK[gx]}" "SELECT * FROM officeauto.sprint_burndown('$S1')" | grep ERROR | sed "s/$S1/<id>/")" \
      "$(as "${TOK[gx]}" "SELECT * FROM officeauto.sprint_burndown('$NOWHERE')" | grep ERROR | sed "s/$NOWHERE/<id>/")"
check "no authenticate() in the transaction: 28000" \
      "$(sqlstate_in "$(app "SELECT officeauto.create_sprint('${F[sp]}', 'x', current_date, current_date)")")/$(sqlstate_in "$(app "SELECT * FROM officeauto.sprint_burndown('$S1')")")" "28000/28000"

# --- Hostile arguments: each a clear SQLSTATE, none changes anything.
BEFORE="$(sprints_count)/$(q "SELECT string_agg(version::text, ',' ORDER BY id) FROM officeauto.tasks WHERE project_id = (SELECT id FROM officeauto.projects WHERE public_id = '${F[sp]}')")"
declare -a HOSTILE=(
    "22023|SELECT officeauto.create_sprint(NULL, 'x', current_date, current_date)"
    "22023|SELECT officeauto.create_sprint('${F[sp]}', NULL, current_date, current_date)"
    "22023|SELECT officeauto.create_sprint('${F[sp]}', '   ', current_date, current_date)"
    "22023|SELECT officeauto.create_sprint('${F[sp]}', repeat('n', 201), current_date, current_date)"
    "22023|SELECT officeauto.create_sprint('${F[sp]}', repeat('n', 2000000), current_date, current_date)"
    "22023|SELECT officeauto.create_sprint('${F[sp]}', 'x', current_date, current_date, repeat('g', 5001))"
    "22023|SELECT officeauto.create_sprint('${F[sp]}', 'x', current_date, current_date - 1)"
    "22023|SELECT officeauto.create_sprint('${F[sp]}', 'x', current_date, current_date + 366)"
    "22023|SELECT officeauto.create_sprint('${F[sp]}', 'x', '-infinity', 'infinity')"
    "22023|SELECT officeauto.create_sprint('${F[sp]}', 'x', NULL, current_date)"
    "22P02|SELECT officeauto.create_sprint('not-a-uuid', 'x', current_date, current_date)"
    "22008|SELECT officeauto.create_sprint('${F[sp]}', 'x', '5874898-01-01', '5874898-01-02')"
    "P0002|SELECT officeauto.create_sprint('$NOWHERE', 'x', current_date, current_date)"
    "22023|SELECT officeauto.update_sprint('$S4', NULL, 'x')"
    "22023|SELECT officeauto.update_sprint(NULL, 1, 'x')"
    "40001|SELECT officeauto.update_sprint('$S4', -2147483648, 'x')"
    "22023|SELECT officeauto.start_sprint('$S4', NULL)"
    "P0002|SELECT officeauto.start_sprint('$NOWHERE', 1)"
    "22023|SELECT officeauto.close_sprint(NULL, 1)"
    "P0002|SELECT officeauto.close_sprint('$S4', 1, '$NOWHERE')"
    "22023|SELECT officeauto.add_task_to_sprint('${F[t6]}', NULL, 1)"
    "22023|SELECT officeauto.add_task_to_sprint(NULL, '$S4', 1)"
    "22023|SELECT officeauto.add_task_to_sprint('${F[t6]}', '$S4', NULL)"
    "P0002|SELECT officeauto.add_task_to_sprint('$NOWHERE', '$S4', 1)"
    "22023|SELECT officeauto.remove_task_from_sprint(NULL, 1)"
    "22023|SELECT * FROM officeauto.sprint_burndown(NULL)"
    "P0002|SELECT * FROM officeauto.sprint_burndown('$NOWHERE')"
    "42883|SELECT officeauto.create_sprint(1, 2, 3, 4)"
)
for h in "${HOSTILE[@]}"; do
    want=${h%%|*}; sql=${h#*|}
    check "hostile: ${sql:0:110}: $want" "$(st pm "$sql")" "$want"
done
check "... and nothing changed (sprints, task versions)" \
      "$(sprints_count)/$(q "SELECT string_agg(version::text, ',' ORDER BY id) FROM officeauto.tasks WHERE project_id = (SELECT id FROM officeauto.projects WHERE public_id = '${F[sp]}')")" "$BEFORE"
NAME="x'); DROP TABLE officeauto.sprints; --"
check "a name that looks like SQL is stored as text" \
      "$(S5=$(asu pm "SELECT officeauto.create_sprint('${F[sp]}', \$n\$$NAME\$n\$, current_date, current_date)")
         q "SELECT name FROM officeauto.sprints WHERE public_id = '$S5'")" "$NAME"
check "the server is still up and every backend survived" "$(q "SELECT count(*) > 0 FROM officeauto.sprints")" "t"

# --- Two starts racing in one project: the unique index decides, the loser gets OA101 (not a
# bare 23505). A holds its start open for two seconds; B starts another sprint meanwhile and
# waits on the index entry until A commits. Which one wins does not matter, only that exactly
# one does and the other is told why.
RA=$(asu pm "SELECT officeauto.create_sprint('${F[sq]}', 'Race A', current_date, current_date + 7)")
RB=$(asu pm "SELECT officeauto.create_sprint('${F[sq]}', 'Race B', current_date, current_date + 7)")
RACE_OUT="${TMPDIR:-/tmp}/sprints-race-$RUN.out"
as "${TOK[pm]}" "SELECT officeauto.start_sprint('$RA', 1); SELECT pg_sleep(2)" > "$RACE_OUT" &
sleep 0.7
RACE_B=$(st pm "SELECT officeauto.start_sprint('$RB', 1)")
wait
RACE_A=$(sqlstate_in "$(cat "$RACE_OUT")")
check "two concurrent starts in one project: one succeeds, the other is OA101, one sprint is active" \
      "$(printf '%s\n' "$RACE_A" "$RACE_B" | sort | tr '\n' ' ')/$(q "SELECT count(*) FROM officeauto.sprints WHERE public_id IN ('$RA', '$RB') AND state = 'active'")" \
      "OA101 ok /1"
rm -f "$RACE_OUT"

# --- A reporting login granted acme reads the board and the burndown; not granted, nothing.
REP=oa_sprints_report
REP_PW="report-$(new_key_hex | cut -c1-16)"
q "DROP ROLE IF EXISTS $REP; CREATE ROLE $REP LOGIN PASSWORD '$REP_PW' IN ROLE officeauto_readonly" >/dev/null 2>&1
rep() { PGPASSWORD="$REP_PW" psql -X -q -At -h 127.0.0.1 -U "$REP" -d "$DB" -v VERBOSITY=verbose -c "$1" 2>&1; }
check "reporting login without a grant: no board rows, the burndown P0002" \
      "$(rep "SELECT count(*) FROM officeauto.sprint_board WHERE sprint_public_id = '$S1'")/$(sqlstate_in "$(rep "SELECT * FROM officeauto.sprint_burndown('$S1')")")" "0/P0002"
q "SELECT officeauto.grant_reporting_access('$REP', (SELECT public_id FROM officeauto.organizations WHERE slug = 'acme'))" >/dev/null
check "reporting login granted acme: the board and the same burndown as the team" \
      "$(rep "SELECT count(*) FROM officeauto.sprint_board WHERE sprint_public_id = '$S1'")/$(rep "SELECT remaining_tasks FROM officeauto.sprint_burndown('$S1') WHERE day = current_date - 2")" "3/3"
check "... and writes nothing (no sprint function for reporting logins)" \
      "$(sqlstate_in "$(rep "SELECT officeauto.create_sprint('${F[sp]}', 'x', current_date, current_date)")")" "42501"
q "SELECT officeauto.revoke_reporting_access('$REP', (SELECT public_id FROM officeauto.organizations WHERE slug = 'acme'));
   DROP OWNED BY $REP; DROP ROLE $REP" >/dev/null

# The trail of sprints: every change is audited with its actor.
check "sprint changes are in the audit trail with their actor" \
      "$(q "SELECT string_agg(DISTINCT action, ',' ORDER BY action) || '/' || bool_and(actor_user_id = ${U[pm]})
              FROM officeauto.audit_logs WHERE table_name = 'officeauto.sprints' AND (new_data ->> 'public_id') = '$S1'")" "INSERT,UPDATE/true"

q "DROP OWNED BY $APP; DROP ROLE $APP" >/dev/null
echo "1..$n"
exit $fail
