#!/usr/bin/env bash
# maintain_database() ANALYZEs what a step changed, waiting at most 2 s for the lock: while
# another session holds a lock that conflicts with ANALYZE (a manual VACUUM does; here an
# explicit SHARE UPDATE EXCLUSIVE lock), the step's work is still kept, the ANALYZE failure is
# reported (failed_steps "<step>:analyze", SQLSTATE 55P03) and the session's lock_timeout is
# left as it was. All in a transaction that is rolled back, so the shared database is unchanged.
source "$(dirname "$0")/../lib/tap.sh"
echo "1..5"

psql -X -q -At -d "$DB" -c "BEGIN; LOCK TABLE officeauto.notifications IN SHARE UPDATE EXCLUSIVE MODE;
                            SELECT pg_sleep(8); COMMIT" >/dev/null 2>&1 &
HOLDER=$!
for _ in $(seq 1 50); do
    held=$(q "SELECT count(*) FROM pg_locks WHERE relation = 'officeauto.notifications'::regclass
                AND mode = 'ShareUpdateExclusiveLock' AND granted")
    [ "$held" = "1" ] && break
    sleep 0.1
done

OUT=$(psql -X -q -At -d "$DB" -v ON_ERROR_STOP=1 2>/dev/null <<'EOF'
BEGIN;
SET LOCAL lock_timeout = '0';
INSERT INTO officeauto.notifications (organization_id, recipient_id, kind, title, created_at, expires_at)
SELECT u.organization_id, u.id, 'system', 'Old news', now() - interval '2 days', now() - interval '1 day'
  FROM officeauto.users u WHERE u.username = 'bob';
SELECT officeauto.maintain_database() AS r \gset
SELECT :'r'::jsonb -> 'failed_steps';
SELECT (e ->> 'relation') || '|' || (e ->> 'sqlstate')
  FROM jsonb_array_elements(:'r'::jsonb -> 'expire_notifications' -> 'analyze_errors') e;
SELECT (:'r'::jsonb -> 'expire_notifications' ->> 'ok') || '|' || ((:'r'::jsonb -> 'expire_notifications' ->> 'result')::int >= 1);
SELECT succeeded || '|' || array_to_string(failed_steps, ',') FROM officeauto.maintenance_runs
 WHERE id = (:'r'::jsonb ->> 'run_id')::bigint;
SHOW lock_timeout;
ROLLBACK;
EOF
)
wait $HOLDER
check "a step whose ANALYZE could not get its lock is reported as <step>:analyze" \
      "$(sed -n 1p <<<"$OUT")" '["expire_notifications:analyze"]'
check "... with the relation and SQLSTATE 55P03 (lock_not_available)" "$(sed -n 2p <<<"$OUT")" "officeauto.notifications|55P03"
check "... while the step's own work is kept (notifications expired)" "$(sed -n 3p <<<"$OUT")" "true|true"
check "... and the run is recorded as not succeeded" "$(sed -n 4p <<<"$OUT")" "false|expire_notifications:analyze"
check "the session's lock_timeout is as it was" "$(sed -n 5p <<<"$OUT")" "0"
exit $fail
