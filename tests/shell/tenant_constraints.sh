#!/usr/bin/env bash
# Constraints tell one organization nothing about another. A unique or exclusion check runs
# before the composite foreign key, so while those keys lacked organization_id, a row naming
# another organization's ids answered 23505/23P01 when the other organization held a matching
# row and 23503 when it did not: with sequential ids, its bookings and memberships could be
# read off the error codes. As an application LOGIN role of acme, every probe at globex's
# existing ids must now fail exactly like a probe at ids that exist nowhere; ids and public
# ids cannot be supplied at all, and login identifiers cannot be written directly.
source "$(dirname "$0")/../lib/tap.sh"
APP=oa_constraint_app
app() { psql -X -q -At -U "$APP" -d "$DB" -v VERBOSITY=verbose -c "$1" 2>&1; }
# The error as a shape: SQLSTATE, message and detail with every number replaced by N.
shape() { grep -E '^(ERROR|DETAIL):' <<<"$1" | sed -E 's/[0-9]+/N/g' | tr '\n' ' '; }
echo "1..20"

q "DROP ROLE IF EXISTS $APP; CREATE ROLE $APP LOGIN IN ROLE officeauto_app" >/dev/null 2>&1
ACME=$(q "SELECT id FROM officeauto.organizations WHERE slug = 'acme'")
GLOBEX=$(q "SELECT id FROM officeauto.organizations WHERE slug = 'globex'")
LEILA=$(q "SELECT id FROM officeauto.users WHERE username = 'leila'")
# An administrator, so permissions pass and the probes reach the constraints themselves.
q "INSERT INTO officeauto.user_roles (organization_id, user_id, role_id)
   SELECT $ACME, $LEILA, id FROM officeauto.roles WHERE organization_id = $ACME AND name = 'admin'
   ON CONFLICT DO NOTHING" >/dev/null
q "UPDATE officeauto.users SET password_hash = officeauto.hash_password('constraint-test-pw') WHERE id = $LEILA" >/dev/null
TOKEN=$(app "SELECT session_token FROM officeauto.login('leila', 'constraint-test-pw', 'api')")
AUTH="BEGIN; SELECT officeauto.authenticate('$TOKEN') > 0;"
NOWHERE=2000000000

# probe DESCRIPTION INSERT_AT_GLOBEX_IDS INSERT_AT_MISSING_IDS
probe() {
    local there nowhere
    there=$(app "$AUTH $2; ROLLBACK;")
    nowhere=$(app "$AUTH $3; ROLLBACK;")
    check "$1: globex's existing ids answer 23503" "$(sqlstate_in "$there")" "23503"
    check "$1: the same error, message and detail as ids that exist nowhere" "$(shape "$there")" "$(shape "$nowhere")"
}

# A globex booking, repeated by acme on the same resource and time.
read -r RES START END <<<"$(q "SELECT resource_id, extract(epoch FROM start_time), extract(epoch FROM end_time)
                                FROM officeauto.events
                               WHERE organization_id = $GLOBEX AND resource_id IS NOT NULL AND deleted_at IS NULL
                                 AND status <> 'cancelled' ORDER BY id LIMIT 1" | tr '|' ' ')"
book() { echo "INSERT INTO officeauto.events (organization_id, organizer_id, resource_id, title, start_time, end_time)
               VALUES ($ACME, $LEILA, $1, 'probe', to_timestamp($START), to_timestamp($END))"; }
probe "events (no double booking)" "$(book "$RES")" "$(book $NOWHERE)"

read -r PROJ MEMBER <<<"$(q "SELECT project_id, user_id FROM officeauto.project_members WHERE organization_id = $GLOBEX ORDER BY id LIMIT 1" | tr '|' ' ')"
member() { echo "INSERT INTO officeauto.project_members (organization_id, project_id, user_id, access_role_id)
                 VALUES ($ACME, $1, $2, (SELECT id FROM officeauto.access_role_reference WHERE code = 'viewer'))"; }
probe "project_members" "$(member "$PROJ" "$MEMBER")" "$(member $NOWHERE $((NOWHERE + 1)))"

read -r DOC VER <<<"$(q "SELECT document_id, version_number FROM officeauto.document_versions WHERE organization_id = $GLOBEX ORDER BY id LIMIT 1" | tr '|' ' ')"
version() { echo "INSERT INTO officeauto.document_versions (organization_id, document_id, version_number, checksum_sha256, size_bytes)
                  VALUES ($ACME, $1, $VER, repeat('a', 64), 1)"; }
probe "document_versions" "$(version "$DOC")" "$(version $NOWHERE)"

read -r CR APPROVER <<<"$(q "SELECT change_request_id, approver_id FROM officeauto.change_request_approvals WHERE organization_id = $GLOBEX ORDER BY id LIMIT 1" | tr '|' ' ')"
approval() { echo "INSERT INTO officeauto.change_request_approvals (organization_id, change_request_id, approver_id)
                   VALUES ($ACME, $1, $2)"; }
probe "change_request_approvals" "$(approval "$CR" "$APPROVER")" "$(approval $NOWHERE $((NOWHERE + 1)))"

read -r TPROJ TAG <<<"$(q "SELECT project_id, tag_id FROM officeauto.project_tags WHERE organization_id = $GLOBEX ORDER BY id LIMIT 1" | tr '|' ' ')"
tag() { echo "INSERT INTO officeauto.project_tags (organization_id, project_id, tag_id) VALUES ($ACME, $1, $2)"; }
probe "project_tags" "$(tag "$TPROJ" "$TAG")" "$(tag $NOWHERE $((NOWHERE + 1)))"

read -r ROLE PERM <<<"$(q "SELECT role_id, permission_id FROM officeauto.role_permissions WHERE organization_id = $GLOBEX ORDER BY id LIMIT 1" | tr '|' ' ')"
grant() { echo "INSERT INTO officeauto.role_permissions (organization_id, role_id, permission_id) VALUES ($ACME, $1, $PERM)"; }
probe "role_permissions" "$(grant "$ROLE")" "$(grant $NOWHERE)"

read -r RUSER RROLE <<<"$(q "SELECT user_id, role_id FROM officeauto.user_roles WHERE organization_id = $GLOBEX ORDER BY id LIMIT 1" | tr '|' ' ')"
assign() { echo "INSERT INTO officeauto.user_roles (organization_id, user_id, role_id) VALUES ($ACME, $1, $2)"; }
probe "user_roles" "$(assign "$RUSER" "$RROLE")" "$(assign $NOWHERE $((NOWHERE + 1)))"

# Keys are the server's: a tenant cannot even name one, so it cannot probe one.
read -r GTASK GPUB <<<"$(q "SELECT id, public_id FROM officeauto.tasks WHERE organization_id = $GLOBEX ORDER BY id LIMIT 1" | tr '|' ' ')"
check "a public_id cannot be supplied on INSERT: 42501" \
      "$(sqlstate_in "$(app "$AUTH INSERT INTO officeauto.tasks (organization_id, title, public_id) VALUES ($ACME, 'probe', '$GPUB'); ROLLBACK;")")" "42501"
check "an id cannot be supplied with OVERRIDING SYSTEM VALUE: 42501" \
      "$(sqlstate_in "$(app "$AUTH INSERT INTO officeauto.tasks (id, organization_id, title) OVERRIDING SYSTEM VALUE VALUES ($GTASK, $ACME, 'probe'); ROLLBACK;")")" "42501"
check "a public_id cannot be rewritten by UPDATE: 42501" \
      "$(sqlstate_in "$(app "$AUTH UPDATE officeauto.tasks SET public_id = '$GPUB' WHERE organization_id = $ACME; ROLLBACK;")")" "42501"

# Login identifiers are unique across the installation, so they are not the tenant's to write.
GMAIL=$(q "SELECT email FROM officeauto.users WHERE organization_id = $GLOBEX ORDER BY id LIMIT 1")
check "an account cannot be inserted directly (create_user() is the way): 42501" \
      "$(sqlstate_in "$(app "$AUTH INSERT INTO officeauto.users (organization_id, username, email, full_name, password_hash)
                             VALUES ($ACME, 'probe_user', '$GMAIL', 'Probe', '!'); ROLLBACK;")")" "42501"
check "an e-mail address cannot be rewritten directly: 42501" \
      "$(sqlstate_in "$(app "$AUTH UPDATE officeauto.users SET email = '$GMAIL' WHERE id = $LEILA; ROLLBACK;")")" "42501"
check "the application still writes its own rows" \
      "$(app "$AUTH INSERT INTO officeauto.tasks (organization_id, title) VALUES ($ACME, 'constraint probe') RETURNING title; ROLLBACK;" | tail -1)" \
      "constraint probe"

q "DROP OWNED BY $APP; DROP ROLE $APP" >/dev/null
exit $fail
