-- Test management: test cases (reusable, templated), executions and relations.

CREATE TABLE officeauto.test_cases (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id            uuid NOT NULL DEFAULT officeauto.uuid_generate_v7() UNIQUE,
    organization_id      bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    project_id           bigint NOT NULL,
    source_test_case_id  bigint,
    title                text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 300),
    description          text CHECK (length(description) <= 10000),
    preconditions        text CHECK (length(preconditions) <= 10000),
    steps                jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(steps) = 'array'),
    expected_result      text CHECK (length(expected_result) <= 10000),
    priority             text NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
    status               text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'ready', 'deprecated')),
    automation_status    text NOT NULL DEFAULT 'manual' CHECK (automation_status IN ('manual', 'planned', 'automated')),
    is_template          boolean NOT NULL DEFAULT false,
    reuse_count          integer NOT NULL DEFAULT 0 CHECK (reuse_count >= 0),
    created_by           bigint,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    deleted_at           timestamptz,
    deleted_by           bigint,
    version              integer NOT NULL DEFAULT 1,
    CHECK (source_test_case_id IS DISTINCT FROM id),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, project_id) REFERENCES officeauto.projects (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, source_test_case_id) REFERENCES officeauto.test_cases (organization_id, id) ON DELETE SET NULL (source_test_case_id),
    FOREIGN KEY (organization_id, created_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (created_by),
    FOREIGN KEY (organization_id, deleted_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (deleted_by)
);
CREATE INDEX test_cases_templates_idx ON officeauto.test_cases (organization_id, reuse_count DESC)
    WHERE is_template AND deleted_at IS NULL;
SELECT officeauto._setup_table('officeauto.test_cases');
COMMENT ON TABLE officeauto.test_cases IS 'Test cases of a project; templates are reused (source_test_case_id, reuse_count).';
COMMENT ON COLUMN officeauto.test_cases.steps IS 'Ordered steps as a JSON array.';
COMMENT ON COLUMN officeauto.test_cases.reuse_count IS 'How many test cases were created from this one.';

-- Partitioned by quarter on public_id (UUID v7, as notifications: see the partition manager in
-- 04_audit.sql), so old runs go a quarter at a time when a retention is set.
CREATE SEQUENCE officeauto.test_executions_id_seq AS bigint;
CREATE TABLE officeauto.test_executions (
    -- PostgreSQL 15 has no identity columns on partitioned tables, hence the explicit sequence.
    id              bigint NOT NULL DEFAULT nextval('officeauto.test_executions_id_seq'),
    public_id       uuid NOT NULL DEFAULT officeauto.uuid_generate_v7(),
    organization_id bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    test_case_id    bigint NOT NULL,
    executed_by     bigint,
    result          text NOT NULL CHECK (result IN ('passed', 'failed', 'blocked', 'skipped')),
    started_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    environment     text CHECK (length(environment) <= 100),
    notes           text CHECK (length(notes) <= 10000),
    defect_task_id  bigint,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 1,
    CHECK (finished_at IS NULL OR finished_at >= started_at),
    FOREIGN KEY (organization_id, test_case_id) REFERENCES officeauto.test_cases (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, executed_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (executed_by),
    FOREIGN KEY (organization_id, defect_task_id) REFERENCES officeauto.tasks (organization_id, id) ON DELETE SET NULL (defect_task_id)
) PARTITION BY RANGE (public_id);
ALTER SEQUENCE officeauto.test_executions_id_seq OWNED BY officeauto.test_executions.id;
-- Applications record executions with their own rights, so the id default needs USAGE.
GRANT USAGE ON SEQUENCE officeauto.test_executions_id_seq TO officeauto_app;

CREATE FUNCTION officeauto._index_test_execution_partition(part regclass)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- Ids come from one sequence and public_id ranges do not overlap, so keys unique per
    -- partition are unique in the table.
    EXECUTE format('ALTER TABLE %s ADD PRIMARY KEY (id)', part);
    EXECUTE format('ALTER TABLE %s ADD UNIQUE (public_id)', part);
    -- A test case's runs, newest first; also serves the organization and test case keys.
    EXECUTE format('CREATE INDEX ON %s (organization_id, test_case_id, started_at DESC)', part);
    -- The optional foreign keys (a deleted user or defect task updates its rows).
    EXECUTE format('CREATE INDEX ON %s (organization_id, executed_by) WHERE executed_by IS NOT NULL', part);
    EXECUTE format('CREATE INDEX ON %s (organization_id, defect_task_id) WHERE defect_task_id IS NOT NULL', part);
    -- Storage: no setting. Rows are written once, but every read (a case's runs) fetches them
    -- from the heap, so the insert-driven autovacuum threshold set on audit partitions (which
    -- keeps index-only scans off the heap) would buy nothing here.
END
$$;
REVOKE ALL ON FUNCTION officeauto._index_test_execution_partition(regclass) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._index_test_execution_partition(regclass) IS
    'Internal: primary key, unique public_id and indexes (runs of a test case, optional foreign keys) of one test_executions partition.';
-- Quarterly partitions are made by create_partitions(); the default one catches the rest.
CREATE TABLE officeauto.test_executions_default PARTITION OF officeauto.test_executions DEFAULT;
SELECT officeauto._index_test_execution_partition('officeauto.test_executions_default');
SELECT officeauto._setup_table('officeauto.test_executions', 'organization_id', NULL);
SELECT officeauto._setup_table('officeauto.test_executions_default', NULL);
SELECT pg_catalog.pg_extension_config_dump('officeauto.test_executions_id_seq', '');
COMMENT ON TABLE officeauto.test_executions IS 'Runs of a test case with their result; a failure may link the defect task. Partitioned by quarter on public_id (UUID v7).';
COMMENT ON TABLE officeauto.test_executions_default IS 'Default partition of test_executions: holds rows for quarters without their own partition until create_partitions() moves them out.';

CREATE TABLE officeauto.test_case_relations (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id        bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    test_case_id           bigint NOT NULL,
    related_test_case_id   bigint,
    document_id            bigint,
    task_id                bigint,
    change_request_id      bigint,
    relation_type          text NOT NULL CHECK (relation_type IN ('covers', 'verifies', 'depends_on', 'duplicates', 'related')),
    created_at             timestamptz NOT NULL DEFAULT now(),
    -- Exactly one target, each with a real foreign key (rather than a type + id pair).
    CHECK (num_nonnulls(related_test_case_id, document_id, task_id, change_request_id) = 1),
    CHECK (related_test_case_id IS DISTINCT FROM test_case_id),
    FOREIGN KEY (organization_id, test_case_id) REFERENCES officeauto.test_cases (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, related_test_case_id) REFERENCES officeauto.test_cases (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, document_id) REFERENCES officeauto.documents (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, task_id) REFERENCES officeauto.tasks (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, change_request_id) REFERENCES officeauto.change_requests (organization_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX test_case_relations_key ON officeauto.test_case_relations
    (organization_id, test_case_id, relation_type, related_test_case_id, document_id, task_id, change_request_id) NULLS NOT DISTINCT;
SELECT officeauto._setup_table('officeauto.test_case_relations');
COMMENT ON TABLE officeauto.test_case_relations IS 'What a test case covers or relates to: another test case, a document, a task or a change request.';
