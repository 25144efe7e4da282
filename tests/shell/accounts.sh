#!/usr/bin/env bash
# Sign-up and invitations as an application uses them, through a non-superuser application LOGIN
# role over TCP: the organization's sign-up policy, self sign-up (domains, verification before
# the first login, taken addresses answered like free ones, stale sign-ups released), and
# invitations (create, list, look up, revoke, accept by creating or linking an account, the
# role received, seat limit, single use under racing acceptances), with their refusals.
source "$(dirname "$0")/../lib/tap.sh"
echo "1..57"

RUN=$(new_key_hex | cut -c1-6)
app_login oa_accounts_app
login() { app "SELECT session_token FROM officeauto.login('$1', '$2', 'web', '198.18.2.77')"; }
ACME=$(q "SELECT id FROM officeauto.organizations WHERE slug = 'acme'")

# An organization of its own, set up by the platform: an owner made with create_user.
SLUG="acct-$RUN"
ORG=$(q "INSERT INTO officeauto.organizations (name, slug) VALUES ('Accounts $RUN', '$SLUG') RETURNING id")
q "BEGIN; SELECT set_config('officeauto.organization_id', '$ORG', true);
   SELECT officeauto.create_user($ORG, 'own-$RUN', 'own-$RUN@corp$RUN.example', 'Owner', 'owner-pass-$RUN-x'); COMMIT" >/dev/null
OWN=$(login "own-$RUN" "owner-pass-$RUN-x")
q "BEGIN; SELECT set_config('officeauto.organization_id', '$ORG', true);
   SELECT officeauto.create_user($ORG, 'mem-$RUN', 'mem-$RUN@corp$RUN.example', 'Member', 'member-pass-$RUN-x'); COMMIT" >/dev/null
MEM=$(login "mem-$RUN" "member-pass-$RUN-x")

# --- Policy
check "a new organization is invite_only" "$(q "SELECT signup_policy FROM officeauto.organizations WHERE id = $ORG")" "invite_only"
check "sign-up into an invite_only organization: OA070" \
      "$(astate "SELECT * FROM officeauto.sign_up('$SLUG', 'su1-$RUN', 'su1-$RUN@corp$RUN.example', 'S U', 'a fine long passphrase $RUN')")" "OA070"
check "sign-up into an unknown organization answers the same OA070" \
      "$(astate "SELECT * FROM officeauto.sign_up('no-such-org-$RUN', 'su1-$RUN', 'su1-$RUN@corp$RUN.example', 'S U', 'a fine long passphrase $RUN')")" "OA070"
check "a member may not change the policy: 42501" "$(state "$MEM" "SELECT officeauto.set_signup_policy('domains', ARRAY['corp$RUN.example'])")" "42501"
check "the domains policy needs a domain: 22023" "$(state "$OWN" "SELECT officeauto.set_signup_policy('domains')")" "22023"
check "a wildcard or an address is not a domain: 22023" \
      "$(state "$OWN" "SELECT officeauto.set_signup_policy('domains', ARRAY['*.corp.example'])")/$(state "$OWN" "SELECT officeauto.set_signup_policy('domains', ARRAY['a@corp.example'])")" "22023/22023"
check "an unknown policy: 22023" "$(state "$OWN" "SELECT officeauto.set_signup_policy('open')")" "22023"
check "the owner opens sign-up to a domain (stored lower case)" \
      "$(state "$OWN" "SELECT officeauto.set_signup_policy('domains', ARRAY['Corp$RUN.Example'])")/$(q "SELECT signup_policy || ' ' || array_to_string(signup_domains, ',') FROM officeauto.organizations WHERE id = $ORG")" \
      "ok/domains corp$RUN.example"
check "the change is in the audit trail" \
      "$(q "SELECT count(*) FROM officeauto.audit_logs WHERE table_name = 'officeauto.organizations' AND organization_id = $ORG AND 'signup_policy' = ANY (changed_columns)")" "1"

# --- Sign-up
check "an address outside the domains: OA071" \
      "$(astate "SELECT * FROM officeauto.sign_up('$SLUG', 'su1-$RUN', 'su1-$RUN@elsewhere.example', 'S U', 'a fine long passphrase $RUN')")" "OA071"
check "a subdomain is not the domain: OA071" \
      "$(astate "SELECT * FROM officeauto.sign_up('$SLUG', 'su1-$RUN', 'su1-$RUN@mail.corp$RUN.example', 'S U', 'a fine long passphrase $RUN')")" "OA071"
check "NULL, malformed address or username: 22023" \
      "$(astate "SELECT * FROM officeauto.sign_up('$SLUG', NULL, 'x@corp$RUN.example', 'S', 'pw')")/$(astate "SELECT * FROM officeauto.sign_up('$SLUG', 'su1-$RUN', 'not an address', 'S', 'pw')")/$(astate "SELECT * FROM officeauto.sign_up('$SLUG', ' bad name', 'x@corp$RUN.example', 'S', 'pw')")" \
      "22023/22023/22023"
out=$(app "SELECT user_public_id || ' ' || verification_token || ' ' || (verification_expires_at > now()) FROM officeauto.sign_up('$SLUG', 'su1-$RUN', 'SU1-$RUN@Corp$RUN.example', 'Sign Up', 'a fine long passphrase $RUN')")
read -r SU1 SU1TOK SU1OK <<<"$out"
check "sign-up returns the account's id and a 43-character verification token" "${#SU1}/${#SU1TOK}/$SU1OK" "36/43/true"
check "the account is a pending, unverified member made by sign-up" \
      "$(q "SELECT u.status || ' ' || u.signup_method || ' ' || (u.email_verified_at IS NULL) || ' ' || string_agg(r.name, ',') FROM officeauto.users u JOIN officeauto.user_roles ur ON ur.user_id = u.id JOIN officeauto.roles r ON r.id = ur.role_id WHERE u.public_id = '$SU1' GROUP BY u.id")" \
      "pending sign_up true member"
check "only the token's digest is stored" \
      "$(q "SELECT count(*) FROM officeauto.email_verifications v JOIN officeauto.users u ON u.id = v.user_id WHERE u.public_id = '$SU1' AND v.token_digest = sha256('$SU1TOK'::bytea)")" "1"
check "the sign-up is in the audit trail, without the password" \
      "$(q "SELECT count(*) || ' ' || bool_and(a.metadata::text NOT LIKE '%passphrase%') FROM officeauto.audit_logs a JOIN officeauto.users u ON u.id = a.actor_user_id WHERE u.public_id = '$SU1' AND a.action = 'account.signed_up'")" "1 true"
check "the password is nowhere in the audit trail" \
      "$(q "SELECT count(*) FROM officeauto.audit_logs WHERE organization_id = $ORG AND (coalesce(new_data::text, '') || metadata::text) LIKE '%a fine long passphrase%'")" "0"
check "before verification the right password gets OA004 (whatever require_verified_email says)" \
      "$(astate "SELECT * FROM officeauto.login('su1-$RUN', 'a fine long passphrase $RUN', 'web')")" "OA004"
check "the verification token works once and activates the account" \
      "$(app "SELECT officeauto.verify_email('$SU1TOK')")/$(app "SELECT officeauto.verify_email('$SU1TOK')")/$(q "SELECT status FROM officeauto.users WHERE public_id = '$SU1'")" "t/f/active"
SU1S=$(login "su1-$RUN" "a fine long passphrase $RUN")
check "after verification the account logs in" "${#SU1S}" "43"
check "a taken username: OA072" \
      "$(astate "SELECT * FROM officeauto.sign_up('$SLUG', 'SU1-$RUN', 'other-$RUN@corp$RUN.example', 'S U', 'a fine long passphrase $RUN')")" "OA072"
before=$(q "SELECT count(*) FROM officeauto.users WHERE organization_id = $ORG")
out=$(app "SELECT user_public_id || ' ' || verification_token FROM officeauto.sign_up('$SLUG', 'su2-$RUN', 'su1-$RUN@corp$RUN.example', 'S U', 'a fine long passphrase $RUN')")
read -r FAKE FAKETOK <<<"$out"
check "a taken address answers like a free one (an id and a token of the same shape)" "${#FAKE}/${#FAKETOK}" "36/43"
check "... and nothing is stored" \
      "$(q "SELECT count(*) FROM officeauto.users WHERE organization_id = $ORG") $(q "SELECT count(*) FROM officeauto.users WHERE public_id = '$FAKE'") $(app "SELECT officeauto.verify_email('$FAKETOK')")" \
      "$before 0 f"
check "the password policy applies to sign-up" \
      "$(astate "SELECT * FROM officeauto.sign_up('$SLUG', 'su3-$RUN', 'su3-$RUN@corp$RUN.example', 'S U', 'password')")" "OA080"
# A sign-up that never verified holds no address against anyone's later claim.
app "SELECT * FROM officeauto.sign_up('$SLUG', 'squat-$RUN', 'victim-$RUN@corp$RUN.example', 'Squatter', 'a fine long passphrase $RUN')" >/dev/null
out=$(app "SELECT user_public_id FROM officeauto.sign_up('$SLUG', 'victim-$RUN', 'victim-$RUN@corp$RUN.example', 'Victim', 'a fine long passphrase $RUN')")
check "an unverified sign-up releases its address to a new sign-up" \
      "$(q "SELECT count(*) FROM officeauto.users WHERE public_id = '$out'")/$(q "SELECT deleted_at IS NOT NULL FROM officeauto.users WHERE username = 'squat-$RUN'")" "1/t"
q "UPDATE officeauto.organizations SET seat_limit = (SELECT count(*) FROM officeauto.users WHERE organization_id = $ORG AND status = 'active' AND deleted_at IS NULL) WHERE id = $ORG" >/dev/null
out=$(app "SELECT verification_token FROM officeauto.sign_up('$SLUG', 'su4-$RUN', 'su4-$RUN@corp$RUN.example', 'S U', 'a fine long passphrase $RUN')")
check "a pending sign-up takes no seat; verifying beyond the seat limit is OA007 and keeps the token" \
      "${#out}/$(astate "SELECT officeauto.verify_email('$out')")/$(q "SELECT count(*) FROM officeauto.email_verifications WHERE token_digest = sha256('$out'::bytea) AND consumed_at IS NULL")" "43/OA007/1"
q "UPDATE officeauto.organizations SET seat_limit = NULL WHERE id = $ORG" >/dev/null
# An organization nobody owns yet is not opened by a stranger.
ORG2=$(q "INSERT INTO officeauto.organizations (name, slug, signup_policy, signup_domains) VALUES ('Empty $RUN', 'empty-$RUN', 'domains', '{empty$RUN.example}') RETURNING id")
check "sign-up into an organization without an owner: OA070 (nobody becomes owner by signing up)" \
      "$(astate "SELECT * FROM officeauto.sign_up('empty-$RUN', 'first-$RUN', 'first-$RUN@empty$RUN.example', 'First', 'a fine long passphrase $RUN')")" "OA070"

# --- Invitations
check "a member may not invite: 42501" "$(state "$MEM" "SELECT * FROM officeauto.invite_user('inv1-$RUN@x.example')")" "42501"
check "invite_user without authentication: 28000" "$(astate "SELECT * FROM officeauto.invite_user('inv1-$RUN@x.example')")" "28000"
check "an unknown role: P0002" "$(state "$OWN" "SELECT * FROM officeauto.invite_user('inv1-$RUN@x.example', 'wizard')")" "P0002"
check "a malformed address or absurd expiry: 22023" \
      "$(state "$OWN" "SELECT * FROM officeauto.invite_user('nope')")/$(state "$OWN" "SELECT * FROM officeauto.invite_user('a@x.example', 'member', '10 years')")/$(state "$OWN" "SELECT * FROM officeauto.invite_user(NULL)")" \
      "22023/22023/22023"
check "an address with an account here: OA073" "$(state "$OWN" "SELECT * FROM officeauto.invite_user('MEM-$RUN@corp$RUN.example')")" "OA073"
out=$(as "$OWN" "SELECT invitation_id || ' ' || token FROM officeauto.invite_user('Inv1-$RUN@x.example', 'manager')")
read -r INV1 TOK1 <<<"$out"
check "the owner invites an address as manager: id and token" "${#INV1}/${#TOK1}" "36/43"
check "list_invitations shows it pending with its role" \
      "$(as "$OWN" "SELECT email || ' ' || role || ' ' || status FROM officeauto.list_invitations() WHERE invitation_id = '$INV1'")" "Inv1-$RUN@x.example manager pending"
check "a member neither lists nor reads invitations" \
      "$(state "$MEM" "SELECT * FROM officeauto.list_invitations()")/$(as "$MEM" "SELECT count(*) FROM officeauto.invitations")" "42501/0"
check "the application cannot read token digests" "$(astate "SELECT token_digest FROM officeauto.invitations")" "42501"
check "lookup_invitation tells the invitee what it is for, without authentication" \
      "$(app "SELECT organization_slug || ' ' || role || ' ' || account_exists FROM officeauto.lookup_invitation('$TOK1')")" "$SLUG manager false"
check "lookup of garbage: OA074" "$(astate "SELECT * FROM officeauto.lookup_invitation('garbage')")" "OA074"
check "accepting without a password: 22023" "$(astate "SELECT * FROM officeauto.accept_invitation('$TOK1', 'inv1-$RUN', 'Invited One')")" "22023"
# Two acceptances of one token race: one account, one winner.
app "SELECT created FROM officeauto.accept_invitation('$TOK1', 'inv1a-$RUN', 'Invited One', 'a fine long passphrase $RUN')" > /tmp/oa_acc1.$$ &
app "SELECT created FROM officeauto.accept_invitation('$TOK1', 'inv1b-$RUN', 'Invited One', 'a fine long passphrase $RUN')" > /tmp/oa_acc2.$$ &
wait
res="$(sqlstate_in "$(cat /tmp/oa_acc1.$$)") $(sqlstate_in "$(cat /tmp/oa_acc2.$$)")"
rm -f /tmp/oa_acc1.$$ /tmp/oa_acc2.$$
check "two racing acceptances: one account is created, the other gets OA074" \
      "$(tr ' ' '\n' <<<"$res" | sort | tr '\n' ' ')$(q "SELECT count(*) FROM officeauto.users WHERE lower(email) = lower('Inv1-$RUN@x.example') AND deleted_at IS NULL")" "OA074 ok 1"
check "the new account has exactly the invited role, a verified address, and logs in" \
      "$(q "SELECT string_agg(r.name, ',') || ' ' || bool_and(u.email_verified_at IS NOT NULL) || ' ' || min(u.signup_method) FROM officeauto.users u JOIN officeauto.user_roles ur ON ur.user_id = u.id JOIN officeauto.roles r ON r.id = ur.role_id WHERE lower(u.email) = lower('Inv1-$RUN@x.example')")/$(q "SELECT count(*) FROM officeauto.users WHERE username IN ('inv1a-$RUN', 'inv1b-$RUN')")" \
      "manager true invitation/1"
check "the invitation is accepted and the token is spent" \
      "$(as "$OWN" "SELECT status FROM officeauto.list_invitations(NULL) WHERE invitation_id = '$INV1'")/$(astate "SELECT * FROM officeauto.lookup_invitation('$TOK1')")" "accepted/OA074"
check "the acceptance is in the audit trail" \
      "$(q "SELECT count(*) FROM officeauto.audit_logs WHERE organization_id = $ORG AND action = 'account.invitation_accepted' AND metadata ->> 'invitation_id' = '$INV1'")" "1"
# Revocation and replacement.
TOK2=$(as "$OWN" "SELECT token FROM officeauto.invite_user('inv2-$RUN@x.example')")
INV2=$(as "$OWN" "SELECT invitation_id FROM officeauto.list_invitations() WHERE email = 'inv2-$RUN@x.example'")
TOK2B=$(as "$OWN" "SELECT token FROM officeauto.invite_user('inv2-$RUN@x.example', 'viewer')")
check "a new invitation to the same address replaces the open one" \
      "$(astate "SELECT * FROM officeauto.lookup_invitation('$TOK2')")/$(app "SELECT role FROM officeauto.lookup_invitation('$TOK2B')")" "OA074/viewer"
INV2B=$(as "$OWN" "SELECT invitation_id FROM officeauto.list_invitations() WHERE email = 'inv2-$RUN@x.example'")
check "revoke_invitation ends it; revoking again: OA074; unknown: P0002" \
      "$(state "$OWN" "SELECT officeauto.revoke_invitation('$INV2B')")/$(astate "SELECT * FROM officeauto.lookup_invitation('$TOK2B')")/$(state "$OWN" "SELECT officeauto.revoke_invitation('$INV2B')")/$(state "$OWN" "SELECT officeauto.revoke_invitation(gen_random_uuid())")" \
      "ok/OA074/OA074/P0002"
# An expired invitation.
TOK3=$(as "$OWN" "SELECT token FROM officeauto.invite_user('inv3-$RUN@x.example')")
q "UPDATE officeauto.invitations SET expires_at = created_at + interval '1 millisecond' WHERE email = 'inv3-$RUN@x.example'" >/dev/null
check "an expired invitation: OA074" "$(astate "SELECT * FROM officeauto.accept_invitation('$TOK3', 'inv3-$RUN', 'Three', 'a fine long passphrase $RUN')")" "OA074"
# Linking an existing account of the organization (a member invited to become admin).
TOK4=$(as "$OWN" "SELECT token FROM officeauto.invite_user('su1-$RUN@corp$RUN.example', 'viewer')" )
check "an address with an account here cannot be invited again (OA073)" "$(sqlstate_in "$TOK4")" "OA073"
q "UPDATE officeauto.users SET email = 'moved-$RUN@corp$RUN.example' WHERE public_id = '$SU1'" >/dev/null
TOK4=$(as "$OWN" "SELECT token FROM officeauto.invite_user('link-$RUN@corp$RUN.example', 'admin')")
check "the owner invites as admin (holding all of its permissions)" "${#TOK4}" "43"
check "accepting an invitation for another address while authenticated: 42501" \
      "$(state "$SU1S" "SELECT * FROM officeauto.accept_invitation('$TOK4')")" "42501"
q "UPDATE officeauto.users SET email = 'link-$RUN@corp$RUN.example' WHERE public_id = '$SU1'" >/dev/null
check "accepting while authenticated links the account (created false) and grants the role" \
      "$(as "$SU1S" "SELECT created FROM officeauto.accept_invitation('$TOK4')")/$(q "SELECT string_agg(r.name, ',' ORDER BY r.name) FROM officeauto.user_roles ur JOIN officeauto.roles r ON r.id = ur.role_id JOIN officeauto.users u ON u.id = ur.user_id WHERE u.public_id = '$SU1'")" \
      "f/admin,member"
# A manager cannot hand out owner; an admin can invite members.
ADM=$(login "su1-$RUN" "a fine long passphrase $RUN")
check "an admin may not invite as owner (does not hold all of its permissions): 42501" \
      "$(state "$ADM" "SELECT * FROM officeauto.invite_user('boss-$RUN@x.example', 'owner')")" "42501"
# Seat limit counts open invitations.
q "UPDATE officeauto.organizations SET seat_limit = (SELECT count(*) FROM officeauto.users WHERE organization_id = $ORG AND status = 'active' AND deleted_at IS NULL) + 1 WHERE id = $ORG" >/dev/null
TOK5=$(as "$OWN" "SELECT token FROM officeauto.invite_user('inv5-$RUN@x.example')")
check "with one seat left, one invitation is possible and the next is refused: OA007" \
      "${#TOK5}/$(state "$OWN" "SELECT * FROM officeauto.invite_user('inv6-$RUN@x.example')")" "43/OA007"
check "a sign-up verified into the last seat meanwhile: accepting beyond the limit gives OA007" \
      "$(app "SELECT officeauto.verify_email(verification_token) FROM officeauto.sign_up('$SLUG', 'su7b-$RUN', 'su7b-$RUN@corp$RUN.example', 'Seven', 'a fine long passphrase $RUN')")/$(astate "SELECT * FROM officeauto.accept_invitation('$TOK5', 'inv5-$RUN', 'Five', 'a fine long passphrase $RUN')")" "t/OA007"
q "UPDATE officeauto.organizations SET seat_limit = NULL WHERE id = $ORG" >/dev/null
# An address with an account in another organization.
TOK6=$(as "$OWN" "SELECT token FROM officeauto.invite_user('alice@acme.example')")
check "an address whose account is in another organization: OA075 on acceptance" \
      "$(astate "SELECT * FROM officeauto.accept_invitation('$TOK6', 'alice2-$RUN', 'Alice', 'a fine long passphrase $RUN')")" "OA075"
# Closed: no invitations, no sign-up.
as "$OWN" "SELECT officeauto.set_signup_policy('closed')" >/dev/null
check "closed: invitations refused and open ones cannot be accepted (OA070)" \
      "$(state "$OWN" "SELECT * FROM officeauto.invite_user('inv8-$RUN@x.example')")/$(astate "SELECT * FROM officeauto.accept_invitation('$TOK5', 'inv5-$RUN', 'Five', 'a fine long passphrase $RUN')")" "OA070/OA070"
check "no invitation token is stored in clear or audited" \
      "$(q "SELECT count(*) FROM officeauto.audit_logs WHERE organization_id = $ORG AND (coalesce(new_data::text, '') || coalesce(old_data::text, '') || metadata::text) LIKE ANY (ARRAY['%$TOK1%', '%$TOK4%', '%$TOK5%'])")" "0"
# Erasure of an invited account reaches its invitation and the invitation's audit images.
INV1U=$(q "SELECT public_id FROM officeauto.users WHERE lower(email) = lower('Inv1-$RUN@x.example') AND deleted_at IS NULL")
as "$OWN" "SELECT officeauto.delete_user('$INV1U'); SELECT officeauto.erase_user_personal_data('$INV1U')" >/dev/null
check "erasing an invited account anonymizes the invitation's address, in the table and its audit rows" \
      "$(q "SELECT count(*) FROM officeauto.invitations WHERE lower(email) = lower('Inv1-$RUN@x.example')")/$(q "SELECT count(*) FROM officeauto.audit_logs WHERE organization_id = $ORG AND lower(coalesce(new_data::text, '') || coalesce(old_data::text, '')) LIKE lower('%Inv1-$RUN@x.example%')")" \
      "0/0"
q "DROP ROLE IF EXISTS $APP" >/dev/null 2>&1
exit $fail
