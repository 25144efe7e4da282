#!/usr/bin/env bash
# Every SQL example in the documentation runs, as the role it is written for, so an example
# that stopped being true fails the test suite.
#
# How examples are written (README.md and docs/*.md):
#   <!-- doctest: as=app -->          the line right before a ```sql fence (blank lines allowed)
#   ```sql
#   ...
#   ```
#   ```output                         optional: what psql prints for the example, compared
#   ...                               exactly (trailing blanks aside)
#   ```
# Keys of the doctest line:
#   as=ROLE       who runs it: postgres (the superuser, a DBA), admin (a LOGIN member of
#                 officeauto_admin), app (a LOGIN member of officeauto_app, the application)
#                 or readonly (a LOGIN member of officeauto_readonly); logins other than
#                 postgres connect over TCP with a password
#   error=SQLSTATE  the example shows a refusal: it must fail, with that code
#   skip="why"    not run (printed as a TAP skip with the reason): for examples that need
#                 something this test cannot give (another server, a client library)
# Set-up a reader does not need to see goes in an HTML comment, which runs like an example:
#   <!-- doctest-hidden as=postgres
#   SELECT ...;
#   -->
# A ```sql block without a doctest line fails, so no example goes unchecked by accident.
# A page with <!-- doctest-file: db=empty --> starts from the extension without sample data.
# The examples of one file run in order in one psql session (psql variables set with \gset
# carry from one example to the next, across role changes), in a database of their own with the
# extension and the sample data (sample/sample_data.sql: demo users log in with
# 'demo-' || username), on a private cluster: examples may ALTER SYSTEM.
source "$(dirname "$0")/../lib/tap.sh"
ROOT=${OFFICEAUTO_ROOT:?}
if [ -n "${OFFICEAUTO_DOCS:-}" ]; then
    read -r -a DOCS <<<"$OFFICEAUTO_DOCS"  # a few files, while writing them
else
    DOCS=(README.md)
    for f in "$ROOT"/docs/*.md; do DOCS+=("docs/$(basename "$f")"); done
fi

WORK=$(mktemp -d /tmp/officeauto-doctest.XXXXXX)
chown postgres "$WORK"
PORT=$((PGPORT + 41))
stop() {
    sudo -u postgres "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1
    [ -n "${OFFICEAUTO_KEEP:-}" ] || rm -rf "$WORK"
}
trap stop EXIT

# Parse every file first: the plan line needs the number of examples.
: > "$WORK/manifest"
base=0
for doc in "${DOCS[@]}"; do
    dir="$WORK/$(tr '/.' '__' <<<"$doc")"
    mkdir -p "$dir"
    : > "$dir/script.sql"
    awk -v file="$doc" -v out="$dir" -v base="$base" -f "$ROOT/tests/lib/doctest.awk" "$ROOT/$doc"
    count=$(wc -l < "$dir/manifest")
    sed "s#^#${doc}|#" "$dir/manifest" >> "$WORK/manifest"
    base=$((base + count))
done
total=$(wc -l < "$WORK/manifest")
echo "1..$((total + 1))"
problems=$(cat "$WORK"/*/*.bad 2>/dev/null)
check "every SQL example is annotated and every annotation is readable" "$(grep -c . <<<"$problems")" "0"
[ -z "$problems" ] || sed 's/^/# /' <<<"$problems"

sudo -u postgres "$PG_BIN/initdb" -D "$WORK/data" --auth-local=trust --auth-host=scram-sha-256 -U postgres --no-sync >/dev/null
new_key_hex > "$WORK/master.key"
chown postgres "$WORK/master.key"
chmod 600 "$WORK/master.key"
cat >> "$WORK/data/postgresql.conf" <<EOF
shared_preload_libraries = 'officeauto, pg_stat_statements'
officeauto.master_key_file = '$WORK/master.key'
listen_addresses = '127.0.0.1'
fsync = off
EOF
sudo -u postgres "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w -o "-k $WORK -p $PORT" start >/dev/null
export PGHOST=$WORK PGPORT=$PORT PGUSER=postgres
declare -A PW
for role in admin app readonly; do
    PW[$role]="doc-$role-$(new_key_hex | cut -c1-16)"
done
for role in admin app readonly; do echo "127.0.0.1:$PORT:*:doc_$role:${PW[$role]}"; done > "$WORK/pgpass"
chmod 600 "$WORK/pgpass"
psql -X -q -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE doc_template" \
    -c "CREATE ROLE doc_admin LOGIN PASSWORD '${PW[admin]}'" \
    -c "CREATE ROLE doc_app LOGIN PASSWORD '${PW[app]}'" \
    -c "CREATE ROLE doc_readonly LOGIN PASSWORD '${PW[readonly]}'" >/dev/null
psql -X -q -d doc_template -v ON_ERROR_STOP=1 -c "CREATE EXTENSION officeauto" \
    -c "GRANT officeauto_admin TO doc_admin; GRANT officeauto_app TO doc_app; GRANT officeauto_readonly TO doc_readonly" >/dev/null
psql -X -q -d postgres -c "CREATE DATABASE doc_empty TEMPLATE doc_template" >/dev/null
psql -X -q -d doc_template -v ON_ERROR_STOP=1 < "$ROOT/sample/sample_data.sql" >/dev/null

# Examples name repository files by relative path (tests/lib/totp.py).
cd "$ROOT" || exit 1
i=0
for doc in "${DOCS[@]}"; do
    dir="$WORK/$(tr '/.' '__' <<<"$doc")"
    [ -s "$dir/manifest" ] || continue
    i=$((i + 1))
    db="doc_$i"
    template=doc_template
    [ "$(cat "$dir/db" 2>/dev/null)" = empty ] && template=doc_empty
    psql -X -q -d postgres -c "CREATE DATABASE $db TEMPLATE $template" >/dev/null
    # Role changes become \connect; passwords come from a password file, so a message never
    # shows one.
    sed -E -e "s#^\\\\doctest_connect postgres\$#\\\\connect $db postgres $WORK $PORT#" \
           -e "s#^\\\\doctest_connect ([a-z]+)\$#\\\\connect $db doc_\\1 127.0.0.1 $PORT#" "$dir/script.sql" > "$dir/run.sql"
    chmod -R a+rX "$dir"
    PGPASSFILE="$WORK/pgpass" psql -X -q -d "$db" -v VERBOSITY=verbose \
        -f "$dir/run.sql" > "$dir/stdout" 2> "$dir/stderr"
    while IFS='|' read -r num line role want skip has_output hidden; do
        where="$doc:$line"
        [ "$hidden" = 1 ] && where="$where (hidden set-up)"
        n=$((n + 1))
        if [ -n "$skip" ]; then
            echo "ok $n - $where # skip $skip"
            continue
        fi
        case "$role" in postgres | admin | app | readonly) ;; *)
            echo "not ok $n - $where: unknown role '$role' (postgres, admin, app or readonly)"; fail=1; continue ;;
        esac
        section=$(sed -n "/^@@doctest begin $num\$/,/^@@doctest end $num\$/p" "$dir/stderr")
        if ! grep -q "^@@doctest end $num\$" <<<"$section"; then
            echo "not ok $n - $where (as $role): did not run to its end"
            sed 's/^/# /' "$dir/stderr" | tail -5
            fail=1
            continue
        fi
        got=$(grep -o 'ERROR:  [0-9A-Z]\{5\}' <<<"$section" | head -1 | cut -c9-)
        problem=""
        # psql's own errors (a \gset that got no row, a variable not set) are failures too.
        if grep -q '^psql:[^ ]*: error: ' <<<"$section"; then
            problem="psql: $(grep -m1 '^psql:[^ ]*: error: ' <<<"$section" | sed 's/^psql:[^ ]*: error: //')"
        elif [ -n "$want" ] && [ "$got" != "$want" ]; then
            problem="should fail with $want, got ${got:-success}"
        elif [ -z "$want" ] && [ -n "$got" ]; then
            problem="failed with $got"
        elif [ "$has_output" = 1 ] && ! diff <(sed 's/[ \t]*$//' "$dir/$num.expected") <(sed 's/[ \t]*$//' "$dir/$num.out") >/dev/null; then
            problem="printed something other than its output block"
        fi
        if [ -z "$problem" ]; then
            echo "ok $n - $where (as $role)"
        else
            echo "not ok $n - $where (as $role): $problem"
            grep -v '^@@doctest' <<<"$section" | head -8 | sed 's/^/#   /'
            [ "$has_output" = 1 ] && diff <(sed 's/[ \t]*$//' "$dir/$num.expected") <(sed 's/[ \t]*$//' "$dir/$num.out") | head -10 | sed 's/^/#   /'
            fail=1
        fi
    done < "$dir/manifest"
done
exit $fail
