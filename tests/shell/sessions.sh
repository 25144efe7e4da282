#!/usr/bin/env bash
# Sessions as an application uses them, through an application LOGIN role over TCP: the
# organization's limit of live sessions per client type (default one, replacement of the
# least recently active, racing logins under a limit of 2), list_my_sessions, end_session
# (own, another user's, unknown, another organization's) and logout with a scope.
source "$(dirname "$0")/../lib/tap.sh"
echo "1..35"

RUN=$(new_key_hex | cut -c1-6)
app_login oa_sess_app
# login USER CLIENT: "session_token refresh_token".
login() { app "SELECT session_token || ' ' || refresh_token FROM officeauto.login('$1', 'pw-$1-long', '${2:-web}', '198.51.100.${3:-90}', 'agent-$RUN')"; }
tok() { cut -d' ' -f1 <<<"$1"; }
ACME=$(q "SELECT id FROM officeauto.organizations WHERE slug = 'acme'")
uid() { q "SELECT id FROM officeauto.users WHERE username = '$1' AND deleted_at IS NULL"; }
live() { q "SELECT count(*) FROM officeauto.user_sessions WHERE user_id = $(uid "$1") AND revoked_at IS NULL${2:+ AND client_type = '$2'}"; }
sid() { q "SELECT public_id FROM officeauto.user_sessions WHERE token_digest = sha256('$(tok "$1")')"; }
for r in adm mem s1 s2 s3; do mk "ss$r-$RUN" "pw-ss$r-$RUN-long"; done
q "DELETE FROM officeauto.user_roles WHERE user_id = $(uid "ssadm-$RUN");
   INSERT INTO officeauto.user_roles (organization_id, user_id, role_id)
   SELECT $ACME, $(uid "ssadm-$RUN"), id FROM officeauto.roles WHERE organization_id = $ACME AND name = 'admin' AND is_system" >/dev/null
ADM=$(tok "$(login "ssadm-$RUN")")
MEM=$(tok "$(login "ssmem-$RUN")")
S1="sss1-$RUN"

# --- The default: one live session per client type; a new login replaces the old one.
A=$(login "$S1"); B=$(login "$S1")
check "default limit: the second web login replaces the first" \
      "$(live "$S1" web) $(q "SELECT revoke_reason FROM officeauto.user_sessions WHERE token_digest = sha256('$(tok "$A")')")" "1 replaced"
check "session_limits(): 1 and default for every client type" \
      "$(as "$ADM" "SELECT string_agg(client_type || '=' || max_sessions || ':' || is_default, ' ') FROM officeauto.session_limits()")" \
      "web=1:true mobile=1:true desktop=1:true api=1:true"

# --- The policy: ORGANIZATION UPDATE, bounded.
check "set_session_limit by a member: 42501" "$(sqlstate_in "$(as "$MEM" "SELECT officeauto.set_session_limit('web', 2)")")" "42501"
check "limits 0 and 21, an unknown or NULL client type: 22023" \
      "$(for a in "'web', 0" "'web', 21" "'tv', 2" "NULL, 2"; do sqlstate_in "$(as "$ADM" "SELECT officeauto.set_session_limit($a)")"; done | tr '\n' ' ')" "22023 22023 22023 22023 "
check "set_session_limit('web', 2) returns the previous limit" "$(as "$ADM" "SELECT officeauto.set_session_limit('web', 2)")" "1"
check "... and session_limits() shows it" "$(as "$ADM" "SELECT max_sessions || ':' || is_default FROM officeauto.session_limits() WHERE client_type = 'web'")" "2:false"
check "... audited as a change of session_limits" \
      "$(q "SELECT count(*) FROM officeauto.audit_logs WHERE table_name = 'officeauto.session_limits' AND organization_id = $ACME AND new_data ->> 'max_sessions' = '2'")" "1"
check "another organization keeps the default" \
      "$(q "SELECT officeauto._session_limit(id, 'web') FROM officeauto.organizations WHERE slug = 'globex'")" "1"

# --- Under a limit of 2 the least recently active session is replaced.
C=$(login "$S1")
check "with a limit of 2, two web sessions live" "$(live "$S1" web)" "2"
q "UPDATE officeauto.user_sessions SET last_activity_at = now() - interval '5 minutes' WHERE token_digest = sha256('$(tok "$C")')" >/dev/null
D=$(login "$S1")
check "a third login replaces the least recently active (C), not the oldest (B)" \
      "$(q "SELECT string_agg(coalesce(revoke_reason, 'live'), ' ' ORDER BY id) FROM officeauto.user_sessions WHERE token_digest IN (sha256('$(tok "$B")'), sha256('$(tok "$C")'), sha256('$(tok "$D")'))")" \
      "live replaced live"
check "... its refresh token no longer works (OA011)" \
      "$(sqlstate_in "$(app "SELECT 1 FROM officeauto.refresh_session('$(cut -d' ' -f2 <<<"$C")')")")" "OA011"

# --- Racing logins under a limit of 2: all succeed, never more than two live sessions.
for i in 1 2 3 4 5 6; do login "$S1" web > "/tmp/oa_sess_race$i.$$" & done
wait
ok_logins=0
for i in 1 2 3 4 5 6; do [ "$(wc -w < "/tmp/oa_sess_race$i.$$")" = 2 ] && ok_logins=$((ok_logins + 1)); rm -f "/tmp/oa_sess_race$i.$$"; done
check "six racing logins all succeed" "$ok_logins" "6"
check "... and exactly two web sessions live, in slots 1 and 2" \
      "$(q "SELECT count(*) || ' ' || string_agg(slot::text, ',' ORDER BY slot) FROM officeauto.user_sessions WHERE user_id = $(uid "$S1") AND client_type = 'web' AND revoked_at IS NULL")" "2 1,2"
check "a writer bypassing the functions cannot add a third live session (23505)" \
      "$(sqlstate_of "INSERT INTO officeauto.user_sessions (organization_id, user_id, client_type, slot, token_digest, expires_at)
                      SELECT $ACME, $(uid "$S1"), 'web', s.slot, sha256('x-$RUN'), now() + interval '1 hour'
                        FROM officeauto.user_sessions s WHERE s.user_id = $(uid "$S1") AND s.client_type = 'web' AND s.revoked_at IS NULL LIMIT 1")" "23505"

# --- list_my_sessions.
W1=$(login "$S1" web 91); M1=$(login "$S1" mobile 92); W2=$(login "$S1" web 93)
out=$(as "$(tok "$W2")" "SELECT client_type || '|' || host(ip_address) || '|' || user_agent || '|' || is_current FROM officeauto.list_my_sessions()")
check "list_my_sessions: my live sessions, most recent first, the current one marked" \
      "$(tr '\n' ' ' <<<"$out")" "web|198.51.100.93|agent-$RUN|true mobile|198.51.100.92|agent-$RUN|false web|198.51.100.91|agent-$RUN|false "
check "... public ids, not internal ids; timestamps present" \
      "$(as "$(tok "$W2")" "SELECT bool_and(public_id IS NOT NULL AND created_at <= last_activity_at AND expires_at > now()) || ' ' || count(*) FROM officeauto.list_my_sessions()")" "true 3"
check "... nobody else's sessions" "$(as "$MEM" "SELECT count(*) FROM officeauto.list_my_sessions()")" "1"
check "list_my_sessions without authentication: 28000" "$(sqlstate_in "$(app "SELECT * FROM officeauto.list_my_sessions()")")" "28000"

# --- end_session.
check "end_session of my own other session: true; it no longer validates; its refresh token is refused" \
      "$(as "$(tok "$W2")" "SELECT officeauto.end_session('$(sid "$W1")')") $(q "SELECT officeauto.validate_session('$(tok "$W1")') IS NULL") $(sqlstate_in "$(app "SELECT 1 FROM officeauto.refresh_session('$(cut -d' ' -f2 <<<"$W1")')")")" \
      "t t OA011"
check "... ending it again: false" "$(as "$(tok "$W2")" "SELECT officeauto.end_session('$(sid "$W1")')")" "f"
check "... revoked as logout, audited as session.ended by the owner" \
      "$(q "SELECT revoke_reason FROM officeauto.user_sessions WHERE public_id = '$(sid "$W1")'") $(q "SELECT metadata ->> 'by_owner' FROM officeauto.audit_logs WHERE action = 'session.ended' AND metadata ->> 'session' = '$(sid "$W1")'")" \
      "logout true"
check "an unknown session: P0002" "$(sqlstate_in "$(as "$(tok "$W2")" "SELECT officeauto.end_session(gen_random_uuid())")")" "P0002"
GLOBEX_SESSION=$(q "WITH u AS (SELECT u.id, u.organization_id FROM officeauto.users u JOIN officeauto.organizations o ON o.id = u.organization_id
                                WHERE o.slug = 'globex' AND u.deleted_at IS NULL LIMIT 1)
                    INSERT INTO officeauto.user_sessions (organization_id, user_id, client_type, token_digest, expires_at)
                    SELECT organization_id, id, 'api', sha256('globex-$RUN'), now() + interval '1 hour' FROM u
                    ON CONFLICT DO NOTHING RETURNING public_id")
[ -n "$GLOBEX_SESSION" ] || GLOBEX_SESSION=$(q "SELECT s.public_id FROM officeauto.user_sessions s JOIN officeauto.organizations o ON o.id = s.organization_id WHERE o.slug = 'globex' AND s.revoked_at IS NULL LIMIT 1")
check "another organization's session: the same P0002, even for an administrator, and it stays live" \
      "$(sqlstate_in "$(as "$(tok "$W2")" "SELECT officeauto.end_session('$GLOBEX_SESSION')")") $(sqlstate_in "$(as "$ADM" "SELECT officeauto.end_session('$GLOBEX_SESSION')")") $(q "SELECT revoked_at IS NULL FROM officeauto.user_sessions WHERE public_id = '$GLOBEX_SESSION'")" \
      "P0002 P0002 t"
check "another user's session without SESSION DELETE GLOBAL: 42501, and it stays live" \
      "$(sqlstate_in "$(as "$MEM" "SELECT officeauto.end_session('$(sid "$M1")')")") $(q "SELECT revoked_at IS NULL FROM officeauto.user_sessions WHERE public_id = '$(sid "$M1")'")" "42501 t"
check "an administrator ends it: true, revoked as admin" \
      "$(as "$ADM" "SELECT officeauto.end_session('$(sid "$M1")')") $(q "SELECT revoke_reason FROM officeauto.user_sessions WHERE public_id = '$(sid "$M1")'")" "t admin"
check "end_session(NULL): 22023" "$(sqlstate_in "$(as "$MEM" "SELECT officeauto.end_session(NULL)")")" "22023"

# --- logout with a scope.
S2="sss2-$RUN"
W=$(login "$S2" web 94); M=$(login "$S2" mobile 95); K=$(login "$S2" desktop 96)
check "logout with an unknown scope: 22023, nothing ended" "$(sqlstate_in "$(app "SELECT officeauto.logout('$(tok "$W")', 'everything')")") $(live "$S2")" "22023 3"
check "logout(token, 'others'): true; only the given session stays" \
      "$(app "SELECT officeauto.logout('$(tok "$W")', 'others')") $(live "$S2") $(q "SELECT officeauto.validate_session('$(tok "$W")') IS NOT NULL")" "t 1 t"
check "... the others' refresh tokens are refused; audited with the count" \
      "$(sqlstate_in "$(app "SELECT 1 FROM officeauto.refresh_session('$(cut -d' ' -f2 <<<"$M")')")") $(q "SELECT metadata ->> 'sessions_ended' FROM officeauto.audit_logs WHERE action = 'session.logout' AND (metadata ->> 'user_id')::bigint = $(uid "$S2")")" "OA011 2"
check "logout with a revoked token: false for its own session (already ended), 28000 for others/all (a dead token proves nothing)" \
      "$(sqlstate_in "$(app "SELECT officeauto.logout('$(tok "$M")', 'others')")") $(sqlstate_in "$(app "SELECT officeauto.logout('$(tok "$M")', 'all')")") $(app "SELECT officeauto.logout('$(tok "$M")')")" "28000 28000 f"
M=$(login "$S2" mobile 97)
check "logout(token, 'all'): true; nothing live" "$(app "SELECT officeauto.logout('$(tok "$M")', 'all')") $(live "$S2")" "t 0"
check "logout of garbage or a 1 MB string: P0002 (no such session); of NULL: 22023" \
      "$(sqlstate_in "$(app "SELECT officeauto.logout('garbage', 'all')")") $(sqlstate_in "$(app "SELECT officeauto.logout(NULL)")") $(sqlstate_in "$(app "SELECT officeauto.logout(repeat('x', 1048576), 'others')")")" "P0002 22023 P0002"
W=$(login "$S2" web 98)
check "the one-argument call still means this session only" "$(app "SELECT officeauto.logout('$(tok "$W")')") $(live "$S2")" "t 0"

# --- Back to the default: the next login trims the sessions to one.
check "set_session_limit('web', NULL) restores the default" "$(as "$ADM" "SELECT officeauto.set_session_limit('web', NULL)")" "2"
login "$S1" web 99 >/dev/null
check "... and the next web login leaves one live web session" "$(live "$S1" web)" "1"

q "DELETE FROM officeauto.user_sessions WHERE token_digest = sha256('globex-$RUN'); DROP OWNED BY $APP; DROP ROLE $APP" >/dev/null
exit $fail
