#!/usr/bin/env bash
# No answer tells one organization whether another organization's id exists, or what its
# internal id is. reveal_credential(uuid) used to look the public id up in every organization
# and report the internal id it found ("no credential with id 5 ..."), or "<NULL>" when there
# was none. Every function that takes an id is called here by an application LOGIN role of
# acme with ids that globex holds and with ids that exist nowhere: the complete answers (error
# code, message, detail, context, or result) must be the same once the argument itself is
# blanked out.
source "$(dirname "$0")/../lib/tap.sh"
APP=oa_errors_app
app() { psql -X -q -At -U "$APP" -d "$DB" -v VERBOSITY=verbose -c "$1" 2>&1; }
echo "1..21"

q "DROP ROLE IF EXISTS $APP; CREATE ROLE $APP LOGIN IN ROLE officeauto_app" >/dev/null 2>&1
ACME=$(q "SELECT id FROM officeauto.organizations WHERE slug = 'acme'")
GLOBEX=$(q "SELECT id FROM officeauto.organizations WHERE slug = 'globex'")
JAMAL=$(q "SELECT id FROM officeauto.users WHERE username = 'jamal'")
q "UPDATE officeauto.users SET password_hash = officeauto.hash_password('errors-test-pw') WHERE id = $JAMAL" >/dev/null
TOKEN=$(app "SELECT session_token FROM officeauto.login('jamal', 'errors-test-pw', 'api')")
NOWHERE=2000000000
JAMAL_PID=$(q "SELECT public_id FROM officeauto.users WHERE id = $JAMAL")
new_uuid() { q "SELECT gen_random_uuid()"; }
# The sample has no file or comment in globex: one of each, so their probes have a row to name.
q "INSERT INTO officeauto.files (organization_id, name, storage_id)
   SELECT $GLOBEX, 'errors-probe', id FROM officeauto.storage_reference WHERE organization_id = $GLOBEX ORDER BY id LIMIT 1;
   INSERT INTO officeauto.comments (organization_id, entity_type, entity_id, body, author_id)
   SELECT $GLOBEX, 'task', public_id, 'errors probe', assignee_id FROM officeauto.tasks
    WHERE organization_id = $GLOBEX ORDER BY id LIMIT 1" >/dev/null
first() { q "SELECT $1 FROM officeauto.$2 WHERE organization_id = $GLOBEX ORDER BY id LIMIT 1"; }
own() { q "SELECT $1 FROM officeauto.$2 WHERE organization_id = $ACME ORDER BY id LIMIT 1"; }

# answer OUTPUT ARG: what the caller is told (result rows, error, detail, hint) with ARG blanked
# out; the CONTEXT lines only name the functions and their line numbers.
answer() {
    grep -Ev '^(CONTEXT:|LOCATION:|SQL statement|PL/pgSQL function|SQL function)' <<<"$1" | sed -E "s/\b$2\b/<arg>/g"
}
# probe DESCRIPTION CALL GLOBEX_ARG NOWHERE_ARG: CALL has @ where the argument goes.
probe() {
    local there nowhere
    there=$(app "BEGIN; SELECT officeauto.authenticate('$TOKEN') > 0; SELECT ${2//@/$3}; ROLLBACK;" | tail -n +2)
    nowhere=$(app "BEGIN; SELECT officeauto.authenticate('$TOKEN') > 0; SELECT ${2//@/$4}; ROLLBACK;" | tail -n +2)
    check "$1: another organization's id is answered like one that exists nowhere" \
          "$(answer "$there" "$3")" "$(answer "$nowhere" "$4")"
}

probe "reveal_credential(uuid)" "officeauto.reveal_credential('@'::uuid)" "$(first public_id credentials)" "$(q "SELECT gen_random_uuid()")"
check "reveal_credential(uuid): the answer carries no internal id" \
      "$(app "BEGIN; SELECT officeauto.authenticate('$TOKEN') > 0;
              SELECT officeauto.reveal_credential('$(first public_id credentials)'::uuid); ROLLBACK;" | grep -c -E "id $(first id credentials)\b|<NULL>")" "0"
probe "reopen_task" "officeauto.reopen_task('@', 'probe')" "$(first public_id tasks)" "$(new_uuid)"
probe "assign_task (task)" "officeauto.assign_task('@', '$JAMAL_PID')" "$(first public_id tasks)" "$(new_uuid)"
probe "assign_task (assignee)" "officeauto.assign_task('$(own public_id tasks)', '@')" "$(first public_id users)" "$(new_uuid)"
probe "refer" "officeauto.refer('@', '$JAMAL_PID')" "$(first public_id cartable)" "$(new_uuid)"
probe "mark_item_read" "officeauto.mark_item_read('@')" "$(first public_id cartable)" "$(new_uuid)"
probe "archive_item" "officeauto.archive_item('@')" "$(first public_id cartable)" "$(new_uuid)"
probe "add_document_version" "officeauto.add_document_version('@', 'k', repeat('a', 64), 1)" "$(first public_id documents)" "$(new_uuid)"
probe "add_file_version" "officeauto.add_file_version('@', 'k', repeat('a', 64), 1)" "$(first public_id files)" "$(new_uuid)"
probe "promote_ingest" "officeauto.promote_ingest('@')" "$(first public_id documents_ingest)" "$(new_uuid)"
probe "submit_change_request" "officeauto.submit_change_request('@')" "$(first public_id change_requests)" "$(new_uuid)"
probe "decide_change_request" "officeauto.decide_change_request('@', 'approved')" "$(first public_id change_requests)" "$(new_uuid)"
probe "reuse_test_case (source)" "officeauto.reuse_test_case('@', '$(own public_id projects)')" "$(first public_id test_cases)" "$(new_uuid)"
probe "reuse_test_case (target project)" "officeauto.reuse_test_case('$(own public_id test_cases)', '@')" "$(first public_id projects)" "$(new_uuid)"
probe "record_test_execution" "officeauto.record_test_execution('@', 'passed')" "$(first public_id test_cases)" "$(new_uuid)"
probe "add_comment (parent)" "officeauto.add_comment('task', '$(own public_id tasks)', 'probe', '@')" "$(first public_id comments)" "$(new_uuid)"
probe "log_time" "officeauto.log_time('@', now() - interval '1 hour', now())" "$(first public_id tasks)" "$(new_uuid)"
probe "mark_notification_read" "officeauto.mark_notification_read('@')" "$(first public_id notifications)" "$(new_uuid)"
probe "request_email_verification" "officeauto.request_email_verification('@')" "$(first public_id users)" "$(new_uuid)"
probe "revoke_user_sessions" "officeauto.revoke_user_sessions('@')" "$(first public_id users)" "$(new_uuid)"

q "DROP OWNED BY $APP; DROP ROLE $APP" >/dev/null
exit $fail
