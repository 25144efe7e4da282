#!/usr/bin/env bash
# Benchmark of officeauto's storage settings (issue 15, point 5), each setting before vs after
# in one run, on copies of the extension's own tables (CREATE TABLE ... (LIKE officeauto.T
# INCLUDING ALL): same columns, checks, defaults, compression and indexes; no triggers, no
# foreign keys, autovacuum off on the copies so that every variant sees the same maintenance):
#   1. fillfactor: share of HOT updates (pg_stat_user_tables n_tup_hot_upd / n_tup_upd) and
#      heap / index growth after ROUNDS rounds of the table's usual update, each round touching
#      30% of the rows in its own transaction, at the default fillfactor (100) and lower ones:
#        - user_sessions: the validation touch (last_activity_at), with 0.1.0's index on
#          last_activity_at (user_sessions_activity_idx) and without it, as 0.2.0 ships (an
#          update of an indexed column is never HOT);
#        - tasks: time tracking (spent_minutes, updated_at, version);
#        - documents: a status change (status is indexed: never HOT) and a description edit
#          (changes the GIN-indexed search_vector: never HOT);
#        - cartable: read then acted (read_at is in cartable_unread_idx's predicate: the first
#          read is never HOT, later acted_at updates can be);
#      plus the plans of the queries that filter user_sessions on last_activity_at.
#   2. autovacuum on an append-only audit partition: rows arrive in batches; after each batch
#      the autovacuum rule (vacuum when inserts since the last vacuum exceed
#      autovacuum_vacuum_insert_threshold + autovacuum_vacuum_insert_scale_factor * reltuples,
#      analyze likewise) is applied with the default and the candidate settings, VACUUM run
#      when it fires, and then measured: the share of the heap marked all-visible, and the heap
#      fetches of an index-only count of the newest rows (the recent trail, read most). A
#      batch stands for what arrives between two autovacuum visits (autovacuum_naptime).
#      The copy gets the partition's indexes from _index_audit_partition, then only the
#      variant's autovacuum settings.
#   3. lz4 against pglz (the default) for the large jsonb/text columns (audit old_data /
#      new_data, documents.content and search_vector): table size, INSERT time, read time.
#
# Not a test: it prints figures (ranges over REPEAT runs, variants interleaved), asserts nothing.
# Usage: bash bench/storage.sh
# Environment: SECTIONS ("1 2 3": which parts to run), ROWS (20000 rows per fillfactor table), ROUNDS (10), REPEAT (3), FILLFACTORS
# ("100 90 80"), AUDIT_ROWS (200000), AUDIT_BATCHES (40), COMP_ROWS (4000), PGPORT / PGHOST
# (default: the demo cluster, run scripts/demo.sh first), OFFICEAUTO_PG_BIN.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ROWS=${ROWS:-20000}
ROUNDS=${ROUNDS:-10}
REPEAT=${REPEAT:-3}
FILLFACTORS=${FILLFACTORS:-"100 90 80"}
AUDIT_ROWS=${AUDIT_ROWS:-200000}
AUDIT_BATCHES=${AUDIT_BATCHES:-40}
COMP_ROWS=${COMP_ROWS:-4000}
SECTIONS=${SECTIONS:-"1 2 3"}
# The autovacuum settings compared on the audit partition: name|reloptions ('' = defaults).
AUDIT_VARIANTS=${AUDIT_VARIANTS:-"default|
scale 0.02 (shipped)|autovacuum_vacuum_insert_scale_factor=0.02
threshold 10000|autovacuum_vacuum_insert_scale_factor=0,autovacuum_vacuum_insert_threshold=10000"}
DB=officeauto_bench_storage
bench_connect
# Quiet: NOTICEs (DROP ... IF EXISTS) and the void results of helper calls are not figures.
q() { bpsql -d "dbname=${DB} options=-cclient_min_messages=warning" "$@"; }
value() { bpsql -At -d "${DB}" -c "$1"; }

say "$(bench_machine); load $(bench_load)"
bench_fresh_db "${DB}"
q <<'SQL'
CREATE SCHEMA bench;
CREATE TABLE bench.hot (tbl text, variant text, ff int, run int, upd bigint, hot bigint,
                        heap0 bigint, heap1 bigint, idx0 bigint, idx1 bigint);
CREATE TABLE bench.av (variant text, run int, batch int, vacuums int, vacuum_ms float8,
                       allvisible float8, fetches bigint, returned bigint);
CREATE TABLE bench.comp (method text, run int, insert_ms float8, read_ms float8, bytes bigint);
-- Prose of n words drawn from a small vocabulary: compresses about as natural text does.
CREATE FUNCTION bench.prose(n int) RETURNS text LANGUAGE sql VOLATILE AS $$
    SELECT string_agg((ARRAY['the','project','review','document','client','meeting','report',
        'approved','budget','schedule','deadline','contract','invoice','delivery','team','update',
        'status','task','change','request','quality','test','release','design','draft','final',
        'version','comment','issue','risk','plan','scope','milestone','resource','cost','time',
        'customer','support','office','manager','owner','archive','signature','policy','and',
        'of','to','in','for','with','on','by','from','at','is','was','be','will','should',
        'must','after','before','during','within','until','please','check','send','prepare'])
        [1 + floor(random() * 68)::int], ' ')
      FROM generate_series(1, n)
$$;
SQL

########################################################################################
# 1. fillfactor and HOT updates
########################################################################################
# Creates bench.t (a copy of officeauto.$1 at fillfactor $2, minus the index $3 if given),
# loads it, updates it ROUNDS times, and records the figures (stats are read by a later
# connection: a backend flushes its counters when it ends).
hot_run() { # table variant fillfactor drop_index run [with_activity_idx]
    local tbl=$1 variant=$2 ff=$3 drop=$4 run=$5 extra=${6:-} load update r
    case "${tbl}" in
        user_sessions)
            load="INSERT INTO bench.t (organization_id, user_id, client_type, token_digest, ip_address, user_agent, expires_at)
                  SELECT 1, g, 'web', sha256(int4send(g)), '192.0.2.1', 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0',
                         now() + interval '30 days' FROM generate_series(1, ${ROWS}) g"
            update="UPDATE bench.t SET last_activity_at = now() + make_interval(secs => :r) WHERE (id * 7919 + :r * 104729) % 10 < 3" ;;
        tasks)
            load="INSERT INTO bench.t (organization_id, title, description, status, priority, due_date, assignee_id, project_id, tags)
                  SELECT 1, 'Task ' || g, bench.prose(40), (ARRAY['pending','in_progress','on_hold'])[1 + g % 3],
                         'medium', current_date + g % 60, 1 + g % 200, 1 + g % 50, ARRAY['ops', 'q' || (g % 4)]
                    FROM generate_series(1, ${ROWS}) g"
            update="UPDATE bench.t SET spent_minutes = spent_minutes + 15, updated_at = now(), version = version + 1
                     WHERE (id * 7919 + :r * 104729) % 10 < 3" ;;
        documents)
            load="INSERT INTO bench.t (organization_id, project_id, title, description, content, status, author_id, tags)
                  SELECT 1, 1 + g % 50, 'Document ' || g, bench.prose(30), bench.prose(150), 'draft', 1 + g % 200, ARRAY['spec']
                    FROM generate_series(1, ${ROWS}) g"
            update="UPDATE bench.t SET status = CASE status WHEN 'draft' THEN 'in_review' ELSE 'draft' END,
                                       description = CASE WHEN :r % 2 = 0 THEN description || ' rev' ELSE description END,
                                       updated_at = now(), version = version + 1
                     WHERE (id * 7919 + :r * 104729) % 10 < 3" ;;
        cartable)
            load="INSERT INTO bench.t (organization_id, user_id, task_id, note)
                  SELECT 1, 1 + g % 200, g, bench.prose(12) FROM generate_series(1, ${ROWS}) g"
            update="UPDATE bench.t SET read_at = coalesce(read_at, now()), acted_at = now(), updated_at = now(), version = version + 1
                     WHERE (id * 7919 + :r * 104729) % 10 < 3" ;;
    esac
    q <<SQL
DROP TABLE IF EXISTS bench.t;
CREATE TABLE bench.t (LIKE officeauto.${tbl} INCLUDING ALL) WITH (fillfactor = ${ff}, autovacuum_enabled = false);
-- The variants name the index on last_activity_at (0.1.0's user_sessions_activity_idx) whether
-- or not the installed version still has it.
DO \$d\$
DECLARE i record;
BEGIN
    FOR i IN SELECT indexname FROM pg_indexes WHERE schemaname = 'bench' AND tablename = 't'
                AND '${drop}' <> '' AND indexdef LIKE '%${drop}%' LOOP
        EXECUTE format('DROP INDEX bench.%I', i.indexname);
    END LOOP;
    IF '${extra}' = 'with_activity_idx' AND NOT EXISTS (SELECT FROM pg_indexes WHERE schemaname = 'bench' AND tablename = 't'
                                                        AND indexdef LIKE '%(last_activity_at)%') THEN
        CREATE INDEX ON bench.t (last_activity_at) WHERE revoked_at IS NULL;
    END IF;
END \$d\$;
${load};
VACUUM ANALYZE bench.t;
CREATE TEMP TABLE s0 AS SELECT pg_relation_size('bench.t') AS heap, pg_indexes_size('bench.t') AS idx;
INSERT INTO bench.hot (tbl, variant, ff, run, heap0, idx0) SELECT '${tbl}', '${variant}', ${ff}, ${run}, heap, idx FROM s0;
SQL
    for r in $(seq 1 "${ROUNDS}"); do echo "${update//:r/${r}};"; done | q
    q <<SQL
UPDATE bench.hot h SET upd = s.n_tup_upd, hot = s.n_tup_hot_upd,
       heap1 = pg_relation_size('bench.t'), idx1 = pg_indexes_size('bench.t')
  FROM pg_stat_user_tables s
 WHERE s.relid = 'bench.t'::regclass AND h.tbl = '${tbl}' AND h.variant = '${variant}' AND h.ff = ${ff} AND h.run = ${run};
SQL
}

section() { [[ " ${SECTIONS} " == *" $1 "* ]]; }
if section 1; then
say "1. fillfactor: ${ROWS} rows per table, ${ROUNDS} rounds of updates of 30% of them, fillfactors ${FILLFACTORS}, ${REPEAT} runs"
for run in $(seq 1 "${REPEAT}"); do
    for ff in ${FILLFACTORS}; do
        hot_run user_sessions "with activity_idx" "${ff}" "" "${run}" with_activity_idx
        hot_run user_sessions "without activity_idx" "${ff}" "(last_activity_at)" "${run}"
        hot_run tasks "time tracking" "${ff}" "" "${run}"
        hot_run documents "status / description" "${ff}" "" "${run}"
        hot_run cartable "read, acted" "${ff}" "" "${run}"
    done
done
q -c "DROP TABLE IF EXISTS bench.t"
echo
echo "HOT share of updates and growth after ${ROUNDS} rounds (ranges over ${REPEAT} runs):"
q -P footer=off <<'SQL'
SELECT tbl AS "table", variant AS "update", ff AS fillfactor,
       CASE WHEN min(hot::float8 / upd) = max(hot::float8 / upd) THEN round(100 * min(hot::numeric / upd), 1) || ' %'
            ELSE round(100 * min(hot::numeric / upd), 1) || '–' || round(100 * max(hot::numeric / upd), 1) || ' %' END AS "HOT",
       pg_size_pretty(min(heap0)) AS "heap at load",
       round(min(heap1::numeric / heap0), 2) || '–' || round(max(heap1::numeric / heap0), 2) || ' x' AS "heap growth",
       pg_size_pretty(min(idx0)) AS "indexes at load",
       round(min(idx1::numeric / idx0), 2) || '–' || round(max(idx1::numeric / idx0), 2) || ' x' AS "index growth"
  FROM bench.hot GROUP BY tbl, variant, ff ORDER BY tbl, variant, ff DESC;
SQL
bench_results_from "${DB}" "SELECT 'storage: ' || tbl || ' ' || variant || ' ff' || ff || ' HOT %', round(100 * avg(hot::numeric / upd), 1) FROM bench.hot GROUP BY tbl, variant, ff ORDER BY 1"

echo
echo "Which plans read user_sessions by last_activity_at (a table of ${ROWS} sessions, 20% revoked, with the"
echo "former user_sessions_activity_idx (0.1.0) on last_activity_at WHERE revoked_at IS NULL):"
q <<SQL
CREATE TABLE bench.s (LIKE officeauto.user_sessions INCLUDING ALL);
INSERT INTO bench.s (organization_id, user_id, client_type, token_digest, created_at, last_activity_at, expires_at, revoked_at, revoke_reason)
SELECT 1, g, 'web', sha256(int4send(g)), now() - interval '20 days', now() - make_interval(mins => g % 20000), now() + interval '10 days',
       CASE WHEN g % 5 = 0 THEN now() - interval '9 days' END, CASE WHEN g % 5 = 0 THEN 'logout' END
  FROM generate_series(1, ${ROWS}) g;
DO \$d\$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_indexes WHERE schemaname = 'bench' AND tablename = 's' AND indexdef LIKE '%(last_activity_at)%') THEN
        CREATE INDEX s_activity_idx ON bench.s (last_activity_at) WHERE revoked_at IS NULL;
    END IF;
END \$d\$;
VACUUM ANALYZE bench.s;
SQL
plan() { echo "  $1:"; q -At -c "EXPLAIN (COSTS OFF) $2" | sed 's/^/      /'; }
plan "cleanup_expired_sessions() (14_identity.sql)" \
    "DELETE FROM bench.s WHERE expires_at < now() - interval '7 days' OR revoked_at < now() - interval '7 days'
        OR (revoked_at IS NULL AND last_activity_at < now() - interval '8 hours' - interval '7 days')"
plan "an ad-hoc count of idle live sessions (no shipped query has this WHERE: session_monitoring computes its state with CASE)" \
    "SELECT count(*) FROM bench.s WHERE revoked_at IS NULL AND last_activity_at < now() - interval '15 minutes'"
plan "session validation (by token; last_activity_at is a filter)" \
    "SELECT id FROM bench.s WHERE token_digest = sha256(int4send(7)) AND revoked_at IS NULL AND expires_at > now()
        AND last_activity_at > now() - interval '8 hours'"
q -c "DROP TABLE bench.s"
fi

########################################################################################
# 2. autovacuum of an append-only audit partition
########################################################################################
if section 2; then
say "2. audit partition: ${AUDIT_ROWS} rows in ${AUDIT_BATCHES} batches, the autovacuum rule applied after each, ${REPEAT} runs"
PER_BATCH=$((AUDIT_ROWS / AUDIT_BATCHES))
q <<'SQL'
-- Heap fetches and rows of an index-only count of one organization's trail since a time, as
-- the tenant reads it (organization_id, created_at); the plan is pinned to the index-only scan.
CREATE FUNCTION bench.recent(since timestamptz, OUT fetches bigint, OUT returned bigint) LANGUAGE plpgsql AS $$
DECLARE p jsonb; n jsonb;
BEGIN
    SET LOCAL enable_seqscan = off;
    SET LOCAL enable_bitmapscan = off;
    SET LOCAL max_parallel_workers_per_gather = 0;
    EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) SELECT count(*) FROM bench.a WHERE organization_id = 1 AND created_at >= $1'
       INTO p USING since;
    n := jsonb_path_query_first(p, 'strict $.**?(@."Node Type" == "Index Only Scan")');
    fetches := (n->>'Heap Fetches')::bigint;
    returned := (n->>'Actual Rows')::bigint;
END $$;
SQL
for run in $(seq 1 "${REPEAT}"); do
    while IFS='|' read -r variant opts; do
        q -o /dev/null <<SQL
DROP TABLE IF EXISTS bench.a;
CREATE TABLE bench.a (LIKE officeauto.audit_logs INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING COMPRESSION)
    WITH (autovacuum_enabled = false);
SELECT officeauto._index_audit_partition('bench.a');
-- The partition's indexes as shipped, and this variant's autovacuum settings only (whatever
-- the installed version's _index_audit_partition sets).
ALTER TABLE bench.a RESET (autovacuum_vacuum_insert_scale_factor, autovacuum_vacuum_insert_threshold);
${opts:+ALTER TABLE bench.a SET (${opts});}
SQL
        vacuums=0 vus=0
        for b in $(seq 1 "${AUDIT_BATCHES}"); do
            # One batch: a minute of the trail of 10 organizations.
            q -c "INSERT INTO bench.a (created_at, organization_id, actor_user_id, action, table_name, record_id, row_pk, new_data)
                  SELECT timestamptz '2026-01-01' + make_interval(mins => ${b}) + make_interval(secs => g::float8 / ${PER_BATCH} * 60),
                         1 + g % 10, 1 + g % 300, 'UPDATE', 'officeauto.tasks', gen_random_uuid(),
                         jsonb_build_object('id', g), jsonb_build_object('id', g, 'status', 'in_progress', 'spent_minutes', g % 600)
                    FROM generate_series(1, ${PER_BATCH}) g"
            # The autovacuum rule (autovacuum.c, relation_needs_vacanalyze) with the table's
            # reloptions, from the counters the inserting connection flushed when it ended.
            read -r need_vac need_an < <(value "
                WITH o AS (SELECT coalesce((SELECT split_part(x, '=', 2) FROM unnest(c.reloptions) x WHERE x LIKE 'autovacuum_vacuum_insert_threshold=%'),
                                           current_setting('autovacuum_vacuum_insert_threshold'))::float8 AS thr,
                                  coalesce((SELECT split_part(x, '=', 2) FROM unnest(c.reloptions) x WHERE x LIKE 'autovacuum_vacuum_insert_scale_factor=%'),
                                           current_setting('autovacuum_vacuum_insert_scale_factor'))::float8 AS sf,
                                  greatest(c.reltuples, 0) AS tuples
                             FROM pg_class c WHERE c.oid = 'bench.a'::regclass)
                SELECT s.n_ins_since_vacuum > o.thr + o.sf * o.tuples,
                       s.n_mod_since_analyze > current_setting('autovacuum_analyze_threshold')::float8
                                              + current_setting('autovacuum_analyze_scale_factor')::float8 * o.tuples
                  FROM pg_stat_user_tables s, o WHERE s.relid = 'bench.a'::regclass" | tr '|' ' ')
            if [ "${need_vac}" = t ]; then
                t0=$(date +%s%N)
                if [ "${need_an}" = t ]; then q -c "VACUUM (ANALYZE) bench.a"; else q -c "VACUUM bench.a"; fi
                vus=$(( vus + ($(date +%s%N) - t0) / 1000 ))
                vacuums=$((vacuums + 1))
            elif [ "${need_an}" = t ]; then
                q -c "ANALYZE bench.a"
            fi
            # The recent trail: the last 5 minutes (batches) of one organization.
            q -c "INSERT INTO bench.av
                  SELECT '${variant}', ${run}, ${b}, ${vacuums}, ${vus} / 1000.0,
                         (SELECT relallvisible::float8 / greatest(pg_relation_size('bench.a') / current_setting('block_size')::int, 1)
                            FROM pg_class WHERE oid = 'bench.a'::regclass), r.fetches, r.returned
                    FROM bench.recent(timestamptz '2026-01-01' + make_interval(mins => ${b} - 4)) r"
        done
    done <<< "${AUDIT_VARIANTS}"
done
q -c "DROP TABLE IF EXISTS bench.a"
echo
echo "Audit partition (${AUDIT_ROWS} rows): vacuums run, their total time, heap all-visible and heap fetches of"
echo "the index-only count of the last 5 batches, averaged over the ${AUDIT_BATCHES} batches (ranges over ${REPEAT} runs):"
q -P footer=off <<'SQL'
WITH per_run AS (
    SELECT variant, run, max(vacuums) AS vacuums, max(vacuum_ms) AS vacuum_ms, avg(allvisible) AS allvisible,
           sum(fetches)::float8 / nullif(sum(returned), 0) AS fetch_share, min(allvisible) FILTER (WHERE batch > 5) AS worst
      FROM bench.av GROUP BY variant, run)
SELECT variant AS "autovacuum settings", min(vacuums) || '–' || max(vacuums) AS vacuums,
       round(min(vacuum_ms)::numeric) || '–' || round(max(vacuum_ms)::numeric) || ' ms' AS "vacuum time",
       round(100 * min(allvisible)::numeric, 1) || '–' || round(100 * max(allvisible)::numeric, 1) || ' %' AS "all-visible (mean)",
       round(100 * min(worst)::numeric, 1) || ' %' AS "all-visible (worst)",
       round(100 * min(fetch_share)::numeric, 1) || '–' || round(100 * max(fetch_share)::numeric, 1) || ' %' AS "recent rows fetched from heap"
  FROM per_run GROUP BY variant ORDER BY min(vacuums);
SQL
bench_results_from "${DB}" "SELECT 'storage: audit partition ' || variant || ' heap fetches %', round(100 * sum(fetches)::numeric / nullif(sum(returned), 0), 1) FROM bench.av GROUP BY variant ORDER BY 1"
fi

########################################################################################
# 3. lz4 against pglz for large jsonb/text columns
########################################################################################
if section 3; then
say "3. compression: ${COMP_ROWS} audit rows of document changes (old_data, new_data) and documents (content, search_vector), ${REPEAT} runs"
echo "lz4 in this server: $(value "SELECT CASE WHEN EXISTS (SELECT FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN 'yes' ELSE 'no' END")"
# The source rows, stored uncompressed (STORAGE EXTERNAL) so that every INSERT below compresses
# them afresh with its own method (a value already compressed is copied as it is). Documents
# of 400 to 2000 words (2.5 to 13 kB), the audit rows of an edit of each (to_jsonb-like objects
# holding the document before and after).
q <<SQL
CREATE TABLE bench.src_audit (old_data jsonb, new_data jsonb);
CREATE TABLE bench.src_documents (content text, search_vector tsvector);
ALTER TABLE bench.src_audit ALTER old_data SET STORAGE EXTERNAL, ALTER new_data SET STORAGE EXTERNAL;
ALTER TABLE bench.src_documents ALTER content SET STORAGE EXTERNAL, ALTER search_vector SET STORAGE EXTERNAL;
CREATE TEMP TABLE d AS
SELECT g, bench.prose(40) AS d, bench.prose(400 + (g * 7919) % 1600) AS c FROM generate_series(1, ${COMP_ROWS}) g;
INSERT INTO bench.src_audit
SELECT jsonb_build_object('id', g, 'organization_id', 1, 'title', 'Document ' || g, 'description', d, 'content', c,
                          'status', 'draft', 'tags', jsonb_build_array('spec'), 'version', 1),
       jsonb_build_object('id', g, 'organization_id', 1, 'title', 'Document ' || g, 'description', d, 'content', c || ' revised',
                          'status', 'in_review', 'tags', jsonb_build_array('spec'), 'version', 2)
  FROM d;
-- c || '': a new, uncompressed value (d's own copy of c is compressed by d, and would be
-- stored here as it is).
INSERT INTO bench.src_documents SELECT c || '', to_tsvector('english', c) FROM d;
SQL
for run in $(seq 1 "${REPEAT}"); do
    for grp in audit documents; do
        for m in pglz lz4; do
            if [ "${grp}" = audit ]; then
                cols="old_data jsonb COMPRESSION ${m}, new_data jsonb COMPRESSION ${m}"
                readexpr="length(new_data ->> 'content') + length(old_data ->> 'content')"
            else
                cols="content text COMPRESSION ${m}, search_vector tsvector COMPRESSION ${m}"
                readexpr="length(content) + length(search_vector)"
            fi
            q <<SQL
DROP TABLE IF EXISTS bench.c;
CREATE TABLE bench.c (${cols});
CHECKPOINT;
DO \$\$
DECLARE t0 timestamptz; ins float8; rd float8; x bigint;
BEGIN
    t0 := clock_timestamp();
    INSERT INTO bench.c SELECT * FROM bench.src_${grp};
    ins := 1000 * extract(epoch FROM clock_timestamp() - t0);
    t0 := clock_timestamp();
    SELECT sum(${readexpr}) INTO x FROM bench.c;
    rd := 1000 * extract(epoch FROM clock_timestamp() - t0);
    INSERT INTO bench.comp VALUES ('${grp} ${m}', ${run}, ins, rd, pg_table_size('bench.c'));
END \$\$;
SQL
        done
    done
done
echo
echo "Compression of ${COMP_ROWS} rows, ranges over ${REPEAT} runs (uncompressed: audit $(value "SELECT pg_size_pretty(sum(pg_column_size(old_data) + pg_column_size(new_data))) FROM bench.src_audit"), documents $(value "SELECT pg_size_pretty(sum(pg_column_size(content) + pg_column_size(search_vector))) FROM bench.src_documents")):"
q -P footer=off <<'SQL'
SELECT split_part(method, ' ', 1) AS "columns", split_part(method, ' ', 2) AS method,
       pg_size_pretty(min(bytes)) AS "table + TOAST",
       round(min(insert_ms)::numeric) || '–' || round(max(insert_ms)::numeric) || ' ms' AS "INSERT",
       round(min(read_ms)::numeric) || '–' || round(max(read_ms)::numeric) || ' ms' AS "read (detoast all)"
  FROM bench.comp GROUP BY method ORDER BY 1, 2 DESC;
SQL
bench_results_from "${DB}" "SELECT 'storage: ' || method || ' bytes', min(bytes) FROM bench.comp GROUP BY method ORDER BY 1"
q -c "DROP TABLE bench.src_audit, bench.src_documents, bench.c"
fi
echo
say "load $(bench_load)"
