-- Sprints (seed 004, task sprint integration): time-boxed plans of a project's tasks, a board
-- view and a burndown. Permissions are the TASK ones of the sprint's project, not a resource of
-- their own: a sprint is a plan of tasks, so whoever may change tasks in a project may plan
-- them (TASK UPDATE there), and a new resource would have needed grants added to every custom
-- role of every organization on upgrade before anyone could plan at all. Deleting a sprint
-- needs TASK DELETE, as deleting the tasks it holds would. Reading follows TASK READ.
--
-- Error codes: OA100 the sprint's state does not allow it (only a planned sprint starts, only
-- an active one closes, a closed sprint neither changes nor takes tasks), OA101 the project
-- already has an active sprint, OA102 task and sprint are in different projects (or a sprint
-- would change project), OA103 the task is in no sprint. Bad arguments are 22023, a sprint,
-- project or task the caller cannot see P0002, a stale version 40001, a denied permission 42501.

CREATE TABLE officeauto.sprints (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id       uuid NOT NULL DEFAULT officeauto.uuid_generate_v7() UNIQUE,
    organization_id bigint NOT NULL DEFAULT officeauto.current_organization_id()
                    REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    project_id      bigint NOT NULL,
    name            text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    goal            text CHECK (length(goal) <= 5000),
    start_date      date NOT NULL,
    end_date        date NOT NULL,
    state           text NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'active', 'closed')),
    started_at      timestamptz,
    closed_at       timestamptz,
    created_by      bigint DEFAULT officeauto.current_user_id(),
    updated_by      bigint,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 1,
    CHECK (end_date >= start_date),
    -- A year bounds the burndown's output; no iteration is longer.
    CHECK (end_date - start_date <= 365),
    CHECK ((state = 'planned') = (started_at IS NULL)),
    CHECK ((state = 'closed') = (closed_at IS NOT NULL)),
    CHECK (closed_at >= started_at),
    UNIQUE (organization_id, id),
    -- The target of the tasks' key, which carries the project so a task's sprint is always one
    -- of its own project's.
    UNIQUE (organization_id, id, project_id),
    FOREIGN KEY (organization_id, project_id) REFERENCES officeauto.projects (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, created_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (created_by),
    FOREIGN KEY (organization_id, updated_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (updated_by)
);
-- At most one active sprint per project, whatever the concurrency (start_sprint answers OA101).
CREATE UNIQUE INDEX sprints_one_active_key ON officeauto.sprints (organization_id, project_id) WHERE state = 'active';
SELECT officeauto._setup_table('officeauto.sprints');
SELECT officeauto._grant_table('officeauto.sprints', 'crud', true);
SELECT officeauto._restrict_visibility('officeauto.sprints', officeauto._visible_expr('TASK', 'project_id', NULL));
SELECT officeauto.enable_audit('officeauto.sprints');
COMMENT ON TABLE officeauto.sprints IS 'Sprints of a project: name, goal, dates and state (planned, active, closed; at most one active per project). Visible with TASK READ in the project; changed with TASK UPDATE there (TASK DELETE to delete).';
COMMENT ON COLUMN officeauto.sprints.state IS 'planned, then active (start_sprint sets started_at), then closed (close_sprint sets closed_at); a closed sprint no longer changes.';
COMMENT ON COLUMN officeauto.sprints.started_at IS 'When the sprint was started; the burndown''s ideal line starts from the scope at that moment.';
COMMENT ON COLUMN officeauto.sprints.closed_at IS 'When the sprint was closed; the burndown ends there, before unfinished tasks were moved out.';

ALTER TABLE officeauto.tasks ADD COLUMN sprint_id bigint;
-- With the project in the key, a sprint of another project is refused (23503) for any writer,
-- and a task cannot change project while it sits in a sprint. A task without a project would
-- escape the key (MATCH SIMPLE skips it), hence the CHECK.
ALTER TABLE officeauto.tasks
    ADD CONSTRAINT tasks_sprint_fkey FOREIGN KEY (organization_id, sprint_id, project_id)
        REFERENCES officeauto.sprints (organization_id, id, project_id) ON DELETE SET NULL (sprint_id),
    ADD CONSTRAINT tasks_sprint_needs_project CHECK (sprint_id IS NULL OR project_id IS NOT NULL);
CREATE INDEX tasks_sprint_idx ON officeauto.tasks (organization_id, sprint_id, project_id) WHERE sprint_id IS NOT NULL;
-- tasks was granted column by column before this column existed.
GRANT SELECT (sprint_id) ON officeauto.tasks TO officeauto_app, officeauto_readonly;
GRANT INSERT (sprint_id), UPDATE (sprint_id) ON officeauto.tasks TO officeauto_app;
COMMENT ON COLUMN officeauto.tasks.sprint_id IS 'The sprint the task is planned in (one of its project''s), or NULL for the backlog; add_task_to_sprint / remove_task_from_sprint.';

------------------------------------------------------------------------------------------
-- Rules
------------------------------------------------------------------------------------------

CREATE FUNCTION officeauto.tg_authorize_sprints() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    me bigint := officeauto.current_user_id();
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM officeauto._authorize('TASK', CASE WHEN TG_OP = 'DELETE' THEN 'DELETE' ELSE 'UPDATE' END,
                                      OLD.project_id, false, lower(TG_OP) || ' of officeauto.sprints');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM officeauto._authorize('TASK', 'UPDATE', NEW.project_id, false, lower(TG_OP) || ' of officeauto.sprints');
        -- Who created a sprint is the acting user, not a name the client sends.
        IF officeauto._acting_user() IS NOT NULL
           AND ((TG_OP = 'INSERT' AND NEW.created_by IS DISTINCT FROM me)
                OR (TG_OP = 'UPDATE' AND NEW.created_by IS DISTINCT FROM OLD.created_by)) THEN
            RAISE EXCEPTION 'permission denied: created_by of a sprint is the acting user (leave it to its default)'
                USING ERRCODE = '42501';
        END IF;
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
COMMENT ON FUNCTION officeauto.tg_authorize_sprints() IS
    'Authorization trigger of sprints: creating or changing one needs TASK UPDATE in its project, deleting one TASK DELETE (42501); created_by is the acting user.';
CREATE TRIGGER authorize BEFORE INSERT OR UPDATE OR DELETE ON officeauto.sprints
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_sprints();

-- The state machine, for every writer (the functions below and direct UPDATEs alike); the
-- timestamps of a move are the server's.
CREATE FUNCTION officeauto.tg_sprint_rules() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.state <> 'planned' THEN
            RAISE EXCEPTION 'a new sprint is planned; start it with officeauto.start_sprint()' USING ERRCODE = 'OA100';
        END IF;
        NEW.started_at := NULL;
        NEW.closed_at := NULL;
        RETURN NEW;
    END IF;
    IF OLD.state = 'closed' THEN
        RAISE EXCEPTION 'sprint % is closed and no longer changes', OLD.public_id USING ERRCODE = 'OA100';
    END IF;
    IF NEW.project_id IS DISTINCT FROM OLD.project_id THEN
        RAISE EXCEPTION 'a sprint stays in its project' USING ERRCODE = 'OA102';
    END IF;
    IF NEW.state IS DISTINCT FROM OLD.state THEN
        IF OLD.state = 'planned' AND NEW.state = 'active' THEN
            -- Checked here for a clear message; the unique index decides under concurrency.
            IF EXISTS (SELECT FROM officeauto.sprints s
                        WHERE s.organization_id = NEW.organization_id AND s.project_id = NEW.project_id
                          AND s.state = 'active' AND s.id <> NEW.id) THEN
                RAISE EXCEPTION 'the project already has an active sprint; close it first' USING ERRCODE = 'OA101';
            END IF;
            NEW.started_at := now();
        ELSIF OLD.state = 'active' AND NEW.state = 'closed' THEN
            NEW.closed_at := now();
        ELSE
            RAISE EXCEPTION 'a % sprint cannot become %', OLD.state, NEW.state USING ERRCODE = 'OA100',
                HINT = 'A sprint goes planned -> active (start_sprint) -> closed (close_sprint).';
        END IF;
    ELSE
        NEW.started_at := OLD.started_at;
        NEW.closed_at := OLD.closed_at;
    END IF;
    NEW.updated_by := coalesce(officeauto.current_user_id(), NEW.updated_by);
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION officeauto.tg_sprint_rules() IS
    'BEFORE trigger on sprints: new sprints are planned; planned -> active (one active per project: OA101) -> closed, other moves and any change of a closed sprint OA100; a sprint keeps its project (OA102); started_at, closed_at and updated_by are set by the server.';
CREATE TRIGGER sprint_rules BEFORE INSERT OR UPDATE ON officeauto.sprints
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_sprint_rules();

-- A task enters only a sprint its writer can see and that is not closed. Leaving is free: a
-- task reopened after its sprint closed must be plannable again, and the closed sprint's
-- burndown is read from the trail up to its close, so it does not change.
CREATE FUNCTION officeauto.tg_task_sprint() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    st text;
BEGIN
    IF NEW.sprint_id IS NULL OR (TG_OP = 'UPDATE' AND NEW.sprint_id IS NOT DISTINCT FROM OLD.sprint_id) THEN
        RETURN NEW;
    END IF;
    -- Read with the writer's rights: a sprint they cannot see is not theirs to plan into.
    SELECT s.state INTO st FROM officeauto.sprints s WHERE s.id = NEW.sprint_id;
    IF NOT FOUND THEN
        IF officeauto._acting_user() IS NOT NULL THEN
            RAISE EXCEPTION 'permission denied: no visible sprint with id %', NEW.sprint_id USING ERRCODE = '42501';
        END IF;
        RETURN NEW;  -- the foreign key answers for a sprint that does not exist
    END IF;
    IF st = 'closed' THEN
        RAISE EXCEPTION 'a closed sprint takes no tasks' USING ERRCODE = 'OA100';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION officeauto.tg_task_sprint() IS
    'BEFORE trigger on tasks (sprint_id): a task enters only a sprint its writer can see (42501) that is not closed (OA100).';
CREATE TRIGGER task_sprint BEFORE INSERT OR UPDATE OF sprint_id ON officeauto.tasks
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_task_sprint();

------------------------------------------------------------------------------------------
-- Functions. They run with the caller's rights: row-level security decides what is found
-- (P0002 otherwise, the same for another organization's rows as for missing ones) and the
-- triggers above and on tasks decide what may change.
------------------------------------------------------------------------------------------

-- One check of the arguments every function shares, before anything is looked up.
CREATE FUNCTION officeauto._sprint_args(p_name text, p_goal text, p_start_date date, p_end_date date)
RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF p_name IS NOT NULL AND length(btrim(p_name)) NOT BETWEEN 1 AND 200 THEN
        RAISE EXCEPTION 'a sprint name has 1 to 200 characters (not only spaces)' USING ERRCODE = '22023';
    END IF;
    IF length(p_goal) > 5000 THEN
        RAISE EXCEPTION 'a sprint goal has at most 5000 characters' USING ERRCODE = '22023';
    END IF;
    IF p_start_date IN ('infinity', '-infinity') OR p_end_date IN ('infinity', '-infinity') THEN
        RAISE EXCEPTION 'sprint dates are calendar dates, not infinity' USING ERRCODE = '22023';
    END IF;
    IF p_end_date < p_start_date THEN
        RAISE EXCEPTION 'a sprint ends on or after its start (start %, end %)', p_start_date, p_end_date USING ERRCODE = '22023';
    END IF;
    IF p_end_date - p_start_date > 365 THEN
        RAISE EXCEPTION 'a sprint lasts at most a year' USING ERRCODE = '22023';
    END IF;
END
$$;
COMMENT ON FUNCTION officeauto._sprint_args(text, text, date, date) IS 'Internal (sprint functions): 22023 for a blank or long name, a long goal, an end before the start, a sprint over a year or infinite dates.';

CREATE FUNCTION officeauto._required(p_value anyelement, p_what text) RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF p_value IS NULL THEN
        RAISE EXCEPTION '% is required', p_what USING ERRCODE = '22023';
    END IF;
END
$$;
COMMENT ON FUNCTION officeauto._required(anyelement, text) IS 'Internal (sprint functions): 22023 naming the argument when it is NULL.';

CREATE FUNCTION officeauto.create_sprint(p_project uuid, p_name text, p_start_date date, p_end_date date,
                                         p_goal text DEFAULT NULL)
RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
    me bigint := officeauto._actor();
    proj bigint;
    created uuid;
BEGIN
    PERFORM officeauto._required(p_project, 'project');
    PERFORM officeauto._required(p_name, 'name');
    PERFORM officeauto._required(p_start_date, 'start_date');
    PERFORM officeauto._required(p_end_date, 'end_date');
    PERFORM officeauto._sprint_args(p_name, p_goal, p_start_date, p_end_date);
    SELECT id INTO proj FROM officeauto.projects WHERE public_id = p_project AND deleted_at IS NULL;
    IF NOT FOUND THEN PERFORM officeauto._not_found('project', p_project); END IF;
    INSERT INTO officeauto.sprints (project_id, name, goal, start_date, end_date, created_by)
    VALUES (proj, btrim(p_name), nullif(btrim(p_goal), ''), p_start_date, p_end_date, me)
    RETURNING public_id INTO created;
    RETURN created;
END
$$;
COMMENT ON FUNCTION officeauto.create_sprint(uuid, text, date, date, text) IS
    'Plans a sprint in a project (state planned, version 1); returns its public id. TASK UPDATE in the project (42501); P0002 for a project the caller cannot see; 22023 for bad arguments.';

CREATE FUNCTION officeauto.update_sprint(p_sprint uuid, p_version integer, p_name text DEFAULT NULL,
                                         p_goal text DEFAULT NULL, p_start_date date DEFAULT NULL,
                                         p_end_date date DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    s officeauto.sprints%ROWTYPE;
    v integer;
BEGIN
    PERFORM officeauto._actor();
    PERFORM officeauto._required(p_sprint, 'sprint');
    PERFORM officeauto._required(p_version, 'version');
    SELECT * INTO s FROM officeauto.sprints WHERE public_id = p_sprint;
    IF NOT FOUND THEN PERFORM officeauto._not_found('sprint', p_sprint); END IF;
    PERFORM officeauto._sprint_args(p_name, p_goal, coalesce(p_start_date, s.start_date), coalesce(p_end_date, s.end_date));
    UPDATE officeauto.sprints
       SET name = coalesce(btrim(p_name), name),
           goal = CASE WHEN p_goal IS NULL THEN goal ELSE nullif(btrim(p_goal), '') END,
           start_date = coalesce(p_start_date, start_date),
           end_date = coalesce(p_end_date, end_date),
           version = p_version
     WHERE id = s.id
    RETURNING version INTO v;
    RETURN v;
END
$$;
COMMENT ON FUNCTION officeauto.update_sprint(uuid, integer, text, text, date, date) IS
    'Changes a planned or active sprint''s name, goal (an empty goal clears it) or dates; NULL keeps a value. Returns the new version. 40001 if p_version is stale, OA100 for a closed sprint, P0002, 42501, 22023.';

CREATE FUNCTION officeauto.start_sprint(p_sprint uuid, p_version integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v integer;
    st text;
BEGIN
    PERFORM officeauto._actor();
    PERFORM officeauto._required(p_sprint, 'sprint');
    PERFORM officeauto._required(p_version, 'version');
    SELECT state INTO st FROM officeauto.sprints WHERE public_id = p_sprint;
    IF NOT FOUND THEN PERFORM officeauto._not_found('sprint', p_sprint); END IF;
    -- An active sprint set active again would pass the state trigger as no move at all.
    PERFORM officeauto._require(st = 'planned', 'OA100', format('only a planned sprint starts; this one is %s', st));
    BEGIN
        UPDATE officeauto.sprints SET state = 'active', version = p_version WHERE public_id = p_sprint
        RETURNING version INTO v;
    EXCEPTION WHEN unique_violation THEN
        -- A concurrent start of another sprint of the project committed first.
        RAISE EXCEPTION 'the project already has an active sprint; close it first' USING ERRCODE = 'OA101';
    END;
    RETURN v;
END
$$;
COMMENT ON FUNCTION officeauto.start_sprint(uuid, integer) IS
    'Starts a planned sprint (records started_at); returns the new version. OA101 if the project already has an active sprint, OA100 unless planned, 40001, P0002, 42501.';

CREATE FUNCTION officeauto.close_sprint(p_sprint uuid, p_version integer, p_move_unfinished_to uuid DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    s officeauto.sprints%ROWTYPE;
    target officeauto.sprints%ROWTYPE;
    v integer;
BEGIN
    PERFORM officeauto._actor();
    PERFORM officeauto._required(p_sprint, 'sprint');
    PERFORM officeauto._required(p_version, 'version');
    SELECT * INTO s FROM officeauto.sprints WHERE public_id = p_sprint;
    IF NOT FOUND THEN PERFORM officeauto._not_found('sprint', p_sprint); END IF;
    IF p_move_unfinished_to IS NOT NULL THEN
        SELECT * INTO target FROM officeauto.sprints WHERE public_id = p_move_unfinished_to;
        IF NOT FOUND THEN PERFORM officeauto._not_found('sprint', p_move_unfinished_to); END IF;
        PERFORM officeauto._require(target.id <> s.id, '22023', 'unfinished tasks cannot be moved to the sprint being closed');
        PERFORM officeauto._require(target.project_id = s.project_id, 'OA102', 'unfinished tasks move only to a sprint of the same project');
        PERFORM officeauto._require(target.state <> 'closed', 'OA100', 'a closed sprint takes no tasks');
    END IF;
    -- The sprint first: a stale version or a sprint that is not active stops before any task moves.
    UPDATE officeauto.sprints SET state = 'closed', version = p_version WHERE id = s.id RETURNING version INTO v;
    -- Moved in the closing transaction, so their trail rows carry the closing time and the
    -- burndown (rows strictly before closed_at) still counts them on the last day.
    UPDATE officeauto.tasks SET sprint_id = target.id
     WHERE sprint_id = s.id AND deleted_at IS NULL AND status NOT IN ('completed', 'cancelled');
    RETURN v;
END
$$;
COMMENT ON FUNCTION officeauto.close_sprint(uuid, integer, uuid) IS
    'Closes an active sprint (records closed_at) and moves its unfinished tasks (not completed or cancelled): to the backlog when p_move_unfinished_to is NULL, else to that planned or active sprint of the same project (OA102 otherwise, OA100 if closed). Completed and cancelled tasks stay. Returns the sprint''s new version (the moved tasks'' versions advance too). OA100 unless active, 40001, P0002, 42501.';

CREATE FUNCTION officeauto.add_task_to_sprint(p_task uuid, p_sprint uuid, p_version integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    t record;
    s record;
    v integer;
BEGIN
    PERFORM officeauto._actor();
    PERFORM officeauto._required(p_task, 'task');
    PERFORM officeauto._required(p_sprint, 'sprint');
    PERFORM officeauto._required(p_version, 'version');
    SELECT id, project_id INTO t FROM officeauto.tasks WHERE public_id = p_task AND deleted_at IS NULL;
    IF NOT FOUND THEN PERFORM officeauto._not_found('task', p_task); END IF;
    SELECT id, project_id, state INTO s FROM officeauto.sprints WHERE public_id = p_sprint;
    IF NOT FOUND THEN PERFORM officeauto._not_found('sprint', p_sprint); END IF;
    PERFORM officeauto._require(t.project_id IS NOT DISTINCT FROM s.project_id, 'OA102',
                                'a task joins only a sprint of its own project');
    PERFORM officeauto._require(s.state <> 'closed', 'OA100', 'a closed sprint takes no tasks');
    UPDATE officeauto.tasks SET sprint_id = s.id, version = p_version WHERE id = t.id RETURNING version INTO v;
    RETURN v;
END
$$;
COMMENT ON FUNCTION officeauto.add_task_to_sprint(uuid, uuid, integer) IS
    'Plans a task in a sprint of its project (moving it from another sprint if it is in one); p_version is the task''s. Returns the task''s new version. OA102 for another project''s sprint, OA100 for a closed sprint, 40001, P0002, 42501 (TASK UPDATE on the task).';

CREATE FUNCTION officeauto.remove_task_from_sprint(p_task uuid, p_version integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    t record;
    v integer;
BEGIN
    PERFORM officeauto._actor();
    PERFORM officeauto._required(p_task, 'task');
    PERFORM officeauto._required(p_version, 'version');
    SELECT id, sprint_id INTO t FROM officeauto.tasks WHERE public_id = p_task AND deleted_at IS NULL;
    IF NOT FOUND THEN PERFORM officeauto._not_found('task', p_task); END IF;
    PERFORM officeauto._require(t.sprint_id IS NOT NULL, 'OA103', format('task %s is in no sprint', p_task));
    UPDATE officeauto.tasks SET sprint_id = NULL, version = p_version WHERE id = t.id RETURNING version INTO v;
    RETURN v;
END
$$;
COMMENT ON FUNCTION officeauto.remove_task_from_sprint(uuid, integer) IS
    'Takes a task out of its sprint, back to the backlog; p_version is the task''s. Returns the task''s new version. OA103 if it is in no sprint, 40001, P0002, 42501.';

------------------------------------------------------------------------------------------
-- Board and burndown
------------------------------------------------------------------------------------------

CREATE VIEW officeauto.sprint_board WITH (security_invoker = true) AS
SELECT s.public_id AS sprint_public_id, s.name AS sprint_name, s.state AS sprint_state,
       s.start_date, s.end_date, p.code AS project_code, p.public_id AS project_public_id,
       t.status AS board_column,
       CASE t.status WHEN 'pending' THEN 1 WHEN 'in_progress' THEN 2 WHEN 'on_hold' THEN 3
                     WHEN 'completed' THEN 4 WHEN 'cancelled' THEN 5 END AS column_position,
       t.public_id AS task_public_id, t.title, t.priority, a.username AS assignee_username,
       a.full_name AS assignee_name, t.estimated_hours, t.spent_minutes, t.due_date, t.completed_at,
       t.version AS task_version, s.organization_id
  FROM officeauto.sprints s
  JOIN officeauto.tasks t ON t.organization_id = s.organization_id AND t.sprint_id = s.id AND t.deleted_at IS NULL
  LEFT JOIN officeauto.projects p ON p.id = s.project_id
  LEFT JOIN officeauto.users a ON a.id = t.assignee_id;
COMMENT ON VIEW officeauto.sprint_board IS
    'Live tasks of every sprint the caller may read, one row each, in board columns by status (board_column, ordered by column_position: pending, in_progress, on_hold, completed, cancelled), with public ids and the task version for the next update. Row-level security of sprints and tasks filters it (caller''s rights).';
GRANT SELECT ON officeauto.sprint_board TO officeauto_app, officeauto_readonly, officeauto_admin;

-- The burndown is replayed from the audit trail, not from completed_at: completed_at describes
-- only the present (a reopened task loses it, a task moved out of the sprint or given another
-- estimate leaves no trace), so it cannot say what remained on a past day once the plan
-- changed. The trail holds every version of every task row (tasks are audited from the
-- install, the archive included), so the state of the sprint at the end of any past day is the
-- latest version of each task written before that moment. Only tasks now in the sprint that
-- have no trail at all (auditing switched off, or their rows purged from the archive) fall
-- back to completed_at. Definer rights: the caller's right to the sprint is checked here
-- (TASK READ in its project), and their right to the trail must not shorten the answer.
CREATE FUNCTION officeauto.sprint_burndown(p_sprint uuid)
RETURNS TABLE (day date, remaining_tasks integer, remaining_estimate_hours numeric,
               ideal_tasks numeric, ideal_estimate_hours numeric)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    s officeauto.sprints%ROWTYPE;
    n integer;
    baseline timestamptz;
BEGIN
    IF p_sprint IS NULL THEN
        RAISE EXCEPTION 'sprint is required' USING ERRCODE = '22023';
    END IF;
    SELECT * INTO s FROM officeauto.sprints sp
     WHERE sp.public_id = p_sprint AND sp.organization_id = ANY (officeauto._readable_organizations())
       AND ((SELECT officeauto._may_all('TASK', 'READ'))
            OR sp.project_id = ANY ((SELECT officeauto._may_projects('TASK', 'READ'))::bigint[]));
    IF NOT FOUND THEN
        PERFORM officeauto._not_found('sprint', p_sprint);
    END IF;
    n := s.end_date - s.start_date + 1;
    -- The committed scope: when the sprint started, or the morning of its first day.
    baseline := least(coalesce(s.started_at, s.start_date::timestamptz), now());
    RETURN QUERY
    WITH trail AS (
        SELECT (a.row_pk ->> 'id')::bigint AS task_id, a.created_at, a.id AS audit_id, a.action, a.new_data
          FROM (SELECT l.id, l.created_at, l.organization_id, l.table_name, l.action, l.row_pk, l.new_data
                  FROM officeauto.audit_logs l
                UNION ALL
                SELECT l.id, l.created_at, l.organization_id, l.table_name, l.action, l.row_pk, l.new_data
                  FROM officeauto.audit_logs_archive l) a
         WHERE a.organization_id = s.organization_id AND a.table_name = 'officeauto.tasks'
           AND a.action IN ('INSERT', 'UPDATE', 'DELETE')
           -- A task enters the sprint by a row written after the sprint was created.
           AND a.created_at >= s.created_at
    ), members AS (
        SELECT DISTINCT trail.task_id FROM trail WHERE (trail.new_data ->> 'sprint_id')::bigint = s.id
    ), history AS (
        SELECT trail.* FROM trail JOIN members USING (task_id)
    ), untraced AS (
        SELECT t.estimated_hours, t.status, t.completed_at FROM officeauto.tasks t
         WHERE t.organization_id = s.organization_id AND t.sprint_id = s.id AND t.deleted_at IS NULL
           AND NOT EXISTS (SELECT FROM members m WHERE m.task_id = t.id)
    ), points AS (
        -- Each day is judged at its end in the session's time zone, or when the sprint closed
        -- (strictly before: the close moves unfinished tasks out in the same instant); a day
        -- after the close or still to come has no value. Day NULL is the baseline.
        SELECT d::date AS day, least((d::date + 1)::timestamptz, s.closed_at) AS at, false AS inclusive
          FROM generate_series(s.start_date::timestamp, s.end_date::timestamp, interval '1 day') d
         WHERE d::date <= current_date AND (s.closed_at IS NULL OR d::date <= (s.closed_at)::date)
        UNION ALL
        SELECT NULL, baseline, true
    ), latest AS (
        SELECT DISTINCT ON (pt.day, h.task_id) pt.day, h.action, h.new_data
          FROM points pt JOIN history h ON h.created_at < pt.at OR (pt.inclusive AND h.created_at = pt.at)
         ORDER BY pt.day, h.task_id, h.created_at DESC, h.audit_id DESC
    ), open_per_point AS (
        SELECT pt.day,
               (SELECT count(*) FROM latest l
                 WHERE l.day IS NOT DISTINCT FROM pt.day AND l.action <> 'DELETE'
                   AND (l.new_data ->> 'sprint_id')::bigint = s.id AND l.new_data ->> 'deleted_at' IS NULL
                   AND l.new_data ->> 'status' NOT IN ('completed', 'cancelled'))
               + (SELECT count(*) FROM untraced u
                   WHERE u.status <> 'cancelled' AND (u.completed_at IS NULL OR u.completed_at >= pt.at)) AS tasks,
               coalesce((SELECT sum((l.new_data ->> 'estimated_hours')::numeric) FROM latest l
                          WHERE l.day IS NOT DISTINCT FROM pt.day AND l.action <> 'DELETE'
                            AND (l.new_data ->> 'sprint_id')::bigint = s.id AND l.new_data ->> 'deleted_at' IS NULL
                            AND l.new_data ->> 'status' NOT IN ('completed', 'cancelled')), 0)
               + coalesce((SELECT sum(u.estimated_hours) FROM untraced u
                            WHERE u.status <> 'cancelled' AND (u.completed_at IS NULL OR u.completed_at >= pt.at)), 0) AS hours
          FROM points pt
    )
    SELECT g.d::date,
           o.tasks::integer,
           o.hours,
           round(b.tasks::numeric * (n - g.i) / n, 2),
           round(b.hours * (n - g.i) / n, 2)
      FROM generate_series(s.start_date::timestamp, s.end_date::timestamp, interval '1 day') WITH ORDINALITY AS g(d, i)
      LEFT JOIN open_per_point o ON o.day = g.d::date
      CROSS JOIN (SELECT op.tasks, op.hours FROM open_per_point op WHERE op.day IS NULL) b
     ORDER BY 1;
END
$$;
COMMENT ON FUNCTION officeauto.sprint_burndown(uuid) IS
    'Per day of a sprint: tasks still open (not completed or cancelled) and their estimated_hours at the end of that day (session time zone; NULL for days to come and days after the close), replayed from the audit trail so past days stay right after reopenings, moves and re-estimates; and the ideal line from the scope at the start (started_at, or the first morning) down to 0 on the last day. TASK READ in the sprint''s project; P0002 otherwise.';

------------------------------------------------------------------------------------------
-- Execute privileges (PUBLIC's were revoked by sql/15_workflows.sql for the functions then;
-- these are new).
------------------------------------------------------------------------------------------
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA officeauto FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    officeauto._sprint_args(text, text, date, date), officeauto._required(anyelement, text),
    officeauto.create_sprint(uuid, text, date, date, text),
    officeauto.update_sprint(uuid, integer, text, text, date, date),
    officeauto.start_sprint(uuid, integer), officeauto.close_sprint(uuid, integer, uuid),
    officeauto.add_task_to_sprint(uuid, uuid, integer), officeauto.remove_task_from_sprint(uuid, integer)
   TO officeauto_app, officeauto_admin;
GRANT EXECUTE ON FUNCTION officeauto.sprint_burndown(uuid) TO officeauto_app, officeauto_readonly, officeauto_admin;
