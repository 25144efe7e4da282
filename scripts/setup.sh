#!/usr/bin/env bash
# Idempotent machine setup: system packages, cargo-pgrx, pgrx's PostgreSQL registration.
# Every step checks first and skips what is already in place.
source "$(dirname "$0")/common.sh"

APT_PACKAGES=(
    "postgresql-${PG_MAJOR}" "postgresql-server-dev-${PG_MAJOR}" libclang-dev clang sudo
    "postgresql-${PG_MAJOR}-pgtap" libtap-parser-sourcehandler-pgtap-perl
    dpkg-dev  # dpkg-shlibdeps: the Debian package's library dependencies (scripts/package.sh)
    "postgresql-${PG_MAJOR}-cron"   # tests/shell/pg_cron.sh: the README's maintenance schedule
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    say "installing system packages: ${missing[*]}"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# A private PostgreSQL tree (OFFICEAUTO_PG_BIN, laid out like Debian's under a prefix) gets
# pg_cron's files copied from the Debian package, so the pg_cron test runs against it too.
SYSTEM_PG_BIN="/usr/lib/postgresql/${PG_MAJOR}/bin"
if [ "${PG_BIN}" != "${SYSTEM_PG_BIN}" ] && [ ! -f "$("${PG_CONFIG}" --pkglibdir)/pg_cron.so" ]; then
    say "copying pg_cron into ${PG_BIN%/bin}"
    for f in $(dpkg -L "postgresql-${PG_MAJOR}-cron" | grep -E '/(pg_cron\.so|pg_cron[^/]*\.(sql|control))$'); do
        case "$f" in
            *.so) cp "$f" "$("${PG_CONFIG}" --pkglibdir)/" ;;
            *) cp "$f" "$("${PG_CONFIG}" --sharedir)/extension/" ;;
        esac
    done
fi

if ! cargo pgrx --version 2>/dev/null | grep -q "${PGRX_VERSION}"; then
    say "installing cargo-pgrx ${PGRX_VERSION} (a few minutes, once)"
    cargo install cargo-pgrx --version "${PGRX_VERSION}" --locked
fi

PGRX_CONFIG="${PGRX_HOME:-${HOME}/.pgrx}/config.toml"
if ! grep -q "^pg${PG_MAJOR} *= *\"${PG_CONFIG}\"" "${PGRX_CONFIG}" 2>/dev/null; then
    say "registering PostgreSQL ${PG_MAJOR} with pgrx"
    cargo pgrx init --pg${PG_MAJOR} "${PG_CONFIG}"
fi

for component in rustfmt clippy; do
    cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1 || rustup component add "$component"
done
