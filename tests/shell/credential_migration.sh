#!/usr/bin/env bash
# Seed 002's passphrase calls and the pgcrypto import through LOGIN roles over TCP, the way an
# application and an administrator run them: a value encrypted in one connection decrypts in
# another (a backend that has derived nothing yet), hostile keys leave the connection usable,
# and neither a passphrase nor a plaintext reaches the server log, even from failing calls.
source "$(dirname "$0")/../lib/tap.sh"
LOG=${OFFICEAUTO_SERVER_LOG:?}
echo "1..13"

app_login oa_mig_app
ADM=oa_mig_admin
ADM_PW="$ADM-$(new_key_hex | cut -c1-16)"
q "DROP ROLE IF EXISTS $ADM; CREATE ROLE $ADM LOGIN PASSWORD '$ADM_PW' IN ROLE officeauto_admin" >/dev/null 2>&1
adm() { PGPASSWORD="$ADM_PW" psql -X -q -At -h 127.0.0.1 -U "$ADM" -d "$DB" -v VERBOSITY=verbose -c "$1" 2>&1; }
ACME=$(q "SELECT id FROM officeauto.organizations WHERE slug = 'acme'")
CLIENT=$(q "SELECT min(id) FROM officeauto.clients WHERE organization_id = $ACME")
# Secrets that must never reach the log: distinctive, so a grep cannot match anything else.
PASS="Migr4tion-Passphrase-$(new_key_hex | cut -c1-12)"
WRONG="Wr0ng-Passphrase-$(new_key_hex | cut -c1-12)"
SHORT="Sh0rt-$(new_key_hex | cut -c1-4)"
PLAIN="seed-plaintext-$(new_key_hex | cut -c1-12)"
LOG_START=$(stat -c %s "$LOG")

# The application: encrypt in one connection, decrypt in fresh ones.
CT=$(app "SELECT officeauto.encrypt_credential_value('$PLAIN', '$PASS')")
check "the application encrypts with a passphrase over TCP" "$(cut -c1-6 <<<"$CT")" '\x0106'
check "a new connection (nothing derived yet) decrypts it" \
      "$(app "SELECT officeauto.decrypt_credential_value('$CT'::bytea, '$PASS')")" "$PLAIN"
check "one connection decrypting it three times gets the same value each time (the cached key)" \
      "$(app "SELECT count(DISTINCT officeauto.decrypt_credential_value('$CT'::bytea, '$PASS')) || ':' || count(*)
                FROM generate_series(1, 3)")" "1:3"
check "a wrong passphrase: 28P01" "$(sqlstate_in "$(app "SELECT officeauto.decrypt_credential_value('$CT'::bytea, '$WRONG')")")" "28P01"
check "a short passphrase: 22023" "$(sqlstate_in "$(app "SELECT officeauto.encrypt_credential_value('$PLAIN', '$SHORT')")")" "22023"
check "a NULL key, a 1 MB key, then a normal call in the same connection: 22004, 22023, ok" \
      "$(PGPASSWORD="$APP_PW" psql -X -q -At -h 127.0.0.1 -U "$APP" -d "$DB" -v VERBOSITY=verbose \
            -c "SELECT officeauto.encrypt_credential_value('v', NULL)" \
            -c "SELECT officeauto.encrypt_credential_value('v', repeat('k', 1048576))" \
            -c "SELECT officeauto.decrypt_credential_value('$CT'::bytea, '$PASS') = '$PLAIN'" 2>&1 |
         sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\).*/\1/p; s/^t$/ok/p' | tr '\n' ' ')" "22004 22023 ok "

# The administrator: seed-style pgcrypto values copied in, a failed and a successful import.
q "CREATE EXTENSION IF NOT EXISTS pgcrypto" >/dev/null
q "INSERT INTO officeauto.credentials (organization_id, client_id, label, encrypted_value)
   VALUES ($ACME, $CLIENT, 'mig seed', pgp_sym_encrypt('$PLAIN', '$PASS'))" >/dev/null
out=$(adm "SELECT officeauto.import_pgcrypto_credentials('$WRONG')")
check "import with a wrong passphrase: 28P01" "$(sqlstate_in "$out")" "28P01"
check "... the value is unchanged (still pgcrypto's)" \
      "$(q "SELECT key_id IS NULL AND get_byte(encrypted_value, 0) = 195 FROM officeauto.credentials WHERE label = 'mig seed'")" "t"
out=$(adm "SELECT officeauto.import_pgcrypto_credentials('$PASS')")
check "import with the right passphrase, as an officeauto_admin login, imports the value" "$(sqlstate_in "$out") $(tail -1 <<<"$out")" "ok 1"
check "the imported value reveals" \
      "$(q "BEGIN; SET LOCAL officeauto.organization_id = '$ACME';
            SELECT officeauto.reveal_credential(public_id) FROM officeauto.credentials WHERE label = 'mig seed'; ROLLBACK;")" "$PLAIN"
q "DELETE FROM officeauto.credentials WHERE label = 'mig seed'; DROP EXTENSION pgcrypto" >/dev/null

sleep 1  # the logger writes asynchronously
check "the failed calls are in the server log (so the next two checks read a live log)" \
      "$(tail -c +"$LOG_START" "$LOG" | grep -c -e 'wrong passphrase, or the value was altered' -e 'do not decrypt with this passphrase' | sed 's/^[1-9][0-9]*$/yes/')" "yes"
check "no passphrase (right, wrong or short) in the server log" \
      "$(tail -c +"$LOG_START" "$LOG" | grep -c -e "$PASS" -e "$WRONG" -e "$SHORT")" "0"
check "no plaintext in the server log or any audit row" \
      "$(tail -c +"$LOG_START" "$LOG" | grep -c -e "$PLAIN")$(q "SELECT count(*) FROM officeauto.credential_audit_logs l WHERE to_jsonb(l)::text LIKE '%$PLAIN%'")" "00"
q "DROP ROLE IF EXISTS $ADM; DROP ROLE IF EXISTS $APP" >/dev/null 2>&1
exit $fail
