#!/usr/bin/env bash
# The built-in role matrix, tried by real users: one fresh account per built-in role (owner,
# admin, manager, member, viewer), each holding exactly that role and a contributor in one
# test project, logs in once through a non-superuser application LOGIN role over TCP
# (scram-sha-256) and then tries every action on every resource table: SELECT, INSERT, UPDATE,
# DELETE and soft delete, the workflow functions, and APPROVE (decide_change_request). Rows
# lie in the user's project (mem), in a project they do not belong to (oth), outside projects
# (org), or are the user's own (own).
#
# What is expected is computed from officeauto.role_templates with the scope rule, never
# written down a second time:
#   GLOBAL allows everywhere; PROJECT allows rows outside projects and rows of the member
#   project (a contributor there: everything but APPROVE); SELF allows own rows (in a project
#   only when a member of it).
# An allowed action succeeds on exactly one row. A refused one on a row the user can see is
# 42501; on a row the user cannot see it touches nothing (0 rows); an INSERT or a function is
# 42501. Refused attempts are committed and allowed ones rolled back, so after each role's run
# every table must hold exactly what it held before (compared as the superuser).
source "$(dirname "$0")/../lib/tap.sh"

RUN=$(new_key_hex | cut -c1-6)
APP=oa_matrix_app
APP_PW="matrix-$(new_key_hex | cut -c1-16)"
q "DROP ROLE IF EXISTS $APP; CREATE ROLE $APP LOGIN PASSWORD '$APP_PW' IN ROLE officeauto_app" >/dev/null
# app SQL: as the application role over TCP, verbose errors.
app() { PGPASSWORD="$APP_PW" psql -X -q -At -h 127.0.0.1 -U "$APP" -d "$DB" -v VERBOSITY=verbose -c "$1" 2>&1; }

ACME=$(q "SELECT id FROM officeauto.organizations WHERE slug = 'acme'")
ALICE=$(q "SELECT id FROM officeauto.users WHERE username = 'alice'")
LEILA=$(q "SELECT id FROM officeauto.users WHERE username = 'leila'")
KIRA=$(q "SELECT id FROM officeauto.users WHERE username = 'kira'")
ROLES=(owner admin manager member viewer)

# --- Accounts: one per built-in role, holding exactly that role; and a victim (member).
declare -A U PW TOK
for r in "${ROLES[@]}" victim; do
    PW[$r]="pw-$r-$RUN"
    mk "mx$r-$RUN" "${PW[$r]}"
    U[$r]=$(q "SELECT id FROM officeauto.users WHERE username = 'mx$r-$RUN'")
done
for r in "${ROLES[@]}"; do
    q "DELETE FROM officeauto.user_roles WHERE user_id = ${U[$r]};
       INSERT INTO officeauto.user_roles (organization_id, user_id, role_id, granted_by)
       SELECT $ACME, ${U[$r]}, id, $ALICE FROM officeauto.roles
        WHERE organization_id = $ACME AND name = '$r' AND is_system" >/dev/null
done
check "each test account holds exactly its one built-in role" \
      "$(q "SELECT string_agg(u.username || '=' || r.name, ' ' ORDER BY u.id) FROM officeauto.users u
              JOIN officeauto.user_roles ur ON ur.user_id = u.id JOIN officeauto.roles r ON r.id = ur.role_id
             WHERE u.username LIKE 'mx%-$RUN' AND u.username NOT LIKE 'mxvictim%'")" \
      "$(for r in "${ROLES[@]}"; do printf 'mx%s-%s=%s ' "$r" "$RUN" "$r"; done | sed 's/ $//')"

# --- Fixtures, written by a trusted maintenance connection acting as alice.
declare -A F
while IFS='=' read -r k v; do F[$k]=$v; done < <(psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" <<SQL
CREATE TEMP TABLE fx (name text PRIMARY KEY, id bigint NOT NULL);
SELECT set_config('officeauto.organization_id', '$ACME', false), set_config('officeauto.user_id', '$ALICE', false) \g /dev/null
DO \$fx\$
DECLARE
    run text := '$RUN';
    alice bigint := $ALICE;
    testers bigint[] := ARRAY[${U[owner]}, ${U[admin]}, ${U[manager]}, ${U[member]}, ${U[viewer]}];
    names text[] := ARRAY['owner', 'admin', 'manager', 'member', 'viewer'];
    contributor bigint := (SELECT id FROM officeauto.access_role_reference WHERE code = 'contributor');
    viewer bigint := (SELECT id FROM officeauto.access_role_reference WHERE code = 'viewer');
    place text;
    p bigint; x bigint; y bigint; st bigint; tag bigint; i int;
BEGIN
    INSERT INTO officeauto.storage_reference (name, provider) VALUES ('mx-' || run, 'local') RETURNING id INTO st;
    INSERT INTO fx VALUES ('st', st);
    INSERT INTO officeauto.storage_reference (name, provider) VALUES ('mx-unused-' || run, 'local') RETURNING id INTO x;
    INSERT INTO fx VALUES ('st_del', x);
    INSERT INTO officeauto.tag_reference (name) VALUES ('mx-' || run) RETURNING id INTO tag;
    INSERT INTO fx VALUES ('tag', tag);
    INSERT INTO officeauto.tag_reference (name) VALUES ('mx2-' || run) RETURNING id INTO x;
    INSERT INTO fx VALUES ('tag2', x);
    FOREACH place IN ARRAY ARRAY['mem', 'oth'] LOOP
        INSERT INTO officeauto.projects (code, name, manager_id)
        VALUES (upper('MX' || left(place, 1) || '-' || run), 'Matrix ' || place || ' ' || run, alice) RETURNING id INTO p;
        INSERT INTO fx VALUES ('p_' || place, p);
        IF place = 'mem' THEN
            INSERT INTO officeauto.project_members (project_id, user_id, access_role_id)
            SELECT p, u, contributor FROM unnest(testers) u;
        END IF;
        INSERT INTO officeauto.project_members (project_id, user_id, access_role_id) VALUES (p, $LEILA, viewer) RETURNING id INTO x;
        INSERT INTO fx VALUES ('pm_' || place, x);
        INSERT INTO officeauto.project_tags (project_id, tag_id) VALUES (p, tag) RETURNING id INTO x;
        INSERT INTO fx VALUES ('pt_' || place, x);
        INSERT INTO officeauto.tasks (title, project_id, assignee_id) VALUES ('Matrix task ' || place, p, alice) RETURNING id INTO x;
        INSERT INTO fx VALUES ('t_' || place, x);
        INSERT INTO officeauto.task_time_entries (task_id, user_id, started_at, ended_at)
        VALUES (x, alice, now() - interval '2 hours', now() - interval '1 hour') RETURNING id INTO y;
        INSERT INTO fx VALUES ('tt_' || place, y);
        INSERT INTO officeauto.tasks (title, project_id, assignee_id, status) VALUES ('Matrix closed task ' || place, p, alice, 'completed')
        RETURNING id INTO x;
        INSERT INTO fx VALUES ('tcl_' || place, x);
        INSERT INTO officeauto.documents (title, project_id, content) VALUES ('Matrix document ' || place, p, 'matrix fixture')
        RETURNING id INTO x;
        INSERT INTO fx VALUES ('d_' || place, x);
        INSERT INTO officeauto.document_versions (document_id, version_number, checksum_sha256, size_bytes)
        VALUES (x, 1, encode(sha256(convert_to('dv' || place || run, 'UTF8')), 'hex'), 10) RETURNING id INTO y;
        INSERT INTO fx VALUES ('dv_' || place, y);
        INSERT INTO officeauto.documents (title, project_id) VALUES ('Matrix document 2 ' || place, p) RETURNING id INTO y;
        INSERT INTO fx VALUES ('d2_' || place, y);
        INSERT INTO officeauto.document_relations (source_document_id, target_document_id, relation_type)
        VALUES (x, y, 'references') RETURNING id INTO y;
        INSERT INTO fx VALUES ('dr_' || place, y);
        INSERT INTO officeauto.documents_ingest (project_id, uploaded_by, original_name, mime_type, storage_id, s3_key, checksum_sha256, size_bytes)
        VALUES (p, alice, 'matrix-' || place || '.pdf', 'application/pdf', st, 'mx/' || place || run,
                encode(sha256(convert_to('ingest' || place || run, 'UTF8')), 'hex'), 100) RETURNING id INTO x;
        INSERT INTO fx VALUES ('i_' || place, x);
        INSERT INTO officeauto.change_requests (title, project_id) VALUES ('Matrix CR ' || place, p) RETURNING id INTO x;
        INSERT INTO fx VALUES ('cr_' || place, x);
        INSERT INTO officeauto.change_request_impacts (change_request_id, area, severity, description)
        VALUES (x, 'cost', 'low', 'matrix') RETURNING id INTO y;
        INSERT INTO fx VALUES ('ci_' || place, y);
        INSERT INTO officeauto.change_request_approvals (change_request_id, approver_id) VALUES (x, alice) RETURNING id INTO y;
        INSERT INTO fx VALUES ('ca_' || place, y);
        -- Under review, every tester a pending approver: APPROVE.
        INSERT INTO officeauto.change_requests (title, project_id, status, submitted_at)
        VALUES ('Matrix CR to decide ' || place, p, 'under_review', now()) RETURNING id INTO x;
        INSERT INTO fx VALUES ('cra_' || place, x);
        INSERT INTO officeauto.change_request_approvals (change_request_id, approver_id) SELECT x, u FROM unnest(testers) u;
        INSERT INTO officeauto.test_cases (title, project_id) VALUES ('Matrix test case ' || place, p) RETURNING id INTO x;
        INSERT INTO fx VALUES ('tc_' || place, x);
        INSERT INTO officeauto.test_executions (test_case_id, executed_by, result) VALUES (x, alice, 'passed') RETURNING id INTO y;
        INSERT INTO fx VALUES ('te_' || place, y);
        INSERT INTO officeauto.test_case_relations (test_case_id, task_id, relation_type)
        VALUES (x, (SELECT id FROM fx WHERE name = 't_' || place), 'covers') RETURNING id INTO y;
        INSERT INTO fx VALUES ('tr_' || place, y);
        INSERT INTO fx SELECT 'audit_' || place, max(id) FROM officeauto.audit_logs
         WHERE table_name = 'officeauto.tasks' AND action = 'INSERT' AND (row_pk ->> 'id')::bigint = (SELECT id FROM fx WHERE name = 't_' || place);
    END LOOP;
    INSERT INTO officeauto.clients (name, owner_user_id, tags) VALUES ('Matrix client ' || run, alice, ARRAY['mx-' || run]) RETURNING id INTO x;
    INSERT INTO fx VALUES ('cl', x);
    INSERT INTO officeauto.credentials (client_id, label, encrypted_value) VALUES (x, 'matrix', officeauto.encrypt_credential_value('s3cret'))
    RETURNING id INTO y;
    INSERT INTO fx VALUES ('crd', y);
    INSERT INTO officeauto.calendar_resources (name) VALUES ('Matrix room ' || run) RETURNING id INTO x;
    INSERT INTO fx VALUES ('res', x);
    INSERT INTO officeauto.events (title, organizer_id, start_time, end_time)
    VALUES ('Matrix event', alice, now() + interval '1 day', now() + interval '25 hours') RETURNING id INTO x;
    INSERT INTO fx VALUES ('ev', x);
    INSERT INTO officeauto.lots (reference, item_count, user_id) VALUES ('MX-' || run, 1, alice) RETURNING id INTO x;
    INSERT INTO fx VALUES ('lot', x);
    INSERT INTO officeauto.files (name, storage_id, owner_id) VALUES ('matrix.txt', st, alice) RETURNING id INTO x;
    INSERT INTO fx VALUES ('f', x);
    INSERT INTO officeauto.file_versions (file_id, version_number, storage_key, checksum_sha256, size_bytes, uploaded_by)
    VALUES (x, 1, 'mx/f1', repeat('b', 64), 5, alice) RETURNING id INTO y;
    INSERT INTO fx VALUES ('fv', y);
    INSERT INTO officeauto.messages (sender_id, conversation_id, body) VALUES (alice, 'mx-' || run, 'matrix conversation') RETURNING id INTO x;
    INSERT INTO fx VALUES ('msg', x);
    INSERT INTO officeauto.roles (name, description) VALUES ('mx_custom_' || run, 'matrix') RETURNING id INTO x;
    INSERT INTO fx VALUES ('rc', x);
    INSERT INTO officeauto.role_permissions (role_id, permission_id)
    SELECT x, id FROM officeauto.permissions WHERE (resource, action, scope) = ('TASK', 'READ', 'GLOBAL') RETURNING id INTO y;
    INSERT INTO fx VALUES ('rp', y);
    INSERT INTO fx SELECT 'perm_doc_read', id FROM officeauto.permissions WHERE (resource, action, scope) = ('DOCUMENT', 'READ', 'GLOBAL');
    INSERT INTO fx SELECT 'role_viewer', id FROM officeauto.roles WHERE name = 'viewer' AND is_system AND organization_id = $ACME;
    INSERT INTO fx SELECT 'ur_vic', id FROM officeauto.user_roles WHERE user_id = ${U[victim]};
    INSERT INTO fx SELECT 'ar_contributor', contributor;
    INSERT INTO fx SELECT 'ar_viewer', viewer;
    -- Each tester's own rows.
    FOR i IN 1 .. 5 LOOP
        p := (SELECT id FROM fx WHERE name = 'p_mem');
        INSERT INTO officeauto.tasks (title, project_id, created_by, assignee_id) VALUES ('Own task', p, testers[i], testers[i]) RETURNING id INTO x;
        INSERT INTO fx VALUES ('ot_' || names[i], x);
        INSERT INTO officeauto.documents (title, project_id, author_id) VALUES ('Own document', p, testers[i]) RETURNING id INTO x;
        INSERT INTO fx VALUES ('od_' || names[i], x);
        INSERT INTO officeauto.change_requests (title, project_id, requested_by) VALUES ('Own CR', p, testers[i]) RETURNING id INTO x;
        INSERT INTO fx VALUES ('ocr_' || names[i], x);
        INSERT INTO officeauto.test_cases (title, project_id, created_by) VALUES ('Own test case', p, testers[i]) RETURNING id INTO x;
        INSERT INTO fx VALUES ('otc_' || names[i], x);
        INSERT INTO officeauto.events (title, organizer_id, start_time, end_time)
        VALUES ('Own event', testers[i], now() + interval '2 days', now() + interval '49 hours') RETURNING id INTO x;
        INSERT INTO fx VALUES ('oev_' || names[i], x);
        INSERT INTO officeauto.messages (sender_id, conversation_id, body) VALUES (testers[i], 'mx-' || run, 'own message') RETURNING id INTO x;
        INSERT INTO fx VALUES ('omsg_' || names[i], x);
        INSERT INTO officeauto.lots (reference, item_count, user_id) VALUES ('MX-' || run || '-' || i, 1, testers[i]) RETURNING id INTO x;
        INSERT INTO fx VALUES ('olot_' || names[i], x);
        INSERT INTO officeauto.clients (name, owner_user_id) VALUES ('Own client ' || i, testers[i]) RETURNING id INTO x;
        INSERT INTO fx VALUES ('ocl_' || names[i], x);
        -- With a value: tests/shell/credential_keys.sh expects every credential of acme to decrypt.
        INSERT INTO officeauto.credentials (client_id, label, created_by, encrypted_value)
        VALUES (x, 'own', testers[i], officeauto.encrypt_credential_value('own')) RETURNING id INTO x;
        INSERT INTO fx VALUES ('ocrd_' || names[i], x);
    END LOOP;
END
\$fx\$;
SELECT name || '=' || id FROM fx ORDER BY name;
SQL
)
check "fixtures were created (projects, rows of every table, each tester's own rows)" \
      "$([ -n "${F[p_mem]:-}" ] && [ -n "${F[ocrd_viewer]:-}" ] && [ -n "${F[audit_oth]:-}" ] && echo yes || echo no)" "yes"

# The victim has a live session (for SESSION READ/DELETE of another user).
q "SELECT 1 FROM officeauto.login('mxvictim-$RUN', '${PW[victim]}', 'web', '198.51.100.90')" >/dev/null

# --- Every tester logs in once; the session token is reused by every later transaction.
for r in "${ROLES[@]}"; do
    TOK[$r]=$(app "SELECT session_token FROM officeauto.login('mx$r-$RUN', '${PW[$r]}', 'web', '198.51.100.91')")
done
check "each tester logged in once through the application role" \
      "$(for r in "${ROLES[@]}"; do printf '%s ' "${#TOK[$r]}"; done)" "43 43 43 43 43 "

# --- The matrix as role_templates has it: role:resource:action:scope.
declare -A T
# The public id (what the API takes) of a fixture known by its internal id.
pid() { q "SELECT public_id FROM officeauto.$1 WHERE id = $2"; }
declare -A UP  # the testers' public ids, for {mepid}
for r in "${ROLES[@]}"; do UP[$r]=$(pid users "${U[$r]}"); done
while IFS= read -r l; do T[$l]=1; done < <(q "SELECT role_name || ':' || resource || ':' || action || ':' || scope FROM officeauto.role_templates")
check "role_templates holds the five built-in roles" \
      "$(q "SELECT string_agg(DISTINCT role_name, ',' ORDER BY role_name) FROM officeauto.role_templates")" "admin,manager,member,owner,viewer"

# allowed ROLE RESOURCE ACTION PLACE OWN: the scope rule over the templates.
allowed() {
    local r=$1 res=$2 a=$3 pl=$4 own=$5
    [ -n "${T[$r:$res:$a:GLOBAL]:-}" ] && return 0
    if [ -n "${T[$r:$res:$a:PROJECT]:-}" ]; then
        [ "$pl" = org ] && return 0
        [ "$pl" = mem ] && [ "$a" != APPROVE ] && return 0
    fi
    [ -n "${T[$r:$res:$a:SELF]:-}" ] && [ "$own" = 1 ] && [ "$pl" != oth ] && return 0
    return 1
}

# --- The specification: KEY|VERB|RESOURCE|ACTION|PLACE|OWN|SQL. {role} and {me} are the
# tester's name and id ({mepid}: public id), {o:NAME} the tester's own fixture NAME. VERB says how the answer looks:
# SELECT (1 row when READ is allowed, else 0), INSERT and FN (1 row, else 42501), UPDATE,
# DELETE, SOFTDELETE (1 row; else 42501 on a visible row, 0 rows on an invisible one).
S=()
add() { S+=("$1"); }
NOW_1H="now() - interval '1 hour', now()"
SHA="repeat('c', 64)"
for P in mem oth; do
    p=${F[p_$P]}
    # projects and their parts
    add "projects.SELECT.$P|SELECT|PROJECT|READ|$P|0|SELECT 1 FROM officeauto.projects WHERE id = $p"
    add "projects.UPDATE.$P|UPDATE|PROJECT|UPDATE|$P|0|UPDATE officeauto.projects SET description = 'matrix {role}' WHERE id = $p"
    add "projects.SOFTDELETE.$P|SOFTDELETE|PROJECT|DELETE|$P|0|UPDATE officeauto.projects SET deleted_at = now() WHERE id = $p"
    add "projects.DELETE.$P|DELETE|PROJECT|DELETE|$P|0|DELETE FROM officeauto.projects WHERE id = $p"
    add "project_members.SELECT.$P|SELECT|PROJECT|READ|$P|0|SELECT 1 FROM officeauto.project_members WHERE id = ${F[pm_$P]}"
    add "project_members.INSERT.$P|INSERT|PROJECT|UPDATE|$P|0|INSERT INTO officeauto.project_members (project_id, user_id, access_role_id) VALUES ($p, $KIRA, ${F[ar_viewer]})"
    add "project_members.UPDATE.$P|UPDATE|PROJECT|UPDATE|$P|0|UPDATE officeauto.project_members SET access_role_id = ${F[ar_contributor]} WHERE id = ${F[pm_$P]}"
    add "project_members.DELETE.$P|DELETE|PROJECT|UPDATE|$P|0|DELETE FROM officeauto.project_members WHERE id = ${F[pm_$P]}"
    add "project_tags.SELECT.$P|SELECT|PROJECT|READ|$P|0|SELECT 1 FROM officeauto.project_tags WHERE id = ${F[pt_$P]}"
    add "project_tags.INSERT.$P|INSERT|PROJECT|UPDATE|$P|0|INSERT INTO officeauto.project_tags (project_id, tag_id) VALUES ($p, ${F[tag2]})"
    add "project_tags.UPDATE.$P|UPDATE|PROJECT|UPDATE|$P|0|UPDATE officeauto.project_tags SET tag_id = ${F[tag2]} WHERE id = ${F[pt_$P]}"
    add "project_tags.DELETE.$P|DELETE|PROJECT|UPDATE|$P|0|DELETE FROM officeauto.project_tags WHERE id = ${F[pt_$P]}"
    # tasks
    add "tasks.SELECT.$P|SELECT|TASK|READ|$P|0|SELECT 1 FROM officeauto.tasks WHERE id = ${F[t_$P]}"
    add "tasks.INSERT.$P|INSERT|TASK|CREATE|$P|1|INSERT INTO officeauto.tasks (title, project_id) VALUES ('matrix {role}', $p)"
    add "tasks.UPDATE.$P|UPDATE|TASK|UPDATE|$P|0|UPDATE officeauto.tasks SET title = 'matrix {role}' WHERE id = ${F[t_$P]}"
    add "tasks.SOFTDELETE.$P|SOFTDELETE|TASK|DELETE|$P|0|UPDATE officeauto.tasks SET deleted_at = now() WHERE id = ${F[t_$P]}"
    add "tasks.DELETE.$P|DELETE|TASK|DELETE|$P|0|DELETE FROM officeauto.tasks WHERE id = ${F[t_$P]}"
    add "task_time_entries.SELECT.$P|SELECT|TASK|READ|$P|0|SELECT 1 FROM officeauto.task_time_entries WHERE id = ${F[tt_$P]}"
    add "task_time_entries.INSERT.$P|INSERT|TASK|UPDATE|$P|0|INSERT INTO officeauto.task_time_entries (task_id, started_at, ended_at) VALUES (${F[t_$P]}, $NOW_1H)"
    add "task_time_entries.UPDATE.$P|UPDATE|TASK|UPDATE|$P|0|UPDATE officeauto.task_time_entries SET note = 'matrix {role}' WHERE id = ${F[tt_$P]}"
    add "task_time_entries.DELETE.$P|DELETE|TASK|UPDATE|$P|0|DELETE FROM officeauto.task_time_entries WHERE id = ${F[tt_$P]}"
    # documents
    add "documents.SELECT.$P|SELECT|DOCUMENT|READ|$P|0|SELECT 1 FROM officeauto.documents WHERE id = ${F[d_$P]}"
    add "documents.INSERT.$P|INSERT|DOCUMENT|CREATE|$P|1|INSERT INTO officeauto.documents (title, project_id) VALUES ('matrix {role}', $p)"
    add "documents.UPDATE.$P|UPDATE|DOCUMENT|UPDATE|$P|0|UPDATE officeauto.documents SET title = 'matrix {role}' WHERE id = ${F[d_$P]}"
    add "documents.SOFTDELETE.$P|SOFTDELETE|DOCUMENT|DELETE|$P|0|UPDATE officeauto.documents SET deleted_at = now() WHERE id = ${F[d_$P]}"
    add "documents.DELETE.$P|DELETE|DOCUMENT|DELETE|$P|0|DELETE FROM officeauto.documents WHERE id = ${F[d_$P]}"
    add "document_versions.SELECT.$P|SELECT|DOCUMENT|READ|$P|0|SELECT 1 FROM officeauto.document_versions WHERE id = ${F[dv_$P]}"
    add "document_versions.INSERT.$P|INSERT|DOCUMENT|UPDATE|$P|0|INSERT INTO officeauto.document_versions (document_id, version_number, checksum_sha256, size_bytes) VALUES (${F[d_$P]}, 2, $SHA, 1)"
    add "document_versions.UPDATE.$P|UPDATE|DOCUMENT|UPDATE|$P|0|UPDATE officeauto.document_versions SET change_note = 'matrix {role}' WHERE id = ${F[dv_$P]}"
    add "document_versions.DELETE.$P|DELETE|DOCUMENT|UPDATE|$P|0|DELETE FROM officeauto.document_versions WHERE id = ${F[dv_$P]}"
    add "document_relations.SELECT.$P|SELECT|DOCUMENT|READ|$P|0|SELECT 1 FROM officeauto.document_relations WHERE id = ${F[dr_$P]}"
    add "document_relations.INSERT.$P|INSERT|DOCUMENT|UPDATE|$P|0|INSERT INTO officeauto.document_relations (source_document_id, target_document_id, relation_type) VALUES (${F[d_$P]}, ${F[d2_$P]}, 'related')"
    add "document_relations.UPDATE.$P|UPDATE|DOCUMENT|UPDATE|$P|0|UPDATE officeauto.document_relations SET relation_type = 'depends_on' WHERE id = ${F[dr_$P]}"
    add "document_relations.DELETE.$P|DELETE|DOCUMENT|UPDATE|$P|0|DELETE FROM officeauto.document_relations WHERE id = ${F[dr_$P]}"
    add "documents_ingest.SELECT.$P|SELECT|DOCUMENT|READ|$P|0|SELECT 1 FROM officeauto.documents_ingest WHERE id = ${F[i_$P]}"
    add "documents_ingest.INSERT.$P|INSERT|DOCUMENT|CREATE|$P|1|INSERT INTO officeauto.documents_ingest (project_id, original_name, s3_key) VALUES ($p, 'matrix.pdf', 'mx/{role}')"
    add "documents_ingest.UPDATE.$P|UPDATE|DOCUMENT|UPDATE|$P|0|UPDATE officeauto.documents_ingest SET notes = 'matrix {role}' WHERE id = ${F[i_$P]}"
    add "documents_ingest.DELETE.$P|DELETE|DOCUMENT|DELETE|$P|0|DELETE FROM officeauto.documents_ingest WHERE id = ${F[i_$P]}"
    # change requests
    add "change_requests.SELECT.$P|SELECT|CHANGE_REQUEST|READ|$P|0|SELECT 1 FROM officeauto.change_requests WHERE id = ${F[cr_$P]}"
    add "change_requests.INSERT.$P|INSERT|CHANGE_REQUEST|CREATE|$P|1|INSERT INTO officeauto.change_requests (title, project_id) VALUES ('matrix {role}', $p)"
    add "change_requests.UPDATE.$P|UPDATE|CHANGE_REQUEST|UPDATE|$P|0|UPDATE officeauto.change_requests SET title = 'matrix {role}' WHERE id = ${F[cr_$P]}"
    add "change_requests.SOFTDELETE.$P|SOFTDELETE|CHANGE_REQUEST|DELETE|$P|0|UPDATE officeauto.change_requests SET deleted_at = now() WHERE id = ${F[cr_$P]}"
    add "change_requests.DELETE.$P|DELETE|CHANGE_REQUEST|DELETE|$P|0|DELETE FROM officeauto.change_requests WHERE id = ${F[cr_$P]}"
    add "change_request_impacts.SELECT.$P|SELECT|CHANGE_REQUEST|READ|$P|0|SELECT 1 FROM officeauto.change_request_impacts WHERE id = ${F[ci_$P]}"
    add "change_request_impacts.INSERT.$P|INSERT|CHANGE_REQUEST|UPDATE|$P|0|INSERT INTO officeauto.change_request_impacts (change_request_id, area, severity, description) VALUES (${F[cr_$P]}, 'risk', 'high', 'matrix')"
    add "change_request_impacts.UPDATE.$P|UPDATE|CHANGE_REQUEST|UPDATE|$P|0|UPDATE officeauto.change_request_impacts SET description = 'matrix {role}' WHERE id = ${F[ci_$P]}"
    add "change_request_impacts.DELETE.$P|DELETE|CHANGE_REQUEST|UPDATE|$P|0|DELETE FROM officeauto.change_request_impacts WHERE id = ${F[ci_$P]}"
    add "change_request_approvals.SELECT.$P|SELECT|CHANGE_REQUEST|READ|$P|0|SELECT 1 FROM officeauto.change_request_approvals WHERE id = ${F[ca_$P]}"
    add "change_request_approvals.INSERT.$P|INSERT|CHANGE_REQUEST|UPDATE|$P|0|INSERT INTO officeauto.change_request_approvals (change_request_id, approver_id) VALUES (${F[cr_$P]}, ${U[victim]})"
    add "change_request_approvals.UPDATE.$P|UPDATE|CHANGE_REQUEST|UPDATE|$P|0|UPDATE officeauto.change_request_approvals SET comment = 'matrix {role}' WHERE id = ${F[ca_$P]}"
    add "change_request_approvals.DELETE.$P|DELETE|CHANGE_REQUEST|UPDATE|$P|0|DELETE FROM officeauto.change_request_approvals WHERE id = ${F[ca_$P]}"
    # test cases
    add "test_cases.SELECT.$P|SELECT|TEST_CASE|READ|$P|0|SELECT 1 FROM officeauto.test_cases WHERE id = ${F[tc_$P]}"
    add "test_cases.INSERT.$P|INSERT|TEST_CASE|CREATE|$P|1|INSERT INTO officeauto.test_cases (title, project_id) VALUES ('matrix {role}', $p)"
    add "test_cases.UPDATE.$P|UPDATE|TEST_CASE|UPDATE|$P|0|UPDATE officeauto.test_cases SET title = 'matrix {role}' WHERE id = ${F[tc_$P]}"
    add "test_cases.SOFTDELETE.$P|SOFTDELETE|TEST_CASE|DELETE|$P|0|UPDATE officeauto.test_cases SET deleted_at = now() WHERE id = ${F[tc_$P]}"
    add "test_cases.DELETE.$P|DELETE|TEST_CASE|DELETE|$P|0|DELETE FROM officeauto.test_cases WHERE id = ${F[tc_$P]}"
    add "test_executions.SELECT.$P|SELECT|TEST_CASE|READ|$P|0|SELECT 1 FROM officeauto.test_executions WHERE id = ${F[te_$P]}"
    add "test_executions.INSERT.$P|INSERT|TEST_CASE|UPDATE|$P|0|INSERT INTO officeauto.test_executions (test_case_id, result) VALUES (${F[tc_$P]}, 'failed')"
    add "test_executions.UPDATE.$P|UPDATE|TEST_CASE|UPDATE|$P|0|UPDATE officeauto.test_executions SET notes = 'matrix {role}' WHERE id = ${F[te_$P]}"
    add "test_executions.DELETE.$P|DELETE|TEST_CASE|UPDATE|$P|0|DELETE FROM officeauto.test_executions WHERE id = ${F[te_$P]}"
    add "test_case_relations.SELECT.$P|SELECT|TEST_CASE|READ|$P|0|SELECT 1 FROM officeauto.test_case_relations WHERE id = ${F[tr_$P]}"
    add "test_case_relations.INSERT.$P|INSERT|TEST_CASE|UPDATE|$P|0|INSERT INTO officeauto.test_case_relations (test_case_id, document_id, relation_type) VALUES (${F[tc_$P]}, ${F[d_$P]}, 'verifies')"
    add "test_case_relations.UPDATE.$P|UPDATE|TEST_CASE|UPDATE|$P|0|UPDATE officeauto.test_case_relations SET relation_type = 'related' WHERE id = ${F[tr_$P]}"
    add "test_case_relations.DELETE.$P|DELETE|TEST_CASE|UPDATE|$P|0|DELETE FROM officeauto.test_case_relations WHERE id = ${F[tr_$P]}"
    # the project's history
    add "audit_logs.SELECT.$P|SELECT|AUDIT_LOG|READ|$P|0|SELECT 1 FROM officeauto.audit_logs WHERE id = ${F[audit_$P]}"
    # workflow functions that check the row's project
    add "decide_change_request.APPROVE.$P|FN|CHANGE_REQUEST|APPROVE|$P|0|SELECT officeauto.decide_change_request('$(pid change_requests "${F[cra_$P]}")', 'approved')"
    add "reopen_task.UPDATE.$P|FN|TASK|UPDATE|$P|0|SELECT officeauto.reopen_task('$(pid tasks "${F[tcl_$P]}")', 'matrix')"
done
# Invoker workflow functions on rows every role can see (in the member project).
add "assign_task.UPDATE.mem|FN|TASK|UPDATE|mem|0|SELECT officeauto.assign_task('$(pid tasks "${F[t_mem]}")', '$(pid users "${U[victim]}")')"
add "submit_change_request.UPDATE.mem|FN|CHANGE_REQUEST|UPDATE|mem|0|SELECT officeauto.submit_change_request('$(pid change_requests "${F[cr_mem]}")')"
add "record_test_execution.UPDATE.mem|FN|TEST_CASE|UPDATE|mem|0|SELECT officeauto.record_test_execution('$(pid test_cases "${F[tc_mem]}")', 'passed')"
add "promote_ingest.CREATE.mem|FN|DOCUMENT|CREATE|mem|0|SELECT officeauto.promote_ingest('$(pid documents_ingest "${F[i_mem]}")')"
# Own rows in the member project (SELF scope).
for t in tasks:ot:TASK documents:od:DOCUMENT change_requests:ocr:CHANGE_REQUEST test_cases:otc:TEST_CASE; do
    IFS=: read -r tbl o res <<<"$t"
    col=title
    add "$tbl.SELECT.own|SELECT|$res|READ|mem|1|SELECT 1 FROM officeauto.$tbl WHERE id = {o:$o}"
    add "$tbl.UPDATE.own|UPDATE|$res|UPDATE|mem|1|UPDATE officeauto.$tbl SET $col = 'own {role}' WHERE id = {o:$o}"
    add "$tbl.SOFTDELETE.own|SOFTDELETE|$res|DELETE|mem|1|UPDATE officeauto.$tbl SET deleted_at = now() WHERE id = {o:$o}"
    add "$tbl.DELETE.own|DELETE|$res|DELETE|mem|1|DELETE FROM officeauto.$tbl WHERE id = {o:$o}"
done
# Rows outside projects: org-wide fixtures (alice's) and the tester's own.
org_table() { # TABLE RESOURCE FIXTURE UPDATE_SET INSERT_COLS_VALUES INSERT_OWN [soft]
    add "$1.SELECT.org|SELECT|$2|READ|org|0|SELECT 1 FROM officeauto.$1 WHERE id = $3"
    add "$1.INSERT.org|INSERT|$2|CREATE|org|$6|INSERT INTO officeauto.$1 $5"
    add "$1.UPDATE.org|UPDATE|$2|UPDATE|org|0|UPDATE officeauto.$1 SET $4 WHERE id = $3"
    [ "${7:-}" = soft ] && add "$1.SOFTDELETE.org|SOFTDELETE|$2|DELETE|org|0|UPDATE officeauto.$1 SET deleted_at = now() WHERE id = $3"
    add "$1.DELETE.org|DELETE|$2|DELETE|org|0|DELETE FROM officeauto.$1 WHERE id = ${8:-$3}"
}
own_table() { # TABLE RESOURCE OWN_FIXTURE UPDATE_SET
    add "$1.SELECT.own|SELECT|$2|READ|org|1|SELECT 1 FROM officeauto.$1 WHERE id = {o:$3}"
    add "$1.UPDATE.own|UPDATE|$2|UPDATE|org|1|UPDATE officeauto.$1 SET $4 WHERE id = {o:$3}"
    add "$1.SOFTDELETE.own|SOFTDELETE|$2|DELETE|org|1|UPDATE officeauto.$1 SET deleted_at = now() WHERE id = {o:$3}"
    add "$1.DELETE.own|DELETE|$2|DELETE|org|1|DELETE FROM officeauto.$1 WHERE id = {o:$3}"
}
org_table tag_reference PROJECT "${F[tag]}" "description = 'matrix {role}'" "(name) VALUES ('mx-new-{role}')" 0 soft
org_table storage_reference ORGANIZATION "${F[st]}" "base_path = 'matrix/{role}'" "(name, provider) VALUES ('mx-new-{role}', 'local')" 0 "" "${F[st_del]}"
org_table files DOCUMENT "${F[f]}" "name = 'matrix-{role}.txt'" "(name, storage_id) VALUES ('mx-{role}.txt', ${F[st]})" 1 soft
add "file_versions.SELECT.org|SELECT|DOCUMENT|READ|org|0|SELECT 1 FROM officeauto.file_versions WHERE id = ${F[fv]}"
add "file_versions.INSERT.org|INSERT|DOCUMENT|UPDATE|org|0|INSERT INTO officeauto.file_versions (file_id, version_number, storage_key, checksum_sha256, size_bytes) VALUES (${F[f]}, 2, 'mx/f2', $SHA, 1)"
add "file_versions.UPDATE.org|UPDATE|DOCUMENT|UPDATE|org|0|UPDATE officeauto.file_versions SET storage_key = 'mx/{role}' WHERE id = ${F[fv]}"
add "file_versions.DELETE.org|DELETE|DOCUMENT|UPDATE|org|0|DELETE FROM officeauto.file_versions WHERE id = ${F[fv]}"
org_table clients CLIENT "${F[cl]}" "notes = 'matrix {role}'" "(name) VALUES ('mx-new-{role}')" 1 soft
own_table clients CLIENT ocl "notes = 'own {role}'"
org_table credentials CREDENTIAL "${F[crd]}" "label = 'matrix {role}'" "(client_id, label) VALUES (${F[cl]}, 'mx-{role}')" 1 soft
own_table credentials CREDENTIAL ocrd "label = 'own {role}'"
add "reveal_credential.READ.org|FN|CREDENTIAL|READ|org|0|SELECT officeauto.reveal_credential('$(pid credentials "${F[crd]}")')"
org_table events EVENT "${F[ev]}" "title = 'matrix {role}'" "(title, start_time, end_time) VALUES ('mx-{role}', now() + interval '3 days', now() + interval '73 hours')" 1 soft
own_table events EVENT oev "title = 'own {role}'"
org_table calendar_resources EVENT "${F[res]}" "location = 'matrix {role}'" "(name) VALUES ('mx-new-{role}')" 0 soft
org_table messages MESSAGE "${F[msg]}" "body = 'matrix {role}'" "(conversation_id, body) VALUES ('mx-$RUN', 'matrix {role}')" 1 soft
own_table messages MESSAGE omsg "body = 'own {role}'"
org_table lots LOT "${F[lot]}" "description = 'matrix {role}'" "(reference, item_count) VALUES ('MXN-{role}', 1)" 1 soft
own_table lots LOT olot "description = 'own {role}'"
org_table roles ROLE "${F[rc]}" "description = 'matrix {role}'" "(name) VALUES ('mx_new_{role}')" 0 soft
add "role_permissions.SELECT.org|SELECT|ROLE|READ|org|0|SELECT 1 FROM officeauto.role_permissions WHERE id = ${F[rp]}"
add "role_permissions.INSERT.org|INSERT|ROLE|UPDATE|org|0|INSERT INTO officeauto.role_permissions (role_id, permission_id) VALUES (${F[rc]}, ${F[perm_doc_read]})"
add "role_permissions.DELETE.org|DELETE|ROLE|UPDATE|org|0|DELETE FROM officeauto.role_permissions WHERE id = ${F[rp]}"
add "user_roles.SELECT.org|SELECT|ROLE|READ|org|0|SELECT 1 FROM officeauto.user_roles WHERE id = ${F[ur_vic]}"
add "user_roles.INSERT.org|INSERT|ROLE|CREATE|org|0|INSERT INTO officeauto.user_roles (user_id, role_id) VALUES (${U[victim]}, ${F[role_viewer]})"
add "user_roles.DELETE.org|DELETE|ROLE|DELETE|org|0|DELETE FROM officeauto.user_roles WHERE id = ${F[ur_vic]}"
add "organizations.SELECT.org|SELECT|ORGANIZATION|READ|org|0|SELECT 1 FROM officeauto.organizations WHERE id = $ACME"
add "organizations.UPDATE.org|UPDATE|ORGANIZATION|UPDATE|org|0|UPDATE officeauto.organizations SET name = name WHERE id = $ACME"
add "users.SELECT.org|SELECT|USER|READ|org|0|SELECT 1 FROM officeauto.users WHERE id = ${U[victim]}"
add "users.INSERT.org|FN|USER|CREATE|org|0|SELECT officeauto.create_user($ACME, 'mxnew-{role}-$RUN', 'mxnew-{role}-$RUN@acme.example', 'New', 'pw-new-pw-harbour')"
add "users.UPDATE.org|UPDATE|USER|UPDATE|org|0|UPDATE officeauto.users SET full_name = 'Matrix {role}' WHERE id = ${U[victim]}"
add "users.SOFTDELETE.org|SOFTDELETE|USER|DELETE|org|0|UPDATE officeauto.users SET deleted_at = now() WHERE id = ${U[victim]}"
add "users.DELETE.org|DELETE|USER|DELETE|org|0|DELETE FROM officeauto.users WHERE id = ${U[victim]}"
add "users.UPDATE.own|UPDATE|USER|UPDATE|org|1|UPDATE officeauto.users SET full_name = 'Own {role}' WHERE id = {me}"
add "request_email_verification.UPDATE.org|FN|USER|UPDATE|org|0|SELECT officeauto.request_email_verification('$(pid users "${U[victim]}")')"
add "request_email_verification.UPDATE.own|FN|USER|UPDATE|org|1|SELECT officeauto.request_email_verification('{mepid}')"
add "user_sessions.SELECT.org|SELECT|SESSION|READ|org|0|SELECT 1 FROM officeauto.user_sessions WHERE user_id = ${U[victim]} AND revoked_at IS NULL"
add "user_sessions.SELECT.own|SELECT|SESSION|READ|org|1|SELECT 1 FROM officeauto.user_sessions WHERE user_id = {me} AND revoked_at IS NULL"
add "revoke_user_sessions.DELETE.org|FN|SESSION|DELETE|org|0|SELECT officeauto.revoke_user_sessions('$(pid users "${U[victim]}")')"
add "revoke_user_sessions.DELETE.own|FN|SESSION|DELETE|org|1|SELECT officeauto.revoke_user_sessions('{mepid}')"

# Snapshot of everything the matrix may touch, as the superuser.
SNAP_TABLES="projects project_members project_tags tag_reference tasks task_time_entries documents document_versions
  document_relations documents_ingest files file_versions storage_reference change_requests change_request_impacts
  change_request_approvals test_cases test_executions test_case_relations clients credentials events calendar_resources
  messages lots roles role_permissions user_roles organizations users email_verifications"
snapshot() {
    local t sql=""
    for t in $SNAP_TABLES; do
        sql+="SELECT '$t=' || coalesce(md5(string_agg(x::text, ',' ORDER BY x.id)), '-') FROM officeauto.$t x UNION ALL "
    done
    sql+="SELECT 'user_sessions=' || md5(string_agg(id || ':' || coalesce(revoked_at::text, ''), ',' ORDER BY id)) FROM officeauto.user_sessions"
    q "$sql"
}

describe() {
    case $1 in
        ok:1) echo "allowed" ;;
        ok:0) echo "invisible, nothing changed" ;;
        *) echo "refused with $1" ;;
    esac
}

started=$(date +%s)
for r in "${ROLES[@]}"; do
    declare -A EXP=() SQLOF=()
    script="$(mktemp)"
    before=$(snapshot)
    {
        for s in "${S[@]}"; do
            IFS='|' read -r key verb res act place own sql <<<"$s"
            sql=${sql//\{role\}/$r}
            sql=${sql//\{me\}/${U[$r]}}
            sql=${sql//\{mepid\}/${UP[$r]}}
            while [[ $sql =~ \{o:([a-z]+)\} ]]; do
                sql=${sql//\{o:${BASH_REMATCH[1]}\}/${F[${BASH_REMATCH[1]}_$r]}}
            done
            if allowed "$r" "$res" "$act" "$place" "$own"; then
                e=ok:1
            else
                case $verb in
                    SELECT) e=ok:0 ;;
                    INSERT | FN) e=42501 ;;
                    *) if allowed "$r" "$res" READ "$place" "$own"; then e=42501; else e=ok:0; fi ;;
                esac
            fi
            EXP[$key]=$e
            SQLOF[$key]=$sql
            printf '\\warn K|%s\nBEGIN;\nSELECT officeauto.authenticate(%s) \\g /dev/null\n%s \\g /dev/null\n\\echo R|%s|:SQLSTATE|:ROW_COUNT\n%s;\n' \
                "$key" "'${TOK[$r]}'" "$sql" "$key" "$([ "$e" = ok:1 ] && echo ROLLBACK || echo COMMIT)"
        done
    } >"$script"
    out=$(PGPASSWORD="$APP_PW" psql -X -q -At -h 127.0.0.1 -U "$APP" -d "$DB" -v VERBOSITY=terse -f "$script" 2>"$script.err")
    declare -A GOT=()
    while IFS='|' read -r tag key state rows; do
        [ "$tag" = R ] || continue
        if [ "$state" = 00000 ]; then GOT[$key]="ok:$rows"; else GOT[$key]=$state; fi
    done <<<"$out"
    for s in "${S[@]}"; do
        key=${s%%|*}
        check "$r: $key $(describe "${EXP[$key]}")" "${GOT[$key]:-no answer}" "${EXP[$key]}"
        if [ "${GOT[$key]:-}" != "${EXP[$key]}" ]; then
            echo "#   sql:  ${SQLOF[$key]}"
            awk -v k="K|$key" 'found && /^K\|/ {exit} found {print "#   " $0} $0 == k {found = 1}' "$script.err"
        fi
    done
    after=$(snapshot)
    check "$r: every refused attempt left every table as it was" \
          "$(diff <(echo "$before") <(echo "$after") | grep '^>' | cut -d= -f1 | tr -d '> ' | tr '\n' ' ')" ""
    rm -f "$script" "$script.err"
    unset EXP SQLOF GOT
done
echo "# matrix: $((${#S[@]} * ${#ROLES[@]})) attempts in $(($(date +%s) - started)) s"

# --- has_permission answers as the templates say, for each role, resource and action: with no
# project (rows outside projects), in the member project and in the other project. Asked of
# _has_permission, which takes the internal project id: has_permission(uuid) answers false for
# any project the role cannot see, which would hide the template's answer for the other
# project (authorization_scopes.sh and authorization_cache.sh cover that form).
RESOURCES=$(q "SELECT string_agg(DISTINCT resource, ' ' ORDER BY resource) FROM officeauto.role_templates")
for r in "${ROLES[@]}"; do
    declare -A HP=()
    while IFS='|' read -r res act ctx v; do HP[$res:$act:$ctx]=$v; done < <(app "BEGIN; SELECT officeauto.authenticate('${TOK[$r]}') IS NULL;
        SELECT res || '|' || act || '|' || ctx || '|' || CASE officeauto._has_permission(res, act, CASE ctx WHEN 'mem' THEN ${F[p_mem]} WHEN 'oth' THEN ${F[p_oth]} END)
                                                WHEN true THEN 't' WHEN false THEN 'f' END
          FROM unnest(string_to_array('$RESOURCES', ' ')) res, unnest(ARRAY['CREATE', 'READ', 'UPDATE', 'DELETE', 'APPROVE']) act,
               unnest(ARRAY['org', 'mem', 'oth']) ctx; COMMIT;")
    for res in $RESOURCES; do
        got="" want=""
        for act in CREATE READ UPDATE DELETE APPROVE; do
            for ctx in org mem oth; do
                got+="${act:0:1}/$ctx=${HP[$res:$act:$ctx]:-?} "
                if allowed "$r" "$res" "$act" "$ctx" 0; then want+="${act:0:1}/$ctx=t "; else want+="${act:0:1}/$ctx=f "; fi
            done
        done
        check "$r: has_permission('$res', action, NULL / member project / other project)" "$got" "$want"
    done
    unset HP
done

q "DROP OWNED BY $APP; DROP ROLE $APP" >/dev/null
echo "1..$n"
exit $fail
