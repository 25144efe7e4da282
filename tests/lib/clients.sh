# The example clients' test (issue 16, point 5), shared by tests/shell/clients_python.sh and
# clients_node.sh: eight users of the sample organization acme, each with a distinct address
# and user agent, run the client's full flow concurrently through PgBouncer (transaction
# pooling, two server connections), as the application LOGIN role over TCP. The client checks
# each request's context as it goes and reports; this file checks the report and, in the
# database, the audit rows each user's requests produced.
# shellcheck shell=bash
source "$(dirname "${BASH_SOURCE[0]}")/pgbouncer.sh"

CLIENT_USERS=8

# client_test NAME COMMAND...: runs COMMAND (the client, given the users as arguments) and
# checks it. 19 TAP lines.
client_test() {
    local name=$1 i u
    shift
    RUN=$(new_key_hex | cut -c1-6)
    app_login "oa_cli_$name"
    ACME=$(q "SELECT id FROM officeauto.organizations WHERE slug = 'acme'")
    local users=()
    for i in $(seq "$CLIENT_USERS"); do
        u="cli$name$i-$RUN"
        mk "$u" "pw-$u-long"
        q "DELETE FROM officeauto.user_roles WHERE user_id = (SELECT id FROM officeauto.users WHERE username = '$u');
           INSERT INTO officeauto.user_roles (organization_id, user_id, role_id)
           SELECT $ACME, (SELECT id FROM officeauto.users WHERE username = '$u'), id
             FROM officeauto.roles WHERE organization_id = $ACME AND name = 'admin' AND is_system" >/dev/null
        users+=("$u:pw-$u-long:198.51.100.$((20 + i)):officeauto-$name-example/$i-$RUN")
    done
    pgbouncer_start "$APP"
    check "PgBouncer runs in transaction mode with a pool of 2" \
          "$(bouncer_app "SELECT 1")" "1"

    local out rc
    out=$(PGHOST=127.0.0.1 PGPORT="$BOUNCER_PORT" PGUSER="$APP" PGPASSWORD="$APP_PW" PGDATABASE="$DB" \
          "$@" --credential 'ERP API' "${users[@]}" 2>"${BOUNCER_DIR}/client.err")
    rc=$?
    check "the $name client ran the whole flow for $CLIENT_USERS users and exited 0" "$rc" "0"
    [ "$rc" = 0 ] || sed 's/^/# client: /' "${BOUNCER_DIR}/client.err" | tail -20
    local facts
    facts=$(python3 "$(dirname "${BASH_SOURCE[0]}")/client_report.py" <<<"$out") || facts=""
    [ -z "${CLIENT_TEST_DEBUG:-}" ] || sed "s/^/# fact: /" <<<"$facts"
    fact() { awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print; exit }' <<<"$facts"; }
    check "report: $CLIENT_USERS users" "$(fact users)" "$CLIENT_USERS"
    check "report: every request saw its own user, session, address and agent (no problem reported)" \
          "$(fact problems)" "0"
    grep '^problem ' <<<"$facts" | head -5 | sed 's/^/# /'
    check "report: no request's context named another user's address or agent" "$(fact foreign_context)" "0"
    check "report: each user authenticated with its login session and again after refresh_session()" "$(fact sessions_per_user)" "2"
    check "report: errors handled by SQLSTATE (unknown credential P0002, old token after refresh 28000, after logout 28000)" \
          "$(fact errors)" '{"after_logout": "28000", "old_session_after_refresh": "28000", "unknown_credential": "P0002"}'
    check "report: every user revealed the credential (the secret itself is not in the report)" "$(fact revealed)" "True"
    check "report: the secret is not in the client's output" "$(grep -c 'demo-erp-api-secret' <<<"$out$(cat "${BOUNCER_DIR}/client.err")")" "0"
    check "interleaved: all requests ran on at most 2 server connections" \
          "$([ "$(fact server_pids)" -ge 1 ] && [ "$(fact server_pids)" -le 2 ] && echo yes)" "yes"
    check "... each shared by several users" "$(fact pids_shared_by_users)" "$(fact server_pids)"
    check "... and requests found another user's session-level setting on their server connection (yet ignored it)" \
          "$([ "$(fact exposed_requests)" -gt 0 ] && echo yes)" "yes"

    # In the database: every audit row of each user's sessions carries that user's address
    # and agent, never the pool's, never another user's.
    local rows="" bad="" cred="" assigned="" sessions=""
    while read -r _ user sids ip agent task to; do
        sessions+="${sids},"
        rows+="$(q "SELECT count(*) FROM officeauto.audit_logs WHERE session_id IN ($sids)") "
        bad+="$(q "SELECT count(*) FROM officeauto.audit_logs WHERE session_id IN ($sids)
                     AND (host(ip_address) IS DISTINCT FROM '$ip' OR user_agent IS DISTINCT FROM '$agent')") "
        cred+="$(q "SELECT count(*) FILTER (WHERE host(ip_address) = '$ip' AND user_agent = '$agent') || '/' || count(*)
                      FROM officeauto.credential_audit_logs
                     WHERE user_id = (SELECT id FROM officeauto.users WHERE username = '$user') AND action = 'decrypt'") "
        assigned+="$(q "SELECT u.username = '$to' FROM officeauto.tasks t JOIN officeauto.users u ON u.id = t.assignee_id
                         WHERE t.public_id = '$task'") "
    done < <(grep '^user ' <<<"$facts")
    sessions=${sessions%,}
    check "audit: every user's requests wrote audit rows" \
          "$(tr ' ' '\n' <<<"$rows" | grep -c '^[1-9]')" "$CLIENT_USERS"
    check "audit: every row carries its user's own address and agent" "$(tr -d ' 0' <<<"$bad")" ""
    check "audit: no row of these sessions has the pool's address (127.0.0.1) or a left-over setting" \
          "$(q "SELECT count(*) FROM officeauto.audit_logs WHERE session_id IN (${sessions:-0})
                 AND (host(ip_address) IN ('127.0.0.1', '::1') OR host(ip_address) LIKE '192.0.2.%' OR user_agent LIKE 'poison-%')")" "0"
    check "credential_audit_logs: each user's decrypt row has that user's address and agent" \
          "$(tr ' ' '\n' <<<"$cred" | grep -c '^1/1$')" "$CLIENT_USERS"
    check "tasks: each user's new task is assigned to the next user" \
          "$(tr ' ' '\n' <<<"$assigned" | grep -c '^t$')" "$CLIENT_USERS"
    check "comments: each task has its comment, by its creator" \
          "$(q "SELECT count(*) FROM officeauto.comments c JOIN officeauto.tasks t ON t.public_id = c.entity_id
                 WHERE c.entity_type = 'task' AND c.author_id = t.created_by AND t.title LIKE 'Payroll check by cli${name}%-$RUN %'")" \
          "$CLIENT_USERS"
    check "sessions: all ended (logged out, or replaced by the refresh)" \
          "$(q "SELECT count(*) FROM officeauto.user_sessions WHERE id IN (${sessions:-0}) AND revoked_at IS NULL")" "0"
}
