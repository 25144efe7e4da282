-- Collaboration: the cartable (per-user inbox of items referred to them), threaded comments
-- on any entity, and notifications.

CREATE TABLE officeauto.cartable (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id          uuid NOT NULL DEFAULT officeauto.uuid_generate_v7() UNIQUE,
    organization_id    bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    user_id            bigint NOT NULL,
    from_user_id       bigint,
    parent_id          bigint,
    task_id            bigint,
    document_id        bigint,
    change_request_id  bigint,
    action_required    text NOT NULL DEFAULT 'review'
                       CHECK (action_required IN ('do', 'review', 'approve', 'sign', 'info')),
    note               text CHECK (length(note) <= 4000),
    due_at             timestamptz,
    read_at            timestamptz,
    acted_at           timestamptz,
    archived_at        timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    version            integer NOT NULL DEFAULT 1,
    -- Exactly one subject, each with a real foreign key.
    CHECK (num_nonnulls(task_id, document_id, change_request_id) = 1),
    CHECK (parent_id IS DISTINCT FROM id),
    CHECK (from_user_id IS DISTINCT FROM user_id OR from_user_id IS NULL),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, user_id) REFERENCES officeauto.users (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, from_user_id) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (from_user_id),
    FOREIGN KEY (organization_id, parent_id) REFERENCES officeauto.cartable (organization_id, id) ON DELETE SET NULL (parent_id),
    FOREIGN KEY (organization_id, task_id) REFERENCES officeauto.tasks (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, document_id) REFERENCES officeauto.documents (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, change_request_id) REFERENCES officeauto.change_requests (organization_id, id) ON DELETE CASCADE
)
-- Storage: an item is read, acted on and archived. Marking it read or archived changes a
-- column of cartable_unread_idx's / cartable_inbox_idx's predicate and is never HOT; acting on
-- it (acted_at, note) is HOT when the page has room. bench/storage.sh, 20,000 items, 10 rounds
-- of read-then-act on 30% of them: fillfactor 100 42% HOT, heap x2.13; fillfactor 80 61% HOT,
-- heap x1.25 (index growth is the same: it comes from the first read).
WITH (fillfactor = 80);
-- The inbox query: a user's live items, newest first.
CREATE INDEX cartable_inbox_idx ON officeauto.cartable (organization_id, user_id, created_at DESC) WHERE archived_at IS NULL;
CREATE INDEX cartable_unread_idx ON officeauto.cartable (user_id) WHERE read_at IS NULL AND archived_at IS NULL;
SELECT officeauto._setup_table('officeauto.cartable');
COMMENT ON TABLE officeauto.cartable IS 'The cartable (kartable): each row is an item (task, document or change request) referred to a user, with a note and read/acted/archived state. parent_id links a referral to the item it forwards, forming the forwarding chain.';
COMMENT ON COLUMN officeauto.cartable.parent_id IS 'The inbox item this one was forwarded from (forwarding chain).';
COMMENT ON COLUMN officeauto.cartable.action_required IS 'What the recipient is asked to do: do, review, approve, sign or info.';

CREATE TABLE officeauto.comments (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id       uuid NOT NULL DEFAULT officeauto.uuid_generate_v7() UNIQUE,
    organization_id bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    -- A comment can sit on any entity, so its target is (type, public id) rather than a foreign
    -- key per type; the thread survives the target's soft deletion.
    entity_type     text NOT NULL CHECK (entity_type IN ('task', 'document', 'project', 'change_request',
                                                         'test_case', 'client', 'event', 'file')),
    entity_id       uuid NOT NULL,
    parent_id       bigint,
    author_id       bigint,
    body            text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 10000),
    mentions        bigint[] NOT NULL DEFAULT '{}' CHECK (cardinality(mentions) <= 100),
    edited_at       timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz,
    deleted_by      bigint,
    version         integer NOT NULL DEFAULT 1,
    CHECK (parent_id IS DISTINCT FROM id),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, parent_id) REFERENCES officeauto.comments (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, author_id) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (author_id),
    FOREIGN KEY (organization_id, deleted_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (deleted_by)
);
CREATE INDEX comments_entity_idx ON officeauto.comments (entity_type, entity_id, created_at) WHERE deleted_at IS NULL;
CREATE INDEX comments_mentions_idx ON officeauto.comments USING gin (mentions);
SELECT officeauto._setup_table('officeauto.comments');
COMMENT ON TABLE officeauto.comments IS 'Threaded comments (parent_id) on any entity, identified by type and public id; mentions lists mentioned user ids.';

-- Partitioned by month on public_id (UUID v7: its leading bits are the creation time; see the
-- partition manager in 04_audit.sql): a month of notifications goes with one DROP TABLE
-- (drop_expired_partitions) instead of a DELETE of every row, and a lookup by public_id still
-- prunes to one partition. Keys and indexes live on each partition, as for audit_logs.
CREATE SEQUENCE officeauto.notifications_id_seq AS bigint;
CREATE TABLE officeauto.notifications (
    -- PostgreSQL 15 has no identity columns on partitioned tables, hence the explicit sequence.
    id               bigint NOT NULL DEFAULT nextval('officeauto.notifications_id_seq'),
    public_id        uuid NOT NULL DEFAULT officeauto.uuid_generate_v7(),
    organization_id  bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    recipient_id     bigint NOT NULL,
    kind             text NOT NULL CHECK (kind IN ('assignment', 'referral', 'mention', 'approval_request',
                                                   'reminder', 'system')),
    channel          text NOT NULL DEFAULT 'in_app' CHECK (channel IN ('in_app', 'email', 'sms', 'push', 'webhook')),
    title            text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 255),
    body             text CHECK (length(body) <= 5000),
    entity_type      text CHECK (entity_type IN ('task', 'document', 'project', 'change_request',
                                                 'test_case', 'client', 'event', 'file', 'cartable', 'comment')),
    entity_id        uuid,
    delivery_status  text NOT NULL DEFAULT 'pending' CHECK (delivery_status IN ('pending', 'sent', 'delivered', 'failed')),
    delivered_at     timestamptz,
    read_at          timestamptz,
    expires_at       timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    version          integer NOT NULL DEFAULT 1,
    CHECK ((entity_type IS NULL) = (entity_id IS NULL)),
    CHECK (expires_at IS NULL OR expires_at > created_at),
    CHECK ((delivery_status = 'delivered') <= (delivered_at IS NOT NULL)),
    FOREIGN KEY (organization_id, recipient_id) REFERENCES officeauto.users (organization_id, id) ON DELETE CASCADE
) PARTITION BY RANGE (public_id);
ALTER SEQUENCE officeauto.notifications_id_seq OWNED BY officeauto.notifications.id;
-- Applications insert notifications with their own rights, so the id default needs USAGE.
GRANT USAGE ON SEQUENCE officeauto.notifications_id_seq TO officeauto_app;

CREATE FUNCTION officeauto._index_notification_partition(part regclass)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- Ids come from one sequence and public_id ranges do not overlap, so keys unique per
    -- partition are unique in the table.
    EXECUTE format('ALTER TABLE %s ADD PRIMARY KEY (id)', part);
    EXECUTE format('ALTER TABLE %s ADD UNIQUE (public_id)', part);
    -- A user's unread inbox, newest first; also serves the foreign keys.
    EXECUTE format('CREATE INDEX ON %s (organization_id, recipient_id, created_at DESC) WHERE read_at IS NULL', part);
    -- expire_notifications().
    EXECUTE format('CREATE INDEX ON %s (expires_at) WHERE expires_at IS NOT NULL', part);
    -- Delivery workers: pending notifications per channel, oldest first.
    EXECUTE format($i$CREATE INDEX ON %s (channel, created_at) WHERE delivery_status = 'pending'$i$, part);
    -- Storage: no setting. Rows are updated once or twice (delivery, read_at), and read_at is
    -- in the unread index's predicate, so those updates are never HOT and free space kept for
    -- them (fillfactor) would stay empty. The insert-driven autovacuum threshold that pays off
    -- on audit partitions does not here: it keeps index-only scans off the heap, and every
    -- read of notifications fetches the rows (title, body) from the heap anyway; the read_at
    -- updates leave dead rows that trigger autovacuum by the default rule.
END
$$;
REVOKE ALL ON FUNCTION officeauto._index_notification_partition(regclass) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._index_notification_partition(regclass) IS
    'Internal: primary key, unique public_id and indexes (unread inbox, expiry, pending delivery) of one notifications partition.';
-- Monthly partitions are made by create_partitions(); the default one catches the rest.
CREATE TABLE officeauto.notifications_default PARTITION OF officeauto.notifications DEFAULT;
SELECT officeauto._index_notification_partition('officeauto.notifications_default');
-- The parent gets the conventions and policies (rows are dumped through the partitions);
-- the default partition is registered for pg_dump, with the id sequence.
SELECT officeauto._setup_table('officeauto.notifications', 'organization_id', NULL);
SELECT officeauto._setup_table('officeauto.notifications_default', NULL);
SELECT pg_catalog.pg_extension_config_dump('officeauto.notifications_id_seq', '');
COMMENT ON TABLE officeauto.notifications IS 'Notifications to a user (assignment, referral, mention, approval request, ...) per channel, with delivery and read state and an optional expiry. Partitioned by month on public_id (UUID v7).';
COMMENT ON TABLE officeauto.notifications_default IS 'Default partition of notifications: holds rows for months without their own partition until create_partitions() moves them out.';
