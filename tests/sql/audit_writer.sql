-- The native writer that puts audit rows straight into the month's partition (src/audit/writer.rs):
-- rows are visible to the statement after the one that made them, follow savepoints, get
-- every index entry an INSERT would make (checked by amcheck against the heap), respect a CHECK
-- constraint it does not know, refuse a partition shape it would write around, and agree with
-- the shape of audit_logs its code assumes.
BEGIN;
SELECT plan(21);
SET LOCAL client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS amcheck;
SELECT officeauto.create_audit_partitions(0);
SELECT format('officeauto.audit_logs_%s', to_char(now() AT TIME ZONE 'UTC', 'YYYY_MM')) AS part \gset

CREATE TABLE public.writer_t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, organization_id bigint, v text);
SELECT officeauto.enable_audit('public.writer_t');
CREATE TEMP VIEW trail AS SELECT tableoid::regclass::text AS part, * FROM officeauto.audit_logs WHERE table_name = 'public.writer_t';

INSERT INTO public.writer_t (organization_id, v) VALUES (1, 'a');
SELECT is((SELECT count(*)::int FROM trail), 1, 'a statement''s audit row is visible to the next statement of the transaction');
SELECT is((SELECT part FROM trail), :'part', '... written into the current month''s partition');

SAVEPOINT s1;
UPDATE public.writer_t SET v = 'rolled back';
ROLLBACK TO SAVEPOINT s1;
SAVEPOINT s2;
UPDATE public.writer_t SET v = 'kept';
RELEASE SAVEPOINT s2;
SELECT is(ARRAY(SELECT new_data ->> 'v' FROM trail WHERE action = 'UPDATE'), ARRAY['kept'],
          'rows of a statement rolled back to a savepoint are gone; those of a released savepoint stay');

-- More rows than one batch holds (1,000), in one statement.
INSERT INTO public.writer_t (organization_id, v) SELECT g % 3, 'bulk ' || g FROM generate_series(1, 2500) g;
SELECT is((SELECT count(DISTINCT id)::int FROM trail WHERE action = 'INSERT'), 2501, 'a statement of 2,500 rows writes 2,500 audit rows, ids distinct');
SELECT is((SELECT count(*)::int FROM trail t JOIN public.writer_t w ON w.id = (t.row_pk ->> 'id')::bigint
            WHERE t.action = 'INSERT' AND w.v LIKE 'bulk %' AND t.new_data = to_jsonb(w)), 2500, '... each holding its row');

-- An application event and a project change, so the partial indexes get entries too.
SELECT officeauto.log_activity('writer.test', '{"k": "v"}');
UPDATE officeauto.projects SET description = coalesce(description, '') || '.' WHERE id = (SELECT min(id) FROM officeauto.projects);

-- Every btree of the partition holds exactly the heap's rows (amcheck, heapallindexed).
SELECT is((SELECT count(bt_index_check(b.indexrelid, true)::text)::int
             FROM (SELECT i.indexrelid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
                    WHERE i.indrelid = :'part'::regclass AND a.amname = 'btree' OFFSET 0) b), 4,
          'the four btrees of the partition pass amcheck with every heap row indexed');
SET LOCAL enable_seqscan = off;
SELECT is((SELECT count(*)::int FROM officeauto.audit_logs WHERE table_name IS NULL AND metadata @> '{"k": "v"}'), 1,
          'the event is found through the metadata index');
SELECT is((SELECT count(*)::int FROM officeauto.project_history WHERE project_id = (SELECT min(id) FROM officeauto.projects)
            AND action = 'UPDATE' AND created_at = now()), 1,
          'the project change is found through the history index');
RESET enable_seqscan;

-- An index created after this session has written to the partition (the writer remembers each
-- partition's indexes until the relcache reports a change) gets an entry for every later row.
SELECT format('CREATE INDEX writer_extra ON %s (length(action), id)', :'part') \gexec
UPDATE public.writer_t SET v = 'indexed' WHERE id = 1;
INSERT INTO public.writer_t (organization_id, v) VALUES (1, 'indexed too');
SELECT is((SELECT bt_index_check(i.indexrelid, true)::text FROM pg_index i
            WHERE i.indrelid = :'part'::regclass AND i.indexrelid::regclass::text LIKE '%writer_extra'), '',
          'an index added to the partition mid-session holds every heap row (amcheck, heapallindexed)');
SELECT format('DROP INDEX %s', regexp_replace(:'part', '[^.]*$', 'writer_extra')) \gexec

-- Constraints and triggers the writer does not know.
SELECT format('ALTER TABLE %s ADD CONSTRAINT writer_no_delete CHECK (action <> ''DELETE'') NOT VALID', :'part') \gexec
SELECT throws_ok($$DELETE FROM public.writer_t WHERE id = 1$$, '23514', NULL,
                 'a CHECK constraint added to audit_logs is enforced on audit rows');
SELECT format('ALTER TABLE %s DROP CONSTRAINT writer_no_delete', :'part') \gexec
CREATE FUNCTION pg_temp.noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
SELECT format('CREATE TRIGGER writer_row_trigger BEFORE INSERT ON %s FOR EACH ROW EXECUTE FUNCTION pg_temp.noop()', :'part') \gexec
SELECT throws_ok($$UPDATE public.writer_t SET v = 'x' WHERE id = 1$$, '55000', NULL,
                 'a row trigger on an audit partition (which the writer would not fire) stops audited writes');
SELECT format('DROP TRIGGER writer_row_trigger ON %s', :'part') \gexec
SELECT lives_ok($$UPDATE public.writer_t SET v = 'y' WHERE id = 1$$, '... and writing resumes once it is gone');

-- Without a partition for the current month, rows go to the default partition.
SELECT format('ALTER TABLE officeauto.audit_logs DETACH PARTITION %s', :'part') \gexec
UPDATE public.writer_t SET v = 'routed' WHERE id = 1;
SELECT is((SELECT part FROM trail WHERE new_data ->> 'v' = 'routed'), 'officeauto.audit_logs_default',
          'with the month''s partition detached, the row goes to the default partition');

-- The shape of audit_logs the writer's code assumes (writer.rs FIELDS and KNOWN_CHECKS).
SELECT is(ARRAY(SELECT a.attname || ':' || format_type(a.atttypid, NULL) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                  FROM pg_attribute a WHERE a.attrelid = 'officeauto.audit_logs'::regclass AND a.attnum > 0 AND NOT a.attisdropped
                 ORDER BY a.attnum),
          ARRAY['id:bigint not null', 'created_at:timestamp with time zone not null', 'organization_id:bigint',
                'actor_user_id:bigint', 'session_id:bigint', 'action:text not null', 'table_name:text', 'record_id:uuid',
                'row_pk:jsonb', 'old_data:jsonb', 'new_data:jsonb', 'changed_columns:text[]', 'ip_address:inet',
                'user_agent:text', 'metadata:jsonb not null'],
          'audit_logs has the columns, types and NOT NULLs the writer fills');
SELECT is(ARRAY(SELECT conname::text FROM pg_constraint WHERE conrelid = 'officeauto.audit_logs'::regclass AND contype = 'c' ORDER BY 1),
          ARRAY['audit_logs_action_check', 'audit_logs_table_name_check', 'audit_logs_user_agent_check'],
          'audit_logs has the CHECK constraints the writer satisfies by construction');
SELECT is((SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d
            WHERE d.adrelid = 'officeauto.audit_logs'::regclass AND d.adnum = 1),
          'nextval(''officeauto.audit_logs_id_seq''::regclass)', 'ids come from audit_logs_id_seq, as the writer takes them');
SELECT is((SELECT pg_get_partkeydef('officeauto.audit_logs'::regclass)), 'RANGE (created_at)',
          'audit_logs is partitioned by range of created_at, as the writer routes');
SELECT is((SELECT count(*)::int FROM pg_trigger t JOIN pg_inherits i ON i.inhrelid = t.tgrelid
            WHERE i.inhparent IN ('officeauto.audit_logs'::regclass, 'officeauto.audit_logs_archive'::regclass)
              AND (t.tgtype & 1) = 1), 0, 'no audit partition has a row trigger');

-- What the trigger knows of a table follows the table: a column renamed twice in one session
-- (the relcache may hand the new descriptor the old one's address) to a secret name is
-- redacted from the next row on, and a renamed table is recorded by its new name.
CREATE TABLE public.writer_rn (id bigint PRIMARY KEY, note text, other int);
SELECT officeauto.enable_audit('public.writer_rn');
INSERT INTO public.writer_rn VALUES (1, 'first', 0);
ALTER TABLE public.writer_rn RENAME COLUMN note TO tmp;
ALTER TABLE public.writer_rn RENAME COLUMN tmp TO api_key;
INSERT INTO public.writer_rn VALUES (2, 'sk_live_not_for_the_trail', 0);
SELECT is((SELECT new_data FROM officeauto.audit_logs WHERE table_name = 'public.writer_rn' AND action = 'INSERT'
            ORDER BY id DESC LIMIT 1),
          '{"id": 2, "other": 0, "api_key": "[redacted]"}'::jsonb,
          'a column renamed twice to a secret name is redacted in the next audit row');
ALTER TABLE public.writer_rn RENAME TO writer_rn2;
INSERT INTO public.writer_rn2 VALUES (3, 'x', 0);
SELECT is((SELECT table_name FROM officeauto.audit_logs WHERE new_data ->> 'id' = '3' AND table_name LIKE 'public.writer_rn%'),
          'public.writer_rn2', 'a renamed table is recorded by its new name');

-- A statement-level INSERT trigger on audit_logs would fire for an INSERT, not for the writer:
-- refused (55000) rather than silently skipped.
SAVEPOINT stmt_trigger;
CREATE FUNCTION public.writer_note_stmt() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER forward AFTER INSERT ON officeauto.audit_logs FOR EACH STATEMENT EXECUTE FUNCTION public.writer_note_stmt();
SELECT throws_ok($$INSERT INTO public.writer_t (organization_id, v) VALUES (1, 'with a statement trigger')$$, '55000', NULL,
                 'an audited write while audit_logs has a statement-level INSERT trigger: 55000');
ROLLBACK TO SAVEPOINT stmt_trigger;

SELECT * FROM finish();
ROLLBACK;
