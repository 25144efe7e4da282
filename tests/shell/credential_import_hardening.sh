#!/usr/bin/env bash
# Regression tests of the review of passphrase keys and the pgcrypto import (issue 16, point
# 6; findings F1-F7, F8 is covered by core unit tests), through LOGIN roles over TCP:
#   F1  an application cannot store anything disguised as (or being) a pgcrypto value;
#   F2  planted rows cannot block the import; absurd S2K counts are refused before decrypting;
#   F3  the import refuses while a log setting would write its text after the call;
#   F4  derived keys and salts are not shared with a later client in another scope;
#   F5  an envelope cannot ask for KDF parameters far above the defaults;
#   F6  only exact raw-key forms skip stretching;
#   F7  a value that decrypts but is not UTF-8 is 22021, not "wrong passphrase".
source "$(dirname "$0")/../lib/tap.sh"
LOG=${OFFICEAUTO_SERVER_LOG:?}
echo "1..20"

app_login oa_hard_app
ADM=oa_hard_admin; ADM_PW="$ADM-$(new_key_hex | cut -c1-16)"
q "DROP ROLE IF EXISTS $ADM; CREATE ROLE $ADM LOGIN PASSWORD '$ADM_PW' IN ROLE officeauto_admin" >/dev/null 2>&1
adm() { PGPASSWORD="$ADM_PW" psql -X -q -At -h 127.0.0.1 -U "$ADM" -d "$DB" -v VERBOSITY=verbose -c "$1" 2>&1; }
ACME=$(q "SELECT id FROM officeauto.organizations WHERE slug = 'acme'")
CLIENT=$(q "SELECT min(id) FROM officeauto.clients WHERE organization_id = $ACME")
U=hardcred$$; PW="Hard-user-password-$$!"
mk "$U" "$PW"
q "UPDATE officeauto.users SET status = 'active', email_verified_at = now() WHERE username = '$U';
   INSERT INTO officeauto.user_roles (organization_id, user_id, role_id)
   SELECT $ACME, u.id, r.id FROM officeauto.users u, officeauto.roles r
    WHERE u.username = '$U' AND r.organization_id = $ACME AND r.name = 'admin' ON CONFLICT DO NOTHING" >/dev/null
TOK=$(app "SELECT session_token FROM officeauto.login('$U', '$PW', 'web')")
PASS="Imp0rt-Passphrase-$(new_key_hex | cut -c1-12)"
q "CREATE EXTENSION IF NOT EXISTS pgcrypto" >/dev/null
plant() {  # plant LABEL VALUE-EXPRESSION: a row as an administrator copying seed data
    q "INSERT INTO officeauto.credentials (organization_id, client_id, label, encrypted_value)
       VALUES ($ACME, $CLIENT, '$1', $2) RETURNING public_id"
}
insert_as_app() {
    as "$TOK" "INSERT INTO officeauto.credentials (organization_id, client_id, label, encrypted_value)
               VALUES ($ACME, $CLIENT, 'hard app', $1)"
}

# F1
check "F1: an application user cannot store cleartext behind 3 OpenPGP-like bytes (22P03)" \
      "$(sqlstate_in "$(insert_as_app "'\\xc30d04'::bytea || convert_to('cleartext-hunter2', 'UTF8')")")" "22P03"
GENUINE=$(q "SELECT encode(pgp_sym_encrypt('genuine-plain', 'Genuine-Passphrase-1'), 'hex')")
check "F1: nor a genuine pgp_sym_encrypt value (only administrators migrate seed data)" \
      "$(sqlstate_in "$(insert_as_app "'\\x$GENUINE'::bytea")")" "22P03"
check "F1: ... and nothing was stored" "$(q "SELECT count(*) FROM officeauto.credentials WHERE label = 'hard app'")" "0"
check "F1: an administrator's truncated OpenPGP value is refused too (22P03)" \
      "$(sqlstate_of "INSERT INTO officeauto.credentials (organization_id, client_id, label, encrypted_value)
                      VALUES ($ACME, $CLIENT, 'hard truncated', '\\x$(cut -c1-30 <<<"$GENUINE")'::bytea)")" "22P03"
check "F1: an administrator's copy of a pgcrypto value is kept as it is (key_id NULL)" \
      "$(plant 'hard genuine' "'\\x$GENUINE'::bytea" >/dev/null &&
         q "SELECT key_id IS NULL AND encode(encrypted_value, 'hex') = '$GENUINE' FROM officeauto.credentials WHERE label = 'hard genuine'")" "t"

# F2
ABSURD=$(plant 'hard absurd' "pgp_sym_encrypt('absurd-plain', 'Genuine-Passphrase-1', 's2k-count=65011712')")
out=$(adm "SELECT officeauto.import_pgcrypto_credentials('Genuine-Passphrase-1')")
check "F2: a value with an S2K count above pgcrypto's defaults is refused before decrypting (22P03)" \
      "$(sqlstate_in "$out")" "22P03"
check "F2: ... the error names its public id" "$(grep -c "Credential public ids: $ABSURD\." <<<"$out")" "1"
check "F2: ... and nothing was imported" \
      "$(q "SELECT count(*) FROM officeauto.credentials WHERE label LIKE 'hard %' AND key_id IS NULL")" "2"
q "DELETE FROM officeauto.credentials WHERE label = 'hard absurd'" >/dev/null
out=$(adm "SELECT officeauto.import_pgcrypto_credentials('Genuine-Passphrase-1')")
check "F2: with the application unable to plant rows, the administrator's import succeeds" \
      "$(sqlstate_in "$out") $(tail -1 <<<"$out")" "ok 1"

# F7
NOTTEXT=$(plant 'hard not text' "pgp_sym_encrypt_bytea('\\xff00fe'::bytea, '$PASS')")
plant 'hard text' "pgp_sym_encrypt('some-text', '$PASS')" >/dev/null
out=$(adm "SELECT officeauto.import_pgcrypto_credentials('$PASS')")
check "F7: a value that decrypts but is not UTF-8 is 22021 (not 28P01), naming its public id" \
      "$(sqlstate_in "$out") $(grep -c "Credential public ids: $NOTTEXT\." <<<"$out")" "22021 1"
check "F7: ... and nothing was imported" \
      "$(q "SELECT count(*) FROM officeauto.credentials WHERE label IN ('hard not text', 'hard text') AND key_id IS NULL")" "2"
q "DELETE FROM officeauto.credentials WHERE label = 'hard not text'" >/dev/null

# F3
LOG_START=$(stat -c %s "$LOG")
sys "ALTER SYSTEM SET log_min_duration_statement = 0"
out=$(adm "SELECT officeauto.import_pgcrypto_credentials('$PASS')")
check "F3: log_min_duration_statement = 0: the import refuses (55000)" "$(sqlstate_in "$out")" "55000"
check "F3: ... its hint says how to turn the setting off for the session" \
      "$(grep -c 'HINT:  Turn it off for this session with SET log_min_duration_statement = -1' <<<"$out")" "1"
sys "ALTER SYSTEM RESET log_min_duration_statement"
check "F3: log_min_duration_sample with a sample rate, log_transaction_sample_rate, auto_explain: 55000 each" \
      "$(sqlstate_of "SET log_min_duration_sample = 0; SET log_statement_sample_rate = 0.5; SELECT officeauto.import_pgcrypto_credentials('not-a-secret')")
$(sqlstate_of "SET log_transaction_sample_rate = 0.1; SELECT officeauto.import_pgcrypto_credentials('not-a-secret')")
$(sqlstate_of "LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SELECT officeauto.import_pgcrypto_credentials('not-a-secret')")" \
      "55000
55000
55000"
check "F3: a sample duration at rate 0, and an auto_explain setting without the module: not refused" \
      "$(sqlstate_of "SET log_min_duration_sample = 0; SET log_statement_sample_rate = 0; SET auto_explain.log_min_duration = 0;
                      SELECT officeauto.import_pgcrypto_credentials('$PASS')")" "ok"
sleep 1
check "F3: the passphrase never reached the server log" \
      "$(tail -c +"$LOG_START" "$LOG" | grep -c -e "$PASS")" "0"
q "DELETE FROM officeauto.credentials WHERE label LIKE 'hard %'; DROP EXTENSION IF EXISTS pgcrypto" >/dev/null

# F4: one pooled connection: a client authenticated into acme encrypts, the pool runs DISCARD
# ALL, the next client (no tenant) encrypts with the same passphrase twice.
salts=$(printf '%s\n' "BEGIN;" "SELECT officeauto.authenticate('$TOK') \\g /dev/null" \
          "SELECT substr(officeauto.encrypt_credential_value('a', 'Tenant-A-passphrase-1'), 23, 16);" "COMMIT;" \
          "DISCARD ALL;" \
          "SELECT substr(officeauto.encrypt_credential_value('b', 'Tenant-A-passphrase-1'), 23, 16);" \
          "SELECT substr(officeauto.encrypt_credential_value('c', 'Tenant-A-passphrase-1'), 23, 16);" |
        PGPASSWORD="$APP_PW" psql -X -q -At -h 127.0.0.1 -U "$APP" -d "$DB" -v ON_ERROR_STOP=1 2>&1)
check "F4: a later client in another scope gets a fresh salt (and so no cached key); one scope keeps its salt" \
      "$(awk 'NR==1{a=$0} NR==2{b=$0} NR==3{c=$0} END{print NR, (a!=b), (b==c)}' <<<"$salts")" "3 1 1"

# F5: 256 MiB x 16 passes x 8 lanes in an envelope's derivation header.
CT=$(app "SELECT officeauto.encrypt_credential_value('v', 'Bomb-passphrase-1234')")
BOMB=$(app "SELECT overlay('$CT'::bytea PLACING '\\x000400000000001008'::bytea FROM 13 FOR 9)")
check "F5: an envelope asking for far more than the default KDF cost is refused before deriving (22P03)" \
      "$(sqlstate_in "$(app "SELECT officeauto.decrypt_credential_value('$BOMB'::bytea, 'Bomb-passphrase-1234')")")" "22P03"

# F6
check "F6: a 43-character url-safe passphrase is stretched (flags 6)" \
      "$(app "SELECT get_byte(officeauto.encrypt_credential_value('v', 'correct-horse-battery-staple-over-the-moonA'), 1)")" "6"
check "F6: 64 hex digits and padded base64 of 32 bytes are raw keys (flags 2) and decrypt" \
      "$(app "SELECT string_agg(get_byte(officeauto.encrypt_credential_value('v', k), 1)::text
                                || officeauto.decrypt_credential_value(officeauto.encrypt_credential_value('v', k), k), ' ')
                FROM (VALUES (repeat('0f', 32)), (encode(decode(repeat('0f', 32), 'hex'), 'base64'))) t(k)")" "2v 2v"

q "DROP ROLE IF EXISTS $ADM; DROP ROLE IF EXISTS $APP" >/dev/null 2>&1
exit $fail
