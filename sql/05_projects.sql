-- Projects: projects, membership and access roles, tags, change requests with impacts and
-- approvals.

CREATE TABLE officeauto.projects (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id       uuid NOT NULL DEFAULT officeauto.uuid_generate_v7() UNIQUE,
    organization_id bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    parent_id       bigint,
    code            text NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9-]{1,19}$'),
    name            text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    description     text CHECK (length(description) <= 10000),
    status          text NOT NULL DEFAULT 'planning'
                    CHECK (status IN ('planning', 'active', 'on_hold', 'completed', 'cancelled', 'archived')),
    manager_id      bigint,
    start_date      date,
    end_date        date,
    metadata        jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    created_by      bigint,
    updated_by      bigint,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz,
    deleted_by      bigint,
    version         integer NOT NULL DEFAULT 1,
    CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date),
    CHECK (parent_id IS DISTINCT FROM id),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, parent_id) REFERENCES officeauto.projects (organization_id, id) ON DELETE SET NULL (parent_id),
    FOREIGN KEY (organization_id, manager_id) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (manager_id),
    FOREIGN KEY (organization_id, created_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (created_by),
    FOREIGN KEY (organization_id, updated_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (updated_by),
    FOREIGN KEY (organization_id, deleted_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (deleted_by)
);
CREATE UNIQUE INDEX projects_code_key ON officeauto.projects (organization_id, code) WHERE deleted_at IS NULL;
CREATE INDEX projects_status_idx ON officeauto.projects (organization_id, status) WHERE deleted_at IS NULL;
SELECT officeauto._setup_table('officeauto.projects');
COMMENT ON TABLE officeauto.projects IS 'Projects (hierarchical through parent_id): the container of documents, tasks, change requests and test cases.';
COMMENT ON COLUMN officeauto.projects.code IS 'Short upper-case key, unique per organization among live projects (e.g. CRM-2).';

-- Not a tenant table: the access-role vocabulary is shared; seeded rows are is_builtin.
CREATE TABLE officeauto.access_role_reference (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text NOT NULL UNIQUE CHECK (code ~ '^[a-z][a-z_]{1,29}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    description text CHECK (length(description) <= 1000),
    can_edit    boolean NOT NULL DEFAULT false,
    can_manage  boolean NOT NULL DEFAULT false,
    rank        integer NOT NULL CHECK (rank >= 0),
    is_builtin  boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now()
);
SELECT officeauto._setup_table('officeauto.access_role_reference', NULL, 'WHERE NOT is_builtin');
INSERT INTO officeauto.access_role_reference (code, name, description, can_edit, can_manage, rank, is_builtin) VALUES
    ('owner', 'Owner', 'Full control, including membership and deletion', true, true, 40, true),
    ('manager', 'Manager', 'Manages members, approves changes', true, true, 30, true),
    ('contributor', 'Contributor', 'Creates and edits project content', true, false, 20, true),
    ('viewer', 'Viewer', 'Reads project content', false, false, 10, true);
COMMENT ON TABLE officeauto.access_role_reference IS 'Project access roles (owner, manager, contributor, viewer, ...), shared by all organizations.';

CREATE TABLE officeauto.project_members (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    project_id      bigint NOT NULL,
    user_id         bigint NOT NULL,
    access_role_id  bigint NOT NULL REFERENCES officeauto.access_role_reference (id),
    is_active       boolean NOT NULL DEFAULT true,
    joined_at       timestamptz NOT NULL DEFAULT now(),
    left_at         timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 1,
    CHECK (left_at IS NULL OR left_at >= joined_at),
    UNIQUE (organization_id, project_id, user_id),
    FOREIGN KEY (organization_id, project_id) REFERENCES officeauto.projects (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, user_id) REFERENCES officeauto.users (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX project_members_user_idx ON officeauto.project_members (organization_id, user_id, access_role_id) WHERE is_active;
SELECT officeauto._setup_table('officeauto.project_members');
COMMENT ON TABLE officeauto.project_members IS 'Who takes part in a project, with which access role (seed: project_access).';

-- Project-scoped role grants (user_roles.project_id) can only now reference projects.
ALTER TABLE officeauto.user_roles
    ADD FOREIGN KEY (organization_id, project_id) REFERENCES officeauto.projects (organization_id, id) ON DELETE CASCADE;
SELECT officeauto._setup_table('officeauto.user_roles');

CREATE TABLE officeauto.tag_reference (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id       uuid NOT NULL DEFAULT officeauto.uuid_generate_v7() UNIQUE,
    organization_id bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    name            text NOT NULL CHECK (name = lower(btrim(name)) AND length(name) BETWEEN 1 AND 50),
    category        text NOT NULL DEFAULT 'general' CHECK (category ~ '^[a-z][a-z_]{1,29}$'),
    color           text CHECK (color ~ '^#[0-9a-fA-F]{6}$'),
    description     text CHECK (length(description) <= 1000),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz,
    deleted_by      bigint,
    version         integer NOT NULL DEFAULT 1,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, deleted_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (deleted_by)
);
CREATE UNIQUE INDEX tag_reference_name_key ON officeauto.tag_reference (organization_id, name) WHERE deleted_at IS NULL;
SELECT officeauto._setup_table('officeauto.tag_reference');
COMMENT ON TABLE officeauto.tag_reference IS 'Project tags of an organization (lower-case names), grouped by category for filtering and UI.';

CREATE TABLE officeauto.project_tags (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    project_id      bigint NOT NULL,
    tag_id          bigint NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, project_id, tag_id),
    FOREIGN KEY (organization_id, project_id) REFERENCES officeauto.projects (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, tag_id) REFERENCES officeauto.tag_reference (organization_id, id) ON DELETE CASCADE
);
SELECT officeauto._setup_table('officeauto.project_tags');
COMMENT ON TABLE officeauto.project_tags IS 'Tags attached to projects (many to many). Link rows are inserted and deleted, never updated.';

CREATE TABLE officeauto.change_requests (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id       uuid NOT NULL DEFAULT officeauto.uuid_generate_v7() UNIQUE,
    organization_id bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    project_id      bigint NOT NULL,
    title           text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 300),
    description     text CHECK (length(description) <= 20000),
    reason          text CHECK (length(reason) <= 5000),
    status          text NOT NULL DEFAULT 'draft'
                    CHECK (status IN ('draft', 'submitted', 'under_review', 'approved', 'rejected',
                                      'implemented', 'cancelled')),
    priority        text NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
    requested_by    bigint,
    assignee_id     bigint,
    submitted_at    timestamptz,
    decided_at      timestamptz,
    target_date     date,
    metadata        jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz,
    deleted_by      bigint,
    version         integer NOT NULL DEFAULT 1,
    CHECK (decided_at IS NULL OR submitted_at IS NULL OR decided_at >= submitted_at),
    CHECK ((status IN ('approved', 'rejected', 'implemented')) <= (decided_at IS NOT NULL)),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, project_id) REFERENCES officeauto.projects (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, requested_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (requested_by),
    FOREIGN KEY (organization_id, assignee_id) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (assignee_id),
    FOREIGN KEY (organization_id, deleted_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (deleted_by)
);
CREATE INDEX change_requests_status_idx ON officeauto.change_requests (project_id, status) WHERE deleted_at IS NULL;
SELECT officeauto._setup_table('officeauto.change_requests');
COMMENT ON TABLE officeauto.change_requests IS 'Change control: a requested change to a project, its impacts and its approvals.';
COMMENT ON COLUMN officeauto.change_requests.decided_at IS 'When the request was approved or rejected; required for those statuses.';

CREATE TABLE officeauto.change_request_impacts (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id    bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    change_request_id  bigint NOT NULL,
    area               text NOT NULL CHECK (area IN ('scope', 'schedule', 'cost', 'quality', 'risk', 'resources', 'security')),
    severity           text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    description        text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 5000),
    estimated_hours    numeric(10, 2) CHECK (estimated_hours >= 0),
    estimated_cost     numeric(14, 2) CHECK (estimated_cost >= 0),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    version            integer NOT NULL DEFAULT 1,
    FOREIGN KEY (organization_id, change_request_id) REFERENCES officeauto.change_requests (organization_id, id) ON DELETE CASCADE
);
SELECT officeauto._setup_table('officeauto.change_request_impacts');
COMMENT ON TABLE officeauto.change_request_impacts IS 'Assessed impact of a change request per area (scope, schedule, cost, ...).';

CREATE TABLE officeauto.change_request_approvals (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id    bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    change_request_id  bigint NOT NULL,
    approver_id        bigint NOT NULL,
    is_required        boolean NOT NULL DEFAULT true,
    decision           text NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending', 'approved', 'rejected')),
    decided_at         timestamptz,
    comment            text CHECK (length(comment) <= 5000),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    version            integer NOT NULL DEFAULT 1,
    CHECK ((decision = 'pending') = (decided_at IS NULL)),
    UNIQUE (organization_id, change_request_id, approver_id),
    FOREIGN KEY (organization_id, change_request_id) REFERENCES officeauto.change_requests (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, approver_id) REFERENCES officeauto.users (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX change_request_approvals_pending_idx ON officeauto.change_request_approvals (approver_id)
    WHERE decision = 'pending';
SELECT officeauto._setup_table('officeauto.change_request_approvals');
COMMENT ON TABLE officeauto.change_request_approvals IS 'Approvers of a change request and their decisions; a request is approved only when every required approver approved.';
