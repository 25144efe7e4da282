-- Audit trail: audit_logs partitioned by month, audit_logs_archive with the same shape.
-- Audit rows carry plain ids (no foreign keys) on purpose: the trail must outlive the users,
-- sessions and rows it describes, and a purge must never cascade into it.

CREATE SEQUENCE officeauto.audit_logs_id_seq AS bigint;
-- PostgreSQL 15 has no identity columns on partitioned tables, hence the explicit sequence.
CREATE TABLE officeauto.audit_logs (
    id               bigint NOT NULL DEFAULT nextval('officeauto.audit_logs_id_seq'),
    created_at       timestamptz NOT NULL DEFAULT now(),
    organization_id  bigint,
    actor_user_id    bigint,
    session_id       bigint,
    action           text NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
    -- C collation: table names are identifiers; byte comparison keeps index inserts cheap.
    table_name       text COLLATE "C" CHECK (length(table_name) <= 200),
    record_id        uuid,
    row_pk           jsonb,
    -- lz4 rather than the default pglz: the audit row is written inside every audited writer's
    -- transaction, and a row image above the TOAST threshold (about 2 kB: documents, long
    -- descriptions) is compressed there. bench/storage.sh, 4,000 audit rows of document edits
    -- (old and new image, 62 MB uncompressed): INSERT 232-261 ms with lz4 against 1086-1119 ms
    -- with pglz, reads 142-147 against 190-198 ms, at the price of size: 34 MB against 24 MB.
    -- Monthly partitions copy it (LIKE ... INCLUDING COMPRESSION), the default ones inherit it.
    old_data         jsonb COMPRESSION lz4,
    new_data         jsonb COMPRESSION lz4,
    changed_columns  text[],
    ip_address       inet,
    user_agent       text CHECK (length(user_agent) <= 1024),
    metadata         jsonb NOT NULL DEFAULT '{}'
) PARTITION BY RANGE (created_at);
ALTER SEQUENCE officeauto.audit_logs_id_seq OWNED BY officeauto.audit_logs.id;

-- Keys and indexes live on each partition, not on the partitioned parent. The parent belongs to
-- the extension and is recreated by CREATE EXTENSION on restore, while monthly partitions are
-- ordinary tables that pg_dump restores and then attaches: a parent-level index or primary key
-- would make that ATTACH create the partition's indexes a second time and the restore fail.
-- Ids come from one sequence, so a per-partition primary key on id keeps them unique.
CREATE FUNCTION officeauto._index_audit_partition(part regclass)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- Every audited write pays, inside the writer's transaction, for each index its audit row
    -- enters. So each index below names the query it serves, and a row change enters three
    -- btrees: id, record_id, organization. Time columns come second in a key (ascending:
    -- rows arrive in time order, so pages fill up before they split; newest-first reads scan
    -- backwards); a time range across tenants is served by the monthly partitions themselves.
    --
    -- The identity of an audit row: archive_audit_logs() moves rows in batches by id, the
    -- history views expose it as audit_id, logical replication needs a key.
    EXECUTE format('ALTER TABLE %s ADD PRIMARY KEY (id)', part);
    -- A row's whole history (README: WHERE record_id = audit_record_id(...)). Without
    -- deduplication: its keys repeat only when one transaction changes the same row twice
    -- (created_at is the transaction's start), so the pass a full leaf page would otherwise get
    -- before every split finds next to nothing to merge, and record ids are random, so pages
    -- fill and split all over the index.
    EXECUTE format('CREATE INDEX ON %s (record_id, created_at) WITH (deduplicate_items = off)
                    WHERE record_id IS NOT NULL', part);
    -- Every tenant read: row-level security adds organization_id = the tenant, and the trail
    -- is read newest first.
    EXECUTE format('CREATE INDEX ON %s (organization_id, created_at)', part);
    -- project_history and document_history by id (README: WHERE project_id = 3). Partial:
    -- only rows of those two tables enter it, and the writer leaves it alone for the others.
    EXECUTE format($i$CREATE INDEX ON %s (table_name, ((row_pk ->> 'id')::bigint), created_at)
                      WHERE table_name IN ('officeauto.projects', 'officeauto.documents')$i$, part);
    -- Application events (log_activity) by their metadata:
    -- WHERE table_name IS NULL AND metadata @> '{"format": "csv"}'. Row changes (which have a
    -- table and no metadata) stay out of it.
    EXECUTE format('CREATE INDEX ON %s USING gin (metadata jsonb_path_ops) WHERE table_name IS NULL', part);
    -- Storage: a partition is append-only, so autovacuum visits it only for inserts, by default
    -- once 20% more rows than it held arrived: the newest rows, read most, are the ones the
    -- visibility map does not cover, and index-only scans of them go to the heap. At 2% it
    -- keeps up. bench/storage.sh, 200,000 rows in 40 batches (the rule applied after each):
    -- default 12 vacuums (1.7-2.4 s in all), 92% of the heap all-visible on average, 36% of
    -- the last 5 batches' rows fetched from the heap by an index-only count; at 0.02, 40
    -- vacuums (3.9-4.6 s), 100% and 0%. (Partitioned parents take no storage parameters.)
    EXECUTE format('ALTER TABLE %s SET (autovacuum_vacuum_insert_scale_factor = 0.02)', part);
END
$$;
REVOKE ALL ON FUNCTION officeauto._index_audit_partition(regclass) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._index_audit_partition(regclass) IS
    'Internal: primary key, indexes (by record, organization, project and document history, event metadata) and autovacuum setting of one audit_logs / audit_logs_archive partition.';
-- Monthly partitions are created after installation by create_audit_partitions() (a partition
-- created inside the install script would become an extension member that pg_dump skips); the
-- default partition guarantees an insert never fails for lack of one.
CREATE TABLE officeauto.audit_logs_default PARTITION OF officeauto.audit_logs DEFAULT;
SELECT officeauto._index_audit_partition('officeauto.audit_logs_default');
-- The parent gets the tenant policies (rows are dumped through the partitions);
-- the default partition is registered for pg_dump.
SELECT officeauto._setup_table('officeauto.audit_logs', 'organization_id', NULL);
SELECT officeauto._setup_table('officeauto.audit_logs_default', NULL);
SELECT pg_catalog.pg_extension_config_dump('officeauto.audit_logs_id_seq', '');
COMMENT ON TABLE officeauto.audit_logs IS 'Transactional audit trail of row changes and application events, partitioned by month on created_at (default partition catches rows without a monthly partition).';
COMMENT ON TABLE officeauto.audit_logs_default IS 'Default partition of audit_logs: holds rows for months without their own partition until create_audit_partitions() moves them out.';
COMMENT ON COLUMN officeauto.audit_logs.record_id IS 'Stable id of the audited row, derived from table and primary key: a row''s whole history is one indexed lookup.';
COMMENT ON COLUMN officeauto.audit_logs.row_pk IS 'Primary key of the audited row as JSON.';
COMMENT ON COLUMN officeauto.audit_logs.old_data IS 'Row before the change as to_jsonb(row) renders it (secret columns read "[redacted]").';
COMMENT ON COLUMN officeauto.audit_logs.new_data IS 'Row after the change as to_jsonb(row) renders it (secret columns read "[redacted]").';
COMMENT ON COLUMN officeauto.audit_logs.changed_columns IS 'Columns an UPDATE changed (secret columns included by name only).';
COMMENT ON COLUMN officeauto.audit_logs.action IS 'INSERT, UPDATE, DELETE, TRUNCATE, or an application event name from log_activity().';

CREATE TABLE officeauto.audit_logs_archive (
    LIKE officeauto.audit_logs INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING COMPRESSION
) PARTITION BY RANGE (created_at);
CREATE TABLE officeauto.audit_logs_archive_default PARTITION OF officeauto.audit_logs_archive DEFAULT;
SELECT officeauto._index_audit_partition('officeauto.audit_logs_archive_default');
SELECT officeauto._setup_table('officeauto.audit_logs_archive', 'organization_id', NULL);
SELECT officeauto._setup_table('officeauto.audit_logs_archive_default', NULL);
COMMENT ON TABLE officeauto.audit_logs_archive IS 'Archived audit rows, same shape as audit_logs; whole months arrive as partitions moved from audit_logs.';
COMMENT ON TABLE officeauto.audit_logs_archive_default IS 'Default partition of audit_logs_archive (rows archived individually rather than as whole months).';

-- Creates the monthly partitions of audit_logs from the current month through months_ahead
-- months ahead. Idempotent. Rows already caught by the default partition for such a month are
-- moved into the new partition in the same transaction, so none is lost or duplicated.
CREATE FUNCTION officeauto.create_audit_partitions(months_ahead integer DEFAULT 3)
RETURNS integer
LANGUAGE plpgsql
-- Definer rights: officeauto_admin (and maintain_database) may run it without owning audit_logs.
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    -- Month boundaries are UTC whatever the session's TimeZone, so every run agrees on them.
    first_month date := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
    m date;
    lo timestamptz;
    hi timestamptz;
    part text;
    created integer := 0;
BEGIN
    IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > 120 THEN
        RAISE EXCEPTION 'months_ahead must be between 0 and 120, got %', months_ahead
            USING ERRCODE = '22023';
    END IF;
    -- Serialize concurrent runs (maintenance jobs overlapping) without blocking readers.
    PERFORM pg_advisory_xact_lock(hashtext('officeauto.create_audit_partitions'));
    -- Also cover months that strays in the default partition belong to (old or future).
    FOR m IN
        SELECT gs::date FROM generate_series(first_month, first_month + make_interval(months => months_ahead),
                                             interval '1 month') AS gs
        UNION
        SELECT DISTINCT date_trunc('month', created_at AT TIME ZONE 'UTC')::date FROM officeauto.audit_logs_default
        ORDER BY 1
    LOOP
        part := format('audit_logs_%s', to_char(m, 'YYYY_MM'));
        lo := m::timestamp AT TIME ZONE 'UTC';
        hi := (m + interval '1 month')::timestamp AT TIME ZONE 'UTC';
        CONTINUE WHEN to_regclass(format('officeauto.%I', part)) IS NOT NULL;
        EXECUTE format('CREATE TABLE officeauto.%I (LIKE officeauto.audit_logs INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING COMPRESSION)', part);
        -- The CHECK lets ATTACH skip its validation scan of the partition.
        EXECUTE format('ALTER TABLE officeauto.%I ADD CONSTRAINT %I CHECK (created_at >= %L AND created_at < %L)',
                       part, part || '_range', lo, hi);
        EXECUTE format('WITH moved AS (DELETE FROM officeauto.audit_logs_default
                                        WHERE created_at >= %L AND created_at < %L RETURNING *)
                        INSERT INTO officeauto.%I SELECT * FROM moved',
                       lo, hi, part);
        EXECUTE format('ALTER TABLE officeauto.audit_logs ATTACH PARTITION officeauto.%I FOR VALUES FROM (%L) TO (%L)',
                       part, lo, hi);
        -- The CHECK stays: archival detaches the partition and attaches it to audit_logs_archive,
        -- and the constraint lets that ATTACH skip its scan too (cost independent of rows).
        PERFORM officeauto._index_audit_partition(format('officeauto.%I', part)::regclass);
        EXECUTE format('COMMENT ON TABLE officeauto.%I IS %L', part,
                       format('Monthly partition of audit_logs for %s.', to_char(m, 'YYYY-MM')));
        -- Readable by officeauto_admin, so its members can pg_dump the database. Nobody else:
        -- a partition read directly is not filtered by the parent's tenant policies.
        EXECUTE format('GRANT SELECT ON officeauto.%I TO officeauto_admin', part);
        created := created + 1;
    END LOOP;
    RETURN created;
END
$$;
REVOKE ALL ON FUNCTION officeauto.create_audit_partitions(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto.create_audit_partitions(integer) TO officeauto_admin;
COMMENT ON FUNCTION officeauto.create_audit_partitions(integer) IS
    'Creates monthly partitions of audit_logs for the current month and the next months_ahead months (and for any month with rows waiting in the default partition), moving those rows in. Idempotent; returns the number of partitions created.';
