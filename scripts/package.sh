#!/usr/bin/env bash
# Builds the Debian package postgresql-15-officeauto_<version>_<arch>.deb: the release build of
# the extension laid out where Debian's postgresql-15 looks for extensions, so a database host
# needs only that package (no Rust, no build tree). Prints the path of the .deb.
#
#   bash scripts/package.sh [OUT_DIR]      (default: the cargo target directory's package/)
#
# The build uses the PostgreSQL tree of scripts/common.sh: Debian's by default, or the one
# OFFICEAUTO_PG_BIN names. pgrx lays files out under that tree's own directories; they are moved
# to Debian's standard paths here, so the package is the same whichever tree built it (the
# headers of any PostgreSQL 15 give the same module ABI).
source "$(dirname "$0")/common.sh"

PKG="postgresql-${PG_MAJOR}-officeauto"
TARGET_DIR="${CARGO_TARGET_DIR:-${ROOT}/target}"
OUT_DIR="$(realpath -m "${1:-${TARGET_DIR}/package}")"
cd "${ROOT}"

# The [package] version of Cargo.toml: the extension's version (pgrx names the install script
# after it) and so the package's. A semver pre-release (1.0.0-rc.1) becomes 1.0.0~rc.1, which
# Debian sorts before 1.0.0 as semver does; a '-' would read as a Debian revision.
cargo_version() {
    awk '/^\[/ { section = $0 } section == "[package]" && /^version *=/ { gsub(/[" ]/, "", $0); sub(/^version=/, "", $0); print; exit }' \
        "${ROOT}/Cargo.toml"
}
VERSION="$(cargo_version)"
DEB_VERSION="${VERSION//-/\~}"
ARCH="$(dpkg --print-architecture)"
DEB="${OUT_DIR}/${PKG}_${DEB_VERSION}_${ARCH}.deb"

WORK="$(mktemp -d /tmp/officeauto-package.XXXXXX)"
trap 'rm -rf "${WORK}"' EXIT
# dpkg-shlibdeps expects a source tree: debian/control, the package's files in debian/<pkg>/.
DEBROOT="${WORK}/debian/${PKG}"

# Absolute source and registry paths would otherwise stay in the library (panic locations) and
# name the build machine's directories on every host that installs it.
CARGO_DIR="${CARGO_HOME:-${HOME}/.cargo}"
export RUSTFLAGS="${RUSTFLAGS:-} --remap-path-prefix=${ROOT}=officeauto --remap-path-prefix=${TARGET_DIR}=target --remap-path-prefix=${CARGO_DIR}=cargo"

say "building officeauto ${VERSION} (release) against ${PG_CONFIG}" >&2
cargo pgrx package --pg-config "${PG_CONFIG}" --out-dir "${WORK}/pgrx" >&2

# pgrx wrote into ${WORK}/pgrx/<this tree's pkglibdir> and <sharedir>/extension.
BUILT_LIB="${WORK}/pgrx$("${PG_CONFIG}" --pkglibdir)"
BUILT_EXT="${WORK}/pgrx$("${PG_CONFIG}" --sharedir)/extension"
DEB_LIB="usr/lib/postgresql/${PG_MAJOR}/lib"
DEB_EXT="usr/share/postgresql/${PG_MAJOR}/extension"
DEB_DOC="usr/share/doc/${PKG}"
install -d -m 755 "${DEBROOT}/DEBIAN" "${DEBROOT}/${DEB_LIB}" "${DEBROOT}/${DEB_EXT}" "${DEBROOT}/${DEB_DOC}"
install -m 644 "${BUILT_LIB}/officeauto.so" "${DEBROOT}/${DEB_LIB}/"
install -m 644 "${BUILT_EXT}/officeauto.control" "${DEBROOT}/${DEB_EXT}/"
# The install script officeauto--<version>.sql and every upgrade script officeauto--A--B.sql:
# pgrx copies those from sql/ (with the control file's placeholders filled in), so an installed
# extension can be moved to this version by ALTER EXTENSION ... UPDATE.
install -m 644 "${BUILT_EXT}"/officeauto--*.sql "${DEBROOT}/${DEB_EXT}/"
# MIT asks that the notice travel with every copy; Debian keeps it here.
install -m 644 "${ROOT}/LICENSE" "${DEBROOT}/${DEB_DOC}/copyright"

# Depends: the server, plus the packages that provide the libraries the .so is linked against
# (libc6 and libgcc-s1: Rust links its standard library statically).
printf 'Source: officeauto\n\nPackage: %s\nArchitecture: any\n' "${PKG}" > "${WORK}/debian/control"
SHLIBS_OUT="$(cd "${WORK}" && dpkg-shlibdeps -O "${DEBROOT}/${DEB_LIB}/officeauto.so")"
SHLIBS="$(sed -n 's/^shlibs:Depends=//p' <<<"${SHLIBS_OUT}")"
[ -n "${SHLIBS}" ] || { echo "dpkg-shlibdeps found no library dependencies: ${SHLIBS_OUT}" >&2; exit 1; }

cat > "${DEBROOT}/DEBIAN/control" <<EOF
Package: ${PKG}
Version: ${DEB_VERSION}
Architecture: ${ARCH}
Maintainer: ${OFFICEAUTO_MAINTAINER:-officeauto developers <maintainers@officeauto.invalid>}
Installed-Size: $(du -sk --exclude=DEBIAN "${DEBROOT}" | cut -f1)
Depends: postgresql-${PG_MAJOR}, ${SHLIBS}
Section: database
Priority: optional
Description: office-automation back end as a PostgreSQL ${PG_MAJOR} extension
 Identity, sessions, RBAC and tenant isolation, tasks, documents, a CRM with
 encrypted credentials, projects and an audit trail, installed in a database by
 CREATE EXTENSION officeauto. The server settings it expects
 (shared_preload_libraries, officeauto.master_key_file) are described in the
 project's README.
EOF

mkdir -p "${OUT_DIR}"
dpkg-deb --build --root-owner-group "${DEBROOT}" "${DEB}" >&2
echo "${DEB}"
