-- Conventions shared by every table: row versioning, timestamps, indexed foreign keys, tenant
-- isolation, dump registration, grants. Each table calls officeauto._setup_table() once, right
-- after CREATE TABLE, so a convention is written once and cannot be forgotten on one table.
-- Written by hand in each table instead: every unique or exclusion key of a tenant table leads
-- with organization_id, because PostgreSQL checks those keys before foreign keys and would
-- otherwise tell one organization whether another holds a matching row (tests/sql/schema.sql
-- checks it for every table).

-- Group roles are cluster-wide, so they may already exist from another database's install. They
-- are deliberately left behind by DROP EXTENSION (other databases may use them).
DO $$
DECLARE r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['officeauto_app', 'officeauto_readonly', 'officeauto_admin'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
END
$$;

-- One BEFORE UPDATE trigger for every table. TG_ARGV[0] = 'versioned' adds optimistic
-- concurrency: an UPDATE that does not mention version keeps NEW.version = OLD.version and
-- passes; one that carries the version the client read passes only if nobody changed the row
-- since. Under READ COMMITTED a concurrent writer re-evaluates against the newer row, sees
-- OLD.version moved on and fails here, so a lost update is impossible, not merely discouraged.
CREATE FUNCTION officeauto.tg_row_conventions() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_ARGV[0] = 'versioned' THEN
        IF NEW.version IS DISTINCT FROM OLD.version THEN
            -- The table the client wrote: on a partition (the trigger is cloned there), its root.
            RAISE EXCEPTION 'stale version for % id %',
                            (SELECT format('%s.%s', n.nspname, c.relname)
                               FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                              WHERE c.oid = coalesce(pg_catalog.pg_partition_root(TG_RELID), TG_RELID)), OLD.id
                USING ERRCODE = '40001',
                      DETAIL = format('The row is at version %s; the update carried version %s.',
                                      OLD.version, NEW.version),
                      HINT = 'Re-read the row and apply the change to its current version.';
        END IF;
        NEW.version := OLD.version + 1;
    END IF;
    NEW.updated_at := now();
    NEW.created_at := OLD.created_at;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION officeauto.tg_row_conventions() IS
    'BEFORE UPDATE trigger on every table with updated_at: maintains updated_at, keeps created_at; with argument ''versioned'' also rejects a stale version (SQLSTATE 40001) and bumps version.';

-- Applies the table conventions.
--   tenant_column: the column row-level security compares with the request's organization
--                  (NULL for tables that are not tenant-scoped; the reason is written beside them).
--   dump_filter:   NULL for tables without user data; otherwise the WHERE clause pg_dump uses
--                  ('' = all rows), so rows the install script itself inserts are not duplicated
--                  on restore.
CREATE FUNCTION officeauto._setup_table(tbl regclass, tenant_column text DEFAULT 'organization_id',
                                        dump_filter text DEFAULT '')
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    has_version boolean;
    has_updated boolean;
    fk record;
    seq text;
    all_nullable boolean;
BEGIN
    SELECT coalesce(bool_or(attname = 'version' AND atttypid = 'integer'::regtype), false),
           coalesce(bool_or(attname = 'updated_at'), false)
      INTO has_version, has_updated
      FROM pg_attribute WHERE attrelid = tbl AND attnum > 0 AND NOT attisdropped;

    -- A partition has the trigger already, cloned from its parent (a second one would bump
    -- version twice).
    IF has_updated AND NOT (SELECT relispartition FROM pg_class WHERE oid = tbl) THEN
        EXECUTE format('CREATE TRIGGER row_conventions BEFORE UPDATE ON %s
                        FOR EACH ROW EXECUTE FUNCTION officeauto.tg_row_conventions(%L)',
                       tbl, CASE WHEN has_version THEN 'versioned' ELSE 'plain' END);
    END IF;

    -- Every foreign key gets an index whose leading columns are the key, so deleting or
    -- re-keying a parent never scans the child. Optional keys get a partial index: most rows
    -- leave them NULL, and the planner proves "col = $1" implies "col IS NOT NULL".
    -- A partitioned table gets none: its indexes live on each partition (see audit_logs in
    -- 04_audit.sql for why), whose own foreign keys (cloned from the parent's) this loop serves.
    FOR fk IN
        SELECT c.conname, c.conkey,
               array_agg(quote_ident(a.attname) ORDER BY k.ord) AS cols,
               bool_and(NOT a.attnotnull) FILTER (WHERE a.attname <> 'organization_id') AS nullable
          FROM pg_constraint c
          CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
         WHERE c.conrelid = tbl AND c.contype = 'f'
           AND (SELECT relkind FROM pg_class WHERE oid = tbl) <> 'p'
         GROUP BY c.conname, c.conkey
    LOOP
        CONTINUE WHEN EXISTS (
            SELECT FROM pg_index i
             WHERE i.indrelid = tbl
               AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(fk.conkey)] @> fk.conkey
               AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(fk.conkey)] <@ fk.conkey);
        all_nullable := coalesce(fk.nullable, false);
        EXECUTE format('CREATE INDEX ON %s (%s)%s', tbl, array_to_string(fk.cols, ', '),
                       CASE WHEN all_nullable
                            THEN ' WHERE ' || fk.cols[cardinality(fk.cols)] || ' IS NOT NULL'
                            ELSE '' END);
    END LOOP;

    IF tenant_column IS NOT NULL THEN
        EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
        EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
        -- The application's policy: USING filters SELECT/UPDATE/DELETE, WITH CHECK rejects
        -- INSERTs and UPDATEs that would put a row in another organization (SQLSTATE 42501).
        -- _tenant() raises 28000 when the transaction has no authenticated context, so a
        -- forgotten authenticate() is an error rather than empty results. The scalar sub-select
        -- makes it an InitPlan, evaluated once per statement, not per row. sql/16_authorization
        -- narrows USING to the rows the user's permissions allow.
        EXECUTE format('CREATE POLICY tenant_isolation ON %s TO officeauto_app
                        USING (%I = (SELECT officeauto._tenant()))
                        WITH CHECK (%I = (SELECT officeauto._tenant()))',
                       tbl, tenant_column, tenant_column);
        EXECUTE format('CREATE POLICY admin_all_tenants ON %s TO officeauto_admin
                        USING (true) WITH CHECK (true)', tbl);
        -- Reporting logins read the organizations granted to them (grant_reporting_access).
        EXECUTE format('CREATE POLICY reporting_read ON %s FOR SELECT TO officeauto_readonly
                        USING (%I = ANY ((SELECT officeauto._reporting_organizations())::bigint[]))',
                       tbl, tenant_column);
    END IF;

    -- A partitioned table's rows are dumped and restored through its partitions, whose foreign
    -- keys (cloned from the parent) are in place before their data is loaded: the row form of
    -- the restore-load trigger is cloned onto every partition (see restore_load_trigger).
    IF (SELECT relkind FROM pg_class WHERE oid = tbl) = 'p'
       AND EXISTS (SELECT FROM pg_constraint WHERE conrelid = tbl AND contype = 'f') THEN
        EXECUTE format('CREATE TRIGGER restore_load_rows BEFORE INSERT ON %s
                        FOR EACH ROW EXECUTE FUNCTION officeauto.restore_load_trigger()', tbl);
    END IF;

    IF dump_filter IS NOT NULL THEN
        PERFORM pg_catalog.pg_extension_config_dump(tbl, dump_filter);
        -- The identity sequence too, or a restored database would hand out ids again from 1.
        FOR seq IN
            SELECT pg_get_serial_sequence(tbl::text, attname) FROM pg_attribute
             WHERE attrelid = tbl AND attidentity <> '' AND NOT attisdropped
        LOOP
            PERFORM pg_catalog.pg_extension_config_dump(seq::regclass, '');
        END LOOP;
        -- pg_restore -j loads the dumped rows of these tables in any order (see
        -- restore_load_trigger); the end trigger fires ALWAYS so it also runs after the begin
        -- trigger switched the statement to session_replication_role = replica.
        EXECUTE format('CREATE TRIGGER restore_load_begin BEFORE INSERT ON %s
                        FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger()', tbl);
        EXECUTE format('CREATE TRIGGER restore_load_end AFTER INSERT ON %s
                        FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger()', tbl);
        EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER restore_load_end', tbl);
    END IF;
END
$$;
REVOKE ALL ON FUNCTION officeauto._setup_table(regclass, text, text) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._setup_table(regclass, text, text) IS
    'Internal (install and upgrade scripts): updated_at/version trigger, an index for every foreign key, forced tenant row-level security, pg_dump registration of a table and its identity sequence with the restore-load triggers.';
COMMENT ON FUNCTION officeauto._is_restoring() IS
    'Internal: true in a restore session, i.e. row_security is off and the session''s login is a superuser or has BYPASSRLS (pg_dump/pg_restore); derived-row triggers skip it. An application switching row_security off does not qualify.';
COMMENT ON FUNCTION officeauto.restore_load_trigger() IS
    'Statement trigger (restore_load_begin / restore_load_end) on every table pg_dump keeps: in a superuser''s restore session, the loading statement runs with session_replication_role = replica, so pg_restore -j may load the tables in any order.';

-- Grants for one table. app: 'crud' (read and write under RLS), 'read' or 'none'; readonly:
-- whether the reporting role may read it. secret_columns are readable by neither role: the
-- privilege is granted column by column on everything else (a SELECT * by those roles fails
-- with 42501 rather than returning the secret).
CREATE FUNCTION officeauto._grant_table(tbl regclass, app text, readonly boolean,
                                        secret_columns text[] DEFAULT '{}')
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    visible text;
    writable text;
    grantees text;
    seq text;
BEGIN
    EXECUTE format('GRANT ALL ON %s TO officeauto_admin', tbl);
    -- A pg_dump run by an officeauto_admin member reads the table's sequences as well.
    FOR seq IN
        SELECT pg_get_serial_sequence(tbl::text, attname) FROM pg_attribute
         WHERE attrelid = tbl AND attnum > 0 AND NOT attisdropped
    LOOP
        CONTINUE WHEN seq IS NULL;
        EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %s TO officeauto_admin', seq);
    END LOOP;
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO visible
      FROM pg_attribute
     WHERE attrelid = tbl AND attnum > 0 AND NOT attisdropped AND attname <> ALL (secret_columns);
    grantees := concat_ws(', ', CASE WHEN app <> 'none' THEN 'officeauto_app' END,
                                CASE WHEN readonly THEN 'officeauto_readonly' END);
    IF grantees <> '' THEN
        EXECUTE format('GRANT SELECT (%s) ON %s TO %s', visible, tbl, grantees);
    END IF;
    IF app = 'crud' THEN
        -- Column by column, never id or public_id: keys are the server's to hand out. Whoever
        -- may choose a key value can probe it, because a unique check answers 23505 for a value
        -- another organization holds before any foreign key or policy is consulted; without
        -- INSERT on the column, OVERRIDING SYSTEM VALUE is refused too.
        SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO writable
          FROM pg_attribute
         WHERE attrelid = tbl AND attnum > 0 AND NOT attisdropped
           AND attname NOT IN ('id', 'public_id') AND attidentity = '' AND attgenerated = '';
        EXECUTE format('GRANT INSERT (%1$s), UPDATE (%1$s) ON %2$s TO officeauto_app', writable, tbl);
        EXECUTE format('GRANT DELETE ON %s TO officeauto_app', tbl);
    END IF;
END
$$;
REVOKE ALL ON FUNCTION officeauto._grant_table(regclass, text, boolean, text[]) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._grant_table(regclass, text, boolean, text[]) IS
    'Internal (install and upgrade scripts): least-privilege grants of one table to the officeauto group roles, withholding secret columns.';

-- Shared CHECK expressions, as immutable SQL functions so every table validates the same way.
CREATE FUNCTION officeauto.is_valid_email(text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN length($1) <= 254 AND $1 ~ '^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$';
COMMENT ON FUNCTION officeauto.is_valid_email(text) IS
    'True for a syntactically valid e-mail address of at most 254 characters (used by CHECK constraints).';

CREATE FUNCTION officeauto.is_valid_url(text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN length($1) <= 2048 AND $1 ~ '^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[^[:space:]]*)?$';
COMMENT ON FUNCTION officeauto.is_valid_url(text) IS
    'True for an http(s) URL of at most 2048 characters without whitespace (used by CHECK constraints).';

-- A hot standby is read-only. PostgreSQL refuses each write there with 25006 when it reaches
-- it; functions that would do work first (check a password, decrypt a secret, find a token)
-- call this before anything else, so a standby answers them at once, with the same SQLSTATE
-- and a message that says where the call must go (README, "Read replicas").
CREATE FUNCTION officeauto._require_primary(what text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF pg_is_in_recovery() THEN
        RAISE EXCEPTION '% cannot run on a read-only hot standby: send it to the primary', what
            USING ERRCODE = '25006',
                  HINT = 'Session validation, authenticate(), reads and searches work on a standby; logins, refreshes, logouts and writes go to the primary.';
    END IF;
END
$$;
REVOKE ALL ON FUNCTION officeauto._require_primary(text) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._require_primary(text) IS
    'Internal: raises 25006 ("send it to the primary") on a hot standby, before a function that must write does any work.';
