#!/usr/bin/env bash
# Package-level test (TAP): builds the Debian package with scripts/package.sh, checks what it
# holds, installs it, and uses it from a fresh private cluster the way a database host without
# Rust would: preloaded, with a master key file, CREATE EXTENSION, native functions.
#
# Where it installs, always with `dpkg -i`, so dpkg itself checks the Depends line against the
# machine's packages:
#   - Debian's tree (the default, and CI): into / and dpkg's own database, for real, against
#     the distro's postgresql-15.
#   - a private tree (OFFICEAUTO_PG_BIN=<prefix>/usr/lib/postgresql/15/bin, which has Debian's
#     layout below <prefix>): `dpkg --instdir=<prefix>` with a throw-away copy of dpkg's
#     database, so the files land where they would on a real host, while the system's
#     PostgreSQL and dpkg's database stay untouched. --no-triggers, because the triggers that
#     fire (postgresql-common's pg_updatedicts) belong to the system's packages.
# Either way a package this test installed is purged again and the extension files found there
# before (the sql level's debug build, or the demo's release build) are put back; a package
# that was installed before the test is left installed, at the new build.
#
# The sql level uses those same files, so scripts/test.sh runs this after it; the cluster reuses
# the test port, free by then.
source "$(dirname "$0")/../scripts/common.sh"
DB=officeauto_package
source "$(dirname "$0")/lib/tap.sh"

PKG="postgresql-${PG_MAJOR}-officeauto"
VERSION="$(awk '/^\[/ { s = $0 } s == "[package]" && /^version *=/ { gsub(/[" ]/, ""); sub(/^version=/, ""); print; exit }' "${ROOT}/Cargo.toml")"
DEB_LIB="usr/lib/postgresql/${PG_MAJOR}/lib"
DEB_EXT="usr/share/postgresql/${PG_MAJOR}/extension"
SYSTEM_BIN="/usr/lib/postgresql/${PG_MAJOR}/bin"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo

WORK="$(mktemp -d /tmp/officeauto-pkgtest.XXXXXX)"
chmod 755 "${WORK}"
# The root the package's paths are relative to: / for Debian's tree, else the private tree's
# prefix (its bin directory ends in Debian's path).
if [ "${PG_BIN}" = "${SYSTEM_BIN}" ]; then
    PREFIX=""
elif [ "${PG_BIN%"${SYSTEM_BIN}"}" != "${PG_BIN}" ]; then
    PREFIX="${PG_BIN%"${SYSTEM_BIN}"}"
else
    echo "Bail out! ${PG_BIN} does not end in ${SYSTEM_BIN}: no Debian layout to install the package into"
    exit 1
fi

DPKG=(${SUDO:+"${SUDO}"} dpkg)
ADMIN=()
if [ -n "${PREFIX}" ]; then
    mkdir "${WORK}/dpkg"
    cp -a /var/lib/dpkg/. "${WORK}/dpkg/"
    rm -f "${WORK}/dpkg/lock" "${WORK}/dpkg/lock-frontend"
    ADMIN=(--admindir="${WORK}/dpkg")
    DPKG+=("${ADMIN[@]}" --instdir="${PREFIX}" --no-triggers)
fi

# Keep what the sql level (or the demo) installed, to put it back at the end.
was_installed=no
if [ -z "${PREFIX}" ] && dpkg-query -W -f='${Status}' "${PKG}" 2>/dev/null | grep -q 'install ok installed'; then
    was_installed=yes
fi
mkdir -p "${WORK}/before/lib" "${WORK}/before/ext"
cp -p "${PREFIX}/${DEB_LIB}"/officeauto.so "${WORK}/before/lib/" 2>/dev/null || true
cp -p "${PREFIX}/${DEB_EXT}"/officeauto.control "${PREFIX}/${DEB_EXT}"/officeauto--*.sql "${WORK}/before/ext/" 2>/dev/null || true

export PGHOST="${WORK}" PGPORT="${OFFICEAUTO_TEST_PORT:-54329}" PGUSER=postgres PGDATABASE="${DB}"
cleanup() {
    as_postgres "${PG_BIN}/pg_ctl" -D "${WORK}/data" -m immediate stop >/dev/null 2>&1 || true
    if [ "${was_installed}" = no ]; then
        "${DPKG[@]}" --purge "${PKG}" >/dev/null 2>&1 || true
        # The copied database says other packages own /usr/share/doc, so dpkg keeps it.
        [ -z "${PREFIX}" ] || rmdir "${PREFIX}/usr/share/doc" 2>/dev/null || true
        ${SUDO} cp -pr "${WORK}/before/lib/." "${PREFIX}/${DEB_LIB}/" 2>/dev/null || true
        ${SUDO} cp -pr "${WORK}/before/ext/." "${PREFIX}/${DEB_EXT}/" 2>/dev/null || true
    fi
    rm -rf "${WORK}"
}
trap cleanup EXIT

# 1. Build (the one release build of the test run).
started=${SECONDS}
DEB="$(bash "${ROOT}/scripts/package.sh" "${WORK}/deb")"
echo "# built $(basename "${DEB}") ($(du -k "${DEB}" | cut -f1) KiB) in $((SECONDS - started)) s"
check "the package is named after Cargo.toml's version" "$(basename "${DEB}")" "${PKG}_${VERSION//-/\~}_$(dpkg --print-architecture).deb"

# 2. Metadata and contents.
field() { dpkg-deb -f "${DEB}" "$1"; }
echo "# Depends: $(field Depends)"
check "Package field" "$(field Package)" "${PKG}"
check "Version field is Cargo.toml's" "$(field Version)" "${VERSION//-/\~}"
check "Depends on the server, then only libc and friends" \
      "$(field Depends | sed -E 's/ \([^)]*\)//g; s/, /\n/g' | grep -vxE 'libc6|libgcc-s1' | tr '\n' ' ')" "postgresql-${PG_MAJOR} "
files="$(dpkg-deb -c "${DEB}" | awk '$1 !~ /^d/ { print $6 }' | sed 's|^\./|/|' | sort)"
awk '{ print "# file: " $0 }' <<<"${files}"
check "every file is under PostgreSQL's paths (and the copyright notice)" \
      "$(grep -cvE "^/${DEB_LIB}/officeauto\.so$|^/${DEB_EXT}/officeauto(\.control|--[^/]+\.sql)$|^/usr/share/doc/${PKG}/copyright$" <<<"${files}" || true)" "0"
expected="/${DEB_LIB}/officeauto.so /${DEB_EXT}/officeauto--${VERSION}.sql /${DEB_EXT}/officeauto.control"
for upgrade in "${ROOT}"/sql/officeauto--*--*.sql; do
    [ -e "${upgrade}" ] && expected+=" /${DEB_EXT}/$(basename "${upgrade}")"
done
missing=""
for f in ${expected}; do grep -qxF "${f}" <<<"${files}" || missing+=" ${f}"; done
check "the library, control file, install script and every upgrade script of sql/ are in it" "${missing}" ""
check "every entry is owned by root:root" "$(dpkg-deb -c "${DEB}" | awk '$2 != "root/root"' | wc -l)" "0"
dpkg-deb -x "${DEB}" "${WORK}/content"
leaks=()
for p in "${ROOT}" "${CARGO_TARGET_DIR:-${ROOT}/target}" "${CARGO_HOME:-${HOME}/.cargo}" ${PREFIX:+"${PREFIX}"}; do
    if grep -rqaF -- "${p}" "${WORK}/content" || dpkg-deb -I "${DEB}" | grep -qF -- "${p}"; then leaks+=("${p}"); fi
done
check "no build path (source, target, cargo home, build tree) is in any file" "${leaks[*]-}" ""
check "the control file names the packaged version" \
      "$(sed -n "s/^default_version = '\(.*\)'/\1/p" "${WORK}/content/${DEB_EXT}/officeauto.control")" "${VERSION}"

# 3. The library needs nothing Rust: every NEEDED library resolves, none is a Rust runtime.
ldd_out="$(ldd "${WORK}/content/${DEB_LIB}/officeauto.so")"
awk '{ print "# ldd: " $0 }' <<<"${ldd_out}"
check "ldd: every needed library resolves" "$(grep -c 'not found' <<<"${ldd_out}" || true)" "0"
check "ldd: no Rust standard library (libstd-*.so)" "$(grep -cE 'libstd-|librustc' <<<"${ldd_out}" || true)" "0"

# 4. PGXN metadata: valid JSON, and the version everywhere is Cargo.toml's.
meta_versions() {
    perl -MJSON::PP -e 'local $/; my $m = decode_json(<STDIN>);
        print join(" ", $m->{name}, $m->{version}, $m->{provides}{officeauto}{version}, $m->{license}, $m->{"meta-spec"}{version})' \
        < "${ROOT}/META.json" 2>&1
}
check "META.json is valid JSON with name, versions, license and spec of Cargo.toml" \
      "$(meta_versions)" "officeauto ${VERSION} ${VERSION} mit 1.0.0"

# 5. Install.
installed="$("${DPKG[@]}" -i "${DEB}" >"${WORK}/dpkg.log" 2>&1 && dpkg-query "${ADMIN[@]}" -W -f='${Status} ${Version}' "${PKG}")" ||
    awk '{ print "# dpkg: " $0 }' "${WORK}/dpkg.log"
check "dpkg -i${PREFIX:+ into ${PREFIX}}: installed at the built version" "${installed}" "install ok installed ${VERSION//-/\~}"
check "pg_config's pkglibdir holds the package's library" \
      "$(cmp -s "${WORK}/content/${DEB_LIB}/officeauto.so" "$("${PG_CONFIG}" --pkglibdir)/officeauto.so" && echo same)" "same"

# 6. A fresh private cluster configured as the README recommends.
chown postgres "${WORK}"
as_postgres "${PG_BIN}/initdb" -D "${WORK}/data" --auth-local=trust -U postgres --no-sync >/dev/null
new_key_hex > "${WORK}/master.key"
chown postgres "${WORK}/master.key"
chmod 600 "${WORK}/master.key"
cat >> "${WORK}/data/postgresql.conf" <<EOF
shared_preload_libraries = 'officeauto'
officeauto.master_key_file = '${WORK}/master.key'
listen_addresses = ''
fsync = off
EOF
as_postgres "${PG_BIN}/pg_ctl" -D "${WORK}/data" -l "${WORK}/server.log" -w -o "-k ${WORK} -p ${PGPORT}" start >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE ${DB}"
# A postmaster-level setting exists in a fresh session only if the postmaster loaded the library.
check "the server preloaded the package's library (its postmaster settings exist)" \
      "$(DB=postgres q "SHOW officeauto.bookkeeping_workers" 2>&1)" "2"
check "CREATE EXTENSION officeauto" "$(q 'CREATE EXTENSION officeauto' 2>&1 && echo created)" "created"
check "the extension's version is Cargo.toml's" "$(q "SELECT extversion FROM pg_extension WHERE extname = 'officeauto'")" "${VERSION}"
check "hash_password / verify_password (argon2id in the helper process)" \
      "$(q "SELECT officeauto.verify_password('package password', h) || ' ' || officeauto.verify_password('other password', h)
               FROM officeauto.hash_password('package password') h")" "true false"
check "credential round trip under the master key file" \
      "$(q "SELECT officeauto.decrypt_credential_value(officeauto.encrypt_credential_value('package secret'))")" "package secret"
check "uuid_generate_v7 makes version-7 UUIDs" "$(q "SELECT substr(officeauto.uuid_generate_v7()::text, 15, 1)")" "7"
check "the server log shows no crash" "$(grep -cE 'terminated by signal|PANIC' "${WORK}/server.log" || true)" "0"

echo "1..${n}"
exit "${fail}"
