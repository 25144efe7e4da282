BEGIN;
SELECT plan(5);
SELECT has_function('officeauto', 'uuid_generate_v7', 'uuid_generate_v7() exists');
SELECT is((SELECT provolatile FROM pg_proc WHERE oid = 'officeauto.uuid_generate_v7()'::regprocedure), 'v', 'uuid_generate_v7 is volatile');
SELECT is((SELECT proparallel FROM pg_proc WHERE oid = 'officeauto.uuid_generate_v7()'::regprocedure), 's', 'uuid_generate_v7 is parallel safe');
SELECT is((SELECT count(*) FROM (SELECT officeauto.uuid_generate_v7()::text u FROM generate_series(1, 2000)) s
           WHERE substr(u, 15, 1) = '7' AND substr(u, 20, 1) IN ('8','9','a','b')), 2000::bigint,
          'every value has version 7 and the RFC variant');
SELECT is((SELECT count(*) FROM (SELECT u, lag(u) OVER (ORDER BY n) p FROM
           (SELECT n, officeauto.uuid_generate_v7() u FROM generate_series(1, 20000) n) g) s WHERE u <= p),
          0::bigint, 'successive values strictly increase');
SELECT * FROM finish();
ROLLBACK;
