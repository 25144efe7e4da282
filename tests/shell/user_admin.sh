#!/usr/bin/env bash
# Account administration as an application uses it: an application LOGIN role over TCP, users
# of each kind logged in with their own sessions. unlock_user, deactivate_user,
# reactivate_user, delete_user, list_users and erase_user_personal_data: happy paths and
# refusals (no permission, other organization, oneself, last owner, seat limit, bad
# parameters), pagination across pages, and erasure leaving no personal value in the account,
# the audit trail or the failed-login records while ids and row counts stay.
source "$(dirname "$0")/../lib/tap.sh"
echo "1..53"

RUN=$(new_key_hex | cut -c1-6)
app_login oa_uadm_app
# login USER PASSWORD [CLIENT] [IP]: a session token (or the error).
# Its own network (198.18.40.0/24): other tests record failed logins and wrong current passwords
# from 198.51.100.0/24 within the lockout window, and past officeauto.ip_failure_limit that
# network needs a captcha, which the unlock checks below must not meet.
login() { app "SELECT session_token FROM officeauto.login('$1', '$2', '${3:-web}', '${4:-198.18.40.10}', NULL, ${5:-false})"; }
ACME=$(q "SELECT id FROM officeauto.organizations WHERE slug = 'acme'")
uid() { q "SELECT id FROM officeauto.users WHERE username = '$1' AND deleted_at IS NULL"; }
pid() { q "SELECT public_id FROM officeauto.users WHERE username = '$1' AND deleted_at IS NULL"; }
grant_role() {
    q "DELETE FROM officeauto.user_roles WHERE user_id = $(uid "$1");
       INSERT INTO officeauto.user_roles (organization_id, user_id, role_id)
       SELECT $ACME, $(uid "$1"), id FROM officeauto.roles WHERE organization_id = $ACME AND name = '$2' AND is_system" >/dev/null
}

# Accounts: an admin, a manager, a member, and targets.
for r in adm mgr mem t1 t2 t3 t4; do mk "ua$r-$RUN" "pw-$r-$RUN-long"; done
grant_role "uaadm-$RUN" admin
grant_role "uamgr-$RUN" manager
ADM=$(login "uaadm-$RUN" "pw-adm-$RUN-long")
MGR=$(login "uamgr-$RUN" "pw-mgr-$RUN-long")
MEM=$(login "uamem-$RUN" "pw-mem-$RUN-long")
T1=$(pid "uat1-$RUN"); T2=$(pid "uat2-$RUN"); T3=$(pid "uat3-$RUN"); T4=$(pid "uat4-$RUN")
check "test accounts log in through the application role" "${#ADM}/${#MGR}/${#MEM}" "43/43/43"
GLOBEX_USER=$(q "SELECT u.public_id FROM officeauto.users u JOIN officeauto.organizations o ON o.id = u.organization_id
                  WHERE o.slug = 'globex' AND u.deleted_at IS NULL LIMIT 1")

# --- Refusals common to every function.
for f in unlock_user deactivate_user reactivate_user delete_user erase_user_personal_data; do
    check "$f by a member: 42501" "$(sqlstate_in "$(as "$MEM" "SELECT officeauto.$f('$T1')")")" "42501"
done
check "deactivate_user by a manager (USER UPDATE SELF only): 42501" "$(sqlstate_in "$(as "$MGR" "SELECT officeauto.deactivate_user('$T1')")")" "42501"
check "delete_user by a manager: 42501" "$(sqlstate_in "$(as "$MGR" "SELECT officeauto.delete_user('$T1')")")" "42501"
check "another organization's user: P0002, as an unknown id" \
      "$(sqlstate_in "$(as "$ADM" "SELECT officeauto.deactivate_user('$GLOBEX_USER')")") $(sqlstate_in "$(as "$ADM" "SELECT officeauto.deactivate_user(gen_random_uuid())")")" "P0002 P0002"
check "NULL user: 22023" "$(sqlstate_in "$(as "$ADM" "SELECT officeauto.unlock_user(NULL)")")" "22023"
check "without authentication: 28000" "$(sqlstate_in "$(app "SELECT officeauto.deactivate_user('$T1')")")" "28000"
check "an administrator cannot deactivate, delete or unlock their own account: OA090" \
      "$(sqlstate_in "$(as "$ADM" "SELECT officeauto.deactivate_user('$(pid "uaadm-$RUN")')")") $(sqlstate_in "$(as "$ADM" "SELECT officeauto.delete_user('$(pid "uaadm-$RUN")')")") $(sqlstate_in "$(as "$ADM" "SELECT officeauto.unlock_user('$(pid "uaadm-$RUN")')")")" \
      "OA090 OA090 OA090"

# --- Deactivation ends every session and refresh token.
login "uat1-$RUN" "pw-t1-$RUN-long" web >/dev/null
login "uat1-$RUN" "pw-t1-$RUN-long" mobile >/dev/null
check "the target holds two live sessions" "$(q "SELECT count(*) FROM officeauto.user_sessions WHERE user_id = $(uid "uat1-$RUN") AND revoked_at IS NULL")" "2"
check "deactivate_user: true" "$(as "$ADM" "SELECT officeauto.deactivate_user('$T1')")" "t"
check "... the account is inactive and its sessions and refresh tokens ended as user_disabled" \
      "$(q "SELECT u.status, (SELECT string_agg(DISTINCT coalesce(s.revoke_reason, 'live'), ',') FROM officeauto.user_sessions s WHERE s.user_id = u.id),
                   (SELECT string_agg(DISTINCT coalesce(r.revoke_reason, 'live'), ',') FROM officeauto.refresh_tokens r WHERE r.user_id = u.id)
              FROM officeauto.users u WHERE u.public_id = '$T1'")" "inactive|user_disabled|user_disabled"
check "... it cannot log in (OA005)" "$(sqlstate_in "$(login "uat1-$RUN" "pw-t1-$RUN-long")")" "OA005"
check "... the event is in the audit trail, actor the administrator" \
      "$(q "SELECT action || ' ' || (actor_user_id = $(uid "uaadm-$RUN")) || ' ' || (metadata ->> 'sessions_ended') FROM officeauto.audit_logs
             WHERE action = 'user.deactivated' AND (metadata ->> 'user_id')::bigint = (SELECT id FROM officeauto.users WHERE public_id = '$T1')")" "user.deactivated true 2"
check "deactivating again: false" "$(as "$ADM" "SELECT officeauto.deactivate_user('$T1')")" "f"
# The last owner, in an organization of its own (acme's owners depend on earlier tests): its
# first account is the owner, the second is made admin.
q "INSERT INTO officeauto.organizations (name, slug) VALUES ('Owner test $RUN', 'uadm-$RUN')" >/dev/null
ORG2=$(q "SELECT id FROM officeauto.organizations WHERE slug = 'uadm-$RUN'")
for r in own adm; do
    q "BEGIN; SELECT set_config('officeauto.organization_id', '$ORG2', true);
       SELECT officeauto.create_user($ORG2, 'uo$r-$RUN', 'uo$r-$RUN@owner.example', 'Owner test $r', 'pw-o$r-$RUN-long'); COMMIT;" >/dev/null
done
q "INSERT INTO officeauto.user_roles (organization_id, user_id, role_id)
   SELECT $ORG2, $(uid "uoadm-$RUN"), id FROM officeauto.roles WHERE organization_id = $ORG2 AND name = 'admin'" >/dev/null
ADM2=$(login "uoadm-$RUN" "pw-oadm-$RUN-long" web 198.18.40.20)
check "an admin may not deactivate or delete the owner (only owners act on owners): 42501" \
      "$(sqlstate_in "$(as "$ADM2" "SELECT officeauto.deactivate_user('$(pid "uoown-$RUN")')")") $(sqlstate_in "$(as "$ADM2" "SELECT officeauto.delete_user('$(pid "uoown-$RUN")')")") $(q "SELECT status FROM officeauto.users WHERE username = 'uoown-$RUN'")" "42501 42501 active"
check "the last active owner cannot be deactivated or deleted, even by a trusted connection: OA060" \
      "$(sqlstate_of "BEGIN; SELECT set_config('officeauto.organization_id', '$ORG2', true); UPDATE officeauto.users SET status = 'inactive' WHERE username = 'uoown-$RUN'; COMMIT")" "OA060"

# A suspended organization takes no account back (OA006); a trusted maintenance connection
# (context set directly) passes the permission check and meets the seats trigger.
q "UPDATE officeauto.users SET status = 'inactive' WHERE username = 'uoadm-$RUN';
   UPDATE officeauto.organizations SET status = 'suspended', suspended_at = now(), suspension_reason = 'test' WHERE id = $ORG2" >/dev/null
check "reactivation in a suspended organization: OA006" \
      "$(sqlstate_of "BEGIN; SELECT set_config('officeauto.organization_id', '$ORG2', true); SELECT officeauto.reactivate_user('$(q "SELECT public_id FROM officeauto.users WHERE username = 'uoadm-$RUN'")'); COMMIT;")" "OA006"

# --- Reactivation and the seat limit.
check "reactivate_user: true, and the account logs in again" \
      "$(as "$ADM" "SELECT officeauto.reactivate_user('$T1')") $(login "uat1-$RUN" "pw-t1-$RUN-long" | wc -c)" "t 44"
check "reactivating an active account: false" "$(as "$ADM" "SELECT officeauto.reactivate_user('$T1')")" "f"
as "$ADM" "SELECT officeauto.deactivate_user('$T2')" >/dev/null
q "UPDATE officeauto.organizations SET seat_limit = (SELECT count(*) FROM officeauto.users WHERE organization_id = $ACME AND status = 'active' AND deleted_at IS NULL) WHERE id = $ACME" >/dev/null
check "reactivation beyond the seat limit: OA007, and the account stays inactive" \
      "$(sqlstate_in "$(as "$ADM" "SELECT officeauto.reactivate_user('$T2')")") $(q "SELECT status FROM officeauto.users WHERE public_id = '$T2'")" "OA007 inactive"
q "UPDATE officeauto.organizations SET seat_limit = NULL WHERE id = $ACME" >/dev/null
check "with a free seat it succeeds" "$(as "$ADM" "SELECT officeauto.reactivate_user('$T2')")" "t"

# --- Unlock: the next login is judged fresh (no lock, no captcha).
for i in 1 2 3 4 5; do login "uat3-$RUN" wrong web "198.18.40.$((30 + i))" true >/dev/null; done
check "five failures lock the account (OA002)" "$(sqlstate_in "$(login "uat3-$RUN" "pw-t3-$RUN-long" web 198.18.40.40)")" "OA002"
check "unlock_user: true (it was locked)" "$(as "$ADM" "SELECT officeauto.unlock_user('$T3')")" "t"
check "... the right password logs in at once, without captcha" "$(login "uat3-$RUN" "pw-t3-$RUN-long" web 198.18.40.41 | wc -c)" "44"
check "... lock count back to 0, audited" \
      "$(q "SELECT lock_count FROM officeauto.users WHERE public_id = '$T3'") $(q "SELECT count(*) FROM officeauto.audit_logs WHERE action = 'user.unlocked' AND metadata @> jsonb_build_object('user_id', $(uid "uat3-$RUN"), 'was_locked', true)")" "0 1"
q "UPDATE officeauto.users SET status = 'suspended' WHERE public_id = '$T3'" >/dev/null
check "unlock_user lifts a lockout suspension" \
      "$(as "$ADM" "SELECT officeauto.unlock_user('$T3')") $(q "SELECT status FROM officeauto.users WHERE public_id = '$T3'")" "t active"
check "unlocking an account that is not locked: false" "$(as "$ADM" "SELECT officeauto.unlock_user('$T3')")" "f"

# --- Listing with keyset pagination.
for i in 1 2 3 4 5 6 7; do mk "ualist$i-$RUN" "pw-list-$RUN-long"; done
ALL=$(q "SELECT string_agg(public_id::text, ' ' ORDER BY public_id) FROM officeauto.users WHERE username LIKE 'ualist%-$RUN'")
pages="" after=NULL sizes=""
for p in 1 2 3 4; do
    page=$(as "$ADM" "SELECT public_id FROM officeauto.list_users(NULL, 'ualist', $after, 3) WHERE username LIKE '%-$RUN'")
    sizes+="$(grep -c . <<<"$page") "
    [ -z "$page" ] && break
    pages+="$page "
    after="'$(tail -1 <<<"$page")'"
done
check "pages of 3 hold 3, 3, 1, then none" "$sizes" "3 3 1 0 "
check "... together every matching account once, in order" "$(echo $pages)" "$ALL"
check "a row carries status, roles, verification, 2FA and lock state" \
      "$(as "$ADM" "SELECT username || '|' || status || '|' || array_to_string(roles, ',') || '|' || email_verified || '|' || two_factor_enabled || '|' || coalesce(locked_until::text, '-') FROM officeauto.list_users(NULL, 'ualist1-$RUN')")" \
      "ualist1-$RUN|active|member|false|false|-"
as "$ADM" "SELECT officeauto.deactivate_user('$T2')" >/dev/null
check "status filter: inactive" "$(as "$ADM" "SELECT string_agg(username, ',') FROM officeauto.list_users('inactive', '$RUN')")" "uat2-$RUN"
check "search is literal: '%' and '_' match only themselves" "$(as "$ADM" "SELECT count(*) FROM officeauto.list_users(NULL, '%') ") $(as "$ADM" "SELECT count(*) FROM officeauto.list_users(NULL, 'ualist_-$RUN')")" "0 0"
check "bad parameters: 22023 (limit 0, limit 501, unknown status, empty or 201-character search)" \
      "$(for s in "NULL, NULL, NULL, 0" "NULL, NULL, NULL, 501" "'gone'" "NULL, ' '" "NULL, repeat('x', 201)"; do sqlstate_in "$(as "$ADM" "SELECT count(*) FROM officeauto.list_users($s)")"; done | tr '\n' ' ')" \
      "22023 22023 22023 22023 22023 "
check "listing by a member or a manager: 42501" \
      "$(sqlstate_in "$(as "$MEM" "SELECT count(*) FROM officeauto.list_users()")") $(sqlstate_in "$(as "$MGR" "SELECT count(*) FROM officeauto.list_users()")")" "42501 42501"
check "another organization's accounts never appear" \
      "$(as "$ADM" "SELECT count(*) FROM officeauto.list_users(NULL, 'globex', NULL, 500)")" "0"

# --- Soft delete frees the identifiers.
T4ID=$(uid "uat4-$RUN")
login "uat4-$RUN" "pw-t4-$RUN-long" web 198.18.40.60 >/dev/null
check "erasing an account that is not deleted: OA091" "$(sqlstate_in "$(as "$ADM" "SELECT officeauto.erase_user_personal_data('$T4')")")" "OA091"
check "delete_user: true; sessions ended; listed as deleted" \
      "$(as "$ADM" "SELECT officeauto.delete_user('$T4')") $(q "SELECT count(*) FROM officeauto.user_sessions WHERE user_id = $T4ID AND revoked_at IS NULL") $(as "$ADM" "SELECT count(*) FROM officeauto.list_users('deleted', 'uat4-$RUN')")" "t 0 1"
check "deleting again: P0002" "$(sqlstate_in "$(as "$ADM" "SELECT officeauto.delete_user('$T4')")")" "P0002"
OLD_EMAIL="uat4-$RUN@acme.example"; OLD_NAME="Test uat4-$RUN"
# Typed after the deletion, the identifier matches no account: recorded without one.
psql -X -q -At -d "$DB" -c "SELECT * FROM officeauto.login('$OLD_EMAIL', 'wrong', 'web', '203.0.113.77')" >/dev/null 2>&1
check "the username and e-mail are free for a new account" \
      "$(sqlstate_in "$(as "$ADM" "SELECT officeauto.create_user($ACME, 'uat4-$RUN', '$OLD_EMAIL', 'Test uat4 again', 'pw-new-$RUN-long')")")" "ok"
NEWID=$(uid "uat4-$RUN")

# --- Erasure: no personal value left; ids and counts stay.
q "UPDATE officeauto.users SET preferences = '{\"theme\": \"dark-$RUN\"}', timezone = 'Asia/Tokyo' WHERE id = $T4ID" >/dev/null
# A failure against the account itself, as recorded while it was live.
q "INSERT INTO officeauto.failed_login_attempts (identifier, user_id, ip_address, user_agent, reason)
   VALUES ('uat4-$RUN', $T4ID, '203.0.113.78', 'Agent-$RUN', 'invalid_credentials')" >/dev/null
# An archived image of the account, as archive_audit_logs would have moved it.
REC="officeauto.audit_record_id('officeauto.users', jsonb_build_object('id', $T4ID))"
q "INSERT INTO officeauto.audit_logs_archive SELECT * FROM officeauto.audit_logs WHERE record_id = $REC ORDER BY id LIMIT 1" >/dev/null
# Audit rows holding the person's e-mail, name or preferences, leaving out those of the new
# account that now holds the same e-mail.
personal() {
    q "SELECT count(*) FROM (SELECT record_id, old_data, new_data, metadata FROM officeauto.audit_logs
                             UNION ALL SELECT record_id, old_data, new_data, metadata FROM officeauto.audit_logs_archive) a
        WHERE a.record_id IS DISTINCT FROM officeauto.audit_record_id('officeauto.users', jsonb_build_object('id', $NEWID))
          AND NOT a.metadata @> '{\"user_id\": $NEWID}'
          AND concat(a.old_data::text, a.new_data::text, a.metadata::text) ILIKE ANY (ARRAY['%$OLD_EMAIL%', '%$OLD_NAME%', '%dark-$RUN%'])"
}
audit_before=$(q "SELECT (SELECT count(*) FROM officeauto.audit_logs WHERE record_id = $REC) || '/' || (SELECT count(*) FROM officeauto.audit_logs_archive WHERE record_id = $REC)")
FAILED=$(q "SELECT string_agg(id::text, ',' ORDER BY id) FROM officeauto.failed_login_attempts
             WHERE user_id = $T4ID OR (user_id IS NULL AND lower(identifier) = lower('$OLD_EMAIL'))")
check "before erasure: the audit trail holds the person's data; two failed logins name them" \
      "$(( $(personal) > 0 )) $(tr ',' '\n' <<<"$FAILED" | wc -l)" "1 2"
check "erasure by a manager: 42501; of another organization's user: P0002" \
      "$(sqlstate_in "$(as "$MGR" "SELECT officeauto.erase_user_personal_data('$T4')")") $(sqlstate_in "$(as "$ADM" "SELECT officeauto.erase_user_personal_data('$GLOBEX_USER')")")" "42501 P0002"
check "erase_user_personal_data: true" "$(as "$ADM" "SELECT officeauto.erase_user_personal_data('$T4')")" "t"
check "the account keeps its ids, with anonymized fields and no password" \
      "$(q "SELECT id = $T4ID, public_id = '$T4', username = 'erased-' || replace(public_id::text, '-', ''), email LIKE 'erased-%@erased.invalid',
                   full_name, preferences, timezone, locale, password_hash, email_verified_at IS NULL AND last_login_at IS NULL
              FROM officeauto.users WHERE id = $T4ID")" "t|t|t|t|Erased user|{}|UTC|en|!|t"
check "no audit row, live or archived, holds the e-mail, name or preferences any more" "$(personal)" "0"
check "... the account's audit rows stay (the erasure's own UPDATE added, same archive count)" \
      "$(q "SELECT (SELECT count(*) FROM officeauto.audit_logs WHERE record_id = $REC) || '/' || (SELECT count(*) FROM officeauto.audit_logs_archive WHERE record_id = $REC)")" \
      "$(( ${audit_before%/*} + 1 ))/${audit_before#*/}"
check "failed-login rows stay, without identifier, address or agent" \
      "$(q "SELECT count(*) || ' ' || count(*) FILTER (WHERE identifier = 'erased' AND ip_address IS NULL AND user_agent IS NULL)
              FROM officeauto.failed_login_attempts WHERE id IN ($FAILED)")" "2 2"
check "sessions and e-mail tokens of the account are gone; the erasure is an event without data" \
      "$(q "SELECT (SELECT count(*) FROM officeauto.user_sessions WHERE user_id = $T4ID) + (SELECT count(*) FROM officeauto.email_verifications WHERE user_id = $T4ID)") $(q "SELECT metadata::text FROM officeauto.audit_logs WHERE action = 'user.erased' AND (metadata ->> 'user_id')::bigint = $T4ID")" \
      "0 {\"user_id\": $T4ID}"
check "the new account with the freed identifiers is untouched" \
      "$(q "SELECT full_name || ' ' || email FROM officeauto.users WHERE id = $NEWID")" "Test uat4 again $OLD_EMAIL"
check "erasing twice changes nothing more" "$(as "$ADM" "SELECT officeauto.erase_user_personal_data('$T4')") $(personal)" "t 0"

q "DROP OWNED BY $APP; DROP ROLE $APP" >/dev/null
exit $fail
