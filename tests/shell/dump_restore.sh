#!/usr/bin/env bash
# pg_dump / pg_restore round trip of a database holding the extension and the sample data:
# the restore runs with --exit-on-error (no ignored errors), every table and sequence comes back
# identical, and the restored database keeps working (new rows get fresh ids, RLS still on).
source "$(dirname "$0")/../lib/tap.sh"
SRC=${PGDATABASE:-officeauto_test}
DST=officeauto_restore
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DUMP=$(mktemp /tmp/officeauto-dump.XXXXXX)
chmod 644 "$DUMP"
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
counts="SELECT string_agg(format('%s=%s', c.relname,
          (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text),
          ' ' ORDER BY c.relname)
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'officeauto' AND c.relkind = 'r'"
seqs="SELECT string_agg(sequencename || '=' || coalesce(last_value, 0), ' ' ORDER BY sequencename) FROM pg_sequences WHERE schemaname = 'officeauto'"
echo "1..7"

# Monthly audit partitions are ordinary tables attached to the extension's parent: include some.
q "$SRC" "SELECT officeauto.create_audit_partitions(2)" >/dev/null
"$BIN/pg_dump" -Fc -f "$DUMP" "$SRC" 2>/dev/null
check "pg_dump succeeds" "$?" "0"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DST" -c "CREATE DATABASE $DST" >/dev/null
"$BIN/pg_restore" --exit-on-error -d "$DST" "$DUMP" 2>&1 | sed 's/^/# /'
check "pg_restore --exit-on-error succeeds" "${PIPESTATUS[0]}" "0"
check "every table has the same row count after restore" "$(q "$DST" "$counts")" "$(q "$SRC" "$counts")"
check "every sequence is restored to the same position" "$(q "$DST" "$seqs")" "$(q "$SRC" "$seqs")"
check "new rows after restore get fresh ids" \
      "$(q "$DST" "INSERT INTO officeauto.organizations (name, slug) VALUES ('After Restore', 'after-restore') RETURNING id > (SELECT max(id) FROM officeauto.organizations WHERE slug <> 'after-restore')")" "t"
check "row-level security is still forced after restore" \
      "$(q "$DST" "SELECT count(*) FROM pg_class WHERE relnamespace = 'officeauto'::regnamespace AND relforcerowsecurity")" \
      "$(q "$SRC" "SELECT count(*) FROM pg_class WHERE relnamespace = 'officeauto'::regnamespace AND relforcerowsecurity")"
reveal="BEGIN; SELECT set_config('officeauto.organization_id', organization_id::text, true) FROM officeauto.credentials WHERE label = 'ERP API';
        SELECT officeauto.reveal_credential(id) FROM officeauto.credentials WHERE label = 'ERP API'; ROLLBACK;"
check "encrypted credentials still decrypt after restore (same server key)" \
      "$(q "$DST" "$reveal" | tail -1)" "demo-erp-api-secret"
psql -X -q -d postgres -c "DROP DATABASE $DST" >/dev/null
rm -f "$DUMP"
exit $fail
