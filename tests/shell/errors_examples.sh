#!/usr/bin/env bash
# The Python (psycopg 3) and Node (node-postgres) examples of docs/errors.md, run as written
# against the test database by an application LOGIN role: they must tell a wrong password, a
# locked account (with the lock end parsed from DETAIL), an unknown item and a held item apart
# by SQLSTATE. Skipped for a language whose driver is not installed.
source "$(dirname "$0")/../lib/tap.sh"
echo "1..10"
ROOT=${OFFICEAUTO_ROOT:?}
APP=oa_errors_doc
WORK=$(mktemp -d /tmp/officeauto-errdoc.XXXXXX)
trap 'rm -rf "$WORK"; q "DROP OWNED BY $APP; DROP ROLE IF EXISTS $APP" >/dev/null 2>&1' EXIT
q "DROP ROLE IF EXISTS $APP; CREATE ROLE $APP LOGIN IN ROLE officeauto_app" >/dev/null 2>&1
PW="errors-doc-Passw0rd-$$"
q "UPDATE officeauto.users SET password_hash = officeauto.hash_password('$PW'), locked_until = NULL WHERE username = 'carol'" >/dev/null
ITEM=$(q "SELECT c.public_id FROM officeauto.cartable c JOIN officeauto.users u ON u.id = c.user_id
           WHERE u.username = 'carol' ORDER BY c.id LIMIT 1")
if [ -z "$ITEM" ]; then
    ITEM=$(q "INSERT INTO officeauto.cartable (organization_id, user_id, task_id, action_required)
              SELECT t.organization_id, u.id, t.id, 'review' FROM officeauto.tasks t JOIN officeauto.users u
                  ON u.organization_id = t.organization_id AND u.username = 'carol'
               ORDER BY t.id LIMIT 1 RETURNING public_id")
fi
# An item carol sent to a colleague: she sees it (as its sender) but does not hold it.
OTHERS=$(q "INSERT INTO officeauto.cartable (organization_id, user_id, from_user_id, task_id, action_required)
            SELECT t.organization_id, e.id, c.id, t.id, 'info' FROM officeauto.tasks t
              JOIN officeauto.users c ON c.organization_id = t.organization_id AND c.username = 'carol'
              JOIN officeauto.users e ON e.organization_id = t.organization_id AND e.username = 'emma'
             ORDER BY t.id LIMIT 1 RETURNING public_id")

# The fenced blocks of the page, unchanged.
block() { awk -v lang="$1" '$0 == "```" lang { on = 1; next } on && $0 == "```" { exit } on { print }' "$ROOT/docs/errors.md"; }
block python > "$WORK/example.py"
block javascript > "$WORK/example.js"

export OFFICEAUTO_LOGIN=carol
run() {  # run LANG [VAR=VALUE ...]: one run of an example, stdout and stderr together
    local lang=$1; shift
    case $lang in
        python) env "$@" OFFICEAUTO_DSN="host=$PGHOST port=$PGPORT dbname=$DB user=$APP" python3 "$WORK/example.py" 2>&1 ;;
        node) (cd "$WORK" && env "$@" NODE_PATH="$NODE_PATH" \
                  OFFICEAUTO_DSN="postgresql://$APP@$(printf %s "$PGHOST" | sed 's|/|%2F|g'):$PGPORT/$DB" node example.js 2>&1) ;;
    esac
}
lock_end() { q "SELECT to_char(locked_until AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') FROM officeauto.users WHERE username = 'carol'"; }

for lang in python node; do
    case $lang in
        python) python3 -c 'import psycopg' 2>/dev/null; have=$? ;;
        node) NODE_PATH=${NODE_PATH:-$(npm root -g 2>/dev/null)}; node -e "require('pg')" 2>/dev/null; have=$? ;;
    esac
    if [ "$have" -ne 0 ]; then
        for i in 1 2 3 4 5; do check "# SKIP $lang driver not installed" skip skip; done
        continue
    fi
    check "$lang: an unknown item is told apart as P0002" \
          "$(run $lang OFFICEAUTO_PASSWORD="$PW" OFFICEAUTO_ITEM= | head -1 | cut -d' ' -f1-2)" "not found:"
    check "$lang: the caller's own item is marked read, its new version shown" \
          "$(run $lang OFFICEAUTO_PASSWORD="$PW" OFFICEAUTO_ITEM="$ITEM" | head -1 | sed 's/[0-9]*$/N/')" \
          "read; the item is now at version N"
    check "$lang: an item someone else holds is told apart as OA030" \
          "$(run $lang OFFICEAUTO_PASSWORD="$PW" OFFICEAUTO_ITEM="$OTHERS" | head -1)" \
          "someone else holds this item"
    check "$lang: a wrong password is OA001" \
          "$(run $lang OFFICEAUTO_PASSWORD=not-the-password | grep -c 'wrong username or password')" "1"
    q "UPDATE officeauto.users SET locked_until = date_trunc('second', now()) + interval '10 minutes' WHERE username = 'carol'" >/dev/null
    check "$lang: a locked account is OA002, the lock end read from DETAIL" \
          "$(run $lang OFFICEAUTO_PASSWORD="$PW" | grep -o 'locked until .*' | tr -dc '0-9' | cut -c1-14)" "$(lock_end | tr -dc '0-9')"
    q "UPDATE officeauto.users SET locked_until = NULL WHERE username = 'carol'" >/dev/null
done
exit $fail
