#!/usr/bin/env bash
# Spaces around a login identifier must not tell accounts from unknown names. login() finds the
# account with lower(btrim(identifier)) and counts an account's failures by its id, but counted
# an unknown name's failures by the identifier as stored: ' ghost' was stored with its space
# and never matched the key 'ghost', so a padded unknown name answered OA001 forever while a
# padded account name was asked for a captcha after three failures and locked after five.
source "$(dirname "$0")/../lib/tap.sh"
echo "1..3"

PW="pad-$(new_key_hex | cut -c1-16)"
q "DROP ROLE IF EXISTS oa_padding_app; CREATE ROLE oa_padding_app LOGIN PASSWORD '$PW' IN ROLE officeauto_app" >/dev/null
app() { PGPASSWORD="$PW" psql -X -q -At -h 127.0.0.1 -U oa_padding_app -d "$DB" -v VERBOSITY=verbose -c "$1" 2>&1; }
ACME=$(q "SELECT id FROM officeauto.organizations WHERE slug = 'acme'")
RUN=$(new_key_hex | cut -c1-6)
USER_NAME="pad-$RUN"
q "BEGIN; SELECT set_config('officeauto.organization_id', '$ACME', true);
   SELECT officeauto.create_user($ACME, '$USER_NAME', '$USER_NAME@acme.example', 'Padding', 'pad-Passw0rd'); COMMIT;" >/dev/null

# answers IDENTIFIER NET: the SQLSTATEs of seven wrong passwords (the last three with a captcha
# passed), each from another address of its own network so the per-network limit stays out.
answers() {
    local i out=() cap
    for i in 1 2 3 4 5 6 7; do
        cap=false; [ "$i" -gt 4 ] && cap=true
        out+=("$(sqlstate_in "$(app "SELECT * FROM officeauto.login('$1', 'wrong-$i', 'web', '10.$2.$i.1', NULL, $cap)")")")
    done
    echo "${out[*]}"
}

account=$(answers " $USER_NAME " 71)
check "a padded account name is asked for a captcha, then locked" "$account" "OA001 OA001 OA001 OA003 OA001 OA001 OA002"
check "a padded unknown name answers exactly like it" "$(answers " ghost-$RUN " 72)" "$account"
check "the failures of the padded unknown name are counted under its key" \
      "$(q "SELECT count(*) FROM officeauto.failed_login_attempts WHERE lower(identifier) = 'ghost-$RUN' AND reason = 'invalid_credentials'")" "5"

q "DELETE FROM officeauto.failed_login_attempts WHERE ip_address <<= '10.71.0.0/16' OR ip_address <<= '10.72.0.0/16';
   DELETE FROM officeauto.captcha_attempts WHERE ip_address <<= '10.71.0.0/16' OR ip_address <<= '10.72.0.0/16';
   DELETE FROM officeauto.login_throttle WHERE identifier_key = 'ghost-$RUN';
   DROP OWNED BY oa_padding_app; DROP ROLE oa_padding_app" >/dev/null
exit $fail
