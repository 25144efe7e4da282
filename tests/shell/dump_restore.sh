#!/usr/bin/env bash
# pg_dump / pg_restore round trips of a database holding the extension and the sample data,
# each restored with --exit-on-error (no ignored errors): a superuser's dump restored serially
# and with pg_restore -j 4, and a dump taken by an officeauto_admin member (a non-superuser
# LOGIN role) restored with -j 4. Every table and sequence comes back identical, every stored
# credential still decrypts to the same value, and the restored database keeps working (new
# rows get fresh ids, RLS still forced).
#
# pg_restore -j is the hard case: pg_dump orders the data of an extension's tables parents
# first, but records that order only as positions in the archive (a TABLE DATA entry depends on
# its table alone), and the tables already carry their foreign keys, so parallel workers used
# to load children before parents and lose them (37 tables short, every credential gone).
source "$(dirname "$0")/../lib/tap.sh"
SRC=${PGDATABASE:-officeauto_test}
DST=officeauto_restore
BACKUP=oa_backup
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DUMP=$(mktemp /tmp/officeauto-dump.XXXXXX)
chmod 644 "$DUMP"
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
counts="SELECT string_agg(format('%s=%s', c.relname,
          (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text),
          ' ' ORDER BY c.relname)
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'officeauto' AND c.relkind = 'r'"
seqs="SELECT string_agg(sequencename || '=' || coalesce(last_value, 0), ' ' ORDER BY sequencename) FROM pg_sequences WHERE schemaname = 'officeauto'"
# Every stored value, decrypted with the server key (as superuser, without writing a log row).
secrets="SELECT count(*) || ' values, ' || md5(string_agg(public_id || ':' || officeauto._open_credential(encrypted_value, organization_id, public_id), ',' ORDER BY public_id))
           FROM officeauto.credentials WHERE encrypted_value IS NOT NULL AND officeauto.credential_key_id(encrypted_value) <> 'explicit'"
echo "1..22"

# Partitions are ordinary tables attached to the extension's parents, and those of
# notifications and test_executions carry the parents' foreign keys (cloned, so pg_dump leaves
# them to the ATTACH): include rows in several of them, months and quarters back, and rows left
# in the default partitions (a public id that is not UUID v7 names no period).
q "$SRC" "INSERT INTO officeauto.notifications (organization_id, recipient_id, kind, title, public_id)
          SELECT u.organization_id, u.id, 'system', 'back ' || m || ' months',
                 overlay(officeauto._uuid_v7_floor(now() - make_interval(months => m))::text
                         placing '7abc-8abc-' || lpad((u.id * 10 + m)::text, 12, '0') from 15)::uuid
            FROM officeauto.users u, generate_series(1, 3) m WHERE u.username IN ('carol', 'maria');
          INSERT INTO officeauto.test_executions (organization_id, test_case_id, result, public_id)
          SELECT organization_id, id, 'passed', overlay(officeauto._uuid_v7_floor(now() - interval '7 months')::text
                                                        placing '7abc-8abc-' || lpad(id::text, 12, '0') from 15)::uuid
            FROM officeauto.test_cases;" >/dev/null
check "create_partitions() moves the waiting rows out of the default partitions and commits" \
      "$(q "$SRC" "SELECT officeauto.create_partitions(2) ->> 'officeauto.notifications'")" "6"
q "$SRC" "INSERT INTO officeauto.notifications (organization_id, recipient_id, kind, title, public_id)
          SELECT organization_id, id, 'system', 'not v7', 'ffffffff-ffff-4fff-bfff-ffffffffffff' FROM officeauto.users WHERE username = 'carol'" >/dev/null
check "rows of several partitions to dump: notifications, test executions" \
      "$(q "$SRC" "SELECT (SELECT count(DISTINCT tableoid) FROM officeauto.notifications) || ' ' || (SELECT count(DISTINCT tableoid) FROM officeauto.test_executions)")" "5 2"
psql -X -q -d "$SRC" -c "DROP ROLE IF EXISTS $BACKUP" -c "CREATE ROLE $BACKUP LOGIN IN ROLE officeauto_admin" >/dev/null 2>&1

# round_trip LABEL DUMP_COMMAND... : dumps with the command, restores with $RESTORE_JOBS jobs.
round_trip() {
    local label=$1
    shift
    # pg_dump warns about every table with a foreign key to itself (users.deleted_by, ...): the
    # rows of one table load in one statement, whose checks run at its end, so that is harmless.
    "$@" -Fc -f "$DUMP" "$SRC" 2>&1 | grep -Ev 'circular foreign-key constraints on this table|^pg_dump: (detail|hint):' | sed 's/^/# /'
    check "$label: pg_dump succeeds" "${PIPESTATUS[0]}" "0"
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DST" -c "CREATE DATABASE $DST" >/dev/null 2>&1
    "$BIN/pg_restore" --exit-on-error -j "$RESTORE_JOBS" -d "$DST" "$DUMP" 2>&1 | sed 's/^/# /'
    check "$label: pg_restore -j $RESTORE_JOBS --exit-on-error succeeds" "${PIPESTATUS[0]}" "0"
    check "$label: every table has the same row count after restore" "$(q "$DST" "$counts")" "$(q "$SRC" "$counts")"
    check "$label: every sequence is restored to the same position" "$(q "$DST" "$seqs")" "$(q "$SRC" "$seqs")"
    check "$label: every stored credential decrypts to the same value" "$(q "$DST" "$secrets")" "$(q "$SRC" "$secrets")"
}

RESTORE_JOBS=1 round_trip "superuser dump, serial restore" "$BIN/pg_dump"
RESTORE_JOBS=4 round_trip "superuser dump, parallel restore" "$BIN/pg_dump"

check "new rows after restore get fresh ids" \
      "$(q "$DST" "INSERT INTO officeauto.organizations (name, slug) VALUES ('After Restore', 'after-restore') RETURNING id > (SELECT max(id) FROM officeauto.organizations WHERE slug <> 'after-restore')")" "t"
check "row-level security is still forced after restore" \
      "$(q "$DST" "SELECT count(*) FROM pg_class WHERE relnamespace = 'officeauto'::regnamespace AND relforcerowsecurity")" \
      "$(q "$SRC" "SELECT count(*) FROM pg_class WHERE relnamespace = 'officeauto'::regnamespace AND relforcerowsecurity")"
check "referential integrity holds after the parallel restore (loads skipped the checks, the data kept them)" \
      "$(q "$DST" "SELECT count(*) FROM officeauto.tasks t WHERE NOT EXISTS (SELECT FROM officeauto.organizations o WHERE o.id = t.organization_id)
                   OR (t.assignee_id IS NOT NULL AND NOT EXISTS (SELECT FROM officeauto.users u WHERE u.id = t.assignee_id AND u.organization_id = t.organization_id))")" "0"
check "... and in the partitions of notifications and test executions, loaded with their foreign keys in place" \
      "$(q "$DST" "SELECT (SELECT count(*) FROM officeauto.notifications n WHERE NOT EXISTS (SELECT FROM officeauto.users u WHERE u.id = n.recipient_id AND u.organization_id = n.organization_id))
                        + (SELECT count(*) FROM officeauto.test_executions e WHERE NOT EXISTS (SELECT FROM officeauto.test_cases c WHERE c.id = e.test_case_id AND c.organization_id = e.organization_id))")" "0"
reveal="BEGIN; SELECT set_config('officeauto.organization_id', organization_id::text, true) FROM officeauto.credentials WHERE label = 'ERP API';
        SELECT officeauto.reveal_credential(public_id) FROM officeauto.credentials WHERE label = 'ERP API'; ROLLBACK;"
check "reveal_credential works after restore (same server key)" "$(q "$DST" "$reveal" | tail -1)" "demo-erp-api-secret"

# An officeauto_admin login sees every organization through its policy, so it dumps with row
# security on (pg_dump's default, row_security = off, is for logins that bypass it).
RESTORE_JOBS=4 round_trip "officeauto_admin member's dump" "$BIN/pg_dump" -U "$BACKUP" --enable-row-security

psql -X -q -d postgres -c "DROP DATABASE $DST" >/dev/null
q "$SRC" "DROP OWNED BY $BACKUP; DROP ROLE $BACKUP" >/dev/null
rm -f "$DUMP"
exit $fail
