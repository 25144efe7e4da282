#!/usr/bin/env bash
# Races between two real connections: the database, not the caller, decides.
#  - two writers holding the same row version: exactly one wins, the other gets 40001;
#  - two bookings of one room for overlapping times: exactly one wins, the other gets 23P01;
#  - two live sessions for one user and client type: exactly one wins, the other gets 23505.
# Connection A takes its write and holds the transaction open; connection B starts while A is
# still open, so B blocks on A's row or index entry and must re-check after A commits.
source "$(dirname "$0")/../lib/tap.sh"
# Runs $1 in connection A, which then holds its transaction open for a second, and $2 in
# connection B once A is known to have written (A is sleeping); prints
# "A:<sqlstate or ok> B:<sqlstate or ok>".
race() {
    local out b i
    out=$(mktemp)
    PGAPPNAME=oa_race_a psql -X -q -At -d "$DB" -v VERBOSITY=verbose >"$out" 2>&1 <<SQL &
BEGIN;
$1;
SELECT pg_sleep(1);
COMMIT;
SQL
    for i in $(seq 1 100); do
        [ "$(q "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'oa_race_a' AND query LIKE '%pg_sleep%'")" = 1 ] && break
        sleep 0.05
    done
    b=$(psql -X -q -At -d "$DB" -v VERBOSITY=verbose -c "$2" 2>&1)
    wait
    echo "A:$(sqlstate_in "$(cat "$out")") B:$(sqlstate_in "$b")"
    rm -f "$out"
}
echo "1..6"

TASK=$(q "SELECT id FROM officeauto.tasks WHERE title = 'Set up payroll interface'")
V=$(q "SELECT version FROM officeauto.tasks WHERE id = $TASK")
check "two writers with the same version: the first wins, the second gets 40001" \
      "$(race "UPDATE officeauto.tasks SET title = 'writer A', version = $V WHERE id = $TASK" \
              "UPDATE officeauto.tasks SET title = 'writer B', version = $V WHERE id = $TASK")" "A:ok B:40001"
check "... and the row holds the first writer's change exactly once" \
      "$(q "SELECT title || ' v' || version FROM officeauto.tasks WHERE id = $TASK")" "writer A v$((V + 1))"

ROOM=$(q "SELECT id FROM officeauto.calendar_resources WHERE name = 'Boardroom'")
ORG=$(q "SELECT organization_id FROM officeauto.calendar_resources WHERE id = $ROOM")
ALICE=$(q "SELECT id FROM officeauto.users WHERE username = 'alice'")
BOB=$(q "SELECT id FROM officeauto.users WHERE username = 'bob'")
ev() { echo "INSERT INTO officeauto.events (organization_id, organizer_id, resource_id, title, start_time, end_time) VALUES ($ORG, $1, $ROOM, '$2', '2031-03-03 09:00+00', '2031-03-03 10:00+00')"; }
check "two overlapping bookings of one room: one wins, the other gets 23P01" \
      "$(race "$(ev "$ALICE" 'race A')" "$(ev "$BOB" 'race B')")" "A:ok B:23P01"
check "... and exactly one booking exists" \
      "$(q "SELECT count(*) FROM officeauto.events WHERE title LIKE 'race %' AND resource_id = $ROOM")" "1"

sess() { echo "INSERT INTO officeauto.user_sessions (organization_id, user_id, client_type, token_digest, expires_at) VALUES ($ORG, $BOB, 'api', sha256('$1'), now() + interval '1 hour')"; }
check "two live sessions for one user and client type: one wins, the other gets 23505" \
      "$(race "$(sess race-a)" "$(sess race-b)")" "A:ok B:23505"
check "... and exactly one live api session exists" \
      "$(q "SELECT count(*) FROM officeauto.user_sessions WHERE user_id = $BOB AND client_type = 'api' AND revoked_at IS NULL")" "1"

# Leave the shared test database as the other tests expect it.
q "DELETE FROM officeauto.user_sessions WHERE token_digest IN (sha256('race-a'), sha256('race-b'));
   DELETE FROM officeauto.events WHERE title LIKE 'race %';
   UPDATE officeauto.tasks SET title = 'Set up payroll interface' WHERE id = $TASK" >/dev/null
exit $fail
