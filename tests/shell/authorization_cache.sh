#!/usr/bin/env bash
# Permissions are kept in backend memory across transactions (src/authz.rs), so a pooled
# application connection must see every change to grants made elsewhere from its next
# transaction on: a role taken away or given back, a permission removed from a role, a project
# membership ended, a project deleted, and never a change that was rolled back. Under
# REPEATABLE READ a transaction keeps judging by its snapshot. One application connection stays
# open throughout (a pool's), while a DBA's connection changes the grants.
source "$(dirname "$0")/../lib/tap.sh"
echo "1..18"

RUN=$(new_key_hex | cut -c1-6)
app_login oa_authz_cache_app
ORG=$(q "SELECT id FROM officeauto.organizations WHERE slug = 'acme'")
USER_ID=$(q "INSERT INTO officeauto.users (organization_id, username, email, full_name, password_hash)
             VALUES ($ORG, 'cache-$RUN', 'cache-$RUN@acme.example', 'Cache $RUN',
                     officeauto.hash_password('cache password $RUN')) RETURNING id")
MEMBER=$(q "SELECT id FROM officeauto.roles WHERE organization_id = $ORG AND name = 'member'")
q "INSERT INTO officeauto.user_roles (organization_id, user_id, role_id) VALUES ($ORG, $USER_ID, $MEMBER)
   ON CONFLICT DO NOTHING" >/dev/null
PROJECT=$(q "INSERT INTO officeauto.projects (organization_id, code, name, status)
             VALUES ($ORG, 'C${RUN^^}', 'Cache $RUN', 'active') RETURNING id")
ACCESS=$(q "SELECT id FROM officeauto.access_role_reference WHERE can_edit AND NOT can_manage ORDER BY id LIMIT 1")
q "INSERT INTO officeauto.project_members (organization_id, project_id, user_id, access_role_id)
   VALUES ($ORG, $PROJECT, $USER_ID, $ACCESS)" >/dev/null
TOKEN=$(app "SELECT session_token FROM officeauto.login('cache-$RUN', 'cache password $RUN', 'api')")

# The pooled connection: one psql kept open, one line in, one answer out.
coproc POOLED { PGPASSWORD="$APP_PW" psql -X -q -At -h 127.0.0.1 -U "$APP" -d "$DB" 2>&1; }
ask() { echo "$1" >&"${POOLED[1]}"; local line; read -r -t 30 line <&"${POOLED[0]}"; echo "$line"; }
may() {  # may RESOURCE ACTION [PROJECT]: has_permission in a request of its own (the project by its public id)
    local project=NULL
    [ -z "${3:-}" ] || project="'$(q "SELECT public_id FROM officeauto.projects WHERE id = $3")'"
    ask "BEGIN; SELECT officeauto.authenticate('$TOKEN') > 0 AND officeauto.has_permission('$1', '$2', $project); COMMIT;"
}

check "a member may create tasks" "$(may TASK CREATE)" "t"
q "DELETE FROM officeauto.user_roles WHERE user_id = $USER_ID AND role_id = $MEMBER" >/dev/null
check "the role taken away elsewhere: refused from the pooled connection's next request" "$(may TASK CREATE)" "f"
q "INSERT INTO officeauto.user_roles (organization_id, user_id, role_id) VALUES ($ORG, $USER_ID, $MEMBER)" >/dev/null
check "the role given back: allowed again" "$(may TASK CREATE)" "t"

# Made where ordinary triggers do not fire (a logical replication apply worker, a DBA's bulk
# load under session_replication_role = replica): counted all the same.
q "SET session_replication_role = replica; DELETE FROM officeauto.user_roles WHERE user_id = $USER_ID AND role_id = $MEMBER" >/dev/null
check "a revocation made under session_replication_role = replica: refused" "$(may TASK CREATE)" "f"
q "SET session_replication_role = replica; INSERT INTO officeauto.user_roles (organization_id, user_id, role_id) VALUES ($ORG, $USER_ID, $MEMBER)" >/dev/null
check "... and the grant given back there: allowed" "$(may TASK CREATE)" "t"

# A change that is rolled back never counts, while it is open or after.
coproc DBA { psql -X -q -At -d "$DB" 2>&1; }
dba() { echo "$1" >&"${DBA[1]}"; }
dba "BEGIN; DELETE FROM officeauto.user_roles WHERE user_id = $USER_ID AND role_id = $MEMBER; SELECT 'deleted';"
read -r -t 30 line <&"${DBA[0]}"
check "a revocation not yet committed does not count" "$(may TASK CREATE)" "t"
dba "ROLLBACK; SELECT 'rolled back';"
read -r -t 30 line <&"${DBA[0]}"
check "... nor once rolled back" "$(may TASK CREATE)" "t"
echo '\q' >&"${DBA[1]}"

# The grant tables behind a role: a permission taken from the role.
PERM=$(q "SELECT p.id FROM officeauto.permissions p JOIN officeauto.role_permissions rp ON rp.permission_id = p.id
           WHERE rp.role_id = $MEMBER AND p.resource = 'TASK' AND p.action = 'CREATE'")
SCOPE=$(q "SELECT scope FROM officeauto.permissions WHERE id = $PERM")
q "DELETE FROM officeauto.role_permissions WHERE role_id = $MEMBER AND permission_id = $PERM" >/dev/null
check "TASK CREATE removed from the member role: refused" "$(may TASK CREATE)" "f"
q "INSERT INTO officeauto.role_permissions (organization_id, role_id, permission_id) VALUES ($ORG, $MEMBER, $PERM)" >/dev/null
check "... and put back: allowed" "$(may TASK CREATE)" "t"

# Project scope: membership and the project itself.
if [ "$SCOPE" = "PROJECT" ]; then
    check "in the project the member edits: allowed" "$(may TASK UPDATE "$PROJECT")" "t"
    q "UPDATE officeauto.project_members SET is_active = false WHERE project_id = $PROJECT AND user_id = $USER_ID" >/dev/null
    check "membership ended elsewhere: refused in that project" "$(may TASK UPDATE "$PROJECT")" "f"
    q "UPDATE officeauto.project_members SET is_active = true WHERE project_id = $PROJECT AND user_id = $USER_ID" >/dev/null
    check "membership resumed: allowed" "$(may TASK UPDATE "$PROJECT")" "t"
    q "UPDATE officeauto.projects SET deleted_at = now() WHERE id = $PROJECT" >/dev/null
    check "the project deleted: its membership counts no more" "$(may TASK UPDATE "$PROJECT")" "f"
else
    for what in "project member edits" "membership ended" "membership resumed" "project deleted"; do
        n=$((n + 1)); echo "ok $n - # skip the member role's TASK CREATE is $SCOPE-scoped here ($what)"
    done
fi

# REPEATABLE READ: the transaction's snapshot decides, to its end.
ask "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT officeauto.authenticate('$TOKEN') > 0 AND officeauto.has_permission('TASK', 'CREATE');" >/dev/null
q "DELETE FROM officeauto.user_roles WHERE user_id = $USER_ID AND role_id = $MEMBER" >/dev/null
check "REPEATABLE READ: a revocation committed after the snapshot is not seen by that transaction" \
      "$(ask "SELECT officeauto.has_permission('TASK', 'CREATE');")" "t"
ask "COMMIT; SELECT 'committed';" >/dev/null
check "... and is, from the next transaction" "$(may TASK CREATE)" "f"

# READ COMMITTED: a revocation committed after a request's authenticate() and before its first
# permission check counts for that check.
q "INSERT INTO officeauto.user_roles (organization_id, user_id, role_id) VALUES ($ORG, $USER_ID, $MEMBER)" >/dev/null
check "the role given back once more: allowed" "$(may TASK CREATE)" "t"
ask "BEGIN; SELECT officeauto.authenticate('$TOKEN') > 0;" >/dev/null
q "DELETE FROM officeauto.user_roles WHERE user_id = $USER_ID AND role_id = $MEMBER" >/dev/null
check "a revocation committed within a request, before its first check: refused" \
      "$(ask "SELECT officeauto.has_permission('TASK', 'CREATE');")" "f"
ask "COMMIT; SELECT 'committed';" >/dev/null

check "the pooled connection answered every request in one backend" \
      "$(ask "SELECT count(*) FROM pg_stat_activity WHERE usename = '$APP';")" "1"
echo '\q' >&"${POOLED[1]}"
exit $fail
