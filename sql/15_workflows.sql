-- Workflows and search: the cartable (assign, refer, read, archive), task status rules and
-- time tracking, document and file versions, staging ingest promotion, change-request
-- approvals, test executions and reuse, comments with mentions, notifications, tag and
-- full-text search, and maintenance. Functions run as the caller (row-level security applies)
-- unless a reason is written beside them. Business-rule errors use SQLSTATE class OA.

-- Raised for a rule violation: one helper so every message has the same shape.
CREATE FUNCTION officeauto._require(ok boolean, sqlstate text, message text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT coalesce(ok, false) THEN
        RAISE EXCEPTION '%', message USING ERRCODE = sqlstate;
    END IF;
END
$$;
COMMENT ON FUNCTION officeauto._require(boolean, text, text) IS 'Internal: raises message with sqlstate unless ok.';

CREATE FUNCTION officeauto._actor() RETURNS bigint
LANGUAGE plpgsql STABLE AS $$
DECLARE
    u bigint := officeauto.current_user_id();
BEGIN
    IF u IS NULL THEN
        RAISE EXCEPTION 'no acting user: call officeauto.authenticate(session_token) first' USING ERRCODE = '28000';
    END IF;
    RETURN u;
END
$$;
COMMENT ON FUNCTION officeauto._actor() IS 'Internal: the acting user of the request, or 28000 when there is none.';

-- Notifications are written by the workflow functions for the people they concern.
CREATE FUNCTION officeauto._notify(p_recipient bigint, p_kind text, p_title text, p_entity_type text, p_entity_id uuid,
                                   p_body text DEFAULT NULL)
RETURNS void
LANGUAGE sql AS $$
    INSERT INTO officeauto.notifications (organization_id, recipient_id, kind, title, body, entity_type, entity_id, expires_at)
    SELECT u.organization_id, u.id, p_kind, left(p_title, 255), p_body, p_entity_type, p_entity_id, now() + interval '30 days'
      FROM officeauto.users u WHERE u.id = p_recipient;
$$;
COMMENT ON FUNCTION officeauto._notify(bigint, text, text, text, uuid, text) IS 'Internal: writes an in-app notification (expires after 30 days).';

------------------------------------------------------------------------------------------
-- Cartable
------------------------------------------------------------------------------------------

-- The API names rows by public id; an id that names nothing the caller may see is P0002, the
-- same answer whether the row is in another organization or nowhere (docs/errors.md).
CREATE FUNCTION officeauto._not_found(p_kind text, p_id uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF p_id IS NULL THEN
        RAISE EXCEPTION '% id must not be NULL', p_kind USING ERRCODE = '22023';
    END IF;
    RAISE EXCEPTION 'no % %', p_kind, p_id USING ERRCODE = 'P0002',
          DETAIL = 'It does not exist, or the caller may not see it.';
END
$$;
COMMENT ON FUNCTION officeauto._not_found(text, uuid) IS 'Internal: raises the not-found error of the API (P0002 naming the kind of thing; 22023 for a NULL id).';

CREATE FUNCTION officeauto.assign_task(p_task uuid, p_to_user uuid, p_note text DEFAULT NULL,
                                       p_due_at timestamptz DEFAULT NULL)
RETURNS TABLE (item_id uuid, task_version integer)
LANGUAGE plpgsql AS $$
DECLARE
    t record;
    assignee bigint;
    me bigint := officeauto._actor();
BEGIN
    SELECT id, public_id, organization_id, title INTO t FROM officeauto.tasks WHERE public_id = p_task AND deleted_at IS NULL;
    IF NOT FOUND THEN PERFORM officeauto._not_found('task', p_task); END IF;
    SELECT id INTO assignee FROM officeauto.users WHERE public_id = p_to_user AND deleted_at IS NULL AND status = 'active';
    IF NOT FOUND THEN PERFORM officeauto._not_found('active user', p_to_user); END IF;
    -- The assignment changes the task row: its new version goes back to the client, whose next
    -- optimistic update of the task would otherwise fail with 40001.
    UPDATE officeauto.tasks SET assignee_id = assignee WHERE id = t.id RETURNING version INTO task_version;
    INSERT INTO officeauto.cartable (organization_id, user_id, from_user_id, task_id, action_required, note, due_at)
    VALUES (t.organization_id, assignee, nullif(me, assignee), t.id, 'do', p_note, p_due_at)
    RETURNING public_id INTO item_id;
    PERFORM officeauto._notify(assignee, 'assignment', 'Task assigned: ' || t.title, 'task', t.public_id, p_note);
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION officeauto.assign_task(uuid, uuid, text, timestamptz) IS
    'Assigns a task to a user of the organization: sets the assignee, puts the task in their cartable and notifies them. Returns the cartable item''s public id and the task''s new version; P0002 for a task or user the caller cannot see.';

CREATE FUNCTION officeauto.refer(p_item uuid, p_to_user uuid, p_note text DEFAULT NULL,
                                 p_action_required text DEFAULT 'review', p_due_at timestamptz DEFAULT NULL)
RETURNS TABLE (item_id uuid, from_item_version integer)
LANGUAGE plpgsql AS $$
DECLARE
    c officeauto.cartable%ROWTYPE;
    recipient bigint;
    item bigint;
    me bigint := officeauto._actor();
BEGIN
    SELECT * INTO c FROM officeauto.cartable WHERE public_id = p_item FOR UPDATE;
    IF NOT FOUND THEN PERFORM officeauto._not_found('cartable item', p_item); END IF;
    PERFORM officeauto._require(c.user_id = me AND c.archived_at IS NULL, 'OA030',
                                'only the holder of a cartable item can refer it');
    SELECT id INTO recipient FROM officeauto.users WHERE public_id = p_to_user AND deleted_at IS NULL AND status = 'active';
    IF NOT FOUND THEN PERFORM officeauto._not_found('active user', p_to_user); END IF;
    PERFORM officeauto._require(recipient <> me, 'OA030', 'an item cannot be referred to its holder');
    INSERT INTO officeauto.cartable (organization_id, user_id, from_user_id, parent_id, task_id, document_id, change_request_id,
                                     action_required, note, due_at)
    VALUES (c.organization_id, recipient, me, c.id, c.task_id, c.document_id, c.change_request_id,
            coalesce(p_action_required, 'review'), p_note, coalesce(p_due_at, c.due_at))
    RETURNING id, public_id INTO item, item_id;
    -- The referrer has acted on their copy; it leaves their unread list.
    UPDATE officeauto.cartable SET acted_at = now(), read_at = coalesce(read_at, now()) WHERE id = c.id
    RETURNING version INTO from_item_version;
    PERFORM officeauto._notify(recipient, 'referral', 'New item in your cartable', 'cartable', item_id, p_note);
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION officeauto.refer(uuid, uuid, text, text, timestamptz) IS
    'Forwards a cartable item the caller holds to another user with a note: the new item points at the one it forwards (parent_id), forming the forwarding chain; the caller''s copy is marked acted on. Returns the new item''s public id and the new version of the caller''s copy. OA030 if the caller does not hold the item, P0002 for an item or user the caller cannot see.';

-- The item the caller holds, locked, or the API's errors: P0002 when the caller cannot see it,
-- OA030 when it is someone else's (the sender sees the items they referred).
CREATE FUNCTION officeauto._held_item(p_item uuid, p_action text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    c record;
    me bigint := officeauto._actor();
BEGIN
    SELECT id, user_id INTO c FROM officeauto.cartable WHERE public_id = p_item FOR UPDATE;
    IF NOT FOUND THEN PERFORM officeauto._not_found('cartable item', p_item); END IF;
    PERFORM officeauto._require(c.user_id = me, 'OA030', format('only the holder of a cartable item can %s', p_action));
    RETURN c.id;
END
$$;
COMMENT ON FUNCTION officeauto._held_item(uuid, text) IS 'Internal (mark_item_read, archive_item): the caller''s cartable item, locked; P0002 if not visible, OA030 if held by someone else.';

CREATE FUNCTION officeauto.mark_item_read(p_item uuid) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    item bigint := officeauto._held_item(p_item, 'mark it read');
    v integer;
BEGIN
    UPDATE officeauto.cartable SET read_at = coalesce(read_at, now())
     WHERE id = item
    RETURNING version INTO v;
    RETURN v;
END
$$;
COMMENT ON FUNCTION officeauto.mark_item_read(uuid) IS 'Marks one of the caller''s cartable items read (again: no change but the version); returns the item''s new version. P0002 if the caller cannot see it, OA030 if someone else holds it.';

CREATE FUNCTION officeauto.archive_item(p_item uuid) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    item bigint := officeauto._held_item(p_item, 'archive it');
    v integer;
BEGIN
    UPDATE officeauto.cartable SET archived_at = coalesce(archived_at, now()), read_at = coalesce(read_at, now())
     WHERE id = item
    RETURNING version INTO v;
    RETURN v;
END
$$;
COMMENT ON FUNCTION officeauto.archive_item(uuid) IS 'Archives one of the caller''s cartable items (it leaves the inbox); returns the item''s new version. P0002 if the caller cannot see it, OA030 if someone else holds it.';

------------------------------------------------------------------------------------------
-- Tasks: status rules, reopening, time tracking
------------------------------------------------------------------------------------------

-- Allowed moves. A closed task (completed, cancelled) comes back only through reopen_task().
CREATE FUNCTION officeauto.tg_task_status() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status = 'completed' THEN
            NEW.completed_at := coalesce(NEW.completed_at, now());
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.status IS NOT DISTINCT FROM OLD.status THEN
        RETURN NEW;
    END IF;
    IF OLD.status IN ('completed', 'cancelled') AND NOT officeauto._reopen_allowed(OLD.id) THEN
        RAISE EXCEPTION 'a % task can only be reopened with officeauto.reopen_task()', OLD.status USING ERRCODE = 'OA020';
    END IF;
    IF NEW.status = 'completed' THEN
        IF EXISTS (SELECT FROM officeauto.tasks s WHERE s.parent_id = NEW.id AND s.deleted_at IS NULL
                                                     AND s.status NOT IN ('completed', 'cancelled')) THEN
            RAISE EXCEPTION 'task % still has open subtasks', NEW.id USING ERRCODE = 'OA021';
        END IF;
        NEW.completed_at := coalesce(NEW.completed_at, now());
    ELSE
        NEW.completed_at := NULL;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION officeauto.tg_task_status() IS
    'BEFORE trigger on tasks: validates status moves (a completed or cancelled task only through reopen_task(): OA020; no completion with open subtasks: OA021) and maintains completed_at.';
CREATE TRIGGER task_status BEFORE INSERT OR UPDATE OF status ON officeauto.tasks
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_task_status();

CREATE FUNCTION officeauto.reopen_task(p_task uuid, p_reason text DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    t record;
    v integer;
BEGIN
    -- Definer rights (to grant the one-time permission the status trigger checks) bypass
    -- row-level security, so the organization check is explicit.
    SELECT id, project_id, status, officeauto.current_user_id() IN (assignee_id, created_by) AS own INTO t
      FROM officeauto.tasks WHERE public_id = p_task AND deleted_at IS NULL AND organization_id = officeauto._tenant();
    IF NOT FOUND THEN PERFORM officeauto._not_found('task', p_task); END IF;
    PERFORM officeauto._require_permission('TASK', 'UPDATE', t.project_id, t.own, 'reopen_task');
    PERFORM officeauto._require(t.status IN ('completed', 'cancelled'), 'OA020', format('task %s is not closed', p_task));
    PERFORM officeauto._allow_reopen(t.id);
    UPDATE officeauto.tasks SET status = 'pending',
           metadata = metadata || jsonb_build_object('reopened_at', now(), 'reopen_reason', p_reason)
     WHERE id = t.id
    RETURNING version INTO v;
    RETURN v;
END
$$;
COMMENT ON FUNCTION officeauto.reopen_task(uuid, text) IS 'Moves a completed or cancelled task back to pending, recording when and why in its metadata; returns the task''s new version. P0002 for a task the caller cannot see, OA020 if it is not closed.';

CREATE FUNCTION officeauto.tg_task_time() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE officeauto.tasks t
       SET spent_minutes = (SELECT coalesce(sum(extract(epoch FROM e.ended_at - e.started_at) / 60), 0)::int
                              FROM officeauto.task_time_entries e WHERE e.task_id = t.id)
     WHERE t.id IN (CASE WHEN TG_OP <> 'INSERT' THEN OLD.task_id END, CASE WHEN TG_OP <> 'DELETE' THEN NEW.task_id END);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION officeauto.tg_task_time() IS 'AFTER trigger on task_time_entries: keeps tasks.spent_minutes equal to the sum of its entries.';
CREATE TRIGGER task_time AFTER INSERT OR UPDATE OR DELETE ON officeauto.task_time_entries
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_task_time();

CREATE FUNCTION officeauto.log_time(p_task uuid, p_started_at timestamptz, p_ended_at timestamptz,
                                    p_note text DEFAULT NULL)
RETURNS TABLE (time_entry_id uuid, task_version integer)
LANGUAGE plpgsql AS $$
DECLARE
    t record;
    me bigint := officeauto._actor();
BEGIN
    SELECT id, organization_id INTO t FROM officeauto.tasks WHERE public_id = p_task AND deleted_at IS NULL;
    IF NOT FOUND THEN PERFORM officeauto._not_found('task', p_task); END IF;
    INSERT INTO officeauto.task_time_entries (organization_id, task_id, user_id, started_at, ended_at, note)
    VALUES (t.organization_id, t.id, me, p_started_at, p_ended_at, p_note)
    RETURNING public_id INTO time_entry_id;
    -- The entry's trigger has added it to the task's spent_minutes, a new version of the task.
    SELECT version INTO task_version FROM officeauto.tasks WHERE id = t.id;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION officeauto.log_time(uuid, timestamptz, timestamptz, text) IS 'Records time the caller spent on a task (the task''s spent_minutes follows); returns the time entry''s public id and the task''s new version. P0002 for a task the caller cannot see.';

------------------------------------------------------------------------------------------
-- Documents and files: versions, duplicates
------------------------------------------------------------------------------------------

CREATE FUNCTION officeauto.add_document_version(p_document uuid, p_storage_key text, p_checksum_sha256 text,
                                                p_size_bytes bigint, p_change_note text DEFAULT NULL)
RETURNS TABLE (version_number integer, document_version integer)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    d record;
    n integer;
BEGIN
    SELECT id, organization_id INTO d FROM officeauto.documents WHERE public_id = p_document AND deleted_at IS NULL FOR UPDATE;
    IF NOT FOUND THEN PERFORM officeauto._not_found('document', p_document); END IF;
    SELECT coalesce(max(v.version_number), 0) + 1 INTO n FROM officeauto.document_versions v WHERE v.document_id = d.id;
    UPDATE officeauto.document_versions SET is_current = false WHERE document_id = d.id AND is_current;
    INSERT INTO officeauto.document_versions (organization_id, document_id, version_number, storage_key, checksum_sha256,
                                              size_bytes, change_note, created_by, is_current)
    VALUES (d.organization_id, d.id, n, p_storage_key, p_checksum_sha256, p_size_bytes, p_change_note,
            officeauto.current_user_id(), true);
    UPDATE officeauto.documents SET storage_key = p_storage_key, checksum_sha256 = p_checksum_sha256, size_bytes = p_size_bytes
     WHERE id = d.id
    RETURNING n, version INTO version_number, document_version;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION officeauto.add_document_version(uuid, text, text, bigint, text) IS
    'Adds the next version of a document (history kept in document_versions, the new one current) and updates the document''s storage key, checksum and size. Returns the version number and the document row''s new version; P0002 for a document the caller cannot see.';

CREATE FUNCTION officeauto.add_file_version(p_file uuid, p_storage_key text, p_checksum_sha256 text, p_size_bytes bigint)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    f record;
    n integer;
BEGIN
    SELECT id, organization_id INTO f FROM officeauto.files WHERE public_id = p_file AND deleted_at IS NULL FOR UPDATE;
    IF NOT FOUND THEN PERFORM officeauto._not_found('file', p_file); END IF;
    SELECT coalesce(max(version_number), 0) + 1 INTO n FROM officeauto.file_versions WHERE file_id = f.id;
    UPDATE officeauto.file_versions SET is_current = false WHERE file_id = f.id AND is_current;
    INSERT INTO officeauto.file_versions (organization_id, file_id, version_number, storage_key, checksum_sha256, size_bytes,
                                          uploaded_by, is_current)
    VALUES (f.organization_id, f.id, n, p_storage_key, p_checksum_sha256, p_size_bytes, officeauto.current_user_id(), true);
    RETURN n;
END
$$;
COMMENT ON FUNCTION officeauto.add_file_version(uuid, text, text, bigint) IS 'Adds the next version of a file and makes it current (the file row itself is unchanged); returns the version number. P0002 for a file the caller cannot see.';

CREATE VIEW officeauto.duplicate_documents WITH (security_invoker = true) AS
SELECT d.organization_id, d.checksum_sha256, count(*) AS copies,
       array_agg(d.id ORDER BY d.id) AS document_ids, array_agg(d.title ORDER BY d.id) AS titles,
       array_agg(d.public_id ORDER BY d.id) AS document_public_ids
  FROM officeauto.documents d
 WHERE d.deleted_at IS NULL AND d.checksum_sha256 IS NOT NULL
 GROUP BY d.organization_id, d.checksum_sha256
HAVING count(*) > 1;
COMMENT ON VIEW officeauto.duplicate_documents IS 'Live documents sharing a checksum (the same content stored more than once); document_public_ids are the ids the API takes.';

------------------------------------------------------------------------------------------
-- Staging ingest
------------------------------------------------------------------------------------------

CREATE FUNCTION officeauto.promote_ingest(p_ingest uuid)
RETURNS TABLE (document_id uuid, ingest_version integer)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    i officeauto.documents_ingest%ROWTYPE;
    ft record;
    reason text;
    doc bigint;
BEGIN
    SELECT * INTO i FROM officeauto.documents_ingest WHERE public_id = p_ingest FOR UPDATE;
    IF NOT FOUND THEN PERFORM officeauto._not_found('staged upload', p_ingest); END IF;
    PERFORM officeauto._require(i.status IN ('pending', 'validated'), 'OA040',
                                format('staged upload %s is already %s', p_ingest, i.status));
    SELECT id, is_allowed, max_size_bytes INTO ft FROM officeauto.filetype_reference WHERE mime_type = lower(i.mime_type);
    reason := CASE
        WHEN coalesce(i.size_bytes, 0) <= 0 THEN 'File is empty (size 0)'
        WHEN ft.id IS NULL THEN format('Unknown file type %s', coalesce(i.mime_type, '(none)'))
        WHEN NOT ft.is_allowed THEN format('File type %s is not allowed', i.mime_type)
        WHEN ft.max_size_bytes IS NOT NULL AND i.size_bytes > ft.max_size_bytes THEN
             format('File is larger than %s bytes allowed for %s', ft.max_size_bytes, i.mime_type)
        WHEN i.storage_id IS NULL OR NOT EXISTS (SELECT FROM officeauto.storage_reference s WHERE s.id = i.storage_id AND s.is_active)
             THEN 'Unknown or inactive storage'
        WHEN i.checksum_sha256 IS NULL THEN 'Checksum missing'
        WHEN EXISTS (SELECT FROM officeauto.documents d WHERE d.organization_id = i.organization_id
                        AND d.checksum_sha256 = i.checksum_sha256 AND d.deleted_at IS NULL)
          OR EXISTS (SELECT FROM officeauto.documents_ingest o WHERE o.organization_id = i.organization_id AND o.id <> i.id
                        AND o.checksum_sha256 = i.checksum_sha256 AND o.status = 'promoted')
             THEN 'Duplicate: a document with the same checksum exists'
    END;
    IF reason IS NOT NULL THEN
        UPDATE officeauto.documents_ingest SET status = 'rejected', rejection_reason = reason, processed_at = now()
         WHERE id = i.id
        RETURNING version INTO ingest_version;
        RETURN NEXT;
        RETURN;
    END IF;
    INSERT INTO officeauto.documents (organization_id, project_id, title, status, filetype_id, storage_id, storage_key,
                                      checksum_sha256, size_bytes, author_id)
    VALUES (i.organization_id, i.project_id, i.original_name, 'draft', ft.id, i.storage_id, i.s3_key,
            i.checksum_sha256, i.size_bytes, i.uploaded_by)
    RETURNING id, public_id INTO doc, document_id;
    INSERT INTO officeauto.document_versions (organization_id, document_id, version_number, storage_key, checksum_sha256,
                                              size_bytes, change_note, created_by, is_current)
    VALUES (i.organization_id, doc, 1, i.s3_key, i.checksum_sha256, i.size_bytes, 'Promoted from staging',
            officeauto.current_user_id(), true);
    UPDATE officeauto.documents_ingest SET status = 'promoted', promoted_document_id = doc, processed_at = now()
     WHERE id = i.id
    RETURNING version INTO ingest_version;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION officeauto.promote_ingest(uuid) IS
    'Validates a staged upload (size > 0, known and allowed type within its size limit, active storage, checksum present and not a duplicate) and either creates the document with version 1 (status promoted; returns the document''s public id) or marks the upload rejected with the reason (document_id NULL); either way also the upload row''s new version. OA040 if already processed, P0002 for an upload the caller cannot see.';

------------------------------------------------------------------------------------------
-- Change requests
------------------------------------------------------------------------------------------

CREATE FUNCTION officeauto.submit_change_request(p_change_request uuid)
RETURNS TABLE (status text, change_request_version integer)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    cr record;
    a record;
BEGIN
    SELECT * INTO cr FROM officeauto.change_requests WHERE public_id = p_change_request AND deleted_at IS NULL FOR UPDATE;
    IF NOT FOUND THEN PERFORM officeauto._not_found('change request', p_change_request); END IF;
    PERFORM officeauto._require(cr.status = 'draft', 'OA050', format('change request %s is %s, not draft', p_change_request, cr.status));
    PERFORM officeauto._require(EXISTS (SELECT FROM officeauto.change_request_approvals WHERE change_request_id = cr.id AND is_required),
                                'OA050', 'a change request needs at least one required approver before submission');
    UPDATE officeauto.change_requests SET status = 'under_review', submitted_at = now() WHERE id = cr.id
    RETURNING status, version INTO status, change_request_version;
    FOR a IN SELECT approver_id FROM officeauto.change_request_approvals WHERE change_request_id = cr.id AND decision = 'pending' LOOP
        INSERT INTO officeauto.cartable (organization_id, user_id, from_user_id, change_request_id, action_required, note)
        VALUES (cr.organization_id, a.approver_id, nullif(officeauto.current_user_id(), a.approver_id), cr.id, 'approve',
                'Approval requested: ' || cr.title);
        PERFORM officeauto._notify(a.approver_id, 'approval_request', 'Approval requested: ' || cr.title, 'change_request', cr.public_id);
    END LOOP;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION officeauto.submit_change_request(uuid) IS
    'Submits a draft change request for review: every pending approver gets a cartable item and a notification. Returns the new status and the request''s new version; P0002 for a request the caller cannot see, OA050 if it is not a draft with a required approver.';

-- Owner's rights: an approver records a decision with CHANGE_REQUEST APPROVE, which does not
-- include editing the request itself, so the status change is written here rather than by the
-- caller. Row-level security does not apply, so the organization check is explicit.
CREATE FUNCTION officeauto.decide_change_request(p_change_request uuid, p_decision text, p_comment text DEFAULT NULL)
RETURNS TABLE (status text, change_request_version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    me bigint := officeauto._actor();
    cr record;
    new_status text;
BEGIN
    PERFORM officeauto._require(p_decision IN ('approved', 'rejected'), '22023', 'decision must be approved or rejected');
    SELECT * INTO cr FROM officeauto.change_requests
     WHERE public_id = p_change_request AND deleted_at IS NULL AND organization_id = officeauto._tenant() FOR UPDATE;
    IF NOT FOUND THEN PERFORM officeauto._not_found('change request', p_change_request); END IF;
    PERFORM officeauto._require_permission('CHANGE_REQUEST', 'APPROVE', cr.project_id, false, 'decide_change_request');
    PERFORM officeauto._require(cr.status IN ('submitted', 'under_review'), 'OA050',
                                format('change request %s is %s and takes no decisions', p_change_request, cr.status));
    UPDATE officeauto.change_request_approvals SET decision = p_decision, decided_at = now(), comment = p_comment
     WHERE change_request_id = cr.id AND approver_id = me AND decision = 'pending';
    PERFORM officeauto._require(FOUND, 'OA051', 'the caller is not a pending approver of this change request');
    new_status := CASE
        WHEN p_decision = 'rejected' THEN 'rejected'
        WHEN NOT EXISTS (SELECT FROM officeauto.change_request_approvals
                          WHERE change_request_id = cr.id AND is_required AND decision <> 'approved') THEN 'approved'
        ELSE 'under_review' END;
    UPDATE officeauto.change_requests
       SET status = new_status, decided_at = CASE WHEN new_status IN ('approved', 'rejected') THEN now() END
     WHERE id = cr.id
    RETURNING status, version INTO status, change_request_version;
    -- The decider's inbox item is done.
    UPDATE officeauto.cartable SET acted_at = now(), read_at = coalesce(read_at, now())
     WHERE change_request_id = cr.id AND user_id = me AND acted_at IS NULL;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION officeauto.decide_change_request(uuid, text, text) IS
    'Records the caller''s decision on a change request under review (needs CHANGE_REQUEST APPROVE in its project). A rejection closes it (rejected); it is approved only when every required approver has approved. Returns the resulting status and the request''s new version. OA051 if the caller is not a pending approver, P0002 for a request the caller cannot see.';

------------------------------------------------------------------------------------------
-- Test management
------------------------------------------------------------------------------------------

CREATE FUNCTION officeauto.record_test_execution(p_test_case uuid, p_result text, p_notes text DEFAULT NULL,
                                                 p_environment text DEFAULT NULL)
RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
    tc record;
    execution uuid;
BEGIN
    SELECT id, organization_id INTO tc FROM officeauto.test_cases WHERE public_id = p_test_case AND deleted_at IS NULL;
    IF NOT FOUND THEN PERFORM officeauto._not_found('test case', p_test_case); END IF;
    INSERT INTO officeauto.test_executions (organization_id, test_case_id, executed_by, result, finished_at, environment, notes)
    VALUES (tc.organization_id, tc.id, officeauto.current_user_id(), p_result, now(), p_environment, p_notes)
    RETURNING public_id INTO execution;
    RETURN execution;
END
$$;
COMMENT ON FUNCTION officeauto.record_test_execution(uuid, text, text, text) IS 'Records a run of a test case with its result (passed, failed, blocked, skipped); returns the execution''s public id. P0002 for a test case the caller cannot see.';

CREATE FUNCTION officeauto.reuse_test_case(p_test_case uuid, p_project uuid)
RETURNS TABLE (test_case_id uuid, source_version integer)
LANGUAGE plpgsql AS $$
DECLARE
    src officeauto.test_cases%ROWTYPE;
    target bigint;
BEGIN
    SELECT * INTO src FROM officeauto.test_cases WHERE public_id = p_test_case AND deleted_at IS NULL FOR UPDATE;
    IF NOT FOUND THEN PERFORM officeauto._not_found('test case', p_test_case); END IF;
    SELECT id INTO target FROM officeauto.projects WHERE public_id = p_project AND deleted_at IS NULL;
    IF NOT FOUND THEN PERFORM officeauto._not_found('project', p_project); END IF;
    INSERT INTO officeauto.test_cases (organization_id, project_id, source_test_case_id, title, description, preconditions,
                                       steps, expected_result, priority, automation_status, created_by)
    VALUES (src.organization_id, target, src.id, src.title, src.description, src.preconditions, src.steps,
            src.expected_result, src.priority, src.automation_status, officeauto.current_user_id())
    RETURNING public_id INTO test_case_id;
    UPDATE officeauto.test_cases SET reuse_count = reuse_count + 1 WHERE id = src.id
    RETURNING version INTO source_version;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION officeauto.reuse_test_case(uuid, uuid) IS 'Copies a test case into a project (linked by source_test_case_id) and counts the reuse on the source. Returns the copy''s public id and the source''s new version; P0002 for a test case or project the caller cannot see.';

------------------------------------------------------------------------------------------
-- Comments and notifications
------------------------------------------------------------------------------------------

CREATE FUNCTION officeauto.add_comment(p_entity_type text, p_entity_id uuid, p_body text, p_parent uuid DEFAULT NULL)
RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
    me bigint := officeauto._actor();
    mentioned bigint[];
    parent bigint;
    comment_id uuid;
    m bigint;
BEGIN
    IF p_parent IS NOT NULL THEN
        SELECT id INTO parent FROM officeauto.comments WHERE public_id = p_parent AND deleted_at IS NULL;
        IF NOT FOUND THEN PERFORM officeauto._not_found('comment', p_parent); END IF;
    END IF;
    -- @username mentions of active users of the organization.
    SELECT coalesce(array_agg(DISTINCT u.id), '{}') INTO mentioned
      FROM regexp_matches(p_body, '@([A-Za-z0-9][A-Za-z0-9._-]{2,63})', 'g') AS r(m)
      JOIN officeauto.users u ON lower(u.username) = lower(r.m[1]) AND u.deleted_at IS NULL AND u.status = 'active';
    INSERT INTO officeauto.comments (organization_id, entity_type, entity_id, parent_id, author_id, body, mentions)
    SELECT organization_id, p_entity_type, p_entity_id, parent, me, p_body, mentioned
      FROM officeauto.users WHERE id = me
    RETURNING public_id INTO comment_id;
    FOREACH m IN ARRAY mentioned LOOP
        CONTINUE WHEN m = me;
        PERFORM officeauto._notify(m, 'mention', 'You were mentioned in a comment', p_entity_type, p_entity_id, left(p_body, 500));
    END LOOP;
    RETURN comment_id;
END
$$;
COMMENT ON FUNCTION officeauto.add_comment(text, uuid, text, uuid) IS
    'Adds a comment by the caller on any entity, threaded under the parent comment named by its public id; @username mentions are resolved and notified. Returns the comment''s public id; P0002 for a parent the caller cannot see.';

CREATE FUNCTION officeauto.mark_notification_read(p_notification uuid) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    me bigint := officeauto._actor();
    v integer;
BEGIN
    UPDATE officeauto.notifications SET read_at = coalesce(read_at, now())
     WHERE public_id = p_notification AND recipient_id = me
    RETURNING version INTO v;
    -- Another user's notification is not the caller's to see: the same answer as none.
    IF NOT FOUND THEN PERFORM officeauto._not_found('notification', p_notification); END IF;
    RETURN v;
END
$$;
COMMENT ON FUNCTION officeauto.mark_notification_read(uuid) IS 'Marks one of the caller''s notifications read; returns its new version. P0002 for a notification that is not the caller''s.';

CREATE FUNCTION officeauto.expire_notifications() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    n integer;
BEGIN
    DELETE FROM officeauto.notifications WHERE expires_at < now();
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
COMMENT ON FUNCTION officeauto.expire_notifications() IS 'Deletes notifications past their expiry (all organizations); returns how many. officeauto_admin only.';

------------------------------------------------------------------------------------------
-- Search. Row-level security keeps the planner from using a GIN index for the caller's
-- search condition: the array and full-text operators are not leakproof, so under a policy
-- they may only be evaluated after it, on every row of the organization (a sequential scan).
-- These functions therefore run with the owner's rights and apply the organization filter
-- themselves, which lets the GIN index find the candidate rows first. Plain SQL is enough:
-- the index does the work, and native code would add nothing to it.
------------------------------------------------------------------------------------------

CREATE FUNCTION officeauto.find_clients_by_tag(p_tag text) RETURNS SETOF officeauto.clients
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT * FROM officeauto.clients c
     WHERE c.organization_id = ANY (officeauto._readable_organizations())
       AND ((SELECT officeauto._may_all('CLIENT', 'READ')) OR 0 = ANY ((SELECT officeauto._may_projects('CLIENT', 'READ'))::bigint[])
            OR ((SELECT officeauto._may_own('CLIENT', 'READ')) AND c.owner_user_id = officeauto.current_user_id()))
       AND c.tags @> officeauto.normalize_tags(ARRAY[p_tag]) AND c.deleted_at IS NULL
$$;
COMMENT ON FUNCTION officeauto.find_clients_by_tag(text) IS 'Live clients the caller may read (CLIENT READ) carrying a tag (normalized like stored tags); uses the GIN index on clients.tags.';

CREATE FUNCTION officeauto.find_clients_by_tags(p_tags text[], p_match_all boolean DEFAULT false)
RETURNS SETOF officeauto.clients
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- Two statements rather than one CASE, so each is planned with its own index condition.
    IF p_match_all THEN
        RETURN QUERY SELECT * FROM officeauto.clients c
                      WHERE c.organization_id = ANY (officeauto._readable_organizations())
       AND ((SELECT officeauto._may_all('CLIENT', 'READ')) OR 0 = ANY ((SELECT officeauto._may_projects('CLIENT', 'READ'))::bigint[])
            OR ((SELECT officeauto._may_own('CLIENT', 'READ')) AND c.owner_user_id = officeauto.current_user_id()))
                        AND c.tags @> officeauto.normalize_tags(p_tags) AND c.deleted_at IS NULL;
    ELSE
        RETURN QUERY SELECT * FROM officeauto.clients c
                      WHERE c.organization_id = ANY (officeauto._readable_organizations())
       AND ((SELECT officeauto._may_all('CLIENT', 'READ')) OR 0 = ANY ((SELECT officeauto._may_projects('CLIENT', 'READ'))::bigint[])
            OR ((SELECT officeauto._may_own('CLIENT', 'READ')) AND c.owner_user_id = officeauto.current_user_id()))
                        AND c.tags && officeauto.normalize_tags(p_tags) AND c.deleted_at IS NULL;
    END IF;
END
$$;
COMMENT ON FUNCTION officeauto.find_clients_by_tags(text[], boolean) IS 'Live clients the caller may read (CLIENT READ) carrying all (match_all) or any of the tags; uses the GIN index on clients.tags.';

CREATE FUNCTION officeauto.search_documents(p_query text, p_limit integer DEFAULT 20)
RETURNS TABLE (public_id uuid, title text, rank real, snippet text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    -- The query is written out in the condition (not joined as a FROM item) so it is an index
    -- condition on the GIN index. Documents are named by public id only (the API's ids).
    SELECT d.public_id, d.title,
           ts_rank_cd(d.search_vector, websearch_to_tsquery('english', p_query)) AS rank,
           ts_headline('english', coalesce(d.description, '') || ' ' || left(coalesce(d.content, ''), 5000),
                       websearch_to_tsquery('english', p_query), 'MaxWords=20, MinWords=8, MaxFragments=1') AS snippet
      FROM officeauto.documents d
     WHERE d.organization_id = ANY (officeauto._readable_organizations())
       AND ((SELECT officeauto._may_all('DOCUMENT', 'READ'))
            OR coalesce(d.project_id, 0) = ANY ((SELECT officeauto._may_projects('DOCUMENT', 'READ'))::bigint[])
            OR ((SELECT officeauto._may_own('DOCUMENT', 'READ')) AND d.author_id = officeauto.current_user_id()))
       AND d.search_vector @@ websearch_to_tsquery('english', p_query) AND d.deleted_at IS NULL
     ORDER BY rank DESC, d.id
     LIMIT p_limit
$$;
COMMENT ON FUNCTION officeauto.search_documents(text, integer) IS
    'Full-text search of the live documents the caller may read (DOCUMENT READ: GLOBAL, projects they belong to, their own) (web-search syntax: words, "phrases", -exclusions, or), ranked (title weighs most) with a snippet; uses the GIN index on documents.search_vector.';

-- maintain_database() is in sql/23_maintenance.sql, with its run history.

COMMENT ON FUNCTION officeauto._allow_reopen(bigint) IS 'Internal (reopen_task): allows the next status change of one closed task in this transaction.';
COMMENT ON FUNCTION officeauto._reopen_allowed(bigint) IS 'Internal (task status trigger): whether reopen_task is reopening this task now.';
REVOKE ALL ON FUNCTION officeauto._allow_reopen(bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION officeauto.expire_notifications() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto.expire_notifications() TO officeauto_admin;
GRANT SELECT ON officeauto.duplicate_documents TO officeauto_app, officeauto_readonly, officeauto_admin;

------------------------------------------------------------------------------------------
-- Execute privileges. PostgreSQL lets PUBLIC execute every new function, so without this a
-- reporting login could run any function that writes (reopen_task, or encrypt_credential_value
-- creating the first data key). Nobody executes a function of the extension unless it is
-- granted here or beside its definition; a function added later is executable by no
-- application role until someone decides it should be (tests/sql/privileges.sql lists what
-- each role may run and fails on anything new).
------------------------------------------------------------------------------------------
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA officeauto FROM PUBLIC;

-- Read-only: the request context, which row-level security policies and views call with the
-- rights of whoever runs the query; the pure helpers CHECK constraints and triggers use; and the
-- organization-filtered searches.
GRANT EXECUTE ON FUNCTION
    officeauto.current_organization_id(), officeauto.current_user_id(), officeauto.current_session_id(),
    officeauto.current_client_ip(), officeauto.current_user_agent(),
    officeauto.is_valid_email(text), officeauto.is_valid_url(text), officeauto.normalize_tags(text[]),
    officeauto.audit_record_id(text, jsonb),
    officeauto.find_clients_by_tag(text), officeauto.find_clients_by_tags(text[], boolean),
    officeauto.search_documents(text, integer)
   TO officeauto_app, officeauto_readonly, officeauto_admin;

-- Writing, or needed only by writers: column defaults, the workflow functions (they run with
-- the caller's rights, so their helpers and the task status trigger's check too), credential
-- encryption, and the pure password and token helpers.
GRANT EXECUTE ON FUNCTION
    officeauto.uuid_generate_v7(), officeauto.credential_key_id(bytea),
    officeauto.encrypt_credential_value(text), officeauto.encrypt_credential_value(text, text),
    officeauto.decrypt_credential_value(bytea, text),
    officeauto.hash_password(text), officeauto.verify_password(text, text),
    officeauto.password_needs_rehash(text), officeauto.token_digest(text),
    officeauto._require(boolean, text, text), officeauto._actor(),
    officeauto._notify(bigint, text, text, text, uuid, text), officeauto._reopen_allowed(bigint),
    officeauto._not_found(text, uuid), officeauto._held_item(uuid, text),
    officeauto.assign_task(uuid, uuid, text, timestamptz),
    officeauto.refer(uuid, uuid, text, text, timestamptz),
    officeauto.mark_item_read(uuid), officeauto.archive_item(uuid),
    officeauto.reopen_task(uuid, text),
    officeauto.log_time(uuid, timestamptz, timestamptz, text),
    officeauto.add_document_version(uuid, text, text, bigint, text),
    officeauto.add_file_version(uuid, text, text, bigint),
    officeauto.promote_ingest(uuid),
    officeauto.submit_change_request(uuid), officeauto.decide_change_request(uuid, text, text),
    officeauto.record_test_execution(uuid, text, text, text), officeauto.reuse_test_case(uuid, uuid),
    officeauto.add_comment(text, uuid, text, uuid), officeauto.mark_notification_read(uuid)
   TO officeauto_app, officeauto_admin;

-- enable_audit() and disable_audit() run with the caller's rights: the owner check they make
-- and the trigger functions CREATE TRIGGER names. Trigger functions cannot be called directly.
GRANT EXECUTE ON FUNCTION
    officeauto._require_table_owner(regclass, text),
    officeauto.audit_trigger(), officeauto.audit_flush_trigger(), officeauto.audit_truncate_trigger()
   TO officeauto_admin;

-- Login identifiers (username, e-mail) are unique across the installation, because login takes
-- no organization. A tenant that could write them directly would learn from 23505 whether
-- another organization holds a name or address. Accounts are created by create_user(), and
-- the application does not rewrite identifiers directly.
REVOKE INSERT ON officeauto.users FROM officeauto_app;
REVOKE UPDATE (username, email) ON officeauto.users FROM officeauto_app;

-- The trail is append-only for every role but the extension's owner: rows enter it only through
-- the audit trigger, log_activity and the credential functions (which write as the owner) and
-- leave it only through archive_audit_logs / purge_audit_archive. An officeauto_admin member
-- reads and exports it but cannot rewrite or delete what it says.
DO $$
DECLARE
    t regclass;
BEGIN
    FOR t IN
        SELECT c.oid::regclass FROM pg_class c
         WHERE c.relnamespace = 'officeauto'::regnamespace AND c.relkind IN ('r', 'p')
           AND (c.relname IN ('audit_logs', 'audit_logs_archive', 'credential_audit_logs')
                OR c.relispartition AND c.relname ~ '^audit_logs')
    LOOP
        EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON %s FROM officeauto_admin, officeauto_app', t);
    END LOOP;
END
$$;
