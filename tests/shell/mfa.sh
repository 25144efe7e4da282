#!/usr/bin/env bash
# Two-factor authentication (TOTP) as an application uses it: a non-superuser LOGIN role of
# officeauto_app over TCP, autocommit (failed codes are recorded in their own transaction, which
# a single test transaction would hide). Enrolment and confirmation, login's challenge and
# verify_mfa, replay and the +-1 step window, recovery codes, lockout by wrong codes, expired,
# reused and foreign challenges, a race of two uses of one code, disabling (self and admin),
# hostile input, and no secret in the audit trail. Codes are computed here with python3's hmac.
source "$(dirname "$0")/../lib/tap.sh"
echo "1..77"

RUN=$$
APP=oa_mfa_app
APP_PW="mfa-$RUN-pw"
q "DROP ROLE IF EXISTS $APP; CREATE ROLE $APP LOGIN PASSWORD '$APP_PW' IN ROLE officeauto_app" >/dev/null
app() { PGPASSWORD="$APP_PW" psql -X -q -At -h 127.0.0.1 -U "$APP" -d "$DB" -v VERBOSITY=verbose -c "$1" 2>&1; }
# as TOKEN SQL: SQL in the transaction of an authenticated session.
as() { app "DO \$\$BEGIN PERFORM officeauto.authenticate('$1'); END\$\$; $2"; }
state() { sqlstate_in "$(app "$1")"; }
as_state() { sqlstate_in "$(as "$1" "$2")"; }

# totp SECRET [STEP_OFFSET]: the code of the current time step (plus an offset), RFC 6238 SHA-1.
totp() { python3 "$(dirname "$0")/../lib/totp.py" "$1" "${2:-0}"; }
# A six-digit code that is none of the window's codes.
wrong_code() {
    local a b c x=0
    a=$(totp "$1" -1) b=$(totp "$1" 0) c=$(totp "$1" 1)
    while :; do
        printf -v x '%06d' $(((10#$b + 1 + x) % 1000000))
        [ "$x" != "$a" ] && [ "$x" != "$c" ] && [ "$x" != "$b" ] && break
    done
    echo "$x"
}
# Waits until at least 15 s remain in the current 30 s step, so codes computed now stay in the
# window while the checks that use them run.
settle() { python3 -c "import time; r = 30 - time.time() % 30; time.sleep(r + 0.2 if r < 15 else 0)"; }
# fresh_code SECRET USERNAME: a code the server will take now: of the current or next step, and
# later than the user's last accepted step (waiting for the next step when needed).
fresh_code() {
    local last
    last=$(q "SELECT coalesce(max(last_used_step), 0) FROM officeauto.user_totp t JOIN officeauto.users u ON u.id = t.user_id WHERE u.username = '$2'")
    [[ "$last" =~ ^[0-9]+$ ]] || { echo "# fresh_code: no last step ($last)" >&2; echo 000000; return; }
    while :; do
        settle
        for k in 0 1; do
            if [ $(($(date +%s) / 30 + k)) -gt "$last" ]; then totp "$1" "$k"; return; fi
        done
        sleep 5
    done
}

# login USER PASSWORD [IP] [UA] [CLIENT]: "session mfa_required challenge" ('-' for NULL).
login() {
    app "SELECT coalesce(session_token, '-') || ' ' || mfa_required || ' ' || coalesce(mfa_challenge, '-')
           FROM officeauto.login('$1', '$2', '${5:-web}', '${3:-198.18.1.60}', ${4:-NULL}, true)"
}
# verify CHALLENGE CODE [IP] [UA]: the session token, or the error output.
verify() {
    app "SELECT session_token FROM officeauto.verify_mfa('$1', '$2', '${3:-198.18.1.60}', ${4:-NULL})"
}
live() { q "SELECT officeauto.validate_session('$1') IS NOT NULL"; }

ACME=$(q "SELECT id FROM officeauto.organizations WHERE slug = 'acme'")
ALICE=$(q "SELECT id FROM officeauto.users WHERE organization_id = $ACME ORDER BY id LIMIT 1")
for u in mfa1 mfa2 mfa3 mfaadm; do mk "$u-$RUN" "$u-Passw0rd-$RUN"; done
U1="mfa1-$RUN" U2="mfa2-$RUN" U3="mfa3-$RUN" UA="mfaadm-$RUN"
PW1="mfa1-Passw0rd-$RUN" PW2="mfa2-Passw0rd-$RUN" PW3="mfa3-Passw0rd-$RUN" PWA="mfaadm-Passw0rd-$RUN"
q "INSERT INTO officeauto.user_roles (organization_id, user_id, role_id, granted_by)
   SELECT $ACME, (SELECT id FROM officeauto.users WHERE username = '$UA'), id, $ALICE
     FROM officeauto.roles WHERE organization_id = $ACME AND name = 'admin' AND is_system" >/dev/null

# --- Enrolment.
read -r S1 MFA _ <<<"$(login "$U1" "$PW1")"
check "before enrolment login opens a session (mfa_required false)" "${#S1} $MFA" "43 false"
check "enroll_totp needs an authenticated user: 28000" "$(state "SELECT * FROM officeauto.enroll_totp('$PW1')")" "28000"
check "... and the current password: OA081 for a wrong one, 22023 for none" \
      "$(as_state "$S1" "SELECT * FROM officeauto.enroll_totp('not-the-password')") $(as_state "$S1" "SELECT * FROM officeauto.enroll_totp(NULL)")" "OA081 22023"
read -r URI1 SEC1 <<<"$(as "$S1" "SELECT otpauth_uri || ' ' || secret FROM officeauto.enroll_totp('$PW1')")"
check "the secret is 160 bits in base32 (32 characters)" "$(grep -c '^[A-Z2-7]\{32\}$' <<<"$SEC1")" "1"
check "the otpauth URI names issuer, account and parameters" \
      "$(grep -c "^otpauth://totp/Acme[^:]*:$U1%40acme.example?secret=$SEC1&issuer=Acme[^&]*&algorithm=SHA1&digits=6&period=30\$" <<<"$URI1")" "1"
check "the secret is stored sealed under a credential key, not in clear" \
      "$(q "SELECT (position(convert_to('$SEC1', 'UTF8') IN encrypted_secret) = 0) || ' ' || (key_id IS NOT NULL) || ' ' || (confirmed_at IS NULL)
              FROM officeauto.user_totp t JOIN officeauto.users u ON u.id = t.user_id WHERE u.username = '$U1'")" "true true true"
read -r _ SEC1B <<<"$(as "$S1" "SELECT otpauth_uri || ' ' || secret FROM officeauto.enroll_totp('$PW1')")"
check "re-enrolling before confirmation replaces the pending secret" \
      "$([ "$SEC1" != "$SEC1B" ] && echo new)/$(q "SELECT count(*) FROM officeauto.user_totp t JOIN officeauto.users u ON u.id = t.user_id WHERE u.username = '$U1'")" "new/1"
settle
check "... so a code of the replaced secret does not confirm: OA014" "$(as_state "$S1" "SELECT * FROM officeauto.confirm_totp('$(totp "$SEC1")')")" "OA014"
check "a wrong code does not confirm: OA014" "$(as_state "$S1" "SELECT * FROM officeauto.confirm_totp('$(wrong_code "$SEC1B")')")" "OA014"
check "... and two-factor stays off" "$(q "SELECT two_factor_enabled FROM officeauto.users WHERE username = '$U1'")" "f"
RC=$(as "$S1" "SELECT recovery_code FROM officeauto.confirm_totp('$(totp "$SEC1B")')" | tail -n +1)
mapfile -t RCS <<<"$RC"
check "the right code confirms and returns 10 distinct recovery codes" \
      "${#RCS[@]} $(printf '%s\n' "${RCS[@]}" | sort -u | grep -c '^[a-z2-7]\{4\}-[a-z2-7]\{4\}-[a-z2-7]\{4\}-[a-z2-7]\{4\}$')" "10 10"
check "two-factor is on" "$(q "SELECT two_factor_enabled FROM officeauto.users WHERE username = '$U1'")" "t"
check "recovery codes are stored as digests only" \
      "$(q "SELECT count(*) || ' ' || count(*) FILTER (WHERE position(convert_to('${RCS[0]}', 'UTF8') IN code_digest) > 0)
              FROM officeauto.mfa_recovery_codes r JOIN officeauto.users u ON u.id = r.user_id WHERE u.username = '$U1'")" "10 0"
check "enrolling again while on: OA015" "$(as_state "$S1" "SELECT * FROM officeauto.enroll_totp('$PW1')")" "OA015"
check "confirming again while on: OA015" "$(as_state "$S1" "SELECT * FROM officeauto.confirm_totp('123456')")" "OA015"
SEC=$SEC1B

# --- What the application may not do.
check "the application cannot read the sealed secrets: 42501" "$(state "SELECT encrypted_secret FROM officeauto.user_totp")" "42501"
check "... nor recovery code digests or challenges: 42501 42501" \
      "$(state "SELECT code_digest FROM officeauto.mfa_recovery_codes") $(state "SELECT token_digest FROM officeauto.mfa_challenges")" "42501 42501"
check "nor can officeauto_readonly read any of the three tables" \
      "$(for t in user_totp mfa_recovery_codes mfa_challenges; do sqlstate_of "SET ROLE officeauto_readonly; SELECT count(*) FROM officeauto.$t"; done | tr '\n' ' ')" "42501 42501 42501 "
read -r SA _ <<<"$(login "$UA" "$PWA")"
check "an admin cannot switch the flag off by UPDATE (only through the functions): 42501" \
      "$(as_state "$SA" "UPDATE officeauto.users SET two_factor_enabled = false WHERE username = '$U1'")" "42501"
check "the flag cannot be on without a confirmed enrolment (even for the DBA): OA016" \
      "$(sqlstate_of "UPDATE officeauto.users SET two_factor_enabled = true WHERE username = '$U2'")" "OA016"

# --- Login with two-factor on.
out=$(app "SELECT (session_token IS NULL) || ' ' || (refresh_token IS NULL) || ' ' || (user_public_id IS NOT NULL) || ' '
              || (expires_at BETWEEN now() + interval '4 min' AND now() + interval '5 min') || ' ' || (refresh_expires_at IS NULL)
              || ' ' || mfa_required || ' ' || length(mfa_challenge)
             FROM officeauto.login('$U1', '$PW1', 'web', '198.18.1.60', NULL, true)")
check "login returns the MFA state: no tokens, public id, challenge expiry in expires_at, a 43-character challenge" \
      "$out" "true true true true true true 43"
check "a wrong password still answers OA001 (no challenge)" "$(state "SELECT * FROM officeauto.login('$U1', 'wrong', 'web', '198.18.1.60', NULL, true)")" "OA001"
check "only the challenge's digest is stored" \
      "$(q "SELECT count(*) FROM officeauto.mfa_challenges c JOIN officeauto.users u ON u.id = c.user_id WHERE u.username = '$U1' AND c.consumed_at IS NULL")" "1"

# Window and replay: codes of steps -2..+2 computed at once. Confirmation used the current
# step; the DBA forgets it, as if the last code had been used long ago.
q "UPDATE officeauto.user_totp SET last_used_step = NULL FROM officeauto.users u WHERE u.id = user_id AND u.username = '$U1'" >/dev/null
settle
read -r M2 M1 Z0 P1 P2 <<<"$(totp "$SEC" -2) $(totp "$SEC" -1) $(totp "$SEC" 0) $(totp "$SEC" 1) $(totp "$SEC" 2)"
read -r _ _ C1 <<<"$(login "$U1" "$PW1")"
check "a code two steps old is refused: OA014" "$(sqlstate_in "$(verify "$C1" "$M2")")" "OA014"
check "a code two steps ahead is refused: OA014" "$(sqlstate_in "$(verify "$C1" "$P2")")" "OA014"
S=$(verify "$C1" "$M1")
check "a code one step old is accepted and opens a session" "${#S} $(live "$S")" "43 t"
check "the challenge is single use: OA013" "$(sqlstate_in "$(verify "$C1" "$Z0")")" "OA013"
read -r _ _ C2 <<<"$(login "$U1" "$PW1")"
check "the same code replayed with a new challenge: OA014" "$(sqlstate_in "$(verify "$C2" "$M1")")" "OA014"
S=$(verify "$C2" "$Z0")
check "the current code is accepted" "${#S} $(live "$S")" "43 t"
read -r _ _ C3 <<<"$(login "$U1" "$PW1")"
check "... and is refused when replayed: OA014" "$(sqlstate_in "$(verify "$C3" "$Z0")")" "OA014"
S=$(verify "$C3" "$P1")
check "a code one step ahead is accepted" "${#S} $(live "$S")" "43 t"
check "the last used step is remembered (one ahead of now)" \
      "$(q "SELECT last_used_step - floor(extract(epoch FROM now()) / 30)::bigint FROM officeauto.user_totp t JOIN officeauto.users u ON u.id = t.user_id WHERE u.username = '$U1'")" "1"

# Recovery codes.
read -r _ _ C4 <<<"$(login "$U1" "$PW1")"
S=$(verify "$C4" "${RCS[0]}")
check "a recovery code completes a login" "${#S} $(live "$S")" "43 t"
read -r _ _ C5 <<<"$(login "$U1" "$PW1")"
check "a recovery code works once: OA014" "$(sqlstate_in "$(verify "$C5" "${RCS[0]}")")" "OA014"
S=$(verify "$C5" "$(tr -d '-' <<<"${RCS[1]}" | tr 'a-z' 'A-Z')")
check "recovery codes are read without hyphens and in any case" "${#S}" "43"
check "recovery code uses are audited with the count left, without the code" \
      "$(q "SELECT count(*) || ' ' || min((metadata->>'remaining')::int) || ' ' || bool_and(position('${RCS[0]}' IN metadata::text) = 0)
              FROM officeauto.audit_logs WHERE action = 'mfa.recovery_code_used' AND metadata->>'user_id' = (SELECT id::text FROM officeauto.users WHERE username = '$U1')")" "2 8 true"

# Challenges: expired, foreign client, malformed.
read -r _ _ C6 <<<"$(login "$U1" "$PW1")"
q "UPDATE officeauto.mfa_challenges SET expires_at = now() - interval '1 s' WHERE token_digest = sha256('$C6')" >/dev/null
check "an expired challenge is refused: OA013" "$(sqlstate_in "$(verify "$C6" "${RCS[2]}")")" "OA013"
read -r _ _ C7 <<<"$(login "$U1" "$PW1" 198.18.1.61 "'ua-one'")"
check "a challenge presented from another address: OA013" "$(sqlstate_in "$(verify "$C7" "${RCS[2]}" 198.18.1.99 "'ua-one'")")" "OA013"
check "... or with another user agent: OA013" "$(sqlstate_in "$(verify "$C7" "${RCS[2]}" 198.18.1.61 "'ua-two'")")" "OA013"
S=$(verify "$C7" "${RCS[2]}" 198.18.1.61 "'ua-one'")
check "... from the login's own client it works, and the session has the login's client data" \
      "${#S} $(q "SELECT client_type || ' ' || host(ip_address) || ' ' || user_agent FROM officeauto.user_sessions WHERE token_digest = sha256('$S')")" "43 web 198.18.1.61 ua-one"
read -r _ _ C8 <<<"$(login "$U1" "$PW1")"
before=$(q "SELECT count(*) FROM officeauto.failed_login_attempts")
check "NULL challenge: OA013" "$(state "SELECT * FROM officeauto.verify_mfa(NULL, '123456')")" "OA013"
check "garbage challenge: OA013" "$(state "SELECT * FROM officeauto.verify_mfa('not a challenge', '123456')")" "OA013"
check "a 1 MB challenge: OA013" "$(state "SELECT * FROM officeauto.verify_mfa(repeat('A', 1048576), '123456')")" "OA013"
check "NULL code: 22023" "$(state "SELECT * FROM officeauto.verify_mfa('$C8', NULL, '198.18.1.60')")" "22023"
check "empty code: 22023" "$(state "SELECT * FROM officeauto.verify_mfa('$C8', '  ', '198.18.1.60')")" "22023"
check "a 1 MB code: 22023" "$(state "SELECT * FROM officeauto.verify_mfa('$C8', repeat('1', 1048576), '198.18.1.60')")" "22023"
check "malformed input is not counted as a failed login" \
      "$(q "SELECT count(*) - $before FROM officeauto.failed_login_attempts")" "0"
check "a non-numeric, non-recovery code is just wrong: OA014" "$(sqlstate_in "$(verify "$C8" "abc''; DROP TABLE x; --")")" "OA014"

# Recovery codes regenerated: the old ones stop working.
settle
read -r _ _ C9 <<<"$(login "$U1" "$PW1")"
S=$(verify "$C9" "${RCS[3]}")
NEW=$(as "$S" "SELECT recovery_code FROM officeauto.regenerate_recovery_codes('$(fresh_code "$SEC" "$U1")')")
mapfile -t NRC <<<"$NEW"
check "regenerate_recovery_codes with a current code returns 10 new codes" "${#NRC[@]}" "10"
read -r _ _ C10 <<<"$(login "$U1" "$PW1")"
check "... and an old code no longer works: OA014" "$(sqlstate_in "$(verify "$C10" "${RCS[4]}")")" "OA014"
S=$(verify "$C10" "${NRC[0]}")
check "... a new one does" "${#S}" "43"

# --- Audit trail: events, and no secret anywhere in it.
ids=$(q "SELECT id FROM officeauto.users WHERE username = '$U1'")
check "enrolment, confirmation, challenges, failures and successes are audited" \
      "$(q "SELECT string_agg(DISTINCT action, ',' ORDER BY action) FROM officeauto.audit_logs WHERE action LIKE 'mfa.%' AND metadata->>'user_id' = '$ids'")" \
      "mfa.challenged,mfa.confirmed,mfa.enrolled,mfa.failed,mfa.recovery_code_used,mfa.recovery_codes_regenerated,mfa.succeeded"
check "the enrolment table is audited with the sealed secret redacted" \
      "$(q "SELECT count(*) > 0 AND bool_and(coalesce(new_data->>'encrypted_secret', '[redacted]') = '[redacted]' AND coalesce(old_data->>'encrypted_secret', '[redacted]') = '[redacted]')
              FROM officeauto.audit_logs WHERE table_name = 'officeauto.user_totp'")" "t"
hex=$(q "SELECT encode(encrypted_secret, 'hex') FROM officeauto.user_totp WHERE user_id = $ids")
check "no audit row holds a secret, its ciphertext or a recovery code" \
      "$(q "SELECT count(*) FROM officeauto.audit_logs a
             WHERE a::text LIKE '%$SEC%' OR a::text LIKE '%$SEC1%' OR a::text LIKE '%${hex:0:40}%'
                OR a::text LIKE '%${RCS[5]}%' OR a::text LIKE '%${NRC[1]}%'")" "0"

# Failed calls carried challenges and codes; none of them, nor a secret, reaches the server log.
check "the server log holds no secret, recovery code or challenge of the failed calls" \
      "$(grep -a -c -e "$SEC" -e "$SEC1" -e "${RCS[0]}" -e "$C1" -e "$C5" -e "$C6" -e "$C7" "${OFFICEAUTO_SERVER_LOG:?}")" "0"

# --- Wrong codes lead to lockout, like wrong passwords.
read -r S2 _ <<<"$(login "$U2" "$PW2")"
read -r _ SEC2 <<<"$(as "$S2" "SELECT otpauth_uri || ' ' || secret FROM officeauto.enroll_totp('$PW2')")"
settle
as "$S2" "SELECT * FROM officeauto.confirm_totp('$(totp "$SEC2")')" >/dev/null
read -r _ _ D1 <<<"$(login "$U2" "$PW2")"
res=""
for i in 1 2 3 4 5; do res+="$(sqlstate_in "$(verify "$D1" "$(wrong_code "$SEC2")")") "; done
check "five wrong codes: OA014 each, each recorded as a failed login" \
      "$res$(q "SELECT count(*) FROM officeauto.failed_login_attempts f JOIN officeauto.users u ON u.id = f.user_id WHERE u.username = '$U2' AND reason = 'invalid_credentials'")" \
      "OA014 OA014 OA014 OA014 OA014 5"
check "each wrong code is audited as mfa.failed, durably although the call failed" \
      "$(q "SELECT count(*) || ' ' || min(metadata->>'ip') FROM officeauto.audit_logs WHERE action = 'mfa.failed' AND metadata->>'user_id' = (SELECT id::text FROM officeauto.users WHERE username = '$U2')")" "5 198.18.1.60"
settle
check "then even the right code gets OA002 (locked)" "$(sqlstate_in "$(verify "$D1" "$(totp "$SEC2")")")" "OA002"
check "... and so does the right password at login" "$(state "SELECT * FROM officeauto.login('$U2', '$PW2', 'web', '198.18.1.60', NULL, true)")" "OA002"
q "UPDATE officeauto.users SET locked_until = now() - interval '1 s' WHERE username = '$U2'" >/dev/null
check "once the lock is over, the dead challenge stays refused: OA013" "$(sqlstate_in "$(verify "$D1" "$(totp "$SEC2")")")" "OA013"
read -r _ _ D2 <<<"$(login "$U2" "$PW2")"
S=$(verify "$D2" "$(fresh_code "$SEC2" "$U2")")
check "a new login and a right code complete, and reset the lockout" \
      "${#S} $(q "SELECT lock_count || ' ' || (locked_until IS NULL) FROM officeauto.users WHERE username = '$U2'")" "43 0 true"

# --- Race: one code, two challenges, two connections at once: one session.
read -r _ _ R1 <<<"$(login "$U2" "$PW2" 198.18.1.60 NULL web)"
read -r _ _ R2 <<<"$(login "$U2" "$PW2" 198.18.1.60 NULL mobile)"
code=$(fresh_code "$SEC2" "$U2")
verify "$R1" "$code" > "/tmp/oa_mfa1.$RUN" & verify "$R2" "$code" > "/tmp/oa_mfa2.$RUN" & wait
check "the same code in two racing verifications: one session, one OA014" \
      "$(cat "/tmp/oa_mfa1.$RUN" "/tmp/oa_mfa2.$RUN" | grep -o '^[A-Za-z0-9_-]\{43\}$\|OA014' | sed 's/^[A-Za-z0-9_-]\{43\}$/session/' | sort | tr '\n' ' ')" "OA014 session "
rm -f "/tmp/oa_mfa1.$RUN" "/tmp/oa_mfa2.$RUN"

# --- Credential key rotation re-seals the secrets.
q "SELECT officeauto.add_credential_key('mfa-$RUN')" >/dev/null
check "rotate_totp_keys re-seals every secret under the new current key, then has nothing to do" \
      "$(q "SELECT officeauto.rotate_totp_keys(1) > 0")/$(q "SELECT count(*) FROM officeauto.user_totp WHERE key_id <> 'mfa-$RUN'")/$(q "SELECT officeauto.rotate_totp_keys()")" "t/0/0"
read -r _ _ K1 <<<"$(login "$U2" "$PW2")"
S=$(verify "$K1" "$(fresh_code "$SEC2" "$U2")")
check "... and codes still verify" "${#S}" "43"
check "the application cannot rotate them: 42501" "$(state "SELECT officeauto.rotate_totp_keys()")" "42501"

# --- Disabling.
S1=$(login "$U1" "$PW1" | cut -d' ' -f3 | { read -r c; verify "$c" "$(fresh_code "$SEC" "$U1")"; })
check "disable_totp with a wrong code: OA014" "$(as_state "$S1" "SELECT officeauto.disable_totp('$(wrong_code "$SEC")')")" "OA014"
check "disable_totp with a recovery code turns it off" "$(as "$S1" "SELECT officeauto.disable_totp('${NRC[1]}')")" "t"
check "... enrolment and recovery codes are gone, login opens a session again" \
      "$(q "SELECT two_factor_enabled || ' ' || (SELECT count(*) FROM officeauto.user_totp WHERE user_id = u.id) || ' ' || (SELECT count(*) FROM officeauto.mfa_recovery_codes WHERE user_id = u.id) FROM officeauto.users u WHERE username = '$U1'") $(login "$U1" "$PW1" 198.18.1.60 NULL mobile | cut -d' ' -f2)" \
      "false 0 0 false"
check "disable_totp when off: OA016" "$(as_state "$S1" "SELECT officeauto.disable_totp('123456')")" "OA016"

read -r S3 _ <<<"$(login "$U3" "$PW3")"
check "confirm_totp without an enrolment: OA016" "$(as_state "$S3" "SELECT * FROM officeauto.confirm_totp('123456')")" "OA016"
check "confirm_totp with NULL, blank or 100,000-character codes: 22023" \
      "$(as_state "$S3" "SELECT * FROM officeauto.confirm_totp(NULL)") $(as_state "$S3" "SELECT * FROM officeauto.confirm_totp('')") $(as_state "$S3" "SELECT * FROM officeauto.confirm_totp(repeat('9', 100000))")" \
      "22023 22023 22023"
check "regenerate_recovery_codes when two-factor is off: OA016" "$(as_state "$S3" "SELECT * FROM officeauto.regenerate_recovery_codes('123456')")" "OA016"
read -r _ SEC3 <<<"$(as "$S3" "SELECT otpauth_uri || ' ' || secret FROM officeauto.enroll_totp('$PW3')")"
settle
as "$S3" "SELECT * FROM officeauto.confirm_totp('$(totp "$SEC3")')" >/dev/null
P3=$(q "SELECT public_id FROM officeauto.users WHERE username = '$U3'")
check "a member cannot disable another user's two-factor: 42501" "$(as_state "$S1" "SELECT officeauto.disable_totp_for('$P3')")" "42501"
check "an unknown or NULL user: P0002" \
      "$(as_state "$SA" "SELECT officeauto.disable_totp_for('00000000-0000-0000-0000-000000000000')") $(as_state "$SA" "SELECT officeauto.disable_totp_for(NULL)")" "P0002 P0002"
check "an admin (USER UPDATE GLOBAL) disables it" "$(as "$SA" "SELECT officeauto.disable_totp_for('$P3')")" "t"
check "... recorded as mfa.disabled by the admin" \
      "$(q "SELECT metadata->>'by' || ' ' || (actor_user_id = (SELECT id FROM officeauto.users WHERE username = '$UA')) FROM officeauto.audit_logs
             WHERE action = 'mfa.disabled' AND metadata->>'user_id' = (SELECT id::text FROM officeauto.users WHERE username = '$U3')")" "admin true"
check "... and the user logs in with the password alone" "$(login "$U3" "$PW3" | cut -d' ' -f2)" "false"

q "DROP ROLE IF EXISTS $APP" >/dev/null
exit "$fail"
