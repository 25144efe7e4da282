\echo '-- installed extension'
SELECT extname, extversion, extnamespace::regnamespace AS schema FROM pg_extension WHERE extname = 'officeauto';
\echo '-- time-ordered public ids (RFC 9562 v7), strictly increasing within a connection'
SELECT n, officeauto.uuid_generate_v7() AS public_id FROM generate_series(1, 5) AS n;
\echo '-- request context read by row-level security'
BEGIN;
SET LOCAL officeauto.organization_id = '1';
SET LOCAL officeauto.user_id = '42';
SELECT officeauto.current_organization_id() AS organization_id, officeauto.current_user_id() AS user_id;
COMMIT;
