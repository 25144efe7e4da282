#!/usr/bin/env bash
# What the per-backend state of the identity hot paths must survive, in one connection: the
# direct session lookup (src/sessions.rs) across DROP and CREATE EXTENSION, DDL and errors in
# the same transaction, with no resource warning at commit; and the password helper process
# (src/isolate.rs): reused between requests, holding none of the backend's descriptors,
# retired when idle and replaced on the next request.
source "$(dirname "$0")/../lib/tap.sh"
echo "1..10"

LDB=officeauto_lookup_$$
psql -X -q -d postgres -c "CREATE DATABASE $LDB" >/dev/null
lq() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$LDB" "$@" 2>&1; }

# A live organization, user and session; prints the token.
SETUP="INSERT INTO officeauto.organizations (name, slug) VALUES ('Lookup', 'lookup');
INSERT INTO officeauto.users (organization_id, username, email, full_name)
SELECT id, 'lookup-user', 'lookup-user@lookup.example', 'Lookup' FROM officeauto.organizations;
SELECT officeauto._new_token() AS tok \gset
INSERT INTO officeauto.user_sessions (organization_id, user_id, client_type, token_digest, expires_at)
SELECT organization_id, id, 'web', officeauto.token_digest(:'tok'), now() + interval '1 hour' FROM officeauto.users;"

out=$(lq <<SQL
CREATE EXTENSION officeauto;
$SETUP
SELECT 'first ' || (officeauto.validate_session(:'tok') IS NOT NULL);
\set old :tok
DROP EXTENSION officeauto CASCADE;
CREATE EXTENSION officeauto;
$SETUP
SELECT 'old ' || coalesce(officeauto.validate_session(:'old')::text, 'none');
SELECT 'new ' || (officeauto.validate_session(:'tok') = (SELECT id FROM officeauto.users));
SQL
)
check "a session validates in a fresh database" "$(grep '^first' <<<"$out")" "first true"
check "after DROP and CREATE EXTENSION in the same connection, the old token is unknown" "$(grep '^old' <<<"$out")" "old none"
check "... and a token of the new tables validates" "$(grep '^new' <<<"$out")" "new true"
check "no warning or error along the way" "$(grep -c 'WARNING\|ERROR' <<<"$out")" "0"

TOK=$(lq -c "SELECT officeauto._new_token()")
lq -c "INSERT INTO officeauto.user_sessions (organization_id, user_id, client_type, token_digest, expires_at)
       SELECT organization_id, id, 'api', officeauto.token_digest('$TOK'), now() + interval '1 hour' FROM officeauto.users" >/dev/null
out=$(lq <<SQL
BEGIN;
SELECT officeauto.validate_session('$TOK') IS NOT NULL;
DO \$\$ BEGIN PERFORM officeauto.validate_session('$TOK'); RAISE EXCEPTION 'undone'; EXCEPTION WHEN raise_exception THEN NULL; END \$\$;
SELECT officeauto.validate_session('$TOK') IS NOT NULL;
CREATE INDEX lookup_probe ON officeauto.user_sessions (client_type);
SELECT officeauto.validate_session('$TOK') IS NOT NULL;
COMMIT;
BEGIN;
SELECT officeauto.authenticate('$TOK') > 0;
DROP EXTENSION officeauto CASCADE;
CREATE EXTENSION officeauto;
SELECT coalesce(officeauto.validate_session('$TOK')::text, 'none');
COMMIT;
SQL
)
check "validations around an error caught in a savepoint and DDL in one transaction" "$(head -3 <<<"$out" | tr '\n' ' ')" "t t t "
check "DROP EXTENSION after authenticate in one transaction, then a lookup in the new tables; no warning" \
      "$(tail -n +4 <<<"$out" | tr '\n' ' ')" "t none "

# The password helper: one per backend, reused, bare, retired after 10 s idle.
HASH=$(lq -c "SET officeauto.password_memory_kib = 1024" -c "SELECT officeauto.hash_password('helper')")
out=$(lq <<SQL
SELECT officeauto.verify_password('helper', '$HASH');
SELECT pg_backend_pid() AS b \gset
\setenv B :b
\! pgrep -P "\$B" > /tmp/officeauto-helper.$$
SELECT officeauto.verify_password('helper', '$HASH');
\! pgrep -P "\$B" >> /tmp/officeauto-helper.$$; ls /proc/"\$(head -1 /tmp/officeauto-helper.$$)"/fd | sort -n | tr '\n' ' ' >> /tmp/officeauto-helper.$$
SELECT pg_sleep(11);
SELECT officeauto.verify_password('helper', '$HASH'), officeauto.verify_password('wrong', '$HASH');
SQL
)
helpers=$(head -2 /tmp/officeauto-helper.$$ | sort -u | wc -l)
check "consecutive verifications use one helper process" "$helpers" "1"
check "the helper holds only stdin, stdout, stderr and its socket" "$(sed -n 3p /tmp/officeauto-helper.$$ | wc -w)" "4"
check "after the helper retired, verification works again" "$(grep -v '^$' <<<"$out" | tr '\n' ' ')" "t t t|f "
check "no warning or error from the helper's life" "$(grep -c 'WARNING\|ERROR' <<<"$out")" "0"
rm -f /tmp/officeauto-helper.$$

psql -X -q -d postgres -c "DROP DATABASE $LDB" >/dev/null
exit $fail
