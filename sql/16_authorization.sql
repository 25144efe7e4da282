-- Authorization: built-in role templates seeded for every organization, permission checks on
-- every write (row triggers) and project-level visibility on every read (row-level security),
-- last-owner protection, and read access for reporting logins. The decisions themselves are
-- made natively (src/authz.rs over officeauto-core's access module) from the acting user's
-- grants, read once per transaction.
--
-- Who is judged: a transaction that called authenticate() acts for that user, whatever role it
-- runs as. A superuser or officeauto_admin connection that set the context through the
-- officeauto.* settings is trusted (maintenance, tests). Statements running as a superuser (the
-- extension's own SECURITY DEFINER functions) pass the write triggers; those functions check
-- the permission of their action themselves.

------------------------------------------------------------------------------------------
-- Vocabulary and role templates
------------------------------------------------------------------------------------------

-- Resources beyond the seed's: the organization itself, role definitions and grants, login
-- sessions, and receiving lots.
INSERT INTO officeauto.permissions (resource, action, scope, description, is_builtin)
SELECT r, a, s, initcap(lower(a)) || ' ' || lower(replace(r, '_', ' ')) || ' (' || lower(s) || ' scope)', true
  FROM unnest(ARRAY['ORGANIZATION', 'ROLE', 'SESSION', 'LOT']) AS r,
       unnest(ARRAY['CREATE', 'READ', 'UPDATE', 'DELETE', 'APPROVE']) AS a,
       unnest(ARRAY['GLOBAL', 'PROJECT', 'SELF']) AS s;

-- Not a tenant table: the templates every organization's built-in roles are made from. Rows
-- are the extension's (recreated by the install), so pg_dump leaves the table out.
CREATE TABLE officeauto.role_templates (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    role_name   text NOT NULL CHECK (role_name IN ('owner', 'admin', 'manager', 'member', 'viewer')),
    resource    text NOT NULL,
    action      text NOT NULL,
    scope       text NOT NULL,
    is_builtin  boolean NOT NULL DEFAULT false,
    UNIQUE (role_name, resource, action, scope),
    FOREIGN KEY (resource, action, scope) REFERENCES officeauto.permissions (resource, action, scope)
);
SELECT officeauto._setup_table('officeauto.role_templates', NULL, 'WHERE NOT is_builtin');
SELECT officeauto._grant_table('officeauto.role_templates', 'read', true);
COMMENT ON TABLE officeauto.role_templates IS 'Permissions of the built-in roles (owner, admin, manager, member, viewer) every organization receives; the README shows them as a matrix.';

-- The matrix. Actions: C create, R read, U update, D delete, A approve; scope after the colon.
INSERT INTO officeauto.role_templates (role_name, resource, action, scope, is_builtin)
SELECT m.role_name, m.resource, a.action, m.scope, true
  FROM (VALUES
    -- owner: everything, everywhere; the only role that may delete or transfer the organization
    -- (ORGANIZATION CREATE/DELETE/APPROVE), so only an owner can make another owner.
    ('owner', 'ORGANIZATION', 'CRUDA', 'GLOBAL'), ('owner', 'USER', 'CRUDA', 'GLOBAL'),
    ('owner', 'ROLE', 'CRUDA', 'GLOBAL'), ('owner', 'SESSION', 'CRUDA', 'GLOBAL'),
    ('owner', 'PROJECT', 'CRUDA', 'GLOBAL'), ('owner', 'TASK', 'CRUDA', 'GLOBAL'),
    ('owner', 'DOCUMENT', 'CRUDA', 'GLOBAL'), ('owner', 'CLIENT', 'CRUDA', 'GLOBAL'),
    ('owner', 'CREDENTIAL', 'CRUDA', 'GLOBAL'), ('owner', 'CHANGE_REQUEST', 'CRUDA', 'GLOBAL'),
    ('owner', 'TEST_CASE', 'CRUDA', 'GLOBAL'), ('owner', 'EVENT', 'CRUDA', 'GLOBAL'),
    ('owner', 'MESSAGE', 'CRUDA', 'GLOBAL'), ('owner', 'LOT', 'CRUDA', 'GLOBAL'),
    ('owner', 'AUDIT_LOG', 'R', 'GLOBAL'),
    -- admin: runs the organization (users, roles, sessions, all content) but cannot delete it
    -- or make owners.
    ('admin', 'ORGANIZATION', 'RU', 'GLOBAL'), ('admin', 'USER', 'CRUDA', 'GLOBAL'),
    ('admin', 'ROLE', 'CRUDA', 'GLOBAL'), ('admin', 'SESSION', 'CRUDA', 'GLOBAL'),
    ('admin', 'PROJECT', 'CRUDA', 'GLOBAL'), ('admin', 'TASK', 'CRUDA', 'GLOBAL'),
    ('admin', 'DOCUMENT', 'CRUDA', 'GLOBAL'), ('admin', 'CLIENT', 'CRUDA', 'GLOBAL'),
    ('admin', 'CREDENTIAL', 'CRUDA', 'GLOBAL'), ('admin', 'CHANGE_REQUEST', 'CRUDA', 'GLOBAL'),
    ('admin', 'TEST_CASE', 'CRUDA', 'GLOBAL'), ('admin', 'EVENT', 'CRUDA', 'GLOBAL'),
    ('admin', 'MESSAGE', 'CRUDA', 'GLOBAL'), ('admin', 'LOT', 'CRUDA', 'GLOBAL'),
    ('admin', 'AUDIT_LOG', 'R', 'GLOBAL'),
    -- manager: all project work and the CRM across the organization; no user administration.
    ('manager', 'ORGANIZATION', 'R', 'GLOBAL'), ('manager', 'USER', 'R', 'GLOBAL'),
    ('manager', 'USER', 'U', 'SELF'), ('manager', 'ROLE', 'R', 'GLOBAL'),
    ('manager', 'SESSION', 'RD', 'SELF'),
    ('manager', 'PROJECT', 'CRUDA', 'GLOBAL'), ('manager', 'TASK', 'CRUDA', 'GLOBAL'),
    ('manager', 'DOCUMENT', 'CRUDA', 'GLOBAL'), ('manager', 'CLIENT', 'CRU', 'GLOBAL'),
    ('manager', 'CREDENTIAL', 'CRU', 'GLOBAL'), ('manager', 'CHANGE_REQUEST', 'CRUDA', 'GLOBAL'),
    ('manager', 'TEST_CASE', 'CRUDA', 'GLOBAL'), ('manager', 'EVENT', 'CRUD', 'GLOBAL'),
    ('manager', 'MESSAGE', 'CRUD', 'SELF'), ('manager', 'MESSAGE', 'R', 'PROJECT'),
    ('manager', 'LOT', 'CRU', 'GLOBAL'), ('manager', 'AUDIT_LOG', 'R', 'PROJECT'), ('manager', 'AUDIT_LOG', 'R', 'SELF'),
    -- member: works inside the projects they belong to (approvals only where their project
    -- access role is manager or owner); own calendar, messages and profile.
    ('member', 'ORGANIZATION', 'R', 'GLOBAL'), ('member', 'USER', 'R', 'GLOBAL'),
    ('member', 'USER', 'U', 'SELF'), ('member', 'ROLE', 'R', 'GLOBAL'),
    ('member', 'SESSION', 'RD', 'SELF'),
    ('member', 'PROJECT', 'R', 'PROJECT'),
    ('member', 'TASK', 'CRU', 'PROJECT'), ('member', 'TASK', 'RUD', 'SELF'),
    ('member', 'DOCUMENT', 'CRUA', 'PROJECT'), ('member', 'DOCUMENT', 'RUD', 'SELF'),
    ('member', 'CHANGE_REQUEST', 'CRUA', 'PROJECT'), ('member', 'CHANGE_REQUEST', 'RUD', 'SELF'),
    ('member', 'TEST_CASE', 'CRU', 'PROJECT'), ('member', 'TEST_CASE', 'RUD', 'SELF'),
    ('member', 'CLIENT', 'R', 'GLOBAL'), ('member', 'EVENT', 'R', 'GLOBAL'),
    ('member', 'EVENT', 'CUD', 'SELF'), ('member', 'MESSAGE', 'CRUD', 'SELF'),
    ('member', 'MESSAGE', 'R', 'PROJECT'), ('member', 'LOT', 'R', 'GLOBAL'),
    ('member', 'AUDIT_LOG', 'R', 'PROJECT'), ('member', 'AUDIT_LOG', 'R', 'SELF'),
    -- viewer: reads the projects they belong to; own profile and messages.
    ('viewer', 'ORGANIZATION', 'R', 'GLOBAL'), ('viewer', 'USER', 'R', 'GLOBAL'),
    ('viewer', 'USER', 'U', 'SELF'), ('viewer', 'ROLE', 'R', 'GLOBAL'),
    ('viewer', 'SESSION', 'RD', 'SELF'),
    ('viewer', 'PROJECT', 'R', 'PROJECT'), ('viewer', 'TASK', 'R', 'PROJECT'),
    ('viewer', 'DOCUMENT', 'R', 'PROJECT'), ('viewer', 'CHANGE_REQUEST', 'R', 'PROJECT'),
    ('viewer', 'TEST_CASE', 'R', 'PROJECT'), ('viewer', 'EVENT', 'R', 'GLOBAL'),
    ('viewer', 'MESSAGE', 'CR', 'SELF'), ('viewer', 'MESSAGE', 'R', 'PROJECT'),
    ('viewer', 'AUDIT_LOG', 'R', 'PROJECT'), ('viewer', 'AUDIT_LOG', 'R', 'SELF')
  ) AS m(role_name, resource, letters, scope)
  JOIN (VALUES ('C', 'CREATE'), ('R', 'READ'), ('U', 'UPDATE'), ('D', 'DELETE'), ('A', 'APPROVE')) AS a(letter, action)
    ON strpos(m.letters, a.letter) > 0;

-- Creates (or completes) the built-in roles of one organization from the templates.
CREATE FUNCTION officeauto._seed_roles(p_organization bigint) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    INSERT INTO officeauto.roles (organization_id, name, description, is_system)
    SELECT p_organization, t.name, t.description, true
      FROM (VALUES ('owner', 'Owns the organization: everything, including making owners'),
                   ('admin', 'Administers users, roles, sessions and all content'),
                   ('manager', 'Runs projects, the CRM and approvals across the organization'),
                   ('member', 'Works in the projects they belong to'),
                   ('viewer', 'Reads the projects they belong to')) AS t(name, description)
     WHERE NOT EXISTS (SELECT FROM officeauto.roles r
                        WHERE r.organization_id = p_organization AND r.name = t.name AND r.deleted_at IS NULL);
    INSERT INTO officeauto.role_permissions (organization_id, role_id, permission_id)
    SELECT p_organization, r.id, p.id
      FROM officeauto.role_templates t
      JOIN officeauto.roles r ON r.organization_id = p_organization AND r.name = t.role_name
                             AND r.is_system AND r.deleted_at IS NULL
      JOIN officeauto.permissions p ON (p.resource, p.action, p.scope) = (t.resource, t.action, t.scope)
    ON CONFLICT DO NOTHING;
$$;
COMMENT ON FUNCTION officeauto._seed_roles(bigint) IS 'Internal: creates the built-in roles of an organization (owner, admin, manager, member, viewer) with the template permissions.';

CREATE FUNCTION officeauto.tg_organization_roles() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM officeauto._seed_roles(NEW.id);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION officeauto.tg_organization_roles() IS 'AFTER INSERT trigger on organizations: seeds the built-in roles.';
CREATE TRIGGER seed_roles AFTER INSERT ON officeauto.organizations
    FOR EACH ROW WHEN (NOT officeauto._is_restoring()) EXECUTE FUNCTION officeauto.tg_organization_roles();

-- Every new account receives a role: the first of an organization becomes its owner, the others
-- members (an administrator changes that afterwards).
CREATE FUNCTION officeauto.tg_user_default_role() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO officeauto.user_roles (organization_id, user_id, role_id, granted_by)
    SELECT NEW.organization_id, NEW.id, r.id, officeauto.current_user_id()
      FROM officeauto.roles r
     WHERE r.organization_id = NEW.organization_id AND r.is_system AND r.deleted_at IS NULL
       AND r.name = CASE WHEN officeauto._owner_count(NEW.organization_id, NULL) = 0 THEN 'owner' ELSE 'member' END
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION officeauto.tg_user_default_role() IS 'AFTER INSERT trigger on users: grants the owner role to the first user of an organization and the member role to the others.';

-- Active owners of an organization, not counting one user (the one about to lose the role).
CREATE FUNCTION officeauto._owner_count(p_organization bigint, p_except_user bigint) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT count(DISTINCT ur.user_id)
      FROM officeauto.user_roles ur
      JOIN officeauto.roles r ON r.id = ur.role_id AND r.name = 'owner' AND r.is_system AND r.deleted_at IS NULL
      JOIN officeauto.users u ON u.id = ur.user_id AND u.status = 'active' AND u.deleted_at IS NULL
     WHERE ur.organization_id = p_organization AND ur.project_id IS NULL
       AND ur.user_id IS DISTINCT FROM p_except_user
$$;
COMMENT ON FUNCTION officeauto._owner_count(bigint, bigint) IS 'Internal: active owners of an organization, not counting one user.';
CREATE TRIGGER default_role AFTER INSERT ON officeauto.users
    FOR EACH ROW WHEN (NOT officeauto._is_restoring()) EXECUTE FUNCTION officeauto.tg_user_default_role();

------------------------------------------------------------------------------------------
-- Write checks: one generated BEFORE trigger per table, calling officeauto._authorize().
------------------------------------------------------------------------------------------

-- Installs the authorization trigger of a table.
--   resource:   the permission resource its rows belong to;
--   project:    expression of the row's project ('r.project_id'), or NULL for none;
--   own:        boolean expression saying the row is the acting user's (me), for SELF scope;
--   parent/fk:  for rows that are part of another (versions, impacts, executions): the parent
--               table and the column pointing at it. Changing such a row needs UPDATE on the
--               parent, which must be visible to the user; the project is the parent's.
--   own_delete: for DELETE (and soft delete), a narrower own-row condition (the creator only:
--               being assigned a task does not make it one's to delete);
--   owners:     columns saying whose a row is; changing them needs the UPDATE permission at
--               GLOBAL scope, or a user could make a row theirs and then act on it under SELF.
-- Expressions use r for the row (NEW or OLD) and me for the acting user's id.
CREATE FUNCTION officeauto._authorize_table(tbl regclass, resource text, project text, own text,
                                            parent regclass DEFAULT NULL, fk text DEFAULT NULL,
                                            own_delete text DEFAULT NULL, owners text[] DEFAULT '{}')
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    fn text := format('officeauto.%I', 'tg_authorize_' || (SELECT relname FROM pg_class WHERE oid = tbl));
    -- Names written into the generated code are schema-qualified whatever the search_path.
    parent_name text := (SELECT format('%I.%I', n.nspname, c.relname)
                           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = parent);
    what text := (SELECT relname FROM pg_class WHERE oid = tbl);
    soft boolean := EXISTS (SELECT FROM pg_attribute WHERE attrelid = tbl AND attname = 'deleted_at' AND NOT attisdropped);
    creator boolean := EXISTS (SELECT FROM pg_attribute WHERE attrelid = tbl AND attname = 'created_by' AND NOT attisdropped);
    body text;
    check_row text;
    owner_check text := '';
BEGIN
    IF own_delete IS NOT NULL THEN
        own := format('CASE WHEN act = ''DELETE'' THEN %s ELSE %s END', own_delete, own);
    END IF;
    IF cardinality(owners) > 0 THEN
        owner_check := format($c$
    IF TG_OP = 'UPDATE' AND (%1$s) IS DISTINCT FROM (%2$s) AND officeauto._acting_user() IS NOT NULL
       AND NOT officeauto._may_all(%3$L, 'UPDATE') THEN
        RAISE EXCEPTION 'permission denied: changing %4$s of officeauto.%5$s needs the %3$s UPDATE permission at GLOBAL scope'
            USING ERRCODE = '42501';
    END IF;$c$,
            (SELECT string_agg('NEW.' || quote_ident(o), ', ') FROM unnest(owners) o),
            (SELECT string_agg('OLD.' || quote_ident(o), ', ') FROM unnest(owners) o),
            resource, array_to_string(owners, ' or '), what);
    END IF;
    IF parent IS NOT NULL THEN
        -- The parent's project, or -1 when the user cannot see the parent (only a GLOBAL grant
        -- passes then). Changing a part of a row is an UPDATE of that row.
        check_row := format($f$
        SELECT %1$s INTO proj FROM %2$s p WHERE p.id = r.%3$I;
        IF NOT FOUND THEN proj := -1; END IF;
        PERFORM officeauto._authorize(%4$L, 'UPDATE', proj, false, lower(TG_OP) || %5$L);$f$,
            coalesce(replace(project, 'r.', 'p.'), 'NULL::bigint'), parent_name, fk, resource,
            ' of officeauto.' || what);
    ELSE
        check_row := format($f$
        PERFORM officeauto._authorize(%1$L, act, %2$s, coalesce(%3$s, false), lower(TG_OP) || %4$L);$f$,
            resource, coalesce(project, 'NULL::bigint'), coalesce(own, 'false'), ' of officeauto.' || what);
    END IF;
    body := format($f$
CREATE FUNCTION %1$s() RETURNS trigger
LANGUAGE plpgsql AS $body$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE' %2$s THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        %3$s
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        %3$s
    END IF;%6$s%7$s
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$body$;
COMMENT ON FUNCTION %1$s() IS %4$L;
CREATE TRIGGER authorize BEFORE INSERT OR UPDATE OR DELETE ON %5$s
    FOR EACH ROW EXECUTE FUNCTION %1$s();$f$,
        fn,
        CASE WHEN soft THEN 'OR (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL)' ELSE '' END,
        check_row,
        format('Authorization trigger of %s (generated by _authorize_table): the old and the new row each need the %s permission of the action.', tbl, resource),
        tbl,
        -- Who created a row is the acting user, not a name the client sends: SELF scope and
        -- the audit trail rely on it.
        CASE WHEN creator THEN $c$
    IF TG_OP = 'INSERT' AND NEW.created_by IS DISTINCT FROM me AND officeauto._acting_user() IS NOT NULL THEN
        RAISE EXCEPTION 'permission denied: created_by must be the acting user (leave it to its default)'
            USING ERRCODE = '42501';
    END IF;$c$ ELSE '' END,
        owner_check);
    EXECUTE body;
END
$$;
REVOKE ALL ON FUNCTION officeauto._authorize_table(regclass, text, text, text, regclass, text, text, text[]) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._authorize_table(regclass, text, text, text, regclass, text, text, text[]) IS
    'Internal (install and upgrade scripts): generates and installs the authorization trigger of a table.';

------------------------------------------------------------------------------------------
-- Read visibility: the application's tenant policy, narrowed by permission.
------------------------------------------------------------------------------------------

-- The standard visibility condition of a resource's rows, as SQL: GLOBAL READ, or the row's
-- project (0 for none) among the projects where READ is allowed, or SELF READ on own rows.
CREATE FUNCTION officeauto._visible_expr(resource text, project text, own text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT format('(SELECT officeauto._may_all(%1$L, ''READ'')) OR coalesce(%2$s, 0) = ANY ((SELECT officeauto._may_projects(%1$L, ''READ''))::bigint[])%3$s',
                  resource, coalesce(project, 'NULL::bigint'),
                  CASE WHEN own IS NULL THEN ''
                       ELSE format(' OR ((SELECT officeauto._may_own(%L, ''READ'')) AND (%s))', resource,
                                   regexp_replace(own, '\mme\M', '(SELECT officeauto.current_user_id())', 'g')) END)
$$;
COMMENT ON FUNCTION officeauto._visible_expr(text, text, text) IS 'Internal: the visibility condition of a resource''s rows for row-level security.';

-- Narrows the application's policy of a table to rows the condition allows.
CREATE FUNCTION officeauto._restrict_visibility(tbl regclass, condition text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    tenant text := CASE WHEN tbl = 'officeauto.organizations'::regclass THEN 'id' ELSE 'organization_id' END;
BEGIN
    EXECUTE format('ALTER POLICY tenant_isolation ON %s USING (%I = (SELECT officeauto._tenant()) AND (%s))',
                   tbl, tenant, condition);
END
$$;
REVOKE ALL ON FUNCTION officeauto._restrict_visibility(regclass, text) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._restrict_visibility(regclass, text) IS 'Internal (install and upgrade scripts): narrows a table''s application policy to the rows a condition allows.';

-- Resource rows with their own project column (or none) and owner columns.
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('officeauto.projects', 'PROJECT', 'r.id', 'r.manager_id = me OR r.created_by = me', 'r.created_by = me', '{created_by,manager_id}'),
        ('officeauto.tasks', 'TASK', 'r.project_id', 'r.assignee_id = me OR r.created_by = me', 'r.created_by = me', '{created_by}'),
        ('officeauto.documents', 'DOCUMENT', 'r.project_id', 'r.author_id = me', NULL, '{author_id}'),
        ('officeauto.documents_ingest', 'DOCUMENT', 'r.project_id', 'r.uploaded_by = me', NULL, '{uploaded_by}'),
        ('officeauto.files', 'DOCUMENT', NULL, 'r.owner_id = me', NULL, '{owner_id}'),
        -- Where files live is the organization's configuration.
        ('officeauto.storage_reference', 'ORGANIZATION', NULL, NULL, NULL, '{}'),
        ('officeauto.change_requests', 'CHANGE_REQUEST', 'r.project_id', 'r.requested_by = me OR r.assignee_id = me',
         'r.requested_by = me', '{requested_by}'),
        ('officeauto.test_cases', 'TEST_CASE', 'r.project_id', 'r.created_by = me', NULL, '{created_by}'),
        ('officeauto.clients', 'CLIENT', NULL, 'r.owner_user_id = me', NULL, '{owner_user_id}'),
        ('officeauto.credentials', 'CREDENTIAL', NULL, 'r.created_by = me', NULL, '{created_by}'),
        ('officeauto.calendar_resources', 'EVENT', NULL, NULL, NULL, '{}'),
        ('officeauto.events', 'EVENT', NULL, 'r.organizer_id = me', NULL, '{organizer_id}'),
        ('officeauto.lots', 'LOT', NULL, 'r.user_id = me', NULL, '{user_id}'),
        ('officeauto.tag_reference', 'PROJECT', NULL, NULL, NULL, '{}'),
        ('officeauto.users', 'USER', NULL, 'r.id = me', NULL, '{}'),
        ('officeauto.roles', 'ROLE', NULL, NULL, NULL, '{}'),
        ('officeauto.organizations', 'ORGANIZATION', NULL, NULL, NULL, '{}')
    ) AS v(tbl, resource, project, own, own_delete, owners) LOOP
        PERFORM officeauto._authorize_table(t.tbl::regclass, t.resource, t.project, t.own, NULL, NULL,
                                            t.own_delete, t.owners::text[]);
        PERFORM officeauto._restrict_visibility(t.tbl::regclass,
            officeauto._visible_expr(t.resource, replace(t.project, 'r.', ''), replace(t.own, 'r.', '')));
    END LOOP;

    -- Rows that are part of another: visible with their parent, written with UPDATE on it.
    FOR t IN SELECT * FROM (VALUES
        ('officeauto.task_time_entries', 'TASK', 'officeauto.tasks', 'task_id', 'r.project_id', 'r.user_id = me'),
        ('officeauto.document_versions', 'DOCUMENT', 'officeauto.documents', 'document_id', 'r.project_id', NULL),
        ('officeauto.document_relations', 'DOCUMENT', 'officeauto.documents', 'source_document_id', 'r.project_id', NULL),
        ('officeauto.file_versions', 'DOCUMENT', 'officeauto.files', 'file_id', NULL, NULL),
        ('officeauto.change_request_impacts', 'CHANGE_REQUEST', 'officeauto.change_requests', 'change_request_id', 'r.project_id', NULL),
        ('officeauto.test_executions', 'TEST_CASE', 'officeauto.test_cases', 'test_case_id', 'r.project_id', 'r.executed_by = me'),
        ('officeauto.test_case_relations', 'TEST_CASE', 'officeauto.test_cases', 'test_case_id', 'r.project_id', NULL),
        ('officeauto.project_tags', 'PROJECT', 'officeauto.projects', 'project_id', 'r.id', NULL),
        ('officeauto.project_members', 'PROJECT', 'officeauto.projects', 'project_id', 'r.id', NULL)
    ) AS v(tbl, resource, parent, fk, project, own) LOOP
        PERFORM officeauto._authorize_table(t.tbl::regclass, t.resource, t.project, NULL, t.parent::regclass, t.fk);
        PERFORM officeauto._restrict_visibility(t.tbl::regclass,
            format('EXISTS (SELECT FROM %s p WHERE p.id = %I)', t.parent, t.fk));
    END LOOP;
END
$$;

-- A document relation joins two documents: both must be visible.
SELECT officeauto._restrict_visibility('officeauto.document_relations',
    'EXISTS (SELECT FROM officeauto.documents p WHERE p.id = source_document_id)
     AND EXISTS (SELECT FROM officeauto.documents p WHERE p.id = target_document_id)');

-- Approvals: part of their change request; an approver records their own decision, which needs
-- APPROVE (checked by decide_change_request, which writes as the owner).
SELECT officeauto._authorize_table('officeauto.change_request_approvals', 'CHANGE_REQUEST', 'r.project_id', NULL,
                                   'officeauto.change_requests', 'change_request_id');
SELECT officeauto._restrict_visibility('officeauto.change_request_approvals',
    'approver_id = (SELECT officeauto.current_user_id())
     OR EXISTS (SELECT FROM officeauto.change_requests p WHERE p.id = change_request_id)');

-- Personal rows: the cartable, notifications and shortcuts belong to their user (a trusted
-- maintenance connection, for which _acting_user() is NULL, sees them all). Items reach
-- another user's cartable and notifications through the workflow functions, which write as the
-- caller: any authenticated user may put an item there, only its holder changes it.
CREATE FUNCTION officeauto.tg_authorize_personal() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    me bigint := officeauto._acting_user();
    holder bigint;
BEGIN
    IF me IS NULL THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'INSERT' THEN
        -- An item is about something its sender can see (the lookups run under the sender's
        -- policies), so the inbox cannot be used to probe for rows one may not see.
        IF TG_TABLE_NAME = 'cartable' THEN
            IF NOT (EXISTS (SELECT FROM officeauto.tasks t WHERE t.id = NEW.task_id)
                    OR EXISTS (SELECT FROM officeauto.documents d WHERE d.id = NEW.document_id)
                    OR EXISTS (SELECT FROM officeauto.change_requests c WHERE c.id = NEW.change_request_id)) THEN
                RAISE EXCEPTION 'permission denied: a cartable item must refer to a task, document or change request the sender can see'
                    USING ERRCODE = '42501';
            END IF;
        END IF;
        RETURN NEW;
    END IF;
    -- Separate statements: PL/pgSQL plans each only when it runs, and each table has one column.
    -- notifications names itself in the trigger's argument: its trigger runs cloned on its
    -- partitions, where TG_TABLE_NAME is the partition's name.
    IF TG_ARGV[0] = 'notifications' THEN
        holder := OLD.recipient_id;
    ELSE
        holder := OLD.user_id;
    END IF;
    IF holder IS DISTINCT FROM me THEN
        RAISE EXCEPTION 'permission denied: only its holder changes a % row', coalesce(TG_ARGV[0], TG_TABLE_NAME)
            USING ERRCODE = '42501';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
COMMENT ON FUNCTION officeauto.tg_authorize_personal() IS 'Authorization trigger of the cartable, notifications and shortcuts: anyone authenticated may add a row; only its holder changes or deletes it.';
CREATE TRIGGER authorize BEFORE INSERT OR UPDATE OR DELETE ON officeauto.cartable
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_personal();
CREATE TRIGGER authorize BEFORE INSERT OR UPDATE OR DELETE ON officeauto.notifications
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_personal('notifications');
CREATE TRIGGER authorize BEFORE INSERT OR UPDATE OR DELETE ON officeauto.shortcuts
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_personal();
SELECT officeauto._restrict_visibility('officeauto.cartable',
    '(SELECT officeauto._acting_user()) IS NULL OR user_id = (SELECT officeauto._acting_user())
     OR from_user_id = (SELECT officeauto._acting_user())');
SELECT officeauto._restrict_visibility('officeauto.notifications',
    '(SELECT officeauto._acting_user()) IS NULL OR recipient_id = (SELECT officeauto._acting_user())');
SELECT officeauto._restrict_visibility('officeauto.shortcuts',
    '(SELECT officeauto._acting_user()) IS NULL OR user_id = (SELECT officeauto._acting_user())');

-- Messages: a direct message is its sender's and recipient's; a conversation (no recipient)
-- is read by holders of MESSAGE READ at PROJECT or GLOBAL scope.
CREATE FUNCTION officeauto.tg_authorize_messages() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    me bigint := officeauto._acting_user();
BEGIN
    IF me IS NULL THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.sender_id IS DISTINCT FROM me THEN
            RAISE EXCEPTION 'permission denied: a message is sent in its sender''s name' USING ERRCODE = '42501';
        END IF;
        PERFORM officeauto._authorize('MESSAGE', 'CREATE', NULL, true, 'insert of officeauto.messages');
    ELSIF TG_OP = 'UPDATE' AND me = OLD.recipient_id AND me IS DISTINCT FROM OLD.sender_id THEN
        -- The recipient marks a message read, nothing else.
        IF (NEW.sender_id, NEW.recipient_id, NEW.conversation_id, NEW.body, NEW.deleted_at)
           IS DISTINCT FROM (OLD.sender_id, OLD.recipient_id, OLD.conversation_id, OLD.body, OLD.deleted_at) THEN
            RAISE EXCEPTION 'permission denied: the recipient of a message only marks it read' USING ERRCODE = '42501';
        END IF;
    ELSE
        PERFORM officeauto._authorize('MESSAGE', CASE WHEN TG_OP = 'DELETE' OR (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL)
                                                      THEN 'DELETE' ELSE 'UPDATE' END,
                                      NULL, me = OLD.sender_id, lower(TG_OP) || ' of officeauto.messages');
        IF TG_OP = 'UPDATE' AND NEW.sender_id IS DISTINCT FROM OLD.sender_id THEN
            RAISE EXCEPTION 'permission denied: a message keeps its sender' USING ERRCODE = '42501';
        END IF;
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
COMMENT ON FUNCTION officeauto.tg_authorize_messages() IS 'Authorization trigger of messages: sent in the sender''s name with MESSAGE CREATE; the recipient only marks read; edits and deletions need MESSAGE UPDATE/DELETE (own messages under SELF).';
CREATE TRIGGER authorize BEFORE INSERT OR UPDATE OR DELETE ON officeauto.messages
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_messages();
SELECT officeauto._restrict_visibility('officeauto.messages',
    '(SELECT officeauto._may_all(''MESSAGE'', ''READ''))
     OR (recipient_id IS NULL AND 0 = ANY ((SELECT officeauto._may_projects(''MESSAGE'', ''READ''))::bigint[]))
     OR ((SELECT officeauto._may_own(''MESSAGE'', ''READ''))
         AND (sender_id = (SELECT officeauto.current_user_id()) OR recipient_id = (SELECT officeauto.current_user_id())))');

-- Comments follow what they are on: visible with their subject, written by their author.
CREATE FUNCTION officeauto._entity_visible(p_type text, p_id uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
    -- Runs with the caller's rights: each lookup is filtered by that table's own policy.
    SELECT CASE p_type
        WHEN 'task' THEN EXISTS (SELECT FROM officeauto.tasks p WHERE p.public_id = p_id)
        WHEN 'document' THEN EXISTS (SELECT FROM officeauto.documents p WHERE p.public_id = p_id)
        WHEN 'project' THEN EXISTS (SELECT FROM officeauto.projects p WHERE p.public_id = p_id)
        WHEN 'change_request' THEN EXISTS (SELECT FROM officeauto.change_requests p WHERE p.public_id = p_id)
        WHEN 'test_case' THEN EXISTS (SELECT FROM officeauto.test_cases p WHERE p.public_id = p_id)
        WHEN 'client' THEN EXISTS (SELECT FROM officeauto.clients p WHERE p.public_id = p_id)
        WHEN 'event' THEN EXISTS (SELECT FROM officeauto.events p WHERE p.public_id = p_id)
        WHEN 'file' THEN EXISTS (SELECT FROM officeauto.files p WHERE p.public_id = p_id)
        ELSE false END
$$;
COMMENT ON FUNCTION officeauto._entity_visible(text, uuid) IS 'Internal: whether the caller can see the entity a comment is on.';
SELECT officeauto._restrict_visibility('officeauto.comments',
    '(SELECT officeauto._acting_user()) IS NULL OR author_id = (SELECT officeauto._acting_user())
     OR officeauto._entity_visible(entity_type, entity_id)');
CREATE FUNCTION officeauto.tg_authorize_comments() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    me bigint := officeauto._acting_user();
BEGIN
    IF me IS NULL THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.author_id IS DISTINCT FROM me THEN
            RAISE EXCEPTION 'permission denied: a comment is written in its author''s name' USING ERRCODE = '42501';
        END IF;
        IF NOT officeauto._entity_visible(NEW.entity_type, NEW.entity_id) THEN
            RAISE EXCEPTION 'permission denied: no visible % with id %', NEW.entity_type, NEW.entity_id USING ERRCODE = '42501';
        END IF;
        RETURN NEW;
    END IF;
    IF OLD.author_id IS DISTINCT FROM me THEN
        RAISE EXCEPTION 'permission denied: only its author changes a comment' USING ERRCODE = '42501';
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.entity_type, NEW.entity_id, NEW.author_id, NEW.parent_id)
                            IS DISTINCT FROM (OLD.entity_type, OLD.entity_id, OLD.author_id, OLD.parent_id) THEN
        RAISE EXCEPTION 'permission denied: a comment stays where and by whom it was written; edit its body'
            USING ERRCODE = '42501';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
COMMENT ON FUNCTION officeauto.tg_authorize_comments() IS 'Authorization trigger of comments: written by their author on an entity the author can see; changed only by the author.';
CREATE TRIGGER authorize BEFORE INSERT OR UPDATE OR DELETE ON officeauto.comments
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_comments();

------------------------------------------------------------------------------------------
-- Users, roles and grants
------------------------------------------------------------------------------------------

-- Users edit their own profile (name, time zone, locale, preferences) under USER UPDATE SELF;
-- their status, verification, 2FA flag and deletion are someone else's decision. Whoever
-- deactivates, suspends or deletes a user may not leave the organization without an owner.
-- Internal helpers the application executes (for its invoker triggers) and that take an
-- organization or user id answer only about the caller's own organization: 42501 otherwise,
-- unless the session is a superuser's or officeauto_admin's (maintenance, the extension's own
-- definer functions called by them).
CREATE FUNCTION officeauto._own_organization_only(p_organization bigint) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_organization IS DISTINCT FROM officeauto.current_organization_id()
       AND NOT coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user), false)
       AND NOT pg_has_role(session_user, 'officeauto_admin', 'USAGE') THEN
        RAISE EXCEPTION 'permission denied: not the current organization' USING ERRCODE = '42501';
    END IF;
END
$$;
COMMENT ON FUNCTION officeauto._own_organization_only(bigint) IS
    'Internal: 42501 unless the organization is the request''s own (superuser and officeauto_admin sessions excepted).';

-- Whether a user holds the organization-wide owner role.
CREATE FUNCTION officeauto._is_owner(p_user bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT EXISTS (SELECT FROM officeauto.user_roles ur
                     JOIN officeauto.roles r ON r.id = ur.role_id AND r.name = 'owner' AND r.is_system
                    WHERE ur.user_id = p_user AND ur.project_id IS NULL)
$$;
COMMENT ON FUNCTION officeauto._is_owner(bigint) IS 'Internal: whether a user holds the organization-wide owner role.';

-- Only owners act on owners. Whoever could change an owner's status, lock, address or
-- deletion without holding the owner role could take the organization over (lock the owners
-- out, point an owner's address at themselves and reset the password), although they cannot
-- grant or revoke the role itself (_check_role_change).
CREATE FUNCTION officeauto._check_owner_target(p_target bigint, p_me bigint) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- An application session asks only about itself acting (or about no one).
    IF p_me IS NOT NULL AND p_me IS DISTINCT FROM officeauto.current_user_id() THEN
        PERFORM officeauto._own_organization_only(NULL);
    END IF;
    IF p_me IS NOT NULL AND p_me IS DISTINCT FROM p_target
       AND officeauto._is_owner(p_target) AND NOT officeauto._is_owner(p_me)
       AND EXISTS (SELECT FROM officeauto.users a JOIN officeauto.users b ON b.organization_id = a.organization_id
                    WHERE a.id = p_target AND b.id = p_me) THEN
        RAISE EXCEPTION 'permission denied: only an owner changes an owner''s account' USING ERRCODE = '42501';
    END IF;
END
$$;
COMMENT ON FUNCTION officeauto._check_owner_target(bigint, bigint) IS
    'Internal (users guard, administration functions): 42501 when someone who is not an owner acts on an owner''s account.';

-- The lock the seat trigger takes on an organization row (17_organizations.sql), for the
-- last-owner rule: two transactions each taking one of two owners away must not both count
-- the other as still active. Under READ COMMITTED a row lock suffices (the count that follows
-- is a new statement and sees what the other committed); under a transaction-wide snapshot an
-- update of the row makes the later of two such transactions fail with 40001 instead.
CREATE FUNCTION officeauto._lock_organization(p_organization bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- An application login locks only its own organization's row.
    PERFORM officeauto._own_organization_only(p_organization);
    IF current_setting('transaction_isolation') IN ('read committed', 'read uncommitted') THEN
        PERFORM FROM officeauto.organizations WHERE id = p_organization FOR NO KEY UPDATE;
    ELSE
        UPDATE officeauto.organizations SET seat_limit = seat_limit WHERE id = p_organization;
    END IF;
END
$$;
COMMENT ON FUNCTION officeauto._lock_organization(bigint) IS
    'Internal (last-owner rule): locks one''s own organization row (42501 for another''s from an application session) so that concurrent changes of its owners are counted one after the other.';

CREATE FUNCTION officeauto.tg_users_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    me bigint := officeauto._acting_user();
BEGIN
    PERFORM officeauto._check_owner_target(OLD.id, me);
    IF TG_OP = 'UPDATE' AND me = OLD.id
       AND (NEW.status, NEW.deleted_at, NEW.deleted_by, NEW.email_verified_at, NEW.two_factor_enabled,
            NEW.last_login_at, NEW.locked_until, NEW.lock_count)
           IS DISTINCT FROM (OLD.status, OLD.deleted_at, OLD.deleted_by, OLD.email_verified_at, OLD.two_factor_enabled,
                             OLD.last_login_at, OLD.locked_until, OLD.lock_count) THEN
        RAISE EXCEPTION 'permission denied: users change only their own profile (name, time zone, locale, preferences), not their status, verification, two-factor setting, lockout or deletion'
            USING ERRCODE = '42501';
    END IF;
    IF OLD.status = 'active' AND OLD.deleted_at IS NULL
       AND (TG_OP = 'DELETE' OR NEW.status <> 'active' OR NEW.deleted_at IS NOT NULL) THEN
        PERFORM officeauto._lock_organization(OLD.organization_id);
    END IF;
    IF OLD.status = 'active' AND OLD.deleted_at IS NULL
       AND (TG_OP = 'DELETE' OR NEW.status <> 'active' OR NEW.deleted_at IS NOT NULL)
       AND officeauto._loses_last_owner(OLD.organization_id, OLD.id) THEN
        RAISE EXCEPTION 'the organization must keep an active owner' USING ERRCODE = 'OA060',
            HINT = 'Grant the owner role to another active user first.';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
COMMENT ON FUNCTION officeauto.tg_users_guard() IS 'BEFORE UPDATE/DELETE trigger on users: no one changes their own status, verification, 2FA flag, lockout state or deletion; the last active owner stays (OA060).';
CREATE TRIGGER guard BEFORE UPDATE OR DELETE ON officeauto.users
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_users_guard();

-- Whether taking the owner role (or activity) from a user leaves a live organization without an
-- active owner. An organization being deleted (its rows cascading away) has none to keep.
CREATE FUNCTION officeauto._loses_last_owner(p_organization bigint, p_user bigint) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- The guards call this with the rights of the application, which must not learn anything
    -- of another organization's owners through it.
    PERFORM officeauto._own_organization_only(p_organization);
    RETURN EXISTS (SELECT FROM officeauto.organizations o WHERE o.id = p_organization AND o.deleted_at IS NULL)
       AND EXISTS (SELECT FROM officeauto.user_roles ur
                     JOIN officeauto.roles r ON r.id = ur.role_id AND r.name = 'owner' AND r.is_system
                    WHERE ur.user_id = p_user AND ur.project_id IS NULL)
       AND officeauto._owner_count(p_organization, p_user) = 0;
END
$$;
COMMENT ON FUNCTION officeauto._loses_last_owner(bigint, bigint) IS 'Internal: whether a user is the last active owner of a live organization.';

-- Granting or revoking a role: needs ROLE CREATE (grant) or ROLE DELETE (revoke) where the grant
-- applies, and every permission the role carries, so no one hands out more than they hold (only
-- an owner makes owners). No one changes their own roles. The last owner stays.
CREATE FUNCTION officeauto._check_role_change(p_kind text, p_user bigint, p_role bigint, p_project bigint, p_me bigint)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF p_user = p_me THEN
        RAISE EXCEPTION 'permission denied: users cannot change their own roles' USING ERRCODE = '42501';
    END IF;
    PERFORM officeauto._require_permission('ROLE', CASE p_kind WHEN 'grant' THEN 'CREATE' ELSE 'DELETE' END,
                                           p_project, false, p_kind || ' of a role');
    IF EXISTS (SELECT FROM officeauto.role_permissions rp
                 JOIN officeauto.permissions p ON p.id = rp.permission_id
                WHERE rp.role_id = p_role AND NOT officeauto._has_permission(p.resource, p.action, p_project)) THEN
        RAISE EXCEPTION 'permission denied: a role can only be granted or revoked by someone holding all of its permissions'
            USING ERRCODE = '42501';
    END IF;
END
$$;
COMMENT ON FUNCTION officeauto._check_role_change(text, bigint, bigint, bigint, bigint) IS 'Internal (user_roles guard): the acting user may grant or revoke this role here.';

CREATE FUNCTION officeauto.tg_user_roles_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    me bigint := officeauto._acting_user();
BEGIN
    IF me IS NOT NULL THEN
        IF TG_OP <> 'INSERT' THEN
            PERFORM officeauto._check_role_change('revoke', OLD.user_id, OLD.role_id, OLD.project_id, me);
        END IF;
        IF TG_OP <> 'DELETE' THEN
            PERFORM officeauto._check_role_change('grant', NEW.user_id, NEW.role_id, NEW.project_id, me);
        END IF;
        IF TG_OP = 'INSERT' THEN
            NEW.granted_by := me;
        END IF;
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.project_id IS NULL
       AND (TG_OP = 'DELETE' OR (NEW.user_id, NEW.role_id, NEW.project_id) IS DISTINCT FROM (OLD.user_id, OLD.role_id, OLD.project_id))
       AND EXISTS (SELECT FROM officeauto.roles r WHERE r.id = OLD.role_id AND r.name = 'owner' AND r.is_system) THEN
        PERFORM officeauto._lock_organization(OLD.organization_id);
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.project_id IS NULL
       AND (TG_OP = 'DELETE' OR (NEW.user_id, NEW.role_id, NEW.project_id) IS DISTINCT FROM (OLD.user_id, OLD.role_id, OLD.project_id))
       AND EXISTS (SELECT FROM officeauto.roles r WHERE r.id = OLD.role_id AND r.name = 'owner' AND r.is_system)
       AND officeauto._loses_last_owner(OLD.organization_id, OLD.user_id) THEN
        RAISE EXCEPTION 'the organization must keep an active owner' USING ERRCODE = 'OA060',
            HINT = 'Grant the owner role to another active user first.';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
COMMENT ON FUNCTION officeauto.tg_user_roles_guard() IS 'BEFORE trigger on user_roles: grants need ROLE CREATE, revokes ROLE DELETE, and all of the role''s permissions; no one changes their own roles; the last active owner stays (OA060).';
CREATE TRIGGER guard BEFORE INSERT OR UPDATE OR DELETE ON officeauto.user_roles
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_user_roles_guard();

-- Role definitions: ROLE CREATE/UPDATE/DELETE (the generated trigger on roles); the built-in
-- roles are the templates' and stay as shipped; a permission is added to or removed from a
-- custom role only by someone holding it.
CREATE FUNCTION officeauto.tg_roles_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    me bigint := officeauto._acting_user();
    role_id_ bigint;
BEGIN
    IF me IS NULL THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_TABLE_NAME = 'roles' THEN
        IF (TG_OP <> 'INSERT' AND OLD.is_system) OR (TG_OP <> 'DELETE' AND NEW.is_system) THEN
            RAISE EXCEPTION 'permission denied: built-in roles are not changed; create a custom role instead'
                USING ERRCODE = '42501';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    -- role_permissions
    FOR role_id_ IN SELECT unnest(ARRAY[CASE WHEN TG_OP <> 'INSERT' THEN OLD.role_id END,
                                        CASE WHEN TG_OP <> 'DELETE' THEN NEW.role_id END]) LOOP
        CONTINUE WHEN role_id_ IS NULL;
        PERFORM officeauto._require_permission('ROLE', 'UPDATE', NULL, false, 'a change of a role''s permissions');
        IF EXISTS (SELECT FROM officeauto.roles r WHERE r.id = role_id_ AND r.is_system) THEN
            RAISE EXCEPTION 'permission denied: built-in roles are not changed; create a custom role instead'
                USING ERRCODE = '42501';
        END IF;
    END LOOP;
    IF EXISTS (SELECT FROM officeauto.permissions p
                WHERE p.id IN (CASE WHEN TG_OP <> 'INSERT' THEN OLD.permission_id END,
                               CASE WHEN TG_OP <> 'DELETE' THEN NEW.permission_id END)
                  AND NOT officeauto._has_permission(p.resource, p.action)) THEN
        RAISE EXCEPTION 'permission denied: a permission can only be given to or taken from a role by someone holding it'
            USING ERRCODE = '42501';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
COMMENT ON FUNCTION officeauto.tg_roles_guard() IS 'BEFORE trigger on roles and role_permissions: built-in roles stay as shipped; permissions of custom roles change with ROLE UPDATE, and only by someone holding them.';
CREATE TRIGGER guard BEFORE INSERT OR UPDATE OR DELETE ON officeauto.roles
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_roles_guard();
CREATE TRIGGER guard BEFORE INSERT OR UPDATE OR DELETE ON officeauto.role_permissions
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_roles_guard();
SELECT officeauto._restrict_visibility('officeauto.role_permissions',
    'EXISTS (SELECT FROM officeauto.roles p WHERE p.id = role_id)');
SELECT officeauto._restrict_visibility('officeauto.user_roles',
    '(SELECT officeauto._may_all(''ROLE'', ''READ'')) OR user_id = (SELECT officeauto.current_user_id())');

-- A change to roles, grants or memberships takes effect from the next statement of the
-- transaction that makes it, and in every other backend from its next transaction once it
-- commits (kept permissions are dropped through a relcache invalidation of the changed table;
-- see src/authz.rs).
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['roles', 'role_permissions', 'user_roles', 'permissions', 'project_members',
                             'access_role_reference', 'projects', 'users'] LOOP
        EXECUTE format('CREATE TRIGGER permissions_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON officeauto.%I
                        FOR EACH STATEMENT EXECUTE FUNCTION officeauto._permissions_changed()', t);
        -- Also under session_replication_role = replica (a DBA's bulk load, a restore into a
        -- live database): changes made there must drop kept permissions too.
        EXECUTE format('ALTER TABLE officeauto.%I ENABLE ALWAYS TRIGGER permissions_changed', t);
        -- A logical replication apply worker fires row triggers only, and only those enabled
        -- for replicas: this one covers a subscriber that serves the application (and costs
        -- nothing elsewhere).
        EXECUTE format('CREATE TRIGGER permissions_replicated AFTER INSERT OR UPDATE OR DELETE ON officeauto.%I
                        FOR EACH ROW EXECUTE FUNCTION officeauto._permissions_changed()', t);
        EXECUTE format('ALTER TABLE officeauto.%I ENABLE REPLICA TRIGGER permissions_replicated', t);
    END LOOP;
END
$$;

-- Every grant and revoke of a role, and every change of a role's permissions, is in the audit
-- trail with who did it: user_roles, role_permissions and roles are audited from the install
-- (sql/13_audit_trail.sql).

-- Sessions: an application reads its users' sessions through session_monitoring; a user sees
-- their own, holders of SESSION READ GLOBAL all of the organization's.
SELECT officeauto._restrict_visibility('officeauto.user_sessions', officeauto._visible_expr('SESSION', NULL, 'user_id = me'));
SELECT officeauto._restrict_visibility('officeauto.refresh_tokens', officeauto._visible_expr('SESSION', NULL, 'user_id = me'));
SELECT officeauto._restrict_visibility('officeauto.email_verifications', officeauto._visible_expr('USER', NULL, 'user_id = me'));
-- The audit trail: AUDIT_LOG READ GLOBAL reads it all; PROJECT the history of the projects
-- one belongs to (changes to the project row and to rows carrying its project_id: the
-- project_history and audit_trail_by_project views); SELF one's own actions. A row outside
-- projects has no project here (NULL, not 0), so PROJECT scope never reaches it.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['officeauto.audit_logs', 'officeauto.audit_logs_archive'] LOOP
        PERFORM officeauto._restrict_visibility(t::regclass, $c$
            (SELECT officeauto._may_all('AUDIT_LOG', 'READ'))
            OR CASE WHEN table_name = 'officeauto.projects' THEN (row_pk ->> 'id')::bigint
                    ELSE (coalesce(new_data, old_data) ->> 'project_id')::bigint END
               = ANY ((SELECT officeauto._may_projects('AUDIT_LOG', 'READ'))::bigint[])
            OR ((SELECT officeauto._may_own('AUDIT_LOG', 'READ')) AND actor_user_id = (SELECT officeauto.current_user_id()))$c$);
    END LOOP;
END
$$;
SELECT officeauto._restrict_visibility('officeauto.credential_audit_logs', officeauto._visible_expr('AUDIT_LOG', NULL, 'user_id = me'));

------------------------------------------------------------------------------------------
-- Defaults from the context: the organization and the acting user fill themselves in, so
-- INSERT INTO officeauto.tasks (title, project_id) VALUES (...) works as the application user.
-- A value naming another organization is still refused by the policy (42501).
------------------------------------------------------------------------------------------
DO $$
DECLARE
    c record;
BEGIN
    FOR c IN
        SELECT a.attrelid::regclass AS tbl, a.attname
          FROM pg_attribute a JOIN pg_class k ON k.oid = a.attrelid
         -- A partitioned table passes its defaults on to its partitions.
         WHERE k.relnamespace = 'officeauto'::regnamespace AND k.relkind IN ('r', 'p') AND NOT k.relispartition
           AND a.attnum > 0 AND NOT a.attisdropped AND a.atthasdef = false
           AND k.relname NOT IN ('audit_logs', 'audit_logs_archive', 'organizations')
           AND (a.attname = 'organization_id'
                OR a.attname IN ('created_by', 'requested_by', 'author_id', 'uploaded_by', 'sender_id',
                                 'organizer_id', 'owner_id', 'owner_user_id', 'granted_by', 'executed_by')
                OR (a.attname = 'user_id' AND k.relname IN ('task_time_entries', 'lots', 'shortcuts')))
           AND EXISTS (SELECT FROM pg_attribute o WHERE o.attrelid = a.attrelid AND o.attname = 'organization_id')
    LOOP
        EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET DEFAULT %s', c.tbl, c.attname,
                       CASE WHEN c.attname = 'organization_id' THEN 'officeauto.current_organization_id()'
                            ELSE 'officeauto.current_user_id()' END);
    END LOOP;
END
$$;

-- Owners and admins edit their organization's name and settings (ORGANIZATION UPDATE); its
-- slug (unique across organizations), plan, lifecycle and subscription are the platform's.
GRANT UPDATE (name, settings) ON officeauto.organizations TO officeauto_app;

------------------------------------------------------------------------------------------
-- Reporting logins
------------------------------------------------------------------------------------------

-- Not a tenant table: which reporting roles read which organizations. Managed by the platform
-- operator (officeauto_admin).
CREATE TABLE officeauto.reporting_access (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    role_name       name NOT NULL,
    organization_id bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    granted_by      name NOT NULL DEFAULT session_user,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (role_name, organization_id)
);
SELECT officeauto._setup_table('officeauto.reporting_access');
SELECT officeauto._grant_table('officeauto.reporting_access', 'none', false);
COMMENT ON TABLE officeauto.reporting_access IS 'Read access of reporting roles (members of officeauto_readonly) to organizations, granted with grant_reporting_access(). Roles are named, so a dump restores into a cluster with the same role names.';

CREATE FUNCTION officeauto.grant_reporting_access(p_role regrole, p_organization uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    org bigint;
BEGIN
    IF p_role IS NULL OR p_organization IS NULL THEN
        RAISE EXCEPTION 'role and organization are required' USING ERRCODE = '22023';
    END IF;
    IF NOT pg_has_role(p_role, 'officeauto_readonly', 'MEMBER') THEN
        RAISE EXCEPTION 'role % is not a member of officeauto_readonly', p_role USING ERRCODE = '22023',
            HINT = 'GRANT officeauto_readonly TO the reporting login first.';
    END IF;
    IF pg_has_role(p_role, 'officeauto_app', 'MEMBER') OR pg_has_role(p_role, 'officeauto_admin', 'MEMBER') THEN
        RAISE EXCEPTION 'role % is also an application or admin role; reporting access is for read-only logins', p_role
            USING ERRCODE = '22023';
    END IF;
    SELECT id INTO org FROM officeauto.organizations WHERE public_id = p_organization AND deleted_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no organization with public id %', p_organization USING ERRCODE = 'P0002';
    END IF;
    INSERT INTO officeauto.reporting_access (role_name, organization_id) VALUES (p_role::text, org)
    ON CONFLICT DO NOTHING;
    PERFORM officeauto.log_activity('grant_reporting_access', jsonb_build_object('role', p_role::text, 'organization', p_organization));
END
$$;
COMMENT ON FUNCTION officeauto.grant_reporting_access(regrole, uuid) IS 'Lets a reporting login (a member of officeauto_readonly) read one organization''s rows through tables and views, secrets excepted. officeauto_admin only.';

CREATE FUNCTION officeauto.revoke_reporting_access(p_role regrole, p_organization uuid) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    n integer;
BEGIN
    IF p_role IS NULL OR p_organization IS NULL THEN
        RAISE EXCEPTION 'role and organization are required' USING ERRCODE = '22023';
    END IF;
    DELETE FROM officeauto.reporting_access
     WHERE role_name = p_role::text
       AND organization_id = (SELECT id FROM officeauto.organizations WHERE public_id = p_organization);
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n > 0 THEN
        PERFORM officeauto.log_activity('revoke_reporting_access', jsonb_build_object('role', p_role::text, 'organization', p_organization));
    END IF;
    RETURN n > 0;
END
$$;
COMMENT ON FUNCTION officeauto.revoke_reporting_access(regrole, uuid) IS 'Ends a reporting login''s read access to an organization; false if it had none. officeauto_admin only.';

-- The API's form names the project by public id. It answers a question rather than acting on
-- the project, so a project the caller cannot see (another organization's, one whose
-- membership ended, none at all) is false: nothing may be done there. Never "outside
-- projects", which a NULL project means.
CREATE FUNCTION officeauto.has_permission(resource text, action text, project uuid DEFAULT NULL) RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED AS $$
DECLARE
    project_id bigint;
BEGIN
    IF project IS NOT NULL THEN
        SELECT p.id INTO project_id FROM officeauto.projects p WHERE p.public_id = project;
        IF NOT FOUND THEN
            RETURN false;
        END IF;
    END IF;
    RETURN officeauto._has_permission(resource, action, project_id);
END
$$;

------------------------------------------------------------------------------------------
-- Execute privileges of this file's functions (sql/15_workflows.sql revoked PUBLIC's).
------------------------------------------------------------------------------------------
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA officeauto FROM PUBLIC;
-- Policies and owner's-rights views call these with the rights of whoever queries. Trigger
-- functions need no grant: PostgreSQL checks EXECUTE on them when the trigger is created.
GRANT EXECUTE ON FUNCTION
    officeauto.has_permission(text, text, uuid), officeauto._has_permission(text, text, bigint),
    officeauto._may_all(text, text),
    officeauto._may_projects(text, text), officeauto._readable_organizations()
   TO officeauto_app, officeauto_readonly, officeauto_admin;
GRANT EXECUTE ON FUNCTION officeauto._reporting_organizations() TO officeauto_readonly, officeauto_admin;
GRANT EXECUTE ON FUNCTION
    officeauto._tenant(), officeauto._may_own(text, text), officeauto._entity_visible(text, uuid),
    officeauto._authorize(text, text, bigint, boolean, text), officeauto._require_permission(text, text, bigint, boolean, text),
    officeauto._acting_user(), officeauto._loses_last_owner(bigint, bigint), officeauto._own_organization_only(bigint),
    officeauto._check_owner_target(bigint, bigint), officeauto._lock_organization(bigint),
    officeauto._check_role_change(text, bigint, bigint, bigint, bigint)
   TO officeauto_app, officeauto_admin;
GRANT EXECUTE ON FUNCTION officeauto.grant_reporting_access(regrole, uuid), officeauto.revoke_reporting_access(regrole, uuid)
   TO officeauto_admin;
-- The WHEN condition of seed_roles and default_role runs with the rights of whoever inserts the
-- organization or the account: an officeauto_admin login may.
GRANT EXECUTE ON FUNCTION officeauto._is_restoring() TO officeauto_admin;

COMMENT ON FUNCTION officeauto.has_permission(text, text, uuid) IS 'Whether the authenticated user may perform an action (CREATE, READ, UPDATE, DELETE, APPROVE) on a resource: in the project named by its public id (false for one the caller cannot see), or with project NULL on rows outside projects (GLOBAL, or PROJECT scope). Read from backend memory, once per transaction. Trusted maintenance connections: true; no context: false.';
COMMENT ON FUNCTION officeauto._has_permission(text, text, bigint) IS 'Internal (has_permission, the role checks): has_permission with the project''s internal id.';
COMMENT ON FUNCTION officeauto._tenant() IS 'Internal (row-level security): the organization of the request; 28000 for an application connection without authenticate() in this transaction.';
COMMENT ON FUNCTION officeauto._may_all(text, text) IS 'Internal (row-level security): the action is allowed on every row of the organization (GLOBAL scope).';
COMMENT ON FUNCTION officeauto._may_projects(text, text) IS 'Internal (row-level security): projects where the action is allowed; 0 stands for rows outside projects.';
COMMENT ON FUNCTION officeauto._may_own(text, text) IS 'Internal (row-level security): the action is allowed on the user''s own rows (SELF scope).';
COMMENT ON FUNCTION officeauto._authorize(text, text, bigint, boolean, text) IS 'Internal (write triggers): raises 42501 unless the acting user may perform the action on the row.';
COMMENT ON FUNCTION officeauto._require_permission(text, text, bigint, boolean, text) IS 'Internal (SECURITY DEFINER functions): raises 42501 unless the acting user may perform the action, 28000 without a user.';
COMMENT ON FUNCTION officeauto._acting_user() IS 'Internal (authorization triggers): the acting user; NULL for superuser statements and trusted connections; 28000 without a context.';
COMMENT ON FUNCTION officeauto._readable_organizations() IS 'Internal (owner''s-rights views, searches): organizations the caller may read.';
COMMENT ON FUNCTION officeauto._reporting_organizations() IS 'Internal (row-level security for officeauto_readonly): organizations granted to the current role by grant_reporting_access().';
COMMENT ON FUNCTION officeauto._permissions_changed() IS 'Internal statement trigger: roles, grants or memberships changed; cached permissions of this backend are reloaded.';
