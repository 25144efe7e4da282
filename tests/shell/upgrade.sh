#!/usr/bin/env bash
# ALTER EXTENSION officeauto UPDATE from 0.1.0, as a DBA meets it. A private cluster runs 0.1.0
# exactly as released: its install script (sql/released/officeauto--0.1.0.sql, frozen) and its
# library, built from the release commit. The sample data of that release is loaded, users log
# in and credentials are stored. Then the library of this tree replaces the old one and the
# server restarts, as a package upgrade does, and ALTER EXTENSION ... UPDATE runs. Afterwards:
#   - the catalog equals a fresh install's (tests/upgrade/catalog.sql: tables, columns,
#     constraints, indexes, policies, grants, functions, views, comments, membership);
#   - every row is kept, every credential decrypts to what it held, every session still
#     validates, and the sample users log in with their 0.1.0 password hashes.
source "$(dirname "$0")/../lib/tap.sh"
echo "1..21"

RELEASE=c07740f  # the commit released as 0.1.0
ROOT=${OFFICEAUTO_ROOT:?}
VERSION=$(awk -F'"' '/^version/ { print $2; exit }' "${ROOT}/Cargo.toml")
EXTDIR="$("${PG_BIN}/pg_config" --sharedir)/extension"
PORT=$((PGPORT + 31))
WORK=$(mktemp -d /tmp/officeauto-upgrade.XXXXXX)
chown postgres "$WORK"
RELEASED_SCRIPT="$EXTDIR/officeauto--0.1.0.sql"
stop() {
    sudo -u postgres "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1
    # Whatever the tree held under that name before the test is put back.
    if [ -e "$WORK/previous-0.1.0.sql" ]; then cp "$WORK/previous-0.1.0.sql" "$RELEASED_SCRIPT"; else rm -f "$RELEASED_SCRIPT"; fi
    rm -rf "$WORK"
}
trap stop EXIT
skip_all() { for i in $(seq 1 21); do echo "ok $i # skip $1"; done; exit 0; }

# The 0.1.0 library, built from the release commit with this tree's toolchain, in a target
# directory of its own: a cdylib's output file has no hash in its name, so a shared one would
# leave 0.1.0's library where this tree's build expects its own (kept between runs, so only
# the first run compiles the dependencies).
git -C "$ROOT" cat-file -e "${RELEASE}^{commit}" 2>/dev/null || skip_all "release commit ${RELEASE} not in this clone"
mkdir -p "$WORK/src" "$WORK/lib"
git -C "$ROOT" archive "$RELEASE" | tar -x -C "$WORK/src"
# Cargo names path packages by their place in the workspace and version, not their absolute
# path, and trusts file times: an earlier build of other 0.1.0-versioned code in that directory
# would be taken as up to date. Fresh times make it build this source.
find "$WORK/src" -type f -exec touch {} +
OLD_TARGET="${CARGO_TARGET_DIR:-${ROOT}/target}/officeauto-0.1.0"
if ! (cd "$WORK/src" && CARGO_TARGET_DIR="$OLD_TARGET" \
        cargo build --lib --features "pg15" --no-default-features --message-format=short) > "$WORK/build.log" 2>&1; then
    tail -20 "$WORK/build.log" >&2
    echo "Bail out! the 0.1.0 library does not build"
    exit 1
fi
cp "$OLD_TARGET/debug/libofficeauto.so" "$WORK/lib/officeauto.so"
chmod -R a+rX "$WORK"
# Its install script goes where CREATE EXTENSION ... VERSION '0.1.0' looks, for the test only.
[ ! -e "$RELEASED_SCRIPT" ] || cp "$RELEASED_SCRIPT" "$WORK/previous-0.1.0.sql"
cp "$ROOT/sql/released/officeauto--0.1.0.sql" "$RELEASED_SCRIPT"

sudo -u postgres "$PG_BIN/initdb" -D "$WORK/data" -A trust -U postgres --no-sync >/dev/null
new_key_hex > "$WORK/master.key"
chown postgres "$WORK/master.key"
chmod 600 "$WORK/master.key"
cat >> "$WORK/data/postgresql.conf" <<EOF
shared_preload_libraries = 'officeauto'
listen_addresses = ''
fsync = off
officeauto.master_key_file = '$WORK/master.key'
EOF
# 0.1.0's library first on the path: the server runs the old release.
echo "dynamic_library_path = '$WORK/lib:\$libdir'" > "$WORK/data/old_library.conf"
echo "include_if_exists = 'old_library.conf'" >> "$WORK/data/postgresql.conf"
start() { sudo -u postgres "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w -o "-k $WORK -p $PORT" start >/dev/null; }
restart() { sudo -u postgres "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w -m fast -o "-k $WORK -p $PORT" restart >/dev/null; }
start
export PGHOST=$WORK PGPORT=$PORT DB=upgraded
psql -X -q -d postgres -c "CREATE DATABASE upgraded" -c "CREATE DATABASE fresh"

# 0.1.0 with its sample data, sessions and credentials.
q "CREATE EXTENSION officeauto VERSION '0.1.0'"
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" < "$ROOT/tests/upgrade/sample_data-0.1.0.sql" >/dev/null
q "CREATE TABLE public.kept_tokens AS
     SELECT u.username, l.session_token, l.refresh_token
       FROM officeauto.users u, officeauto.login(u.username, 'demo-' || u.username, 'web') l
      WHERE u.username IN ('alice', 'bob', 'grace')"
# What a production 0.1.0 database has and the sample data does not: a refresh family that
# rotated (each rotation pushed its expiry forward), an inactive organization, and a user
# whose two_factor_enabled flag was set (0.1.0 kept no secret behind it).
rt=$(q "SELECT refresh_token FROM officeauto.login('carol', 'demo-carol', 'mobile')")
for _ in 1 2; do rt=$(q "SELECT refresh_token FROM officeauto.refresh_session('$rt')"); done
check "0.1.0 rotated a refresh family twice (each in its own transaction)" \
    "$(q "SELECT count(*) FROM officeauto.refresh_tokens r JOIN officeauto.users u ON u.id = r.user_id WHERE u.username = 'carol'")" "3"
q "UPDATE officeauto.organizations SET is_active = false WHERE slug = 'globex'"
q "UPDATE officeauto.users SET two_factor_enabled = true WHERE username = 'bob'"
# And what the role step of the upgrade has to sort out: a user who holds no organization-wide
# role, an organization whose only user is inactive, a tenant role already named like the
# name a renamed 0.1.0 role would take, and an index a DBA added to a monthly audit partition.
q "INSERT INTO officeauto.organizations (name, slug) VALUES ('Initech', 'initech')"
q "INSERT INTO officeauto.users (organization_id, username, email, full_name, password_hash, status)
   SELECT o.id, u.username, u.username || '@' || o.slug || '.example', u.full_name,
          officeauto.hash_password('demo-' || u.username), u.status
     FROM (VALUES ('initech', 'zed', 'Zed Stone', 'inactive'), ('acme', 'yann', 'Yann Roux', 'active')) AS u(org, username, full_name, status)
     JOIN officeauto.organizations o ON o.slug = u.org"
q "INSERT INTO officeauto.roles (organization_id, name, description)
   SELECT id, 'legacy_admin', 'A role of the tenant''s own' FROM officeauto.organizations WHERE slug = 'acme'"
dba_part=$(q "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
               WHERE i.inhparent = 'officeauto.audit_logs'::regclass AND c.relname ~ '_[0-9]{4}_[0-9]{2}$' ORDER BY 1 LIMIT 1")
q "CREATE INDEX dba_action_idx ON officeauto.${dba_part} (action)"
q "CREATE TABLE public.kept_grants AS
     SELECT r.organization_id, r.id AS role_id, r.name, p.resource, p.action, p.scope
       FROM officeauto.roles r JOIN officeauto.role_permissions rp ON rp.role_id = r.id
       JOIN officeauto.permissions p ON p.id = rp.permission_id"
q "CREATE TABLE public.kept_secrets AS
     SELECT id, officeauto._open_credential(encrypted_value, organization_id, public_id) AS plain
       FROM officeauto.credentials"
# Row counts of every table of the extension (the kept_* tables are the test's own).
counts() {
    q "SELECT string_agg(format('%s=%s', c.relname,
                                 (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %s', c.oid::regclass), false, true, '')))[1]),
                          ' ' ORDER BY c.relname)
         FROM pg_class c WHERE c.relnamespace = 'officeauto'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
}
BEFORE=$(counts)
check "0.1.0 is installed, from the release's library" \
    "$(q "SELECT extversion FROM pg_extension WHERE extname = 'officeauto'") $(q "SELECT count(*) > 0 FROM public.kept_tokens") $(q "SELECT count(*) > 0 FROM public.kept_secrets")" \
    "0.1.0 t t"

# The package upgrade: this tree's library replaces 0.1.0's, the server restarts.
rm -f "$WORK/data/old_library.conf"
restart
# Until the update runs, 0.1.0's SQL calls the new library: a function it no longer has
# refuses cleanly and says what to do.
check "between the package and the update, a retired 0.1.0 function refuses with 0A000" \
    "$(sqlstate_in "$(psql -X -q -At -d "$DB" -v VERBOSITY=verbose -c "SELECT officeauto.log_activity('upgrade.check')" 2>&1)")" "0A000"
out=$(psql -X -q -At -d "$DB" -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -c "ALTER EXTENSION officeauto UPDATE" 2>&1)
check "ALTER EXTENSION officeauto UPDATE succeeds" "$(sqlstate_in "$out")" "ok"
[ "$(sqlstate_in "$out")" = ok ] || echo "$out" | head -20 | sed 's/^/# /'
check "the upgrade warns that it chose owners, and says how to review them" \
    "$(grep -c 'WARNING:.*2 organization(s) were given an owner, 1 have no active user and no owner' <<<"$out") $(grep -c "HINT:.*upgrade.owner" <<<"$out")" "1 1"
check "the extension is at this tree's version" "$(q "SELECT extversion FROM pg_extension WHERE extname = 'officeauto'")" "$VERSION"

check "an index a DBA added to a 0.1.0 audit partition is kept" \
    "$(q "SELECT count(*) FROM pg_indexes WHERE schemaname = 'officeauto' AND indexname = 'dba_action_idx'")" "1"
q "DROP INDEX officeauto.dba_action_idx"  # not part of what the catalogs compare

psql -X -q -d fresh -c "CREATE EXTENSION officeauto"
# Partitions exist once maintenance has run (0.1.0 made audit ones at install; the upgrade
# leaves notifications and test executions in their default partitions until then): made the
# same way in both, so their shape is compared too.
for db in upgraded fresh; do psql -X -q -At -d "$db" -c "SELECT officeauto.create_partitions(3)" >/dev/null; done
psql -X -q -At -d "$DB" -f "$ROOT/tests/upgrade/catalog.sql" > "$WORK/upgraded.catalog"
psql -X -q -At -d fresh -f "$ROOT/tests/upgrade/catalog.sql" > "$WORK/fresh.catalog"
# Partitions of the audit log and of its archive are per month: the fresh install's and the
# upgraded database's are made the same day, and rows of the sample data add none.
differences=$(diff "$WORK/upgraded.catalog" "$WORK/fresh.catalog")
check "the upgraded catalog equals a fresh install's (lines that differ)" "$(grep -c '^[<>]' <<<"$differences")" "0"
if [ -n "$differences" ]; then
    head -60 <<<"$differences" | sed 's/^/# /'
    # Both listings stay for a look (the work directory goes at exit).
    keep=$(mktemp -d /tmp/officeauto-upgrade-catalogs.XXXXXX)
    cp "$WORK/upgraded.catalog" "$WORK/fresh.catalog" "$keep/"
    echo "# catalogs kept in $keep"
fi
check "the fresh install's catalog was read (it is not empty)" "$(wc -l < "$WORK/fresh.catalog" | awk '{print ($1 > 1000)}')" "1"

# No table has fewer rows than before (the upgrade adds some: built-in roles and permissions,
# the audit rows of those writes; tables 0.2.0 added start empty).
AFTER=$(counts)
lost=$(for kv in $BEFORE; do
           now=$(tr ' ' '\n' <<<"$AFTER" | grep "^${kv%%=*}=" | cut -d= -f2)
           [ "${now:-0}" -ge "${kv#*=}" ] || echo "${kv%%=*}: ${kv#*=} -> ${now:-gone}"
       done)
check "every row is kept (tables with fewer rows)" "$(grep -c . <<<"$lost")" "0"
[ -z "$lost" ] || sed 's/^/# /' <<<"$lost"
# What the extension ships as data (built-in permissions, role templates, access roles, file
# types) is what a fresh install has.
builtin() {
    psql -X -q -At -d "$1" -c "SELECT string_agg(x, E'\n' ORDER BY x) FROM (
        SELECT 'permission ' || resource || ' ' || action || ' ' || coalesce(description, '') AS x FROM officeauto.permissions WHERE is_builtin
        UNION ALL SELECT 'access role ' || (to_jsonb(a) - 'id' - 'created_at' - 'updated_at')::text FROM officeauto.access_role_reference a WHERE is_builtin
        UNION ALL SELECT 'file type ' || (to_jsonb(f) - 'id' - 'created_at' - 'updated_at')::text FROM officeauto.filetype_reference f WHERE is_builtin
        UNION ALL SELECT 'role template ' || role_name || ' ' || resource || ' ' || action || ' ' || scope FROM officeauto.role_templates WHERE is_builtin) s"
}
diff <(builtin upgraded) <(builtin fresh) | grep "^[<>]" | head -20 | sed "s/^/# /"
check "built-in reference rows equal a fresh install's (lines that differ)" "$(diff <(builtin upgraded) <(builtin fresh) | grep -c "^[<>]")" "0"
check "the install history shows 0.1.0 installed, then this version's upgrade" \
    "$(q "SELECT string_agg(version || ' ' || kind, ', ' ORDER BY id) FROM officeauto.schema_version")" "0.1.0 install, $VERSION upgrade"
check "every organization has the five built-in roles, and one with an active user an active owner" \
    "$(q "SELECT count(*) FILTER (WHERE (SELECT count(*) FROM officeauto.roles r
                                         WHERE r.organization_id = o.id AND r.deleted_at IS NULL AND r.is_system
                                           AND r.name IN ('owner', 'admin', 'manager', 'member', 'viewer')) = 5
                                  AND (officeauto._owner_count(o.id, NULL) > 0) = EXISTS (
                                        SELECT FROM officeauto.users u WHERE u.organization_id = o.id AND u.status = 'active'))
                   || '/' || count(*) FROM officeauto.organizations o")" \
    "$(q "SELECT count(*) || '/' || count(*) FROM officeauto.organizations")"
check "owners come from 0.1.0's admin role, and each choice is in the audit trail" \
    "$(q "SELECT string_agg(o.slug || ':' || u.username, ',' ORDER BY o.slug)
            FROM officeauto.user_roles ur JOIN officeauto.roles r ON r.id = ur.role_id AND r.name = 'owner' AND r.is_system
            JOIN officeauto.users u ON u.id = ur.user_id JOIN officeauto.organizations o ON o.id = ur.organization_id") \
$(q "SELECT string_agg(action || ':' || (SELECT slug FROM officeauto.organizations WHERE id = (metadata ->> 'organization_id')::bigint)
                       || coalesce(':' || (metadata ->> 'basis'), ''), ',' ORDER BY action, metadata ->> 'organization_id')
       FROM officeauto.audit_logs WHERE action LIKE 'upgrade.owner%'")" \
    "acme:alice,globex:maria upgrade.owner_assigned:acme:active holder of the admin role of 0.1.0,upgrade.owner_assigned:globex:active holder of the admin role of 0.1.0,upgrade.owner_missing:initech"
check "0.1.0's roles are custom now, renamed where they had a built-in role's name" \
    "$(q "SELECT string_agg(name || '=' || is_system, ',' ORDER BY name) FROM officeauto.roles
           WHERE organization_id = (SELECT id FROM officeauto.organizations WHERE slug = 'acme') AND id IN (SELECT role_id FROM public.kept_grants)")" \
    "auditor=false,legacy_admin_2=false,legacy_manager=false,legacy_member=false"
# Grants: none lost; the only ones added are the baseline on the four resources 0.1.0 had no
# permission for and the user's own profile (sql/officeauto--0.1.0--0.2.0.sql says which).
check "no 0.1.0 role loses a grant, and what they gain is the baseline only" \
    "$(q "SELECT count(*) FROM public.kept_grants k WHERE NOT EXISTS (
             SELECT FROM officeauto.role_permissions rp JOIN officeauto.permissions p ON p.id = rp.permission_id
              WHERE rp.role_id = k.role_id AND (p.resource, p.action, p.scope) = (k.resource, k.action, k.scope))") \
$(q "SELECT string_agg(DISTINCT r.name || ' ' || p.resource || ' ' || p.action || ' ' || p.scope, ', ')
       FROM officeauto.roles r JOIN officeauto.role_permissions rp ON rp.role_id = r.id
       JOIN officeauto.permissions p ON p.id = rp.permission_id
      WHERE r.id IN (SELECT role_id FROM public.kept_grants) AND r.name = 'legacy_admin_2'
        AND r.organization_id = (SELECT id FROM officeauto.organizations WHERE slug = 'acme')
        AND NOT EXISTS (SELECT FROM public.kept_grants k WHERE k.role_id = r.id AND (k.resource, k.action, k.scope) = (p.resource, p.action, p.scope))") \
$(q "SELECT count(*) FROM officeauto.role_permissions rp JOIN officeauto.permissions p ON p.id = rp.permission_id
      WHERE rp.role_id IN (SELECT role_id FROM public.kept_grants)
        AND p.resource NOT IN ('ORGANIZATION', 'ROLE', 'SESSION', 'LOT') AND (p.resource, p.action, p.scope) <> ('USER', 'UPDATE', 'SELF')
        AND NOT EXISTS (SELECT FROM public.kept_grants k WHERE k.role_id = rp.role_id AND (k.resource, k.action, k.scope) = (p.resource, p.action, p.scope))")" \
    "0 legacy_admin_2 LOT CREATE GLOBAL, legacy_admin_2 LOT DELETE GLOBAL, legacy_admin_2 LOT READ GLOBAL, legacy_admin_2 LOT UPDATE GLOBAL, legacy_admin_2 ORGANIZATION READ GLOBAL, legacy_admin_2 ROLE CREATE GLOBAL, legacy_admin_2 ROLE DELETE GLOBAL, legacy_admin_2 ROLE READ GLOBAL, legacy_admin_2 ROLE UPDATE GLOBAL, legacy_admin_2 SESSION DELETE GLOBAL, legacy_admin_2 SESSION DELETE SELF, legacy_admin_2 SESSION READ GLOBAL, legacy_admin_2 SESSION READ SELF, legacy_admin_2 USER UPDATE SELF 0"
check "a user with no organization-wide role in 0.1.0 gets member, the others keep theirs" \
    "$(q "SELECT string_agg(u.username || ':' || r.name, ',' ORDER BY u.username, r.name)
            FROM officeauto.users u JOIN officeauto.user_roles ur ON ur.user_id = u.id AND ur.project_id IS NULL
            JOIN officeauto.roles r ON r.id = ur.role_id WHERE u.username IN ('yann', 'carol', 'farid')")" \
    "carol:legacy_member,farid:auditor,yann:member"
check "a row's audit history spans the upgrade (0.1.0 rows carry 0.2.0's record id)" \
    "$(q "SELECT count(*) FILTER (WHERE record_id IS DISTINCT FROM officeauto.audit_record_id(table_name, row_pk))
            FROM officeauto.audit_logs WHERE row_pk IS NOT NULL")" "0"
check "every credential decrypts to what it held" \
    "$(q "SELECT count(*) FILTER (WHERE officeauto._open_credential(c.encrypted_value, c.organization_id, c.public_id) IS NOT DISTINCT FROM k.plain) || '/' || count(*)
            FROM public.kept_secrets k JOIN officeauto.credentials c USING (id)")" \
    "$(q "SELECT count(*) || '/' || count(*) FROM public.kept_secrets")"
check "every session opened under 0.1.0 still validates" \
    "$(q "SELECT count(*) FILTER (WHERE officeauto.validate_session(session_token) IS NOT NULL) || '/' || count(*) FROM public.kept_tokens")" \
    "3/3"
check "users log in with their 0.1.0 password hashes" \
    "$(q "SELECT count(*) FROM officeauto.users u, officeauto.login(u.username, 'demo-' || u.username, 'web') l
           WHERE u.username IN ('alice', 'bob') AND l.session_token IS NOT NULL")" "2"
exit $fail
