-- Work: tasks and time tracking, messages, calendar resources and events, receiving lots,
-- shortcuts.

CREATE TABLE officeauto.tasks (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id          uuid NOT NULL DEFAULT officeauto.uuid_generate_v7() UNIQUE,
    organization_id    bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    parent_id          bigint,
    project_id         bigint,
    client_id          bigint,
    change_request_id  bigint,
    title              text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 255),
    description        text CHECK (length(description) <= 20000),
    status             text NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending', 'in_progress', 'completed', 'cancelled', 'on_hold')),
    priority           text NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
    start_date         date,
    due_date           date,
    completed_at       timestamptz,
    assignee_id        bigint,
    created_by         bigint,
    estimated_hours    numeric(8, 2) CHECK (estimated_hours >= 0),
    spent_minutes      integer NOT NULL DEFAULT 0 CHECK (spent_minutes >= 0),
    tags               text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 50),
    metadata           jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    deleted_at         timestamptz,
    deleted_by         bigint,
    version            integer NOT NULL DEFAULT 1,
    CHECK (due_date IS NULL OR start_date IS NULL OR due_date >= start_date),
    CHECK ((status = 'completed') = (completed_at IS NOT NULL)),
    CHECK (parent_id IS DISTINCT FROM id),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, parent_id) REFERENCES officeauto.tasks (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, project_id) REFERENCES officeauto.projects (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, client_id) REFERENCES officeauto.clients (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, change_request_id) REFERENCES officeauto.change_requests (organization_id, id) ON DELETE SET NULL (change_request_id),
    FOREIGN KEY (organization_id, assignee_id) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (assignee_id),
    FOREIGN KEY (organization_id, created_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (created_by),
    FOREIGN KEY (organization_id, deleted_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (deleted_by)
)
-- Storage: tasks are updated many times in their life (time tracking, edits of title,
-- description, priority, metadata); those updates touch no indexed column and are HOT when
-- the page has room (status, due date, assignee, project and tags are indexed: changing them
-- never is). bench/storage.sh, 20,000 tasks, 10 rounds of time tracking on 30% of them:
-- fillfactor 100 64% HOT, heap x2.09, indexes x1.72; fillfactor 90 80% HOT, heap x1.61;
-- fillfactor 80 93% HOT, heap x1.20, indexes x1.10 (one earlier run of 3: 85%, x1.47, x1.61).
WITH (fillfactor = 80);
-- The working set: open tasks by assignee and due date (inbox, overdue lists, dashboards).
CREATE INDEX tasks_open_due_idx ON officeauto.tasks (organization_id, assignee_id, due_date)
    WHERE deleted_at IS NULL AND status IN ('pending', 'in_progress', 'on_hold');
CREATE INDEX tasks_project_status_idx ON officeauto.tasks (project_id, status) WHERE deleted_at IS NULL;
CREATE INDEX tasks_tags_idx ON officeauto.tasks USING gin (tags);
CREATE TRIGGER normalize_tags BEFORE INSERT OR UPDATE OF tags ON officeauto.tasks
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_normalize_tags();
SELECT officeauto._setup_table('officeauto.tasks');
COMMENT ON TABLE officeauto.tasks IS 'Tasks of every module (office work, CRM follow-ups, project work items); hierarchical through parent_id.';
COMMENT ON COLUMN officeauto.tasks.status IS 'pending, in_progress, completed, cancelled or on_hold; completed_at is set exactly when completed.';
COMMENT ON COLUMN officeauto.tasks.due_date IS 'Deadline (a calendar date); drives the urgency classes of task_overview.';
COMMENT ON COLUMN officeauto.tasks.spent_minutes IS 'Total of the task''s time entries.';

CREATE TABLE officeauto.task_time_entries (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id       uuid NOT NULL DEFAULT officeauto.uuid_generate_v7() UNIQUE,
    organization_id bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    task_id         bigint NOT NULL,
    user_id         bigint NOT NULL,
    started_at      timestamptz NOT NULL,
    ended_at        timestamptz NOT NULL,
    note            text CHECK (length(note) <= 2000),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 1,
    CHECK (ended_at > started_at AND ended_at - started_at <= interval '24 hours'),
    FOREIGN KEY (organization_id, task_id) REFERENCES officeauto.tasks (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, user_id) REFERENCES officeauto.users (organization_id, id) ON DELETE CASCADE
);
SELECT officeauto._setup_table('officeauto.task_time_entries');
COMMENT ON TABLE officeauto.task_time_entries IS 'Time spent on a task by a user (at most 24 hours per entry).';

CREATE TABLE officeauto.messages (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id       uuid NOT NULL DEFAULT officeauto.uuid_generate_v7() UNIQUE,
    organization_id bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    sender_id       bigint NOT NULL,
    recipient_id    bigint,
    conversation_id text CHECK (length(conversation_id) <= 255),
    body            text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    is_read         boolean NOT NULL DEFAULT false,
    read_at         timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz,
    deleted_by      bigint,
    version         integer NOT NULL DEFAULT 1,
    CHECK (is_read = (read_at IS NOT NULL)),
    CHECK (recipient_id IS NOT NULL OR conversation_id IS NOT NULL),
    FOREIGN KEY (organization_id, sender_id) REFERENCES officeauto.users (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, recipient_id) REFERENCES officeauto.users (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, deleted_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (deleted_by)
);
CREATE INDEX messages_conversation_idx ON officeauto.messages (conversation_id, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX messages_unread_idx ON officeauto.messages (recipient_id) WHERE NOT is_read AND deleted_at IS NULL;
CREATE INDEX messages_created_idx ON officeauto.messages (organization_id, created_at DESC) WHERE deleted_at IS NULL;
SELECT officeauto._setup_table('officeauto.messages');
COMMENT ON TABLE officeauto.messages IS 'Chat messages, direct (recipient_id) or in a conversation.';
COMMENT ON COLUMN officeauto.messages.body IS 'Message text (seed column "text"), 1 to 10000 characters.';

CREATE TABLE officeauto.calendar_resources (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id       uuid NOT NULL DEFAULT officeauto.uuid_generate_v7() UNIQUE,
    organization_id bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    name            text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    kind            text NOT NULL DEFAULT 'room' CHECK (kind IN ('room', 'equipment', 'vehicle', 'person', 'other')),
    capacity        integer CHECK (capacity > 0),
    location        text CHECK (length(location) <= 255),
    is_active       boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz,
    deleted_by      bigint,
    version         integer NOT NULL DEFAULT 1,
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, deleted_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (deleted_by)
);
CREATE UNIQUE INDEX calendar_resources_name_key ON officeauto.calendar_resources (organization_id, lower(name)) WHERE deleted_at IS NULL;
SELECT officeauto._setup_table('officeauto.calendar_resources');
COMMENT ON TABLE officeauto.calendar_resources IS 'Bookable resources (rooms, equipment, vehicles); events booking one cannot overlap.';

CREATE TABLE officeauto.events (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id       uuid NOT NULL DEFAULT officeauto.uuid_generate_v7() UNIQUE,
    organization_id bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    organizer_id    bigint NOT NULL,
    resource_id     bigint,
    title           text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 255),
    description     text CHECK (length(description) <= 10000),
    start_time      timestamptz NOT NULL,
    end_time        timestamptz NOT NULL,
    all_day         boolean NOT NULL DEFAULT false,
    location        text CHECK (length(location) <= 255),
    attendees       text[] NOT NULL DEFAULT '{}' CHECK (cardinality(attendees) <= 500),
    status          text NOT NULL DEFAULT 'confirmed' CHECK (status IN ('tentative', 'confirmed', 'cancelled')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz,
    deleted_by      bigint,
    version         integer NOT NULL DEFAULT 1,
    CHECK (end_time > start_time),
    FOREIGN KEY (organization_id, organizer_id) REFERENCES officeauto.users (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, resource_id) REFERENCES officeauto.calendar_resources (organization_id, id) ON DELETE SET NULL (resource_id),
    FOREIGN KEY (organization_id, deleted_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (deleted_by),
    -- No double booking, enforced by the database under any concurrency (SQLSTATE 23P01). The
    -- ids are wrapped in one-point ranges so plain GiST handles them without btree_gist. The
    -- organization is part of the key: the exclusion is checked before the foreign key, so
    -- without it a booking naming another organization's resource would answer 23P01 or 23503
    -- depending on that organization's calendar.
    CONSTRAINT events_no_double_booking EXCLUDE USING gist (
        int8range(organization_id, organization_id, '[]') WITH &&,
        int8range(resource_id, resource_id, '[]') WITH &&,
        tstzrange(start_time, end_time) WITH &&
    ) WHERE (resource_id IS NOT NULL AND deleted_at IS NULL AND status <> 'cancelled')
);
CREATE INDEX events_start_idx ON officeauto.events (organization_id, start_time) WHERE deleted_at IS NULL;
CREATE INDEX events_attendees_idx ON officeauto.events USING gin (attendees);
SELECT officeauto._setup_table('officeauto.events');
COMMENT ON TABLE officeauto.events IS 'Calendar events; a resource cannot be booked by two live, non-cancelled events at overlapping times.';
COMMENT ON COLUMN officeauto.events.attendees IS 'Attendee e-mails or names; GIN-indexed.';
COMMENT ON CONSTRAINT events_no_double_booking ON officeauto.events IS 'Rejects (23P01) an event whose time range overlaps another live event on the same resource.';

CREATE TABLE officeauto.lots (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id       uuid NOT NULL DEFAULT officeauto.uuid_generate_v7() UNIQUE,
    organization_id bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    user_id         bigint NOT NULL,
    reference       text NOT NULL CHECK (reference ~ '^[A-Za-z0-9][A-Za-z0-9/_-]{0,63}$'),
    status          text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'processing', 'completed', 'rejected')),
    item_count      integer NOT NULL CHECK (item_count > 0),
    description     text CHECK (length(description) <= 5000),
    received_at     timestamptz NOT NULL DEFAULT now(),
    processed_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz,
    deleted_by      bigint,
    version         integer NOT NULL DEFAULT 1,
    CHECK (processed_at IS NULL OR processed_at >= received_at),
    CHECK ((status IN ('completed', 'rejected')) <= (processed_at IS NOT NULL)),
    FOREIGN KEY (organization_id, user_id) REFERENCES officeauto.users (organization_id, id),
    FOREIGN KEY (organization_id, deleted_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (deleted_by)
);
CREATE UNIQUE INDEX lots_reference_key ON officeauto.lots (organization_id, reference) WHERE deleted_at IS NULL;
CREATE INDEX lots_status_idx ON officeauto.lots (organization_id, status, received_at DESC) WHERE deleted_at IS NULL;
SELECT officeauto._setup_table('officeauto.lots');
COMMENT ON TABLE officeauto.lots IS 'Receiving lots (goods received, processed, completed or rejected).';

CREATE TABLE officeauto.shortcuts (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id       uuid NOT NULL DEFAULT officeauto.uuid_generate_v7() UNIQUE,
    organization_id bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    user_id         bigint NOT NULL,
    name            text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    description     text CHECK (length(description) <= 1000),
    icon            text CHECK (length(icon) <= 100),
    action_type     text NOT NULL CHECK (action_type IN ('url', 'route', 'query', 'command')),
    action_data     jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(action_data) = 'object'),
    order_index     integer NOT NULL DEFAULT 0 CHECK (order_index >= 0),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 1,
    FOREIGN KEY (organization_id, user_id) REFERENCES officeauto.users (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX shortcuts_order_idx ON officeauto.shortcuts (organization_id, user_id, order_index);
SELECT officeauto._setup_table('officeauto.shortcuts');
COMMENT ON TABLE officeauto.shortcuts IS 'A user''s quick actions, in display order.';
