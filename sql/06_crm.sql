-- CRM: clients with tags, encrypted credentials and their access log.

-- Tags are stored trimmed, lower-case, de-duplicated and sorted, so a search for 'Enterprise '
-- and one for 'enterprise' find the same clients and the GIN index stays small.
CREATE FUNCTION officeauto.normalize_tags(tags text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN coalesce((SELECT array_agg(DISTINCT lower(btrim(t)) ORDER BY lower(btrim(t)))
                   FROM unnest(tags) AS t WHERE t IS NOT NULL AND btrim(t) <> ''), '{}');
COMMENT ON FUNCTION officeauto.normalize_tags(text[]) IS
    'Trims, lower-cases, de-duplicates and sorts a tag array; empty and NULL tags are dropped.';

CREATE FUNCTION officeauto.tg_normalize_tags() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.tags := officeauto.normalize_tags(NEW.tags);
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION officeauto.tg_normalize_tags() IS 'BEFORE INSERT/UPDATE trigger: stores tags normalized (see normalize_tags).';

CREATE TABLE officeauto.clients (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id       uuid NOT NULL DEFAULT officeauto.uuid_generate_v7() UNIQUE,
    organization_id bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    name            text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 255),
    company         text CHECK (length(company) <= 255),
    email           text CHECK (officeauto.is_valid_email(email)),
    phone           text CHECK (phone ~ '^\+?[0-9 ().-]{3,50}$'),
    status          text NOT NULL DEFAULT 'prospect' CHECK (status IN ('active', 'inactive', 'prospect', 'archived')),
    tags            text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 50),
    timezone        text NOT NULL DEFAULT 'UTC' CHECK (length(timezone) BETWEEN 1 AND 64),
    website_url     text CHECK (officeauto.is_valid_url(website_url)),
    notes           text CHECK (length(notes) <= 20000),
    owner_user_id   bigint,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz,
    deleted_by      bigint,
    version         integer NOT NULL DEFAULT 1,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, owner_user_id) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (owner_user_id),
    FOREIGN KEY (organization_id, deleted_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (deleted_by)
);
CREATE INDEX clients_tags_idx ON officeauto.clients USING gin (tags);
CREATE INDEX clients_name_idx ON officeauto.clients (organization_id, lower(name)) WHERE deleted_at IS NULL;
CREATE INDEX clients_status_idx ON officeauto.clients (organization_id, status) WHERE deleted_at IS NULL;
CREATE INDEX clients_email_idx ON officeauto.clients (lower(email)) WHERE deleted_at IS NULL AND email IS NOT NULL;
CREATE TRIGGER normalize_tags BEFORE INSERT OR UPDATE OF tags ON officeauto.clients
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_normalize_tags();
SELECT officeauto._setup_table('officeauto.clients');
COMMENT ON TABLE officeauto.clients IS 'CRM clients (customers and prospects) with an owner, tags and a time zone.';
COMMENT ON COLUMN officeauto.clients.tags IS 'Categorization tags, stored normalized (trimmed, lower-case, unique, sorted); GIN-indexed.';
COMMENT ON COLUMN officeauto.clients.timezone IS 'IANA time zone name of the client (e.g. Europe/Paris).';

CREATE TABLE officeauto.credentials (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id       uuid NOT NULL DEFAULT officeauto.uuid_generate_v7() UNIQUE,
    organization_id bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    client_id       bigint NOT NULL,
    label           text NOT NULL CHECK (length(btrim(label)) BETWEEN 1 AND 255),
    username        text CHECK (length(username) <= 255),
    encrypted_value bytea CHECK (octet_length(encrypted_value) <= 1048576),
    key_id          text CHECK (length(key_id) <= 64),
    url             text CHECK (officeauto.is_valid_url(url)),
    notes           text CHECK (length(notes) <= 5000),
    created_by      bigint,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz,
    deleted_by      bigint,
    version         integer NOT NULL DEFAULT 1,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, client_id) REFERENCES officeauto.clients (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, created_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (created_by),
    FOREIGN KEY (organization_id, deleted_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (deleted_by)
);
CREATE INDEX credentials_client_label_idx ON officeauto.credentials (client_id, label) WHERE deleted_at IS NULL;
SELECT officeauto._setup_table('officeauto.credentials');
COMMENT ON TABLE officeauto.credentials IS 'Client credentials (logins to client systems); the secret is stored only encrypted.';
COMMENT ON COLUMN officeauto.credentials.encrypted_value IS 'Encrypted secret (versioned AEAD envelope). Not readable by officeauto_app or officeauto_readonly.';
COMMENT ON COLUMN officeauto.credentials.key_id IS 'Id of the data key the value is encrypted under (drives key rotation).';

CREATE TABLE officeauto.credential_audit_logs (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id            uuid NOT NULL DEFAULT officeauto.uuid_generate_v7() UNIQUE,
    organization_id      bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    -- SET NULL, not CASCADE as in the seed: deleting a credential must not erase its access history.
    credential_id        bigint,
    credential_public_id uuid NOT NULL,
    user_id              bigint,
    action               text NOT NULL CHECK (action IN ('view', 'create', 'update', 'delete', 'decrypt')),
    ip_address           inet,
    user_agent           text CHECK (length(user_agent) <= 1024),
    metadata             jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    created_at           timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (organization_id, credential_id) REFERENCES officeauto.credentials (organization_id, id) ON DELETE SET NULL (credential_id),
    FOREIGN KEY (organization_id, user_id) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (user_id)
);
CREATE INDEX credential_audit_logs_credential_idx ON officeauto.credential_audit_logs (credential_public_id, created_at DESC);
CREATE INDEX credential_audit_logs_user_created_idx ON officeauto.credential_audit_logs (user_id, created_at DESC)
    WHERE user_id IS NOT NULL;
CREATE INDEX credential_audit_logs_created_idx ON officeauto.credential_audit_logs (organization_id, created_at DESC);
SELECT officeauto._setup_table('officeauto.credential_audit_logs');
COMMENT ON TABLE officeauto.credential_audit_logs IS 'Who viewed, created, updated, deleted or decrypted which credential, from where. Append-only for applications.';
COMMENT ON COLUMN officeauto.credential_audit_logs.credential_public_id IS 'Public id of the credential, kept after the credential itself is deleted.';
