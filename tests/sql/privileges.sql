-- Who may execute what. PostgreSQL grants EXECUTE to PUBLIC on every new function, which let
-- officeauto_readonly run functions that write (reopen_task, encrypt_credential_value creating
-- the first data key). The extension revokes that and grants function by function; these
-- checks read the catalog, so a function added later that PUBLIC or the reporting role can run
-- fails here until someone decides, and writes down, that it should.
BEGIN;
SELECT plan(7);

CREATE TEMP VIEW oa_functions AS
SELECT p.oid, p.oid::regprocedure::text AS signature, p.proname, p.provolatile, p.prosecdef
  FROM pg_proc p WHERE p.pronamespace = 'officeauto'::regnamespace;

SELECT is(ARRAY(SELECT signature FROM oa_functions WHERE has_function_privilege('public', oid, 'EXECUTE') ORDER BY 1),
          '{}'::text[], 'PUBLIC executes no function of the extension');

-- What a reporting login runs: the request context (row-level security policies and the views
-- call it with the caller's rights), pure helpers, and the organization-filtered searches.
-- Nothing of identity: validate_session() and authenticate() touch the session's last activity,
-- so they are writes too, and login() and the rest plainly are.
SELECT is(ARRAY(SELECT signature FROM oa_functions WHERE has_function_privilege('officeauto_readonly', oid, 'EXECUTE') ORDER BY 1),
          ARRAY['officeauto._has_permission(text,text,bigint)',
                'officeauto._may_all(text,text)',
                'officeauto._may_projects(text,text)',
                'officeauto._readable_organizations()',
                'officeauto._reporting_organizations()',
                'officeauto._statement_stats()',
                'officeauto.audit_record_id(text,jsonb)',
                'officeauto.current_client_ip()',
                'officeauto.current_organization_id()',
                'officeauto.current_session_id()',
                'officeauto.current_user_agent()',
                'officeauto.current_user_id()',
                'officeauto.find_clients_by_tag(text)',
                'officeauto.find_clients_by_tags(text[],boolean)',
                'officeauto.has_permission(text,text,uuid)',
                'officeauto.is_valid_email(text)',
                'officeauto.is_valid_url(text)',
                'officeauto.normalize_tags(text[])',
                'officeauto.search_documents(text,integer)',
                'officeauto.sprint_burndown(uuid)'],
          'officeauto_readonly executes exactly the read-only allow-list');
SELECT is(ARRAY(SELECT signature FROM oa_functions
                 WHERE has_function_privilege('officeauto_readonly', oid, 'EXECUTE') AND provolatile = 'v' ORDER BY 1),
          '{}'::text[], '... none of them volatile (a stable or immutable SQL or PL/pgSQL function cannot write)');
SELECT is(ARRAY(SELECT signature FROM oa_functions
                 WHERE has_function_privilege('officeauto_readonly', oid, 'EXECUTE')
                   AND proname IN ('validate_session', 'authenticate', 'login', 'refresh_session', 'logout', 'create_user',
                                   'verify_email', 'request_email_verification', 'revoke_user_sessions', 'hash_password')
                 ORDER BY 1),
          '{}'::text[], 'officeauto_readonly executes no identity function');

-- Internal functions (leading underscore) run inside other functions with the owner's rights.
-- The application may call only the helpers its own workflow functions and triggers need.
SELECT is(ARRAY(SELECT signature FROM oa_functions
                 WHERE proname LIKE '\_%' AND has_function_privilege('officeauto_app', oid, 'EXECUTE') ORDER BY 1),
          ARRAY['officeauto._acting_user()',
                'officeauto._actor()',
                'officeauto._authorize(text,text,bigint,boolean,text)',
                'officeauto._check_owner_target(bigint,bigint)',
                'officeauto._check_role_change(text,bigint,bigint,bigint,bigint)',
                'officeauto._entity_visible(text,uuid)',
                'officeauto._has_permission(text,text,bigint)',
                'officeauto._held_item(uuid,text)',
                'officeauto._lock_organization(bigint)',
                'officeauto._loses_last_owner(bigint,bigint)',
                'officeauto._may_all(text,text)',
                'officeauto._may_own(text,text)',
                'officeauto._may_projects(text,text)',
                'officeauto._not_found(text,uuid)',
                'officeauto._notify(bigint,text,text,text,uuid,text)',
                'officeauto._own_organization_only(bigint)',
                'officeauto._readable_organizations()',
                'officeauto._reopen_allowed(bigint)',
                'officeauto._require(boolean,text,text)',
                'officeauto._require_permission(text,text,bigint,boolean,text)',
                'officeauto._required(anyelement,text)',
                'officeauto._sprint_args(text,text,date,date)',
                'officeauto._tenant()',
                'officeauto._valid_signup_domains(text[])'],
          'officeauto_app executes only the internal helpers of its own workflow functions');
SELECT is(ARRAY(SELECT signature FROM oa_functions
                 WHERE has_function_privilege('officeauto_app', oid, 'EXECUTE')
                   AND proname IN ('decrypt_credential_value', 'add_credential_key', 'rotate_credential_keys',
                                   'activate_credential_key', 'rewrap_credential_keys', 'enable_audit', 'disable_audit',
                                   'archive_audit_logs', 'purge_audit_archive', 'create_audit_partitions',
                                   'expire_notifications', 'maintain_database', 'cleanup_expired_sessions', '_allow_reopen',
                                   'suspend_organization', 'reactivate_organization', 'delete_organization',
                                   'set_subscription', '_organization_for_update')
                 ORDER BY 1),
          ARRAY['officeauto.decrypt_credential_value(bytea,text)'],
          'officeauto_app executes no administration function (decrypting needs the caller''s own key)');

-- The organization lifecycle is the platform operator's: no tenant runs it on its own
-- organization (tests/shell/organization_lifecycle.sh tries, as an application login).
SELECT is(ARRAY(SELECT signature FROM oa_functions
                 WHERE proname IN ('suspend_organization', 'reactivate_organization', 'delete_organization', 'set_subscription')
                   AND has_function_privilege('officeauto_admin', oid, 'EXECUTE')
                   AND NOT has_function_privilege('officeauto_app', oid, 'EXECUTE')
                   AND NOT has_function_privilege('officeauto_readonly', oid, 'EXECUTE') ORDER BY 1),
          ARRAY['officeauto.delete_organization(uuid)', 'officeauto.reactivate_organization(uuid)',
                'officeauto.set_subscription(uuid,text,text,timestamp with time zone,integer)',
                'officeauto.suspend_organization(uuid,text)'],
          'officeauto_admin alone executes the organization lifecycle functions');

SELECT * FROM finish();
ROLLBACK;
