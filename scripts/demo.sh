#!/usr/bin/env bash
# README command 1: build (release), install into the Debian cluster 15/main, (re)create the
# database officeauto_demo with the extension and sample data, and print a short tour.
source "$(dirname "$0")/common.sh"
DB=officeauto_demo

bash "${ROOT}/scripts/setup.sh"

say "building and installing officeauto (release)"
(cd "${ROOT}" && cargo pgrx install --release --pg-config "${PG_CONFIG}")

if ! pg_lsclusters -h | awk -v v="${PG_MAJOR}" '$1 == v && $2 == "main"' | grep -q .; then
    say "creating cluster ${PG_MAJOR}/main"
    pg_createcluster "${PG_MAJOR}" main
fi
if ! pg_lsclusters -h | awk -v v="${PG_MAJOR}" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
    say "starting cluster ${PG_MAJOR}/main"
    pg_ctlcluster "${PG_MAJOR}" main start
fi
PORT=$(main_cluster_port)

# Credential encryption needs a server-held master key: generated once, kept in a file only the
# server can read, named in the cluster's configuration (never in SQL).
KEY_FILE=/var/lib/postgresql/${PG_MAJOR}/officeauto-master.key
CONF=/etc/postgresql/${PG_MAJOR}/main/conf.d/officeauto.conf
if [ ! -s "${KEY_FILE}" ]; then
    say "generating the officeauto master key (${KEY_FILE})"
    (umask 077 && new_key_hex > "${KEY_FILE}")
    chown postgres:postgres "${KEY_FILE}"
fi
# Preloaded, as recommended for production: failed logins are then recorded through a queue in
# shared memory served by workers whose slots no query can take. A preloaded library is the
# postmaster's copy, so the cluster restarts to run the version just installed.
if ! grep -qs "shared_preload_libraries" "${CONF}" || ! grep -qs "officeauto.master_key_file" "${CONF}"; then
    mkdir -p "$(dirname "${CONF}")"
    printf "shared_preload_libraries = 'officeauto'\nofficeauto.master_key_file = '%s'\n" "${KEY_FILE}" > "${CONF}"
fi
pg_ctlcluster "${PG_MAJOR}" main restart
PORT=$(main_cluster_port)

say "creating database ${DB}"
psql_main -d postgres -c "DROP DATABASE IF EXISTS ${DB} WITH (FORCE)" -c "CREATE DATABASE ${DB}"
psql_main -d "${DB}" -c "CREATE EXTENSION officeauto"

say "loading sample data"
psql_main -d "${DB}" < "${ROOT}/sample/sample_data.sql"

say "tour"
psql_main -d "${DB}" < "${ROOT}/sample/tour.sql"

say "done: connect with  sudo -u postgres psql -p ${PORT} -d ${DB}"
