#!/usr/bin/env bash
# Benchmark of the audit trail, officeauto's native trigger next to its peers in one database
# and one run, printed as one table:
#   - bulk: one INSERT of N rows, then one UPDATE of all of them, with no trigger, with a
#     supa_audit 0.3.1-style trigger, and with officeauto's audit (the ratio to beat is
#     officeauto against supa_audit);
#   - OLTP: pgbench, 2 clients, each transaction a one-row INSERT then an UPDATE of that row,
#     on the same table unaudited, supa_audit-style and audited by officeauto (the ratio to
#     beat is officeauto against unaudited).
# The supa_audit variant re-creates what supa_audit 0.3.1 installs (github.com/supabase/supa_audit,
# supa_audit--0.3.1.sql): its record_version table with its checks and indexes (primary key,
# record_id, old_record_id, BRIN on ts, table_oid) and its SECURITY DEFINER row trigger, which
# per row looks up the primary key columns, takes to_jsonb of NEW and OLD and derives the
# record ids with uuid-ossp's uuid_generate_v5.
#
# Not a test: it prints figures: medians of REPEAT runs with the variants interleaved, and for
# the ratios the median of each run's own ratio (variants minutes apart share the machine's load).
# Usage: bash bench/audit.sh [rows]   (default 100000)
# Environment: REPEAT (5), OLTP_SECONDS (10), PGPORT / PGHOST (default: the demo cluster, run
# scripts/demo.sh first), OFFICEAUTO_PG_BIN (the PostgreSQL tree whose psql and pgbench run).
# bench/run.sh runs it with the other hot paths.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
N=${1:-100000}
REPEAT=${REPEAT:-5}
SECS=${OLTP_SECONDS:-10}
DB=officeauto_bench
bench_connect
value() { bpsql -At -d "${DB}" -c "$1"; }

WORK=$(mktemp -d /tmp/officeauto-bench-audit.XXXXXX)
chown postgres "${WORK}"
bench_on_exit "rm -rf '${WORK}'"

bench_fresh_db "${DB}" uuid-ossp
bpsql -d "${DB}" -c "SELECT officeauto.create_audit_partitions(1)" >/dev/null
bpsql -d "${DB}" <<'SQL'
-- supa_audit 0.3.1, as its install script creates it (same table, checks, indexes, functions).
CREATE SCHEMA audit;
CREATE TYPE audit.operation AS ENUM ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE');
CREATE TABLE audit.record_version (
    id            bigserial PRIMARY KEY,
    record_id     uuid,
    old_record_id uuid,
    op            audit.operation NOT NULL,
    ts            timestamptz NOT NULL DEFAULT (now()),
    table_oid     oid NOT NULL,
    table_schema  name NOT NULL,
    table_name    name NOT NULL,
    record        jsonb,
    old_record    jsonb,
    CHECK (coalesce(record_id, old_record_id) IS NOT NULL OR op = 'TRUNCATE'),
    CHECK (op IN ('INSERT', 'UPDATE') = (record_id IS NOT NULL)),
    CHECK (op IN ('INSERT', 'UPDATE') = (record IS NOT NULL)),
    CHECK (op IN ('UPDATE', 'DELETE') = (old_record_id IS NOT NULL)),
    CHECK (op IN ('UPDATE', 'DELETE') = (old_record IS NOT NULL))
);
CREATE INDEX record_version_record_id ON audit.record_version (record_id) WHERE record_id IS NOT NULL;
CREATE INDEX record_version_old_record_id ON audit.record_version (old_record_id) WHERE old_record_id IS NOT NULL;
CREATE INDEX record_version_ts ON audit.record_version USING brin (ts);
CREATE INDEX record_version_table_oid ON audit.record_version (table_oid);

CREATE FUNCTION audit.primary_key_columns(entity_oid oid) RETURNS text[]
STABLE SECURITY DEFINER SET search_path = '' LANGUAGE sql AS $$
    SELECT coalesce(array_agg(pa.attname::text ORDER BY pa.attnum), array[]::text[])
      FROM pg_index pi JOIN pg_attribute pa ON pi.indrelid = pa.attrelid AND pa.attnum = any(pi.indkey)
     WHERE indrelid = $1 AND indisprimary
$$;
CREATE FUNCTION audit.to_record_id(entity_oid oid, pkey_cols text[], rec jsonb) RETURNS uuid
STABLE LANGUAGE sql AS $$
    SELECT CASE
        WHEN rec IS NULL THEN NULL
        WHEN pkey_cols = array[]::text[] THEN uuid_generate_v4()
        ELSE (SELECT uuid_generate_v5('fd62bc3d-8d6e-43c2-919c-802ba3762271',
                                      (jsonb_build_array(to_jsonb($1)) || jsonb_agg($3 ->> key_))::text)
                FROM unnest($2) x(key_))
    END
$$;
CREATE FUNCTION audit.insert_update_delete_trigger() RETURNS trigger
SECURITY DEFINER LANGUAGE plpgsql AS $$
DECLARE
    pkey_cols text[] = audit.primary_key_columns(TG_RELID);
    record_jsonb jsonb = to_jsonb(new);
    record_id uuid = audit.to_record_id(TG_RELID, pkey_cols, record_jsonb);
    old_record_jsonb jsonb = to_jsonb(old);
    old_record_id uuid = audit.to_record_id(TG_RELID, pkey_cols, old_record_jsonb);
BEGIN
    INSERT INTO audit.record_version (record_id, old_record_id, op, table_oid, table_schema, table_name, record, old_record)
    SELECT record_id, old_record_id, TG_OP::audit.operation, TG_RELID, TG_TABLE_SCHEMA, TG_TABLE_NAME,
           record_jsonb, old_record_jsonb;
    RETURN coalesce(new, old);
END;
$$;
CREATE FUNCTION audit.truncate_trigger() RETURNS trigger
SECURITY DEFINER SET search_path = '' LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit.record_version (op, table_oid, table_schema, table_name)
    SELECT TG_OP::audit.operation, TG_RELID, TG_TABLE_SCHEMA, TG_TABLE_NAME;
    RETURN coalesce(old, new);
END;
$$;

-- The audited table: a typical business row (ids, text, numbers, an array, a timestamp).
CREATE FUNCTION bench_table(name text, variant text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('client_min_messages', 'warning', true);
    EXECUTE format('DROP TABLE IF EXISTS %I', name);
    EXECUTE format('CREATE TABLE %I (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, organization_id bigint,
                    name text, qty int, price numeric(12,2), tags text[], notes text, updated_at timestamptz)', name);
    IF variant = 'supa_audit' THEN
        EXECUTE format('CREATE TRIGGER audit_i_u_d AFTER INSERT OR UPDATE OR DELETE ON %I
                        FOR EACH ROW EXECUTE PROCEDURE audit.insert_update_delete_trigger()', name);
        EXECUTE format('CREATE TRIGGER audit_t AFTER TRUNCATE ON %I
                        FOR EACH STATEMENT EXECUTE PROCEDURE audit.truncate_trigger()', name);
    ELSIF variant = 'officeauto' THEN
        PERFORM officeauto.enable_audit(name::regclass);
    END IF;
END $$;
-- Milliseconds one statement takes (in its own transaction; the commit is not counted).
CREATE FUNCTION bench_ms(q text) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
    EXECUTE q;
    RETURN extract(epoch FROM clock_timestamp() - t0) * 1000;
END $$;
CREATE TABLE bench_result (section text, variant text, run int, value numeric);
SQL

VARIANTS=(none supa_audit officeauto)
reset_logs() {
    bpsql -d "${DB}" -c "TRUNCATE audit.record_version" -c "TRUNCATE officeauto.audit_logs" -c "CHECKPOINT"
}
record() { bpsql -d "${DB}" -c "INSERT INTO bench_result VALUES ('$1', '$2', $3, $4)"; }

echo "bulk: INSERT of ${N} rows, then UPDATE of all of them, ${REPEAT} runs" >&2
for run in $(seq 1 "${REPEAT}"); do
    for v in "${VARIANTS[@]}"; do
        reset_logs
        bpsql -d "${DB}" -c "SELECT bench_table('bulk_${v}', '${v}')" >/dev/null
        ms=$(value "SELECT bench_ms(\$q\$INSERT INTO bulk_${v} (organization_id, name, qty, price, tags, notes, updated_at)
                    SELECT 1, 'item ' || g, mod(g, 100), g * 1.25, ARRAY['a', 'b'], repeat('n', 40), now()
                      FROM generate_series(1, ${N}) g\$q\$)")
        record bulk_insert "$v" "$run" "$ms"
        bpsql -d "${DB}" -c "CHECKPOINT"
        ms=$(value "SELECT bench_ms('UPDATE bulk_${v} SET qty = qty + 1')")
        record bulk_update "$v" "$run" "$ms"
        bpsql -d "${DB}" -c "DROP TABLE bulk_${v}"
    done
done

echo "OLTP: pgbench, 2 clients, ${SECS} s per run, ${REPEAT} runs" >&2
for v in "${VARIANTS[@]}"; do
    bpsql -d "${DB}" -c "SELECT bench_table('oltp_${v}', '${v}')" >/dev/null
    cat > "${WORK}/oltp_${v}.sql" <<EOF
\set q random(1, 100)
BEGIN;
INSERT INTO oltp_${v} (organization_id, name, qty, price, tags, notes, updated_at)
VALUES (1, 'item', :q, 1.25, ARRAY['a', 'b'], 'a note of some forty characters or so...', now()) RETURNING id \gset
UPDATE oltp_${v} SET qty = qty + 1, updated_at = now() WHERE id = :id;
END;
EOF
done
chown postgres "${WORK}"/*.sql
for run in $(seq 1 "${REPEAT}"); do
    for v in "${VARIANTS[@]}"; do
        reset_logs
        tps=$(bpgbench -n -M prepared -c 2 -j 2 -T "${SECS}" \
                  -f "${WORK}/oltp_${v}.sql" "${DB}" 2>/dev/null \
              | awk '/^tps = .*without initial connection time/ {print $3}')
        record oltp_tps "$v" "$run" "${tps:-0}"
    done
done

bpsql -d "${DB}" <<SQL
\echo
\echo 'audit: bulk ${N} rows (one statement each) and OLTP (pgbench, 2 clients, ${SECS} s), median of ${REPEAT} runs'
-- Absolute figures: medians over the runs. Ratios: the median of each run's own ratio, so a
-- ratio compares variants measured minutes apart, under the same load.
WITH m AS (
    SELECT section, variant, percentile_cont(0.5) WITHIN GROUP (ORDER BY value) AS v
      FROM bench_result GROUP BY section, variant
), p AS (
    SELECT section, max(v) FILTER (WHERE variant = 'none') AS none,
           max(v) FILTER (WHERE variant = 'supa_audit') AS supa,
           max(v) FILTER (WHERE variant = 'officeauto') AS oa
      FROM m GROUP BY section
), per_run AS (
    SELECT section, run,
           max(value) FILTER (WHERE variant = 'none') AS none,
           max(value) FILTER (WHERE variant = 'supa_audit') AS supa,
           max(value) FILTER (WHERE variant = 'officeauto') AS oa
      FROM bench_result GROUP BY section, run
), r AS (
    SELECT section,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY CASE WHEN section = 'oltp_tps' THEN oa / supa ELSE supa / oa END) AS vs_supa,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY CASE WHEN section = 'oltp_tps' THEN oa / none ELSE none / oa END) AS vs_none
      FROM per_run GROUP BY section
)
SELECT CASE p.section WHEN 'bulk_insert' THEN 'bulk INSERT, ms' WHEN 'bulk_update' THEN 'bulk UPDATE, ms'
                      ELSE 'OLTP INSERT+UPDATE, tps' END AS measure,
       round(none::numeric, 1) AS "no audit",
       round(supa::numeric, 1) AS "supa_audit 0.3.1-style",
       round(oa::numeric, 1) AS officeauto,
       round(r.vs_supa::numeric, 2) AS "officeauto speed-up vs supa_audit",
       round(r.vs_none::numeric, 2) AS "officeauto speed vs no audit"
  FROM p JOIN r USING (section) ORDER BY p.section;
SELECT CASE section WHEN 'bulk_insert' THEN 'bulk INSERT' WHEN 'bulk_update' THEN 'bulk UPDATE' ELSE 'OLTP' END
           || ', each run''s ratio, ' || CASE WHEN section = 'oltp_tps' THEN 'officeauto / no audit' ELSE 'supa_audit / officeauto' END
           || ': ' || string_agg(round((CASE WHEN section = 'oltp_tps' THEN oa / none ELSE supa / oa END)::numeric, 2)::text, ', ' ORDER BY run)
           AS "per run"
  FROM (SELECT section, run, max(value) FILTER (WHERE variant = 'none') AS none,
               max(value) FILTER (WHERE variant = 'supa_audit') AS supa,
               max(value) FILTER (WHERE variant = 'officeauto') AS oa
          FROM bench_result GROUP BY section, run) x
 GROUP BY section ORDER BY section;
\echo 'targets (issue 14): bulk speed-up vs supa_audit >= 2.5 on INSERT and UPDATE; OLTP speed vs no audit >= 0.85'
SQL
# For bench/run.sh: the medians, and the median of each run's own ratio.
bench_results_from "${DB}" "
    WITH per_run AS (
        SELECT section, run, max(value) FILTER (WHERE variant = 'none') AS none,
               max(value) FILTER (WHERE variant = 'supa_audit') AS supa, max(value) FILTER (WHERE variant = 'officeauto') AS oa
          FROM bench_result GROUP BY section, run)
    SELECT 'audit.' || section || '.' || variant, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY value)::numeric, 1)
      FROM bench_result GROUP BY section, variant
    UNION ALL
    SELECT 'audit.' || section || '.speed', round(percentile_cont(0.5) WITHIN GROUP (
               ORDER BY CASE WHEN section = 'oltp_tps' THEN oa / none ELSE supa / oa END)::numeric, 3)
      FROM per_run GROUP BY section"
bpsql -d postgres -c "DROP DATABASE ${DB}"
