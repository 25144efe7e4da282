#!/usr/bin/env bash
# Fresh-database smoke test: CREATE EXTENSION, DROP EXTENSION ... CASCADE leaves no relation,
# function or type behind, CREATE EXTENSION again works. Group roles are cluster-wide and are
# deliberately left (documented in the README).
DB=officeauto_smoke
source "$(dirname "$0")/../lib/tap.sh"
echo "1..6"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
check "CREATE EXTENSION in a fresh database" "$(q 'CREATE EXTENSION officeauto' 2>&1 && echo done)" "done"
check "uuid_generate_v7 works after install" "$(q "SELECT substr(officeauto.uuid_generate_v7()::text, 15, 1)")" "7"
# Post-install objects (monthly audit partitions, rows) must go too.
q "SELECT officeauto.create_audit_partitions(2)" >/dev/null
q 'DROP EXTENSION officeauto CASCADE'
left=$(q "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'officeauto')
            + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'officeauto')
            + (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'officeauto')")
check "DROP EXTENSION CASCADE leaves no relation, function or type" "$left" "0"
# The group roles are cluster-wide and stay (other databases may use them); the now-empty
# schema stays too, because PostgreSQL does not make the schema it creates for a
# non-relocatable extension a member of it. Both are documented in the README.
check "the group roles survive DROP EXTENSION" "$(q "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'officeauto\_%'")" "3"
check "CREATE EXTENSION again works" "$(q 'CREATE EXTENSION officeauto' 2>&1 && echo done)" "done"
check "extension version is the one Cargo.toml declares" "$(q "SELECT extversion FROM pg_extension WHERE extname = 'officeauto'")" "$(awk -F'"' '/^version/ { print $2; exit }' "${OFFICEAUTO_ROOT}/Cargo.toml")"
psql -X -q -d postgres -c "DROP DATABASE $DB" >/dev/null
exit $fail
