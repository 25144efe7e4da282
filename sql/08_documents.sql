-- Files and documents: reference tables, files with versions, documents with versions,
-- relations and full-text search, and the staging area for ingested uploads.

-- Not a tenant table: MIME types are shared; seeded rows are is_builtin.
CREATE TABLE officeauto.filetype_reference (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mime_type       text NOT NULL UNIQUE CHECK (mime_type ~ '^[a-z]+/[a-z0-9.+-]+$'),
    extension       text NOT NULL CHECK (extension ~ '^[a-z0-9]{1,10}$'),
    description     text CHECK (length(description) <= 200),
    max_size_bytes  bigint CHECK (max_size_bytes > 0),
    is_allowed      boolean NOT NULL DEFAULT true,
    is_builtin      boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now()
);
SELECT officeauto._setup_table('officeauto.filetype_reference', NULL, 'WHERE NOT is_builtin');
INSERT INTO officeauto.filetype_reference (mime_type, extension, description, max_size_bytes, is_builtin) VALUES
    ('application/pdf', 'pdf', 'PDF document', 104857600, true),
    ('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx', 'Word document', 52428800, true),
    ('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx', 'Excel workbook', 52428800, true),
    ('application/vnd.openxmlformats-officedocument.presentationml.presentation', 'pptx', 'PowerPoint presentation', 104857600, true),
    ('application/vnd.oasis.opendocument.text', 'odt', 'OpenDocument text', 52428800, true),
    ('text/plain', 'txt', 'Plain text', 10485760, true),
    ('text/markdown', 'md', 'Markdown', 10485760, true),
    ('text/csv', 'csv', 'Comma-separated values', 104857600, true),
    ('image/png', 'png', 'PNG image', 20971520, true),
    ('image/jpeg', 'jpg', 'JPEG image', 20971520, true),
    ('application/zip', 'zip', 'ZIP archive', 524288000, true);
COMMENT ON TABLE officeauto.filetype_reference IS 'Known MIME types with extension, size limit and whether uploads of the type are allowed.';

CREATE TABLE officeauto.storage_reference (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id       uuid NOT NULL DEFAULT officeauto.uuid_generate_v7() UNIQUE,
    organization_id bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    name            text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    provider        text NOT NULL CHECK (provider IN ('local', 'minio', 's3', 'azure')),
    bucket          text CHECK (length(bucket) BETWEEN 1 AND 255),
    region          text CHECK (length(region) <= 64),
    endpoint_url    text CHECK (officeauto.is_valid_url(endpoint_url)),
    base_path       text CHECK (length(base_path) <= 1024),
    is_default      boolean NOT NULL DEFAULT false,
    is_active       boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 1,
    CHECK (provider = 'local' OR bucket IS NOT NULL),
    UNIQUE (organization_id, id)
);
CREATE UNIQUE INDEX storage_reference_name_key ON officeauto.storage_reference (organization_id, lower(name));
CREATE UNIQUE INDEX storage_reference_default_key ON officeauto.storage_reference (organization_id) WHERE is_default;
SELECT officeauto._setup_table('officeauto.storage_reference');
COMMENT ON TABLE officeauto.storage_reference IS 'Where file bytes live (local disk, MinIO, S3, Azure Blob); at most one default per organization. Holds no access keys.';

CREATE TABLE officeauto.files (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id           uuid NOT NULL DEFAULT officeauto.uuid_generate_v7() UNIQUE,
    organization_id     bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    owner_id            bigint,
    task_id             bigint,
    name                text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 255 AND name !~ '[/\\]'),
    filetype_id         bigint REFERENCES officeauto.filetype_reference (id),
    storage_id          bigint NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    deleted_at          timestamptz,
    deleted_by          bigint,
    version             integer NOT NULL DEFAULT 1,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, owner_id) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (owner_id),
    FOREIGN KEY (organization_id, task_id) REFERENCES officeauto.tasks (organization_id, id) ON DELETE SET NULL (task_id),
    FOREIGN KEY (organization_id, storage_id) REFERENCES officeauto.storage_reference (organization_id, id),
    FOREIGN KEY (organization_id, deleted_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (deleted_by)
);
CREATE INDEX files_owner_live_idx ON officeauto.files (organization_id, owner_id) WHERE deleted_at IS NULL;
SELECT officeauto._setup_table('officeauto.files');
COMMENT ON TABLE officeauto.files IS 'File attachments (bytes live in external storage); versions in file_versions.';

CREATE TABLE officeauto.file_versions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    file_id         bigint NOT NULL,
    version_number  integer NOT NULL CHECK (version_number > 0),
    storage_key     text NOT NULL CHECK (length(storage_key) BETWEEN 1 AND 1024),
    checksum_sha256 text NOT NULL CHECK (checksum_sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes      bigint NOT NULL CHECK (size_bytes > 0),
    uploaded_by     bigint,
    is_current      boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, file_id, version_number),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, file_id) REFERENCES officeauto.files (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, uploaded_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (uploaded_by)
);
CREATE INDEX file_versions_checksum_idx ON officeauto.file_versions (organization_id, checksum_sha256);
CREATE UNIQUE INDEX file_versions_current_key ON officeauto.file_versions (organization_id, file_id) WHERE is_current;
SELECT officeauto._setup_table('officeauto.file_versions');
COMMENT ON TABLE officeauto.file_versions IS 'Versions of a file: storage key, SHA-256 checksum and size (> 0); exactly the version flagged is_current is the one clients download.';
COMMENT ON COLUMN officeauto.file_versions.is_current IS 'The current version of the file (at most one per file). The pointer lives here rather than on files so the two tables have no foreign-key cycle, which pg_restore could not load.';

CREATE TABLE officeauto.documents (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id           uuid NOT NULL DEFAULT officeauto.uuid_generate_v7() UNIQUE,
    organization_id     bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    project_id          bigint,
    title               text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 500),
    description         text CHECK (length(description) <= 10000),
    -- lz4 rather than pglz (also search_vector): content is compressed on every write that
    -- changes it. bench/storage.sh, 4,000 documents of 2.5 to 13 kB with their vectors (38 MB
    -- uncompressed): INSERT 159-168 ms against 630-674 ms, reads 72-83 against 103-110 ms,
    -- size 25 MB against 21 MB.
    content             text COMPRESSION lz4 CHECK (length(content) <= 10000000),
    status              text NOT NULL DEFAULT 'draft'
                        CHECK (status IN ('draft', 'in_review', 'approved', 'published', 'archived')),
    is_template         boolean NOT NULL DEFAULT false,
    filetype_id         bigint REFERENCES officeauto.filetype_reference (id),
    storage_id          bigint,
    storage_key         text CHECK (length(storage_key) BETWEEN 1 AND 1024),
    checksum_sha256     text CHECK (checksum_sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes          bigint CHECK (size_bytes > 0),
    image_url           text CHECK (officeauto.is_valid_url(image_url)),
    tags                text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 50),
    author_id           bigint,
    uploaded_at         timestamptz NOT NULL DEFAULT now(),
    search_vector       tsvector COMPRESSION lz4 GENERATED ALWAYS AS (
                            setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') ||
                            setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'B') ||
                            setweight(to_tsvector('english'::regconfig, coalesce(content, '')), 'C')
                        ) STORED,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    deleted_at          timestamptz,
    deleted_by          bigint,
    version             integer NOT NULL DEFAULT 1,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, project_id) REFERENCES officeauto.projects (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, storage_id) REFERENCES officeauto.storage_reference (organization_id, id) ON DELETE SET NULL (storage_id),
    FOREIGN KEY (organization_id, author_id) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (author_id),
    FOREIGN KEY (organization_id, deleted_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (deleted_by)
);
-- Storage: no fillfactor below the default. A document's usual updates change its title,
-- description or content (and so the GIN-indexed search_vector) or its indexed status, and an
-- update of an indexed column is never HOT, whatever the free room: bench/storage.sh measured
-- 0% HOT at fillfactor 100, 90 and 80 alike, and every update enters every index. (Free room
-- still lets the new version stay on its page: after 10 rounds of edits of 30% of the rows
-- without vacuum, fillfactor 80 ended with a smaller heap, 86 MB against 107 MB, from a start
-- a third bigger. Documents are edited a few times and then mostly read, and vacuum reclaims
-- the old versions either way, so that pattern does not pay for a third more pages.)
CREATE INDEX documents_search_idx ON officeauto.documents USING gin (search_vector);
CREATE INDEX documents_tags_idx ON officeauto.documents USING gin (tags);
CREATE INDEX documents_project_date_idx ON officeauto.documents (project_id, uploaded_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX documents_checksum_idx ON officeauto.documents (organization_id, checksum_sha256)
    WHERE deleted_at IS NULL AND checksum_sha256 IS NOT NULL;
CREATE INDEX documents_status_idx ON officeauto.documents (organization_id, status) WHERE deleted_at IS NULL;
CREATE TRIGGER normalize_tags BEFORE INSERT OR UPDATE OF tags ON officeauto.documents
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_normalize_tags();
SELECT officeauto._setup_table('officeauto.documents');
COMMENT ON TABLE officeauto.documents IS 'Managed documents: metadata, extracted text for full-text search, lifecycle status and template flag; versions in document_versions.';
COMMENT ON COLUMN officeauto.documents.search_vector IS 'Weighted full-text vector (title A, description B, content C), computed by the database; GIN-indexed.';
COMMENT ON COLUMN officeauto.documents.checksum_sha256 IS 'SHA-256 of the current content; duplicate uploads are detected through it.';
COMMENT ON COLUMN officeauto.documents.is_template IS 'A template new documents are created from.';

CREATE TABLE officeauto.document_versions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    document_id     bigint NOT NULL,
    version_number  integer NOT NULL CHECK (version_number > 0),
    storage_key     text CHECK (length(storage_key) BETWEEN 1 AND 1024),
    checksum_sha256 text NOT NULL CHECK (checksum_sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes      bigint NOT NULL CHECK (size_bytes > 0),
    change_note     text CHECK (length(change_note) <= 2000),
    created_by      bigint,
    is_current      boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, document_id, version_number),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, document_id) REFERENCES officeauto.documents (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, created_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (created_by)
);
CREATE UNIQUE INDEX document_versions_current_key ON officeauto.document_versions (organization_id, document_id) WHERE is_current;
SELECT officeauto._setup_table('officeauto.document_versions');
COMMENT ON TABLE officeauto.document_versions IS 'History of a document''s content: one row per version with checksum and size; the one flagged is_current is the current version.';
COMMENT ON COLUMN officeauto.document_versions.is_current IS 'The current version of the document (at most one per document). The pointer lives here rather than on documents so the two tables have no foreign-key cycle, which pg_restore could not load.';

CREATE TABLE officeauto.document_relations (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id     bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    source_document_id  bigint NOT NULL,
    target_document_id  bigint NOT NULL,
    relation_type       text NOT NULL CHECK (relation_type IN ('references', 'supersedes', 'depends_on', 'derived_from', 'related')),
    created_by          bigint,
    created_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (source_document_id <> target_document_id),
    UNIQUE (organization_id, source_document_id, target_document_id, relation_type),
    FOREIGN KEY (organization_id, source_document_id) REFERENCES officeauto.documents (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, target_document_id) REFERENCES officeauto.documents (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, created_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (created_by)
);
SELECT officeauto._setup_table('officeauto.document_relations');
COMMENT ON TABLE officeauto.document_relations IS 'Typed links between documents (references, supersedes, depends_on, derived_from, related).';

CREATE TABLE officeauto.documents_ingest (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id             uuid NOT NULL DEFAULT officeauto.uuid_generate_v7() UNIQUE,
    organization_id       bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    project_id            bigint,
    uploaded_by           bigint,
    original_name         text NOT NULL CHECK (length(btrim(original_name)) BETWEEN 1 AND 255),
    mime_type             text CHECK (length(mime_type) <= 255),
    storage_id            bigint,
    s3_key                text NOT NULL CHECK (length(s3_key) BETWEEN 1 AND 1024),
    checksum_sha256       text CHECK (checksum_sha256 ~ '^[0-9a-f]{64}$'),
    -- 0 is accepted here and rejected at promotion: staging records what arrived.
    size_bytes            bigint CHECK (size_bytes >= 0),
    status                text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'validated', 'rejected', 'promoted')),
    rejection_reason      text CHECK (length(rejection_reason) <= 2000),
    promoted_document_id  bigint,
    metadata              jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    notes                 text CHECK (length(notes) <= 5000),
    received_at           timestamptz NOT NULL DEFAULT now(),
    processed_at          timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    version               integer NOT NULL DEFAULT 1,
    CHECK ((status = 'rejected') = (rejection_reason IS NOT NULL)),
    CHECK (promoted_document_id IS NULL OR status = 'promoted'),
    CHECK ((status IN ('rejected', 'promoted')) <= (processed_at IS NOT NULL)),
    FOREIGN KEY (organization_id, project_id) REFERENCES officeauto.projects (organization_id, id) ON DELETE SET NULL (project_id),
    FOREIGN KEY (organization_id, uploaded_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (uploaded_by),
    FOREIGN KEY (organization_id, storage_id) REFERENCES officeauto.storage_reference (organization_id, id) ON DELETE SET NULL (storage_id),
    FOREIGN KEY (organization_id, promoted_document_id) REFERENCES officeauto.documents (organization_id, id) ON DELETE SET NULL (promoted_document_id)
);
CREATE INDEX documents_ingest_checksum_idx ON officeauto.documents_ingest (organization_id, checksum_sha256)
    WHERE checksum_sha256 IS NOT NULL;
CREATE INDEX documents_ingest_status_idx ON officeauto.documents_ingest (organization_id, status, received_at);
SELECT officeauto._setup_table('officeauto.documents_ingest');
COMMENT ON TABLE officeauto.documents_ingest IS 'Staging area for uploads awaiting validation: pending, validated, rejected (with a reason) or promoted to a document.';
COMMENT ON COLUMN officeauto.documents_ingest.s3_key IS 'Object key of the uploaded bytes in the storage backend.';
