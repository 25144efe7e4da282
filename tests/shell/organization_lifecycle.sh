#!/usr/bin/env bash
# Organization lifecycle as production meets it, over TCP with scram-sha-256: the tenant
# application is a non-superuser LOGIN role in officeauto_app, the platform operator one in
# officeauto_admin. Suspension stops logins (OA006 after a right password, OA001 after a wrong
# one) and sessions (authenticate, validate_session, refresh: OA006) without revoking them;
# reactivation brings the old session back; the seat limit holds for one creation (OA007,
# nothing changed) and for two racing ones (exactly one wins, under READ COMMITTED and
# REPEATABLE READ); deletion is final; the application cannot run any of it.
source "$(dirname "$0")/../lib/tap.sh"
echo "1..31"

RUN=$(new_key_hex | cut -c1-6)
PW="lc-app-$(new_key_hex | cut -c1-16)"
APW="lc-adm-$(new_key_hex | cut -c1-16)"
q "DROP ROLE IF EXISTS oa_lc_app; CREATE ROLE oa_lc_app LOGIN PASSWORD '$PW' IN ROLE officeauto_app;
   DROP ROLE IF EXISTS oa_lc_admin; CREATE ROLE oa_lc_admin LOGIN PASSWORD '$APW' IN ROLE officeauto_admin" >/dev/null
# app SQL / admin SQL: over TCP as the application / the operator, verbose errors.
app() { PGPASSWORD="$PW" psql -X -q -At -h 127.0.0.1 -U oa_lc_app -d "$DB" -v VERBOSITY=verbose -c "$1" 2>&1; }
admin() { PGPASSWORD="$APW" psql -X -q -At -h 127.0.0.1 -U oa_lc_admin -d "$DB" -v VERBOSITY=verbose -c "$1" 2>&1; }
IP=198.18.0.7  # a network of its own: failures here count against nobody else's limit
login() { app "SELECT session_token || ' ' || refresh_token FROM officeauto.login('$1', '$2', '${3:-web}', '$IP')"; }

# An organization of its own and its first users (create_user in its context, as the DBA).
ORG_PID=$(q "INSERT INTO officeauto.organizations (name, slug) VALUES ('Lifecycle $RUN', 'lc-$RUN') RETURNING public_id")
ORG=$(q "SELECT id FROM officeauto.organizations WHERE public_id = '$ORG_PID'")
add_user() { # add_user SESSION|dba NAME [ISOLATION [SQL]]: create_user in the organization; prints the outcome
    local sql="SELECT officeauto.create_user($ORG, '$2-$RUN', '$2-$RUN@lc.example', 'User $2', 'lc-$2-pw-harbour') IS NOT NULL"
    if [ "$1" = dba ]; then
        q "BEGIN; SELECT set_config('officeauto.organization_id', '$ORG', true) IS NULL; $sql; COMMIT;"
    else
        app "BEGIN ISOLATION LEVEL ${3:-READ COMMITTED}; SELECT officeauto.authenticate('$1') > 0; $sql; ${4:-} COMMIT;"
    fi
}
add_user dba owner >/dev/null
add_user dba ann >/dev/null
seats() { q "SELECT count(*) FROM officeauto.users WHERE organization_id = $ORG AND status = 'active' AND deleted_at IS NULL"; }
check "the organization starts with two users (create_user)" "$(seats)" "2"

read -r S R <<<"$(login "owner-$RUN" 'lc-owner-pw-harbour')"
check "its owner logs in" "${#S}/${#R}" "43/43"
check "the session authenticates" "$(app "SELECT officeauto.authenticate('$S') > 0")" "t"

# --- The application runs none of the operator's functions.
check "an application login cannot suspend its organization: 42501" \
      "$(sqlstate_in "$(app "SELECT officeauto.suspend_organization('$ORG_PID', 'x')")")" "42501"
check "... nor set its subscription: 42501" \
      "$(sqlstate_in "$(app "SELECT officeauto.set_subscription('$ORG_PID', 'enterprise', 'active', NULL, NULL)")")" "42501"
check "... nor reactivate or delete it: 42501/42501" \
      "$(sqlstate_in "$(app "SELECT officeauto.reactivate_organization('$ORG_PID')")")/$(sqlstate_in "$(app "SELECT officeauto.delete_organization('$ORG_PID')")")" \
      "42501/42501"
check "... nor write the columns directly, even authenticated: 42501" \
      "$(sqlstate_in "$(app "BEGIN; SELECT officeauto.authenticate('$S'); UPDATE officeauto.organizations SET seat_limit = NULL; COMMIT;")")" "42501"
check "... but reads its own subscription" \
      "$(app "BEGIN; SELECT officeauto.authenticate('$S') > 0; SELECT status || '/' || subscription_status || '/' || coalesce(seat_limit::text, 'unlimited') FROM officeauto.organizations; COMMIT;" | tr '\n' ' ')" \
      "t active/active/unlimited "

# --- Suspension.
check "the operator suspends the organization" "$(admin "SELECT officeauto.suspend_organization('$ORG_PID', 'Invoice 2026-04 unpaid')")" "t"
check "login with the right password: OA006" "$(sqlstate_in "$(login "owner-$RUN" 'lc-owner-pw-harbour' mobile)")" "OA006"
check "... saying only that the organization is suspended (no reason, no secret)" \
      "$(login "owner-$RUN" 'lc-owner-pw-harbour' mobile | grep -c 'ERROR:  OA006: organization suspended$')/$(login "owner-$RUN" 'lc-owner-pw-harbour' mobile | grep -c 'Invoice')" "1/0"
check "login with a wrong password: OA001, like any wrong password (status not revealed)" \
      "$(sqlstate_in "$(login "owner-$RUN" 'not-the-password' mobile)")" "OA001"
check "the existing session's authenticate: OA006" "$(sqlstate_in "$(app "SELECT officeauto.authenticate('$S')")")" "OA006"
check "... validate_session: OA006" "$(sqlstate_in "$(app "SELECT officeauto.validate_session('$S')")")" "OA006"
check "... refresh_session: OA006" "$(sqlstate_in "$(app "SELECT * FROM officeauto.refresh_session('$R')")")" "OA006"
check "nothing was revoked" "$(q "SELECT count(*) FROM officeauto.user_sessions WHERE organization_id = $ORG AND revoked_at IS NULL")" "1"

check "the operator reactivates it" "$(admin "SELECT officeauto.reactivate_organization('$ORG_PID')")" "t"
check "the old session works again" "$(app "SELECT officeauto.authenticate('$S') = officeauto.validate_session('$S')")" "t"
read -r S R <<<"$(app "SELECT session_token || ' ' || refresh_token FROM officeauto.refresh_session('$R')")"
check "... and so does its refresh token" "${#S}/${#R}" "43/43"
check "suspension and reactivation are in the organization's audit trail" \
      "$(admin "SELECT count(*) FROM officeauto.audit_logs WHERE table_name = 'officeauto.organizations' AND organization_id = $ORG
                   AND action = 'UPDATE' AND 'status' = ANY (changed_columns)")" "2"

# --- Seat limit: one creation.
admin "SELECT officeauto.set_subscription('$ORG_PID', 'standard', 'active', now() + interval '30 days', $(seats))" >/dev/null
out=$(add_user "$S" bea)
check "create_user with every seat taken: OA007" "$(sqlstate_in "$out")" "OA007"
check "... whose DETAIL gives the limit" "$(grep -c 'DETAIL:  The organization.s seat limit is 2 active users; 2 are in use.' <<<"$out")" "1"
check "... and nothing changed" "$(q "SELECT count(*) FROM officeauto.users WHERE organization_id = $ORG")/$(seats)" "2/2"

# --- Seat limit: two creations racing for the last seat. The first holds its transaction
# open after taking the seat; the second (another session of the same
# administrator) starts meanwhile and must wait for it, then lose.
SA=$(app "SELECT session_token FROM officeauto.login('owner-$RUN', 'lc-owner-pw-harbour', 'api', '$IP')")  # a second session of the owner
race() { # race ISOLATION TAG: prints the two outcomes, first then second
    local first second
    first=$(mktemp)
    admin "SELECT officeauto.set_subscription('$ORG_PID', 'standard', 'active', NULL, $(($(seats) + 1)))" >/dev/null
    add_user "$S" "r1$2" "$1" "SELECT pg_sleep(2);" >"$first" &
    sleep 0.7
    second=$(add_user "$SA" "r2$2" "$1")
    wait
    echo "$(sqlstate_in "$(cat "$first")")/$(sqlstate_in "$second")"
    rm -f "$first"
}
before=$(seats)
check "READ COMMITTED: the first takes the last seat, the second gets OA007" "$(race 'READ COMMITTED' rc)" "ok/OA007"
check "... exactly one seat more" "$(seats)" "$((before + 1))"
before=$(seats)
check "REPEATABLE READ: the first takes it, the second gets 40001 (retry), never a seat too many" \
      "$(race 'REPEATABLE READ' rr)" "ok/40001"
check "... exactly one seat more" "$(seats)" "$((before + 1))"

# --- Deletion is final.
check "the operator deletes the organization" "$(admin "SELECT officeauto.delete_organization('$ORG_PID')")" "t"
check "its sessions are revoked (28000) and its refresh tokens too (OA011)" \
      "$(sqlstate_in "$(app "SELECT officeauto.authenticate('$S')")")/$(sqlstate_in "$(app "SELECT * FROM officeauto.refresh_session('$R')")")" \
      "28000/OA011"
check "a login with the right password: OA006" "$(sqlstate_in "$(login "owner-$RUN" 'lc-owner-pw-harbour')")" "OA006"
check "it is never reactivated: 55000" \
      "$(sqlstate_in "$(admin "SELECT officeauto.reactivate_organization('$ORG_PID')")")" "55000"

q "DELETE FROM officeauto.failed_login_attempts WHERE ip_address <<= '198.18.0.0/24'" >/dev/null
q "REASSIGN OWNED BY oa_lc_app, oa_lc_admin TO postgres; DROP OWNED BY oa_lc_app, oa_lc_admin;
   DROP ROLE oa_lc_app; DROP ROLE oa_lc_admin" >/dev/null
exit $fail
