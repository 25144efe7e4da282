#!/usr/bin/env bash
# Idempotent machine setup: system packages, cargo-pgrx, pgrx's PostgreSQL registration.
# Every step checks first and skips what is already in place.
source "$(dirname "$0")/common.sh"

APT_PACKAGES=(
    "postgresql-${PG_MAJOR}" "postgresql-server-dev-${PG_MAJOR}" libclang-dev clang sudo
    "postgresql-${PG_MAJOR}-pgtap" libtap-parser-sourcehandler-pgtap-perl
    dpkg-dev  # dpkg-shlibdeps: the Debian package's library dependencies (scripts/package.sh)
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
