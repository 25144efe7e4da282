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

-- The partition manager shared by the time-series tables: audit_logs (monthly, by created_at),
-- notifications (monthly) and test_executions (quarterly), both by public_id. Each has a
-- DEFAULT partition, so an insert never fails for lack of a partition; partitions are created
-- ahead of time, after installation (a partition created inside the install script would
-- become an extension member that pg_dump skips), and never dropped here (retention is
-- drop_expired_partitions() and, for the audit trail, archive_audit_logs()).
--
-- Tables keyed by public_id use its UUID version 7 layout: the first 48 bits are the Unix time
-- in milliseconds, so the ids of one period lie between the "floor" UUIDs of its start and end
-- (tttttttt-tttt-0000-0000-000000000000). A unique key of a partitioned table must contain the
-- partition key: partitioning by public_id keeps public_id unique across partitions (one unique
-- index per partition, disjoint ranges) and lets a lookup by public_id prune to one partition,
-- which partitioning by created_at would give up.
CREATE FUNCTION officeauto._uuid_v7_floor(t timestamptz) RETURNS uuid
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-0000-0000-000000000000')::uuid
      FROM lpad(to_hex(floor(extract(epoch FROM t) * 1000)::bigint), 12, '0') AS h
$$;
REVOKE ALL ON FUNCTION officeauto._uuid_v7_floor(timestamptz) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._uuid_v7_floor(timestamptz) IS
    'Internal: the smallest UUID version 7 of a millisecond (its time bits, every other bit zero): a partition bound.';

-- NULL for a UUID that is not version 7: its leading bits are not a time.
CREATE FUNCTION officeauto._uuid_v7_time(id uuid) RETURNS timestamptz
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT to_timestamp(('x' || lpad(left(replace(id::text, '-', ''), 12), 16, '0'))::bit(64)::bigint / 1000.0)
     WHERE substr(id::text, 15, 1) = '7'
$$;
REVOKE ALL ON FUNCTION officeauto._uuid_v7_time(uuid) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._uuid_v7_time(uuid) IS
    'Internal: the time a UUID version 7 was generated (millisecond precision); NULL for other UUID versions.';

-- Creates the partitions of a table partitioned by RANGE on a timestamptz or a UUID v7 column,
-- one per period ('month' or 'quarter', in UTC whatever the session's TimeZone, so every run
-- agrees on them), from the current period through months_ahead months ahead, and for every
-- period that rows waiting in the DEFAULT partition belong to. Those rows move into the new
-- partition in the same transaction, so none is lost or duplicated. prepare(regclass) gives a
-- partition its keys, indexes and storage settings. Idempotent; returns partitions created.
CREATE FUNCTION officeauto._create_partitions(parent regclass, period text, months_ahead integer, prepare regproc)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rel text;
    def regclass;
    key text;
    uuid_key boolean;
    p date;
    lo_t timestamptz;
    hi_t timestamptz;
    lo text;
    hi text;
    part text;
    saved_role text;
    created integer := 0;
BEGIN
    IF period IS NULL OR period NOT IN ('month', 'quarter') THEN
        RAISE EXCEPTION 'period must be month or quarter, got %', period USING ERRCODE = '22023';
    END IF;
    IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > 120 THEN
        RAISE EXCEPTION 'months_ahead must be between 0 and 120, got %', months_ahead
            USING ERRCODE = '22023';
    END IF;
    SELECT c.relname, pt.partdefid::regclass, a.attname, a.atttypid = 'uuid'::regtype
      INTO rel, def, key, uuid_key
      FROM pg_partitioned_table pt
      JOIN pg_class c ON c.oid = pt.partrelid
      JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = pt.partattrs[0]
     WHERE pt.partrelid = parent AND pt.partstrat = 'r' AND pt.partnatts = 1 AND pt.partdefid <> 0;
    IF NOT FOUND THEN
        RAISE EXCEPTION '% is not range-partitioned on one column with a default partition', parent
            USING ERRCODE = '42P16';
    END IF;
    -- Serialize concurrent runs (maintenance jobs overlapping) without blocking readers.
    PERFORM pg_advisory_xact_lock(hashtext('officeauto._create_partitions ' || parent::text));
    FOR p IN EXECUTE format(
        $q$SELECT date_trunc($2, gs)::date FROM generate_series($1, $1 + make_interval(months => $3), interval '1 month') AS gs
           UNION
           SELECT date_trunc($2, %s AT TIME ZONE 'UTC')::date FROM %s WHERE %s
           ORDER BY 1$q$,
        CASE WHEN uuid_key THEN format('officeauto._uuid_v7_time(%I)', key) ELSE quote_ident(key) END,
        def,
        -- A UUID that is not version 7 (or whose time lies absurdly far ahead) names no period:
        -- such rows stay in the default partition rather than create a partition for it.
        CASE WHEN uuid_key THEN format($c$officeauto._uuid_v7_time(%I) < now() + interval '10 years'$c$, key) ELSE 'true' END)
        USING date_trunc(period, now() AT TIME ZONE 'UTC'), period, months_ahead
    LOOP
        part := format('%s_%s', rel, to_char(p, 'YYYY_MM'));
        CONTINUE WHEN to_regclass(format('officeauto.%I', part)) IS NOT NULL;
        lo_t := p::timestamp AT TIME ZONE 'UTC';
        hi_t := (p + CASE period WHEN 'month' THEN interval '1 month' ELSE interval '3 months' END)::timestamp
                AT TIME ZONE 'UTC';
        IF uuid_key THEN
            lo := officeauto._uuid_v7_floor(lo_t)::text;
            hi := officeauto._uuid_v7_floor(hi_t)::text;
        ELSE
            lo := lo_t::text;
            hi := hi_t::text;
        END IF;
        EXECUTE format('CREATE TABLE officeauto.%I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING COMPRESSION)',
                       part, parent);
        -- The CHECK lets ATTACH skip its validation scan of the partition. It stays: audit
        -- archival detaches a partition and attaches it to audit_logs_archive, and the
        -- constraint lets that ATTACH skip its scan too (cost independent of rows).
        EXECUTE format('ALTER TABLE officeauto.%I ADD CONSTRAINT %I CHECK (%I >= %L AND %I < %L)',
                       part, part || '_range', key, lo, key, hi);
        -- Rows change partition, not content: the default partition's row triggers (audit,
        -- authorization, cloned from the parent) must not see a DELETE. The audit flush is a
        -- statement trigger of the parent, so an audit row buffered here would never be
        -- written and the commit would fail. Replica mode skips exactly those triggers, for
        -- this statement only (the owner of the extension is a superuser).
        saved_role := current_setting('session_replication_role');
        PERFORM set_config('session_replication_role', 'replica', true);
        EXECUTE format('WITH moved AS (DELETE FROM %s WHERE %I >= %L AND %I < %L RETURNING *)
                        INSERT INTO officeauto.%I SELECT * FROM moved',
                       def, key, lo, key, hi, part);
        PERFORM set_config('session_replication_role', saved_role, true);
        EXECUTE format('ALTER TABLE %s ATTACH PARTITION officeauto.%I FOR VALUES FROM (%L) TO (%L)',
                       parent, part, lo, hi);
        EXECUTE format('SELECT %s(%L::regclass)', prepare, format('officeauto.%I', part));
        EXECUTE format('COMMENT ON TABLE officeauto.%I IS %L', part,
                       format('%s partition of %s for %s.',
                              CASE period WHEN 'month' THEN 'Monthly' ELSE 'Quarterly (three months)' END,
                              rel, to_char(p, 'YYYY-MM')));
        -- Readable by officeauto_admin, so its members can pg_dump the database. Nobody else:
        -- a partition read directly is not filtered by the parent's policies.
        EXECUTE format('GRANT SELECT ON officeauto.%I TO officeauto_admin', part);
        created := created + 1;
    END LOOP;
    RETURN created;
END
$$;
REVOKE ALL ON FUNCTION officeauto._create_partitions(regclass, text, integer, regproc) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._create_partitions(regclass, text, integer, regproc) IS
    'Internal (create_partitions, create_audit_partitions): creates a range-partitioned table''s partitions per month or quarter, ahead and for rows waiting in its default partition (moved in without firing row triggers). Idempotent; returns the number created.';

-- Creates the monthly partitions of audit_logs from the current month through months_ahead
-- months ahead (create_partitions() does so for every partitioned table).
CREATE FUNCTION officeauto.create_audit_partitions(months_ahead integer DEFAULT 3)
RETURNS integer
LANGUAGE plpgsql
-- Definer rights: officeauto_admin (and maintain_database) may run it without owning audit_logs.
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN officeauto._create_partitions('officeauto.audit_logs', 'month', months_ahead,
                                         'officeauto._index_audit_partition');
END
$$;
REVOKE ALL ON FUNCTION officeauto.create_audit_partitions(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto.create_audit_partitions(integer) TO officeauto_admin;
COMMENT ON FUNCTION officeauto.create_audit_partitions(integer) IS
    'Creates monthly partitions of audit_logs for the current month and the next months_ahead months (and for any month with rows waiting in the default partition), moving those rows in. Idempotent; returns the number of partitions created.';
