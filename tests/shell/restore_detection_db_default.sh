#!/usr/bin/env bash
# A restore session is one that switched row_security off itself (pg_dump and pg_restore SET
# it). A database default cannot fake one: ALTER DATABASE ... SET row_security = off is open to
# the database's owner, a non-superuser, and used to make every superuser session of the
# database (maintenance jobs, and the bookkeeping workers that lock accounts) count as a
# restore, whose writes skipped the audit trail.
source "$(dirname "$0")/../lib/tap.sh"
echo "1..5"

OWNER_BEFORE=$(q "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()")
q "DROP ROLE IF EXISTS oa_db_owner; CREATE ROLE oa_db_owner LOGIN" >/dev/null
q "ALTER DATABASE \"$DB\" OWNER TO oa_db_owner" >/dev/null
psql -X -q -U oa_db_owner -d "$DB" -c "ALTER DATABASE \"$DB\" SET row_security = off" >/dev/null
# Bound bookkeeping workers let go of the database after 2 s idle and reconnect with the new
# default; give them the time.
sleep 3

ACME=$(q "SELECT id FROM officeauto.organizations WHERE slug = 'acme'")
RUN=$(new_key_hex | cut -c1-6)
NAME="rsdb-$RUN"
check "a superuser session gets the owner's default" "$(q "SHOW row_security")" "off"
check "and is not taken for a restore" "$(q "SELECT officeauto._is_restoring()")" "f"
audits() { q "SELECT count(*) FROM officeauto.audit_logs WHERE table_name = 'officeauto.users' AND action = 'UPDATE'
               AND record_id = officeauto.audit_record_id('officeauto.users', jsonb_build_object('id', (SELECT id FROM officeauto.users WHERE username = '$NAME')))"; }
q "BEGIN; SELECT set_config('officeauto.organization_id', '$ACME', true);
   SELECT officeauto.create_user($ACME, '$NAME', '$NAME@acme.example', 'Restore default', 'rsdb-Passw0rd'); COMMIT;" >/dev/null
q "UPDATE officeauto.users SET full_name = 'Renamed by a superuser' WHERE username = '$NAME'" >/dev/null
check "a superuser's change is audited" "$(audits)" "1"
for i in 1 2 3 4 5; do
    q "SELECT * FROM officeauto.login('$NAME', 'wrong-$i', 'web', '10.73.$i.1', NULL, true)" >/dev/null 2>&1
done
check "the lock the bookkeeping worker sets is audited" \
      "$(q "SELECT locked_until IS NOT NULL FROM officeauto.users WHERE username = '$NAME'") $(audits)" "t 2"
check "a session that sets row_security off itself is still a restore" \
      "$(psql -X -q -At -d "$DB" -c "SET row_security = off" -c "SELECT officeauto._is_restoring()")" "t"

q "ALTER DATABASE \"$DB\" RESET row_security" >/dev/null
q "ALTER DATABASE \"$DB\" OWNER TO \"$OWNER_BEFORE\"" >/dev/null
q "DELETE FROM officeauto.failed_login_attempts WHERE ip_address <<= '10.73.0.0/16'; DROP ROLE oa_db_owner" >/dev/null
exit $fail
