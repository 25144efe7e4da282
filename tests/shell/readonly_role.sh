#!/usr/bin/env bash
# A reporting login (a non-superuser LOGIN role in officeauto_readonly) executes nothing that
# writes. It used to run every function PUBLIC could: encrypt_credential_value() created the
# first data key of an empty keyring, reopen_task() reached the task table with the owner's
# rights. tests/sql/privileges.sql checks the whole catalog; this is what such a login meets.
source "$(dirname "$0")/../lib/tap.sh"
RO=oa_report_login
FRESH=officeauto_readonly_fresh
ro() { psql -X -q -At -U "$RO" -d "$1" -v VERBOSITY=verbose -c "$2" 2>&1; }
echo "1..7"

q "DROP ROLE IF EXISTS $RO; CREATE ROLE $RO LOGIN IN ROLE officeauto_readonly" >/dev/null 2>&1
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $FRESH" -c "CREATE DATABASE $FRESH" >/dev/null 2>&1
DB=$FRESH q "CREATE EXTENSION officeauto" >/dev/null
check "a fresh install has an empty keyring" "$(DB=$FRESH q "SELECT count(*) FROM officeauto.credential_keys")" "0"
check "the reporting login cannot encrypt with the server key: 42501" \
      "$(sqlstate_in "$(ro $FRESH "SELECT officeauto.encrypt_credential_value('x')")")" "42501"
check "... so the keyring is still empty" "$(DB=$FRESH q "SELECT count(*) FROM officeauto.credential_keys")" "0"
psql -X -q -d postgres -c "DROP DATABASE $FRESH" >/dev/null

TASK=$(q "SELECT id FROM officeauto.tasks WHERE status IN ('completed', 'cancelled') AND deleted_at IS NULL ORDER BY id LIMIT 1")
STATUS=$(q "SELECT status FROM officeauto.tasks WHERE id = $TASK")
check "the reporting login cannot reopen a task: 42501" \
      "$(sqlstate_in "$(ro "$DB" "SELECT officeauto.reopen_task('$(q "SELECT public_id FROM officeauto.tasks WHERE id = $TASK")', 'report')")")" "42501"
check "... the task keeps its status" "$(q "SELECT status FROM officeauto.tasks WHERE id = $TASK")" "$STATUS"
check "nor record an application event: 42501" \
      "$(sqlstate_in "$(ro "$DB" "SELECT officeauto.log_activity('report.event', '{}')")")" "42501"
check "it still runs the read-only helpers (the context its policies read)" \
      "$(ro "$DB" "SELECT officeauto.current_organization_id() IS NULL AND officeauto.normalize_tags(ARRAY[' B', 'a']) = '{a,b}'")" "t"

q "DROP OWNED BY $RO; DROP ROLE $RO" >/dev/null
exit $fail
