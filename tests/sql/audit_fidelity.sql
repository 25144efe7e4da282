-- Audit rows hold the row exactly as to_jsonb(row) renders it: for every built-in column type
-- (numbers as JSON numbers, NaN and infinities as to_jsonb spells them, arrays as JSON arrays,
-- composites and domains, json and jsonb embedded, timestamps in to_jsonb's ISO form), NULLs,
-- columns added after the row was written, very wide rows and large values; on INSERT, UPDATE
-- and DELETE. Redacted columns are the one exception: they read "[redacted]".
BEGIN;
SELECT plan(24);
SET LOCAL client_min_messages = warning;
-- A zone with a half-hour offset, so a timestamptz rendered in the wrong zone cannot pass.
SET LOCAL timezone = 'Asia/Kolkata';

CREATE SCHEMA fidelity;
CREATE TYPE fidelity.mood AS ENUM ('sad', 'ok', 'happy');
CREATE TYPE fidelity.inner_t AS (n int, tags text[]);
CREATE TYPE fidelity.outer_t AS (label text, at timestamptz, inner_v fidelity.inner_t, flag boolean);
CREATE DOMAIN fidelity.positive AS numeric CHECK (VALUE > 0);
CREATE DOMAIN fidelity.small_int AS int2;
CREATE DOMAIN fidelity.labels AS text[];
CREATE DOMAIN fidelity.doc AS jsonb;

CREATE TABLE fidelity.everything (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    gone int,
    c_int2 int2, c_int4 int4, c_int8 int8,
    c_numeric numeric, c_numeric_scaled numeric(12, 4),
    c_float4 float4, c_float8 float8,
    c_bool boolean,
    c_text text, c_varchar varchar(20), c_char char(6), c_name name, c_qchar "char",
    c_bytea bytea,
    c_date date, c_time time, c_timetz timetz, c_timestamp timestamp, c_timestamptz timestamptz,
    c_interval interval,
    c_uuid uuid, c_inet inet, c_cidr cidr, c_macaddr macaddr, c_oid oid,
    c_json json, c_jsonb jsonb,
    c_xml xml, c_money money,
    c_int_array int[], c_text_2d text[][], c_empty_array int[], c_bounds_array int[],
    c_composite_array fidelity.inner_t[],
    c_int4range int4range, c_tstzrange tstzrange, c_numrange numrange,
    c_composite fidelity.outer_t,
    c_positive fidelity.positive, c_small fidelity.small_int, c_labels fidelity.labels, c_doc fidelity.doc,
    c_mood fidelity.mood,
    c_tsvector tsvector, c_point point, c_box box, c_bit bit(4), c_varbit varbit,
    c_generated bigint GENERATED ALWAYS AS (c_int4::bigint * 2) STORED,
    api_key text,
    c_private text
);
-- A dropped column leaves a hole in the row that neither to_jsonb nor the trail shows.
ALTER TABLE fidelity.everything DROP COLUMN gone;
SELECT officeauto.enable_audit('fidelity.everything', '{"exclude": ["c_private"]}');

INSERT INTO fidelity.everything (c_int2, c_int4, c_int8, c_numeric, c_numeric_scaled, c_float4, c_float8, c_bool,
    c_text, c_varchar, c_char, c_name, c_qchar, c_bytea, c_date, c_time, c_timetz, c_timestamp, c_timestamptz,
    c_interval, c_uuid, c_inet, c_cidr, c_macaddr, c_oid, c_json, c_jsonb, c_xml, c_money,
    c_int_array, c_text_2d, c_empty_array, c_bounds_array, c_composite_array,
    c_int4range, c_tstzrange, c_numrange, c_composite, c_positive, c_small, c_labels, c_doc, c_mood,
    c_tsvector, c_point, c_box, c_bit, c_varbit, api_key, c_private)
VALUES
    -- ordinary values
    (-32768, 2147483646, -9223372036854775808, 12345678901234567890.000123, 1.5, 1.25, -2.5e-300, true,
     'plain text', 'varchar', 'ab', 'a_name', 'x', '\x00ff10'::bytea, '2024-02-29', '13:14:15.123456', '13:14:15+05:30',
     '2024-01-02 03:04:05.678', '2024-01-02 03:04:05.678+00', '1 year 2 months 3 days 04:05:06',
     'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '192.168.1.5/24', '10.0.0.0/8', '08:00:2b:01:02:03', 4242,
     '{"b": 1, "a": [1, 2.50, "x"], "a": {"nested": null}}', '{"k": [1, "two", {"three": 3}], "n": null}',
     '<a x="1">text</a>', 12.34,
     '{1,2,3}', '{{a,NULL},{"c d",""}}', '{}', '[0:2]={7,8,9}', ARRAY[ROW(1, '{x,y}')::fidelity.inner_t, NULL],
     '[1,5)', '[2024-01-01 00:00+00,2024-02-01 00:00+00)', '(,3.5]',
     ROW('label', '2020-05-06 07:08:09+02', ROW(7, '{a,"b c"}'), false),
     3.14, 7, '{one,two}', '[1, {"deep": [true, false]}]', 'happy',
     'a fat cat sat on a mat', '(1.5,-2)', '((0,0),(1,1))', B'1010', B'110', 'ak-secret-1', 'private-1'),
    -- the values to_jsonb cannot write as JSON numbers or dates, and text that needs escaping
    (0, 0, 0, 'Infinity', 'NaN', 'NaN', '-Infinity', false,
     E'quote " backslash \\ newline \n tab \t unicode é ☃ control \x01', '', '', '', '"', '\x'::bytea, 'infinity', '00:00', '00:00+00',
     '-infinity', 'infinity', '-1 day',
     '00000000-0000-0000-0000-000000000000', '::1', '2001:db8::/32', '00:00:00:00:00:00', 0,
     '"just a string"', '"scalar"', '<empty/>', -0.01,
     '{NULL}', '{{NULL,NULL}}', '{}', '{-1}', '{}',
     'empty', '(,)', 'empty',
     ROW(NULL, NULL, NULL, NULL),
     1e-20, -1, '{}', 'null', 'sad',
     '', '(0,0)', '((0,0),(0,0))', B'0000', B'', NULL, NULL),
    -- huge and tiny numbers
    (1, 1, 1, 1e300::numeric * 1e300::numeric, -0.0001, 3.4e38, 1.7976931348623157e308, NULL,
     repeat('long ', 200), NULL, NULL, NULL, NULL, NULL, '0001-01-01', '23:59:59.999999', '23:59:59-12',
     '0001-01-01 00:00:00', '1900-01-01 00:00:00+00', '-178000000 years',
     NULL, NULL, NULL, NULL, NULL, '[]', '{}', NULL, NULL,
     NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1e300::numeric * 1e300::numeric, NULL, NULL, '{}', NULL,
     NULL, NULL, NULL, NULL, NULL, NULL, NULL),
    -- every nullable column NULL
    (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
     NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
     NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

-- What the trail must hold for a row: to_jsonb, with the redacted columns replaced.
CREATE FUNCTION fidelity.expected(r fidelity.everything) RETURNS jsonb LANGUAGE sql AS $$
    SELECT to_jsonb(r) || jsonb_build_object('api_key', CASE WHEN r.api_key IS NOT NULL THEN '[redacted]' END,
                                             'c_private', CASE WHEN r.c_private IS NOT NULL THEN '[redacted]' END)
$$;
CREATE TEMP VIEW trail AS
SELECT a.*, (a.row_pk ->> 'id')::bigint AS row_id
  FROM officeauto.audit_logs a WHERE a.table_name = 'fidelity.everything';
-- Keys whose value differs between two JSON objects (both ways), for readable failures.
CREATE FUNCTION fidelity.differing(a jsonb, b jsonb) RETURNS text[] LANGUAGE sql AS $$
    SELECT coalesce(array_agg(k ORDER BY k), '{}')
      FROM (SELECT jsonb_object_keys(a) UNION SELECT jsonb_object_keys(b)) AS keys(k)
     WHERE a -> k IS DISTINCT FROM b -> k
$$;

SELECT is((SELECT count(*)::int FROM trail WHERE action = 'INSERT'), 4, 'every INSERT is logged');
SELECT is(ARRAY(SELECT DISTINCT unnest(fidelity.differing(t.new_data, fidelity.expected(e)))
                  FROM trail t JOIN fidelity.everything e ON e.id = t.row_id WHERE t.action = 'INSERT'),
          '{}'::text[], 'INSERT: new_data equals to_jsonb(row) for every column type (no column differs)');
SELECT is((SELECT count(*)::int FROM trail t JOIN fidelity.everything e ON e.id = t.row_id
            WHERE t.action = 'INSERT' AND t.new_data = fidelity.expected(e)), 4, '... and as whole documents');
SELECT is((SELECT jsonb_typeof(new_data -> 'c_int_array') || '/' || jsonb_typeof(new_data -> 'c_numeric') || '/'
                  || jsonb_typeof(new_data -> 'c_bool') || '/' || jsonb_typeof(new_data -> 'c_jsonb') || '/'
                  || jsonb_typeof(new_data -> 'c_composite') || '/' || jsonb_typeof(new_data -> 'c_labels')
             FROM trail WHERE action = 'INSERT' AND row_id = (SELECT min(id) FROM fidelity.everything)),
          'array/number/boolean/object/object/array', 'arrays, numbers, booleans, jsonb, composites and domains keep their JSON types');
SELECT is((SELECT new_data -> 'c_text_2d' FROM trail WHERE action = 'INSERT' AND row_id = (SELECT min(id) FROM fidelity.everything)),
          '[["a", null], ["c d", ""]]'::jsonb, 'a 2-D array with NULLs is nested JSON arrays');
SELECT is((SELECT new_data -> 'c_timestamptz' FROM trail WHERE action = 'INSERT' AND row_id = (SELECT min(id) FROM fidelity.everything)),
          '"2024-01-02T08:34:05.678+05:30"'::jsonb, 'a timestamptz is ISO 8601 in the session''s zone, as to_jsonb writes it');
SELECT is((SELECT ARRAY[new_data ->> 'c_numeric', new_data ->> 'c_float8', new_data ->> 'c_date']
             FROM trail WHERE action = 'INSERT' AND row_id = (SELECT min(id) + 1 FROM fidelity.everything)),
          ARRAY['Infinity', '-Infinity', 'infinity'], 'NaN and infinities are the strings to_jsonb writes');
SELECT is((SELECT ARRAY[new_data ->> 'api_key', new_data ->> 'c_private'] FROM trail
            WHERE action = 'INSERT' AND row_id = (SELECT min(id) FROM fidelity.everything)),
          ARRAY['[redacted]', '[redacted]'], 'redacted columns (by name and by the table''s exclude option) read [redacted]');
SELECT is((SELECT count(*)::int FROM trail WHERE action = 'INSERT' AND new_data ? 'gone'), 0, 'a dropped column does not appear');
SELECT ok((SELECT bool_and(new_data -> 'api_key' = 'null'::jsonb) FROM trail
            WHERE action = 'INSERT' AND row_id > (SELECT min(id) FROM fidelity.everything)),
          'a NULL redacted column stays null');

-- A column added after the rows were written (its value comes from the table's default).
ALTER TABLE fidelity.everything ADD COLUMN c_late int DEFAULT 7;
CREATE TEMP TABLE before_update AS SELECT e.id, fidelity.expected(e) AS j FROM fidelity.everything e;
UPDATE fidelity.everything
   SET c_int4 = coalesce(c_int4, 0) + 1, c_text = 'changed', c_varchar = c_varchar, c_int_array = c_int_array || 4,
       c_jsonb = jsonb_build_object('v', 2), c_private = 'private-2', c_late = c_late + 1;
SELECT is((SELECT count(*)::int FROM trail WHERE action = 'UPDATE'), 4, 'every UPDATE is logged');
SELECT is(ARRAY(SELECT DISTINCT unnest(fidelity.differing(t.old_data, b.j))
                  FROM trail t JOIN before_update b ON b.id = t.row_id WHERE t.action = 'UPDATE'),
          '{}'::text[], 'UPDATE: old_data equals to_jsonb of the row before (including the column added since)');
SELECT is(ARRAY(SELECT DISTINCT unnest(fidelity.differing(t.new_data, fidelity.expected(e)))
                  FROM trail t JOIN fidelity.everything e ON e.id = t.row_id WHERE t.action = 'UPDATE'),
          '{}'::text[], 'UPDATE: new_data equals to_jsonb of the row after');
SELECT is((SELECT changed_columns FROM trail WHERE action = 'UPDATE' AND row_id = (SELECT min(id) FROM fidelity.everything)),
          ARRAY['c_int4', 'c_text', 'c_jsonb', 'c_int_array', 'c_generated', 'c_private', 'c_late'],
          'changed_columns lists what the UPDATE changed (in table order), a redacted column by name');
SELECT is((SELECT count(*)::int FROM trail WHERE action = 'UPDATE' AND 'c_varchar' = ANY (changed_columns)), 0,
          '... and leaves out a column set to the value it had');

CREATE TEMP TABLE before_delete AS SELECT e.id, fidelity.expected(e) AS j FROM fidelity.everything e;
DELETE FROM fidelity.everything;
SELECT is(ARRAY(SELECT DISTINCT unnest(fidelity.differing(t.old_data, b.j))
                  FROM trail t JOIN before_delete b ON b.id = t.row_id WHERE t.action = 'DELETE'),
          '{}'::text[], 'DELETE: old_data equals to_jsonb of the deleted row');
SELECT is((SELECT count(*)::int FROM trail WHERE action = 'DELETE' AND new_data IS NULL), 4, '... and there is no new_data');

-- A very wide row: 1,200 columns of mixed types, every other one NULL (so the row fits a page).
SELECT format('CREATE TABLE fidelity.wide (id int PRIMARY KEY, %s)',
              string_agg(format('c%s %s', g, CASE WHEN g % 100 = 1 THEN 'int[]'
                                                  ELSE (ARRAY['int', 'text', 'numeric', 'boolean', 'timestamptz'])[g % 5 + 1] END), ', '))
  FROM generate_series(1, 1200) g \gexec
SELECT officeauto.enable_audit('fidelity.wide');
SELECT format('INSERT INTO fidelity.wide VALUES (1, %s)',
              string_agg(CASE WHEN g % 2 = 0 THEN 'NULL'
                              WHEN g % 100 = 1 THEN quote_literal(ARRAY[g, NULL])
                              ELSE CASE g % 5 WHEN 0 THEN g::text WHEN 1 THEN quote_literal('t' || g) WHEN 2 THEN (g / 7.0)::text
                                              WHEN 3 THEN (g % 3 = 0)::text
                                              ELSE quote_literal('2024-01-01'::timestamptz + g * interval '1 minute') END END, ', '))
  FROM generate_series(1, 1200) g \gexec
CREATE TEMP TABLE wide_before AS SELECT to_jsonb(w) AS j FROM fidelity.wide w;
UPDATE fidelity.wide SET c11 = 'changed', c13 = NULL;
SELECT is((SELECT a.new_data FROM officeauto.audit_logs a WHERE a.table_name = 'fidelity.wide' AND a.action = 'INSERT'),
          (SELECT j FROM wide_before), 'a row of 1,200 columns is recorded as to_jsonb writes it');
SELECT is((SELECT a.new_data FROM officeauto.audit_logs a WHERE a.table_name = 'fidelity.wide' AND a.action = 'UPDATE'),
          (SELECT to_jsonb(w) FROM fidelity.wide w), '... also after an UPDATE');
SELECT is((SELECT a.changed_columns FROM officeauto.audit_logs a WHERE a.table_name = 'fidelity.wide' AND a.action = 'UPDATE'),
          ARRAY['c11', 'c13'], '... with exactly the changed columns');

-- Large values stored out of line (TOAST): recorded whole, and unchanged ones are not "changed".
CREATE TABLE fidelity.big (id int PRIMARY KEY, body text, doc jsonb, note text);
SELECT officeauto.enable_audit('fidelity.big');
INSERT INTO fidelity.big
SELECT 1, string_agg(md5(g::text), ''), jsonb_build_object('parts', jsonb_agg(md5(g::text))), 'n'
  FROM generate_series(1, 20000) g;
UPDATE fidelity.big SET note = 'm';
SELECT is((SELECT a.new_data FROM officeauto.audit_logs a WHERE a.table_name = 'fidelity.big' AND a.action = 'UPDATE'),
          (SELECT to_jsonb(b) FROM fidelity.big b), 'a row with TOASTed values of 640 kB and a large jsonb is recorded whole');
SELECT is((SELECT a.changed_columns FROM officeauto.audit_logs a WHERE a.table_name = 'fidelity.big' AND a.action = 'UPDATE'),
          ARRAY['note'], '... and its untouched large values do not count as changed');
UPDATE fidelity.big SET body = body || '';
SELECT is((SELECT count(*)::int FROM officeauto.audit_logs a WHERE a.table_name = 'fidelity.big' AND a.action = 'UPDATE'), 1,
          'rewriting a large value with the same content is a no-op UPDATE (compared as stored, not by TOAST pointer)');

-- Record ids agree with audit_record_id() for every key shape: two columns in an order that is
-- not alphabetical, a numeric written with trailing zeros, text.
CREATE TABLE fidelity.keyed (z int, a text, v text, PRIMARY KEY (z, a));
CREATE TABLE fidelity.numeric_keyed (id numeric PRIMARY KEY, v text);
SELECT officeauto.enable_audit('fidelity.keyed');
SELECT officeauto.enable_audit('fidelity.numeric_keyed');
INSERT INTO fidelity.keyed VALUES (2, 'x "quoted"', 'v');
INSERT INTO fidelity.numeric_keyed VALUES (1.50, 'v');
SELECT is((SELECT count(*)::int FROM officeauto.audit_logs a
            WHERE a.table_name IN ('fidelity.keyed', 'fidelity.numeric_keyed')
              AND a.record_id = officeauto.audit_record_id(a.table_name, a.row_pk)), 2,
          'record_id = audit_record_id(table, row_pk) for a two-column key and a numeric key');

SELECT * FROM finish();
ROLLBACK;
