#!/usr/bin/env bash
# Idempotent machine setup: system packages, cargo-pgrx, pgrx's PostgreSQL registration.
# Every step checks first and skips what is already in place.
source "$(dirname "$0")/common.sh"

APT_PACKAGES=(
    "postgresql-${PG_MAJOR}" "postgresql-server-dev-${PG_MAJOR}" libclang-dev clang sudo
    "postgresql-${PG_MAJOR}-pgtap" libtap-parser-sourcehandler-pgtap-perl
    dpkg-dev  # dpkg-shlibdeps: the Debian package's library dependencies (scripts/package.sh)
    "postgresql-${PG_MAJOR}-cron"   # tests/shell/pg_cron.sh: the README's maintenance schedule
    pgbouncer python3-venv          # the client examples' tests: PgBouncer, the Python venv
)
# Node.js for examples/node: Debian's nodejs and npm, unless a node and npm are already there
# (e.g. NodeSource's nodejs, which bundles npm and conflicts with Debian's npm package).
command -v node >/dev/null 2>&1 || APT_PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(npm)

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

# The client examples' packages from their registries: psycopg 3 and psycopg_pool (PyPI) into
# .venv, node-postgres (npm) into examples/node/node_modules, as their lock files pin them.
VENV="${ROOT}/.venv"
REQUIREMENTS="${ROOT}/examples/python/requirements.txt"
[ -x "${VENV}/bin/python" ] || { say "creating ${VENV}"; /usr/bin/python3 -m venv "${VENV}"; }
if ! diff -q <(grep -v '^#' "${REQUIREMENTS}" | sed 's/\[.*\]//' | sort -f) \
             <("${VENV}/bin/python" -m pip freeze --disable-pip-version-check | sort -f) >/dev/null 2>&1; then
    say "installing the Python example's packages into ${VENV}"
    "${VENV}/bin/python" -m pip install -q --disable-pip-version-check -r "${REQUIREMENTS}"
fi
NODE_DIR="${ROOT}/examples/node"
if ! cmp -s "${NODE_DIR}/package-lock.json" "${NODE_DIR}/node_modules/.officeauto-lock" 2>/dev/null; then
    say "installing the Node example's packages into ${NODE_DIR}/node_modules"
    (cd "${NODE_DIR}" && npm ci --no-audit --no-fund --loglevel=error)
    cp "${NODE_DIR}/package-lock.json" "${NODE_DIR}/node_modules/.officeauto-lock"
fi
