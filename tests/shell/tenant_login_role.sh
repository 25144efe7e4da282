#!/usr/bin/env bash
# Tenant isolation as production runs it: the application connects as its own non-superuser
# LOGIN role (a member of officeauto_app), so its request context can come only from a session
# token through authenticate(), whatever SQL it sends.
source "$(dirname "$0")/../lib/tap.sh"
app() { psql -X -q -At -U oa_tenant_app -d "$DB" -v VERBOSITY=verbose -c "$1" 2>&1; }
echo "1..8"

q "DROP ROLE IF EXISTS oa_tenant_app; CREATE ROLE oa_tenant_app LOGIN IN ROLE officeauto_app" >/dev/null
ACME=$(q "SELECT id FROM officeauto.organizations WHERE slug = 'acme'")
GLOBEX=$(q "SELECT id FROM officeauto.organizations WHERE slug = 'globex'")
q "UPDATE officeauto.users SET password_hash = officeauto.hash_password('tenant-test-pw') WHERE username = 'carol'" >/dev/null
TOKEN=$(app "SELECT session_token FROM officeauto.login('carol', 'tenant-test-pw', 'api')")

check "an application connection cannot pick an organization by setting: 42501" \
      "$(sqlstate_in "$(app "SET officeauto.organization_id = '$GLOBEX'; SELECT count(*) FROM officeauto.tasks")")" "42501"
check "nor an actor for the audit trail: 42501" \
      "$(sqlstate_in "$(app "SET officeauto.user_id = '1'; SELECT officeauto.current_user_id()")")" "42501"
check "without authenticate a tenant query is refused with 28000, not answered empty" \
      "$(sqlstate_in "$(app "SELECT count(*) FROM officeauto.tasks")")" "28000"
check "after authenticate it sees its own organization only" \
      "$(app "BEGIN; SELECT officeauto.authenticate('$TOKEN') > 0; SELECT array_agg(DISTINCT organization_id) FROM officeauto.users; COMMIT;" | tr '\n' ' ')" "t {$ACME} "
check "a setting sent after authenticate does not move it to another organization" \
      "$(app "BEGIN; SELECT officeauto.authenticate('$TOKEN') > 0; SET LOCAL officeauto.organization_id = '$GLOBEX';
              SELECT count(*) FROM officeauto.users WHERE organization_id = $GLOBEX; COMMIT;" | tr '\n' ' ')" "t 0 "
check "security-definer functions see the same context (create_user in another organization: 42501)" \
      "$(sqlstate_in "$(app "BEGIN; SELECT officeauto.authenticate('$TOKEN'); SET LOCAL officeauto.organization_id = '$GLOBEX';
                       SELECT officeauto.create_user($GLOBEX, 'intruder', 'intruder@globex.example', 'X', 'pw-pw-pw'); COMMIT;")")" "42501"
app "BEGIN; SELECT officeauto.authenticate('$TOKEN'); UPDATE officeauto.tasks SET priority = 'urgent' WHERE title = 'Send proposal to Nordic Retail'; COMMIT;" >/dev/null
check "the audit row names the authenticated user and session" \
      "$(q "SELECT actor_user_id = (SELECT id FROM officeauto.users WHERE username = 'carol') AND session_id IS NOT NULL
              FROM officeauto.audit_logs WHERE table_name = 'officeauto.tasks' AND action = 'UPDATE' ORDER BY id DESC LIMIT 1")" "t"
check "the context ends with the transaction (the next one is refused with 28000)" \
      "$(sqlstate_in "$(app "BEGIN; SELECT officeauto.authenticate('$TOKEN') > 0; COMMIT; SELECT count(*) FROM officeauto.tasks;")")" "28000"
q "REASSIGN OWNED BY oa_tenant_app TO postgres; DROP OWNED BY oa_tenant_app; DROP ROLE oa_tenant_app" >/dev/null
exit $fail
