#!/usr/bin/env bash
# Archival is transactional: a statement_timeout cancel in the middle of archive_audit_logs()
# leaves every count exactly as before (nothing lost, nothing duplicated), and a run that is
# allowed to finish then moves every old row once.
source "$(dirname "$0")/../lib/tap.sh"
counts="SELECT (SELECT count(*) FROM officeauto.audit_logs) || '/' || (SELECT count(*) FROM officeauto.audit_logs_archive)
               || '/' || (SELECT count(*) FROM (SELECT id FROM officeauto.audit_logs UNION SELECT id FROM officeauto.audit_logs_archive) u)"
echo "1..4"

# 200,000 old rows for a month without partition (default partition: the batched path).
q "INSERT INTO officeauto.audit_logs (created_at, action, metadata)
   SELECT now() - interval '500 days' - g * interval '1 second', 'test.cancel', jsonb_build_object('g', g)
     FROM generate_series(1, 200000) g" >/dev/null
before=$(q "$counts")
state=$(psql -X -q -At -d "$DB" -v VERBOSITY=sqlstate \
        -c "SET statement_timeout = '300ms'" -c "SELECT officeauto.archive_audit_logs('90 days', 2000)" 2>&1 | grep -o '[0-9A-Z]\{5\}$' | tail -1)
check "a statement_timeout cancels the archive midway (57014)" "$state" "57014"
check "after the cancel every count is unchanged (live/archive/distinct ids)" "$(q "$counts")" "$before"
old=$(q "SELECT count(*) FROM officeauto.audit_logs WHERE created_at < now() - interval '90 days'")
check "an uninterrupted run moves every old row" "$(q "SELECT officeauto.archive_audit_logs('90 days', 20000)")" "$old"
live=${before%%/*}; rest=${before#*/}; arch=${rest%%/*}
check "... exactly once" "$(q "$counts")" "$((live - old))/$((arch + old))/$((live + arch))"
q "DELETE FROM officeauto.audit_logs_archive WHERE action = 'test.cancel'" >/dev/null
exit $fail
