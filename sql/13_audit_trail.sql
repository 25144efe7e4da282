-- The audit trail: native trigger (src/audit.rs) installed by enable_audit(), archival of old
-- months to audit_logs_archive, retention of the archive, history views.

-- The trigger functions run as the caller (no per-row SECURITY DEFINER switch); the native code
-- switches to the owner of audit_logs only for the moment it writes rows, which applications
-- may read but not write. Only triggers call them.
REVOKE ALL ON FUNCTION officeauto.audit_trigger(), officeauto.audit_truncate_trigger(), officeauto.audit_flush_trigger() FROM PUBLIC;
COMMENT ON FUNCTION officeauto.audit_flush_trigger() IS
    'Native statement trigger (AFTER INSERT/UPDATE/DELETE): writes the audit rows the row trigger buffered during the statement in one INSERT. Installed by enable_audit().'; 
COMMENT ON FUNCTION officeauto.audit_trigger() IS
    'Native row trigger (AFTER INSERT/UPDATE/DELETE): one audit_logs row per change with organization, actor, session, ip, user agent, table, stable record id, old/new row as JSONB (secret columns redacted) and changed columns; no-op UPDATEs are skipped. Installed by enable_audit().';
COMMENT ON FUNCTION officeauto.audit_truncate_trigger() IS
    'Native statement trigger (AFTER TRUNCATE): logs the TRUNCATE of an audited table. Installed by enable_audit().';
-- A primary key is a few ids; anything near 64 KiB is not one, and is refused before the native
-- side copies it.
CREATE FUNCTION officeauto.audit_record_id(p_table text, p_pk jsonb) RETURNS uuid
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- Sizes of the stored values, measured before anything is converted or copied.
    IF pg_column_size(p_pk) > 65536 OR pg_column_size(p_table) > 1024 THEN
        RAISE EXCEPTION 'audit_record_id: the table name or primary key is too large to be one'
            USING ERRCODE = '54000';
    END IF;
    RETURN officeauto._audit_record_id(p_table, p_pk::text);
END
$$;
COMMENT ON FUNCTION officeauto._audit_record_id(text, text) IS 'Internal (audit_record_id): the record id of a primary key given as JSON text.';
REVOKE ALL ON FUNCTION officeauto._audit_record_id(text, text) FROM PUBLIC;
COMMENT ON FUNCTION officeauto.audit_record_id(text, jsonb) IS
    'The record_id audit rows carry for a row of a table (schema-qualified name) with a primary key given as JSON, e.g. audit_record_id(''officeauto.tasks'', ''{"id": 7}'').';

-- Application events. Bounded before anything else runs: an unbounded document is a row of any
-- size nobody else sees, and one nested beyond serde_json's limit would fail inside native
-- code as an internal error. The bounds are constants (not settings) because no legitimate
-- event needs more; raise them here if one does.
CREATE FUNCTION officeauto.log_activity(action text, metadata jsonb DEFAULT '{}')
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    max_bytes constant integer := 65536;  -- metadata as JSON text
    max_depth constant integer := 32;     -- nested objects and arrays, the outermost counting 1
    doc text := coalesce(metadata, '{}')::text;
BEGIN
    -- An application login has a context only through authenticate(); an event without one
    -- would be a row of no organization, visible to no tenant. Logins that may set the context
    -- directly (superusers, officeauto_admin members, judged on the session user as the context
    -- itself is) may record platform events without an organization.
    IF officeauto.current_organization_id() IS NULL
       AND NOT coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user), false)
       AND NOT pg_has_role(session_user, 'officeauto_admin', 'USAGE') THEN
        RAISE EXCEPTION 'log_activity needs an authenticated organization'
            USING ERRCODE = '42501', HINT = 'Call officeauto.authenticate(session_token) first, in the same transaction.';
    END IF;
    IF octet_length(doc) > max_bytes THEN
        RAISE EXCEPTION 'metadata is too large: % bytes as JSON text, at most % allowed', octet_length(doc), max_bytes
            USING ERRCODE = '54000';
    END IF;
    -- An object or array max_depth steps below the top is nested max_depth + 1 deep.
    IF jsonb_path_exists(coalesce(metadata, '{}'),
                         format('strict $.**{%s} ? (@.type() == "object" || @.type() == "array")', max_depth)::jsonpath) THEN
        RAISE EXCEPTION 'metadata is nested too deeply: at most % levels of objects and arrays allowed', max_depth
            USING ERRCODE = '54000';
    END IF;
    RETURN officeauto._log_activity(action, doc);
END
$$;
COMMENT ON FUNCTION officeauto.log_activity(text, jsonb) IS
    'Writes an application event (action, metadata object of at most 64 KiB and 32 levels, else 54000) to audit_logs with the request context; keys that look like credentials (password, token, secret, api_key, ...) are redacted at any depth. Needs an authenticated organization (42501) unless called by a superuser or officeauto_admin login. Returns the audit row id.';
COMMENT ON FUNCTION officeauto._log_activity(text, text) IS 'Internal (log_activity): redacts and writes one application event.';
COMMENT ON FUNCTION officeauto._ensure_loaded() IS 'Internal: loads the library so its settings exist for current_setting().';
COMMENT ON FUNCTION officeauto.current_session_id() IS
    'Session id of the current request (officeauto.session_id), or NULL.';
REVOKE ALL ON FUNCTION officeauto.log_activity(text, jsonb), officeauto._log_activity(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto.log_activity(text, jsonb) TO officeauto_app, officeauto_admin;

-- Auditing a table copies its rows into audit_logs, which officeauto_admin reads across
-- organizations; stopping it hides changes. So both are for the table's owner (a member of the
-- owning role) or a superuser. enable_audit() and disable_audit() run with the caller's rights
-- (not SECURITY DEFINER), so this judges the real caller, and CREATE/DROP TRIGGER then apply
-- PostgreSQL's own rules on top.
CREATE FUNCTION officeauto._require_table_owner(tbl regclass, what text) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user), false)
       AND NOT pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = tbl), 'USAGE') THEN
        RAISE EXCEPTION 'must be the owner of table % to % it', tbl, what
            USING ERRCODE = '42501', HINT = 'Ask the table''s owner or a superuser.';
    END IF;
END
$$;
COMMENT ON FUNCTION officeauto._require_table_owner(regclass, text) IS
    'Internal (enable_audit, disable_audit): 42501 unless the current user owns the table (is a member of its owning role) or is a superuser.';

-- Starts auditing a table. options: {"exclude": ["col", ...]} adds columns whose values are
-- redacted (password_hash, token_digest, encrypted_value and similar names always are), and
-- {"log_noop_updates": true} logs UPDATEs that change nothing. Idempotent: re-running replaces
-- the options.
CREATE FUNCTION officeauto.enable_audit(tbl regclass, options jsonb DEFAULT '{}')
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    bad text;
BEGIN
    PERFORM officeauto._require_table_owner(tbl, 'audit');
    -- A partitioned table (notifications, test_executions) has its primary key on each
    -- partition (see 04_audit.sql), which is where the row trigger runs.
    IF NOT EXISTS (SELECT FROM pg_index WHERE indrelid = tbl AND indisprimary)
       AND NOT (EXISTS (SELECT FROM pg_class WHERE oid = tbl AND relkind = 'p')
                AND NOT EXISTS (SELECT FROM pg_partition_tree(tbl) t
                                 WHERE t.isleaf AND NOT EXISTS (SELECT FROM pg_index i
                                                                 WHERE i.indrelid = t.relid AND i.indisprimary))) THEN
        RAISE EXCEPTION 'table % has no primary key; audit rows identify rows by it', tbl
            USING ERRCODE = '42P16', HINT = 'Add a primary key, then call enable_audit() again.';
    END IF;
    IF jsonb_typeof(options) IS DISTINCT FROM 'object' THEN
        RAISE EXCEPTION 'options must be a JSON object' USING ERRCODE = '22023';
    END IF;
    SELECT string_agg(k, ', ') INTO bad FROM jsonb_object_keys(options) k WHERE k NOT IN ('exclude', 'log_noop_updates');
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'unknown audit option(s): %', bad USING ERRCODE = '22023';
    END IF;
    SELECT string_agg(c, ', ') INTO bad
      FROM jsonb_array_elements_text(coalesce(options->'exclude', '[]')) c
     WHERE NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = tbl AND attname = c AND attnum > 0 AND NOT attisdropped);
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'table % has no column(s) %', tbl, bad USING ERRCODE = '42703';
    END IF;
    EXECUTE format('DROP TRIGGER IF EXISTS officeauto_audit ON %s', tbl);
    EXECUTE format('DROP TRIGGER IF EXISTS officeauto_audit_truncate ON %s', tbl);
    EXECUTE format('DROP TRIGGER IF EXISTS officeauto_audit_flush ON %s', tbl);
    EXECUTE format('CREATE TRIGGER officeauto_audit AFTER INSERT OR UPDATE OR DELETE ON %s
                    FOR EACH ROW EXECUTE FUNCTION officeauto.audit_trigger(%L)', tbl, options::text);
    EXECUTE format('CREATE TRIGGER officeauto_audit_flush AFTER INSERT OR UPDATE OR DELETE ON %s
                    FOR EACH STATEMENT EXECUTE FUNCTION officeauto.audit_flush_trigger()', tbl);
    EXECUTE format('CREATE TRIGGER officeauto_audit_truncate AFTER TRUNCATE ON %s
                    FOR EACH STATEMENT EXECUTE FUNCTION officeauto.audit_truncate_trigger()', tbl);
END
$$;
COMMENT ON FUNCTION officeauto.enable_audit(regclass, jsonb) IS
    'Starts auditing a table (it must have a primary key, else 42P16). options: {"exclude": [columns to redact], "log_noop_updates": bool}. Idempotent. officeauto_admin members who own the table, and superusers (else 42501).';

CREATE FUNCTION officeauto.disable_audit(tbl regclass) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM officeauto._require_table_owner(tbl, 'stop auditing');
    EXECUTE format('DROP TRIGGER IF EXISTS officeauto_audit ON %s', tbl);
    EXECUTE format('DROP TRIGGER IF EXISTS officeauto_audit_truncate ON %s', tbl);
    EXECUTE format('DROP TRIGGER IF EXISTS officeauto_audit_flush ON %s', tbl);
END
$$;
COMMENT ON FUNCTION officeauto.disable_audit(regclass) IS 'Stops auditing a table (idempotent). officeauto_admin members who own the table, and superusers (else 42501).';

CREATE VIEW officeauto.audited_tables WITH (security_invoker = true) AS
SELECT t.tgrelid::regclass AS table_name,
       convert_from(substring(t.tgargs FROM 1 FOR position('\x00'::bytea IN t.tgargs) - 1), 'UTF8')::jsonb AS options
  FROM pg_trigger t
 WHERE t.tgname = 'officeauto_audit' AND NOT t.tgisinternal;
COMMENT ON VIEW officeauto.audited_tables IS 'Tables with the audit trigger and their options.';

-- Partition bounds of a partitioned table's children, in UTC-independent timestamptz.
CREATE FUNCTION officeauto._partitions_of(parent regclass)
RETURNS TABLE (part regclass, lower_bound timestamptz, upper_bound timestamptz)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT c.oid::regclass,
           substring(pg_get_expr(c.relpartbound, c.oid) FROM $r$FROM \('([^']*)'\)$r$)::timestamptz,
           substring(pg_get_expr(c.relpartbound, c.oid) FROM $r$TO \('([^']*)'\)$r$)::timestamptz
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = parent AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'
$$;
REVOKE ALL ON FUNCTION officeauto._partitions_of(regclass) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._partitions_of(regclass) IS 'Internal: range partitions of a table with their bounds.';

-- Moves audit rows older than older_than to audit_logs_archive and returns how many moved.
-- Whole months go by detaching their partition from audit_logs and attaching it to the archive:
-- metadata only, so the cost does not depend on the row count. That switch is done last, just
-- before commit, under a short lock_timeout, so the brief exclusive lock on audit_logs is never
-- queued behind long readers (with every writer queued behind it). Remaining old rows (the
-- month that straddles the cutoff, strays in the default partition) move by batched
-- DELETE ... RETURNING / INSERT. All in the caller's transaction: a cancel or crash midway
-- leaves every row exactly where it was.
CREATE FUNCTION officeauto.archive_audit_logs(older_than interval DEFAULT '90 days', batch_size integer DEFAULT 10000)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    cutoff timestamptz;
    whole regclass[];
    p record;
    n bigint;
    total bigint := 0;
    target text;
    saved_timeout text := current_setting('lock_timeout');
BEGIN
    IF older_than IS NULL OR older_than < interval '0' THEN
        RAISE EXCEPTION 'older_than must be a non-negative interval' USING ERRCODE = '22023';
    END IF;
    IF batch_size IS NULL OR batch_size < 1 THEN
        RAISE EXCEPTION 'batch_size must be positive' USING ERRCODE = '22023';
    END IF;
    cutoff := now() - older_than;
    PERFORM pg_advisory_xact_lock(hashtext('officeauto.archive_audit_logs'));
    SELECT coalesce(array_agg(part), '{}') INTO whole
      FROM officeauto._partitions_of('officeauto.audit_logs') WHERE upper_bound <= cutoff;

    LOOP
        WITH moved AS (
            DELETE FROM officeauto.audit_logs a
             WHERE a.id IN (SELECT id FROM officeauto.audit_logs
                             WHERE created_at < cutoff AND tableoid <> ALL (whole::oid[])
                             LIMIT batch_size)
               AND a.created_at < cutoff AND a.tableoid <> ALL (whole::oid[])
            RETURNING a.*)
        INSERT INTO officeauto.audit_logs_archive SELECT * FROM moved;
        GET DIAGNOSTICS n = ROW_COUNT;
        total := total + n;
        EXIT WHEN n = 0;
    END LOOP;

    FOR p IN SELECT w.part, w.lower_bound, w.upper_bound
               FROM officeauto._partitions_of('officeauto.audit_logs') w
              WHERE w.part = ANY (whole) ORDER BY w.lower_bound
    LOOP
        target := 'audit_logs_archive_' || to_char(p.lower_bound AT TIME ZONE 'UTC', 'YYYY_MM');
        IF to_regclass('officeauto.' || target) IS NOT NULL THEN
            RAISE WARNING 'audit partition % not archived: % already exists', p.part, target;
            CONTINUE;
        END IF;
        BEGIN
            PERFORM set_config('lock_timeout', '2s', true);
            EXECUTE format('SELECT count(*) FROM %s', p.part) INTO n;
            -- Rows of that month archived one by one earlier sit in the archive's default
            -- partition; fold them in so the month stays one partition.
            EXECUTE format('WITH m AS (DELETE FROM officeauto.audit_logs_archive_default
                                        WHERE created_at >= %L AND created_at < %L RETURNING *)
                            INSERT INTO %s SELECT * FROM m', p.lower_bound, p.upper_bound, p.part);
            EXECUTE format('ALTER TABLE officeauto.audit_logs DETACH PARTITION %s', p.part);
            EXECUTE format('ALTER TABLE %s RENAME TO %I', p.part, target);
            EXECUTE format('ALTER TABLE officeauto.audit_logs_archive ATTACH PARTITION officeauto.%I FOR VALUES FROM (%L) TO (%L)',
                           target, p.lower_bound, p.upper_bound);
            EXECUTE format('COMMENT ON TABLE officeauto.%I IS %L', target,
                           format('Archived month %s of audit_logs.', to_char(p.lower_bound AT TIME ZONE 'UTC', 'YYYY-MM')));
            total := total + n;
        EXCEPTION WHEN lock_not_available THEN
            RAISE WARNING 'audit partition % not archived this time: audit_logs is busy (lock timeout); it will be on the next run', p.part;
        END;
        PERFORM set_config('lock_timeout', saved_timeout, true);
    END LOOP;
    RETURN total;
END
$$;
COMMENT ON FUNCTION officeauto.archive_audit_logs(interval, integer) IS
    'Moves audit_logs rows older than older_than (default 90 days) to audit_logs_archive: whole months by partition detach/attach, the rest in batches; transactional; returns rows moved. officeauto_admin only.';

CREATE FUNCTION officeauto.fn_archive_audit_logs() RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
RETURN officeauto.archive_audit_logs();
COMMENT ON FUNCTION officeauto.fn_archive_audit_logs() IS 'Seed name of archive_audit_logs() with its defaults.';

-- Retention of the archive, kept apart from partition creation and archival: whole archived
-- months older than the retention are dropped, remaining older rows deleted.
CREATE FUNCTION officeauto.purge_audit_archive(older_than interval DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    loaded boolean := officeauto._ensure_loaded();  -- first: the setting below is the library's
    retention interval := coalesce(older_than, current_setting('officeauto.audit_archive_retention')::interval);
    cutoff timestamptz;
    p record;
    n bigint;
    total bigint := 0;
BEGIN
    IF retention < interval '0' THEN
        RAISE EXCEPTION 'retention must be a non-negative interval' USING ERRCODE = '22023';
    END IF;
    cutoff := now() - retention;
    FOR p IN SELECT part FROM officeauto._partitions_of('officeauto.audit_logs_archive') WHERE upper_bound <= cutoff LOOP
        EXECUTE format('SELECT count(*) FROM %s', p.part) INTO n;
        EXECUTE format('DROP TABLE %s', p.part);
        total := total + n;
    END LOOP;
    DELETE FROM officeauto.audit_logs_archive WHERE created_at < cutoff;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN total + n;
END
$$;
COMMENT ON FUNCTION officeauto.purge_audit_archive(interval) IS
    'Deletes archived audit rows older than older_than (default: officeauto.audit_archive_retention), dropping whole archived months; returns rows removed. officeauto_admin only.';

REVOKE ALL ON FUNCTION officeauto.enable_audit(regclass, jsonb), officeauto.disable_audit(regclass),
                       officeauto.archive_audit_logs(interval, integer), officeauto.fn_archive_audit_logs(),
                       officeauto.purge_audit_archive(interval)
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto.enable_audit(regclass, jsonb), officeauto.disable_audit(regclass),
                          officeauto.archive_audit_logs(interval, integer), officeauto.fn_archive_audit_logs(),
                          officeauto.purge_audit_archive(interval)
   TO officeauto_admin;

-- History views over the live trail and the archive.
CREATE VIEW officeauto.project_history WITH (security_invoker = true) AS
SELECT a.id AS audit_id, a.created_at, (a.row_pk ->> 'id')::bigint AS project_id, a.organization_id, a.action,
       a.actor_user_id, u.username AS actor_username, a.changed_columns, a.old_data, a.new_data, a.record_id
  FROM (SELECT * FROM officeauto.audit_logs UNION ALL SELECT * FROM officeauto.audit_logs_archive) a
  LEFT JOIN officeauto.users u ON u.id = a.actor_user_id
 WHERE a.table_name = 'officeauto.projects';
COMMENT ON VIEW officeauto.project_history IS 'Every recorded change to project rows (live trail and archive), newest last by created_at.';

CREATE VIEW officeauto.document_history WITH (security_invoker = true) AS
SELECT a.id AS audit_id, a.created_at, (a.row_pk ->> 'id')::bigint AS document_id, a.organization_id, a.action,
       a.actor_user_id, u.username AS actor_username, a.changed_columns, a.old_data, a.new_data, a.record_id
  FROM (SELECT * FROM officeauto.audit_logs UNION ALL SELECT * FROM officeauto.audit_logs_archive) a
  LEFT JOIN officeauto.users u ON u.id = a.actor_user_id
 WHERE a.table_name = 'officeauto.documents';
COMMENT ON VIEW officeauto.document_history IS 'Every recorded change to document rows (live trail and archive).';
GRANT SELECT ON officeauto.project_history, officeauto.document_history, officeauto.audited_tables
   TO officeauto_app, officeauto_readonly, officeauto_admin;

-- The extension's business tables are audited from the start. Not audited here, each with its
-- own log or reason: sessions and refresh tokens (touched on every request), captcha and
-- failed-login tracking (pre-authentication), e-mail tokens, the audit tables themselves,
-- credential_audit_logs, the keyring, schema_version and the shared reference vocabularies.
SELECT officeauto.enable_audit(t::regclass)
  FROM unnest(ARRAY[
    'officeauto.organizations', 'officeauto.users', 'officeauto.roles', 'officeauto.role_permissions',
    'officeauto.user_roles', 'officeauto.projects', 'officeauto.project_members', 'officeauto.tag_reference',
    'officeauto.project_tags', 'officeauto.change_requests', 'officeauto.change_request_impacts',
    'officeauto.change_request_approvals', 'officeauto.clients', 'officeauto.credentials', 'officeauto.tasks',
    'officeauto.task_time_entries', 'officeauto.messages', 'officeauto.calendar_resources', 'officeauto.events',
    'officeauto.lots', 'officeauto.shortcuts', 'officeauto.storage_reference', 'officeauto.files',
    'officeauto.file_versions', 'officeauto.documents', 'officeauto.document_versions',
    'officeauto.document_relations', 'officeauto.documents_ingest', 'officeauto.test_cases',
    'officeauto.test_executions', 'officeauto.test_case_relations', 'officeauto.cartable',
    'officeauto.comments', 'officeauto.notifications']) AS t;
