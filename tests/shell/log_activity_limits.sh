#!/usr/bin/env bash
# log_activity() as an application LOGIN role sees it: metadata is bounded (64 KiB as JSON text,
# 32 levels of objects and arrays) with SQLSTATE 54000 instead of storing 10 MB rows or failing
# with an internal error (XX000) on deep nesting, and a call without an authenticated
# organization is refused (42501) rather than stored as a row no tenant can see. Nothing is
# written on refusal.
source "$(dirname "$0")/../lib/tap.sh"
APP=oa_limits_app
ADMIN=oa_limits_admin
as() { psql -X -q -At -U "$1" -d "$DB" -v VERBOSITY=verbose -c "$2" 2>&1; }
echo "1..12"

q "DROP ROLE IF EXISTS $APP; CREATE ROLE $APP LOGIN IN ROLE officeauto_app;
   DROP ROLE IF EXISTS $ADMIN; CREATE ROLE $ADMIN LOGIN IN ROLE officeauto_admin" >/dev/null 2>&1
WRITER=$(q "SELECT id FROM officeauto.users WHERE username = 'dariush'")
q "UPDATE officeauto.users SET password_hash = officeauto.hash_password('limits-test-pw') WHERE id = $WRITER" >/dev/null
TOKEN=$(as $APP "SELECT session_token FROM officeauto.login('dariush', 'limits-test-pw', 'api')")
# event METADATA_SQL: log_activity as the authenticated application; prints the outcome.
event() { as $APP "BEGIN; SELECT officeauto.authenticate('$TOKEN') > 0;
                   SELECT officeauto.log_activity('limits.test', $1) > 0; COMMIT;"; }
nested() { echo "repeat('[', $1)::text || repeat(']', $1)"; }
written() { q "SELECT count(*) FROM officeauto.audit_logs WHERE action = 'limits.test'"; }
start=$(written)

check "without an authenticated organization an application login is refused: 42501" \
      "$(sqlstate_in "$(as $APP "SELECT officeauto.log_activity('limits.test', '{}')")")" "42501"
check "10 MB of metadata is refused: 54000" \
      "$(sqlstate_in "$(event "jsonb_build_object('blob', repeat('x', 10 * 1024 * 1024))")")" "54000"
check "metadata nested 200 levels deep is refused: 54000 (not an internal error)" \
      "$(sqlstate_in "$(event "jsonb_build_object('a', ($(nested 199))::jsonb)")")" "54000"
check "metadata nested 33 levels deep is refused: 54000" \
      "$(sqlstate_in "$(event "jsonb_build_object('a', ($(nested 32))::jsonb)")")" "54000"
check "... objects count like arrays (33 nested objects): 54000" \
      "$(sqlstate_in "$(event "(repeat('{\"a\": ', 33) || '1' || repeat('}', 33))::jsonb")")" "54000"
check "the messages say what the limit is" \
      "$(event "jsonb_build_object('a', ($(nested 32))::jsonb)" | grep -c 'at most 32 levels')$(event "jsonb_build_object('blob', repeat('x', 70000))" | grep -c 'at most 65536 allowed')" "11"
check "nothing was written by any refused call" "$(written)" "$start"

# {"k": "xxx..."} is 9 bytes of JSON around the value.
check "metadata of exactly 64 KiB is accepted" "$(event "jsonb_build_object('k', repeat('x', 65536 - 9))" | tail -1)" "t"
check "one byte more is refused: 54000" "$(sqlstate_in "$(event "jsonb_build_object('k', repeat('x', 65536 - 8))")")" "54000"
check "metadata nested 32 levels deep is accepted" "$(event "jsonb_build_object('a', ($(nested 31))::jsonb)" | tail -1)" "t"
check "accepted events carry the authenticated organization" \
      "$(q "SELECT count(*) FROM officeauto.audit_logs WHERE action = 'limits.test' AND organization_id = (SELECT organization_id FROM officeauto.users WHERE id = $WRITER)")" "$((start + 2))"
PLATFORM=$(as $ADMIN "SELECT officeauto.log_activity('limits.platform', '{}')")
check "an officeauto_admin login may still record a platform event without an organization" \
      "$(q "SELECT organization_id IS NULL FROM officeauto.audit_logs WHERE id = ${PLATFORM:-0}")" "t"

q "DROP OWNED BY $APP, $ADMIN; DROP ROLE $APP; DROP ROLE $ADMIN" >/dev/null
exit $fail
