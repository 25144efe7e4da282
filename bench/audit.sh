#!/usr/bin/env bash
# Benchmark: bulk INSERT and UPDATE of N rows with no trigger, with a supa_audit-style PL/pgSQL
# row trigger (to_jsonb of OLD/NEW), with a statement-level PL/pgSQL trigger over transition
# tables, and with officeauto's native audit_trigger(), side by side in one database and run.
# Not a test: it prints figures. Usage: bash bench/audit.sh [rows]   (default 50000)
# Runs against the demo cluster (run scripts/demo.sh first); PGPORT may point elsewhere.
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
N=${1:-50000}
DB=officeauto_bench
PORT=${PGPORT:-$(main_cluster_port)}

psql_main -d postgres -c "DROP DATABASE IF EXISTS ${DB}" -c "CREATE DATABASE ${DB}"
psql_main -d "${DB}" -c "CREATE EXTENSION officeauto" -c "SELECT officeauto.create_audit_partitions(1)" >/dev/null
psql_main -d "${DB}" <<SQL
-- The PL/pgSQL variants log into a table with audit_logs' columns and the same six indexes as
-- an audit_logs partition, so every variant pays for the same kind of log row.
CREATE TABLE bench_log (LIKE officeauto.audit_logs INCLUDING DEFAULTS);
DO \$\$ BEGIN PERFORM officeauto._index_audit_partition('bench_log'); END \$\$;

CREATE FUNCTION row_audit() RETURNS trigger LANGUAGE plpgsql AS \$\$
BEGIN
    INSERT INTO bench_log (action, table_name, old_data, new_data)
    VALUES (TG_OP, TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME,
            CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END, CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END);
    RETURN NULL;
END \$\$;
CREATE FUNCTION stmt_audit_ins() RETURNS trigger LANGUAGE plpgsql AS \$\$
BEGIN
    INSERT INTO bench_log (action, table_name, new_data)
    SELECT 'INSERT', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, to_jsonb(n) FROM new_rows n;
    RETURN NULL;
END \$\$;
CREATE FUNCTION stmt_audit_upd() RETURNS trigger LANGUAGE plpgsql AS \$\$
BEGIN
    INSERT INTO bench_log (action, table_name, old_data, new_data)
    SELECT 'UPDATE', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, to_jsonb(o), to_jsonb(n)
      FROM old_rows o JOIN new_rows n USING (id);
    RETURN NULL;
END \$\$;

CREATE FUNCTION make_table(name text, variant text) RETURNS void LANGUAGE plpgsql AS \$\$
BEGIN
    EXECUTE format('DROP TABLE IF EXISTS %I', name);
    EXECUTE format('CREATE TABLE %I (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, organization_id bigint,
                    name text, qty int, price numeric(12,2), tags text[], notes text, updated_at timestamptz)', name);
    IF variant = 'row' THEN
        EXECUTE format('CREATE TRIGGER a AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION row_audit()', name);
    ELSIF variant = 'stmt' THEN
        EXECUTE format('CREATE TRIGGER a AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stmt_audit_ins()', name);
        EXECUTE format('CREATE TRIGGER b AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stmt_audit_upd()', name);
    ELSIF variant = 'native' THEN
        PERFORM officeauto.enable_audit(name::regclass);
    END IF;
END \$\$;

CREATE FUNCTION run(variant text, label text) RETURNS TABLE (trigger text, insert_ms numeric, insert_rows_per_s numeric,
                                                              update_ms numeric, update_rows_per_s numeric)
LANGUAGE plpgsql AS \$\$
DECLARE t0 timestamptz; ins numeric; upd numeric;
BEGIN
    PERFORM make_table('items_' || variant, variant);
    t0 := clock_timestamp();
    EXECUTE format(\$q\$INSERT INTO %I (organization_id, name, qty, price, tags, notes, updated_at)
                    SELECT 1, 'item ' || g, mod(g, 100), g * 1.25, ARRAY['a', 'b'], repeat('n', 40), now()
                      FROM generate_series(1, ${N}) g\$q\$, 'items_' || variant);
    ins := extract(epoch FROM clock_timestamp() - t0) * 1000;
    t0 := clock_timestamp();
    EXECUTE format('UPDATE %I SET qty = qty + 1', 'items_' || variant);
    upd := extract(epoch FROM clock_timestamp() - t0) * 1000;
    RETURN QUERY SELECT label, round(ins, 1), round(${N} / (ins / 1000)), round(upd, 1), round(${N} / (upd / 1000));
END \$\$;

\echo
\echo 'bulk INSERT then UPDATE of ${N} rows (one statement each, one backend)'
SELECT * FROM run('none', 'no trigger (ceiling)')
UNION ALL SELECT * FROM run('row', 'PL/pgSQL row trigger, to_jsonb (supa_audit style)')
UNION ALL SELECT * FROM run('stmt', 'PL/pgSQL statement trigger, transition tables')
UNION ALL SELECT * FROM run('native', 'officeauto audit_trigger() (native)');
\echo 'log rows written'
SELECT 'PL/pgSQL variants' AS log, count(*) FROM bench_log
UNION ALL SELECT 'officeauto audit_logs', count(*) FROM officeauto.audit_logs;
SQL
psql_main -d postgres -c "DROP DATABASE ${DB}"
