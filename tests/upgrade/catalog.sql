-- What a DBA and an application see of the extension in one database, one line per fact, in a
-- stable order: run in an upgraded database and in a fresh install, the two outputs must be
-- equal (tests/shell/upgrade.sh). Column order is left out on purpose: ALTER TABLE ADD COLUMN
-- appends, and nothing in officeauto depends on attribute numbers.
WITH ns AS (SELECT oid FROM pg_namespace WHERE nspname = 'officeauto'),
rel AS (SELECT c.* FROM pg_class c WHERE c.relnamespace = (SELECT oid FROM ns)),
facts(kind, name, fact) AS (
    SELECT 'schema', n.nspname, concat_ws(' ', pg_get_userbyid(n.nspowner), n.nspacl::text,
                                          obj_description(n.oid, 'pg_namespace'))
      FROM pg_namespace n WHERE n.oid = (SELECT oid FROM ns)
    UNION ALL
    SELECT 'extension', e.extname,
           concat_ws(' ', e.extversion, pg_get_userbyid(e.extowner), e.extrelocatable,
                     (SELECT string_agg(x::regclass::text || coalesce(' where ' || nullif(w, ''), ''), ', ' ORDER BY x::regclass::text)
                        FROM unnest(e.extconfig, e.extcondition) AS u(x, w)))
      FROM pg_extension e WHERE e.extname = 'officeauto'
    UNION ALL
    SELECT 'relation', r.relname,
           concat_ws(' ', r.relkind, r.relpersistence, pg_get_userbyid(r.relowner), r.relacl::text,
                     'rls=' || r.relrowsecurity, 'force=' || r.relforcerowsecurity, r.reloptions::text,
                     'replica=' || r.relreplident::text, pg_get_partkeydef(r.oid),
                     CASE WHEN r.relispartition THEN (SELECT 'of ' || i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = r.oid)
                                                      || ' ' || pg_get_expr(r.relpartbound, r.oid) END,
                     'comment=' || obj_description(r.oid, 'pg_class'))
      FROM rel r WHERE r.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c')
    UNION ALL
    SELECT 'column', r.relname || '.' || a.attname,
           concat_ws(' ', format_type(a.atttypid, a.atttypmod), CASE WHEN a.attnotnull THEN 'not null' END,
                     'default ' || pg_get_expr(d.adbin, d.adrelid), nullif(a.attidentity::text, ''), nullif(a.attgenerated::text, ''),
                     CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN 'collate ' || a.attcollation::regcollation::text END,
                     'storage=' || a.attstorage::text, 'compression=' || nullif(a.attcompression::text, ''), a.attacl::text,
                     'comment=' || col_description(r.oid, a.attnum))
      FROM rel r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
      JOIN pg_type t ON t.oid = a.atttypid
      LEFT JOIN pg_attrdef d ON d.adrelid = r.oid AND d.adnum = a.attnum
     WHERE r.relkind IN ('r', 'p', 'v', 'm', 'f', 'c')
    UNION ALL
    SELECT 'constraint', r.relname || '.' || c.conname,
           concat_ws(' ', pg_get_constraintdef(c.oid), CASE WHEN c.condeferrable THEN 'deferrable' END,
                     'comment=' || obj_description(c.oid, 'pg_constraint'))
      FROM pg_constraint c JOIN rel r ON r.oid = c.conrelid
    UNION ALL
    SELECT 'domain constraint', t.typname || '.' || c.conname, pg_get_constraintdef(c.oid)
      FROM pg_constraint c JOIN pg_type t ON t.oid = c.contypid WHERE t.typnamespace = (SELECT oid FROM ns)
    UNION ALL
    SELECT 'index', r.relname, concat_ws(' ', pg_get_indexdef(r.oid), r.reloptions::text,
                                         'comment=' || obj_description(r.oid, 'pg_class'))
      FROM rel r WHERE r.relkind IN ('i', 'I')
    UNION ALL
    SELECT 'trigger', r.relname || '.' || tg.tgname, concat_ws(' ', pg_get_triggerdef(tg.oid), 'enabled=' || tg.tgenabled::text)
      FROM pg_trigger tg JOIN rel r ON r.oid = tg.tgrelid WHERE NOT tg.tgisinternal
    UNION ALL
    SELECT 'policy', p.tablename || '.' || p.policyname,
           concat_ws(' ', p.permissive, p.roles::text, p.cmd, 'using ' || p.qual, 'check ' || p.with_check)
      FROM pg_policies p WHERE p.schemaname = 'officeauto'
    UNION ALL
    SELECT 'rule', r.tablename || '.' || r.rulename, r.definition
      FROM pg_rules r WHERE r.schemaname = 'officeauto'
    UNION ALL
    SELECT 'view', r.relname, pg_get_viewdef(r.oid)
      FROM rel r WHERE r.relkind IN ('v', 'm')
    UNION ALL
    SELECT 'sequence', r.relname,
           concat_ws(' ', format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmax, s.seqmin, s.seqcache, s.seqcycle)
      FROM pg_sequence s JOIN rel r ON r.oid = s.seqrelid
    UNION ALL
    SELECT 'type', t.typname,
           concat_ws(' ', t.typtype, pg_get_userbyid(t.typowner), t.typacl::text,
                     CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) || CASE WHEN t.typnotnull THEN ' not null' END
                                                     || coalesce(' default ' || t.typdefault, '') END,
                     (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid),
                     'comment=' || obj_description(t.oid, 'pg_type'))
      FROM pg_type t WHERE t.typnamespace = (SELECT oid FROM ns) AND t.typtype IN ('d', 'e', 'c', 'r')
       AND NOT EXISTS (SELECT FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c')
    UNION ALL
    SELECT 'function', p.oid::regprocedure::text,
           concat_ws(' ', pg_get_userbyid(p.proowner), p.proacl::text, pg_get_functiondef(p.oid),
                     'comment=' || obj_description(p.oid, 'pg_proc'))
      FROM pg_proc p WHERE p.pronamespace = (SELECT oid FROM ns) AND p.prokind IN ('f', 'p', 'w')
    UNION ALL
    SELECT 'aggregate', p.oid::regprocedure::text, concat_ws(' ', pg_get_userbyid(p.proowner), p.proacl::text)
      FROM pg_proc p WHERE p.pronamespace = (SELECT oid FROM ns) AND p.prokind = 'a'
    UNION ALL
    SELECT 'event trigger', e.evtname, concat_ws(' ', e.evtevent, e.evtfoid::regproc::text, e.evtenabled, e.evttags::text)
      FROM pg_event_trigger e
     WHERE EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_event_trigger'::regclass AND d.objid = e.oid
                      AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e')
    UNION ALL
    -- Everything above belongs to the extension, so DROP EXTENSION and pg_dump treat it alike.
    SELECT 'not a member', pg_describe_object(k.classid, k.objid, 0), ''
      FROM (SELECT 'pg_class'::regclass AS classid, r.oid AS objid FROM rel r WHERE r.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c') AND NOT r.relispartition
            UNION ALL SELECT 'pg_proc'::regclass, p.oid FROM pg_proc p WHERE p.pronamespace = (SELECT oid FROM ns)
            UNION ALL SELECT 'pg_type'::regclass, t.oid FROM pg_type t WHERE t.typnamespace = (SELECT oid FROM ns)
                         AND t.typtype IN ('d', 'e', 'r') ) k
     WHERE NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = k.classid AND d.objid = k.objid
                          AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e')
    UNION ALL
    SELECT 'role', r.rolname,
           concat_ws(' ', r.rolcanlogin, r.rolinherit, r.rolbypassrls,
                     (SELECT string_agg(g.rolname, ',' ORDER BY g.rolname) FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid))
      FROM pg_roles r WHERE r.rolname LIKE 'officeauto%'
)
-- Monthly and quarterly partitions differ only by period: their names and bounds (dates, or
-- UUID v7 floors) are folded, so every period must have the same shape (columns, indexes,
-- constraints) and each shape is listed once.
SELECT DISTINCT regexp_replace(regexp_replace(regexp_replace(kind || ' ' || name || ': ' || coalesce(fact, ''),
                                                             '(_\d{4}_\d{2}|for \d{4}-\d{2}\.)', '_YYYY_MM', 'g'),
                                              '''\d{4}-\d{2}-\d{2}[^'']*''', '''DATE''', 'g'),
                               '''[0-9a-f]{8}-[0-9a-f]{4}-0000-0000-000000000000''', '''UUID7''', 'g') AS line
  FROM facts ORDER BY 1;
