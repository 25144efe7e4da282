#!/usr/bin/env bash
# The README's pg_cron recipe on a stock Debian cluster, for real: a private cluster whose
# pg_hba.conf is Debian's default (local sockets: peer; TCP: scram-sha-256), pg_cron and
# officeauto preloaded, pg_cron's metadata in the postgres database (cron.database_name, as
# Debian ships it) and officeauto in an application database.
#   1. With pg_cron's default cron.host (localhost), a job connects over TCP, is asked for a
#      password it does not have, and fails with "connection failed": both the README's old
#      cron.schedule() line and a schedule_in_database() job.
#   2. With cron.host set to the socket directory and a peer map letting the server's OS user
#      connect as the maintenance role, the same schedule_in_database() job succeeds as that
#      non-superuser officeauto_admin member and the run appears in maintenance_runs; the
#      VACUUM job, run as postgres, vacuums the hot tables.
# The cluster also preloads pg_stat_statements, so slow_queries is checked with it installed.
# pg_cron 1.4 (Debian 12's postgresql-15-cron) schedules by the minute (the '5 seconds' syntax
# came in 1.5), so each phase waits for the next minute: the script takes about two minutes.
source "$(dirname "$0")/../lib/tap.sh"
echo "1..19"

PKGLIB=$("$PG_BIN/pg_config" --pkglibdir)
SHAREDIR=$("$PG_BIN/pg_config" --sharedir)
if [ ! -f "$PKGLIB/pg_cron.so" ] || [ ! -f "$SHAREDIR/extension/pg_cron.control" ]; then
    for i in $(seq 1 19); do
        echo "ok $i # skip pg_cron is not installed in $PKGLIB (scripts/setup.sh installs postgresql-${PG_MAJOR:-15}-cron)"
    done
    exit 0
fi

PORT=$((PGPORT + 31))
WORK=$(mktemp -d /tmp/officeauto-pg-cron.XXXXXX)
chown postgres "$WORK"
stop() {
    sudo -u postgres "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap stop EXIT

sudo -u postgres "$PG_BIN/initdb" -D "$WORK/data" -U postgres --no-sync >/dev/null
# Debian's default pg_hba.conf (postgresql-common's createcluster).
cat > "$WORK/data/pg_hba.conf" <<EOF
local   all             postgres                                peer
local   all             all                                     peer
host    all             all             127.0.0.1/32            scram-sha-256
host    all             all             ::1/128                 scram-sha-256
local   replication     all                                     peer
host    replication     all             127.0.0.1/32            scram-sha-256
host    replication     all             ::1/128                 scram-sha-256
EOF
cat >> "$WORK/data/postgresql.conf" <<EOF
port = $PORT
unix_socket_directories = '$WORK'
listen_addresses = 'localhost'
fsync = off
shared_preload_libraries = 'pg_cron,pg_stat_statements,officeauto'
cron.database_name = 'postgres'
EOF
start() { sudo -u postgres "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w start >/dev/null; }
start

# The test driver is the DBA: the postgres OS user over the socket (peer), as on Debian.
pq() { sudo -u postgres psql -X -q -At -h "$WORK" -p "$PORT" -v ON_ERROR_STOP=1 -d "${2:-officeapp}" -c "$1"; }
pq "CREATE DATABASE officeapp" postgres
pq "CREATE EXTENSION pg_cron" postgres
pq "CREATE EXTENSION officeauto; CREATE EXTENSION pg_stat_statements"
# The maintenance login: a member of officeauto_admin, not a superuser, no password.
pq "CREATE ROLE oa_maint LOGIN IN ROLE officeauto_admin"

# Waits (up to 150 s: pg_cron starts jobs at the top of the minute) until every named job has
# a finished run since $1 (a timestamptz), then prints name|status|message per job.
wait_runs() {
    local since=$1; shift
    local names; names=$(printf "'%s'," "$@"); names=${names%,}
    for _ in $(seq 1 75); do
        done_count=$(pq "SELECT count(DISTINCT j.jobname) FROM cron.job_run_details d JOIN cron.job j USING (jobid)
                          WHERE j.jobname IN ($names) AND d.start_time >= '$since' AND d.status IN ('succeeded', 'failed')" postgres)
        [ "$done_count" = "$#" ] && break
        sleep 2
    done
}
# The status and message of a job's latest run.
last_run() {
    pq "SELECT d.status || '|' || coalesce(d.return_message, '') FROM cron.job_run_details d JOIN cron.job j USING (jobid)
         WHERE j.jobname = '$1' ORDER BY d.runid DESC LIMIT 1" postgres
}

# 1. Stock settings: cron.host is localhost, i.e. TCP, where scram-sha-256 wants a password.
T1=$(pq "SELECT now()" postgres)
pq "SELECT cron.schedule('old-readme-line', '* * * * *', 'SELECT officeauto.maintain_database()')" postgres >/dev/null
pq "SELECT cron.schedule_in_database('officeauto-maintenance', '* * * * *', 'SELECT officeauto.maintain_database()',
                                     'officeapp', 'oa_maint')" postgres >/dev/null
wait_runs "$T1" old-readme-line officeauto-maintenance
check "stock cron.host (TCP to localhost): the README's old cron.schedule job fails to connect" \
      "$(last_run old-readme-line)" "failed|connection failed"
check "... and so does a schedule_in_database job: it is the connection, not the database" \
      "$(last_run officeauto-maintenance)" "failed|connection failed"
check "no maintenance run was recorded" "$(pq "SELECT count(*) FROM officeauto.maintenance_runs")" "0"

# 2. The recipe: cron.host = the socket directory; a peer map lets the server's OS user
#    (postgres, as which pg_cron connects) log in as oa_maint to officeapp, before Debian's
#    catch-all "local all all peer" line.
echo "officeauto_cron  postgres  oa_maint" >> "$WORK/data/pg_ident.conf"
sed -i "1i local   officeapp       oa_maint                                peer map=officeauto_cron" "$WORK/data/pg_hba.conf"
echo "cron.host = '$WORK'" >> "$WORK/data/postgresql.conf"
sudo -u postgres "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w -m fast restart >/dev/null
# A job keeps the cron.host it was scheduled under (cron.job.nodename), so the two jobs are
# scheduled again, unchanged.
pq "SELECT cron.unschedule(jobid) FROM cron.job WHERE jobname IN ('old-readme-line', 'officeauto-maintenance')" postgres >/dev/null
pq "SELECT cron.schedule('old-readme-line', '* * * * *', 'SELECT officeauto.maintain_database()')" postgres >/dev/null
pq "SELECT cron.schedule_in_database('officeauto-maintenance', '* * * * *', 'SELECT officeauto.maintain_database()',
                                     'officeapp', 'oa_maint')" postgres >/dev/null
# The VACUUM job runs as postgres: VACUUM needs the table's owner (or a superuser) in
# PostgreSQL 15, and skips other tables with only a warning.
pq "SELECT cron.schedule_in_database('officeauto-vacuum', '* * * * *',
        'VACUUM (ANALYZE) officeauto.user_sessions, officeauto.refresh_tokens, officeauto.login_throttle,
                          officeauto.failed_login_attempts, officeauto.captcha_attempts, officeauto.mfa_challenges,
                          officeauto.notifications, officeauto.user_dashboard_stats, officeauto.project_stats,
                          officeauto.audit_logs_default',
        'officeapp', 'postgres')" postgres >/dev/null
VACUUMS_BEFORE=$(pq "SELECT vacuum_count FROM pg_stat_user_tables WHERE relid = 'officeauto.user_sessions'::regclass")
T2=$(pq "SELECT now()" postgres)
wait_runs "$T2" old-readme-line officeauto-maintenance officeauto-vacuum
check "cron.host = socket directory + peer map: the schedule_in_database job succeeds" \
      "$(last_run officeauto-maintenance)" "succeeded|1 row"
check "... and the run is recorded in maintenance_runs, as the non-superuser oa_maint, successful" \
      "$(pq "SELECT run_by || '|' || succeeded FROM officeauto.maintenance_runs ORDER BY id DESC LIMIT 1")" "oa_maint|true"
# The eight steps of maintain_database() (sql/23_maintenance.sql).
check "... with every step reported ok" \
      "$(pq "SELECT count(*) FILTER (WHERE NOT (s.value ->> 'ok')::boolean) || ' failed of ' || count(*)
               FROM officeauto.maintenance_runs r, jsonb_each(r.report) s
              WHERE r.id = (SELECT max(id) FROM officeauto.maintenance_runs)
                AND jsonb_typeof(s.value) = 'object'")" "0 failed of 8"
check "oa_maint is no superuser; the job connected through the socket directory" \
      "$(pq "SELECT rolsuper FROM pg_roles WHERE rolname = 'oa_maint'")|$(pq "SELECT nodename FROM cron.job WHERE jobname = 'officeauto-maintenance'" postgres)" "f|$WORK"
check "the old README line now connects but runs in the postgres database, without officeauto" \
      "$(last_run old-readme-line | head -1)" 'failed|ERROR:  schema "officeauto" does not exist'
check "the VACUUM job succeeds as postgres" "$(last_run officeauto-vacuum)" "succeeded|VACUUM"
check "... and vacuumed the hot tables" \
      "$(pq "SELECT pg_stat_clear_snapshot(); SELECT vacuum_count > $VACUUMS_BEFORE FROM pg_stat_user_tables
              WHERE relid = 'officeauto.user_sessions'::regclass" | tail -1)" "t"
pq "SELECT cron.unschedule(jobid) FROM cron.job" postgres >/dev/null

# 3. slow_queries with pg_stat_statements installed, as real reporting and application logins
#    over TCP (scram-sha-256).
RO_PW=$(new_key_hex); APP_PW2=$(new_key_hex)
pq "CREATE ROLE oa_cron_ro LOGIN PASSWORD '$RO_PW' IN ROLE officeauto_readonly;
    CREATE ROLE oa_cron_app LOGIN PASSWORD '$APP_PW2' IN ROLE officeauto_app" >/dev/null
ro() { PGPASSWORD=$RO_PW psql -X -q -At -h 127.0.0.1 -p "$PORT" -U oa_cron_ro -d officeapp -v VERBOSITY=verbose -c "$1" 2>&1; }
# Markers in column aliases: pg_stat_statements replaces constants with $1, not identifiers.
pq "SELECT count(*) AS slow_query_marker FROM officeauto.users WHERE username = 'x'" >/dev/null
ro "SELECT count(*) AS reporting_marker FROM officeauto.table_sizes" >/dev/null
check "a reporting login reads slow_queries, its own statements in full" \
      "$(ro "SELECT count(*) > 0 FROM officeauto.slow_queries WHERE query LIKE '%reporting_marker%'")" "t"
check "... other roles' statement texts hidden (no pg_read_all_stats)" \
      "$(ro "SELECT count(*) FROM officeauto.slow_queries WHERE query LIKE '%slow_query_marker%'")" "0"
pq "GRANT pg_read_all_stats TO oa_cron_ro"
check "... and all of them once granted pg_read_all_stats" \
      "$(ro "SELECT count(*) > 0 FROM officeauto.slow_queries WHERE query LIKE '%slow_query_marker%'")" "t"
check "slow_queries lists this database's statements only" \
      "$(pq "SELECT count(*) FROM officeauto.slow_queries WHERE query LIKE '%cron.job_run_details%'")" "0"
check "an application login may not read slow_queries (42501)" \
      "$(sqlstate_in "$(PGPASSWORD=$APP_PW2 psql -X -q -At -h 127.0.0.1 -p "$PORT" -U oa_cron_app -d officeapp \
                        -v VERBOSITY=verbose -c "SELECT count(*) FROM officeauto.slow_queries" 2>&1)")" "42501"
check "the reporting login reads the run history and the other monitoring views" \
      "$(ro "SELECT (SELECT run_by FROM officeauto.maintenance_runs ORDER BY id DESC LIMIT 1),
                    (SELECT count(*) > 0 FROM officeauto.table_sizes), (SELECT count(*) > 0 FROM officeauto.index_usage),
                    (SELECT count(*) >= 0 FROM officeauto.unused_indexes)")" "oa_maint|t|t|t"
check "the application login may not read the run history (42501)" \
      "$(sqlstate_in "$(PGPASSWORD=$APP_PW2 psql -X -q -At -h 127.0.0.1 -p "$PORT" -U oa_cron_app -d officeapp \
                        -v VERBOSITY=verbose -c "SELECT count(*) FROM officeauto.maintenance_runs" 2>&1)")" "42501"
pq "DROP EXTENSION pg_stat_statements"
check "without pg_stat_statements, slow_queries says so (55000), not an empty list" \
      "$(sqlstate_in "$(ro "SELECT count(*) FROM officeauto.slow_queries")")" "55000"
check "the cluster log shows no crash" "$(grep -cE 'terminated by signal|reinitializing' "$WORK/server.log")" "0"
exit $fail
