#!/usr/bin/env bash
# docs/migrating-from-seeds.md as a reader runs it: every ```sql block, in order and as
# written, in a fresh database holding officeauto (as a superuser, like the migration it
# describes), then what the walkthrough promises: the seed 002 users log in with their bcrypt
# passwords, the pgcrypto credentials are imported and reveal, the history is kept.
source "$(dirname "$0")/../lib/tap.sh"
ROOT=${OFFICEAUTO_ROOT:?}
GUIDE="$ROOT/docs/migrating-from-seeds.md"
GDB=oa_guide_$$
BLOCKS=$(mktemp -d /tmp/oa_guide.XXXXXX)
chmod 755 "$BLOCKS"
trap 'rm -rf "$BLOCKS"; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $GDB" >/dev/null 2>&1' EXIT

awk -v dir="$BLOCKS" '/^```sql$/ { n++; f = sprintf("%s/%02d.sql", dir, n); inside = 1; next }
                      /^```$/ && inside { inside = 0; close(f); next }
                      inside { print > f }' "$GUIDE"
count=$(find "$BLOCKS" -name '*.sql' | wc -l)
echo "1..$((count + 6))"

psql -X -q -d postgres -c "CREATE DATABASE $GDB" >/dev/null
psql -X -q -d "$GDB" -c "CREATE EXTENSION officeauto" >/dev/null
g() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$GDB" "$@" 2>&1; }

declare -A out
for f in "$BLOCKS"/*.sql; do
    b=$(basename "$f" .sql)
    out[$b]=$(g -v VERBOSITY=verbose -f "$f")
    check "block $b of the guide runs as written ($(head -1 "$f" | cut -c1-60))" "$(sqlstate_in "${out[$b]}")" "ok"
    [ "$(sqlstate_in "${out[$b]}")" = ok ] || sed 's/^/#   /' <<<"${out[$b]}" | head -20
done

# What the walkthrough promised (the scratch seed schema is gone by now; officeauto keeps all).
imported=$(grep -l 'import_pgcrypto_credentials' "$BLOCKS"/*.sql | head -1)
check "the import reported both seed credentials" "$(tail -1 <<<"${out[$(basename "$imported" .sql)]}")" "2"
check "both credentials are under a server key" \
      "$(g -c "SELECT count(*) FILTER (WHERE key_id IS NOT NULL) || '/' || count(*) FROM officeauto.credentials")" "2/2"
check "the values reveal as the seed stored them" \
      "$(g -c "BEGIN" -c "SELECT set_config('officeauto.organization_id', id::text, true) FROM officeauto.organizations WHERE slug = 'mini-crm'" \
           -c "SELECT string_agg(officeauto.reveal_credential(public_id), ',' ORDER BY label) FROM officeauto.credentials" -c "ROLLBACK" | tail -1)" \
      "contoso-sftp-secret,northwind-wp-secret"
check "a migrated user logs in with the seed's bcrypt password, and the hash is upgraded to argon2id" \
      "$(g -c "SELECT count(*) FROM officeauto.login('ana', 'ana-password', 'web', '198.51.100.9')" \
           -c "SELECT left(password_hash, 9) FROM officeauto.users WHERE username = 'ana'" | tr '\n' ' ')" '1 $argon2id '
check "the seed admin is owner and admin; the other user a member" \
      "$(g -c "SELECT string_agg(u.username || ':' || r.name, ' ' ORDER BY u.username, r.name)
                 FROM officeauto.user_roles ur JOIN officeauto.users u ON u.id = ur.user_id JOIN officeauto.roles r ON r.id = ur.role_id")" \
      "ana:admin ana:owner ben:member"
check "the seed's access history was kept next to the import's rows" \
      "$(g -c "SELECT string_agg(action || coalesce('/' || (metadata->>'migrated_from'), ''), ',' ORDER BY action, metadata ? 'migrated_from')
                 FROM officeauto.credential_audit_logs")" "create,create,decrypt,decrypt/seed 002,update,update"
exit $fail
