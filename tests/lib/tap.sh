# TAP helpers shared by tests/shell/*.sh. Sourced, not run (prove runs tests/shell only).
# shellcheck shell=bash
set -uo pipefail
DB=${DB:-${PGDATABASE:-officeauto_test}}
n=0
fail=0

# check DESCRIPTION GOT WANT: one TAP line; a mismatch prints both values and fails the script.
check() {
    n=$((n + 1))
    if [ "$2" = "$3" ]; then
        echo "ok $n - $1"
    else
        echo "not ok $n - $1"
        echo "#   got:  $2"
        echo "#   want: $3"
        fail=1
    fi
}

# q SQL: runs SQL in $DB, unaligned, stopping at the first error.
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" -c "$1"; }

# sqlstate_in OUTPUT: the SQLSTATE of the first error in psql output run with
# VERBOSITY=verbose (or sqlstate), or "ok" when there is none.
sqlstate_in() {
    local s
    s=$(grep -o 'ERROR:  [0-9A-Z]\{5\}' <<<"$1" | head -1 | cut -c9-)
    echo "${s:-ok}"
}

# sqlstate_of SQL: runs SQL in $DB and prints the SQLSTATE it fails with, or "ok".
sqlstate_of() { sqlstate_in "$(psql -X -q -At -d "$DB" -v VERBOSITY=verbose -c "$1" 2>&1)"; }

# mk USERNAME PASSWORD: an account of the sample organization acme, made as an application
# would (create_user in that organization's context).
mk() {
    local org
    org=$(q "SELECT id FROM officeauto.organizations WHERE slug = 'acme'")
    q "BEGIN; SELECT set_config('officeauto.organization_id', '$org', true);
       SELECT officeauto.create_user($org, '$1', '$1@acme.example', 'Test $1', '$2'); COMMIT;" >/dev/null
}

# sys 'ALTER SYSTEM ...' ...: server settings, each statement on its own (ALTER SYSTEM refuses
# a transaction), then a reload given a second to reach every backend. The library is loaded
# first so that its settings are known.
sys() {
    local args=(-c "LOAD 'officeauto'") s
    for s in "$@"; do args+=(-c "$s"); done
    psql -X -q -d "$DB" "${args[@]}" -c "SELECT pg_reload_conf()" >/dev/null
    sleep 1
}

# 32 random bytes as 64 hex digits: the format of officeauto's key files.
new_key_hex() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# app_login NAME: a non-superuser LOGIN role NAME in officeauto_app with a random password,
# made afresh, for the helpers below: they talk to $DB as that role over TCP (scram-sha-256),
# the way an application does.
app_login() {
    APP=$1
    APP_PW="$1-$(new_key_hex | cut -c1-16)"
    q "DROP ROLE IF EXISTS $APP; CREATE ROLE $APP LOGIN PASSWORD '$APP_PW' IN ROLE officeauto_app" >/dev/null 2>&1
}
# app SQL: SQL as the application role in autocommit; results and verbose errors.
app() { PGPASSWORD="$APP_PW" psql -X -q -At -h 127.0.0.1 -U "$APP" -d "$DB" -v VERBOSITY=verbose -c "$1" 2>&1; }
# as TOKEN SQL: SQL in one transaction authenticated by a session token, as the application.
as() {
    printf 'BEGIN;\nSELECT officeauto.authenticate(%s) \\g /dev/null\n%s;\nCOMMIT;\n' "'$1'" "$2" |
        PGPASSWORD="$APP_PW" psql -X -q -At -h 127.0.0.1 -U "$APP" -d "$DB" -v VERBOSITY=verbose -v ON_ERROR_STOP=1 2>&1
}
# astate SQL / state TOKEN SQL: the SQLSTATE the statement fails with, or ok.
astate() { sqlstate_in "$(app "$1")"; }
state() { sqlstate_in "$(as "$1" "$2")"; }
