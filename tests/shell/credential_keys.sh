#!/usr/bin/env bash
# Server-held keys as a DBA runs them: the key never shows in SQL-visible places or the server
# log, a missing or wrong master key gives its own SQLSTATE, and key rotation runs while other
# connections read and write credentials without any of them failing.
source "$(dirname "$0")/../lib/tap.sh"
LOG=${OFFICEAUTO_SERVER_LOG:?}
KEY_FILE=${OFFICEAUTO_MASTER_KEY_FILE:?}
KEY=$(cat "$KEY_FILE")
reload() { q "SELECT pg_reload_conf()" >/dev/null; sleep 1; }
echo "1..13"

ACME=$(q "SELECT id FROM officeauto.organizations WHERE slug = 'acme'")
CLIENT=$(q "SELECT id FROM officeauto.clients WHERE company = 'Nile Logistics'")
LOG_START=$(stat -c %s "$LOG")

# Routine calls under log_statement = all while pg_stat_activity is sampled.
q "ALTER SYSTEM SET log_statement = 'all'" && reload
for i in $(seq 1 20); do q "SELECT query FROM pg_stat_activity WHERE datname = current_database()" ; done > /tmp/oa_activity.$$ &
SAMPLER=$!
for i in $(seq 1 30); do
    q "BEGIN; SET LOCAL officeauto.organization_id = '$ACME';
       SELECT officeauto.reveal_credential(public_id) FROM officeauto.credentials WHERE organization_id = $ACME LIMIT 1;
       SELECT officeauto.encrypt_credential_value('routine-$i'); COMMIT;" >/dev/null
done
wait $SAMPLER
q "ALTER SYSTEM RESET log_statement" && reload
check "the master key never appears in pg_stat_activity" "$(grep -c "$KEY" /tmp/oa_activity.$$)" "0"
check "the master key never appears in the server log" "$(tail -c +"$LOG_START" "$LOG" | grep -c "$KEY")" "0"
rm -f /tmp/oa_activity.$$
check "the key file is readable by the server account only" "$(stat -c '%a %U' "$KEY_FILE")" "600 postgres"
# An inline key would be readable through SHOW by anyone until the library loads in that
# backend, so without shared_preload_libraries it is refused.
# (LOAD first: ALTER SYSTEM only accepts settings the session knows.)
psql -X -q -d "$DB" -c "LOAD 'officeauto'" \
     -c "ALTER SYSTEM SET officeauto.master_key = '$(new_key_hex)'" && reload
check "an inline master key without shared_preload_libraries is refused: F0000" \
      "$(sqlstate_of "SELECT officeauto.encrypt_credential_value('x')")" "F0000"
psql -X -q -d "$DB" -c "LOAD 'officeauto'" -c "ALTER SYSTEM RESET officeauto.master_key" && reload

# Without a master key: new backends cannot unwrap data keys (cached keys die with backends).
q "ALTER SYSTEM SET officeauto.master_key_file = ''" && reload
check "no server key configured: 55000" "$(sqlstate_of "SELECT officeauto.encrypt_credential_value('x')")" "55000"
new_key_hex > "${KEY_FILE}.wrong"
chown postgres "${KEY_FILE}.wrong"; chmod 600 "${KEY_FILE}.wrong"
q "ALTER SYSTEM SET officeauto.master_key_file = '${KEY_FILE}.wrong'" && reload
check "the wrong master key cannot unwrap the keyring: F0000" "$(sqlstate_of "SELECT officeauto.encrypt_credential_value('x')")" "F0000"
q "ALTER SYSTEM RESET officeauto.master_key_file" && reload
rm -f "${KEY_FILE}.wrong"
check "with the key back, encryption works again" \
      "$(q "SELECT officeauto.decrypt_credential_value(officeauto.encrypt_credential_value('back'))")" "back"

# Rotation while two other connections read and write.
q "INSERT INTO officeauto.credentials (organization_id, client_id, label, encrypted_value)
   SELECT $ACME, $CLIENT, 'bulk ' || g, officeauto.encrypt_credential_value('bulk-secret-' || g)
     FROM generate_series(1, 1500) g" >/dev/null
STOP=/tmp/oa_stop.$$
worker() {  # $1: reads or writes; prints the number of failed statements
    local errs=0
    while [ ! -e "$STOP" ]; do
        local id=$(( (RANDOM % 1500) + 1 ))
        if [ "$1" = reads ]; then
            out=$(psql -X -q -At -d "$DB" -c "BEGIN; SET LOCAL ROLE officeauto_app; SET LOCAL officeauto.organization_id = '$ACME';
                  SELECT officeauto.reveal_credential(public_id) = 'bulk-secret-$id' FROM officeauto.credentials WHERE label = 'bulk $id'; COMMIT;" 2>&1)
            [ "$out" = t ] || errs=$((errs + 1))
        else
            psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" -c "BEGIN; SET LOCAL ROLE officeauto_app; SET LOCAL officeauto.organization_id = '$ACME';
                  UPDATE officeauto.credentials SET encrypted_value = officeauto.encrypt_credential_value('bulk-secret-$id') WHERE label = 'bulk $id'; COMMIT;" \
                  >/dev/null 2>&1 || errs=$((errs + 1))
        fi
    done
    echo "$errs"
}
worker reads > /tmp/oa_reads.$$ & R=$!
worker writes > /tmp/oa_writes.$$ & W=$!
q "SELECT officeauto.add_credential_key('k-conc-$$')" >/dev/null
rounds=0
while [ "$(q "SELECT officeauto.rotate_credential_keys(100, 300)")" != 0 ]; do rounds=$((rounds + 1)); done
touch "$STOP"; wait $R $W; rm -f "$STOP"
check "readers saw every value correctly during rotation" "$(cat /tmp/oa_reads.$$)" "0"
check "writers never failed during rotation" "$(cat /tmp/oa_writes.$$)" "0"
check "after rotation every value is under the new key and reads back (in $rounds committed steps)" \
      "$(q "BEGIN; SET LOCAL officeauto.organization_id = '$ACME';
            SELECT count(*) FILTER (WHERE key_id = 'k-conc-$$' AND officeauto.reveal_credential(public_id) = 'bulk-secret-' || substr(label, 6))
              FROM officeauto.credentials WHERE label LIKE 'bulk %'; ROLLBACK;")" "1500"
rm -f /tmp/oa_reads.$$ /tmp/oa_writes.$$

# Master-key change: the new key in officeauto.master_key_file, the old one in
# officeauto.master_key_previous_file until rewrap_credential_keys() has moved the keyring.
NEW_KEY="${KEY_FILE}.new"
new_key_hex > "$NEW_KEY"; chown postgres "$NEW_KEY"; chmod 600 "$NEW_KEY"
psql -X -q -d "$DB" -c "LOAD 'officeauto'" -c "ALTER SYSTEM SET officeauto.master_key_file = '$NEW_KEY'" \
     -c "ALTER SYSTEM SET officeauto.master_key_previous_file = '$KEY_FILE'" >/dev/null && reload
keys=$(q "SELECT count(*) FROM officeauto.credential_keys")
check "rewrap_credential_keys re-wraps every data key under the new master key" "$(q "SELECT officeauto.rewrap_credential_keys()")" "$keys"
psql -X -q -d "$DB" -c "LOAD 'officeauto'" -c "ALTER SYSTEM RESET officeauto.master_key_previous_file" >/dev/null && reload
check "without the old key, every value still decrypts" \
      "$(q "BEGIN; SET LOCAL officeauto.organization_id = '$ACME';
            SELECT count(*) FILTER (WHERE officeauto.reveal_credential(public_id) IS NOT NULL) = count(*) FROM officeauto.credentials WHERE organization_id = $ACME; ROLLBACK;" | tail -1)" "t"
check "a second rewrap has nothing to do" "$(q "SELECT officeauto.rewrap_credential_keys()")" "0"
# Back to the original key for the other tests: rewrap again in the opposite direction.
psql -X -q -d "$DB" -c "LOAD 'officeauto'" -c "ALTER SYSTEM SET officeauto.master_key_file = '$KEY_FILE'" \
     -c "ALTER SYSTEM SET officeauto.master_key_previous_file = '$NEW_KEY'" >/dev/null && reload
q "SELECT officeauto.rewrap_credential_keys()" >/dev/null
psql -X -q -d "$DB" -c "LOAD 'officeauto'" -c "ALTER SYSTEM RESET officeauto.master_key_file" \
     -c "ALTER SYSTEM RESET officeauto.master_key_previous_file" >/dev/null && reload
rm -f "$NEW_KEY"
q "DELETE FROM officeauto.credentials WHERE label LIKE 'bulk %'" >/dev/null
exit $fail
