-- Tenancy and identity: organizations, users, RBAC, e-mail verification.

CREATE TABLE officeauto.organizations (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id       uuid NOT NULL DEFAULT officeauto.uuid_generate_v7() UNIQUE,
    name            text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    slug            text NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    plan            text NOT NULL DEFAULT 'standard' CHECK (plan IN ('free', 'standard', 'enterprise')),
    settings        jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object'),
    is_active       boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz,
    -- No foreign key: users reference organizations, and the deleting administrator may belong
    -- to another organization (or be the platform operator).
    deleted_by      bigint,
    version         integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX organizations_slug_key ON officeauto.organizations (slug) WHERE deleted_at IS NULL;
-- An organization sees only itself.
SELECT officeauto._setup_table('officeauto.organizations', 'id');
COMMENT ON TABLE officeauto.organizations IS 'Tenants. Every tenant table carries organization_id and is isolated by row-level security.';
COMMENT ON COLUMN officeauto.organizations.slug IS 'URL-safe unique handle (lower case, digits, hyphens), unique among live organizations.';
COMMENT ON COLUMN officeauto.organizations.settings IS 'Organization-level preferences (JSON object).';

CREATE TABLE officeauto.users (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id           uuid NOT NULL DEFAULT officeauto.uuid_generate_v7() UNIQUE,
    organization_id     bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    username            text NOT NULL CHECK (username ~ '^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$'),
    email               text NOT NULL CHECK (officeauto.is_valid_email(email)),
    full_name           text NOT NULL CHECK (length(btrim(full_name)) BETWEEN 1 AND 200),
    password_hash       text NOT NULL CHECK (length(password_hash) <= 512
                                             AND (password_hash ~ '^\$[a-z0-9-]+\$' OR password_hash = '!')),
    status              text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'suspended')),
    email_verified_at   timestamptz,
    last_login_at       timestamptz,
    timezone            text NOT NULL DEFAULT 'UTC' CHECK (length(timezone) BETWEEN 1 AND 64),
    locale              text NOT NULL DEFAULT 'en' CHECK (locale ~ '^[a-z]{2}(-[A-Z]{2})?$'),
    two_factor_enabled  boolean NOT NULL DEFAULT false,
    preferences         jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(preferences) = 'object'),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    deleted_at          timestamptz,
    deleted_by          bigint,
    version             integer NOT NULL DEFAULT 1,
    -- Target of the composite (organization_id, user) foreign keys, which make a reference to
    -- another tenant's user impossible (referential checks bypass row-level security).
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, deleted_by) REFERENCES officeauto.users (organization_id, id)
        ON DELETE SET NULL (deleted_by)
);
-- Login takes no organization, so identifiers are unique across the installation, ignoring case.
CREATE UNIQUE INDEX users_username_key ON officeauto.users (lower(username)) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX users_email_key ON officeauto.users (lower(email)) WHERE deleted_at IS NULL;
CREATE INDEX users_org_status_idx ON officeauto.users (organization_id, status) WHERE deleted_at IS NULL;
CREATE INDEX users_last_login_idx ON officeauto.users (last_login_at DESC) WHERE deleted_at IS NULL;
SELECT officeauto._setup_table('officeauto.users');
COMMENT ON TABLE officeauto.users IS 'Accounts. One users table serves every module (office, CRM, projects).';
COMMENT ON COLUMN officeauto.users.username IS 'Login name, 3-64 characters; unique among live users regardless of case.';
COMMENT ON COLUMN officeauto.users.email IS 'Login e-mail; unique among live users regardless of case.';
COMMENT ON COLUMN officeauto.users.password_hash IS 'PHC string (argon2id, or legacy bcrypt until the next login), or ''!'' for an account with no password. Secret: not readable by officeauto_app or officeauto_readonly.';
COMMENT ON COLUMN officeauto.users.status IS 'active, inactive or suspended; only active users may log in.';
COMMENT ON COLUMN officeauto.users.version IS 'Optimistic-concurrency counter: an UPDATE carrying another value fails with SQLSTATE 40001.';

CREATE TABLE officeauto.roles (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id       uuid NOT NULL DEFAULT officeauto.uuid_generate_v7() UNIQUE,
    organization_id bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    name            text NOT NULL CHECK (name ~ '^[a-z][a-z0-9_]{1,49}$'),
    description     text CHECK (length(description) <= 1000),
    is_system       boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz,
    deleted_by      bigint,
    version         integer NOT NULL DEFAULT 1,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, deleted_by) REFERENCES officeauto.users (organization_id, id)
        ON DELETE SET NULL (deleted_by)
);
CREATE UNIQUE INDEX roles_name_key ON officeauto.roles (organization_id, name) WHERE deleted_at IS NULL;
SELECT officeauto._setup_table('officeauto.roles');
COMMENT ON TABLE officeauto.roles IS 'Named sets of permissions, defined per organization (e.g. admin, manager, member).';
COMMENT ON COLUMN officeauto.roles.is_system IS 'Created by the platform; applications should not delete it.';

-- Not a tenant table: the permission vocabulary is shared by every organization. Rows the
-- extension seeds are marked is_builtin and left out of pg_dump (the install recreates them).
CREATE TABLE officeauto.permissions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    resource    text NOT NULL CHECK (resource ~ '^[A-Z][A-Z_]{1,49}$'),
    action      text NOT NULL CHECK (action ~ '^[A-Z][A-Z_]{1,49}$'),
    scope       text NOT NULL CHECK (scope IN ('GLOBAL', 'PROJECT', 'SELF')),
    description text CHECK (length(description) <= 1000),
    is_builtin  boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (resource, action, scope)
);
SELECT officeauto._setup_table('officeauto.permissions', NULL, 'WHERE NOT is_builtin');
COMMENT ON TABLE officeauto.permissions IS 'Permission vocabulary: resource x action x scope (GLOBAL, PROJECT, SELF). Shared by all organizations.';
COMMENT ON COLUMN officeauto.permissions.scope IS 'GLOBAL: anywhere in the organization; PROJECT: within projects the user is a member of; SELF: own records only.';
INSERT INTO officeauto.permissions (resource, action, scope, description, is_builtin)
SELECT r, a, s, initcap(lower(a)) || ' ' || lower(replace(r, '_', ' ')) || ' (' || lower(s) || ' scope)', true
  FROM unnest(ARRAY['USER', 'PROJECT', 'TASK', 'DOCUMENT', 'CLIENT', 'CREDENTIAL', 'CHANGE_REQUEST',
                    'TEST_CASE', 'EVENT', 'MESSAGE', 'AUDIT_LOG']) AS r,
       unnest(ARRAY['CREATE', 'READ', 'UPDATE', 'DELETE', 'APPROVE']) AS a,
       unnest(ARRAY['GLOBAL', 'PROJECT', 'SELF']) AS s;

CREATE TABLE officeauto.role_permissions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    role_id         bigint NOT NULL,
    permission_id   bigint NOT NULL REFERENCES officeauto.permissions (id) ON DELETE CASCADE,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, role_id, permission_id),
    FOREIGN KEY (organization_id, role_id) REFERENCES officeauto.roles (organization_id, id) ON DELETE CASCADE
);
SELECT officeauto._setup_table('officeauto.role_permissions');
COMMENT ON TABLE officeauto.role_permissions IS 'Which permissions a role grants. Link rows are inserted and deleted, never updated (no version).';

CREATE TABLE officeauto.user_roles (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    user_id         bigint NOT NULL,
    role_id         bigint NOT NULL,
    project_id      bigint,  -- foreign key added with the projects table
    granted_by      bigint,
    created_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (organization_id, user_id) REFERENCES officeauto.users (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, role_id) REFERENCES officeauto.roles (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, granted_by) REFERENCES officeauto.users (organization_id, id)
        ON DELETE SET NULL (granted_by)
);
-- A role granted organization-wide (project NULL) is one row too: NULLS NOT DISTINCT.
CREATE UNIQUE INDEX user_roles_key ON officeauto.user_roles (organization_id, user_id, role_id, project_id) NULLS NOT DISTINCT;
COMMENT ON TABLE officeauto.user_roles IS 'Role assignments, organization-wide (project_id NULL) or for one project.';

CREATE TABLE officeauto.email_verifications (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    user_id         bigint NOT NULL,
    purpose         text NOT NULL DEFAULT 'verify_email'
                    CHECK (purpose IN ('verify_email', 'reset_password', 'change_email')),
    email           text NOT NULL CHECK (officeauto.is_valid_email(email)),
    token_digest    bytea NOT NULL UNIQUE CHECK (octet_length(token_digest) = 32),
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    consumed_at     timestamptz,
    CHECK (expires_at > created_at),
    CHECK (consumed_at IS NULL OR consumed_at >= created_at),
    FOREIGN KEY (organization_id, user_id) REFERENCES officeauto.users (organization_id, id) ON DELETE CASCADE
);
-- Issuing a new token replaces the outstanding one: at most one unconsumed token per purpose.
CREATE UNIQUE INDEX email_verifications_live_key ON officeauto.email_verifications (organization_id, user_id, purpose)
    WHERE consumed_at IS NULL;
CREATE INDEX email_verifications_expires_idx ON officeauto.email_verifications (expires_at) WHERE consumed_at IS NULL;
SELECT officeauto._setup_table('officeauto.email_verifications');
COMMENT ON TABLE officeauto.email_verifications IS 'Single-use, expiring tokens for e-mail verification and password reset. Only the SHA-256 digest of a token is stored.';
COMMENT ON COLUMN officeauto.email_verifications.token_digest IS 'SHA-256 of the token handed to the user. Secret: not readable by officeauto_app or officeauto_readonly.';
