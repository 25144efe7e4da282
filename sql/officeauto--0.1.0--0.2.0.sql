-- officeauto 0.1.0 -> 0.2.0. Run by ALTER EXTENSION officeauto UPDATE, as one transaction.
--
-- 0.2.0 is the hardened release: tenant isolation enforced by permission checks, sessions and
-- refresh tokens with limits and MFA, accounts and organization lifecycle, the native audit
-- writer and the hot-path work. This script takes a 0.1.0 database to exactly what a fresh
-- 0.2.0 install creates (tests/shell/upgrade.sh compares the two catalogs) and keeps every
-- row. Its DDL was derived from a schema comparison of the two install scripts and then
-- reviewed by hand; the data steps are marked "Data:".
--
-- Every later release ships its own step, officeauto--A--B.sql, next to this one.
\echo Use "ALTER EXTENSION officeauto UPDATE TO '0.2.0'" to load this file. \quit

-- Functions whose 0.2.0 form cannot replace the 0.1.0 one (result or parameters changed).
drop function if exists officeauto."_is_restoring"();
drop function if exists officeauto."logout"(p_token text);
drop function if exists officeauto."login"(p_identifier text, p_password text, p_client_type text, p_ip inet, p_user_agent text, p_captcha_passed boolean);

-- The library's functions, as this release's install script declares them (three changed
-- their result type and are dropped first). Later DDL uses them.
drop function if exists officeauto._apply_family_revocation(uuid);
drop function if exists officeauto._apply_login_failure(bigint, text, inet, text);
drop function if exists officeauto._record_login_failure(bigint, text, text, text);

CREATE OR REPLACE FUNCTION "_acting_user"() RETURNS bigint /* Result < Option < i64 > , ErrorReport > */
STRICT STABLE PARALLEL RESTRICTED
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_acting_user_wrapper';

CREATE OR REPLACE FUNCTION "_allow_reopen"(
	"task_id" bigint /* i64 */
) RETURNS bool /* bool */
STRICT VOLATILE PARALLEL UNSAFE
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_allow_reopen_wrapper';

CREATE OR REPLACE FUNCTION "_amend_login_failure"(
	"failure_id" bigint, /* i64 */
	"reason" TEXT /* & str */
) RETURNS bigint /* Result < i64, ErrorReport > */
STRICT VOLATILE PARALLEL UNSAFE
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_amend_login_failure_wrapper';

CREATE OR REPLACE FUNCTION "_audit_record_id"(
	"table" TEXT, /* & str */
	"pk" TEXT /* & str */
) RETURNS uuid /* Result < pgrx :: Uuid, ErrorReport > */
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_audit_record_id_wrapper';

CREATE OR REPLACE FUNCTION "_authorize"(
	"resource" TEXT, /* & str */
	"action" TEXT, /* & str */
	"project" bigint, /* Option < i64 > */
	"own" bool, /* Option < bool > */
	"what" TEXT /* & str */
) RETURNS bool /* Result < bool, ErrorReport > */
VOLATILE PARALLEL RESTRICTED
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_authorize_wrapper';

CREATE OR REPLACE FUNCTION "_check_new_password"(
	"p_password" TEXT, /* Option < & str > */
	"p_context" TEXT[] DEFAULT '{}' /* :: std :: option :: Option < Vec < Option < String > > > */
) RETURNS bool /* Result < bool, ErrorReport > */
VOLATILE PARALLEL RESTRICTED
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_check_new_password_wrapper';

CREATE OR REPLACE FUNCTION "_dummy_verify"(
	"password" TEXT /* & str */
) RETURNS bool /* Result < bool, ErrorReport > */
STRICT VOLATILE PARALLEL RESTRICTED
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_dummy_verify_wrapper';

CREATE OR REPLACE FUNCTION "_ensure_loaded"() RETURNS bool /* bool */
STRICT VOLATILE PARALLEL SAFE
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_ensure_loaded_wrapper';

CREATE OR REPLACE FUNCTION "_hash_new_password"(
	"p_password" TEXT, /* Option < & str > */
	"p_context" TEXT[] DEFAULT '{}' /* :: std :: option :: Option < Vec < Option < String > > > */
) RETURNS TEXT /* Result < String, ErrorReport > */
VOLATILE PARALLEL RESTRICTED
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_hash_new_password_wrapper';

CREATE OR REPLACE FUNCTION "_hide_statement"() RETURNS bool /* bool */
STRICT VOLATILE PARALLEL RESTRICTED
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_hide_statement_wrapper';

CREATE OR REPLACE FUNCTION "_is_restoring"() RETURNS bool /* bool */
STRICT STABLE PARALLEL SAFE
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_is_restoring_wrapper';

CREATE OR REPLACE FUNCTION "_lockout_decision"(
	"failures_in_window" INT, /* i32 */
	"previous_locks" INT /* i32 */
) RETURNS TABLE (
	"lock_seconds" INT,  /* i32 */
	"suspend" bool  /* bool */
)
STRICT VOLATILE PARALLEL SAFE
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_lockout_decision_wrapper';

CREATE OR REPLACE FUNCTION "_log_account_event"(
	"organization_id" bigint, /* i64 */
	"user_id" bigint, /* i64 */
	"action" TEXT, /* & str */
	"metadata" jsonb DEFAULT '{}' /* Option < pgrx :: JsonB > */
) RETURNS bigint /* Result < i64, ErrorReport > */
VOLATILE PARALLEL UNSAFE
SET search_path TO pg_catalog, pg_temp
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_log_account_event_wrapper';

CREATE OR REPLACE FUNCTION "_log_activity"(
	"action" TEXT, /* & str */
	"metadata" TEXT /* Option < & str > */
) RETURNS bigint /* Result < i64, ErrorReport > */
VOLATILE PARALLEL UNSAFE
SET search_path TO pg_catalog, pg_temp
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_log_activity_wrapper';

CREATE OR REPLACE FUNCTION "_may_all"(
	"resource" TEXT, /* & str */
	"action" TEXT /* & str */
) RETURNS bool /* Result < bool, ErrorReport > */
STRICT STABLE PARALLEL RESTRICTED
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_may_all_wrapper';

CREATE OR REPLACE FUNCTION "_may_own"(
	"resource" TEXT, /* & str */
	"action" TEXT /* & str */
) RETURNS bool /* Result < bool, ErrorReport > */
STRICT STABLE PARALLEL RESTRICTED
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_may_own_wrapper';

CREATE OR REPLACE FUNCTION "_may_projects"(
	"resource" TEXT, /* & str */
	"action" TEXT /* & str */
) RETURNS bigint[] /* Result < Vec < i64 > , ErrorReport > */
STRICT STABLE PARALLEL RESTRICTED
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_may_projects_wrapper';

CREATE OR REPLACE FUNCTION "_new_recovery_codes"(
	"user_public_id" uuid, /* pgrx :: Uuid */
	"n" INT /* i32 */
) RETURNS TABLE (
	"code" TEXT,  /* String */
	"code_digest" bytea  /* Vec < u8 > */
)
STRICT VOLATILE PARALLEL UNSAFE
SET search_path TO pg_catalog, pg_temp
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_new_recovery_codes_wrapper';

CREATE OR REPLACE FUNCTION "_new_token"() RETURNS TEXT /* Result < String, ErrorReport > */
STRICT VOLATILE PARALLEL SAFE
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_new_token_wrapper';

CREATE OR REPLACE FUNCTION "_open_credential"(
	"ciphertext" bytea, /* & [u8] */
	"organization_id" bigint, /* i64 */
	"public_id" uuid /* pgrx :: Uuid */
) RETURNS TEXT /* std :: result :: Result < String, ErrorReport > */
STRICT VOLATILE SECURITY DEFINER PARALLEL UNSAFE
SET search_path TO pg_catalog, pg_temp
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_open_credential_wrapper';

CREATE OR REPLACE FUNCTION "_readable_organizations"() RETURNS bigint[] /* Result < Vec < i64 > , ErrorReport > */
STRICT STABLE PARALLEL RESTRICTED
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_readable_organizations_wrapper';

CREATE OR REPLACE FUNCTION "_record_login_failure"(
	"user_id" bigint, /* Option < i64 > */
	"identifier" TEXT, /* & str */
	"ip" TEXT, /* Option < & str > */
	"reason" TEXT /* & str */
) RETURNS bigint /* Result < i64, ErrorReport > */
VOLATILE PARALLEL UNSAFE
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_record_login_failure_wrapper';

CREATE OR REPLACE FUNCTION "_recovery_code_digest"(
	"user_public_id" uuid, /* pgrx :: Uuid */
	"code" TEXT /* & str */
) RETURNS bytea /* :: std :: option :: Option < Vec < u8 > > */
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_recovery_code_digest_wrapper';

CREATE OR REPLACE FUNCTION "_reopen_allowed"(
	"task_id" bigint /* i64 */
) RETURNS bool /* bool */
STRICT VOLATILE PARALLEL UNSAFE
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_reopen_allowed_wrapper';

CREATE OR REPLACE FUNCTION "_reporting_organizations"() RETURNS bigint[] /* Result < Vec < i64 > , ErrorReport > */
STRICT STABLE PARALLEL RESTRICTED
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_reporting_organizations_wrapper';

CREATE OR REPLACE FUNCTION "_require_permission"(
	"resource" TEXT, /* & str */
	"action" TEXT, /* & str */
	"project" bigint, /* Option < i64 > */
	"own" bool, /* Option < bool > */
	"what" TEXT /* & str */
) RETURNS bool /* Result < bool, ErrorReport > */
VOLATILE PARALLEL RESTRICTED
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_require_permission_wrapper';

CREATE OR REPLACE FUNCTION "_reseal_credential"(
	"ciphertext" bytea, /* & [u8] */
	"organization_id" bigint, /* i64 */
	"public_id" uuid /* pgrx :: Uuid */
) RETURNS bytea /* std :: result :: Result < Vec < u8 > , ErrorReport > */
STRICT VOLATILE SECURITY DEFINER PARALLEL UNSAFE
SET search_path TO pg_catalog, pg_temp
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_reseal_credential_wrapper';

CREATE OR REPLACE FUNCTION "_revoke_refresh_family"(
	"family_id" uuid /* pgrx :: Uuid */
) RETURNS bool /* Result < bool, ErrorReport > */
STRICT VOLATILE PARALLEL UNSAFE
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_revoke_refresh_family_wrapper';

CREATE OR REPLACE FUNCTION "_seal_credential"(
	"value" TEXT, /* & str */
	"organization_id" bigint, /* i64 */
	"public_id" uuid /* pgrx :: Uuid */
) RETURNS bytea /* std :: result :: Result < Vec < u8 > , ErrorReport > */
STRICT VOLATILE SECURITY DEFINER PARALLEL UNSAFE
SET search_path TO pg_catalog, pg_temp
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_seal_credential_wrapper';

CREATE OR REPLACE FUNCTION "_tenant"() RETURNS bigint /* std :: result :: Result < Option < i64 > , ErrorReport > */
STRICT STABLE PARALLEL RESTRICTED
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_tenant_wrapper';

CREATE OR REPLACE FUNCTION "_totp_enrolment"(
	"organization_id" bigint, /* i64 */
	"user_public_id" uuid, /* pgrx :: Uuid */
	"issuer" TEXT, /* & str */
	"account" TEXT /* & str */
) RETURNS TABLE (
	"sealed_secret" bytea,  /* Vec < u8 > */
	"otpauth_uri" TEXT,  /* String */
	"secret" TEXT  /* String */
)
STRICT VOLATILE SECURITY DEFINER PARALLEL UNSAFE
SET search_path TO pg_catalog, pg_temp
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_totp_enrolment_wrapper';

CREATE OR REPLACE FUNCTION "_totp_match"(
	"sealed_secret" bytea, /* & [u8] */
	"organization_id" bigint, /* i64 */
	"user_public_id" uuid, /* pgrx :: Uuid */
	"code" TEXT, /* & str */
	"unix_seconds" bigint /* i64 */
) RETURNS bigint /* Result < Option < i64 > , ErrorReport > */
STRICT VOLATILE SECURITY DEFINER PARALLEL UNSAFE
SET search_path TO pg_catalog, pg_temp
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_totp_match_wrapper';

CREATE OR REPLACE FUNCTION "_totp_reseal"(
	"sealed_secret" bytea, /* & [u8] */
	"organization_id" bigint, /* i64 */
	"user_public_id" uuid /* pgrx :: Uuid */
) RETURNS bytea /* Result < :: std :: option :: Option < Vec < u8 > > , ErrorReport > */
STRICT VOLATILE SECURITY DEFINER PARALLEL UNSAFE
SET search_path TO pg_catalog, pg_temp
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_totp_reseal_wrapper';

CREATE OR REPLACE FUNCTION "_wraps_same_key"(
	"key_id" TEXT, /* & str */
	"a" bytea, /* & [u8] */
	"b" bytea /* & [u8] */
) RETURNS bool /* std :: result :: Result < bool, ErrorReport > */
STRICT VOLATILE SECURITY DEFINER PARALLEL UNSAFE
SET search_path TO pg_catalog, pg_temp
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', '_wraps_same_key_wrapper';

CREATE OR REPLACE FUNCTION "add_credential_key"(
	"key_id" TEXT DEFAULT NULL, /* Option < & str > */
	"make_current" bool DEFAULT true /* bool */
) RETURNS TEXT /* std :: result :: Result < String, ErrorReport > */
VOLATILE SECURITY DEFINER PARALLEL UNSAFE
SET search_path TO pg_catalog, pg_temp
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'add_credential_key_wrapper';

CREATE OR REPLACE FUNCTION "authenticate"(
	"token" TEXT /* Option < & str > */
) RETURNS bigint /* Result < i64, ErrorReport > */
VOLATILE PARALLEL UNSAFE
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'authenticate_wrapper';

CREATE OR REPLACE FUNCTION "credential_key_id"(
	"ciphertext" bytea /* & [u8] */
) RETURNS TEXT /* std :: result :: Result < String, ErrorReport > */
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'credential_key_id_wrapper';

CREATE OR REPLACE FUNCTION "current_organization_id"() RETURNS bigint /* std :: result :: Result < Option < i64 > , ErrorReport > */
STRICT STABLE PARALLEL RESTRICTED
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'current_organization_id_wrapper';

CREATE OR REPLACE FUNCTION "current_session_id"() RETURNS bigint /* std :: result :: Result < Option < i64 > , ErrorReport > */
STRICT STABLE PARALLEL RESTRICTED
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'current_session_id_wrapper';

CREATE OR REPLACE FUNCTION "current_user_id"() RETURNS bigint /* std :: result :: Result < Option < i64 > , ErrorReport > */
STRICT STABLE PARALLEL RESTRICTED
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'current_user_id_wrapper';

CREATE OR REPLACE FUNCTION "decrypt_credential_value"(
	"ciphertext" bytea /* & [u8] */
) RETURNS TEXT /* std :: result :: Result < String, ErrorReport > */
STRICT VOLATILE SECURITY DEFINER PARALLEL UNSAFE
SET search_path TO pg_catalog, pg_temp
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'decrypt_credential_value_wrapper';

CREATE OR REPLACE FUNCTION "decrypt_credential_value"(
	"ciphertext" bytea, /* & [u8] */
	"key" TEXT /* & str */
) RETURNS TEXT /* std :: result :: Result < String, ErrorReport > */
STRICT VOLATILE PARALLEL SAFE 
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'decrypt_credential_value_with_key_wrapper';

CREATE OR REPLACE FUNCTION "encrypt_credential_value"(
	"value" TEXT /* & str */
) RETURNS bytea /* std :: result :: Result < Vec < u8 > , ErrorReport > */
STRICT VOLATILE SECURITY DEFINER PARALLEL UNSAFE
SET search_path TO pg_catalog, pg_temp
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'encrypt_credential_value_wrapper';

CREATE OR REPLACE FUNCTION "encrypt_credential_value"(
	"value" TEXT, /* & str */
	"key" TEXT /* & str */
) RETURNS bytea /* std :: result :: Result < Vec < u8 > , ErrorReport > */
STRICT VOLATILE PARALLEL SAFE 
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'encrypt_credential_value_with_key_wrapper';

CREATE OR REPLACE FUNCTION "has_permission"(
	"resource" TEXT, /* Option < & str > */
	"action" TEXT, /* Option < & str > */
	"project_id" bigint DEFAULT NULL /* Option < i64 > */
) RETURNS bool /* Result < bool, ErrorReport > */
STABLE PARALLEL RESTRICTED
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'has_permission_wrapper';

CREATE OR REPLACE FUNCTION "hash_password"(
	"password" TEXT /* & str */
) RETURNS TEXT /* Result < String, ErrorReport > */
STRICT VOLATILE PARALLEL RESTRICTED
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'hash_password_wrapper';

CREATE OR REPLACE FUNCTION "password_needs_rehash"(
	"hash" TEXT /* & str */
) RETURNS bool /* Result < bool, ErrorReport > */
STRICT VOLATILE PARALLEL SAFE
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'password_needs_rehash_wrapper';

CREATE OR REPLACE FUNCTION "rewrap_credential_keys"() RETURNS bigint /* std :: result :: Result < i64, ErrorReport > */
STRICT VOLATILE SECURITY DEFINER PARALLEL UNSAFE
SET search_path TO pg_catalog, pg_temp
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'rewrap_credential_keys_wrapper';

CREATE OR REPLACE FUNCTION "token_digest"(
	"token" TEXT /* & str */
) RETURNS bytea /* :: std :: option :: Option < Vec < u8 > > */
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'token_digest_wrapper';

CREATE OR REPLACE FUNCTION "uuid_generate_v7"() RETURNS uuid /* Result < pgrx :: Uuid, ErrorReport > */
STRICT VOLATILE PARALLEL SAFE
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'uuid_generate_v7_wrapper';

CREATE OR REPLACE FUNCTION "validate_session"(
	"token" TEXT /* & str */
) RETURNS bigint /* Result < Option < i64 > , ErrorReport > */
STRICT VOLATILE PARALLEL UNSAFE
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'validate_session_wrapper';

CREATE OR REPLACE FUNCTION "verify_password"(
	"password" TEXT, /* & str */
	"hash" TEXT /* & str */
) RETURNS bool /* Result < bool, ErrorReport > */
STRICT VOLATILE PARALLEL RESTRICTED
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'verify_password_wrapper';

CREATE OR REPLACE FUNCTION "_permissions_changed"()
	RETURNS TRIGGER
	LANGUAGE c
	AS 'MODULE_PATHNAME', '_permissions_changed_wrapper';

CREATE OR REPLACE FUNCTION "audit_flush_trigger"()
	RETURNS TRIGGER
	LANGUAGE c
	AS 'MODULE_PATHNAME', 'audit_flush_trigger_wrapper';

CREATE OR REPLACE FUNCTION "audit_trigger"()
	RETURNS TRIGGER
	LANGUAGE c
	AS 'MODULE_PATHNAME', 'audit_trigger_wrapper';

CREATE OR REPLACE FUNCTION "audit_truncate_trigger"()
	RETURNS TRIGGER
	LANGUAGE c
	AS 'MODULE_PATHNAME', 'audit_truncate_trigger_wrapper';

CREATE OR REPLACE FUNCTION "restore_load_trigger"()
	RETURNS TRIGGER
	LANGUAGE c
	AS 'MODULE_PATHNAME', 'restore_load_trigger_wrapper';

-- End of the library's functions.

CREATE OR REPLACE FUNCTION officeauto._valid_signup_domains(text[])
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE STRICT
RETURN ((cardinality($1) <= 100) AND (NOT (EXISTS (SELECT FROM unnest($1) d(d) WHERE ((d.d IS NULL) OR (length(d.d) > 253) OR (d.d !~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$'::text))))))
;

drop policy "tenant_isolation" on officeauto."audit_logs";

drop policy "tenant_isolation" on officeauto."audit_logs_archive";

drop policy "tenant_isolation" on officeauto."calendar_resources";

drop policy "tenant_isolation" on officeauto."cartable";

drop policy "tenant_isolation" on officeauto."change_request_approvals";

drop policy "tenant_isolation" on officeauto."change_request_impacts";

drop policy "tenant_isolation" on officeauto."change_requests";

drop policy "tenant_isolation" on officeauto."clients";

drop policy "tenant_isolation" on officeauto."comments";

drop policy "tenant_isolation" on officeauto."credential_audit_logs";

drop policy "tenant_isolation" on officeauto."credentials";

drop policy "tenant_isolation" on officeauto."document_relations";

drop policy "tenant_isolation" on officeauto."document_versions";

drop policy "tenant_isolation" on officeauto."documents";

drop policy "tenant_isolation" on officeauto."documents_ingest";

drop policy "tenant_isolation" on officeauto."email_verifications";

drop policy "tenant_isolation" on officeauto."events";

drop policy "tenant_isolation" on officeauto."file_versions";

drop policy "tenant_isolation" on officeauto."files";

drop policy "tenant_isolation" on officeauto."lots";

drop policy "tenant_isolation" on officeauto."messages";

drop policy "tenant_isolation" on officeauto."notifications";

drop policy "tenant_isolation" on officeauto."organizations";

drop policy "tenant_isolation" on officeauto."project_members";

drop policy "tenant_isolation" on officeauto."project_tags";

drop policy "tenant_isolation" on officeauto."projects";

drop policy "tenant_isolation" on officeauto."refresh_tokens";

drop policy "tenant_isolation" on officeauto."role_permissions";

drop policy "tenant_isolation" on officeauto."roles";

drop policy "tenant_isolation" on officeauto."shortcuts";

drop policy "tenant_isolation" on officeauto."storage_reference";

drop policy "tenant_isolation" on officeauto."tag_reference";

drop policy "tenant_isolation" on officeauto."task_time_entries";

drop policy "tenant_isolation" on officeauto."tasks";

drop policy "tenant_isolation" on officeauto."test_case_relations";

drop policy "tenant_isolation" on officeauto."test_cases";

drop policy "tenant_isolation" on officeauto."test_executions";

drop policy "tenant_isolation" on officeauto."user_roles";

drop policy "tenant_isolation" on officeauto."user_sessions";

drop policy "tenant_isolation" on officeauto."users";

revoke delete on table officeauto."audit_logs" from "officeauto_admin";

revoke insert on table officeauto."audit_logs" from "officeauto_admin";

revoke truncate on table officeauto."audit_logs" from "officeauto_admin";

revoke update on table officeauto."audit_logs" from "officeauto_admin";

revoke delete on table officeauto."audit_logs_archive" from "officeauto_admin";

revoke insert on table officeauto."audit_logs_archive" from "officeauto_admin";

revoke truncate on table officeauto."audit_logs_archive" from "officeauto_admin";

revoke update on table officeauto."audit_logs_archive" from "officeauto_admin";

revoke delete on table officeauto."audit_logs_archive_default" from "officeauto_admin";

revoke insert on table officeauto."audit_logs_archive_default" from "officeauto_admin";

revoke truncate on table officeauto."audit_logs_archive_default" from "officeauto_admin";

revoke update on table officeauto."audit_logs_archive_default" from "officeauto_admin";

revoke delete on table officeauto."audit_logs_default" from "officeauto_admin";

revoke insert on table officeauto."audit_logs_default" from "officeauto_admin";

revoke truncate on table officeauto."audit_logs_default" from "officeauto_admin";

revoke update on table officeauto."audit_logs_default" from "officeauto_admin";

revoke insert on table officeauto."calendar_resources" from "officeauto_app";

revoke update on table officeauto."calendar_resources" from "officeauto_app";

revoke insert on table officeauto."cartable" from "officeauto_app";

revoke update on table officeauto."cartable" from "officeauto_app";

revoke insert on table officeauto."change_request_approvals" from "officeauto_app";

revoke update on table officeauto."change_request_approvals" from "officeauto_app";

revoke insert on table officeauto."change_request_impacts" from "officeauto_app";

revoke update on table officeauto."change_request_impacts" from "officeauto_app";

revoke insert on table officeauto."change_requests" from "officeauto_app";

revoke update on table officeauto."change_requests" from "officeauto_app";

revoke insert on table officeauto."clients" from "officeauto_app";

revoke update on table officeauto."clients" from "officeauto_app";

revoke insert on table officeauto."comments" from "officeauto_app";

revoke update on table officeauto."comments" from "officeauto_app";

revoke delete on table officeauto."credential_audit_logs" from "officeauto_admin";

revoke insert on table officeauto."credential_audit_logs" from "officeauto_admin";

revoke truncate on table officeauto."credential_audit_logs" from "officeauto_admin";

revoke update on table officeauto."credential_audit_logs" from "officeauto_admin";

revoke insert on table officeauto."credentials" from "officeauto_app";

revoke update on table officeauto."credentials" from "officeauto_app";

revoke insert on table officeauto."document_relations" from "officeauto_app";

revoke update on table officeauto."document_relations" from "officeauto_app";

revoke insert on table officeauto."document_versions" from "officeauto_app";

revoke update on table officeauto."document_versions" from "officeauto_app";

revoke insert on table officeauto."documents" from "officeauto_app";

revoke update on table officeauto."documents" from "officeauto_app";

revoke insert on table officeauto."documents_ingest" from "officeauto_app";

revoke update on table officeauto."documents_ingest" from "officeauto_app";

revoke insert on table officeauto."events" from "officeauto_app";

revoke update on table officeauto."events" from "officeauto_app";

revoke insert on table officeauto."file_versions" from "officeauto_app";

revoke update on table officeauto."file_versions" from "officeauto_app";

revoke insert on table officeauto."files" from "officeauto_app";

revoke update on table officeauto."files" from "officeauto_app";

revoke insert on table officeauto."lots" from "officeauto_app";

revoke update on table officeauto."lots" from "officeauto_app";

revoke insert on table officeauto."messages" from "officeauto_app";

revoke update on table officeauto."messages" from "officeauto_app";

revoke insert on table officeauto."notifications" from "officeauto_app";

revoke update on table officeauto."notifications" from "officeauto_app";

revoke insert on table officeauto."project_members" from "officeauto_app";

revoke update on table officeauto."project_members" from "officeauto_app";

revoke insert on table officeauto."project_tags" from "officeauto_app";

revoke update on table officeauto."project_tags" from "officeauto_app";

revoke insert on table officeauto."projects" from "officeauto_app";

revoke update on table officeauto."projects" from "officeauto_app";

revoke insert on table officeauto."role_permissions" from "officeauto_app";

revoke update on table officeauto."role_permissions" from "officeauto_app";

revoke insert on table officeauto."roles" from "officeauto_app";

revoke update on table officeauto."roles" from "officeauto_app";

revoke insert on table officeauto."shortcuts" from "officeauto_app";

revoke update on table officeauto."shortcuts" from "officeauto_app";

revoke insert on table officeauto."storage_reference" from "officeauto_app";

revoke update on table officeauto."storage_reference" from "officeauto_app";

revoke insert on table officeauto."tag_reference" from "officeauto_app";

revoke update on table officeauto."tag_reference" from "officeauto_app";

revoke insert on table officeauto."task_time_entries" from "officeauto_app";

revoke update on table officeauto."task_time_entries" from "officeauto_app";

revoke insert on table officeauto."tasks" from "officeauto_app";

revoke update on table officeauto."tasks" from "officeauto_app";

revoke insert on table officeauto."test_case_relations" from "officeauto_app";

revoke update on table officeauto."test_case_relations" from "officeauto_app";

revoke insert on table officeauto."test_cases" from "officeauto_app";

revoke update on table officeauto."test_cases" from "officeauto_app";

revoke insert on table officeauto."test_executions" from "officeauto_app";

revoke update on table officeauto."test_executions" from "officeauto_app";

revoke insert on table officeauto."user_roles" from "officeauto_app";

revoke update on table officeauto."user_roles" from "officeauto_app";

revoke insert on table officeauto."users" from "officeauto_admin";

revoke update on table officeauto."users" from "officeauto_admin";

revoke insert on table officeauto."users" from "officeauto_app";

alter table officeauto."change_request_approvals" drop constraint "change_request_approvals_change_request_id_approver_id_key";

alter table officeauto."document_relations" drop constraint "document_relations_source_document_id_target_document_id_re_key";

alter table officeauto."document_versions" drop constraint "document_versions_document_id_version_number_key";

alter table officeauto."file_versions" drop constraint "file_versions_file_id_version_number_key";

alter table officeauto."project_members" drop constraint "project_members_project_id_user_id_key";

alter table officeauto."project_tags" drop constraint "project_tags_project_id_tag_id_key";

alter table officeauto."role_permissions" drop constraint "role_permissions_role_id_permission_id_key";

alter table officeauto."events" drop constraint "events_no_double_booking";

alter table officeauto."users" drop constraint "users_status_check";




drop index if exists officeauto."audit_logs_archive_default_actor_user_id_created_at_idx";

drop index if exists officeauto."audit_logs_archive_default_table_name_created_at_idx";

drop index if exists officeauto."audit_logs_default_actor_user_id_created_at_idx";

drop index if exists officeauto."audit_logs_default_table_name_created_at_idx";

drop index if exists officeauto."change_request_approvals_change_request_id_approver_id_key";

drop index if exists officeauto."change_request_approvals_organization_id_change_request_id_idx";

drop index if exists officeauto."document_relations_organization_id_source_document_id_idx";

drop index if exists officeauto."document_relations_source_document_id_target_document_id_re_key";

drop index if exists officeauto."document_versions_document_id_version_number_key";

drop index if exists officeauto."document_versions_organization_id_document_id_idx";

drop index if exists officeauto."email_verifications_organization_id_idx";

drop index if exists officeauto."email_verifications_organization_id_user_id_idx";

drop index if exists officeauto."file_versions_file_id_version_number_key";

drop index if exists officeauto."file_versions_organization_id_file_id_idx";

drop index if exists officeauto."project_members_organization_id_project_id_idx";

drop index if exists officeauto."project_members_project_id_user_id_key";

drop index if exists officeauto."project_tags_organization_id_idx";

drop index if exists officeauto."project_tags_organization_id_project_id_idx";

drop index if exists officeauto."project_tags_project_id_tag_id_key";

drop index if exists officeauto."role_permissions_organization_id_idx";

drop index if exists officeauto."role_permissions_organization_id_role_id_idx";

drop index if exists officeauto."role_permissions_role_id_permission_id_key";

drop index if exists officeauto."test_case_relations_organization_id_test_case_id_idx";

drop index if exists officeauto."user_roles_organization_id_idx";

drop index if exists officeauto."user_roles_organization_id_user_id_idx";

drop index if exists officeauto."user_sessions_one_live_key";

drop index if exists officeauto."audit_logs_archive_default_metadata_idx";

drop index if exists officeauto."audit_logs_archive_default_organization_id_created_at_idx";

drop index if exists officeauto."audit_logs_archive_default_record_id_created_at_idx";

drop index if exists officeauto."audit_logs_default_metadata_idx";

drop index if exists officeauto."audit_logs_default_organization_id_created_at_idx";

drop index if exists officeauto."audit_logs_default_record_id_created_at_idx";

drop index if exists officeauto."document_versions_current_key";

drop index if exists officeauto."email_verifications_live_key";

select 1; -- drop index if exists officeauto."events_no_double_booking";

drop index if exists officeauto."file_versions_current_key";

drop index if exists officeauto."test_case_relations_key";

drop index if exists officeauto."user_roles_key";

create table officeauto."invitations" (
    "id" bigint generated always as identity not null,
    "public_id" uuid not null default officeauto.uuid_generate_v7(),
    "organization_id" bigint not null,
    "email" text not null,
    "role_id" bigint not null,
    "invited_by" bigint,
    "token_digest" bytea not null,
    "created_at" timestamp with time zone not null default now(),
    "updated_at" timestamp with time zone not null default now(),
    "expires_at" timestamp with time zone not null,
    "accepted_at" timestamp with time zone,
    "accepted_user_id" bigint,
    "revoked_at" timestamp with time zone,
    "revoked_by" bigint,
    "version" integer not null default 1
);

alter table officeauto."invitations" enable row level security;

create table officeauto."login_throttle" (
    "id" bigint generated always as identity not null,
    "identifier_key" text not null,
    "locked_until" timestamp with time zone,
    "lock_count" integer not null default 0,
    "created_at" timestamp with time zone not null default now(),
    "updated_at" timestamp with time zone not null default now()
);

create table officeauto."mfa_challenges" (
    "id" bigint generated always as identity not null,
    "organization_id" bigint not null,
    "user_id" bigint not null,
    "token_digest" bytea not null,
    "client_type" text not null,
    "ip_address" inet,
    "user_agent" text,
    "expires_at" timestamp with time zone not null,
    "consumed_at" timestamp with time zone,
    "created_at" timestamp with time zone not null default now()
);

alter table officeauto."mfa_challenges" enable row level security;

create table officeauto."mfa_recovery_codes" (
    "id" bigint generated always as identity not null,
    "organization_id" bigint not null,
    "user_id" bigint not null,
    "code_digest" bytea not null,
    "used_at" timestamp with time zone,
    "created_at" timestamp with time zone not null default now()
);

alter table officeauto."mfa_recovery_codes" enable row level security;

create table officeauto."password_reset_requests" (
    "id" bigint generated always as identity not null,
    "identifier_key" text not null,
    "ip_address" inet,
    "created_at" timestamp with time zone not null default now()
);

create table officeauto."reporting_access" (
    "id" bigint generated always as identity not null,
    "role_name" name not null,
    "organization_id" bigint not null,
    "granted_by" name not null default SESSION_USER,
    "created_at" timestamp with time zone not null default now()
);

alter table officeauto."reporting_access" enable row level security;

create table officeauto."role_templates" (
    "id" bigint generated always as identity not null,
    "role_name" text not null,
    "resource" text not null,
    "action" text not null,
    "scope" text not null,
    "is_builtin" boolean not null default false
);

create table officeauto."session_limits" (
    "id" bigint generated always as identity not null,
    "organization_id" bigint not null,
    "client_type" text not null,
    "max_sessions" smallint not null,
    "created_at" timestamp with time zone not null default now(),
    "updated_at" timestamp with time zone not null default now(),
    "version" integer not null default 1
);

alter table officeauto."session_limits" enable row level security;

create table officeauto."signup_reservations" (
    "id" bigint generated always as identity not null,
    "username_key" text not null,
    "expires_at" timestamp with time zone not null
);

create table officeauto."user_totp" (
    "id" bigint generated always as identity not null,
    "organization_id" bigint not null,
    "user_id" bigint not null,
    "encrypted_secret" bytea not null,
    "key_id" text not null,
    "confirmed_at" timestamp with time zone,
    "last_used_step" bigint,
    "created_at" timestamp with time zone not null default now(),
    "updated_at" timestamp with time zone not null default now()
);

alter table officeauto."user_totp" enable row level security;

alter table officeauto."calendar_resources" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."cartable" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."change_request_approvals" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."change_request_impacts" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."change_requests" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."change_requests" alter column "requested_by" set default officeauto.current_user_id();

alter table officeauto."clients" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."clients" alter column "owner_user_id" set default officeauto.current_user_id();

alter table officeauto."comments" alter column "author_id" set default officeauto.current_user_id();

alter table officeauto."comments" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."credential_audit_logs" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."credentials" alter column "created_by" set default officeauto.current_user_id();

alter table officeauto."credentials" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."document_relations" alter column "created_by" set default officeauto.current_user_id();

alter table officeauto."document_relations" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."document_versions" alter column "created_by" set default officeauto.current_user_id();

alter table officeauto."document_versions" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."documents" alter column "author_id" set default officeauto.current_user_id();

alter table officeauto."documents" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."documents_ingest" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."documents_ingest" alter column "uploaded_by" set default officeauto.current_user_id();

alter table officeauto."email_verifications" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."events" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."events" alter column "organizer_id" set default officeauto.current_user_id();

alter table officeauto."file_versions" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."file_versions" alter column "uploaded_by" set default officeauto.current_user_id();

alter table officeauto."files" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."files" alter column "owner_id" set default officeauto.current_user_id();

alter table officeauto."lots" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."lots" alter column "user_id" set default officeauto.current_user_id();

alter table officeauto."messages" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."messages" alter column "sender_id" set default officeauto.current_user_id();

alter table officeauto."notifications" alter column "organization_id" set default officeauto.current_organization_id();


alter table officeauto."organizations" add column "current_period_end" timestamp with time zone;

alter table officeauto."organizations" add column "seat_limit" integer;

alter table officeauto."organizations" add column "signup_domains" text[] not null default '{}'::text[];

alter table officeauto."organizations" add column "signup_policy" text not null default 'invite_only'::text;

alter table officeauto."organizations" add column "status" text not null default 'active'::text;


alter table officeauto."organizations" add column "subscription_status" text not null default 'active'::text;

alter table officeauto."organizations" add column "suspended_at" timestamp with time zone;

alter table officeauto."organizations" add column "suspension_reason" text;

-- Data: 0.1.0's is_active flag becomes the status it stood for (0.2.0 derives the flag); a
-- suspension carries its time and reason.
update officeauto.organizations
   set status = 'suspended', suspended_at = coalesce(updated_at, now()), suspension_reason = 'inactive in 0.1.0'
 where not is_active;

alter table officeauto."organizations" drop column "is_active";

alter table officeauto."organizations" add column "is_active" boolean generated always as (((status = 'active'::text) AND (deleted_at IS NULL))) stored;

alter table officeauto."project_members" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."project_tags" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."projects" alter column "created_by" set default officeauto.current_user_id();

alter table officeauto."projects" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."refresh_tokens" add column "family_expires_at" timestamp with time zone;

-- Data: 0.1.0 tokens carried only their own expiry, and each rotation pushed it forward; a
-- family ends when its newest token would have, so no live user is logged out.
update officeauto.refresh_tokens r set family_expires_at = f.last_expiry
  from (select family_id, max(expires_at) as last_expiry from officeauto.refresh_tokens group by family_id) f
 where f.family_id = r.family_id;

alter table officeauto."refresh_tokens" alter column "family_expires_at" set not null;

alter table officeauto."refresh_tokens" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."role_permissions" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."roles" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."shortcuts" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."shortcuts" alter column "user_id" set default officeauto.current_user_id();

alter table officeauto."storage_reference" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."tag_reference" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."task_time_entries" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."task_time_entries" alter column "user_id" set default officeauto.current_user_id();

alter table officeauto."tasks" alter column "created_by" set default officeauto.current_user_id();

alter table officeauto."tasks" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."test_case_relations" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."test_cases" alter column "created_by" set default officeauto.current_user_id();

alter table officeauto."test_cases" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."test_executions" alter column "executed_by" set default officeauto.current_user_id();

alter table officeauto."test_executions" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."user_roles" alter column "granted_by" set default officeauto.current_user_id();

alter table officeauto."user_roles" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."user_sessions" add column "slot" smallint not null default 1;

alter table officeauto."user_sessions" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."users" add column "erased_at" timestamp with time zone;

alter table officeauto."users" add column "signup_method" text not null default 'admin'::text;

-- Data: 0.1.0's two_factor_enabled was a flag with no secret behind it; 0.2.0 would send such
-- users to a TOTP challenge they cannot answer. They enrol again with enroll_totp().
update officeauto.users set two_factor_enabled = false where two_factor_enabled;

alter table officeauto."users" alter column "organization_id" set default officeauto.current_organization_id();

alter table officeauto."users" alter column "password_hash" set default '!'::text;

CREATE INDEX audit_logs_archive_default_table_name_int8_created_at_idx ON officeauto.audit_logs_archive_default USING btree (table_name, (((row_pk ->> 'id'::text))::bigint), created_at) WHERE (table_name = ANY (ARRAY['officeauto.projects'::text, 'officeauto.documents'::text]));

CREATE INDEX audit_logs_default_table_name_int8_created_at_idx ON officeauto.audit_logs_default USING btree (table_name, (((row_pk ->> 'id'::text))::bigint), created_at) WHERE (table_name = ANY (ARRAY['officeauto.projects'::text, 'officeauto.documents'::text]));

CREATE UNIQUE INDEX change_request_approvals_organization_id_change_request_id__key ON officeauto.change_request_approvals USING btree (organization_id, change_request_id, approver_id);

CREATE UNIQUE INDEX document_relations_organization_id_source_document_id_targe_key ON officeauto.document_relations USING btree (organization_id, source_document_id, target_document_id, relation_type);

CREATE UNIQUE INDEX document_versions_organization_id_document_id_version_numbe_key ON officeauto.document_versions USING btree (organization_id, document_id, version_number);

CREATE UNIQUE INDEX file_versions_organization_id_file_id_version_number_key ON officeauto.file_versions USING btree (organization_id, file_id, version_number);

CREATE INDEX invitations_organization_id_accepted_user_id_idx ON officeauto.invitations USING btree (organization_id, accepted_user_id) WHERE (accepted_user_id IS NOT NULL);

CREATE UNIQUE INDEX invitations_organization_id_id_key ON officeauto.invitations USING btree (organization_id, id);

CREATE INDEX invitations_organization_id_invited_by_idx ON officeauto.invitations USING btree (organization_id, invited_by) WHERE (invited_by IS NOT NULL);

CREATE INDEX invitations_organization_id_revoked_by_idx ON officeauto.invitations USING btree (organization_id, revoked_by) WHERE (revoked_by IS NOT NULL);

CREATE INDEX invitations_organization_id_role_id_idx ON officeauto.invitations USING btree (organization_id, role_id);

CREATE UNIQUE INDEX invitations_pending_key ON officeauto.invitations USING btree (organization_id, lower(email)) WHERE ((accepted_at IS NULL) AND (revoked_at IS NULL));

CREATE UNIQUE INDEX invitations_pkey ON officeauto.invitations USING btree (id);

CREATE UNIQUE INDEX invitations_public_id_key ON officeauto.invitations USING btree (public_id);

CREATE UNIQUE INDEX invitations_token_digest_key ON officeauto.invitations USING btree (token_digest);

CREATE UNIQUE INDEX login_throttle_identifier_key_key ON officeauto.login_throttle USING btree (identifier_key);

CREATE UNIQUE INDEX login_throttle_pkey ON officeauto.login_throttle USING btree (id);

CREATE INDEX mfa_challenges_organization_id_idx ON officeauto.mfa_challenges USING btree (organization_id);

CREATE INDEX mfa_challenges_organization_id_user_id_idx ON officeauto.mfa_challenges USING btree (organization_id, user_id);

CREATE UNIQUE INDEX mfa_challenges_pkey ON officeauto.mfa_challenges USING btree (id);

CREATE UNIQUE INDEX mfa_challenges_token_digest_key ON officeauto.mfa_challenges USING btree (token_digest);

CREATE UNIQUE INDEX mfa_recovery_codes_code_digest_key ON officeauto.mfa_recovery_codes USING btree (code_digest);

CREATE INDEX mfa_recovery_codes_organization_id_idx ON officeauto.mfa_recovery_codes USING btree (organization_id);

CREATE INDEX mfa_recovery_codes_organization_id_user_id_idx ON officeauto.mfa_recovery_codes USING btree (organization_id, user_id);

CREATE UNIQUE INDEX mfa_recovery_codes_pkey ON officeauto.mfa_recovery_codes USING btree (id);

CREATE INDEX password_reset_requests_created_idx ON officeauto.password_reset_requests USING btree (created_at);

CREATE INDEX password_reset_requests_key_idx ON officeauto.password_reset_requests USING btree (identifier_key, created_at);

CREATE UNIQUE INDEX password_reset_requests_pkey ON officeauto.password_reset_requests USING btree (id);

CREATE UNIQUE INDEX project_members_organization_id_project_id_user_id_key ON officeauto.project_members USING btree (organization_id, project_id, user_id);

CREATE UNIQUE INDEX project_tags_organization_id_project_id_tag_id_key ON officeauto.project_tags USING btree (organization_id, project_id, tag_id);

CREATE INDEX reporting_access_organization_id_idx ON officeauto.reporting_access USING btree (organization_id);

CREATE UNIQUE INDEX reporting_access_pkey ON officeauto.reporting_access USING btree (id);

CREATE UNIQUE INDEX reporting_access_role_name_organization_id_key ON officeauto.reporting_access USING btree (role_name, organization_id);

CREATE UNIQUE INDEX role_permissions_organization_id_role_id_permission_id_key ON officeauto.role_permissions USING btree (organization_id, role_id, permission_id);

CREATE UNIQUE INDEX role_templates_pkey ON officeauto.role_templates USING btree (id);

CREATE INDEX role_templates_resource_action_scope_idx ON officeauto.role_templates USING btree (resource, action, scope);

CREATE UNIQUE INDEX role_templates_role_name_resource_action_scope_key ON officeauto.role_templates USING btree (role_name, resource, action, scope);

CREATE UNIQUE INDEX session_limits_organization_id_client_type_key ON officeauto.session_limits USING btree (organization_id, client_type);

CREATE UNIQUE INDEX session_limits_pkey ON officeauto.session_limits USING btree (id);

CREATE UNIQUE INDEX signup_reservations_pkey ON officeauto.signup_reservations USING btree (id);

CREATE UNIQUE INDEX signup_reservations_username_key_key ON officeauto.signup_reservations USING btree (username_key);

CREATE UNIQUE INDEX user_sessions_live_slot_key ON officeauto.user_sessions USING btree (user_id, client_type, slot) WHERE (revoked_at IS NULL);

CREATE INDEX user_totp_key_id_idx ON officeauto.user_totp USING btree (key_id);

CREATE INDEX user_totp_organization_id_idx ON officeauto.user_totp USING btree (organization_id);

CREATE INDEX user_totp_organization_id_user_id_idx ON officeauto.user_totp USING btree (organization_id, user_id);

CREATE UNIQUE INDEX user_totp_pkey ON officeauto.user_totp USING btree (id);

CREATE UNIQUE INDEX user_totp_user_id_key ON officeauto.user_totp USING btree (user_id);

CREATE INDEX audit_logs_archive_default_metadata_idx ON officeauto.audit_logs_archive_default USING gin (metadata jsonb_path_ops) WHERE (table_name IS NULL);

CREATE INDEX audit_logs_archive_default_organization_id_created_at_idx ON officeauto.audit_logs_archive_default USING btree (organization_id, created_at);

CREATE INDEX audit_logs_archive_default_record_id_created_at_idx ON officeauto.audit_logs_archive_default USING btree (record_id, created_at) WITH (deduplicate_items=off) WHERE (record_id IS NOT NULL);

CREATE INDEX audit_logs_default_metadata_idx ON officeauto.audit_logs_default USING gin (metadata jsonb_path_ops) WHERE (table_name IS NULL);

CREATE INDEX audit_logs_default_organization_id_created_at_idx ON officeauto.audit_logs_default USING btree (organization_id, created_at);

CREATE INDEX audit_logs_default_record_id_created_at_idx ON officeauto.audit_logs_default USING btree (record_id, created_at) WITH (deduplicate_items=off) WHERE (record_id IS NOT NULL);

CREATE UNIQUE INDEX document_versions_current_key ON officeauto.document_versions USING btree (organization_id, document_id) WHERE is_current;

CREATE UNIQUE INDEX email_verifications_live_key ON officeauto.email_verifications USING btree (organization_id, user_id, purpose) WHERE (consumed_at IS NULL);

select 1; -- CREATE INDEX events_no_double_booking ON officeauto.events USING gist (int8range(organization_id, organization_id, '[]'::text), int8range(resource_id, resource_id, '[]'::text), tstzrange(start_time, end_time)) WHERE ((resource_id IS NOT NULL) AND (deleted_at IS NULL) AND (status <> 'cancelled'::text));

CREATE UNIQUE INDEX file_versions_current_key ON officeauto.file_versions USING btree (organization_id, file_id) WHERE is_current;

CREATE UNIQUE INDEX test_case_relations_key ON officeauto.test_case_relations USING btree (organization_id, test_case_id, relation_type, related_test_case_id, document_id, task_id, change_request_id) NULLS NOT DISTINCT;

CREATE UNIQUE INDEX user_roles_key ON officeauto.user_roles USING btree (organization_id, user_id, role_id, project_id) NULLS NOT DISTINCT;

alter table officeauto."invitations" add constraint "invitations_pkey" PRIMARY KEY using index "invitations_pkey";

alter table officeauto."login_throttle" add constraint "login_throttle_pkey" PRIMARY KEY using index "login_throttle_pkey";

alter table officeauto."mfa_challenges" add constraint "mfa_challenges_pkey" PRIMARY KEY using index "mfa_challenges_pkey";

alter table officeauto."mfa_recovery_codes" add constraint "mfa_recovery_codes_pkey" PRIMARY KEY using index "mfa_recovery_codes_pkey";

alter table officeauto."password_reset_requests" add constraint "password_reset_requests_pkey" PRIMARY KEY using index "password_reset_requests_pkey";

alter table officeauto."reporting_access" add constraint "reporting_access_pkey" PRIMARY KEY using index "reporting_access_pkey";

alter table officeauto."role_templates" add constraint "role_templates_pkey" PRIMARY KEY using index "role_templates_pkey";

alter table officeauto."session_limits" add constraint "session_limits_pkey" PRIMARY KEY using index "session_limits_pkey";

alter table officeauto."signup_reservations" add constraint "signup_reservations_pkey" PRIMARY KEY using index "signup_reservations_pkey";

alter table officeauto."user_totp" add constraint "user_totp_pkey" PRIMARY KEY using index "user_totp_pkey";

alter table officeauto."change_request_approvals" add constraint "change_request_approvals_organization_id_change_request_id__key" UNIQUE using index "change_request_approvals_organization_id_change_request_id__key";

alter table officeauto."document_relations" add constraint "document_relations_organization_id_source_document_id_targe_key" UNIQUE using index "document_relations_organization_id_source_document_id_targe_key";

alter table officeauto."document_versions" add constraint "document_versions_organization_id_document_id_version_numbe_key" UNIQUE using index "document_versions_organization_id_document_id_version_numbe_key";

alter table officeauto."file_versions" add constraint "file_versions_organization_id_file_id_version_number_key" UNIQUE using index "file_versions_organization_id_file_id_version_number_key";

alter table officeauto."invitations" add constraint "invitations_check" CHECK ((expires_at > created_at)) not valid;

alter table officeauto."invitations" validate constraint "invitations_check";

alter table officeauto."invitations" add constraint "invitations_check1" CHECK (((accepted_at IS NULL) OR (revoked_at IS NULL))) not valid;

alter table officeauto."invitations" validate constraint "invitations_check1";

alter table officeauto."invitations" add constraint "invitations_check2" CHECK (((accepted_at IS NULL) = (accepted_user_id IS NULL))) not valid;

alter table officeauto."invitations" validate constraint "invitations_check2";

alter table officeauto."invitations" add constraint "invitations_email_check" CHECK (officeauto.is_valid_email(email)) not valid;

alter table officeauto."invitations" validate constraint "invitations_email_check";

alter table officeauto."invitations" add constraint "invitations_organization_id_accepted_user_id_fkey" FOREIGN KEY (organization_id, accepted_user_id) REFERENCES officeauto.users(organization_id, id) ON DELETE CASCADE not valid;

alter table officeauto."invitations" validate constraint "invitations_organization_id_accepted_user_id_fkey";

alter table officeauto."invitations" add constraint "invitations_organization_id_fkey" FOREIGN KEY (organization_id) REFERENCES officeauto.organizations(id) ON DELETE CASCADE not valid;

alter table officeauto."invitations" validate constraint "invitations_organization_id_fkey";

alter table officeauto."invitations" add constraint "invitations_organization_id_id_key" UNIQUE using index "invitations_organization_id_id_key";

alter table officeauto."invitations" add constraint "invitations_organization_id_invited_by_fkey" FOREIGN KEY (organization_id, invited_by) REFERENCES officeauto.users(organization_id, id) ON DELETE SET NULL (invited_by) not valid;

alter table officeauto."invitations" validate constraint "invitations_organization_id_invited_by_fkey";

alter table officeauto."invitations" add constraint "invitations_organization_id_revoked_by_fkey" FOREIGN KEY (organization_id, revoked_by) REFERENCES officeauto.users(organization_id, id) ON DELETE SET NULL (revoked_by) not valid;

alter table officeauto."invitations" validate constraint "invitations_organization_id_revoked_by_fkey";

alter table officeauto."invitations" add constraint "invitations_organization_id_role_id_fkey" FOREIGN KEY (organization_id, role_id) REFERENCES officeauto.roles(organization_id, id) ON DELETE CASCADE not valid;

alter table officeauto."invitations" validate constraint "invitations_organization_id_role_id_fkey";

alter table officeauto."invitations" add constraint "invitations_public_id_key" UNIQUE using index "invitations_public_id_key";

alter table officeauto."invitations" add constraint "invitations_token_digest_check" CHECK ((octet_length(token_digest) = 32)) not valid;

alter table officeauto."invitations" validate constraint "invitations_token_digest_check";

alter table officeauto."invitations" add constraint "invitations_token_digest_key" UNIQUE using index "invitations_token_digest_key";

alter table officeauto."login_throttle" add constraint "login_throttle_identifier_key_check" CHECK ((length(identifier_key) <= 320)) not valid;

alter table officeauto."login_throttle" validate constraint "login_throttle_identifier_key_check";

alter table officeauto."login_throttle" add constraint "login_throttle_identifier_key_key" UNIQUE using index "login_throttle_identifier_key_key";

alter table officeauto."login_throttle" add constraint "login_throttle_lock_count_check" CHECK ((lock_count >= 0)) not valid;

alter table officeauto."login_throttle" validate constraint "login_throttle_lock_count_check";

alter table officeauto."mfa_challenges" add constraint "mfa_challenges_client_type_check" CHECK ((client_type = ANY (ARRAY['web'::text, 'mobile'::text, 'desktop'::text, 'api'::text]))) not valid;

alter table officeauto."mfa_challenges" validate constraint "mfa_challenges_client_type_check";

alter table officeauto."mfa_challenges" add constraint "mfa_challenges_organization_id_fkey" FOREIGN KEY (organization_id) REFERENCES officeauto.organizations(id) ON DELETE CASCADE not valid;

alter table officeauto."mfa_challenges" validate constraint "mfa_challenges_organization_id_fkey";

alter table officeauto."mfa_challenges" add constraint "mfa_challenges_organization_id_user_id_fkey" FOREIGN KEY (organization_id, user_id) REFERENCES officeauto.users(organization_id, id) ON DELETE CASCADE not valid;

alter table officeauto."mfa_challenges" validate constraint "mfa_challenges_organization_id_user_id_fkey";

alter table officeauto."mfa_challenges" add constraint "mfa_challenges_token_digest_check" CHECK ((octet_length(token_digest) = 32)) not valid;

alter table officeauto."mfa_challenges" validate constraint "mfa_challenges_token_digest_check";

alter table officeauto."mfa_challenges" add constraint "mfa_challenges_token_digest_key" UNIQUE using index "mfa_challenges_token_digest_key";

alter table officeauto."mfa_challenges" add constraint "mfa_challenges_user_agent_check" CHECK ((length(user_agent) <= 1024)) not valid;

alter table officeauto."mfa_challenges" validate constraint "mfa_challenges_user_agent_check";

alter table officeauto."mfa_recovery_codes" add constraint "mfa_recovery_codes_code_digest_check" CHECK ((octet_length(code_digest) = 32)) not valid;

alter table officeauto."mfa_recovery_codes" validate constraint "mfa_recovery_codes_code_digest_check";

alter table officeauto."mfa_recovery_codes" add constraint "mfa_recovery_codes_code_digest_key" UNIQUE using index "mfa_recovery_codes_code_digest_key";

alter table officeauto."mfa_recovery_codes" add constraint "mfa_recovery_codes_organization_id_fkey" FOREIGN KEY (organization_id) REFERENCES officeauto.organizations(id) ON DELETE CASCADE not valid;

alter table officeauto."mfa_recovery_codes" validate constraint "mfa_recovery_codes_organization_id_fkey";

alter table officeauto."mfa_recovery_codes" add constraint "mfa_recovery_codes_organization_id_user_id_fkey" FOREIGN KEY (organization_id, user_id) REFERENCES officeauto.users(organization_id, id) ON DELETE CASCADE not valid;

alter table officeauto."mfa_recovery_codes" validate constraint "mfa_recovery_codes_organization_id_user_id_fkey";

alter table officeauto."organizations" add constraint "organizations_seat_limit_check" CHECK ((seat_limit > 0)) not valid;

alter table officeauto."organizations" validate constraint "organizations_seat_limit_check";

alter table officeauto."organizations" add constraint "organizations_signup_domains_check" CHECK (officeauto._valid_signup_domains(signup_domains)) not valid;

alter table officeauto."organizations" validate constraint "organizations_signup_domains_check";

alter table officeauto."organizations" add constraint "organizations_signup_policy_check" CHECK ((signup_policy = ANY (ARRAY['closed'::text, 'invite_only'::text, 'domains'::text]))) not valid;

alter table officeauto."organizations" validate constraint "organizations_signup_policy_check";

alter table officeauto."organizations" add constraint "organizations_status_check" CHECK ((status = ANY (ARRAY['active'::text, 'suspended'::text]))) not valid;

alter table officeauto."organizations" validate constraint "organizations_status_check";

alter table officeauto."organizations" add constraint "organizations_subscription_status_check" CHECK ((subscription_status = ANY (ARRAY['trialing'::text, 'active'::text, 'past_due'::text, 'canceled'::text]))) not valid;

alter table officeauto."organizations" validate constraint "organizations_subscription_status_check";

alter table officeauto."organizations" add constraint "organizations_suspension_check" CHECK (
CASE
    WHEN (status = 'suspended'::text) THEN ((suspended_at IS NOT NULL) AND (suspension_reason IS NOT NULL))
    ELSE ((suspended_at IS NULL) AND (suspension_reason IS NULL))
END) not valid;

alter table officeauto."organizations" validate constraint "organizations_suspension_check";

alter table officeauto."organizations" add constraint "organizations_suspension_reason_check" CHECK (((length(btrim(suspension_reason)) >= 1) AND (length(btrim(suspension_reason)) <= 1000))) not valid;

alter table officeauto."organizations" validate constraint "organizations_suspension_reason_check";

alter table officeauto."password_reset_requests" add constraint "password_reset_requests_identifier_key_check" CHECK ((length(identifier_key) <= 320)) not valid;

alter table officeauto."password_reset_requests" validate constraint "password_reset_requests_identifier_key_check";

alter table officeauto."project_members" add constraint "project_members_organization_id_project_id_user_id_key" UNIQUE using index "project_members_organization_id_project_id_user_id_key";

alter table officeauto."project_tags" add constraint "project_tags_organization_id_project_id_tag_id_key" UNIQUE using index "project_tags_organization_id_project_id_tag_id_key";

alter table officeauto."refresh_tokens" add constraint "refresh_tokens_check2" CHECK ((expires_at <= family_expires_at)) not valid;

alter table officeauto."refresh_tokens" validate constraint "refresh_tokens_check2";

alter table officeauto."reporting_access" add constraint "reporting_access_organization_id_fkey" FOREIGN KEY (organization_id) REFERENCES officeauto.organizations(id) ON DELETE CASCADE not valid;

alter table officeauto."reporting_access" validate constraint "reporting_access_organization_id_fkey";

alter table officeauto."reporting_access" add constraint "reporting_access_role_name_organization_id_key" UNIQUE using index "reporting_access_role_name_organization_id_key";

alter table officeauto."role_permissions" add constraint "role_permissions_organization_id_role_id_permission_id_key" UNIQUE using index "role_permissions_organization_id_role_id_permission_id_key";

alter table officeauto."role_templates" add constraint "role_templates_resource_action_scope_fkey" FOREIGN KEY (resource, action, scope) REFERENCES officeauto.permissions(resource, action, scope) not valid;

alter table officeauto."role_templates" validate constraint "role_templates_resource_action_scope_fkey";

alter table officeauto."role_templates" add constraint "role_templates_role_name_check" CHECK ((role_name = ANY (ARRAY['owner'::text, 'admin'::text, 'manager'::text, 'member'::text, 'viewer'::text]))) not valid;

alter table officeauto."role_templates" validate constraint "role_templates_role_name_check";

alter table officeauto."role_templates" add constraint "role_templates_role_name_resource_action_scope_key" UNIQUE using index "role_templates_role_name_resource_action_scope_key";

alter table officeauto."session_limits" add constraint "session_limits_client_type_check" CHECK ((client_type = ANY (ARRAY['web'::text, 'mobile'::text, 'desktop'::text, 'api'::text]))) not valid;

alter table officeauto."session_limits" validate constraint "session_limits_client_type_check";

alter table officeauto."session_limits" add constraint "session_limits_max_sessions_check" CHECK (((max_sessions >= 1) AND (max_sessions <= 20))) not valid;

alter table officeauto."session_limits" validate constraint "session_limits_max_sessions_check";

alter table officeauto."session_limits" add constraint "session_limits_organization_id_client_type_key" UNIQUE using index "session_limits_organization_id_client_type_key";

alter table officeauto."session_limits" add constraint "session_limits_organization_id_fkey" FOREIGN KEY (organization_id) REFERENCES officeauto.organizations(id) ON DELETE CASCADE not valid;

alter table officeauto."session_limits" validate constraint "session_limits_organization_id_fkey";

alter table officeauto."signup_reservations" add constraint "signup_reservations_username_key_check" CHECK ((length(username_key) <= 64)) not valid;

alter table officeauto."signup_reservations" validate constraint "signup_reservations_username_key_check";

alter table officeauto."signup_reservations" add constraint "signup_reservations_username_key_key" UNIQUE using index "signup_reservations_username_key_key";

alter table officeauto."user_sessions" add constraint "user_sessions_slot_check" CHECK (((slot >= 1) AND (slot <= 20))) not valid;

alter table officeauto."user_sessions" validate constraint "user_sessions_slot_check";

alter table officeauto."user_totp" add constraint "user_totp_encrypted_secret_check" CHECK ((octet_length(encrypted_secret) <= 1024)) not valid;

alter table officeauto."user_totp" validate constraint "user_totp_encrypted_secret_check";

alter table officeauto."user_totp" add constraint "user_totp_key_id_fkey" FOREIGN KEY (key_id) REFERENCES officeauto.credential_keys(key_id) not valid;

alter table officeauto."user_totp" validate constraint "user_totp_key_id_fkey";

alter table officeauto."user_totp" add constraint "user_totp_organization_id_fkey" FOREIGN KEY (organization_id) REFERENCES officeauto.organizations(id) ON DELETE CASCADE not valid;

alter table officeauto."user_totp" validate constraint "user_totp_organization_id_fkey";

alter table officeauto."user_totp" add constraint "user_totp_organization_id_user_id_fkey" FOREIGN KEY (organization_id, user_id) REFERENCES officeauto.users(organization_id, id) ON DELETE CASCADE not valid;

alter table officeauto."user_totp" validate constraint "user_totp_organization_id_user_id_fkey";

alter table officeauto."user_totp" add constraint "user_totp_user_id_key" UNIQUE using index "user_totp_user_id_key";

alter table officeauto."users" add constraint "users_signup_method_check" CHECK ((signup_method = ANY (ARRAY['admin'::text, 'sign_up'::text, 'invitation'::text]))) not valid;

alter table officeauto."users" validate constraint "users_signup_method_check";

alter table officeauto."events" add constraint "events_no_double_booking" EXCLUDE USING gist (int8range(organization_id, organization_id, '[]'::text) WITH &&, int8range(resource_id, resource_id, '[]'::text) WITH &&, tstzrange(start_time, end_time) WITH &&) WHERE (((resource_id IS NOT NULL) AND (deleted_at IS NULL) AND (status <> 'cancelled'::text)));

alter table officeauto."users" add constraint "users_status_check" CHECK ((status = ANY (ARRAY['active'::text, 'inactive'::text, 'suspended'::text, 'pending'::text]))) not valid;

alter table officeauto."users" validate constraint "users_status_check";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION officeauto._admin_target(p_user uuid, p_action text, p_fn text, p_deleted boolean DEFAULT false)
 RETURNS officeauto.users
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    u officeauto.users;
BEGIN
    PERFORM officeauto._require_permission('USER', p_action, NULL, false, p_fn);
    IF p_user IS NULL THEN
        RAISE EXCEPTION 'user must be given (its public id)' USING ERRCODE = '22023';
    END IF;
    -- The account's login lock before its row lock, in the order login() takes them, so an
    -- administrator and a login of the same account never deadlock.
    SELECT * INTO u FROM officeauto.users WHERE public_id = p_user AND organization_id = officeauto._tenant();
    IF FOUND THEN
        PERFORM pg_advisory_xact_lock(hashtextextended('officeauto.login:' || u.id::text, 0));
        SELECT * INTO u FROM officeauto.users WHERE id = u.id AND (deleted_at IS NULL) <> p_deleted FOR UPDATE;
    END IF;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no % user % in the current organization', CASE WHEN p_deleted THEN 'deleted' ELSE 'live' END, p_user
            USING ERRCODE = 'P0002';
    END IF;
    -- These functions run with the owner's rights, past the users guard: its owner rule here.
    PERFORM officeauto._check_owner_target(u.id, officeauto.current_user_id());
    RETURN u;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._apply_login_amendment(p_failure bigint, p_reason text)
 RETURNS bigint
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    UPDATE officeauto.failed_login_attempts SET reason = p_reason WHERE id = p_failure;
    SELECT p_failure;
$function$
;

CREATE OR REPLACE FUNCTION officeauto._authorize_table(tbl regclass, resource text, project text, own text, parent regclass DEFAULT NULL::regclass, fk text DEFAULT NULL::text, own_delete text DEFAULT NULL::text, owners text[] DEFAULT '{}'::text[])
 RETURNS void
 LANGUAGE plpgsql
AS $function$
DECLARE
    fn text := format('officeauto.%I', 'tg_authorize_' || (SELECT relname FROM pg_class WHERE oid = tbl));
    -- Names written into the generated code are schema-qualified whatever the search_path.
    parent_name text := (SELECT format('%I.%I', n.nspname, c.relname)
                           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = parent);
    what text := (SELECT relname FROM pg_class WHERE oid = tbl);
    soft boolean := EXISTS (SELECT FROM pg_attribute WHERE attrelid = tbl AND attname = 'deleted_at' AND NOT attisdropped);
    creator boolean := EXISTS (SELECT FROM pg_attribute WHERE attrelid = tbl AND attname = 'created_by' AND NOT attisdropped);
    body text;
    check_row text;
    owner_check text := '';
BEGIN
    IF own_delete IS NOT NULL THEN
        own := format('CASE WHEN act = ''DELETE'' THEN %s ELSE %s END', own_delete, own);
    END IF;
    IF cardinality(owners) > 0 THEN
        owner_check := format($c$
    IF TG_OP = 'UPDATE' AND (%1$s) IS DISTINCT FROM (%2$s) AND officeauto._acting_user() IS NOT NULL
       AND NOT officeauto._may_all(%3$L, 'UPDATE') THEN
        RAISE EXCEPTION 'permission denied: changing %4$s of officeauto.%5$s needs the %3$s UPDATE permission at GLOBAL scope'
            USING ERRCODE = '42501';
    END IF;$c$,
            (SELECT string_agg('NEW.' || quote_ident(o), ', ') FROM unnest(owners) o),
            (SELECT string_agg('OLD.' || quote_ident(o), ', ') FROM unnest(owners) o),
            resource, array_to_string(owners, ' or '), what);
    END IF;
    IF parent IS NOT NULL THEN
        -- The parent's project, or -1 when the user cannot see the parent (only a GLOBAL grant
        -- passes then). Changing a part of a row is an UPDATE of that row.
        check_row := format($f$
        SELECT %1$s INTO proj FROM %2$s p WHERE p.id = r.%3$I;
        IF NOT FOUND THEN proj := -1; END IF;
        PERFORM officeauto._authorize(%4$L, 'UPDATE', proj, false, lower(TG_OP) || %5$L);$f$,
            coalesce(replace(project, 'r.', 'p.'), 'NULL::bigint'), parent_name, fk, resource,
            ' of officeauto.' || what);
    ELSE
        check_row := format($f$
        PERFORM officeauto._authorize(%1$L, act, %2$s, coalesce(%3$s, false), lower(TG_OP) || %4$L);$f$,
            resource, coalesce(project, 'NULL::bigint'), coalesce(own, 'false'), ' of officeauto.' || what);
    END IF;
    body := format($f$
CREATE FUNCTION %1$s() RETURNS trigger
LANGUAGE plpgsql AS $body$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE' %2$s THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        %3$s
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        %3$s
    END IF;%6$s%7$s
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$body$;
COMMENT ON FUNCTION %1$s() IS %4$L;
CREATE TRIGGER authorize BEFORE INSERT OR UPDATE OR DELETE ON %5$s
    FOR EACH ROW EXECUTE FUNCTION %1$s();$f$,
        fn,
        CASE WHEN soft THEN 'OR (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL)' ELSE '' END,
        check_row,
        format('Authorization trigger of %s (generated by _authorize_table): the old and the new row each need the %s permission of the action.', tbl, resource),
        tbl,
        -- Who created a row is the acting user, not a name the client sends: SELF scope and
        -- the audit trail rely on it.
        CASE WHEN creator THEN $c$
    IF TG_OP = 'INSERT' AND NEW.created_by IS DISTINCT FROM me AND officeauto._acting_user() IS NOT NULL THEN
        RAISE EXCEPTION 'permission denied: created_by must be the acting user (leave it to its default)'
            USING ERRCODE = '42501';
    END IF;$c$ ELSE '' END,
        owner_check);
    EXECUTE body;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._bookkeeping_apply(op text, a1 text, a2 text, a3 text, a4 text)
 RETURNS bigint
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    CASE op
        WHEN 'F' THEN RETURN officeauto._apply_login_failure(a1::bigint, a2, a3::inet, a4);
        WHEN 'A' THEN RETURN officeauto._apply_login_amendment(a1::bigint, a2);
        WHEN 'R' THEN RETURN officeauto._apply_family_revocation(a1::uuid);
        ELSE RAISE EXCEPTION 'unknown bookkeeping operation %', op USING ERRCODE = '22023';
    END CASE;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._check_new_account(p_username text, p_full_name text)
 RETURNS void
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF length(p_username) > 64 OR p_username !~ '^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$' THEN
        RAISE EXCEPTION 'username must be 3 to 64 letters, digits, dots, hyphens or underscores, starting with a letter or digit'
            USING ERRCODE = '22023';
    END IF;
    IF NOT officeauto._valid_display_name(p_full_name) THEN
        RAISE EXCEPTION 'full name must be 1 to 200 characters without control characters' USING ERRCODE = '22023';
    END IF;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._check_owner_target(p_target bigint, p_me bigint)
 RETURNS void
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    -- An application session asks only about itself acting (or about no one).
    IF p_me IS NOT NULL AND p_me IS DISTINCT FROM officeauto.current_user_id() THEN
        PERFORM officeauto._own_organization_only(NULL);
    END IF;
    IF p_me IS NOT NULL AND p_me IS DISTINCT FROM p_target
       AND officeauto._is_owner(p_target) AND NOT officeauto._is_owner(p_me)
       AND EXISTS (SELECT FROM officeauto.users a JOIN officeauto.users b ON b.organization_id = a.organization_id
                    WHERE a.id = p_target AND b.id = p_me) THEN
        RAISE EXCEPTION 'permission denied: only an owner changes an owner''s account' USING ERRCODE = '42501';
    END IF;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._check_role_change(p_kind text, p_user bigint, p_role bigint, p_project bigint, p_me bigint)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF p_user = p_me THEN
        RAISE EXCEPTION 'permission denied: users cannot change their own roles' USING ERRCODE = '42501';
    END IF;
    PERFORM officeauto._require_permission('ROLE', CASE p_kind WHEN 'grant' THEN 'CREATE' ELSE 'DELETE' END,
                                           p_project, false, p_kind || ' of a role');
    IF EXISTS (SELECT FROM officeauto.role_permissions rp
                 JOIN officeauto.permissions p ON p.id = rp.permission_id
                WHERE rp.role_id = p_role AND NOT officeauto.has_permission(p.resource, p.action, p_project)) THEN
        RAISE EXCEPTION 'permission denied: a role can only be granted or revoked by someone holding all of its permissions'
            USING ERRCODE = '42501';
    END IF;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._end_user_sessions(p_user bigint, p_reason text)
 RETURNS integer
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    n integer;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('officeauto.login:' || p_user::text, 0));
    UPDATE officeauto.user_sessions SET revoked_at = now(), revoke_reason = p_reason
     WHERE user_id = p_user AND revoked_at IS NULL;
    GET DIAGNOSTICS n = ROW_COUNT;
    -- Through the (organization_id, user_id) index: by user_id alone every token is read.
    UPDATE officeauto.refresh_tokens SET revoked_at = now(), revoke_reason = p_reason
     WHERE organization_id = (SELECT organization_id FROM officeauto.users WHERE id = p_user)
       AND user_id = p_user AND revoked_at IS NULL;
    RETURN n;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._entity_visible(p_type text, p_id uuid)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
    -- Runs with the caller's rights: each lookup is filtered by that table's own policy.
    SELECT CASE p_type
        WHEN 'task' THEN EXISTS (SELECT FROM officeauto.tasks p WHERE p.public_id = p_id)
        WHEN 'document' THEN EXISTS (SELECT FROM officeauto.documents p WHERE p.public_id = p_id)
        WHEN 'project' THEN EXISTS (SELECT FROM officeauto.projects p WHERE p.public_id = p_id)
        WHEN 'change_request' THEN EXISTS (SELECT FROM officeauto.change_requests p WHERE p.public_id = p_id)
        WHEN 'test_case' THEN EXISTS (SELECT FROM officeauto.test_cases p WHERE p.public_id = p_id)
        WHEN 'client' THEN EXISTS (SELECT FROM officeauto.clients p WHERE p.public_id = p_id)
        WHEN 'event' THEN EXISTS (SELECT FROM officeauto.events p WHERE p.public_id = p_id)
        WHEN 'file' THEN EXISTS (SELECT FROM officeauto.files p WHERE p.public_id = p_id)
        ELSE false END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._invitation_by_token(p_token text, p_lock boolean)
 RETURNS officeauto.invitations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    i officeauto.invitations%ROWTYPE;
BEGIN
    IF p_lock THEN
        SELECT * INTO i FROM officeauto.invitations WHERE token_digest = officeauto.token_digest(p_token) FOR UPDATE;
    ELSE
        SELECT * INTO i FROM officeauto.invitations WHERE token_digest = officeauto.token_digest(p_token);
    END IF;
    -- Unknown, used, revoked and expired are one answer: the token no longer opens anything.
    IF i.id IS NULL OR officeauto._invitation_status(i) <> 'pending' THEN
        RAISE EXCEPTION 'invitation is invalid, expired, revoked or already used' USING ERRCODE = 'OA074',
            HINT = 'Ask the organization for a new invitation.';
    END IF;
    RETURN i;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._invitation_status(i officeauto.invitations)
 RETURNS text
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
RETURN CASE WHEN ((i).accepted_at IS NOT NULL) THEN 'accepted'::text WHEN ((i).revoked_at IS NOT NULL) THEN 'revoked'::text WHEN ((i).expires_at <= now()) THEN 'expired'::text ELSE 'pending'::text END
;

CREATE OR REPLACE FUNCTION officeauto._is_owner(p_user bigint)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT EXISTS (SELECT FROM officeauto.user_roles ur
                     JOIN officeauto.roles r ON r.id = ur.role_id AND r.name = 'owner' AND r.is_system
                    WHERE ur.user_id = p_user AND ur.project_id IS NULL)
$function$
;

CREATE OR REPLACE FUNCTION officeauto._lock_organization(p_organization bigint)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    -- An application login locks only its own organization's row.
    PERFORM officeauto._own_organization_only(p_organization);
    IF current_setting('transaction_isolation') IN ('read committed', 'read uncommitted') THEN
        PERFORM FROM officeauto.organizations WHERE id = p_organization FOR NO KEY UPDATE;
    ELSE
        UPDATE officeauto.organizations SET seat_limit = seat_limit WHERE id = p_organization;
    END IF;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._lock_token_account(p_digest bytea, p_purpose text)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    uid bigint;
BEGIN
    SELECT user_id INTO uid FROM officeauto.email_verifications WHERE token_digest = p_digest AND purpose = p_purpose;
    IF uid IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock(hashtextextended('officeauto.login:' || uid::text, 0));
    END IF;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._loses_last_owner(p_organization bigint, p_user bigint)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    -- The guards call this with the rights of the application, which must not learn anything
    -- of another organization's owners through it.
    PERFORM officeauto._own_organization_only(p_organization);
    RETURN EXISTS (SELECT FROM officeauto.organizations o WHERE o.id = p_organization AND o.deleted_at IS NULL)
       AND EXISTS (SELECT FROM officeauto.user_roles ur
                     JOIN officeauto.roles r ON r.id = ur.role_id AND r.name = 'owner' AND r.is_system
                    WHERE ur.user_id = p_user AND ur.project_id IS NULL)
       AND officeauto._owner_count(p_organization, p_user) = 0;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._mfa_challenge(p_user bigint, p_organization bigint, p_client_type text, p_ip inet, p_user_agent text)
 RETURNS TABLE(challenge text, expires_at timestamp with time zone)
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    t text := officeauto._new_token();
    exp timestamptz := now() + current_setting('officeauto.mfa_challenge_ttl')::interval;
BEGIN
    DELETE FROM officeauto.mfa_challenges c
     WHERE c.user_id = p_user AND (c.consumed_at IS NOT NULL OR c.expires_at <= now());
    INSERT INTO officeauto.mfa_challenges (organization_id, user_id, token_digest, client_type, ip_address,
                                           user_agent, expires_at)
    VALUES (p_organization, p_user, officeauto.token_digest(t), p_client_type, p_ip, left(p_user_agent, 1024), exp);
    PERFORM officeauto._log_account_event(p_organization, p_user, 'mfa.challenged',
                                          jsonb_build_object('client_type', p_client_type));
    RETURN QUERY SELECT t, exp;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._mfa_check_code(u officeauto.users, p_code text, p_ip inet, p_allow_recovery boolean)
 RETURNS text
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    t officeauto.user_totp%ROWTYPE;
    code text := regexp_replace(p_code, '[[:space:]]', '', 'g');
    attempt bigint;
    suspended_now boolean := false;
    step bigint;
    digest bytea;
    used_id bigint;
    method text;
    replay boolean := false;
BEGIN
    IF u.locked_until > now() THEN
        PERFORM officeauto._record_login_failure_or_refuse(u.id, 'mfa:' || u.username, host(p_ip), 'locked');
        RAISE EXCEPTION 'account is temporarily locked after repeated failed logins'
            USING ERRCODE = 'OA002', DETAIL = format('Locked until %s.', to_char(u.locked_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
    END IF;
    -- 'mfa:' tells a second-factor failure from a password failure in the record (and in the
    -- trigger that audits it); the account's count does not care.
    attempt := officeauto._record_login_failure_or_refuse(u.id, 'mfa:' || u.username, host(p_ip), 'invalid_credentials');
    IF attempt < 0 THEN
        suspended_now := true;
        attempt := -attempt;
    END IF;

    SELECT * INTO t FROM officeauto.user_totp WHERE user_id = u.id AND confirmed_at IS NOT NULL;
    IF code ~ '^[0-9]{6}$' THEN
        IF t.id IS NOT NULL THEN
            step := officeauto._totp_match(t.encrypted_secret, u.organization_id, u.public_id, code,
                                           floor(extract(epoch FROM clock_timestamp()))::bigint);
        END IF;
        IF step IS NOT NULL THEN
            UPDATE officeauto.user_totp SET last_used_step = step
             WHERE id = t.id AND (last_used_step IS NULL OR last_used_step < step);
            IF FOUND THEN
                method := 'totp';
            ELSE
                replay := true;
            END IF;
        END IF;
    ELSIF p_allow_recovery THEN
        digest := officeauto._recovery_code_digest(u.public_id, code);
        IF digest IS NOT NULL THEN
            UPDATE officeauto.mfa_recovery_codes SET used_at = now()
             WHERE user_id = u.id AND code_digest = digest AND used_at IS NULL
            RETURNING id INTO used_id;
            IF used_id IS NOT NULL THEN
                method := 'recovery_code';
            END IF;
        END IF;
    END IF;
    IF method IS NULL THEN
        -- The error below rolls back everything this transaction wrote, so the audit event of
        -- the failure is written where the failure record is: in the bookkeeping worker's
        -- committed transaction, by the trigger this (otherwise no-op) amendment fires. Best
        -- effort: the failure itself is already durable and counted.
        BEGIN
            PERFORM officeauto._amend_login_failure(attempt, 'invalid_credentials');
        EXCEPTION WHEN insufficient_resources THEN
            NULL;
        END;
        IF replay THEN
            RAISE EXCEPTION 'invalid code: this code has already been used' USING ERRCODE = 'OA014',
                HINT = 'A code is accepted once; wait for the authenticator''s next code.';
        END IF;
        RAISE EXCEPTION 'invalid code' USING ERRCODE = 'OA014';
    END IF;

    DELETE FROM officeauto.failed_login_attempts WHERE id = attempt;
    IF suspended_now THEN
        -- The attempt that suspended the account carried a right code: never earned.
        UPDATE officeauto.users SET status = 'active' WHERE id = u.id;
    END IF;
    IF method = 'recovery_code' THEN
        PERFORM officeauto._log_account_event(u.organization_id, u.id, 'mfa.recovery_code_used',
            jsonb_build_object('remaining', (SELECT count(*) FROM officeauto.mfa_recovery_codes
                                              WHERE user_id = u.id AND used_at IS NULL)));
    END IF;
    RETURN method;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._mfa_issue_recovery_codes(u officeauto.users)
 RETURNS TABLE(recovery_code text)
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    DELETE FROM officeauto.mfa_recovery_codes WHERE user_id = u.id;
    RETURN QUERY
    WITH c AS (SELECT * FROM officeauto._new_recovery_codes(u.public_id, 10)),
         ins AS (INSERT INTO officeauto.mfa_recovery_codes (organization_id, user_id, code_digest)
                 SELECT u.organization_id, u.id, c.code_digest FROM c)
    SELECT c.code FROM c;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._mfa_login_lock(p_user bigint)
 RETURNS void
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT pg_advisory_xact_lock(hashtextextended('officeauto.login:' || p_user::text, 0));
$function$
;

CREATE OR REPLACE FUNCTION officeauto._mfa_me()
 RETURNS officeauto.users
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    org bigint := officeauto._tenant();
    u officeauto.users%ROWTYPE;
BEGIN
    SELECT * INTO u FROM officeauto.users
     WHERE id = officeauto.current_user_id() AND organization_id = org AND deleted_at IS NULL;
    IF u.id IS NULL THEN
        RAISE EXCEPTION 'no authenticated user in this transaction' USING ERRCODE = '28000',
            HINT = 'Call officeauto.authenticate(session_token) first.';
    END IF;
    RETURN u;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._mfa_prove_self(p_code text, p_what text, p_allow_recovery boolean, OUT account officeauto.users, OUT method text)
 RETURNS record
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    me officeauto.users%ROWTYPE := officeauto._mfa_me();
BEGIN
    PERFORM officeauto._require_permission('USER', 'UPDATE', NULL, true, p_what);
    PERFORM officeauto._mfa_require_code(p_code);
    PERFORM officeauto._mfa_login_lock(me.id);
    SELECT * INTO account FROM officeauto.users WHERE id = me.id;
    IF NOT account.two_factor_enabled THEN
        RAISE EXCEPTION 'two-factor authentication is not on' USING ERRCODE = 'OA016';
    END IF;
    method := officeauto._mfa_check_code(account, p_code, officeauto.current_client_ip(), p_allow_recovery);
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._mfa_require_code(p_code text)
 RETURNS void
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF p_code IS NULL OR length(btrim(p_code)) = 0 OR length(p_code) > 64 THEN
        RAISE EXCEPTION 'code must be a 6-digit TOTP code or a recovery code (1 to 64 characters)'
            USING ERRCODE = '22023';
    END IF;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._mfa_turn_off(u officeauto.users, p_how jsonb)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    DELETE FROM officeauto.user_totp WHERE user_id = u.id;
    DELETE FROM officeauto.mfa_recovery_codes WHERE user_id = u.id;
    DELETE FROM officeauto.mfa_challenges WHERE user_id = u.id;
    UPDATE officeauto.users SET two_factor_enabled = false WHERE id = u.id AND two_factor_enabled;
    PERFORM officeauto._log_account_event(u.organization_id, u.id, 'mfa.disabled', p_how);
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._open_session(p_user bigint, p_organization bigint, p_client_type text, p_ip inet, p_user_agent text)
 RETURNS TABLE(session_token text, refresh_token text, expires_at timestamp with time zone, refresh_expires_at timestamp with time zone)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    sid bigint;
    st text := officeauto._new_token();
    rt text := officeauto._new_token();
    s_exp timestamptz := now() + current_setting('officeauto.session_ttl')::interval;
    r_exp timestamptz := now() + current_setting('officeauto.refresh_ttl')::interval;
    lim integer;
    free_slot integer;
BEGIN
    -- The same lock login() takes for the account (re-entrant there): sessions of one user are
    -- opened one at a time whoever calls, so counting and replacing cannot interleave. The
    -- unique slot index still stops a caller that skipped the lock (23505, never a session
    -- over the limit).
    PERFORM pg_advisory_xact_lock(hashtextextended('officeauto.login:' || p_user::text, 0));
    lim := officeauto._session_limit(p_organization, p_client_type);
    -- Sessions past their absolute or idle expiry take no place. Refresh tokens are found by
    -- (organization_id, session_id), their index: by session_id alone each login read them all.
    WITH dead AS (
        UPDATE officeauto.user_sessions s SET revoked_at = now(), revoke_reason = 'expired'
         WHERE s.user_id = p_user AND s.client_type = p_client_type AND s.revoked_at IS NULL
           AND (s.expires_at <= now()
                OR s.last_activity_at < now() - current_setting('officeauto.session_idle_timeout')::interval)
        RETURNING s.id)
    UPDATE officeauto.refresh_tokens r SET revoked_at = now(), revoke_reason = 'expired'
      FROM dead WHERE r.organization_id = p_organization AND r.session_id = dead.id AND r.revoked_at IS NULL;
    -- Keep the lim - 1 most recently active, replace the others (more than one when the limit
    -- was lowered since they opened).
    WITH old AS (
        UPDATE officeauto.user_sessions s SET revoked_at = now(), revoke_reason = 'replaced'
          FROM (SELECT l.id, row_number() OVER (ORDER BY l.last_activity_at DESC, l.id DESC) AS rank
                  FROM officeauto.user_sessions l
                 WHERE l.user_id = p_user AND l.client_type = p_client_type AND l.revoked_at IS NULL) k
         WHERE s.id = k.id AND k.rank >= lim
        RETURNING s.id)
    UPDATE officeauto.refresh_tokens r SET revoked_at = now(), revoke_reason = 'logout'
      FROM old WHERE r.organization_id = p_organization AND r.session_id = old.id AND r.revoked_at IS NULL;
    -- A loop of one cached probe rather than generate_series(1, lim): with the limit as a
    -- parameter that query was planned anew on every login.
    FOR g IN 1..lim LOOP
        IF NOT EXISTS (SELECT FROM officeauto.user_sessions l
                        WHERE l.user_id = p_user AND l.client_type = p_client_type AND l.revoked_at IS NULL
                          AND l.slot = g) THEN
            free_slot := g;
            EXIT;
        END IF;
    END LOOP;
    INSERT INTO officeauto.user_sessions (organization_id, user_id, client_type, slot, token_digest, ip_address,
                                          user_agent, expires_at)
    VALUES (p_organization, p_user, p_client_type, free_slot, officeauto.token_digest(st), p_ip,
            left(p_user_agent, 1024), s_exp)
    RETURNING id INTO sid;
    INSERT INTO officeauto.refresh_tokens (organization_id, user_id, session_id, family_id, token_digest, expires_at, family_expires_at)
    VALUES (p_organization, p_user, sid, officeauto.uuid_generate_v7(), officeauto.token_digest(rt), r_exp, r_exp);
    RETURN QUERY SELECT st, rt, s_exp, r_exp;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._organization_for_update(p_organization uuid)
 RETURNS officeauto.organizations
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    o officeauto.organizations;
BEGIN
    IF p_organization IS NULL THEN
        RAISE EXCEPTION 'organization must be given (its public id)' USING ERRCODE = '22023';
    END IF;
    SELECT * INTO o FROM officeauto.organizations WHERE public_id = p_organization FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no organization with public id %', p_organization USING ERRCODE = 'P0002';
    END IF;
    RETURN o;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._overwrite_keys(p_doc jsonb, p_values jsonb)
 RETURNS jsonb
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT CASE WHEN jsonb_typeof(p_doc) = 'object'
                THEN p_doc || coalesce((SELECT jsonb_object_agg(k, v) FROM jsonb_each(p_values) AS e(k, v)
                                         WHERE p_doc ? k), '{}')
                ELSE p_doc END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._own_organization_only(p_organization bigint)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF p_organization IS DISTINCT FROM officeauto.current_organization_id()
       AND NOT coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user), false)
       AND NOT pg_has_role(session_user, 'officeauto_admin', 'USAGE') THEN
        RAISE EXCEPTION 'permission denied: not the current organization' USING ERRCODE = '42501';
    END IF;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._owner_count(p_organization bigint, p_except_user bigint)
 RETURNS bigint
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT count(DISTINCT ur.user_id)
      FROM officeauto.user_roles ur
      JOIN officeauto.roles r ON r.id = ur.role_id AND r.name = 'owner' AND r.is_system AND r.deleted_at IS NULL
      JOIN officeauto.users u ON u.id = ur.user_id AND u.status = 'active' AND u.deleted_at IS NULL
     WHERE ur.organization_id = p_organization AND ur.project_id IS NULL
       AND ur.user_id IS DISTINCT FROM p_except_user
$function$
;

CREATE OR REPLACE FUNCTION officeauto._password_acting_user(p_function text)
 RETURNS officeauto.users
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    u officeauto.users%ROWTYPE;
BEGIN
    SELECT * INTO u FROM officeauto.users
     WHERE id = officeauto.current_user_id() AND organization_id = officeauto._tenant() AND deleted_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION '%: no authenticated user in this transaction', p_function USING ERRCODE = '28000',
            HINT = 'Call officeauto.authenticate(session_token) in the same transaction first.';
    END IF;
    RETURN u;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._record_login_failure_or_refuse(p_user bigint, p_identifier text, p_ip text, p_reason text)
 RETURNS bigint
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    RETURN officeauto._record_login_failure(p_user, p_identifier, p_ip, p_reason);
EXCEPTION WHEN insufficient_resources THEN
    RAISE EXCEPTION 'login refused: the attempt could not be recorded' USING ERRCODE = 'OA002',
        DETAIL = 'Security bookkeeping is unavailable; try again shortly.';
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._refuse_self(p_user bigint, p_what text)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF p_user = officeauto.current_user_id() THEN
        RAISE EXCEPTION 'administrators cannot % their own account', p_what USING ERRCODE = 'OA090',
            HINT = 'Ask another administrator of the organization.';
    END IF;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._release_pending_signups(p_username text, p_email text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    UPDATE officeauto.users
       SET deleted_at = now()
     WHERE deleted_at IS NULL AND status = 'pending'
       AND (lower(email) = lower(p_email)
            OR (lower(username) = lower(p_username)
                AND created_at < now() - current_setting('officeauto.email_token_ttl')::interval));
    DELETE FROM officeauto.signup_reservations WHERE expires_at <= now();
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._require_live_organization(p_organization bigint)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    o record;
BEGIN
    SELECT is_active, deleted_at INTO o FROM officeauto.organizations WHERE id = p_organization;
    IF FOUND AND NOT o.is_active THEN
        RAISE EXCEPTION '%', CASE WHEN o.deleted_at IS NOT NULL THEN 'organization deleted' ELSE 'organization suspended' END
            USING ERRCODE = 'OA006';
    END IF;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._require_primary(what text)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF pg_is_in_recovery() THEN
        RAISE EXCEPTION '% cannot run on a read-only hot standby: send it to the primary', what
            USING ERRCODE = '25006',
                  HINT = 'Session validation, authenticate(), reads and searches work on a standby; logins, refreshes, logouts and writes go to the primary.';
    END IF;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._require_table_owner(tbl regclass, what text)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF NOT coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user), false)
       AND NOT pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = tbl), 'USAGE') THEN
        RAISE EXCEPTION 'must be the owner of table % to % it', tbl, what
            USING ERRCODE = '42501', HINT = 'Ask the table''s owner or a superuser.';
    END IF;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._restrict_visibility(tbl regclass, condition text)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
DECLARE
    tenant text := CASE WHEN tbl = 'officeauto.organizations'::regclass THEN 'id' ELSE 'organization_id' END;
BEGIN
    EXECUTE format('ALTER POLICY tenant_isolation ON %s USING (%I = (SELECT officeauto._tenant()) AND (%s))',
                   tbl, tenant, condition);
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._seed_roles(p_organization bigint)
 RETURNS void
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    INSERT INTO officeauto.roles (organization_id, name, description, is_system)
    SELECT p_organization, t.name, t.description, true
      FROM (VALUES ('owner', 'Owns the organization: everything, including making owners'),
                   ('admin', 'Administers users, roles, sessions and all content'),
                   ('manager', 'Runs projects, the CRM and approvals across the organization'),
                   ('member', 'Works in the projects they belong to'),
                   ('viewer', 'Reads the projects they belong to')) AS t(name, description)
     WHERE NOT EXISTS (SELECT FROM officeauto.roles r
                        WHERE r.organization_id = p_organization AND r.name = t.name AND r.deleted_at IS NULL);
    INSERT INTO officeauto.role_permissions (organization_id, role_id, permission_id)
    SELECT p_organization, r.id, p.id
      FROM officeauto.role_templates t
      JOIN officeauto.roles r ON r.organization_id = p_organization AND r.name = t.role_name
                             AND r.is_system AND r.deleted_at IS NULL
      JOIN officeauto.permissions p ON (p.resource, p.action, p.scope) = (t.resource, t.action, t.scope)
    ON CONFLICT DO NOTHING;
$function$
;

CREATE OR REPLACE FUNCTION officeauto._session_limit(p_organization bigint, p_client_type text)
 RETURNS integer
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    RETURN coalesce((SELECT l.max_sessions FROM officeauto.session_limits l
                      WHERE l.organization_id = p_organization AND l.client_type = p_client_type), 1)::integer;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._session_owner()
 RETURNS bigint
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    org bigint := officeauto._tenant();  -- 28000 without any context
    me bigint := officeauto.current_user_id();
BEGIN
    IF me IS NULL OR org IS NULL THEN
        RAISE EXCEPTION 'no authenticated user' USING ERRCODE = '28000',
            HINT = 'Call officeauto.authenticate(session_token) first, in the same transaction.';
    END IF;
    RETURN me;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._valid_display_name(text)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE STRICT
RETURN length(btrim($1)) BETWEEN 1 AND 200 AND $1 !~ '[[:cntrl:]\u200e\u200f\u202a-\u202e\u2066-\u2069]'
;


CREATE OR REPLACE FUNCTION officeauto._verify_current_password(p_user bigint, p_password text)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    hidden boolean := officeauto._hide_statement();
    u record;
    ip inet := officeauto.current_client_ip();
    attempt bigint;
    suspended_now boolean := false;
    ok boolean;
BEGIN
    IF p_password IS NULL OR octet_length(p_password) = 0 OR octet_length(p_password) > 1024 THEN
        RAISE EXCEPTION 'current password must be 1 to 1024 bytes' USING ERRCODE = '22023';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended('officeauto.login:' || p_user::text, 0));
    SELECT id, username, password_hash, locked_until INTO u FROM officeauto.users WHERE id = p_user;
    IF u.locked_until > now() THEN
        PERFORM officeauto._record_login_failure_or_refuse(u.id, u.username, host(ip), 'locked');
        RAISE EXCEPTION 'account is temporarily locked after repeated failed logins'
            USING ERRCODE = 'OA002',
                  DETAIL = format('Locked until %s.', to_char(u.locked_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
    END IF;
    attempt := officeauto._record_login_failure_or_refuse(u.id, u.username, host(ip), 'invalid_credentials');
    IF attempt < 0 THEN
        suspended_now := true;
        attempt := -attempt;
    END IF;
    IF u.password_hash = '!' THEN
        PERFORM officeauto._dummy_verify(p_password);
        ok := false;
    ELSE
        ok := officeauto.verify_password(p_password, u.password_hash);
    END IF;
    IF NOT ok THEN
        RAISE EXCEPTION 'current password is incorrect' USING ERRCODE = 'OA081',
            HINT = 'Repeated wrong passwords lock the account as failed logins do.';
    END IF;
    DELETE FROM officeauto.failed_login_attempts WHERE id = attempt;
    -- This very attempt suspended the account (officeauto.lockout_permanent_after), yet the
    -- password was right: the suspension was never earned, as in login().
    IF suspended_now THEN
        UPDATE officeauto.users SET status = 'active' WHERE id = p_user AND status = 'suspended';
    END IF;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._visible_expr(resource text, project text, own text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
AS $function$
    SELECT format('(SELECT officeauto._may_all(%1$L, ''READ'')) OR coalesce(%2$s, 0) = ANY ((SELECT officeauto._may_projects(%1$L, ''READ''))::bigint[])%3$s',
                  resource, coalesce(project, 'NULL::bigint'),
                  CASE WHEN own IS NULL THEN ''
                       ELSE format(' OR ((SELECT officeauto._may_own(%L, ''READ'')) AND (%s))', resource,
                                   regexp_replace(own, '\mme\M', '(SELECT officeauto.current_user_id())', 'g')) END)
$function$
;

CREATE OR REPLACE FUNCTION officeauto.accept_invitation(p_token text, p_username text DEFAULT NULL::text, p_full_name text DEFAULT NULL::text, p_password text DEFAULT NULL::text)
 RETURNS TABLE(user_public_id uuid, created boolean)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    hidden boolean := officeauto._hide_statement();  -- the call carries a token and a password
    i officeauto.invitations%ROWTYPE := officeauto._invitation_by_token(p_token, true);
    o record;
    me bigint := officeauto.current_user_id();
    u record;
    uid bigint;
    pid uuid;
    is_new boolean := me IS NULL;
    constraint_name text;
BEGIN
    PERFORM officeauto._require_live_organization(i.organization_id);
    SELECT signup_policy INTO o FROM officeauto.organizations WHERE id = i.organization_id;
    IF o.signup_policy = 'closed' THEN
        RAISE EXCEPTION 'this organization takes no invitations (signup_policy is closed)' USING ERRCODE = 'OA070';
    END IF;
    -- An organization without an active owner takes only an invitation to be its owner: any
    -- other account would become owner as the first one (tg_user_default_role).
    IF officeauto._owner_count(i.organization_id, NULL) = 0
       AND NOT EXISTS (SELECT FROM officeauto.roles WHERE id = i.role_id AND name = 'owner' AND is_system) THEN
        RAISE EXCEPTION 'this organization has no active owner; only an invitation to be its owner can be accepted'
            USING ERRCODE = 'OA070';
    END IF;
    -- Whoever invited must still be an active member (a deactivated manager's invitations die
    -- with their rights; a demoted one's are revoked with the role), and the role must still exist.
    IF (i.invited_by IS NOT NULL AND NOT EXISTS (SELECT FROM officeauto.users WHERE id = i.invited_by
                                                    AND status = 'active' AND deleted_at IS NULL))
       OR NOT EXISTS (SELECT FROM officeauto.roles WHERE id = i.role_id AND deleted_at IS NULL) THEN
        RAISE EXCEPTION 'invitation is invalid, expired, revoked or already used' USING ERRCODE = 'OA074',
            HINT = 'Ask the organization for a new invitation.';
    END IF;

    IF NOT is_new THEN
        -- Linking: the authenticated account of the invited address takes the role.
        SELECT id, organization_id, email, public_id INTO u FROM officeauto.users WHERE id = me;
        IF u.organization_id <> i.organization_id THEN
            RAISE EXCEPTION 'an account belongs to one organization; this invitation is for another'
                USING ERRCODE = 'OA075';
        END IF;
        IF lower(u.email) <> lower(i.email) THEN
            RAISE EXCEPTION 'this invitation was sent to another address' USING ERRCODE = '42501';
        END IF;
        uid := u.id;
        pid := u.public_id;
    ELSE
        IF p_username IS NULL OR p_full_name IS NULL OR p_password IS NULL THEN
            RAISE EXCEPTION 'username, full name and password are required to create the account' USING ERRCODE = '22023',
                HINT = 'To accept with an existing account, call authenticate() first in the same transaction.';
        END IF;
        PERFORM officeauto._check_new_account(p_username, p_full_name);
        PERFORM officeauto._release_pending_signups(p_username, i.email);
        SELECT organization_id INTO u FROM officeauto.users WHERE lower(email) = lower(i.email) AND deleted_at IS NULL;
        IF FOUND THEN
            IF u.organization_id = i.organization_id THEN
                RAISE EXCEPTION 'this address already has an account in the organization' USING ERRCODE = 'OA073',
                    HINT = 'Log in, then accept the invitation after authenticate() in the same transaction.';
            END IF;
            RAISE EXCEPTION 'an account belongs to one organization; this address has an account in another'
                USING ERRCODE = 'OA075';
        END IF;
        BEGIN
            INSERT INTO officeauto.users (organization_id, username, email, full_name, password_hash, signup_method,
                                          email_verified_at)
            VALUES (i.organization_id, p_username, i.email, btrim(p_full_name),
                    officeauto._hash_new_password(p_password, ARRAY[p_username, i.email, p_full_name]), 'invitation',
                    now())  -- the token arrived at this address
            RETURNING id, public_id INTO uid, pid;
        EXCEPTION WHEN unique_violation THEN
            GET STACKED DIAGNOSTICS constraint_name = CONSTRAINT_NAME;
            IF constraint_name = 'users_username_key' THEN
                RAISE EXCEPTION 'username is taken' USING ERRCODE = 'OA072', HINT = 'Choose another username.';
            END IF;
            -- The address was taken meanwhile (a racing creation): the same answer as above,
            -- without the address in a DETAIL.
            RAISE EXCEPTION 'this address already has an account' USING ERRCODE = 'OA073',
                HINT = 'Log in, then accept the invitation after authenticate() in the same transaction.';
        END;
    END IF;

    -- The invited role, granted in the inviter's name. A new account got the member role (or,
    -- as the organization's first, owner) from tg_user_default_role; an invitation to another
    -- role replaces member, never owner.
    IF NOT EXISTS (SELECT FROM officeauto.user_roles WHERE user_id = uid AND role_id = i.role_id AND project_id IS NULL) THEN
        INSERT INTO officeauto.user_roles (organization_id, user_id, role_id, granted_by)
        VALUES (i.organization_id, uid, i.role_id, i.invited_by);
        IF is_new THEN
            DELETE FROM officeauto.user_roles ur
             USING officeauto.roles r
             WHERE ur.user_id = uid AND ur.project_id IS NULL AND r.id = ur.role_id AND r.is_system AND r.name = 'member';
        END IF;
    END IF;
    UPDATE officeauto.invitations SET accepted_at = now(), accepted_user_id = uid WHERE id = i.id;
    PERFORM officeauto._log_account_event(i.organization_id, uid, 'account.invitation_accepted',
                                          jsonb_build_object('invitation_id', i.public_id, 'created', is_new));
    RETURN QUERY SELECT pid, is_new;
END
$function$
;

-- 0.1.0 named its parameters "table" and "pk": a new function, not a replacement.
drop function if exists officeauto.audit_record_id(text, jsonb);

CREATE OR REPLACE FUNCTION officeauto.audit_record_id(p_table text, p_pk jsonb)
 RETURNS uuid
 LANGUAGE plpgsql
 IMMUTABLE PARALLEL SAFE STRICT SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    -- Sizes of the stored values, measured before anything is converted or copied.
    IF pg_column_size(p_pk) > 65536 OR pg_column_size(p_table) > 1024 THEN
        RAISE EXCEPTION 'audit_record_id: the table name or primary key is too large to be one'
            USING ERRCODE = '54000';
    END IF;
    RETURN officeauto._audit_record_id(p_table, p_pk::text);
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.change_password(p_current text, p_new text, p_end_other_sessions boolean DEFAULT true)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    hidden boolean := officeauto._hide_statement();  -- the call carries two passwords
    u officeauto.users%ROWTYPE := officeauto._password_acting_user('change_password');
    words text[] := ARRAY[u.username, u.email, u.full_name];
    current_session bigint := officeauto.current_session_id();
    ended integer := 0;
BEGIN
    PERFORM officeauto._require_permission('USER', 'UPDATE', NULL, true, 'change_password');
    -- Every refusal that does not need the stored hash comes first (see _verify_current_password).
    -- Comparing the two inputs tells nothing about the stored password.
    IF p_new = p_current THEN
        RAISE EXCEPTION 'the new password must differ from the current one' USING ERRCODE = 'OA082';
    END IF;
    PERFORM officeauto._check_new_password(p_new, words);
    PERFORM officeauto._verify_current_password(u.id, p_current);

    UPDATE officeauto.users SET password_hash = officeauto._hash_new_password(p_new, words) WHERE id = u.id;
    IF coalesce(p_end_other_sessions, true) THEN
        WITH s AS (
            UPDATE officeauto.user_sessions SET revoked_at = now(), revoke_reason = 'password_change'
             WHERE user_id = u.id AND revoked_at IS NULL AND id IS DISTINCT FROM current_session
            RETURNING id)
        SELECT count(*) INTO ended FROM s;
        UPDATE officeauto.refresh_tokens SET revoked_at = now(), revoke_reason = 'password_change'
         WHERE organization_id = u.organization_id AND user_id = u.id AND revoked_at IS NULL
           AND session_id IS DISTINCT FROM current_session;
    END IF;
    -- A reset link or an address change asked for before the change must not undo it (whoever
    -- knew the old password may have asked for either), nor a login halfway through its second
    -- factor complete it.
    UPDATE officeauto.email_verifications SET consumed_at = now()
     WHERE user_id = u.id AND purpose IN ('reset_password', 'change_email') AND consumed_at IS NULL;
    DELETE FROM officeauto.mfa_challenges WHERE user_id = u.id;
    PERFORM officeauto._log_account_event(u.organization_id, u.id, 'password.changed',
                                          jsonb_build_object('other_sessions_ended', ended));
    RETURN ended;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.confirm_email_change(p_token text)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    hidden boolean := officeauto._hide_statement();  -- the call carries a token
    d bytea := officeauto.token_digest(p_token);
    v record;
    u officeauto.users%ROWTYPE;
BEGIN
    PERFORM officeauto._lock_token_account(d, 'change_email');
    UPDATE officeauto.email_verifications SET consumed_at = now()
     WHERE token_digest = d AND purpose = 'change_email'
       AND consumed_at IS NULL AND expires_at > now()
    RETURNING user_id, email INTO v;
    IF v.user_id IS NOT NULL THEN
        SELECT * INTO u FROM officeauto.users WHERE id = v.user_id AND deleted_at IS NULL AND status = 'active';
    END IF;
    IF u.id IS NULL THEN
        RAISE EXCEPTION 'invalid, expired or already used token' USING ERRCODE = 'OA084';
    END IF;
    -- Someone may have taken the address since the request.
    IF EXISTS (SELECT FROM officeauto.users WHERE lower(email) = lower(v.email) AND deleted_at IS NULL AND id <> u.id) THEN
        RAISE EXCEPTION 'e-mail address already in use' USING ERRCODE = 'OA085';
    END IF;
    BEGIN
        UPDATE officeauto.users SET email = v.email, email_verified_at = now() WHERE id = u.id;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION 'e-mail address already in use' USING ERRCODE = 'OA085';
    END;
    -- Every token still outstanding was issued for the old address (verification, reset) or
    -- for another new one: void.
    UPDATE officeauto.email_verifications SET consumed_at = now() WHERE user_id = u.id AND consumed_at IS NULL;
    PERFORM officeauto._log_account_event(u.organization_id, u.id, 'email.changed',
                                          jsonb_build_object('old_email_domain', split_part(u.email, '@', 2),
                                                             'new_email_domain', split_part(v.email, '@', 2)));
    RETURN u.public_id;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.confirm_totp(p_code text)
 RETURNS TABLE(recovery_code text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    hidden boolean := officeauto._hide_statement();
    u officeauto.users%ROWTYPE := officeauto._mfa_me();
    t officeauto.user_totp%ROWTYPE;
    step bigint;
BEGIN
    PERFORM officeauto._require_permission('USER', 'UPDATE', NULL, true, 'confirm_totp');
    PERFORM officeauto._mfa_require_code(p_code);
    PERFORM officeauto._mfa_login_lock(u.id);
    SELECT * INTO u FROM officeauto.users WHERE id = u.id;
    IF u.two_factor_enabled THEN
        RAISE EXCEPTION 'two-factor authentication is already on' USING ERRCODE = 'OA015';
    END IF;
    SELECT * INTO t FROM officeauto.user_totp WHERE user_id = u.id AND confirmed_at IS NULL;
    IF t.id IS NULL THEN
        RAISE EXCEPTION 'no pending TOTP enrolment' USING ERRCODE = 'OA016', HINT = 'Call enroll_totp() first.';
    END IF;
    -- Not counted as a failed login: whoever holds this session was just shown the secret, so
    -- a guess here proves nothing an attacker could use.
    step := officeauto._totp_match(t.encrypted_secret, u.organization_id, u.public_id,
                                   regexp_replace(p_code, '[[:space:]]', '', 'g'),
                                   floor(extract(epoch FROM clock_timestamp()))::bigint);
    IF step IS NULL THEN
        RAISE EXCEPTION 'invalid code' USING ERRCODE = 'OA014',
            HINT = 'Enter the code the authenticator app shows now; check the device''s clock.';
    END IF;
    UPDATE officeauto.user_totp SET confirmed_at = now(), last_used_step = step WHERE id = t.id;
    UPDATE officeauto.users SET two_factor_enabled = true WHERE id = u.id;
    PERFORM officeauto._log_account_event(u.organization_id, u.id, 'mfa.confirmed', '{"recovery_codes": 10}');
    RETURN QUERY SELECT c.recovery_code FROM officeauto._mfa_issue_recovery_codes(u) c;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.deactivate_user(p_user uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    u officeauto.users := officeauto._admin_target(p_user, 'UPDATE', 'deactivate_user');
    ended integer;
BEGIN
    PERFORM officeauto._refuse_self(u.id, 'deactivate');
    -- The users guard refuses to leave the organization without an active owner (OA060).
    UPDATE officeauto.users SET status = 'inactive' WHERE id = u.id AND status <> 'inactive';
    -- Also when already inactive: a status written directly may have left sessions behind.
    ended := officeauto._end_user_sessions(u.id, 'user_disabled');
    -- Outstanding e-mail tokens (a reset, an address change) and second-factor challenges die
    -- too, or they would work again after a reactivation.
    UPDATE officeauto.email_verifications SET consumed_at = now() WHERE user_id = u.id AND consumed_at IS NULL;
    DELETE FROM officeauto.mfa_challenges WHERE user_id = u.id;
    IF u.status <> 'inactive' OR ended > 0 THEN
        PERFORM officeauto._log_account_event(u.organization_id, u.id, 'user.deactivated',
                                              jsonb_build_object('previous_status', u.status, 'sessions_ended', ended));
    END IF;
    RETURN u.status <> 'inactive';
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.delete_organization(p_organization uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    o officeauto.organizations := officeauto._organization_for_update(p_organization);
BEGIN
    IF o.deleted_at IS NOT NULL THEN
        RETURN false;
    END IF;
    UPDATE officeauto.organizations SET deleted_at = now(), deleted_by = officeauto.current_user_id()
     WHERE id = o.id;
    UPDATE officeauto.user_sessions SET revoked_at = now(), revoke_reason = 'admin'
     WHERE organization_id = o.id AND revoked_at IS NULL;
    UPDATE officeauto.refresh_tokens SET revoked_at = now(), revoke_reason = 'admin'
     WHERE organization_id = o.id AND revoked_at IS NULL;
    RETURN true;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.delete_user(p_user uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    u officeauto.users := officeauto._admin_target(p_user, 'DELETE', 'delete_user');
    ended integer;
BEGIN
    PERFORM officeauto._refuse_self(u.id, 'delete');
    -- Live users only hold their username and e-mail (partial unique indexes), so both are
    -- free again from here. OA060 from the users guard for the last active owner.
    UPDATE officeauto.users SET deleted_at = now(), deleted_by = officeauto.current_user_id() WHERE id = u.id;
    ended := officeauto._end_user_sessions(u.id, 'user_disabled');
    -- Outstanding e-mail tokens (verification, reset, change) die with the account.
    UPDATE officeauto.email_verifications SET consumed_at = now() WHERE user_id = u.id AND consumed_at IS NULL;
    PERFORM officeauto._log_account_event(u.organization_id, u.id, 'user.deleted',
                                          jsonb_build_object('sessions_ended', ended));
    RETURN true;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.disable_totp(p_code text)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    hidden boolean := officeauto._hide_statement();
    proof record;
BEGIN
    SELECT * INTO proof FROM officeauto._mfa_prove_self(p_code, 'disable_totp', true);
    PERFORM officeauto._mfa_turn_off(proof.account, jsonb_build_object('by', 'self', 'method', proof.method));
    RETURN true;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.disable_totp_for(p_user uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    u officeauto.users%ROWTYPE;
BEGIN
    SELECT * INTO u FROM officeauto.users
     WHERE public_id = p_user AND organization_id = officeauto._tenant() AND deleted_at IS NULL;
    IF u.id IS NULL THEN
        RAISE EXCEPTION 'no user with public id % in the current organization', p_user USING ERRCODE = 'P0002';
    END IF;
    -- Someone else's second factor, even one's own through this door: USER UPDATE GLOBAL.
    PERFORM officeauto._require_permission('USER', 'UPDATE', NULL, false, 'disable_totp_for');
    PERFORM officeauto._check_owner_target(u.id, officeauto.current_user_id());  -- only owners act on owners
    -- One's own second factor goes off only with a code (disable_totp): a stolen session must
    -- not be enough.
    IF u.id = officeauto.current_user_id() THEN
        RAISE EXCEPTION 'administrators cannot turn off their own second factor here' USING ERRCODE = 'OA090',
            HINT = 'Use disable_totp() with a current code or a recovery code.';
    END IF;
    PERFORM officeauto._mfa_login_lock(u.id);
    SELECT * INTO u FROM officeauto.users WHERE id = u.id;
    IF NOT u.two_factor_enabled AND NOT EXISTS (SELECT FROM officeauto.user_totp WHERE user_id = u.id) THEN
        RAISE EXCEPTION 'two-factor authentication is not on for this user' USING ERRCODE = 'OA016';
    END IF;
    PERFORM officeauto._mfa_turn_off(u, jsonb_build_object('by', 'admin', 'admin_user_id', officeauto.current_user_id()));
    RETURN true;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.end_session(p_session uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    me bigint := officeauto._session_owner();
    s record;
    mine boolean;
BEGIN
    IF p_session IS NULL THEN
        RAISE EXCEPTION 'session must be given (its public id)' USING ERRCODE = '22023';
    END IF;
    -- Another organization's session is not there: the same answer as an unknown id.
    SELECT id, user_id, organization_id, revoked_at INTO s FROM officeauto.user_sessions
     WHERE public_id = p_session AND organization_id = officeauto._tenant();
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no session % in the current organization', p_session USING ERRCODE = 'P0002';
    END IF;
    mine := s.user_id = me;
    PERFORM officeauto._require_permission('SESSION', 'DELETE', NULL, mine, 'end_session');
    PERFORM pg_advisory_xact_lock(hashtextextended('officeauto.login:' || s.user_id::text, 0));
    UPDATE officeauto.user_sessions SET revoked_at = now(), revoke_reason = CASE WHEN mine THEN 'logout' ELSE 'admin' END
     WHERE id = s.id AND revoked_at IS NULL;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    UPDATE officeauto.refresh_tokens SET revoked_at = now(), revoke_reason = CASE WHEN mine THEN 'logout' ELSE 'admin' END
     WHERE organization_id = s.organization_id AND session_id = s.id AND revoked_at IS NULL;
    PERFORM officeauto._log_account_event(s.organization_id, s.user_id, 'session.ended',
                                          jsonb_build_object('session', p_session, 'by_owner', mine));
    RETURN true;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.enroll_totp(p_current_password text)
 RETURNS TABLE(otpauth_uri text, secret text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    hidden boolean := officeauto._hide_statement();  -- loads the library; the answer is a secret
    u officeauto.users%ROWTYPE := officeauto._mfa_me();
    issuer text;
    e record;
BEGIN
    PERFORM officeauto._require_permission('USER', 'UPDATE', NULL, true, 'enroll_totp');
    PERFORM officeauto._mfa_login_lock(u.id);
    SELECT * INTO u FROM officeauto.users WHERE id = u.id;
    IF u.two_factor_enabled THEN
        RAISE EXCEPTION 'two-factor authentication is already on' USING ERRCODE = 'OA015',
            HINT = 'Turn it off with disable_totp() before enrolling a new authenticator.';
    END IF;
    -- The password, not only a session: a stolen session must not enrol an authenticator its
    -- thief holds and so lock the user out of their next login. Checked last (a wrong one
    -- counts toward the lockout, OA081), so nothing fails after a right one.
    PERFORM officeauto._verify_current_password(u.id, p_current_password);
    issuer := coalesce(nullif(btrim(current_setting('officeauto.mfa_issuer', true)), ''),
                       (SELECT o.name FROM officeauto.organizations o WHERE o.id = u.organization_id));
    SELECT * INTO e FROM officeauto._totp_enrolment(u.organization_id, u.public_id, issuer, u.email);
    INSERT INTO officeauto.user_totp (organization_id, user_id, encrypted_secret, key_id)
    VALUES (u.organization_id, u.id, e.sealed_secret, officeauto.credential_key_id(e.sealed_secret))
    ON CONFLICT (user_id, organization_id) DO UPDATE
       SET encrypted_secret = EXCLUDED.encrypted_secret, key_id = EXCLUDED.key_id,
           confirmed_at = NULL, last_used_step = NULL, created_at = now();
    PERFORM officeauto._log_account_event(u.organization_id, u.id, 'mfa.enrolled', '{}');
    RETURN QUERY SELECT e.otpauth_uri, e.secret;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.erase_user_personal_data(p_user uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    u officeauto.users;
    anon_name text;
    anon jsonb;
    personal jsonb;
    rec uuid;
BEGIN
    PERFORM officeauto._require_permission('USER', 'DELETE', NULL, false, 'erase_user_personal_data');
    IF p_user IS NULL THEN
        RAISE EXCEPTION 'user must be given (its public id)' USING ERRCODE = '22023';
    END IF;
    SELECT * INTO u FROM officeauto.users WHERE public_id = p_user AND organization_id = officeauto._tenant();
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no user % in the current organization', p_user USING ERRCODE = 'P0002';
    END IF;
    IF u.deleted_at IS NULL THEN
        RAISE EXCEPTION 'only a deleted account can be erased' USING ERRCODE = 'OA091',
            HINT = 'Delete the user with officeauto.delete_user() first.';
    END IF;
    -- A deleted account never becomes live again, so the row lock alone serializes erasures.
    SELECT * INTO u FROM officeauto.users WHERE id = u.id FOR UPDATE;
    -- Derived from the public id only: unique, stable (erasing twice changes nothing) and
    -- saying nothing about the person.
    anon_name := 'erased-' || replace(u.public_id::text, '-', '');
    anon := jsonb_build_object('username', anon_name, 'email', anon_name || '@erased.invalid',
                               'full_name', 'Erased user', 'preferences', '{}'::jsonb, 'timezone', 'UTC',
                               'locale', 'en', 'email_verified_at', NULL, 'last_login_at', NULL,
                               'locked_until', NULL, 'lock_count', 0, 'two_factor_enabled', false);
    personal := jsonb_build_object('username', 'erased', 'email', 'erased', 'full_name', 'erased',
                                   'identifier', 'erased', 'new_email', 'erased', 'old_email', 'erased');

    -- The second factor (secret, recovery codes, challenges; 22_mfa.sql) goes with the account.
    IF u.two_factor_enabled OR EXISTS (SELECT FROM officeauto.user_totp WHERE user_id = u.id) THEN
        PERFORM officeauto._mfa_turn_off(u, jsonb_build_object('by', 'erasure'));
    END IF;
    UPDATE officeauto.users
       SET username = anon ->> 'username', email = anon ->> 'email', full_name = anon ->> 'full_name',
           preferences = '{}', timezone = 'UTC', locale = 'en', password_hash = '!',
           email_verified_at = NULL, last_login_at = NULL, locked_until = NULL, lock_count = 0,
           two_factor_enabled = false, erased_at = coalesce(erased_at, now())
     WHERE id = u.id;
    -- Sessions (their refresh tokens cascade) and e-mail tokens carry addresses, agents and
    -- e-mail addresses; they serve nothing for a deleted account.
    DELETE FROM officeauto.user_sessions WHERE user_id = u.id;
    DELETE FROM officeauto.email_verifications WHERE user_id = u.id;
    -- Failed logins stay (they are counted) without what identifies the person: the typed
    -- identifier, the address and the agent; so do those typed with the erased identifiers
    -- after the account was gone (recorded without an account).
    -- Rows recorded by identifier only are the person's unless a live account holding that
    -- identifier existed when they were written: a username or address freed by the deletion
    -- may belong to someone else since, in any organization, and what was typed for them is
    -- theirs. (Failures against a live account carry its user_id.)
    UPDATE officeauto.failed_login_attempts f
       SET identifier = 'erased', ip_address = NULL, user_agent = NULL
     WHERE f.user_id = u.id
        OR (f.user_id IS NULL AND lower(f.identifier) IN (lower(u.username), lower(u.email))
            AND NOT EXISTS (SELECT FROM officeauto.users o
                             WHERE o.id <> u.id AND o.deleted_at IS NULL AND o.created_at <= f.created_at
                               AND lower(f.identifier) IN (lower(o.username), lower(o.email))));
    UPDATE officeauto.captcha_attempts c SET identifier = 'erased', ip_address = NULL
     WHERE lower(c.identifier) IN (lower(u.username), lower(u.email))
       AND NOT EXISTS (SELECT FROM officeauto.users o
                        WHERE o.id <> u.id AND o.deleted_at IS NULL AND o.created_at <= c.created_at
                          AND lower(c.identifier) IN (lower(o.username), lower(o.email)));
    DELETE FROM officeauto.login_throttle t
     WHERE t.identifier_key IN (lower(u.username), lower(u.email))
       AND NOT EXISTS (SELECT FROM officeauto.users o WHERE o.deleted_at IS NULL
                          AND t.identifier_key IN (lower(o.username), lower(o.email)));
    -- Where the person read or changed credentials from.
    UPDATE officeauto.credential_audit_logs SET ip_address = NULL, user_agent = NULL
     WHERE user_id = u.id AND organization_id = u.organization_id
       AND (ip_address IS NOT NULL OR user_agent IS NOT NULL);
    -- Invitations to the person's address (accepted by them, or still naming it) keep their
    -- rows with the anonymized address, in the table and in its audit images.
    FOR rec IN
        UPDATE officeauto.invitations
           SET email = anon ->> 'email', revoked_at = CASE WHEN accepted_at IS NULL THEN coalesce(revoked_at, now()) END
         WHERE organization_id = u.organization_id
           AND (accepted_user_id = u.id
                OR (accepted_at IS NULL AND lower(email) = lower(u.email) AND created_at <= u.deleted_at
                    AND NOT EXISTS (SELECT FROM officeauto.users o WHERE o.deleted_at IS NULL
                                       AND lower(o.email) = lower(u.email))))
        RETURNING officeauto.audit_record_id('officeauto.invitations', jsonb_build_object('id', id))
    LOOP
        UPDATE officeauto.audit_logs
           SET old_data = officeauto._overwrite_keys(old_data, jsonb_build_object('email', anon ->> 'email')),
               new_data = officeauto._overwrite_keys(new_data, jsonb_build_object('email', anon ->> 'email'))
         WHERE record_id = rec AND table_name = 'officeauto.invitations' AND organization_id = u.organization_id;
        UPDATE officeauto.audit_logs_archive
           SET old_data = officeauto._overwrite_keys(old_data, jsonb_build_object('email', anon ->> 'email')),
               new_data = officeauto._overwrite_keys(new_data, jsonb_build_object('email', anon ->> 'email'))
         WHERE record_id = rec AND table_name = 'officeauto.invitations' AND organization_id = u.organization_id;
    END LOOP;

    -- The audit trail: the account's row images (this erasure's own UPDATE included, written
    -- when that statement ended), the request addresses of what the person did, and account
    -- events about them.
    rec := officeauto.audit_record_id('officeauto.users', jsonb_build_object('id', u.id));
    UPDATE officeauto.audit_logs
       SET old_data = officeauto._overwrite_keys(old_data, anon), new_data = officeauto._overwrite_keys(new_data, anon)
     WHERE record_id = rec AND table_name = 'officeauto.users' AND organization_id = u.organization_id;
    UPDATE officeauto.audit_logs_archive
       SET old_data = officeauto._overwrite_keys(old_data, anon), new_data = officeauto._overwrite_keys(new_data, anon)
     WHERE record_id = rec AND table_name = 'officeauto.users' AND organization_id = u.organization_id;
    UPDATE officeauto.audit_logs SET ip_address = NULL, user_agent = NULL
     WHERE actor_user_id = u.id AND organization_id = u.organization_id
       AND (ip_address IS NOT NULL OR user_agent IS NOT NULL);
    UPDATE officeauto.audit_logs_archive SET ip_address = NULL, user_agent = NULL
     WHERE actor_user_id = u.id AND organization_id = u.organization_id
       AND (ip_address IS NOT NULL OR user_agent IS NOT NULL);
    -- Account events about the person: the keys that name a person, not every value that
    -- happens to equal one of their identifiers (a name may be any word, and rewriting the
    -- administrators' own words would let a user edit the trail by choosing their name).
    UPDATE officeauto.audit_logs SET metadata = officeauto._overwrite_keys(metadata, personal)
     WHERE metadata @> jsonb_build_object('user_id', u.id) AND organization_id = u.organization_id
       AND metadata ?| ARRAY['username', 'email', 'full_name', 'identifier', 'new_email', 'old_email'];
    UPDATE officeauto.audit_logs_archive SET metadata = officeauto._overwrite_keys(metadata, personal)
     WHERE metadata @> jsonb_build_object('user_id', u.id) AND organization_id = u.organization_id
       AND metadata ?| ARRAY['username', 'email', 'full_name', 'identifier', 'new_email', 'old_email'];

    PERFORM officeauto._log_account_event(u.organization_id, u.id, 'user.erased', '{}');
    RETURN true;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.grant_reporting_access(p_role regrole, p_organization uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    org bigint;
BEGIN
    IF p_role IS NULL OR p_organization IS NULL THEN
        RAISE EXCEPTION 'role and organization are required' USING ERRCODE = '22023';
    END IF;
    IF NOT pg_has_role(p_role, 'officeauto_readonly', 'MEMBER') THEN
        RAISE EXCEPTION 'role % is not a member of officeauto_readonly', p_role USING ERRCODE = '22023',
            HINT = 'GRANT officeauto_readonly TO the reporting login first.';
    END IF;
    IF pg_has_role(p_role, 'officeauto_app', 'MEMBER') OR pg_has_role(p_role, 'officeauto_admin', 'MEMBER') THEN
        RAISE EXCEPTION 'role % is also an application or admin role; reporting access is for read-only logins', p_role
            USING ERRCODE = '22023';
    END IF;
    SELECT id INTO org FROM officeauto.organizations WHERE public_id = p_organization AND deleted_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no organization with public id %', p_organization USING ERRCODE = 'P0002';
    END IF;
    INSERT INTO officeauto.reporting_access (role_name, organization_id) VALUES (p_role::text, org)
    ON CONFLICT DO NOTHING;
    PERFORM officeauto.log_activity('grant_reporting_access', jsonb_build_object('role', p_role::text, 'organization', p_organization));
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.invite_user(p_email text, p_role text DEFAULT 'member'::text, p_expires_in interval DEFAULT '7 days'::interval)
 RETURNS TABLE(invitation_id uuid, token text, expires_at timestamp with time zone)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    org bigint := officeauto._tenant();
    me bigint := officeauto.current_user_id();
    o record;
    role_id bigint;
    seats bigint;
    tok text := officeauto._new_token();
    exp timestamptz;
    pid uuid;
BEGIN
    IF p_email IS NULL OR length(p_email) > 254 OR NOT officeauto.is_valid_email(p_email) THEN
        RAISE EXCEPTION 'e-mail address is missing or malformed' USING ERRCODE = '22023';
    END IF;
    IF p_expires_in IS NULL OR p_expires_in < interval '5 minutes' OR p_expires_in > interval '30 days' THEN
        RAISE EXCEPTION 'an invitation expires after 5 minutes to 30 days' USING ERRCODE = '22023';
    END IF;
    IF org IS NULL THEN
        RAISE EXCEPTION 'invite_user needs an organization in the context' USING ERRCODE = '28000';
    END IF;
    PERFORM officeauto._require_permission('USER', 'CREATE', NULL, false, 'invite_user');
    IF p_role IS NULL OR length(p_role) > 50 THEN
        RAISE EXCEPTION 'role must be the name of a role of the organization' USING ERRCODE = '22023';
    END IF;
    SELECT r.id INTO role_id FROM officeauto.roles r
     WHERE r.organization_id = org AND r.name = p_role AND r.deleted_at IS NULL;
    IF role_id IS NULL THEN
        RAISE EXCEPTION 'no role named % in this organization', quote_literal(p_role) USING ERRCODE = 'P0002';
    END IF;
    -- The inviter hands out the role, so the rules of granting it apply now (ROLE CREATE and
    -- every permission the role carries): acceptance, made by the invitee, cannot check them.
    IF me IS NOT NULL THEN
        PERFORM officeauto._check_role_change('grant', NULL, role_id, NULL, me);
    END IF;
    -- The organization row, locked as the seat trigger on users locks it: concurrent
    -- invitations and new accounts count each other's seats.
    SELECT id, signup_policy, seat_limit, is_active INTO o FROM officeauto.organizations WHERE id = org
       FOR NO KEY UPDATE;
    IF o.signup_policy = 'closed' THEN
        RAISE EXCEPTION 'this organization takes no invitations (signup_policy is closed)' USING ERRCODE = 'OA070',
            HINT = 'Create the account with create_user(), or change the policy with set_signup_policy().';
    END IF;
    IF NOT o.is_active THEN
        RAISE EXCEPTION 'organization suspended' USING ERRCODE = 'OA006';
    END IF;
    PERFORM officeauto._release_pending_signups(NULL, p_email);
    IF EXISTS (SELECT FROM officeauto.users u WHERE u.organization_id = org AND lower(u.email) = lower(p_email)
                  AND u.deleted_at IS NULL) THEN
        RAISE EXCEPTION 'this address already has an account in the organization' USING ERRCODE = 'OA073';
    END IF;
    -- A new invitation to the same address replaces the open one.
    UPDATE officeauto.invitations i SET revoked_at = now(), revoked_by = me
     WHERE i.organization_id = org AND lower(i.email) = lower(p_email)
       AND i.accepted_at IS NULL AND i.revoked_at IS NULL;
    -- Every open invitation may become an active user: together they stay within the seats.
    IF o.seat_limit IS NOT NULL THEN
        SELECT (SELECT count(*) FROM officeauto.users u
                 WHERE u.organization_id = org AND u.status = 'active' AND u.deleted_at IS NULL)
             + (SELECT count(*) FROM officeauto.invitations i
                 WHERE i.organization_id = org AND i.accepted_at IS NULL AND i.revoked_at IS NULL
                   AND i.expires_at > now())
          INTO seats;
        IF seats >= o.seat_limit THEN
            RAISE EXCEPTION 'seat limit reached' USING ERRCODE = 'OA007',
                DETAIL = format('The organization has %s seats; active users and open invitations take %s.', o.seat_limit, seats);
        END IF;
    END IF;
    exp := now() + p_expires_in;
    INSERT INTO officeauto.invitations (organization_id, email, role_id, invited_by, token_digest, expires_at)
    VALUES (org, p_email, role_id, me, officeauto.token_digest(tok), exp)
    RETURNING public_id INTO pid;
    RETURN QUERY SELECT pid, tok, exp;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.list_invitations(p_status text DEFAULT 'pending'::text)
 RETURNS TABLE(invitation_id uuid, email text, role text, status text, invited_by uuid, created_at timestamp with time zone, expires_at timestamp with time zone, accepted_at timestamp with time zone, accepted_user_id uuid, revoked_at timestamp with time zone)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    org bigint := officeauto._tenant();
BEGIN
    IF p_status IS NOT NULL AND p_status NOT IN ('pending', 'accepted', 'revoked', 'expired') THEN
        RAISE EXCEPTION 'status must be pending, accepted, revoked, expired or NULL (all)' USING ERRCODE = '22023';
    END IF;
    PERFORM officeauto._require_permission('USER', 'CREATE', NULL, false, 'list_invitations');
    RETURN QUERY
    SELECT i.public_id, i.email, r.name, officeauto._invitation_status(i), ib.public_id, i.created_at, i.expires_at,
           i.accepted_at, au.public_id, i.revoked_at
      FROM officeauto.invitations i
      JOIN officeauto.roles r ON r.id = i.role_id
      LEFT JOIN officeauto.users ib ON ib.id = i.invited_by
      LEFT JOIN officeauto.users au ON au.id = i.accepted_user_id
     WHERE i.organization_id = org
       AND (p_status IS NULL OR officeauto._invitation_status(i) = p_status)
     ORDER BY i.created_at DESC, i.id DESC;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.list_my_sessions()
 RETURNS TABLE(public_id uuid, client_type text, ip_address inet, user_agent text, created_at timestamp with time zone, last_activity_at timestamp with time zone, expires_at timestamp with time zone, is_current boolean)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    me bigint := officeauto._session_owner();
    idle interval := current_setting('officeauto.session_idle_timeout')::interval;
BEGIN
    PERFORM officeauto._require_permission('SESSION', 'READ', NULL, true, 'list_my_sessions');
    RETURN QUERY
    SELECT s.public_id, s.client_type, s.ip_address, s.user_agent, s.created_at, s.last_activity_at, s.expires_at,
           s.id IS NOT DISTINCT FROM officeauto.current_session_id()
      FROM officeauto.user_sessions s
     WHERE s.user_id = me AND s.organization_id = officeauto._tenant()
       AND s.revoked_at IS NULL AND s.expires_at > now() AND s.last_activity_at >= now() - idle
     ORDER BY s.last_activity_at DESC, s.id DESC;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.list_users(p_status text DEFAULT NULL::text, p_search text DEFAULT NULL::text, p_after uuid DEFAULT NULL::uuid, p_limit integer DEFAULT 50)
 RETURNS TABLE(public_id uuid, username text, email text, full_name text, status text, roles text[], email_verified boolean, two_factor_enabled boolean, locked_until timestamp with time zone, last_login_at timestamp with time zone, created_at timestamp with time zone)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    org bigint := officeauto._tenant();
    pattern text;
BEGIN
    PERFORM officeauto._require_permission('USER', 'UPDATE', NULL, false, 'list_users');
    IF p_status IS NOT NULL AND p_status NOT IN ('active', 'inactive', 'suspended', 'pending', 'locked', 'deleted') THEN
        RAISE EXCEPTION 'status must be active, inactive, suspended, locked, deleted or NULL (all live users)'
            USING ERRCODE = '22023';
    END IF;
    IF p_limit IS NULL OR p_limit NOT BETWEEN 1 AND 500 THEN
        RAISE EXCEPTION 'limit must be between 1 and 500' USING ERRCODE = '22023';
    END IF;
    IF p_search IS NOT NULL THEN
        IF length(btrim(p_search)) = 0 OR length(p_search) > 200 THEN
            RAISE EXCEPTION 'search must be 1 to 200 characters, or NULL' USING ERRCODE = '22023';
        END IF;
        -- A substring, taken literally: LIKE's wildcards in the input match themselves.
        pattern := '%' || replace(replace(replace(btrim(p_search), '\', '\\'), '%', '\%'), '_', '\_') || '%';
    END IF;
    -- Keyset pagination on the public id (a v7 uuid: creation order): the next page starts
    -- after the last id of this one, stable while accounts come and go.
    RETURN QUERY
    SELECT u.public_id, u.username, u.email, u.full_name, u.status,
           coalesce((SELECT array_agg(r.name ORDER BY r.name)
                       FROM officeauto.user_roles ur JOIN officeauto.roles r ON r.id = ur.role_id
                      WHERE ur.user_id = u.id AND ur.project_id IS NULL AND r.deleted_at IS NULL), '{}'),
           u.email_verified_at IS NOT NULL, u.two_factor_enabled, u.locked_until, u.last_login_at, u.created_at
      FROM officeauto.users u
     WHERE u.organization_id = org
       AND CASE p_status WHEN 'deleted' THEN u.deleted_at IS NOT NULL
                         WHEN 'locked' THEN u.deleted_at IS NULL AND u.locked_until > now()
                         ELSE u.deleted_at IS NULL AND (p_status IS NULL OR u.status = p_status) END
       AND (pattern IS NULL OR u.username ILIKE pattern OR u.email ILIKE pattern OR u.full_name ILIKE pattern)
       AND (p_after IS NULL OR u.public_id > p_after)
     ORDER BY u.public_id
     LIMIT p_limit;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.log_activity(action text, metadata jsonb DEFAULT '{}'::jsonb)
 RETURNS bigint
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    max_bytes constant integer := 65536;  -- metadata as JSON text
    max_depth constant integer := 32;     -- nested objects and arrays, the outermost counting 1
    doc text := coalesce(metadata, '{}')::text;
BEGIN
    -- An application login has a context only through authenticate(); an event without one
    -- would be a row of no organization, visible to no tenant. Logins that may set the context
    -- directly (superusers, officeauto_admin members, judged on the session user as the context
    -- itself is) may record platform events without an organization.
    IF officeauto.current_organization_id() IS NULL
       AND NOT coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user), false)
       AND NOT pg_has_role(session_user, 'officeauto_admin', 'USAGE') THEN
        RAISE EXCEPTION 'log_activity needs an authenticated organization'
            USING ERRCODE = '42501', HINT = 'Call officeauto.authenticate(session_token) first, in the same transaction.';
    END IF;
    IF octet_length(doc) > max_bytes THEN
        RAISE EXCEPTION 'metadata is too large: % bytes as JSON text, at most % allowed', octet_length(doc), max_bytes
            USING ERRCODE = '54000';
    END IF;
    -- An object or array max_depth steps below the top is nested max_depth + 1 deep.
    IF jsonb_path_exists(coalesce(metadata, '{}'),
                         format('strict $.**{%s} ? (@.type() == "object" || @.type() == "array")', max_depth)::jsonpath) THEN
        RAISE EXCEPTION 'metadata is nested too deeply: at most % levels of objects and arrays allowed', max_depth
            USING ERRCODE = '54000';
    END IF;
    RETURN officeauto._log_activity(action, doc);
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.logout(p_token text, p_scope text DEFAULT 'current'::text)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    hidden boolean := officeauto._hide_statement();  -- the call carries a session token
    s record;
    ended bigint[];
BEGIN
    PERFORM officeauto._require_primary('logout');
    IF p_scope IS NULL OR p_scope NOT IN ('current', 'others', 'all') THEN
        RAISE EXCEPTION 'scope must be current, others or all' USING ERRCODE = '22023';
    END IF;
    IF p_scope = 'current' THEN
        UPDATE officeauto.user_sessions SET revoked_at = now(), revoke_reason = 'logout'
         WHERE token_digest = officeauto.token_digest(p_token) AND revoked_at IS NULL
        RETURNING id, user_id, organization_id INTO s;
        IF s.id IS NULL THEN
            RETURN false;
        END IF;
        ended := ARRAY[s.id];
    ELSE
        -- Ending other sessions needs a session that still works: a revoked or expired token
        -- proves nothing about who holds it now.
        SELECT id, user_id, organization_id INTO s FROM officeauto.user_sessions
         WHERE token_digest = officeauto.token_digest(p_token) AND revoked_at IS NULL AND expires_at > now()
           AND last_activity_at >= now() - current_setting('officeauto.session_idle_timeout')::interval;
        IF s.id IS NULL THEN
            RETURN false;
        END IF;
        -- Serialized with the user's logins (_open_session), so a login racing this logout
        -- either finishes first and is ended, or starts after.
        PERFORM pg_advisory_xact_lock(hashtextextended('officeauto.login:' || s.user_id::text, 0));
        WITH e AS (
            UPDATE officeauto.user_sessions SET revoked_at = now(), revoke_reason = 'logout'
             WHERE user_id = s.user_id AND revoked_at IS NULL AND (p_scope = 'all' OR id <> s.id)
            RETURNING id)
        SELECT coalesce(array_agg(id), '{}') INTO ended FROM e;
    END IF;
    UPDATE officeauto.refresh_tokens SET revoked_at = now(), revoke_reason = 'logout'
     WHERE organization_id = s.organization_id AND session_id = ANY (ended) AND revoked_at IS NULL;
    IF p_scope <> 'current' THEN
        PERFORM officeauto._log_account_event(s.organization_id, s.user_id, 'session.logout',
                                              jsonb_build_object('scope', p_scope, 'sessions_ended', cardinality(ended)));
    END IF;
    RETURN true;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.lookup_invitation(p_token text)
 RETURNS TABLE(invitation_id uuid, organization_name text, organization_slug text, email text, role text, expires_at timestamp with time zone, account_exists boolean)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    hidden boolean := officeauto._hide_statement();  -- the call carries a token
    i officeauto.invitations%ROWTYPE := officeauto._invitation_by_token(p_token, false);
BEGIN
    -- The token's holder received it at the invited address, so telling them whether that
    -- address has an account here (sign in to accept) or not (create one) discloses nothing.
    RETURN QUERY
    SELECT i.public_id, o.name, o.slug, i.email, r.name, i.expires_at,
           EXISTS (SELECT FROM officeauto.users u WHERE u.organization_id = i.organization_id
                      AND lower(u.email) = lower(i.email) AND u.deleted_at IS NULL)
      FROM officeauto.organizations o, officeauto.roles r
     WHERE o.id = i.organization_id AND r.id = i.role_id;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.reactivate_organization(p_organization uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    o officeauto.organizations := officeauto._organization_for_update(p_organization);
BEGIN
    IF o.deleted_at IS NOT NULL THEN
        RAISE EXCEPTION 'organization % is deleted; a deleted organization is never reactivated', p_organization
            USING ERRCODE = '55000';
    END IF;
    IF o.status = 'active' THEN
        RETURN false;
    END IF;
    UPDATE officeauto.organizations SET status = 'active', suspended_at = NULL, suspension_reason = NULL
     WHERE id = o.id;
    RETURN true;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.reactivate_user(p_user uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    u officeauto.users := officeauto._admin_target(p_user, 'UPDATE', 'reactivate_user');
BEGIN
    PERFORM officeauto._refuse_self(u.id, 'reactivate');
    IF u.status = 'active' THEN
        RETURN false;
    END IF;
    IF u.status = 'pending' THEN
        RAISE EXCEPTION 'a pending sign-up becomes active by verifying its e-mail address' USING ERRCODE = '55000',
            HINT = 'Send it a new token with request_email_verification().';
    END IF;
    -- The seats trigger takes the seat under a lock on the organization (OA007, OA006).
    UPDATE officeauto.users SET status = 'active' WHERE id = u.id;
    PERFORM officeauto._log_account_event(u.organization_id, u.id, 'user.reactivated',
                                          jsonb_build_object('previous_status', u.status));
    RETURN true;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.regenerate_recovery_codes(p_code text)
 RETURNS TABLE(recovery_code text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    hidden boolean := officeauto._hide_statement();
    proof record;
    u officeauto.users%ROWTYPE;
BEGIN
    SELECT * INTO proof FROM officeauto._mfa_prove_self(p_code, 'regenerate_recovery_codes', false);
    u := proof.account;
    PERFORM officeauto._log_account_event(u.organization_id, u.id, 'mfa.recovery_codes_regenerated', '{"recovery_codes": 10}');
    RETURN QUERY SELECT c.recovery_code FROM officeauto._mfa_issue_recovery_codes(u) c;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.request_email_change(p_new_email text, p_current_password text)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    hidden boolean := officeauto._hide_statement();  -- the call carries a password
    u officeauto.users%ROWTYPE := officeauto._password_acting_user('request_email_change');
    e text := btrim(p_new_email);
    t text;
BEGIN
    PERFORM officeauto._require_permission('USER', 'UPDATE', NULL, true, 'request_email_change');
    IF e IS NULL OR length(e) > 254 OR NOT officeauto.is_valid_email(e) THEN
        RAISE EXCEPTION 'new e-mail address is not a valid address' USING ERRCODE = '22023';
    END IF;
    IF lower(e) = lower(u.email) THEN
        RAISE EXCEPTION 'the new e-mail address is the current one' USING ERRCODE = '22023';
    END IF;
    -- No answer here depends on whether another account holds the address: that would tell
    -- any signed-in user which addresses have accounts, in every organization, without even
    -- the password. An address taken is refused at confirmation (OA085), to whoever holds the
    -- token sent to it.
    PERFORM officeauto._verify_current_password(u.id, p_current_password);
    t := officeauto._new_token();
    -- A new request replaces the outstanding one.
    UPDATE officeauto.email_verifications SET consumed_at = now()
     WHERE user_id = u.id AND purpose = 'change_email' AND consumed_at IS NULL;
    INSERT INTO officeauto.email_verifications (organization_id, user_id, purpose, email, token_digest, expires_at)
    VALUES (u.organization_id, u.id, 'change_email', e, officeauto.token_digest(t),
            now() + current_setting('officeauto.email_token_ttl')::interval);
    PERFORM officeauto._log_account_event(u.organization_id, u.id, 'email.change_requested',
                                          jsonb_build_object('new_email_domain', split_part(e, '@', 2)));
    RETURN t;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.request_password_reset(p_identifier text)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    t text := officeauto._new_token();  -- also loads the library, whose settings follow
    d bytea := officeauto.token_digest(t);
    key text := lower(btrim(p_identifier));
    ip inet := officeauto.current_client_ip();
    recent integer;
    u record;
    stand_in bigint;
    stand_in_org bigint;
    stand_in_email text;
BEGIN
    IF p_identifier IS NULL OR length(key) = 0 OR length(p_identifier) > 320 THEN
        RAISE EXCEPTION 'identifier must be a username or e-mail of 1 to 320 characters' USING ERRCODE = '22023';
    END IF;
    -- From here on, a known and an unknown identifier run the same statements: the throttle
    -- is counted per identifier, never per account, and the answer is a token either way.
    PERFORM pg_advisory_xact_lock(hashtextextended('officeauto.password_reset:' || key, 0));
    DELETE FROM officeauto.password_reset_requests WHERE created_at < now() - interval '1 hour';
    SELECT count(*) INTO recent FROM officeauto.password_reset_requests
     WHERE identifier_key = key AND created_at >= now() - interval '1 hour';
    IF recent >= current_setting('officeauto.password_reset_limit')::int THEN
        RAISE EXCEPTION 'too many password reset requests for this identifier' USING ERRCODE = 'OA083',
            HINT = 'Try again within the hour; a token already sent stays valid until it expires.';
    END IF;
    INSERT INTO officeauto.password_reset_requests (identifier_key, ip_address) VALUES (key, ip);
    -- Only an active account of a live organization gets a working token; any other
    -- identifier gets one of the same shape that nothing stores.
    SELECT us.id, us.organization_id, us.email INTO u
      FROM officeauto.users us JOIN officeauto.organizations o ON o.id = us.organization_id
     WHERE (lower(us.username) = key OR lower(us.email) = key) AND us.deleted_at IS NULL
       AND us.status = 'active' AND o.is_active AND o.deleted_at IS NULL
     LIMIT 1;
    -- The writes of a known account. For any other identifier the same writes are made for
    -- a stand-in account and undone: the two answers cost the same work, not a sleep's worth
    -- of guessing. A known account asked for again within the hour usually has a live token
    -- to replace, so the stand-in then has one too.
    IF recent > 0 THEN
        SELECT us.id, us.organization_id, us.email INTO stand_in, stand_in_org, stand_in_email
          FROM officeauto.email_verifications v JOIN officeauto.users us ON us.id = v.user_id
         WHERE v.purpose = 'reset_password' AND v.consumed_at IS NULL
         ORDER BY v.expires_at DESC LIMIT 1;
    ELSE
        SELECT us.id, us.organization_id, us.email INTO stand_in, stand_in_org, stand_in_email
          FROM officeauto.users us
         WHERE NOT EXISTS (SELECT FROM officeauto.email_verifications v
                            WHERE v.user_id = us.id AND v.purpose = 'reset_password' AND v.consumed_at IS NULL)
         ORDER BY us.id LIMIT 1;
    END IF;
    IF stand_in IS NULL THEN
        SELECT us.id, us.organization_id, us.email INTO stand_in, stand_in_org, stand_in_email
          FROM officeauto.users us ORDER BY us.id LIMIT 1;
    END IF;
    IF coalesce(u.id, stand_in) IS NULL THEN
        RETURN t;  -- an installation without accounts: nothing to stand in
    END IF;
    -- One request per account at a time (its username and its e-mail are two identifiers):
    -- replacing the outstanding token and inserting the new one must not interleave.
    PERFORM pg_advisory_xact_lock(hashtextextended('officeauto.password_reset_account:' || coalesce(u.id, stand_in)::text, 0));
    BEGIN
        -- A new token replaces the outstanding one.
        UPDATE officeauto.email_verifications SET consumed_at = now()
         WHERE user_id = coalesce(u.id, stand_in) AND purpose = 'reset_password' AND consumed_at IS NULL;
        INSERT INTO officeauto.email_verifications (organization_id, user_id, purpose, email, token_digest, expires_at)
        VALUES (coalesce(u.organization_id, stand_in_org), coalesce(u.id, stand_in), 'reset_password',
                coalesce(u.email, stand_in_email), d, now() + current_setting('officeauto.password_reset_ttl')::interval);
        PERFORM officeauto._log_account_event(coalesce(u.organization_id, stand_in_org),
                                              coalesce(u.id, stand_in), 'password.reset_requested',
                                              jsonb_build_object('ip', host(ip)));
        IF u.id IS NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'OA089';
        END IF;
    EXCEPTION WHEN SQLSTATE 'OA089' THEN
        NULL;
    END;
    RETURN t;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.reset_password(p_token text, p_new text)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    hidden boolean := officeauto._hide_statement();  -- the call carries a token and a password
    d bytea := officeauto.token_digest(p_token);
    v record;
    u officeauto.users%ROWTYPE;
    ended integer;
BEGIN
    -- The account's login lock first, as login and change_password take it, so that no two
    -- of them wait on each other in opposite order.
    PERFORM officeauto._lock_token_account(d, 'reset_password');
    -- Consuming is the claim: of two resets racing with one token, the second waits and then
    -- finds it consumed. A later error (the policy) rolls the claim back, so the token stays
    -- usable for a better password.
    UPDATE officeauto.email_verifications SET consumed_at = now()
     WHERE token_digest = d AND purpose = 'reset_password'
       AND consumed_at IS NULL AND expires_at > now()
    RETURNING user_id, email INTO v;
    IF v.user_id IS NOT NULL THEN
        SELECT us.* INTO u FROM officeauto.users us JOIN officeauto.organizations o ON o.id = us.organization_id
         WHERE us.id = v.user_id AND us.deleted_at IS NULL AND us.status = 'active'
           AND o.is_active AND o.deleted_at IS NULL
           -- The link went to this address; after an e-mail change it is void.
           AND lower(us.email) = lower(v.email);
    END IF;
    IF u.id IS NULL THEN
        RAISE EXCEPTION 'invalid, expired or already used token' USING ERRCODE = 'OA084';
    END IF;
    -- The lock ends now (not NULL): login counts failures since the end of the last lock, so
    -- the failures before the reset stop counting too.
    UPDATE officeauto.users
       SET password_hash = officeauto._hash_new_password(p_new, ARRAY[u.username, u.email, u.full_name]),
           locked_until = now(), lock_count = 0,
           -- Holding a token mailed to the address proves it.
           email_verified_at = coalesce(email_verified_at, now())
     WHERE id = u.id;
    WITH s AS (
        UPDATE officeauto.user_sessions SET revoked_at = now(), revoke_reason = 'password_change'
         WHERE user_id = u.id AND revoked_at IS NULL RETURNING id)
    SELECT count(*) INTO ended FROM s;
    UPDATE officeauto.refresh_tokens SET revoked_at = now(), revoke_reason = 'password_change'
     WHERE organization_id = u.organization_id AND user_id = u.id AND revoked_at IS NULL;
    -- Whatever someone else set in motion with the old password goes too: an address change
    -- waiting for confirmation (the way back into the account), a login waiting for its
    -- second factor.
    UPDATE officeauto.email_verifications SET consumed_at = now()
     WHERE user_id = u.id AND consumed_at IS NULL;
    DELETE FROM officeauto.mfa_challenges WHERE user_id = u.id;
    PERFORM officeauto._log_account_event(u.organization_id, u.id, 'password.reset',
                                          jsonb_build_object('sessions_ended', ended));
    RETURN u.public_id;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.revoke_invitation(p_invitation uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    org bigint := officeauto._tenant();
    i officeauto.invitations%ROWTYPE;
BEGIN
    PERFORM officeauto._require_permission('USER', 'CREATE', NULL, false, 'revoke_invitation');
    SELECT * INTO i FROM officeauto.invitations WHERE public_id = p_invitation AND organization_id = org FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no invitation % in the current organization', coalesce(p_invitation::text, 'NULL')
            USING ERRCODE = 'P0002';
    END IF;
    IF officeauto._invitation_status(i) <> 'pending' THEN
        RAISE EXCEPTION 'the invitation is %, not pending', officeauto._invitation_status(i) USING ERRCODE = 'OA074';
    END IF;
    UPDATE officeauto.invitations SET revoked_at = now(), revoked_by = officeauto.current_user_id() WHERE id = i.id;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.revoke_reporting_access(p_role regrole, p_organization uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    n integer;
BEGIN
    IF p_role IS NULL OR p_organization IS NULL THEN
        RAISE EXCEPTION 'role and organization are required' USING ERRCODE = '22023';
    END IF;
    DELETE FROM officeauto.reporting_access
     WHERE role_name = p_role::text
       AND organization_id = (SELECT id FROM officeauto.organizations WHERE public_id = p_organization);
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n > 0 THEN
        PERFORM officeauto.log_activity('revoke_reporting_access', jsonb_build_object('role', p_role::text, 'organization', p_organization));
    END IF;
    RETURN n > 0;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.rotate_totp_keys(batch_size integer DEFAULT 1000)
 RETURNS bigint
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    cur text;
    n bigint;
    total bigint := 0;
BEGIN
    IF batch_size IS NULL OR batch_size < 1 OR batch_size > 100000 THEN
        RAISE EXCEPTION 'batch_size must be between 1 and 100000, got %', batch_size USING ERRCODE = '22023';
    END IF;
    SELECT k.key_id INTO cur FROM officeauto.credential_keys k WHERE k.is_current;
    IF cur IS NULL THEN
        RETURN 0;
    END IF;
    LOOP
        WITH b AS (SELECT t.id FROM officeauto.user_totp t WHERE t.key_id <> cur
                    ORDER BY t.id LIMIT batch_size FOR UPDATE SKIP LOCKED),
             r AS (SELECT t.id, officeauto._totp_reseal(t.encrypted_secret, t.organization_id, u.public_id) AS sealed
                     FROM officeauto.user_totp t JOIN b ON b.id = t.id JOIN officeauto.users u ON u.id = t.user_id)
        UPDATE officeauto.user_totp t SET encrypted_secret = r.sealed, key_id = officeauto.credential_key_id(r.sealed)
          FROM r WHERE t.id = r.id AND r.sealed IS NOT NULL;
        GET DIAGNOSTICS n = ROW_COUNT;
        EXIT WHEN n = 0;
        total := total + n;
    END LOOP;
    RETURN total;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.session_limits()
 RETURNS TABLE(client_type text, max_sessions integer, is_default boolean)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT c.t, coalesce(l.max_sessions, 1)::integer, l.id IS NULL
      FROM unnest(ARRAY['web', 'mobile', 'desktop', 'api']) WITH ORDINALITY AS c(t, n)
      LEFT JOIN officeauto.session_limits l ON l.organization_id = officeauto._tenant() AND l.client_type = c.t
     ORDER BY c.n
$function$
;

CREATE OR REPLACE FUNCTION officeauto.set_session_limit(p_client_type text, p_max_sessions integer)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    org bigint := officeauto._tenant();
    before integer;
BEGIN
    PERFORM officeauto._require_permission('ORGANIZATION', 'UPDATE', NULL, false, 'set_session_limit');
    IF p_client_type IS NULL OR p_client_type NOT IN ('web', 'mobile', 'desktop', 'api') THEN
        RAISE EXCEPTION 'client_type must be web, mobile, desktop or api' USING ERRCODE = '22023';
    END IF;
    IF p_max_sessions IS NOT NULL AND p_max_sessions NOT BETWEEN 1 AND 20 THEN
        RAISE EXCEPTION 'max_sessions must be between 1 and 20, or NULL for the default (1)' USING ERRCODE = '22023',
            DETAIL = format('Got %s.', p_max_sessions);
    END IF;
    before := officeauto._session_limit(org, p_client_type);
    IF p_max_sessions IS NULL THEN
        DELETE FROM officeauto.session_limits WHERE organization_id = org AND client_type = p_client_type;
    ELSE
        INSERT INTO officeauto.session_limits (organization_id, client_type, max_sessions)
        VALUES (org, p_client_type, p_max_sessions)
        ON CONFLICT (organization_id, client_type) DO UPDATE SET max_sessions = EXCLUDED.max_sessions
         WHERE session_limits.max_sessions IS DISTINCT FROM EXCLUDED.max_sessions;
    END IF;
    -- Sessions above a lowered limit stay until their user's next login of that client type,
    -- which trims them to the limit (least recently active first).
    RETURN before;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.set_signup_policy(p_policy text, p_domains text[] DEFAULT '{}'::text[])
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    org bigint := officeauto._tenant();
    domains text[];
BEGIN
    IF p_policy IS NULL OR p_policy NOT IN ('closed', 'invite_only', 'domains') THEN
        RAISE EXCEPTION 'policy must be closed, invite_only or domains' USING ERRCODE = '22023';
    END IF;
    IF org IS NULL THEN
        RAISE EXCEPTION 'set_signup_policy needs an organization in the context' USING ERRCODE = '28000';
    END IF;
    PERFORM officeauto._require_permission('ORGANIZATION', 'UPDATE', NULL, false, 'set_signup_policy');
    SELECT coalesce(array_agg(DISTINCT lower(btrim(d)) ORDER BY lower(btrim(d))), '{}') INTO domains
      FROM unnest(coalesce(p_domains, '{}')) d;
    IF NOT officeauto._valid_signup_domains(domains) THEN
        RAISE EXCEPTION 'domains must be at most 100 DNS names such as example.com (no wildcards, no @)'
            USING ERRCODE = '22023';
    END IF;
    IF p_policy = 'domains' AND cardinality(domains) = 0 THEN
        RAISE EXCEPTION 'the domains policy needs at least one domain' USING ERRCODE = '22023';
    END IF;
    UPDATE officeauto.organizations SET signup_policy = p_policy, signup_domains = domains WHERE id = org;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.set_subscription(p_organization uuid, p_plan text, p_status text, p_current_period_end timestamp with time zone, p_seat_limit integer)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    o officeauto.organizations;
BEGIN
    IF p_plan IS NULL OR p_plan NOT IN ('free', 'standard', 'enterprise') THEN
        RAISE EXCEPTION 'plan must be free, standard or enterprise' USING ERRCODE = '22023';
    END IF;
    IF p_status IS NULL OR p_status NOT IN ('trialing', 'active', 'past_due', 'canceled') THEN
        RAISE EXCEPTION 'subscription status must be trialing, active, past_due or canceled' USING ERRCODE = '22023';
    END IF;
    IF p_seat_limit <= 0 THEN
        RAISE EXCEPTION 'seat limit must be a positive number of users, or NULL for unlimited' USING ERRCODE = '22023';
    END IF;
    o := officeauto._organization_for_update(p_organization);
    IF o.deleted_at IS NOT NULL THEN
        RAISE EXCEPTION 'organization % is deleted', p_organization USING ERRCODE = '55000';
    END IF;
    UPDATE officeauto.organizations
       SET plan = p_plan, subscription_status = p_status, current_period_end = p_current_period_end,
           seat_limit = p_seat_limit
     WHERE id = o.id;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.sign_up(p_organization text, p_username text, p_email text, p_full_name text, p_password text)
 RETURNS TABLE(user_public_id uuid, verification_token text, verification_expires_at timestamp with time zone)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    hidden boolean := officeauto._hide_statement();  -- the call carries a password
    o record;
    email_domain text;
    new_hash text;
    uid bigint;
    pid uuid;
    tok text := officeauto._new_token();
    exp timestamptz := now() + current_setting('officeauto.email_token_ttl')::interval;
    constraint_name text;
BEGIN
    IF p_organization IS NULL OR p_username IS NULL OR p_email IS NULL OR p_full_name IS NULL OR p_password IS NULL THEN
        RAISE EXCEPTION 'organization, username, e-mail, full name and password are required' USING ERRCODE = '22023';
    END IF;
    IF length(p_email) > 254 OR NOT officeauto.is_valid_email(p_email) THEN
        RAISE EXCEPTION 'e-mail address is malformed' USING ERRCODE = '22023';
    END IF;
    PERFORM officeauto._check_new_account(p_username, p_full_name);
    SELECT id, status, deleted_at, is_active, signup_policy, signup_domains INTO o
      FROM officeauto.organizations WHERE slug = lower(btrim(p_organization)) AND deleted_at IS NULL;
    -- Unknown and not open answer alike: the sign-up page of an organization that does not take
    -- sign-ups learns nothing more than one that does not exist.
    IF o.id IS NULL OR o.signup_policy <> 'domains' THEN
        RAISE EXCEPTION 'sign-up is not open for this organization' USING ERRCODE = 'OA070',
            HINT = 'Ask the organization for an invitation.';
    END IF;
    IF NOT o.is_active THEN
        RAISE EXCEPTION 'organization suspended' USING ERRCODE = 'OA006';
    END IF;
    email_domain := lower(split_part(p_email, '@', 2));
    IF email_domain <> ALL (o.signup_domains) THEN
        RAISE EXCEPTION 'sign-up is open only to e-mail addresses of the organization''s domains' USING ERRCODE = 'OA071';
    END IF;
    -- The first account of an organization becomes its owner (tg_user_default_role); that
    -- account is made by whoever set the organization up, never by a stranger signing up.
    IF officeauto._owner_count(o.id, NULL) = 0 THEN
        RAISE EXCEPTION 'sign-up is not open for this organization' USING ERRCODE = 'OA070',
            HINT = 'The organization''s first account is created by its administrator.';
    END IF;
    -- Also for an address that is taken, so both answers cost the same.
    new_hash := officeauto._hash_new_password(p_password, ARRAY[p_username, p_email, p_full_name]);
    PERFORM officeauto._release_pending_signups(p_username, p_email);
    IF EXISTS (SELECT FROM officeauto.users WHERE lower(username) = lower(p_username) AND deleted_at IS NULL)
       OR EXISTS (SELECT FROM officeauto.signup_reservations WHERE username_key = lower(p_username)) THEN
        RAISE EXCEPTION 'username is taken' USING ERRCODE = 'OA072', HINT = 'Choose another username.';
    END IF;
    BEGIN
        INSERT INTO officeauto.users (organization_id, username, email, full_name, password_hash, signup_method, status)
        VALUES (o.id, p_username, p_email, btrim(p_full_name), new_hash, 'sign_up', 'pending')
        RETURNING id, public_id INTO uid, pid;
    EXCEPTION WHEN unique_violation THEN
        GET STACKED DIAGNOSTICS constraint_name = CONSTRAINT_NAME;
        IF constraint_name = 'users_username_key' THEN
            RAISE EXCEPTION 'username is taken' USING ERRCODE = 'OA072', HINT = 'Choose another username.';
        END IF;
        -- The address has an account. Answer as if it were new (an id and a token of the same
        -- shape, never stored; the username held as a real sign-up would hold it), so sign-up
        -- cannot tell anyone which addresses have accounts; the message the application sends
        -- to that address leads nowhere.
        INSERT INTO officeauto.signup_reservations (username_key, expires_at) VALUES (lower(p_username), exp)
        ON CONFLICT (username_key) DO UPDATE SET expires_at = excluded.expires_at;
        RETURN QUERY SELECT officeauto.uuid_generate_v7(), tok, exp;
        RETURN;
    END;
    INSERT INTO officeauto.email_verifications (organization_id, user_id, purpose, email, token_digest, expires_at)
    VALUES (o.id, uid, 'verify_email', p_email, officeauto.token_digest(tok), exp);
    PERFORM officeauto._log_account_event(o.id, uid, 'account.signed_up', jsonb_build_object('method', 'sign_up'));
    RETURN QUERY SELECT pid, tok, exp;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.suspend_organization(p_organization uuid, p_reason text)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    o officeauto.organizations;
BEGIN
    IF p_reason IS NULL OR length(btrim(p_reason)) NOT BETWEEN 1 AND 1000 THEN
        RAISE EXCEPTION 'a suspension reason of 1 to 1000 characters is required' USING ERRCODE = '22023';
    END IF;
    o := officeauto._organization_for_update(p_organization);
    IF o.deleted_at IS NOT NULL THEN
        RAISE EXCEPTION 'organization % is deleted', p_organization USING ERRCODE = '55000';
    END IF;
    IF o.status = 'suspended' THEN
        RETURN false;
    END IF;
    UPDATE officeauto.organizations
       SET status = 'suspended', suspended_at = now(), suspension_reason = btrim(p_reason)
     WHERE id = o.id;
    RETURN true;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_calendar_resources()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE' OR (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL) THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        PERFORM officeauto._authorize('EVENT', act, NULL::bigint, coalesce(false, false), lower(TG_OP) || ' of officeauto.calendar_resources');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        PERFORM officeauto._authorize('EVENT', act, NULL::bigint, coalesce(false, false), lower(TG_OP) || ' of officeauto.calendar_resources');
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_change_request_approvals()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE'  THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        SELECT p.project_id INTO proj FROM officeauto.change_requests p WHERE p.id = r.change_request_id;
        IF NOT FOUND THEN proj := -1; END IF;
        PERFORM officeauto._authorize('CHANGE_REQUEST', 'UPDATE', proj, false, lower(TG_OP) || ' of officeauto.change_request_approvals');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        SELECT p.project_id INTO proj FROM officeauto.change_requests p WHERE p.id = r.change_request_id;
        IF NOT FOUND THEN proj := -1; END IF;
        PERFORM officeauto._authorize('CHANGE_REQUEST', 'UPDATE', proj, false, lower(TG_OP) || ' of officeauto.change_request_approvals');
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_change_request_impacts()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE'  THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        SELECT p.project_id INTO proj FROM officeauto.change_requests p WHERE p.id = r.change_request_id;
        IF NOT FOUND THEN proj := -1; END IF;
        PERFORM officeauto._authorize('CHANGE_REQUEST', 'UPDATE', proj, false, lower(TG_OP) || ' of officeauto.change_request_impacts');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        SELECT p.project_id INTO proj FROM officeauto.change_requests p WHERE p.id = r.change_request_id;
        IF NOT FOUND THEN proj := -1; END IF;
        PERFORM officeauto._authorize('CHANGE_REQUEST', 'UPDATE', proj, false, lower(TG_OP) || ' of officeauto.change_request_impacts');
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_change_requests()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE' OR (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL) THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        PERFORM officeauto._authorize('CHANGE_REQUEST', act, r.project_id, coalesce(CASE WHEN act = 'DELETE' THEN r.requested_by = me ELSE r.requested_by = me OR r.assignee_id = me END, false), lower(TG_OP) || ' of officeauto.change_requests');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        PERFORM officeauto._authorize('CHANGE_REQUEST', act, r.project_id, coalesce(CASE WHEN act = 'DELETE' THEN r.requested_by = me ELSE r.requested_by = me OR r.assignee_id = me END, false), lower(TG_OP) || ' of officeauto.change_requests');
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.requested_by) IS DISTINCT FROM (OLD.requested_by) AND officeauto._acting_user() IS NOT NULL
       AND NOT officeauto._may_all('CHANGE_REQUEST', 'UPDATE') THEN
        RAISE EXCEPTION 'permission denied: changing requested_by of officeauto.change_requests needs the CHANGE_REQUEST UPDATE permission at GLOBAL scope'
            USING ERRCODE = '42501';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_clients()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE' OR (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL) THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        PERFORM officeauto._authorize('CLIENT', act, NULL::bigint, coalesce(r.owner_user_id = me, false), lower(TG_OP) || ' of officeauto.clients');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        PERFORM officeauto._authorize('CLIENT', act, NULL::bigint, coalesce(r.owner_user_id = me, false), lower(TG_OP) || ' of officeauto.clients');
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.owner_user_id) IS DISTINCT FROM (OLD.owner_user_id) AND officeauto._acting_user() IS NOT NULL
       AND NOT officeauto._may_all('CLIENT', 'UPDATE') THEN
        RAISE EXCEPTION 'permission denied: changing owner_user_id of officeauto.clients needs the CLIENT UPDATE permission at GLOBAL scope'
            USING ERRCODE = '42501';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_comments()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto._acting_user();
BEGIN
    IF me IS NULL THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.author_id IS DISTINCT FROM me THEN
            RAISE EXCEPTION 'permission denied: a comment is written in its author''s name' USING ERRCODE = '42501';
        END IF;
        IF NOT officeauto._entity_visible(NEW.entity_type, NEW.entity_id) THEN
            RAISE EXCEPTION 'permission denied: no visible % with id %', NEW.entity_type, NEW.entity_id USING ERRCODE = '42501';
        END IF;
        RETURN NEW;
    END IF;
    IF OLD.author_id IS DISTINCT FROM me THEN
        RAISE EXCEPTION 'permission denied: only its author changes a comment' USING ERRCODE = '42501';
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.entity_type, NEW.entity_id, NEW.author_id, NEW.parent_id)
                            IS DISTINCT FROM (OLD.entity_type, OLD.entity_id, OLD.author_id, OLD.parent_id) THEN
        RAISE EXCEPTION 'permission denied: a comment stays where and by whom it was written; edit its body'
            USING ERRCODE = '42501';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_credentials()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE' OR (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL) THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        PERFORM officeauto._authorize('CREDENTIAL', act, NULL::bigint, coalesce(r.created_by = me, false), lower(TG_OP) || ' of officeauto.credentials');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        PERFORM officeauto._authorize('CREDENTIAL', act, NULL::bigint, coalesce(r.created_by = me, false), lower(TG_OP) || ' of officeauto.credentials');
    END IF;
    IF TG_OP = 'INSERT' AND NEW.created_by IS DISTINCT FROM me AND officeauto._acting_user() IS NOT NULL THEN
        RAISE EXCEPTION 'permission denied: created_by must be the acting user (leave it to its default)'
            USING ERRCODE = '42501';
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.created_by) IS DISTINCT FROM (OLD.created_by) AND officeauto._acting_user() IS NOT NULL
       AND NOT officeauto._may_all('CREDENTIAL', 'UPDATE') THEN
        RAISE EXCEPTION 'permission denied: changing created_by of officeauto.credentials needs the CREDENTIAL UPDATE permission at GLOBAL scope'
            USING ERRCODE = '42501';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_document_relations()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE'  THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        SELECT p.project_id INTO proj FROM officeauto.documents p WHERE p.id = r.source_document_id;
        IF NOT FOUND THEN proj := -1; END IF;
        PERFORM officeauto._authorize('DOCUMENT', 'UPDATE', proj, false, lower(TG_OP) || ' of officeauto.document_relations');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        SELECT p.project_id INTO proj FROM officeauto.documents p WHERE p.id = r.source_document_id;
        IF NOT FOUND THEN proj := -1; END IF;
        PERFORM officeauto._authorize('DOCUMENT', 'UPDATE', proj, false, lower(TG_OP) || ' of officeauto.document_relations');
    END IF;
    IF TG_OP = 'INSERT' AND NEW.created_by IS DISTINCT FROM me AND officeauto._acting_user() IS NOT NULL THEN
        RAISE EXCEPTION 'permission denied: created_by must be the acting user (leave it to its default)'
            USING ERRCODE = '42501';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_document_versions()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE'  THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        SELECT p.project_id INTO proj FROM officeauto.documents p WHERE p.id = r.document_id;
        IF NOT FOUND THEN proj := -1; END IF;
        PERFORM officeauto._authorize('DOCUMENT', 'UPDATE', proj, false, lower(TG_OP) || ' of officeauto.document_versions');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        SELECT p.project_id INTO proj FROM officeauto.documents p WHERE p.id = r.document_id;
        IF NOT FOUND THEN proj := -1; END IF;
        PERFORM officeauto._authorize('DOCUMENT', 'UPDATE', proj, false, lower(TG_OP) || ' of officeauto.document_versions');
    END IF;
    IF TG_OP = 'INSERT' AND NEW.created_by IS DISTINCT FROM me AND officeauto._acting_user() IS NOT NULL THEN
        RAISE EXCEPTION 'permission denied: created_by must be the acting user (leave it to its default)'
            USING ERRCODE = '42501';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_documents()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE' OR (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL) THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        PERFORM officeauto._authorize('DOCUMENT', act, r.project_id, coalesce(r.author_id = me, false), lower(TG_OP) || ' of officeauto.documents');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        PERFORM officeauto._authorize('DOCUMENT', act, r.project_id, coalesce(r.author_id = me, false), lower(TG_OP) || ' of officeauto.documents');
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.author_id) IS DISTINCT FROM (OLD.author_id) AND officeauto._acting_user() IS NOT NULL
       AND NOT officeauto._may_all('DOCUMENT', 'UPDATE') THEN
        RAISE EXCEPTION 'permission denied: changing author_id of officeauto.documents needs the DOCUMENT UPDATE permission at GLOBAL scope'
            USING ERRCODE = '42501';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_documents_ingest()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE'  THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        PERFORM officeauto._authorize('DOCUMENT', act, r.project_id, coalesce(r.uploaded_by = me, false), lower(TG_OP) || ' of officeauto.documents_ingest');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        PERFORM officeauto._authorize('DOCUMENT', act, r.project_id, coalesce(r.uploaded_by = me, false), lower(TG_OP) || ' of officeauto.documents_ingest');
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.uploaded_by) IS DISTINCT FROM (OLD.uploaded_by) AND officeauto._acting_user() IS NOT NULL
       AND NOT officeauto._may_all('DOCUMENT', 'UPDATE') THEN
        RAISE EXCEPTION 'permission denied: changing uploaded_by of officeauto.documents_ingest needs the DOCUMENT UPDATE permission at GLOBAL scope'
            USING ERRCODE = '42501';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_events()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE' OR (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL) THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        PERFORM officeauto._authorize('EVENT', act, NULL::bigint, coalesce(r.organizer_id = me, false), lower(TG_OP) || ' of officeauto.events');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        PERFORM officeauto._authorize('EVENT', act, NULL::bigint, coalesce(r.organizer_id = me, false), lower(TG_OP) || ' of officeauto.events');
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.organizer_id) IS DISTINCT FROM (OLD.organizer_id) AND officeauto._acting_user() IS NOT NULL
       AND NOT officeauto._may_all('EVENT', 'UPDATE') THEN
        RAISE EXCEPTION 'permission denied: changing organizer_id of officeauto.events needs the EVENT UPDATE permission at GLOBAL scope'
            USING ERRCODE = '42501';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_file_versions()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE'  THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        SELECT NULL::bigint INTO proj FROM officeauto.files p WHERE p.id = r.file_id;
        IF NOT FOUND THEN proj := -1; END IF;
        PERFORM officeauto._authorize('DOCUMENT', 'UPDATE', proj, false, lower(TG_OP) || ' of officeauto.file_versions');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        SELECT NULL::bigint INTO proj FROM officeauto.files p WHERE p.id = r.file_id;
        IF NOT FOUND THEN proj := -1; END IF;
        PERFORM officeauto._authorize('DOCUMENT', 'UPDATE', proj, false, lower(TG_OP) || ' of officeauto.file_versions');
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_files()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE' OR (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL) THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        PERFORM officeauto._authorize('DOCUMENT', act, NULL::bigint, coalesce(r.owner_id = me, false), lower(TG_OP) || ' of officeauto.files');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        PERFORM officeauto._authorize('DOCUMENT', act, NULL::bigint, coalesce(r.owner_id = me, false), lower(TG_OP) || ' of officeauto.files');
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.owner_id) IS DISTINCT FROM (OLD.owner_id) AND officeauto._acting_user() IS NOT NULL
       AND NOT officeauto._may_all('DOCUMENT', 'UPDATE') THEN
        RAISE EXCEPTION 'permission denied: changing owner_id of officeauto.files needs the DOCUMENT UPDATE permission at GLOBAL scope'
            USING ERRCODE = '42501';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_lots()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE' OR (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL) THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        PERFORM officeauto._authorize('LOT', act, NULL::bigint, coalesce(r.user_id = me, false), lower(TG_OP) || ' of officeauto.lots');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        PERFORM officeauto._authorize('LOT', act, NULL::bigint, coalesce(r.user_id = me, false), lower(TG_OP) || ' of officeauto.lots');
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.user_id) IS DISTINCT FROM (OLD.user_id) AND officeauto._acting_user() IS NOT NULL
       AND NOT officeauto._may_all('LOT', 'UPDATE') THEN
        RAISE EXCEPTION 'permission denied: changing user_id of officeauto.lots needs the LOT UPDATE permission at GLOBAL scope'
            USING ERRCODE = '42501';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_messages()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto._acting_user();
BEGIN
    IF me IS NULL THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.sender_id IS DISTINCT FROM me THEN
            RAISE EXCEPTION 'permission denied: a message is sent in its sender''s name' USING ERRCODE = '42501';
        END IF;
        PERFORM officeauto._authorize('MESSAGE', 'CREATE', NULL, true, 'insert of officeauto.messages');
    ELSIF TG_OP = 'UPDATE' AND me = OLD.recipient_id AND me IS DISTINCT FROM OLD.sender_id THEN
        -- The recipient marks a message read, nothing else.
        IF (NEW.sender_id, NEW.recipient_id, NEW.conversation_id, NEW.body, NEW.deleted_at)
           IS DISTINCT FROM (OLD.sender_id, OLD.recipient_id, OLD.conversation_id, OLD.body, OLD.deleted_at) THEN
            RAISE EXCEPTION 'permission denied: the recipient of a message only marks it read' USING ERRCODE = '42501';
        END IF;
    ELSE
        PERFORM officeauto._authorize('MESSAGE', CASE WHEN TG_OP = 'DELETE' OR (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL)
                                                      THEN 'DELETE' ELSE 'UPDATE' END,
                                      NULL, me = OLD.sender_id, lower(TG_OP) || ' of officeauto.messages');
        IF TG_OP = 'UPDATE' AND NEW.sender_id IS DISTINCT FROM OLD.sender_id THEN
            RAISE EXCEPTION 'permission denied: a message keeps its sender' USING ERRCODE = '42501';
        END IF;
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_organizations()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE' OR (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL) THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        PERFORM officeauto._authorize('ORGANIZATION', act, NULL::bigint, coalesce(false, false), lower(TG_OP) || ' of officeauto.organizations');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        PERFORM officeauto._authorize('ORGANIZATION', act, NULL::bigint, coalesce(false, false), lower(TG_OP) || ' of officeauto.organizations');
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_personal()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto._acting_user();
    holder bigint;
BEGIN
    IF me IS NULL THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'INSERT' THEN
        -- An item is about something its sender can see (the lookups run under the sender's
        -- policies), so the inbox cannot be used to probe for rows one may not see.
        IF TG_TABLE_NAME = 'cartable' THEN
            IF NOT (EXISTS (SELECT FROM officeauto.tasks t WHERE t.id = NEW.task_id)
                    OR EXISTS (SELECT FROM officeauto.documents d WHERE d.id = NEW.document_id)
                    OR EXISTS (SELECT FROM officeauto.change_requests c WHERE c.id = NEW.change_request_id)) THEN
                RAISE EXCEPTION 'permission denied: a cartable item must refer to a task, document or change request the sender can see'
                    USING ERRCODE = '42501';
            END IF;
        END IF;
        RETURN NEW;
    END IF;
    -- Separate statements: PL/pgSQL plans each only when it runs, and each table has one column.
    IF TG_TABLE_NAME = 'notifications' THEN
        holder := OLD.recipient_id;
    ELSE
        holder := OLD.user_id;
    END IF;
    IF holder IS DISTINCT FROM me THEN
        RAISE EXCEPTION 'permission denied: only its holder changes a % row', TG_TABLE_NAME USING ERRCODE = '42501';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_project_members()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE'  THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        SELECT p.id INTO proj FROM officeauto.projects p WHERE p.id = r.project_id;
        IF NOT FOUND THEN proj := -1; END IF;
        PERFORM officeauto._authorize('PROJECT', 'UPDATE', proj, false, lower(TG_OP) || ' of officeauto.project_members');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        SELECT p.id INTO proj FROM officeauto.projects p WHERE p.id = r.project_id;
        IF NOT FOUND THEN proj := -1; END IF;
        PERFORM officeauto._authorize('PROJECT', 'UPDATE', proj, false, lower(TG_OP) || ' of officeauto.project_members');
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_project_tags()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE'  THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        SELECT p.id INTO proj FROM officeauto.projects p WHERE p.id = r.project_id;
        IF NOT FOUND THEN proj := -1; END IF;
        PERFORM officeauto._authorize('PROJECT', 'UPDATE', proj, false, lower(TG_OP) || ' of officeauto.project_tags');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        SELECT p.id INTO proj FROM officeauto.projects p WHERE p.id = r.project_id;
        IF NOT FOUND THEN proj := -1; END IF;
        PERFORM officeauto._authorize('PROJECT', 'UPDATE', proj, false, lower(TG_OP) || ' of officeauto.project_tags');
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_projects()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE' OR (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL) THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        PERFORM officeauto._authorize('PROJECT', act, r.id, coalesce(CASE WHEN act = 'DELETE' THEN r.created_by = me ELSE r.manager_id = me OR r.created_by = me END, false), lower(TG_OP) || ' of officeauto.projects');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        PERFORM officeauto._authorize('PROJECT', act, r.id, coalesce(CASE WHEN act = 'DELETE' THEN r.created_by = me ELSE r.manager_id = me OR r.created_by = me END, false), lower(TG_OP) || ' of officeauto.projects');
    END IF;
    IF TG_OP = 'INSERT' AND NEW.created_by IS DISTINCT FROM me AND officeauto._acting_user() IS NOT NULL THEN
        RAISE EXCEPTION 'permission denied: created_by must be the acting user (leave it to its default)'
            USING ERRCODE = '42501';
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.created_by, NEW.manager_id) IS DISTINCT FROM (OLD.created_by, OLD.manager_id) AND officeauto._acting_user() IS NOT NULL
       AND NOT officeauto._may_all('PROJECT', 'UPDATE') THEN
        RAISE EXCEPTION 'permission denied: changing created_by or manager_id of officeauto.projects needs the PROJECT UPDATE permission at GLOBAL scope'
            USING ERRCODE = '42501';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_roles()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE' OR (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL) THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        PERFORM officeauto._authorize('ROLE', act, NULL::bigint, coalesce(false, false), lower(TG_OP) || ' of officeauto.roles');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        PERFORM officeauto._authorize('ROLE', act, NULL::bigint, coalesce(false, false), lower(TG_OP) || ' of officeauto.roles');
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_storage_reference()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE'  THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        PERFORM officeauto._authorize('ORGANIZATION', act, NULL::bigint, coalesce(false, false), lower(TG_OP) || ' of officeauto.storage_reference');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        PERFORM officeauto._authorize('ORGANIZATION', act, NULL::bigint, coalesce(false, false), lower(TG_OP) || ' of officeauto.storage_reference');
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_tag_reference()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE' OR (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL) THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        PERFORM officeauto._authorize('PROJECT', act, NULL::bigint, coalesce(false, false), lower(TG_OP) || ' of officeauto.tag_reference');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        PERFORM officeauto._authorize('PROJECT', act, NULL::bigint, coalesce(false, false), lower(TG_OP) || ' of officeauto.tag_reference');
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_task_time_entries()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE'  THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        SELECT p.project_id INTO proj FROM officeauto.tasks p WHERE p.id = r.task_id;
        IF NOT FOUND THEN proj := -1; END IF;
        PERFORM officeauto._authorize('TASK', 'UPDATE', proj, false, lower(TG_OP) || ' of officeauto.task_time_entries');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        SELECT p.project_id INTO proj FROM officeauto.tasks p WHERE p.id = r.task_id;
        IF NOT FOUND THEN proj := -1; END IF;
        PERFORM officeauto._authorize('TASK', 'UPDATE', proj, false, lower(TG_OP) || ' of officeauto.task_time_entries');
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_tasks()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE' OR (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL) THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        PERFORM officeauto._authorize('TASK', act, r.project_id, coalesce(CASE WHEN act = 'DELETE' THEN r.created_by = me ELSE r.assignee_id = me OR r.created_by = me END, false), lower(TG_OP) || ' of officeauto.tasks');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        PERFORM officeauto._authorize('TASK', act, r.project_id, coalesce(CASE WHEN act = 'DELETE' THEN r.created_by = me ELSE r.assignee_id = me OR r.created_by = me END, false), lower(TG_OP) || ' of officeauto.tasks');
    END IF;
    IF TG_OP = 'INSERT' AND NEW.created_by IS DISTINCT FROM me AND officeauto._acting_user() IS NOT NULL THEN
        RAISE EXCEPTION 'permission denied: created_by must be the acting user (leave it to its default)'
            USING ERRCODE = '42501';
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.created_by) IS DISTINCT FROM (OLD.created_by) AND officeauto._acting_user() IS NOT NULL
       AND NOT officeauto._may_all('TASK', 'UPDATE') THEN
        RAISE EXCEPTION 'permission denied: changing created_by of officeauto.tasks needs the TASK UPDATE permission at GLOBAL scope'
            USING ERRCODE = '42501';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_test_case_relations()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE'  THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        SELECT p.project_id INTO proj FROM officeauto.test_cases p WHERE p.id = r.test_case_id;
        IF NOT FOUND THEN proj := -1; END IF;
        PERFORM officeauto._authorize('TEST_CASE', 'UPDATE', proj, false, lower(TG_OP) || ' of officeauto.test_case_relations');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        SELECT p.project_id INTO proj FROM officeauto.test_cases p WHERE p.id = r.test_case_id;
        IF NOT FOUND THEN proj := -1; END IF;
        PERFORM officeauto._authorize('TEST_CASE', 'UPDATE', proj, false, lower(TG_OP) || ' of officeauto.test_case_relations');
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_test_cases()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE' OR (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL) THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        PERFORM officeauto._authorize('TEST_CASE', act, r.project_id, coalesce(r.created_by = me, false), lower(TG_OP) || ' of officeauto.test_cases');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        PERFORM officeauto._authorize('TEST_CASE', act, r.project_id, coalesce(r.created_by = me, false), lower(TG_OP) || ' of officeauto.test_cases');
    END IF;
    IF TG_OP = 'INSERT' AND NEW.created_by IS DISTINCT FROM me AND officeauto._acting_user() IS NOT NULL THEN
        RAISE EXCEPTION 'permission denied: created_by must be the acting user (leave it to its default)'
            USING ERRCODE = '42501';
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.created_by) IS DISTINCT FROM (OLD.created_by) AND officeauto._acting_user() IS NOT NULL
       AND NOT officeauto._may_all('TEST_CASE', 'UPDATE') THEN
        RAISE EXCEPTION 'permission denied: changing created_by of officeauto.test_cases needs the TEST_CASE UPDATE permission at GLOBAL scope'
            USING ERRCODE = '42501';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_test_executions()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE'  THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        SELECT p.project_id INTO proj FROM officeauto.test_cases p WHERE p.id = r.test_case_id;
        IF NOT FOUND THEN proj := -1; END IF;
        PERFORM officeauto._authorize('TEST_CASE', 'UPDATE', proj, false, lower(TG_OP) || ' of officeauto.test_executions');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        SELECT p.project_id INTO proj FROM officeauto.test_cases p WHERE p.id = r.test_case_id;
        IF NOT FOUND THEN proj := -1; END IF;
        PERFORM officeauto._authorize('TEST_CASE', 'UPDATE', proj, false, lower(TG_OP) || ' of officeauto.test_executions');
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_authorize_users()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto.current_user_id();
    r record;
    -- A soft delete (deleted_at set) is a DELETE.
    act text := CASE WHEN TG_OP = 'INSERT' THEN 'CREATE'
                     WHEN TG_OP = 'DELETE' OR (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL) THEN 'DELETE' ELSE 'UPDATE' END;
    proj bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        r := OLD;
        
        PERFORM officeauto._authorize('USER', act, NULL::bigint, coalesce(r.id = me, false), lower(TG_OP) || ' of officeauto.users');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        r := NEW;
        
        PERFORM officeauto._authorize('USER', act, NULL::bigint, coalesce(r.id = me, false), lower(TG_OP) || ' of officeauto.users');
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_failed_login_mfa_audit()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    PERFORM officeauto._log_account_event(u.organization_id, u.id, 'mfa.failed',
                                          jsonb_build_object('ip', host(NEW.ip_address), 'failure_id', NEW.id))
       FROM officeauto.users u WHERE u.id = NEW.user_id;
    RETURN NULL;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_organization_roles()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    PERFORM officeauto._seed_roles(NEW.id);
    RETURN NULL;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_organizations_deletion_final()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS DISTINCT FROM OLD.deleted_at THEN
        RAISE EXCEPTION 'organization % is deleted; a deleted organization is never restored', OLD.public_id
            USING ERRCODE = '55000';
    END IF;
    RETURN NEW;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_revoke_inviter_invitations()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF TG_TABLE_NAME = 'user_roles' THEN
        UPDATE officeauto.invitations SET revoked_at = now()
         WHERE invited_by = OLD.user_id AND accepted_at IS NULL AND revoked_at IS NULL;
    ELSE
        UPDATE officeauto.invitations i SET revoked_at = now()
          FROM officeauto.user_roles ur
         WHERE ur.role_id = OLD.role_id AND i.invited_by = ur.user_id
           AND i.accepted_at IS NULL AND i.revoked_at IS NULL;
    END IF;
    RETURN NULL;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_roles_guard()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto._acting_user();
    role_id_ bigint;
BEGIN
    IF me IS NULL THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_TABLE_NAME = 'roles' THEN
        IF (TG_OP <> 'INSERT' AND OLD.is_system) OR (TG_OP <> 'DELETE' AND NEW.is_system) THEN
            RAISE EXCEPTION 'permission denied: built-in roles are not changed; create a custom role instead'
                USING ERRCODE = '42501';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    -- role_permissions
    FOR role_id_ IN SELECT unnest(ARRAY[CASE WHEN TG_OP <> 'INSERT' THEN OLD.role_id END,
                                        CASE WHEN TG_OP <> 'DELETE' THEN NEW.role_id END]) LOOP
        CONTINUE WHEN role_id_ IS NULL;
        PERFORM officeauto._require_permission('ROLE', 'UPDATE', NULL, false, 'a change of a role''s permissions');
        IF EXISTS (SELECT FROM officeauto.roles r WHERE r.id = role_id_ AND r.is_system) THEN
            RAISE EXCEPTION 'permission denied: built-in roles are not changed; create a custom role instead'
                USING ERRCODE = '42501';
        END IF;
    END LOOP;
    IF EXISTS (SELECT FROM officeauto.permissions p
                WHERE p.id IN (CASE WHEN TG_OP <> 'INSERT' THEN OLD.permission_id END,
                               CASE WHEN TG_OP <> 'DELETE' THEN NEW.permission_id END)
                  AND NOT officeauto.has_permission(p.resource, p.action)) THEN
        RAISE EXCEPTION 'permission denied: a permission can only be given to or taken from a role by someone holding it'
            USING ERRCODE = '42501';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_user_default_role()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    INSERT INTO officeauto.user_roles (organization_id, user_id, role_id, granted_by)
    SELECT NEW.organization_id, NEW.id, r.id, officeauto.current_user_id()
      FROM officeauto.roles r
     WHERE r.organization_id = NEW.organization_id AND r.is_system AND r.deleted_at IS NULL
       AND r.name = CASE WHEN officeauto._owner_count(NEW.organization_id, NULL) = 0 THEN 'owner' ELSE 'member' END
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_user_roles_guard()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto._acting_user();
BEGIN
    IF me IS NOT NULL THEN
        IF TG_OP <> 'INSERT' THEN
            PERFORM officeauto._check_role_change('revoke', OLD.user_id, OLD.role_id, OLD.project_id, me);
        END IF;
        IF TG_OP <> 'DELETE' THEN
            PERFORM officeauto._check_role_change('grant', NEW.user_id, NEW.role_id, NEW.project_id, me);
        END IF;
        IF TG_OP = 'INSERT' THEN
            NEW.granted_by := me;
        END IF;
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.project_id IS NULL
       AND (TG_OP = 'DELETE' OR (NEW.user_id, NEW.role_id, NEW.project_id) IS DISTINCT FROM (OLD.user_id, OLD.role_id, OLD.project_id))
       AND EXISTS (SELECT FROM officeauto.roles r WHERE r.id = OLD.role_id AND r.name = 'owner' AND r.is_system) THEN
        PERFORM officeauto._lock_organization(OLD.organization_id);
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.project_id IS NULL
       AND (TG_OP = 'DELETE' OR (NEW.user_id, NEW.role_id, NEW.project_id) IS DISTINCT FROM (OLD.user_id, OLD.role_id, OLD.project_id))
       AND EXISTS (SELECT FROM officeauto.roles r WHERE r.id = OLD.role_id AND r.name = 'owner' AND r.is_system)
       AND officeauto._loses_last_owner(OLD.organization_id, OLD.user_id) THEN
        RAISE EXCEPTION 'the organization must keep an active owner' USING ERRCODE = 'OA060',
            HINT = 'Grant the owner role to another active user first.';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_users_erased()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF OLD.erased_at IS NOT NULL AND officeauto._acting_user() IS NOT NULL THEN
        RAISE EXCEPTION 'permission denied: an erased account cannot be changed' USING ERRCODE = '42501';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_users_guard()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
DECLARE
    me bigint := officeauto._acting_user();
BEGIN
    PERFORM officeauto._check_owner_target(OLD.id, me);
    IF TG_OP = 'UPDATE' AND me = OLD.id
       AND (NEW.status, NEW.deleted_at, NEW.deleted_by, NEW.email_verified_at, NEW.two_factor_enabled,
            NEW.last_login_at, NEW.locked_until, NEW.lock_count)
           IS DISTINCT FROM (OLD.status, OLD.deleted_at, OLD.deleted_by, OLD.email_verified_at, OLD.two_factor_enabled,
                             OLD.last_login_at, OLD.locked_until, OLD.lock_count) THEN
        RAISE EXCEPTION 'permission denied: users change only their own profile (name, time zone, locale, preferences), not their status, verification, two-factor setting, lockout or deletion'
            USING ERRCODE = '42501';
    END IF;
    IF OLD.status = 'active' AND OLD.deleted_at IS NULL
       AND (TG_OP = 'DELETE' OR NEW.status <> 'active' OR NEW.deleted_at IS NOT NULL) THEN
        PERFORM officeauto._lock_organization(OLD.organization_id);
    END IF;
    IF OLD.status = 'active' AND OLD.deleted_at IS NULL
       AND (TG_OP = 'DELETE' OR NEW.status <> 'active' OR NEW.deleted_at IS NOT NULL)
       AND officeauto._loses_last_owner(OLD.organization_id, OLD.id) THEN
        RAISE EXCEPTION 'the organization must keep an active owner' USING ERRCODE = 'OA060',
            HINT = 'Grant the owner role to another active user first.';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_users_seats()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    takes_seat boolean := NEW.status = 'active' AND NEW.deleted_at IS NULL;
    o record;
    used integer;
BEGIN
    IF officeauto._is_restoring() THEN
        RETURN NEW;  -- a restore copies rows that were valid when dumped
    END IF;
    IF TG_OP = 'UPDATE' AND (NOT takes_seat OR (OLD.status = 'active' AND OLD.deleted_at IS NULL
                                                AND OLD.organization_id = NEW.organization_id)) THEN
        RETURN NEW;  -- no new seat taken (a login's update of the row ends here)
    END IF;
    IF current_setting('transaction_isolation') IN ('read committed', 'read uncommitted') THEN
        SELECT status, deleted_at, seat_limit INTO o FROM officeauto.organizations
         WHERE id = NEW.organization_id FOR NO KEY UPDATE;
    ELSE
        UPDATE officeauto.organizations SET seat_limit = seat_limit WHERE id = NEW.organization_id
        RETURNING status, deleted_at, seat_limit INTO o;
    END IF;
    IF NOT FOUND THEN
        RETURN NEW;  -- no such organization: the foreign key reports it
    END IF;
    IF o.deleted_at IS NOT NULL OR o.status <> 'active' THEN
        RAISE EXCEPTION '%', CASE WHEN o.deleted_at IS NOT NULL THEN 'organization deleted' ELSE 'organization suspended' END
            USING ERRCODE = 'OA006', HINT = 'Users cannot be added to or reactivated in a suspended or deleted organization.';
    END IF;
    IF takes_seat AND o.seat_limit IS NOT NULL THEN
        SELECT count(*) INTO used FROM officeauto.users
         WHERE organization_id = NEW.organization_id AND status = 'active' AND deleted_at IS NULL AND id <> NEW.id;
        IF used >= o.seat_limit THEN
            RAISE EXCEPTION 'seat limit reached' USING ERRCODE = 'OA007',
                DETAIL = format('The organization''s seat limit is %s active users; %s are in use.', o.seat_limit, used);
        END IF;
    END IF;
    RETURN NEW;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.tg_users_two_factor()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF NEW.two_factor_enabled IS NOT DISTINCT FROM OLD.two_factor_enabled THEN
        RETURN NEW;
    END IF;
    IF officeauto._acting_user() IS NOT NULL THEN
        RAISE EXCEPTION 'two-factor authentication is turned on by confirm_totp() and off by disable_totp() or disable_totp_for()'
            USING ERRCODE = '42501';
    END IF;
    IF NEW.two_factor_enabled AND NOT EXISTS (SELECT FROM officeauto.user_totp t
                                               WHERE t.user_id = NEW.id AND t.confirmed_at IS NOT NULL) THEN
        RAISE EXCEPTION 'user % has no confirmed TOTP enrolment', NEW.public_id USING ERRCODE = 'OA016';
    END IF;
    RETURN NEW;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.unlock_user(p_user uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    u officeauto.users := officeauto._admin_target(p_user, 'UPDATE', 'unlock_user');
    was_locked boolean;
BEGIN
    PERFORM officeauto._refuse_self(u.id, 'unlock');
    was_locked := coalesce(u.locked_until > now(), false) OR u.status = 'suspended';
    -- The lock ends now rather than vanishing: login counts failures only after the end of the
    -- last lock, so the next attempt is judged fresh while the failure records stay for the
    -- record. A suspension earned by repeated locks is lifted too (it takes a seat again).
    UPDATE officeauto.users
       SET locked_until = now(), lock_count = 0,
           status = CASE WHEN status = 'suspended' THEN 'active' ELSE status END
     WHERE id = u.id;
    PERFORM officeauto._log_account_event(u.organization_id, u.id, 'user.unlocked',
                                          jsonb_build_object('was_locked', was_locked, 'was_suspended', u.status = 'suspended'));
    RETURN was_locked;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.verify_mfa(p_challenge text, p_code text, p_ip inet DEFAULT NULL::inet, p_user_agent text DEFAULT NULL::text)
 RETURNS TABLE(session_token text, refresh_token text, user_public_id uuid, expires_at timestamp with time zone, refresh_expires_at timestamp with time zone, mfa_required boolean, mfa_challenge text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    hidden boolean := officeauto._hide_statement();  -- the call carries a code and a challenge
    d bytea;
    c officeauto.mfa_challenges%ROWTYPE;
    u officeauto.users%ROWTYPE;
    ip inet := coalesce(p_ip, inet_client_addr());
    method text;
BEGIN
    -- The second step of a login: primary only, refused before the code is looked at.
    PERFORM officeauto._require_primary('verify_mfa');
    PERFORM officeauto._mfa_require_code(p_code);
    d := officeauto.token_digest(coalesce(p_challenge, ''));
    IF d IS NOT NULL THEN
        SELECT * INTO c FROM officeauto.mfa_challenges m WHERE m.token_digest = d;
    END IF;
    IF c.id IS NULL THEN
        RAISE EXCEPTION 'invalid or expired MFA challenge' USING ERRCODE = 'OA013', HINT = 'Log in again.';
    END IF;
    PERFORM officeauto._mfa_login_lock(c.user_id);
    SELECT * INTO c FROM officeauto.mfa_challenges m WHERE m.id = c.id;
    SELECT * INTO u FROM officeauto.users WHERE id = c.user_id;
    -- A challenge answers only the client that logged in: same address, same user agent.
    IF c.id IS NULL OR c.consumed_at IS NOT NULL OR c.expires_at <= now()
       OR c.ip_address IS DISTINCT FROM ip OR c.user_agent IS DISTINCT FROM left(p_user_agent, 1024)
       OR u.deleted_at IS NOT NULL OR NOT u.two_factor_enabled THEN
        RAISE EXCEPTION 'invalid or expired MFA challenge' USING ERRCODE = 'OA013', HINT = 'Log in again.';
    END IF;
    IF u.locked_until > now() THEN
        PERFORM officeauto._record_login_failure_or_refuse(u.id, 'mfa:' || u.username, host(ip), 'locked');
        RAISE EXCEPTION 'account is temporarily locked after repeated failed logins'
            USING ERRCODE = 'OA002', DETAIL = format('Locked until %s.', to_char(u.locked_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
    END IF;
    -- A challenge survives a few wrong codes (typos), not a search: after five failed logins
    -- of the account since it was issued (fewer if officeauto.lockout_failures is lower) it is
    -- dead, even when a raised lockout threshold has not locked the account yet.
    IF (SELECT count(*) FROM officeauto.failed_login_attempts f
         WHERE f.user_id = u.id AND f.reason = 'invalid_credentials' AND f.created_at >= c.created_at)
       >= least(current_setting('officeauto.lockout_failures')::int, 5) THEN
        RAISE EXCEPTION 'MFA challenge ended after too many wrong codes' USING ERRCODE = 'OA013', HINT = 'Log in again.';
    END IF;
    -- The password was checked at login; the account's state may have changed since.
    PERFORM officeauto._require_live_organization(u.organization_id);
    IF u.status <> 'active' THEN
        RAISE EXCEPTION 'account is %', u.status USING ERRCODE = 'OA005';
    END IF;

    method := officeauto._mfa_check_code(u, p_code, ip, true);

    UPDATE officeauto.mfa_challenges SET consumed_at = now() WHERE id = c.id AND consumed_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'invalid or expired MFA challenge' USING ERRCODE = 'OA013', HINT = 'Log in again.';
    END IF;
    -- Only now is the login complete: the lockout state resets as after a plain login.
    UPDATE officeauto.users SET last_login_at = now(), lock_count = 0, locked_until = NULL WHERE id = u.id;
    PERFORM officeauto._log_account_event(u.organization_id, u.id, 'mfa.succeeded',
                                          jsonb_build_object('method', method, 'client_type', c.client_type));
    RETURN QUERY SELECT o.session_token, o.refresh_token, u.public_id, o.expires_at, o.refresh_expires_at, false, NULL::text
                   FROM officeauto._open_session(u.id, u.organization_id, c.client_type, c.ip_address, c.user_agent) o;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._apply_family_revocation(p_family uuid)
 RETURNS bigint
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT set_config('lock_timeout', '5s', true);
    UPDATE officeauto.user_sessions SET revoked_at = now(), revoke_reason = 'refresh_reuse'
     WHERE revoked_at IS NULL AND id IN (SELECT session_id FROM officeauto.refresh_tokens WHERE family_id = p_family);
    UPDATE officeauto.refresh_tokens SET revoked_at = now(), revoke_reason = 'reuse_detected'
     WHERE family_id = p_family AND revoked_at IS NULL;
    SELECT 0::bigint;
$function$
;

CREATE OR REPLACE FUNCTION officeauto._apply_login_failure(p_user bigint, p_identifier text, p_ip inet, p_reason text)
 RETURNS bigint
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    u record;
    t record;
    n integer;
    d record;
    fid bigint;
    key text := left(lower(btrim(coalesce(p_identifier, ''))), 320);
BEGIN
    -- Never wait long: the login that asked for this waits for us (and a caller holding the
    -- account row in its own open transaction must not make both wait forever).
    PERFORM set_config('lock_timeout', '5s', true);
    -- Stored without surrounding spaces, as login() and the counts below match it
    -- (lower(identifier) = key): ' name' must count towards 'name', or an unknown identifier
    -- padded with spaces would never be throttled while an account always is.
    INSERT INTO officeauto.failed_login_attempts (identifier, user_id, ip_address, reason)
    VALUES (coalesce(nullif(left(btrim(p_identifier), 320), ''), '?'), p_user, p_ip, p_reason)
    RETURNING id INTO fid;
    IF p_reason = 'captcha_required' THEN
        INSERT INTO officeauto.captcha_attempts (identifier, ip_address, required, passed)
        VALUES (nullif(left(btrim(p_identifier), 320), ''), p_ip, true, false);
    END IF;
    IF p_reason <> 'invalid_credentials' THEN
        RETURN fid;
    END IF;
    -- The policy itself (threshold, growing and capped lock, suspension) is pure Rust:
    -- officeauto_core::lockout, unit-tested without a server.
    IF p_user IS NOT NULL THEN
        SELECT id, last_login_at, locked_until, lock_count INTO u FROM officeauto.users WHERE id = p_user FOR UPDATE;
        SELECT count(*) INTO n FROM officeauto.failed_login_attempts f
         WHERE f.user_id = p_user AND f.reason = 'invalid_credentials'
           AND f.created_at > greatest(now() - current_setting('officeauto.lockout_window')::interval,
                                       coalesce(u.last_login_at, '-infinity'), coalesce(u.locked_until, '-infinity'));
        SELECT * INTO d FROM officeauto._lockout_decision(n, u.lock_count);
        IF d.lock_seconds > 0 THEN
            UPDATE officeauto.users
               SET lock_count = lock_count + 1, locked_until = now() + make_interval(secs => d.lock_seconds),
                   status = CASE WHEN d.suspend THEN 'suspended' ELSE status END
             WHERE id = p_user;
            -- A negative id tells login() that this attempt suspended the account: if its
            -- password turns out right, the suspension was never earned and is undone.
            IF d.suspend AND u.lock_count IS NOT NULL THEN
                RETURN -fid;
            END IF;
        END IF;
    ELSE
        -- An identifier that matches no account gets the same lock an account would.
        INSERT INTO officeauto.login_throttle (identifier_key) VALUES (key)
        ON CONFLICT (identifier_key) DO NOTHING;
        SELECT locked_until, lock_count INTO t FROM officeauto.login_throttle WHERE identifier_key = key FOR UPDATE;
        SELECT count(*) INTO n FROM officeauto.failed_login_attempts f
         WHERE lower(f.identifier) = key AND f.user_id IS NULL AND f.reason = 'invalid_credentials'
           AND f.created_at > greatest(now() - current_setting('officeauto.lockout_window')::interval,
                                       coalesce(t.locked_until, '-infinity'));
        SELECT * INTO d FROM officeauto._lockout_decision(n, t.lock_count);
        IF d.lock_seconds > 0 THEN
            UPDATE officeauto.login_throttle
               SET lock_count = lock_count + 1, locked_until = now() + make_interval(secs => d.lock_seconds),
                   updated_at = now()
             WHERE identifier_key = key;
        END IF;
    END IF;
    RETURN fid;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._grant_table(tbl regclass, app text, readonly boolean, secret_columns text[] DEFAULT '{}'::text[])
 RETURNS void
 LANGUAGE plpgsql
AS $function$
DECLARE
    visible text;
    writable text;
    grantees text;
    seq text;
BEGIN
    EXECUTE format('GRANT ALL ON %s TO officeauto_admin', tbl);
    -- A pg_dump run by an officeauto_admin member reads the table's sequences as well.
    FOR seq IN
        SELECT pg_get_serial_sequence(tbl::text, attname) FROM pg_attribute
         WHERE attrelid = tbl AND attnum > 0 AND NOT attisdropped
    LOOP
        CONTINUE WHEN seq IS NULL;
        EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %s TO officeauto_admin', seq);
    END LOOP;
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO visible
      FROM pg_attribute
     WHERE attrelid = tbl AND attnum > 0 AND NOT attisdropped AND attname <> ALL (secret_columns);
    grantees := concat_ws(', ', CASE WHEN app <> 'none' THEN 'officeauto_app' END,
                                CASE WHEN readonly THEN 'officeauto_readonly' END);
    IF grantees <> '' THEN
        EXECUTE format('GRANT SELECT (%s) ON %s TO %s', visible, tbl, grantees);
    END IF;
    IF app = 'crud' THEN
        -- Column by column, never id or public_id: keys are the server's to hand out. Whoever
        -- may choose a key value can probe it, because a unique check answers 23505 for a value
        -- another organization holds before any foreign key or policy is consulted; without
        -- INSERT on the column, OVERRIDING SYSTEM VALUE is refused too.
        SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO writable
          FROM pg_attribute
         WHERE attrelid = tbl AND attnum > 0 AND NOT attisdropped
           AND attname NOT IN ('id', 'public_id') AND attidentity = '' AND attgenerated = '';
        EXECUTE format('GRANT INSERT (%1$s), UPDATE (%1$s) ON %2$s TO officeauto_app', writable, tbl);
        EXECUTE format('GRANT DELETE ON %s TO officeauto_app', tbl);
    END IF;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._index_audit_partition(part regclass)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
BEGIN
    -- Every audited write pays, inside the writer's transaction, for each index its audit row
    -- enters. So each index below names the query it serves, and a row change enters three
    -- btrees: id, record_id, organization. Time columns come second in a key (ascending:
    -- rows arrive in time order, so pages fill up before they split; newest-first reads scan
    -- backwards); a time range across tenants is served by the monthly partitions themselves.
    --
    -- The identity of an audit row: archive_audit_logs() moves rows in batches by id, the
    -- history views expose it as audit_id, logical replication needs a key.
    EXECUTE format('ALTER TABLE %s ADD PRIMARY KEY (id)', part);
    -- A row's whole history (README: WHERE record_id = audit_record_id(...)). Without
    -- deduplication: its keys repeat only when one transaction changes the same row twice
    -- (created_at is the transaction's start), so the pass a full leaf page would otherwise get
    -- before every split finds next to nothing to merge, and record ids are random, so pages
    -- fill and split all over the index.
    EXECUTE format('CREATE INDEX ON %s (record_id, created_at) WITH (deduplicate_items = off)
                    WHERE record_id IS NOT NULL', part);
    -- Every tenant read: row-level security adds organization_id = the tenant, and the trail
    -- is read newest first.
    EXECUTE format('CREATE INDEX ON %s (organization_id, created_at)', part);
    -- project_history and document_history by id (README: WHERE project_id = 3). Partial:
    -- only rows of those two tables enter it, and the writer leaves it alone for the others.
    EXECUTE format($i$CREATE INDEX ON %s (table_name, ((row_pk ->> 'id')::bigint), created_at)
                      WHERE table_name IN ('officeauto.projects', 'officeauto.documents')$i$, part);
    -- Application events (log_activity) by their metadata:
    -- WHERE table_name IS NULL AND metadata @> '{"format": "csv"}'. Row changes (which have a
    -- table and no metadata) stay out of it.
    EXECUTE format('CREATE INDEX ON %s USING gin (metadata jsonb_path_ops) WHERE table_name IS NULL', part);
    -- Storage: a partition is append-only, so autovacuum visits it only for inserts, by default
    -- once 20% more rows than it held arrived: the newest rows, read most, are the ones the
    -- visibility map does not cover, and index-only scans of them go to the heap. At 2% it
    -- keeps up. bench/storage.sh, 200,000 rows in 40 batches (the rule applied after each):
    -- default 12 vacuums (1.7-2.4 s in all), 92% of the heap all-visible on average, 36% of
    -- the last 5 batches' rows fetched from the heap by an index-only count; at 0.02, 40
    -- vacuums (3.9-4.6 s), 100% and 0%. (Partitioned parents take no storage parameters.)
    EXECUTE format('ALTER TABLE %s SET (autovacuum_vacuum_insert_scale_factor = 0.02)', part);
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto._setup_table(tbl regclass, tenant_column text DEFAULT 'organization_id'::text, dump_filter text DEFAULT ''::text)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
DECLARE
    has_version boolean;
    has_updated boolean;
    fk record;
    seq text;
    all_nullable boolean;
BEGIN
    SELECT coalesce(bool_or(attname = 'version' AND atttypid = 'integer'::regtype), false),
           coalesce(bool_or(attname = 'updated_at'), false)
      INTO has_version, has_updated
      FROM pg_attribute WHERE attrelid = tbl AND attnum > 0 AND NOT attisdropped;

    IF has_updated THEN
        EXECUTE format('CREATE TRIGGER row_conventions BEFORE UPDATE ON %s
                        FOR EACH ROW EXECUTE FUNCTION officeauto.tg_row_conventions(%L)',
                       tbl, CASE WHEN has_version THEN 'versioned' ELSE 'plain' END);
    END IF;

    -- Every foreign key gets an index whose leading columns are the key, so deleting or
    -- re-keying a parent never scans the child. Optional keys get a partial index: most rows
    -- leave them NULL, and the planner proves "col = $1" implies "col IS NOT NULL".
    FOR fk IN
        SELECT c.conname, c.conkey,
               array_agg(quote_ident(a.attname) ORDER BY k.ord) AS cols,
               bool_and(NOT a.attnotnull) FILTER (WHERE a.attname <> 'organization_id') AS nullable
          FROM pg_constraint c
          CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
         WHERE c.conrelid = tbl AND c.contype = 'f'
         GROUP BY c.conname, c.conkey
    LOOP
        CONTINUE WHEN EXISTS (
            SELECT FROM pg_index i
             WHERE i.indrelid = tbl
               AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(fk.conkey)] @> fk.conkey
               AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(fk.conkey)] <@ fk.conkey);
        all_nullable := coalesce(fk.nullable, false);
        EXECUTE format('CREATE INDEX ON %s (%s)%s', tbl, array_to_string(fk.cols, ', '),
                       CASE WHEN all_nullable
                            THEN ' WHERE ' || fk.cols[cardinality(fk.cols)] || ' IS NOT NULL'
                            ELSE '' END);
    END LOOP;

    IF tenant_column IS NOT NULL THEN
        EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
        EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
        -- The application's policy: USING filters SELECT/UPDATE/DELETE, WITH CHECK rejects
        -- INSERTs and UPDATEs that would put a row in another organization (SQLSTATE 42501).
        -- _tenant() raises 28000 when the transaction has no authenticated context, so a
        -- forgotten authenticate() is an error rather than empty results. The scalar sub-select
        -- makes it an InitPlan, evaluated once per statement, not per row. sql/16_authorization
        -- narrows USING to the rows the user's permissions allow.
        EXECUTE format('CREATE POLICY tenant_isolation ON %s TO officeauto_app
                        USING (%I = (SELECT officeauto._tenant()))
                        WITH CHECK (%I = (SELECT officeauto._tenant()))',
                       tbl, tenant_column, tenant_column);
        EXECUTE format('CREATE POLICY admin_all_tenants ON %s TO officeauto_admin
                        USING (true) WITH CHECK (true)', tbl);
        -- Reporting logins read the organizations granted to them (grant_reporting_access).
        EXECUTE format('CREATE POLICY reporting_read ON %s FOR SELECT TO officeauto_readonly
                        USING (%I = ANY ((SELECT officeauto._reporting_organizations())::bigint[]))',
                       tbl, tenant_column);
    END IF;

    IF dump_filter IS NOT NULL THEN
        PERFORM pg_catalog.pg_extension_config_dump(tbl, dump_filter);
        -- The identity sequence too, or a restored database would hand out ids again from 1.
        FOR seq IN
            SELECT pg_get_serial_sequence(tbl::text, attname) FROM pg_attribute
             WHERE attrelid = tbl AND attidentity <> '' AND NOT attisdropped
        LOOP
            PERFORM pg_catalog.pg_extension_config_dump(seq::regclass, '');
        END LOOP;
        -- pg_restore -j loads the dumped rows of these tables in any order (see
        -- restore_load_trigger); the end trigger fires ALWAYS so it also runs after the begin
        -- trigger switched the statement to session_replication_role = replica.
        EXECUTE format('CREATE TRIGGER restore_load_begin BEFORE INSERT ON %s
                        FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger()', tbl);
        EXECUTE format('CREATE TRIGGER restore_load_end AFTER INSERT ON %s
                        FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger()', tbl);
        EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER restore_load_end', tbl);
    END IF;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.cleanup_expired_sessions(keep interval DEFAULT '7 days'::interval)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    loaded boolean := officeauto._ensure_loaded();
    n integer;
BEGIN
    -- Refresh tokens go with their sessions (ON DELETE CASCADE).
    DELETE FROM officeauto.user_sessions
     WHERE expires_at < now() - keep OR revoked_at < now() - keep
        OR (revoked_at IS NULL AND last_activity_at < now() - current_setting('officeauto.session_idle_timeout')::interval - keep);
    GET DIAGNOSTICS n = ROW_COUNT;
    DELETE FROM officeauto.email_verifications WHERE expires_at < now() - keep;
    -- Sign-ups that never verified their address within their token's lifetime (18_accounts.sql).
    UPDATE officeauto.users SET deleted_at = now()
     WHERE status = 'pending' AND deleted_at IS NULL
       AND created_at < now() - current_setting('officeauto.email_token_ttl')::interval;
    DELETE FROM officeauto.signup_reservations WHERE expires_at <= now();
    RETURN n;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.create_audit_partitions(months_ahead integer DEFAULT 3)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    -- Month boundaries are UTC whatever the session's TimeZone, so every run agrees on them.
    first_month date := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
    m date;
    lo timestamptz;
    hi timestamptz;
    part text;
    created integer := 0;
BEGIN
    IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > 120 THEN
        RAISE EXCEPTION 'months_ahead must be between 0 and 120, got %', months_ahead
            USING ERRCODE = '22023';
    END IF;
    -- Serialize concurrent runs (maintenance jobs overlapping) without blocking readers.
    PERFORM pg_advisory_xact_lock(hashtext('officeauto.create_audit_partitions'));
    -- Also cover months that strays in the default partition belong to (old or future).
    FOR m IN
        SELECT gs::date FROM generate_series(first_month, first_month + make_interval(months => months_ahead),
                                             interval '1 month') AS gs
        UNION
        SELECT DISTINCT date_trunc('month', created_at AT TIME ZONE 'UTC')::date FROM officeauto.audit_logs_default
        ORDER BY 1
    LOOP
        part := format('audit_logs_%s', to_char(m, 'YYYY_MM'));
        lo := m::timestamp AT TIME ZONE 'UTC';
        hi := (m + interval '1 month')::timestamp AT TIME ZONE 'UTC';
        CONTINUE WHEN to_regclass(format('officeauto.%I', part)) IS NOT NULL;
        EXECUTE format('CREATE TABLE officeauto.%I (LIKE officeauto.audit_logs INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING COMPRESSION)', part);
        -- The CHECK lets ATTACH skip its validation scan of the partition.
        EXECUTE format('ALTER TABLE officeauto.%I ADD CONSTRAINT %I CHECK (created_at >= %L AND created_at < %L)',
                       part, part || '_range', lo, hi);
        EXECUTE format('WITH moved AS (DELETE FROM officeauto.audit_logs_default
                                        WHERE created_at >= %L AND created_at < %L RETURNING *)
                        INSERT INTO officeauto.%I SELECT * FROM moved',
                       lo, hi, part);
        EXECUTE format('ALTER TABLE officeauto.audit_logs ATTACH PARTITION officeauto.%I FOR VALUES FROM (%L) TO (%L)',
                       part, lo, hi);
        -- The CHECK stays: archival detaches the partition and attaches it to audit_logs_archive,
        -- and the constraint lets that ATTACH skip its scan too (cost independent of rows).
        PERFORM officeauto._index_audit_partition(format('officeauto.%I', part)::regclass);
        EXECUTE format('COMMENT ON TABLE officeauto.%I IS %L', part,
                       format('Monthly partition of audit_logs for %s.', to_char(m, 'YYYY-MM')));
        -- Readable by officeauto_admin, so its members can pg_dump the database. Nobody else:
        -- a partition read directly is not filtered by the parent's tenant policies.
        EXECUTE format('GRANT SELECT ON officeauto.%I TO officeauto_admin', part);
        created := created + 1;
    END LOOP;
    RETURN created;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.create_user(p_organization_id bigint, p_username text, p_email text, p_full_name text, p_password text)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    hidden boolean := officeauto._hide_statement();  -- the call carries a password
    pid uuid;
BEGIN
    -- Definer rights bypass row-level security: the organization check is explicit.
    IF p_organization_id IS DISTINCT FROM officeauto._tenant() THEN
        RAISE EXCEPTION 'users can only be created in the current organization' USING ERRCODE = '42501';
    END IF;
    PERFORM officeauto._require_permission('USER', 'CREATE', NULL, false, 'create_user');
    PERFORM officeauto._release_pending_signups(p_username, p_email);
    INSERT INTO officeauto.users (organization_id, username, email, full_name, password_hash)
    VALUES (p_organization_id, p_username, p_email, p_full_name,
            officeauto._hash_new_password(p_password, ARRAY[p_username, p_email, p_full_name]))
    RETURNING public_id INTO pid;
    RETURN pid;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.decide_change_request(p_change_request_id bigint, p_decision text, p_comment text DEFAULT NULL::text)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    me bigint := officeauto._actor();
    cr record;
    new_status text;
BEGIN
    PERFORM officeauto._require(p_decision IN ('approved', 'rejected'), '22023', 'decision must be approved or rejected');
    SELECT * INTO cr FROM officeauto.change_requests
     WHERE id = p_change_request_id AND deleted_at IS NULL AND organization_id = officeauto._tenant() FOR UPDATE;
    PERFORM officeauto._require(FOUND, 'P0002', format('no change request with id %s in the current organization', p_change_request_id));
    PERFORM officeauto._require_permission('CHANGE_REQUEST', 'APPROVE', cr.project_id, false, 'decide_change_request');
    PERFORM officeauto._require(cr.status IN ('submitted', 'under_review'), 'OA050',
                                format('change request %s is %s and takes no decisions', cr.id, cr.status));
    UPDATE officeauto.change_request_approvals SET decision = p_decision, decided_at = now(), comment = p_comment
     WHERE change_request_id = cr.id AND approver_id = me AND decision = 'pending';
    PERFORM officeauto._require(FOUND, 'OA051', 'the caller is not a pending approver of this change request');
    new_status := CASE
        WHEN p_decision = 'rejected' THEN 'rejected'
        WHEN NOT EXISTS (SELECT FROM officeauto.change_request_approvals
                          WHERE change_request_id = cr.id AND is_required AND decision <> 'approved') THEN 'approved'
        ELSE 'under_review' END;
    UPDATE officeauto.change_requests
       SET status = new_status, decided_at = CASE WHEN new_status IN ('approved', 'rejected') THEN now() END
     WHERE id = cr.id;
    -- The decider's inbox item is done.
    UPDATE officeauto.cartable SET acted_at = now(), read_at = coalesce(read_at, now())
     WHERE change_request_id = cr.id AND user_id = me AND acted_at IS NULL;
    RETURN new_status;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.disable_audit(tbl regclass)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    PERFORM officeauto._require_table_owner(tbl, 'stop auditing');
    EXECUTE format('DROP TRIGGER IF EXISTS officeauto_audit ON %s', tbl);
    EXECUTE format('DROP TRIGGER IF EXISTS officeauto_audit_truncate ON %s', tbl);
    EXECUTE format('DROP TRIGGER IF EXISTS officeauto_audit_flush ON %s', tbl);
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.enable_audit(tbl regclass, options jsonb DEFAULT '{}'::jsonb)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    bad text;
BEGIN
    PERFORM officeauto._require_table_owner(tbl, 'audit');
    IF NOT EXISTS (SELECT FROM pg_index WHERE indrelid = tbl AND indisprimary) THEN
        RAISE EXCEPTION 'table % has no primary key; audit rows identify rows by it', tbl
            USING ERRCODE = '42P16', HINT = 'Add a primary key, then call enable_audit() again.';
    END IF;
    IF jsonb_typeof(options) IS DISTINCT FROM 'object' THEN
        RAISE EXCEPTION 'options must be a JSON object' USING ERRCODE = '22023';
    END IF;
    SELECT string_agg(k, ', ') INTO bad FROM jsonb_object_keys(options) k WHERE k NOT IN ('exclude', 'log_noop_updates');
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'unknown audit option(s): %', bad USING ERRCODE = '22023';
    END IF;
    SELECT string_agg(c, ', ') INTO bad
      FROM jsonb_array_elements_text(coalesce(options->'exclude', '[]')) c
     WHERE NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = tbl AND attname = c AND attnum > 0 AND NOT attisdropped);
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'table % has no column(s) %', tbl, bad USING ERRCODE = '42703';
    END IF;
    EXECUTE format('DROP TRIGGER IF EXISTS officeauto_audit ON %s', tbl);
    EXECUTE format('DROP TRIGGER IF EXISTS officeauto_audit_truncate ON %s', tbl);
    EXECUTE format('DROP TRIGGER IF EXISTS officeauto_audit_flush ON %s', tbl);
    EXECUTE format('CREATE TRIGGER officeauto_audit AFTER INSERT OR UPDATE OR DELETE ON %s
                    FOR EACH ROW EXECUTE FUNCTION officeauto.audit_trigger(%L)', tbl, options::text);
    EXECUTE format('CREATE TRIGGER officeauto_audit_flush AFTER INSERT OR UPDATE OR DELETE ON %s
                    FOR EACH STATEMENT EXECUTE FUNCTION officeauto.audit_flush_trigger()', tbl);
    EXECUTE format('CREATE TRIGGER officeauto_audit_truncate AFTER TRUNCATE ON %s
                    FOR EACH STATEMENT EXECUTE FUNCTION officeauto.audit_truncate_trigger()', tbl);
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.find_clients_by_tag(p_tag text)
 RETURNS SETOF officeauto.clients
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT * FROM officeauto.clients c
     WHERE c.organization_id = ANY (officeauto._readable_organizations())
       AND ((SELECT officeauto._may_all('CLIENT', 'READ')) OR 0 = ANY ((SELECT officeauto._may_projects('CLIENT', 'READ'))::bigint[])
            OR ((SELECT officeauto._may_own('CLIENT', 'READ')) AND c.owner_user_id = officeauto.current_user_id()))
       AND c.tags @> officeauto.normalize_tags(ARRAY[p_tag]) AND c.deleted_at IS NULL
$function$
;

CREATE OR REPLACE FUNCTION officeauto.find_clients_by_tags(p_tags text[], p_match_all boolean DEFAULT false)
 RETURNS SETOF officeauto.clients
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    -- Two statements rather than one CASE, so each is planned with its own index condition.
    IF p_match_all THEN
        RETURN QUERY SELECT * FROM officeauto.clients c
                      WHERE c.organization_id = ANY (officeauto._readable_organizations())
       AND ((SELECT officeauto._may_all('CLIENT', 'READ')) OR 0 = ANY ((SELECT officeauto._may_projects('CLIENT', 'READ'))::bigint[])
            OR ((SELECT officeauto._may_own('CLIENT', 'READ')) AND c.owner_user_id = officeauto.current_user_id()))
                        AND c.tags @> officeauto.normalize_tags(p_tags) AND c.deleted_at IS NULL;
    ELSE
        RETURN QUERY SELECT * FROM officeauto.clients c
                      WHERE c.organization_id = ANY (officeauto._readable_organizations())
       AND ((SELECT officeauto._may_all('CLIENT', 'READ')) OR 0 = ANY ((SELECT officeauto._may_projects('CLIENT', 'READ'))::bigint[])
            OR ((SELECT officeauto._may_own('CLIENT', 'READ')) AND c.owner_user_id = officeauto.current_user_id()))
                        AND c.tags && officeauto.normalize_tags(p_tags) AND c.deleted_at IS NULL;
    END IF;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.login(p_identifier text, p_password text, p_client_type text, p_ip inet DEFAULT NULL::inet, p_user_agent text DEFAULT NULL::text, p_captcha_passed boolean DEFAULT false)
 RETURNS TABLE(session_token text, refresh_token text, user_public_id uuid, expires_at timestamp with time zone, refresh_expires_at timestamp with time zone, mfa_required boolean, mfa_challenge text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    -- First: loads the library (the settings below are its own) and keeps this statement,
    -- which carries a password, out of the server log if it fails.
    hidden boolean := officeauto._hide_statement();
    u officeauto.users%ROWTYPE;
    org_live boolean;
    org_deleted boolean;
    key text := lower(btrim(p_identifier));
    -- No address from the application: the connection's own, and with none (a local socket)
    -- the NULL bucket, which counts like any address rather than escaping the limit.
    ip inet := coalesce(p_ip, inet_client_addr());
    lock_end timestamptz;
    since timestamptz;
    failures integer := 0;
    ip_failures integer := 0;
    attempt bigint;
    suspended_now boolean := false;
    ok boolean;
    new_hash text;
    window_start timestamptz := now() - current_setting('officeauto.lockout_window')::interval;
BEGIN
    -- Before anything else: a standby can record no failure, so it must not check a password
    -- either (guesses sent to replicas would escape the lockout).
    PERFORM officeauto._require_primary('login');
    IF p_identifier IS NULL OR length(btrim(p_identifier)) = 0 OR length(p_identifier) > 320 THEN
        RAISE EXCEPTION 'identifier must be a username or e-mail of 1 to 320 characters' USING ERRCODE = '22023';
    END IF;
    IF p_password IS NULL OR octet_length(p_password) = 0 OR octet_length(p_password) > 1024 THEN
        RAISE EXCEPTION 'password must be 1 to 1024 bytes' USING ERRCODE = '22023';
    END IF;
    IF p_client_type IS NULL OR p_client_type NOT IN ('web', 'mobile', 'desktop', 'api') THEN
        RAISE EXCEPTION 'client_type must be web, mobile, desktop or api' USING ERRCODE = '22023';
    END IF;

    SELECT * INTO u FROM officeauto.users
     WHERE (lower(username) = key OR lower(email) = key) AND deleted_at IS NULL
     LIMIT 1;
    -- Logins of one account (or one unknown identifier) run one at a time: failure counts,
    -- session replacement. An advisory lock, not a row lock: the bookkeeping worker must be
    -- able to update the row.
    PERFORM pg_advisory_xact_lock(hashtextextended('officeauto.login:' || coalesce(u.id::text, 'name:' || key), 0));
    IF u.id IS NOT NULL THEN
        SELECT * INTO u FROM officeauto.users WHERE id = u.id;
        SELECT o.is_active, o.deleted_at IS NOT NULL INTO org_live, org_deleted
          FROM officeauto.organizations o WHERE o.id = u.organization_id;
        lock_end := u.locked_until;
        since := greatest(window_start, coalesce(u.last_login_at, '-infinity'), coalesce(u.locked_until, '-infinity'));
        SELECT count(*) INTO failures FROM officeauto.failed_login_attempts f
         WHERE f.user_id = u.id AND f.reason = 'invalid_credentials' AND f.created_at > since;
    ELSE
        SELECT t.locked_until INTO lock_end FROM officeauto.login_throttle t WHERE t.identifier_key = key;
        since := greatest(window_start, coalesce(lock_end, '-infinity'));
        SELECT count(*) INTO failures FROM officeauto.failed_login_attempts f
         WHERE lower(f.identifier) = key AND f.user_id IS NULL AND f.reason = 'invalid_credentials'
           AND f.created_at > since;
    END IF;
    IF lock_end > now() THEN
        PERFORM officeauto._record_login_failure_or_refuse(u.id, p_identifier, host(ip), 'locked');
        RAISE EXCEPTION 'account is temporarily locked after repeated failed logins'
            USING ERRCODE = 'OA002', DETAIL = format('Locked until %s.', to_char(lock_end AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
    END IF;
    IF ip IS NULL THEN
        SELECT count(*) INTO ip_failures FROM officeauto.failed_login_attempts f
         WHERE f.ip_address IS NULL AND f.created_at > window_start;
    ELSE
        -- Per network (/24 for IPv4, /64 for IPv6), so rotating addresses within one client
        -- network does not reset the count.
        SELECT count(*) INTO ip_failures FROM officeauto.failed_login_attempts f
         WHERE f.ip_address <<= network(set_masklen(ip, CASE WHEN family(ip) = 4 THEN 24 ELSE 64 END))
           AND f.created_at > window_start;
    END IF;
    IF failures >= current_setting('officeauto.captcha_after_failures')::int
       OR ip_failures >= current_setting('officeauto.ip_failure_limit')::int THEN
        IF NOT coalesce(p_captcha_passed, false) THEN
            PERFORM officeauto._record_login_failure_or_refuse(u.id, p_identifier, host(ip), 'captcha_required');
            RAISE EXCEPTION 'captcha required' USING ERRCODE = 'OA003',
                HINT = 'Have the user solve a captcha and call login() again with p_captcha_passed => true.';
        END IF;
        INSERT INTO officeauto.captcha_attempts (identifier, ip_address, required, passed)
        VALUES (left(p_identifier, 320), ip, true, true);
    END IF;

    -- The attempt is recorded as a failure, durably, before the password is looked at; the
    -- success path below deletes the record. When it cannot be recorded the attempt is
    -- refused unverified (fail closed): no guess is ever checked without being counted.
    attempt := officeauto._record_login_failure_or_refuse(u.id, p_identifier, host(ip), 'invalid_credentials');
    IF attempt < 0 THEN
        suspended_now := true;
        attempt := -attempt;
    END IF;

    -- Unknown account and wrong password look the same, including in time.
    IF u.id IS NULL OR u.password_hash = '!' THEN
        PERFORM officeauto._dummy_verify(p_password);
        ok := false;
    ELSE
        ok := officeauto.verify_password(p_password, u.password_hash);
    END IF;
    IF NOT ok THEN
        RAISE EXCEPTION 'invalid credentials' USING ERRCODE = 'OA001';
    END IF;
    -- Only someone who knows the password learns the account's state, or its organization's
    -- (suspended or deleted: OA006, see 17_organizations.sql).
    -- An address not verified: a sign-up awaiting its verification (sql/18_accounts.sql), or
    -- any active account while verification is required.
    IF org_live AND (u.status = 'pending'
                     OR (u.status = 'active' AND u.email_verified_at IS NULL
                         AND current_setting('officeauto.require_verified_email')::boolean)) THEN
        BEGIN
            PERFORM officeauto._amend_login_failure(attempt, 'email_not_verified');
        EXCEPTION WHEN insufficient_resources THEN
            NULL;
        END;
        RAISE EXCEPTION 'e-mail address not verified' USING ERRCODE = 'OA004';
    END IF;
    IF u.status <> 'active' OR NOT org_live THEN
        BEGIN
            PERFORM officeauto._amend_login_failure(attempt, 'inactive');
        EXCEPTION WHEN insufficient_resources THEN
            NULL;
        END;
        IF NOT org_live THEN
            RAISE EXCEPTION '%', CASE WHEN org_deleted THEN 'organization deleted' ELSE 'organization suspended' END
                USING ERRCODE = 'OA006';
        END IF;
        RAISE EXCEPTION 'account is %', u.status USING ERRCODE = 'OA005';
    END IF;
    DELETE FROM officeauto.failed_login_attempts WHERE id = attempt;

    IF officeauto.password_needs_rehash(u.password_hash) THEN
        new_hash := officeauto.hash_password(p_password);
    END IF;
    IF u.two_factor_enabled THEN
        -- Two-factor on (22_mfa.sql): a challenge instead of a session. The right password
        -- undoes what this attempt's record did (a lock or suspension it triggered) but not
        -- earlier failures: only verify_mfa() completes the login and resets the lockout.
        UPDATE officeauto.users
           SET locked_until = u.locked_until, lock_count = u.lock_count,
               status = CASE WHEN suspended_now THEN 'active' ELSE status END,
               password_hash = coalesce(new_hash, password_hash)
         WHERE id = u.id;
        RETURN QUERY SELECT NULL::text, NULL::text, u.public_id, c.expires_at, NULL::timestamptz, true, c.challenge
                       FROM officeauto._mfa_challenge(u.id, u.organization_id, p_client_type, ip, p_user_agent) c;
        RETURN;
    END IF;
    IF suspended_now OR new_hash IS NOT NULL THEN
        UPDATE officeauto.users
           SET last_login_at = now(), lock_count = 0, locked_until = NULL,
               status = CASE WHEN suspended_now THEN 'active' ELSE status END,
               password_hash = coalesce(new_hash, password_hash)
         WHERE id = u.id;
    ELSE
        -- The usual case names neither status nor the hash, so the triggers on those columns
        -- (seats) are not fired by every login.
        UPDATE officeauto.users SET last_login_at = now(), lock_count = 0, locked_until = NULL WHERE id = u.id;
    END IF;

    RETURN QUERY SELECT o.session_token, o.refresh_token, u.public_id, o.expires_at, o.refresh_expires_at, false, NULL::text
                   FROM officeauto._open_session(u.id, u.organization_id, p_client_type, ip, p_user_agent) o;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.maintain_database()
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    report jsonb := '{}';
    t0 timestamptz;
    step text;
    result jsonb;
BEGIN
    PERFORM officeauto._require_primary('maintain_database');
    FOREACH step IN ARRAY ARRAY['refresh_user_dashboard_stats', 'refresh_project_stats', 'cleanup_expired_sessions',
                                'expire_notifications', 'create_audit_partitions', 'archive_audit_logs',
                                'purge_audit_archive'] LOOP
        t0 := clock_timestamp();
        CASE step
            WHEN 'refresh_user_dashboard_stats' THEN
                REFRESH MATERIALIZED VIEW CONCURRENTLY officeauto.user_dashboard_stats; result := 'true';
            WHEN 'refresh_project_stats' THEN
                REFRESH MATERIALIZED VIEW CONCURRENTLY officeauto.project_stats; result := 'true';
            WHEN 'cleanup_expired_sessions' THEN result := to_jsonb(officeauto.cleanup_expired_sessions());
            WHEN 'expire_notifications' THEN result := to_jsonb(officeauto.expire_notifications());
            WHEN 'create_audit_partitions' THEN result := to_jsonb(officeauto.create_audit_partitions(3));
            WHEN 'archive_audit_logs' THEN result := to_jsonb(officeauto.archive_audit_logs());
            WHEN 'purge_audit_archive' THEN result := to_jsonb(officeauto.purge_audit_archive());
        END CASE;
        report := report || jsonb_build_object(step, jsonb_build_object(
            'result', result, 'ms', round(extract(epoch FROM clock_timestamp() - t0) * 1000, 1)));
    END LOOP;
    RETURN report || jsonb_build_object('finished_at', now());
END
$function$
;

create or replace view officeauto."project_dashboard" as  SELECT project_stats.project_id,
    project_stats.organization_id,
    project_stats.code,
    project_stats.name,
    project_stats.status,
    project_stats.task_count,
    project_stats.open_tasks,
    project_stats.completed_tasks,
    project_stats.overdue_tasks,
    project_stats.document_count,
    project_stats.open_change_requests,
    project_stats.test_case_count,
    project_stats.test_pass_rate,
    project_stats.member_count,
    project_stats.refreshed_at
   FROM officeauto.project_stats
  WHERE ((project_stats.organization_id = ANY (( SELECT officeauto._readable_organizations() AS _readable_organizations)::bigint[])) AND (( SELECT officeauto._may_all('PROJECT'::text, 'READ'::text) AS _may_all) OR (project_stats.project_id = ANY (( SELECT officeauto._may_projects('PROJECT'::text, 'READ'::text) AS _may_projects)::bigint[]))));

CREATE OR REPLACE FUNCTION officeauto.promote_ingest(p_ingest_id bigint)
 RETURNS bigint
 LANGUAGE plpgsql
AS $function$
DECLARE
    i officeauto.documents_ingest%ROWTYPE;
    ft record;
    reason text;
    doc bigint;
BEGIN
    SELECT * INTO i FROM officeauto.documents_ingest WHERE id = p_ingest_id FOR UPDATE;
    PERFORM officeauto._require(FOUND, 'P0002', format('no staged upload with id %s in the current organization', p_ingest_id));
    PERFORM officeauto._require(i.status IN ('pending', 'validated'), 'OA040',
                                format('staged upload %s is already %s', p_ingest_id, i.status));
    SELECT id, is_allowed, max_size_bytes INTO ft FROM officeauto.filetype_reference WHERE mime_type = lower(i.mime_type);
    reason := CASE
        WHEN coalesce(i.size_bytes, 0) <= 0 THEN 'File is empty (size 0)'
        WHEN ft.id IS NULL THEN format('Unknown file type %s', coalesce(i.mime_type, '(none)'))
        WHEN NOT ft.is_allowed THEN format('File type %s is not allowed', i.mime_type)
        WHEN ft.max_size_bytes IS NOT NULL AND i.size_bytes > ft.max_size_bytes THEN
             format('File is larger than %s bytes allowed for %s', ft.max_size_bytes, i.mime_type)
        WHEN i.storage_id IS NULL OR NOT EXISTS (SELECT FROM officeauto.storage_reference s WHERE s.id = i.storage_id AND s.is_active)
             THEN 'Unknown or inactive storage'
        WHEN i.checksum_sha256 IS NULL THEN 'Checksum missing'
        WHEN EXISTS (SELECT FROM officeauto.documents d WHERE d.organization_id = i.organization_id
                        AND d.checksum_sha256 = i.checksum_sha256 AND d.deleted_at IS NULL)
          OR EXISTS (SELECT FROM officeauto.documents_ingest o WHERE o.organization_id = i.organization_id AND o.id <> i.id
                        AND o.checksum_sha256 = i.checksum_sha256 AND o.status = 'promoted')
             THEN 'Duplicate: a document with the same checksum exists'
    END;
    IF reason IS NOT NULL THEN
        UPDATE officeauto.documents_ingest SET status = 'rejected', rejection_reason = reason, processed_at = now()
         WHERE id = i.id;
        RETURN NULL;
    END IF;
    INSERT INTO officeauto.documents (organization_id, project_id, title, status, filetype_id, storage_id, storage_key,
                                      checksum_sha256, size_bytes, author_id)
    VALUES (i.organization_id, i.project_id, i.original_name, 'draft', ft.id, i.storage_id, i.s3_key,
            i.checksum_sha256, i.size_bytes, i.uploaded_by)
    RETURNING id INTO doc;
    INSERT INTO officeauto.document_versions (organization_id, document_id, version_number, storage_key, checksum_sha256,
                                              size_bytes, change_note, created_by, is_current)
    VALUES (i.organization_id, doc, 1, i.s3_key, i.checksum_sha256, i.size_bytes, 'Promoted from staging',
            officeauto.current_user_id(), true);
    UPDATE officeauto.documents_ingest SET status = 'promoted', promoted_document_id = doc, processed_at = now()
     WHERE id = i.id;
    RETURN doc;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.refresh_session(p_refresh_token text)
 RETURNS TABLE(session_token text, refresh_token text, expires_at timestamp with time zone, refresh_expires_at timestamp with time zone)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    loaded boolean := officeauto._ensure_loaded();
    d bytea := officeauto.token_digest(p_refresh_token);
    r officeauto.refresh_tokens%ROWTYPE;
    new_id bigint;
    st text;
    rt text;
    s_exp timestamptz;
    r_exp timestamptz;
BEGIN
    PERFORM officeauto._require_primary('refresh_session');
    SELECT * INTO r FROM officeauto.refresh_tokens WHERE token_digest = d;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'invalid refresh token' USING ERRCODE = 'OA011';
    END IF;
    -- One refresh per family at a time; a second presentation of the same token waits here
    -- and then sees it used. (Advisory lock: the bookkeeping worker must reach the rows.)
    PERFORM pg_advisory_xact_lock(hashtextextended('officeauto.refresh:' || r.family_id, 0));
    SELECT * INTO r FROM officeauto.refresh_tokens WHERE id = r.id;
    IF r.used_at IS NOT NULL THEN
        -- A rotated token presented again: someone else holds a copy. Revoke the whole
        -- family and its sessions, durably, then refuse. If that cannot be made durable now,
        -- refuse anyway with the same answer; the family stays unusable for this caller.
        BEGIN
            PERFORM officeauto._revoke_refresh_family(r.family_id);
        EXCEPTION WHEN insufficient_resources THEN
            RAISE EXCEPTION 'refresh token reuse detected; the session family could not be revoked yet, try again'
                USING ERRCODE = 'OA012';
        END;
        RAISE EXCEPTION 'refresh token reuse detected; the session family is revoked' USING ERRCODE = 'OA012';
    END IF;
    IF r.revoked_at IS NOT NULL OR r.expires_at <= now() OR r.family_expires_at <= now()
       OR NOT EXISTS (SELECT FROM officeauto.user_sessions s
                        JOIN officeauto.users u ON u.id = s.user_id
                       WHERE s.id = r.session_id AND s.revoked_at IS NULL
                         AND u.status = 'active' AND u.deleted_at IS NULL) THEN
        RAISE EXCEPTION 'refresh token expired or revoked' USING ERRCODE = 'OA011';
    END IF;
    -- A token that is valid in every other way learns that its organization is suspended or
    -- deleted (OA006); the family stays intact for the reactivation.
    PERFORM officeauto._require_live_organization(r.organization_id);
    -- Nothing outlives the family: the login's absolute lifetime bounds every rotation.
    s_exp := least(now() + current_setting('officeauto.session_ttl')::interval, r.family_expires_at);
    r_exp := least(now() + current_setting('officeauto.refresh_ttl')::interval, r.family_expires_at);
    st := officeauto._new_token();
    rt := officeauto._new_token();
    INSERT INTO officeauto.refresh_tokens (organization_id, user_id, session_id, family_id, parent_id, token_digest,
                                           expires_at, family_expires_at)
    VALUES (r.organization_id, r.user_id, r.session_id, r.family_id, r.id, officeauto.token_digest(rt), r_exp,
            r.family_expires_at)
    RETURNING id INTO new_id;
    UPDATE officeauto.refresh_tokens SET used_at = now(), revoked_at = now(), revoke_reason = 'rotated', replaced_by_id = new_id
     WHERE id = r.id;
    UPDATE officeauto.user_sessions SET token_digest = officeauto.token_digest(st), expires_at = s_exp, last_activity_at = now()
     WHERE id = r.session_id;
    RETURN QUERY SELECT st, rt, s_exp, r_exp;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.reopen_task(p_task_id bigint, p_reason text DEFAULT NULL::text)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    -- Definer rights (to grant the one-time permission the status trigger checks) bypass
    -- row-level security, so the organization check is explicit.
    PERFORM officeauto._require(EXISTS (SELECT FROM officeauto.tasks WHERE id = p_task_id AND deleted_at IS NULL
                                          AND organization_id = officeauto._tenant()),
                                'P0002', format('no task with id %s in the current organization', p_task_id));
    PERFORM officeauto._require_permission('TASK', 'UPDATE', (SELECT project_id FROM officeauto.tasks WHERE id = p_task_id),
                                           (SELECT officeauto.current_user_id() IN (assignee_id, created_by)
                                              FROM officeauto.tasks WHERE id = p_task_id), 'reopen_task');
    PERFORM officeauto._require(EXISTS (SELECT FROM officeauto.tasks WHERE id = p_task_id AND status IN ('completed', 'cancelled')),
                                'OA020', format('task %s is not closed', p_task_id));
    PERFORM officeauto._allow_reopen(p_task_id);
    UPDATE officeauto.tasks SET status = 'pending',
           metadata = metadata || jsonb_build_object('reopened_at', now(), 'reopen_reason', p_reason)
     WHERE id = p_task_id;
    RETURN true;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.request_email_verification(p_user_id bigint, p_purpose text DEFAULT 'verify_email'::text)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    u record;
    t text := officeauto._new_token();  -- also loads the library, whose settings follow
BEGIN
    SELECT id, organization_id, email INTO u FROM officeauto.users
     WHERE id = p_user_id AND deleted_at IS NULL AND organization_id = officeauto._tenant();
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no user with id % in the current organization', p_user_id USING ERRCODE = 'P0002';
    END IF;
    PERFORM officeauto._require_permission('USER', 'UPDATE', NULL, u.id = officeauto.current_user_id(),
                                           'request_email_verification');
    PERFORM officeauto._check_owner_target(u.id, officeauto.current_user_id());
    -- Only verification: a reset or address-change token issued here would skip the checks,
    -- throttle and audit of request_password_reset() and request_email_change().
    IF p_purpose IS DISTINCT FROM 'verify_email' THEN
        RAISE EXCEPTION 'purpose must be verify_email' USING ERRCODE = '22023',
            HINT = 'Password resets: request_password_reset(); address changes: request_email_change().';
    END IF;
    -- A new token replaces the outstanding one.
    UPDATE officeauto.email_verifications SET consumed_at = now()
     WHERE user_id = u.id AND purpose = p_purpose AND consumed_at IS NULL;
    INSERT INTO officeauto.email_verifications (organization_id, user_id, purpose, email, token_digest, expires_at)
    VALUES (u.organization_id, u.id, p_purpose, u.email, officeauto.token_digest(t),
            now() + current_setting('officeauto.email_token_ttl')::interval);
    RETURN t;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.reveal_credential(credential_id bigint)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    c record;
    plain text;
BEGIN
    -- No reveal without its log row, and a standby can write none: refused before decrypting.
    PERFORM officeauto._require_primary('reveal_credential');
    -- Definer rights bypass row-level security, so the organization check is explicit.
    SELECT id, organization_id, public_id, encrypted_value, created_by INTO c
      FROM officeauto.credentials
     WHERE id = credential_id AND deleted_at IS NULL
       AND organization_id = officeauto._tenant();
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no credential with id % in the current organization', credential_id
            USING ERRCODE = 'P0002';
    END IF;
    PERFORM officeauto._require_permission('CREDENTIAL', 'READ', NULL, c.created_by = officeauto.current_user_id(),
                                           'reveal_credential');
    IF c.encrypted_value IS NULL THEN
        RETURN NULL;
    END IF;
    plain := officeauto._open_credential(c.encrypted_value, c.organization_id, c.public_id);
    INSERT INTO officeauto.credential_audit_logs
        (organization_id, credential_id, credential_public_id, user_id, action, ip_address, user_agent)
    VALUES (c.organization_id, c.id, c.public_id, officeauto._actor_for(c.organization_id), 'decrypt',
            officeauto.current_client_ip(), officeauto.current_user_agent());
    RETURN plain;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.reveal_credential(credential_public_id uuid)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    cid bigint;
BEGIN
    PERFORM officeauto._require_primary('reveal_credential');
    -- Resolved inside the caller's organization only, so a public id of another organization
    -- fails exactly like one that exists nowhere and its internal id never reaches the caller.
    SELECT id INTO cid FROM officeauto.credentials
     WHERE public_id = credential_public_id AND deleted_at IS NULL
       AND organization_id = officeauto._tenant();
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no credential with public id % in the current organization', credential_public_id
            USING ERRCODE = 'P0002';
    END IF;
    RETURN officeauto.reveal_credential(cid);
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.revoke_user_sessions(p_user_id bigint)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    n integer;
BEGIN
    IF NOT EXISTS (SELECT FROM officeauto.users WHERE id = p_user_id
                      AND organization_id = officeauto._tenant()) THEN
        RAISE EXCEPTION 'no user with id % in the current organization', p_user_id USING ERRCODE = 'P0002';
    END IF;
    -- One's own sessions with SESSION DELETE SELF, anyone's with SESSION DELETE GLOBAL.
    PERFORM officeauto._require_permission('SESSION', 'DELETE', NULL, p_user_id = officeauto.current_user_id(),
                                           'revoke_user_sessions');
    WITH s AS (
        UPDATE officeauto.user_sessions SET revoked_at = now(), revoke_reason = 'admin'
         WHERE user_id = p_user_id AND revoked_at IS NULL RETURNING id)
    SELECT count(*) INTO n FROM s;
    UPDATE officeauto.refresh_tokens SET revoked_at = now(), revoke_reason = 'admin'
     WHERE organization_id = officeauto._tenant() AND user_id = p_user_id AND revoked_at IS NULL;
    RETURN n;
END
$function$
;

CREATE OR REPLACE FUNCTION officeauto.search_documents(p_query text, p_limit integer DEFAULT 20)
 RETURNS TABLE(document_id bigint, public_id uuid, title text, rank real, snippet text)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    -- The query is written out in the condition (not joined as a FROM item) so it is an index
    -- condition on the GIN index.
    SELECT d.id, d.public_id, d.title,
           ts_rank_cd(d.search_vector, websearch_to_tsquery('english', p_query)) AS rank,
           ts_headline('english', coalesce(d.description, '') || ' ' || left(coalesce(d.content, ''), 5000),
                       websearch_to_tsquery('english', p_query), 'MaxWords=20, MinWords=8, MaxFragments=1') AS snippet
      FROM officeauto.documents d
     WHERE d.organization_id = ANY (officeauto._readable_organizations())
       AND ((SELECT officeauto._may_all('DOCUMENT', 'READ'))
            OR coalesce(d.project_id, 0) = ANY ((SELECT officeauto._may_projects('DOCUMENT', 'READ'))::bigint[])
            OR ((SELECT officeauto._may_own('DOCUMENT', 'READ')) AND d.author_id = officeauto.current_user_id()))
       AND d.search_vector @@ websearch_to_tsquery('english', p_query) AND d.deleted_at IS NULL
     ORDER BY rank DESC, d.id
     LIMIT p_limit
$function$
;

create or replace view officeauto."user_dashboard" as  SELECT user_dashboard_stats.user_id,
    user_dashboard_stats.organization_id,
    user_dashboard_stats.username,
    user_dashboard_stats.full_name,
    user_dashboard_stats.open_tasks,
    user_dashboard_stats.overdue_tasks,
    user_dashboard_stats.completed_tasks_30d,
    user_dashboard_stats.unread_inbox_items,
    user_dashboard_stats.unread_notifications,
    user_dashboard_stats.events_next_7d,
    user_dashboard_stats.refreshed_at
   FROM officeauto.user_dashboard_stats
  WHERE (user_dashboard_stats.organization_id = ANY (( SELECT officeauto._readable_organizations() AS _readable_organizations)::bigint[]));

CREATE OR REPLACE FUNCTION officeauto.verify_email(p_token text)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
DECLARE
    v record;
BEGIN
    UPDATE officeauto.email_verifications SET consumed_at = now()
     WHERE token_digest = officeauto.token_digest(p_token) AND consumed_at IS NULL AND expires_at > now()
       AND purpose = 'verify_email'
    RETURNING user_id, email INTO v;
    IF v.user_id IS NULL THEN
        RETURN false;
    END IF;
    -- A pending sign-up becomes active here and only now takes a seat (OA007 from the seat
    -- trigger when none is free; the token then stays unused).
    UPDATE officeauto.users
       SET email_verified_at = now(), status = CASE WHEN status = 'pending' THEN 'active' ELSE status END
     WHERE id = v.user_id AND lower(email) = lower(v.email) AND deleted_at IS NULL;
    RETURN FOUND;
END
$function$
;

grant delete on table officeauto."invitations" to "officeauto_admin";

grant insert on table officeauto."invitations" to "officeauto_admin";

grant references on table officeauto."invitations" to "officeauto_admin";

grant select on table officeauto."invitations" to "officeauto_admin";

grant trigger on table officeauto."invitations" to "officeauto_admin";

grant truncate on table officeauto."invitations" to "officeauto_admin";

grant update on table officeauto."invitations" to "officeauto_admin";

grant delete on table officeauto."login_throttle" to "officeauto_admin";

grant insert on table officeauto."login_throttle" to "officeauto_admin";

grant references on table officeauto."login_throttle" to "officeauto_admin";

grant select on table officeauto."login_throttle" to "officeauto_admin";

grant trigger on table officeauto."login_throttle" to "officeauto_admin";

grant truncate on table officeauto."login_throttle" to "officeauto_admin";

grant update on table officeauto."login_throttle" to "officeauto_admin";

grant delete on table officeauto."mfa_challenges" to "officeauto_admin";

grant insert on table officeauto."mfa_challenges" to "officeauto_admin";

grant references on table officeauto."mfa_challenges" to "officeauto_admin";

grant select on table officeauto."mfa_challenges" to "officeauto_admin";

grant trigger on table officeauto."mfa_challenges" to "officeauto_admin";

grant truncate on table officeauto."mfa_challenges" to "officeauto_admin";

grant update on table officeauto."mfa_challenges" to "officeauto_admin";

grant delete on table officeauto."mfa_recovery_codes" to "officeauto_admin";

grant insert on table officeauto."mfa_recovery_codes" to "officeauto_admin";

grant references on table officeauto."mfa_recovery_codes" to "officeauto_admin";

grant select on table officeauto."mfa_recovery_codes" to "officeauto_admin";

grant trigger on table officeauto."mfa_recovery_codes" to "officeauto_admin";

grant truncate on table officeauto."mfa_recovery_codes" to "officeauto_admin";

grant update on table officeauto."mfa_recovery_codes" to "officeauto_admin";

grant delete on table officeauto."password_reset_requests" to "officeauto_admin";

grant insert on table officeauto."password_reset_requests" to "officeauto_admin";

grant references on table officeauto."password_reset_requests" to "officeauto_admin";

grant select on table officeauto."password_reset_requests" to "officeauto_admin";

grant trigger on table officeauto."password_reset_requests" to "officeauto_admin";

grant truncate on table officeauto."password_reset_requests" to "officeauto_admin";

grant update on table officeauto."password_reset_requests" to "officeauto_admin";

grant delete on table officeauto."reporting_access" to "officeauto_admin";

grant insert on table officeauto."reporting_access" to "officeauto_admin";

grant references on table officeauto."reporting_access" to "officeauto_admin";

grant select on table officeauto."reporting_access" to "officeauto_admin";

grant trigger on table officeauto."reporting_access" to "officeauto_admin";

grant truncate on table officeauto."reporting_access" to "officeauto_admin";

grant update on table officeauto."reporting_access" to "officeauto_admin";

grant delete on table officeauto."role_templates" to "officeauto_admin";

grant insert on table officeauto."role_templates" to "officeauto_admin";

grant references on table officeauto."role_templates" to "officeauto_admin";

grant select on table officeauto."role_templates" to "officeauto_admin";

grant trigger on table officeauto."role_templates" to "officeauto_admin";

grant truncate on table officeauto."role_templates" to "officeauto_admin";

grant update on table officeauto."role_templates" to "officeauto_admin";

grant delete on table officeauto."session_limits" to "officeauto_admin";

grant insert on table officeauto."session_limits" to "officeauto_admin";

grant references on table officeauto."session_limits" to "officeauto_admin";

grant select on table officeauto."session_limits" to "officeauto_admin";

grant trigger on table officeauto."session_limits" to "officeauto_admin";

grant truncate on table officeauto."session_limits" to "officeauto_admin";

grant update on table officeauto."session_limits" to "officeauto_admin";

grant delete on table officeauto."signup_reservations" to "officeauto_admin";

grant insert on table officeauto."signup_reservations" to "officeauto_admin";

grant references on table officeauto."signup_reservations" to "officeauto_admin";

grant select on table officeauto."signup_reservations" to "officeauto_admin";

grant trigger on table officeauto."signup_reservations" to "officeauto_admin";

grant truncate on table officeauto."signup_reservations" to "officeauto_admin";

grant update on table officeauto."signup_reservations" to "officeauto_admin";

grant delete on table officeauto."user_totp" to "officeauto_admin";

grant insert on table officeauto."user_totp" to "officeauto_admin";

grant references on table officeauto."user_totp" to "officeauto_admin";

grant select on table officeauto."user_totp" to "officeauto_admin";

grant trigger on table officeauto."user_totp" to "officeauto_admin";

grant truncate on table officeauto."user_totp" to "officeauto_admin";

grant update on table officeauto."user_totp" to "officeauto_admin";

create policy "reporting_read"
on officeauto."audit_logs"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."audit_logs_archive"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."calendar_resources"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."cartable"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."change_request_approvals"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."change_request_impacts"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."change_requests"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."clients"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."comments"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."credential_audit_logs"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."credentials"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."document_relations"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."document_versions"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."documents"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."documents_ingest"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."email_verifications"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."events"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."file_versions"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."files"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "admin_all_tenants"
on officeauto."invitations"
as permissive
for all
to officeauto_admin
using (true)
with check (true);

create policy "reporting_read"
on officeauto."invitations"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "tenant_isolation"
on officeauto."invitations"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND ( SELECT officeauto._may_all('USER'::text, 'CREATE'::text) AS _may_all)))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "reporting_read"
on officeauto."lots"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."messages"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "admin_all_tenants"
on officeauto."mfa_challenges"
as permissive
for all
to officeauto_admin
using (true)
with check (true);

create policy "reporting_read"
on officeauto."mfa_challenges"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "tenant_isolation"
on officeauto."mfa_challenges"
as permissive
for all
to officeauto_app
using ((organization_id = ( SELECT officeauto._tenant() AS _tenant)))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "admin_all_tenants"
on officeauto."mfa_recovery_codes"
as permissive
for all
to officeauto_admin
using (true)
with check (true);

create policy "reporting_read"
on officeauto."mfa_recovery_codes"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "tenant_isolation"
on officeauto."mfa_recovery_codes"
as permissive
for all
to officeauto_app
using ((organization_id = ( SELECT officeauto._tenant() AS _tenant)))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "reporting_read"
on officeauto."notifications"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."organizations"
as permissive
for select
to officeauto_readonly
using ((id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."project_members"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."project_tags"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."projects"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."refresh_tokens"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "admin_all_tenants"
on officeauto."reporting_access"
as permissive
for all
to officeauto_admin
using (true)
with check (true);

create policy "reporting_read"
on officeauto."reporting_access"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "tenant_isolation"
on officeauto."reporting_access"
as permissive
for all
to officeauto_app
using ((organization_id = ( SELECT officeauto._tenant() AS _tenant)))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "reporting_read"
on officeauto."role_permissions"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."roles"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "admin_all_tenants"
on officeauto."session_limits"
as permissive
for all
to officeauto_admin
using (true)
with check (true);

create policy "reporting_read"
on officeauto."session_limits"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "tenant_isolation"
on officeauto."session_limits"
as permissive
for all
to officeauto_app
using ((organization_id = ( SELECT officeauto._tenant() AS _tenant)))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "reporting_read"
on officeauto."shortcuts"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."storage_reference"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."tag_reference"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."task_time_entries"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."tasks"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."test_case_relations"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."test_cases"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."test_executions"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."user_roles"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "reporting_read"
on officeauto."user_sessions"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "admin_all_tenants"
on officeauto."user_totp"
as permissive
for all
to officeauto_admin
using (true)
with check (true);

create policy "reporting_read"
on officeauto."user_totp"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "tenant_isolation"
on officeauto."user_totp"
as permissive
for all
to officeauto_app
using ((organization_id = ( SELECT officeauto._tenant() AS _tenant)))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "reporting_read"
on officeauto."users"
as permissive
for select
to officeauto_readonly
using ((organization_id = ANY (( SELECT officeauto._reporting_organizations() AS _reporting_organizations)::bigint[])));

create policy "tenant_isolation"
on officeauto."audit_logs"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (( SELECT officeauto._may_all('AUDIT_LOG'::text, 'READ'::text) AS _may_all) OR (
CASE
    WHEN (table_name = 'officeauto.projects'::text) THEN ((row_pk ->> 'id'::text))::bigint
    ELSE ((COALESCE(new_data, old_data) ->> 'project_id'::text))::bigint
END = ANY (( SELECT officeauto._may_projects('AUDIT_LOG'::text, 'READ'::text) AS _may_projects)::bigint[])) OR (( SELECT officeauto._may_own('AUDIT_LOG'::text, 'READ'::text) AS _may_own) AND (actor_user_id = ( SELECT officeauto.current_user_id() AS current_user_id))))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."audit_logs_archive"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (( SELECT officeauto._may_all('AUDIT_LOG'::text, 'READ'::text) AS _may_all) OR (
CASE
    WHEN (table_name = 'officeauto.projects'::text) THEN ((row_pk ->> 'id'::text))::bigint
    ELSE ((COALESCE(new_data, old_data) ->> 'project_id'::text))::bigint
END = ANY (( SELECT officeauto._may_projects('AUDIT_LOG'::text, 'READ'::text) AS _may_projects)::bigint[])) OR (( SELECT officeauto._may_own('AUDIT_LOG'::text, 'READ'::text) AS _may_own) AND (actor_user_id = ( SELECT officeauto.current_user_id() AS current_user_id))))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."calendar_resources"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (( SELECT officeauto._may_all('EVENT'::text, 'READ'::text) AS _may_all) OR (COALESCE(NULL::bigint, (0)::bigint) = ANY (( SELECT officeauto._may_projects('EVENT'::text, 'READ'::text) AS _may_projects)::bigint[])))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."cartable"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND ((( SELECT officeauto._acting_user() AS _acting_user) IS NULL) OR (user_id = ( SELECT officeauto._acting_user() AS _acting_user)) OR (from_user_id = ( SELECT officeauto._acting_user() AS _acting_user)))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."change_request_approvals"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND ((approver_id = ( SELECT officeauto.current_user_id() AS current_user_id)) OR (EXISTS ( SELECT
   FROM officeauto.change_requests p
  WHERE (p.id = change_request_approvals.change_request_id))))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."change_request_impacts"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (EXISTS ( SELECT
   FROM officeauto.change_requests p
  WHERE (p.id = change_request_impacts.change_request_id)))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."change_requests"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (( SELECT officeauto._may_all('CHANGE_REQUEST'::text, 'READ'::text) AS _may_all) OR (COALESCE(project_id, (0)::bigint) = ANY (( SELECT officeauto._may_projects('CHANGE_REQUEST'::text, 'READ'::text) AS _may_projects)::bigint[])) OR (( SELECT officeauto._may_own('CHANGE_REQUEST'::text, 'READ'::text) AS _may_own) AND ((requested_by = ( SELECT officeauto.current_user_id() AS current_user_id)) OR (assignee_id = ( SELECT officeauto.current_user_id() AS current_user_id)))))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."clients"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (( SELECT officeauto._may_all('CLIENT'::text, 'READ'::text) AS _may_all) OR (COALESCE(NULL::bigint, (0)::bigint) = ANY (( SELECT officeauto._may_projects('CLIENT'::text, 'READ'::text) AS _may_projects)::bigint[])) OR (( SELECT officeauto._may_own('CLIENT'::text, 'READ'::text) AS _may_own) AND (owner_user_id = ( SELECT officeauto.current_user_id() AS current_user_id))))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."comments"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND ((( SELECT officeauto._acting_user() AS _acting_user) IS NULL) OR (author_id = ( SELECT officeauto._acting_user() AS _acting_user)) OR officeauto._entity_visible(entity_type, entity_id))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."credential_audit_logs"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (( SELECT officeauto._may_all('AUDIT_LOG'::text, 'READ'::text) AS _may_all) OR (COALESCE(NULL::bigint, (0)::bigint) = ANY (( SELECT officeauto._may_projects('AUDIT_LOG'::text, 'READ'::text) AS _may_projects)::bigint[])) OR (( SELECT officeauto._may_own('AUDIT_LOG'::text, 'READ'::text) AS _may_own) AND (user_id = ( SELECT officeauto.current_user_id() AS current_user_id))))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."credentials"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (( SELECT officeauto._may_all('CREDENTIAL'::text, 'READ'::text) AS _may_all) OR (COALESCE(NULL::bigint, (0)::bigint) = ANY (( SELECT officeauto._may_projects('CREDENTIAL'::text, 'READ'::text) AS _may_projects)::bigint[])) OR (( SELECT officeauto._may_own('CREDENTIAL'::text, 'READ'::text) AS _may_own) AND (created_by = ( SELECT officeauto.current_user_id() AS current_user_id))))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."document_relations"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND ((EXISTS ( SELECT
   FROM officeauto.documents p
  WHERE (p.id = document_relations.source_document_id))) AND (EXISTS ( SELECT
   FROM officeauto.documents p
  WHERE (p.id = document_relations.target_document_id))))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."document_versions"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (EXISTS ( SELECT
   FROM officeauto.documents p
  WHERE (p.id = document_versions.document_id)))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."documents"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (( SELECT officeauto._may_all('DOCUMENT'::text, 'READ'::text) AS _may_all) OR (COALESCE(project_id, (0)::bigint) = ANY (( SELECT officeauto._may_projects('DOCUMENT'::text, 'READ'::text) AS _may_projects)::bigint[])) OR (( SELECT officeauto._may_own('DOCUMENT'::text, 'READ'::text) AS _may_own) AND (author_id = ( SELECT officeauto.current_user_id() AS current_user_id))))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."documents_ingest"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (( SELECT officeauto._may_all('DOCUMENT'::text, 'READ'::text) AS _may_all) OR (COALESCE(project_id, (0)::bigint) = ANY (( SELECT officeauto._may_projects('DOCUMENT'::text, 'READ'::text) AS _may_projects)::bigint[])) OR (( SELECT officeauto._may_own('DOCUMENT'::text, 'READ'::text) AS _may_own) AND (uploaded_by = ( SELECT officeauto.current_user_id() AS current_user_id))))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."email_verifications"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (( SELECT officeauto._may_all('USER'::text, 'READ'::text) AS _may_all) OR (COALESCE(NULL::bigint, (0)::bigint) = ANY (( SELECT officeauto._may_projects('USER'::text, 'READ'::text) AS _may_projects)::bigint[])) OR (( SELECT officeauto._may_own('USER'::text, 'READ'::text) AS _may_own) AND (user_id = ( SELECT officeauto.current_user_id() AS current_user_id))))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."events"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (( SELECT officeauto._may_all('EVENT'::text, 'READ'::text) AS _may_all) OR (COALESCE(NULL::bigint, (0)::bigint) = ANY (( SELECT officeauto._may_projects('EVENT'::text, 'READ'::text) AS _may_projects)::bigint[])) OR (( SELECT officeauto._may_own('EVENT'::text, 'READ'::text) AS _may_own) AND (organizer_id = ( SELECT officeauto.current_user_id() AS current_user_id))))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."file_versions"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (EXISTS ( SELECT
   FROM officeauto.files p
  WHERE (p.id = file_versions.file_id)))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."files"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (( SELECT officeauto._may_all('DOCUMENT'::text, 'READ'::text) AS _may_all) OR (COALESCE(NULL::bigint, (0)::bigint) = ANY (( SELECT officeauto._may_projects('DOCUMENT'::text, 'READ'::text) AS _may_projects)::bigint[])) OR (( SELECT officeauto._may_own('DOCUMENT'::text, 'READ'::text) AS _may_own) AND (owner_id = ( SELECT officeauto.current_user_id() AS current_user_id))))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."lots"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (( SELECT officeauto._may_all('LOT'::text, 'READ'::text) AS _may_all) OR (COALESCE(NULL::bigint, (0)::bigint) = ANY (( SELECT officeauto._may_projects('LOT'::text, 'READ'::text) AS _may_projects)::bigint[])) OR (( SELECT officeauto._may_own('LOT'::text, 'READ'::text) AS _may_own) AND (user_id = ( SELECT officeauto.current_user_id() AS current_user_id))))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."messages"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (( SELECT officeauto._may_all('MESSAGE'::text, 'READ'::text) AS _may_all) OR ((recipient_id IS NULL) AND (0 = ANY (( SELECT officeauto._may_projects('MESSAGE'::text, 'READ'::text) AS _may_projects)::bigint[]))) OR (( SELECT officeauto._may_own('MESSAGE'::text, 'READ'::text) AS _may_own) AND ((sender_id = ( SELECT officeauto.current_user_id() AS current_user_id)) OR (recipient_id = ( SELECT officeauto.current_user_id() AS current_user_id)))))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."notifications"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND ((( SELECT officeauto._acting_user() AS _acting_user) IS NULL) OR (recipient_id = ( SELECT officeauto._acting_user() AS _acting_user)))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."organizations"
as permissive
for all
to officeauto_app
using (((id = ( SELECT officeauto._tenant() AS _tenant)) AND (( SELECT officeauto._may_all('ORGANIZATION'::text, 'READ'::text) AS _may_all) OR (COALESCE(NULL::bigint, (0)::bigint) = ANY (( SELECT officeauto._may_projects('ORGANIZATION'::text, 'READ'::text) AS _may_projects)::bigint[])))))
with check ((id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."project_members"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (EXISTS ( SELECT
   FROM officeauto.projects p
  WHERE (p.id = project_members.project_id)))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."project_tags"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (EXISTS ( SELECT
   FROM officeauto.projects p
  WHERE (p.id = project_tags.project_id)))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."projects"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (( SELECT officeauto._may_all('PROJECT'::text, 'READ'::text) AS _may_all) OR (COALESCE(id, (0)::bigint) = ANY (( SELECT officeauto._may_projects('PROJECT'::text, 'READ'::text) AS _may_projects)::bigint[])) OR (( SELECT officeauto._may_own('PROJECT'::text, 'READ'::text) AS _may_own) AND ((manager_id = ( SELECT officeauto.current_user_id() AS current_user_id)) OR (created_by = ( SELECT officeauto.current_user_id() AS current_user_id)))))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."refresh_tokens"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (( SELECT officeauto._may_all('SESSION'::text, 'READ'::text) AS _may_all) OR (COALESCE(NULL::bigint, (0)::bigint) = ANY (( SELECT officeauto._may_projects('SESSION'::text, 'READ'::text) AS _may_projects)::bigint[])) OR (( SELECT officeauto._may_own('SESSION'::text, 'READ'::text) AS _may_own) AND (user_id = ( SELECT officeauto.current_user_id() AS current_user_id))))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."role_permissions"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (EXISTS ( SELECT
   FROM officeauto.roles p
  WHERE (p.id = role_permissions.role_id)))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."roles"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (( SELECT officeauto._may_all('ROLE'::text, 'READ'::text) AS _may_all) OR (COALESCE(NULL::bigint, (0)::bigint) = ANY (( SELECT officeauto._may_projects('ROLE'::text, 'READ'::text) AS _may_projects)::bigint[])))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."shortcuts"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND ((( SELECT officeauto._acting_user() AS _acting_user) IS NULL) OR (user_id = ( SELECT officeauto._acting_user() AS _acting_user)))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."storage_reference"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (( SELECT officeauto._may_all('ORGANIZATION'::text, 'READ'::text) AS _may_all) OR (COALESCE(NULL::bigint, (0)::bigint) = ANY (( SELECT officeauto._may_projects('ORGANIZATION'::text, 'READ'::text) AS _may_projects)::bigint[])))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."tag_reference"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (( SELECT officeauto._may_all('PROJECT'::text, 'READ'::text) AS _may_all) OR (COALESCE(NULL::bigint, (0)::bigint) = ANY (( SELECT officeauto._may_projects('PROJECT'::text, 'READ'::text) AS _may_projects)::bigint[])))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."task_time_entries"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (EXISTS ( SELECT
   FROM officeauto.tasks p
  WHERE (p.id = task_time_entries.task_id)))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."tasks"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (( SELECT officeauto._may_all('TASK'::text, 'READ'::text) AS _may_all) OR (COALESCE(project_id, (0)::bigint) = ANY (( SELECT officeauto._may_projects('TASK'::text, 'READ'::text) AS _may_projects)::bigint[])) OR (( SELECT officeauto._may_own('TASK'::text, 'READ'::text) AS _may_own) AND ((assignee_id = ( SELECT officeauto.current_user_id() AS current_user_id)) OR (created_by = ( SELECT officeauto.current_user_id() AS current_user_id)))))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."test_case_relations"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (EXISTS ( SELECT
   FROM officeauto.test_cases p
  WHERE (p.id = test_case_relations.test_case_id)))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."test_cases"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (( SELECT officeauto._may_all('TEST_CASE'::text, 'READ'::text) AS _may_all) OR (COALESCE(project_id, (0)::bigint) = ANY (( SELECT officeauto._may_projects('TEST_CASE'::text, 'READ'::text) AS _may_projects)::bigint[])) OR (( SELECT officeauto._may_own('TEST_CASE'::text, 'READ'::text) AS _may_own) AND (created_by = ( SELECT officeauto.current_user_id() AS current_user_id))))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."test_executions"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (EXISTS ( SELECT
   FROM officeauto.test_cases p
  WHERE (p.id = test_executions.test_case_id)))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."user_roles"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (( SELECT officeauto._may_all('ROLE'::text, 'READ'::text) AS _may_all) OR (user_id = ( SELECT officeauto.current_user_id() AS current_user_id)))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."user_sessions"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (( SELECT officeauto._may_all('SESSION'::text, 'READ'::text) AS _may_all) OR (COALESCE(NULL::bigint, (0)::bigint) = ANY (( SELECT officeauto._may_projects('SESSION'::text, 'READ'::text) AS _may_projects)::bigint[])) OR (( SELECT officeauto._may_own('SESSION'::text, 'READ'::text) AS _may_own) AND (user_id = ( SELECT officeauto.current_user_id() AS current_user_id))))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

create policy "tenant_isolation"
on officeauto."users"
as permissive
for all
to officeauto_app
using (((organization_id = ( SELECT officeauto._tenant() AS _tenant)) AND (( SELECT officeauto._may_all('USER'::text, 'READ'::text) AS _may_all) OR (COALESCE(NULL::bigint, (0)::bigint) = ANY (( SELECT officeauto._may_projects('USER'::text, 'READ'::text) AS _may_projects)::bigint[])) OR (( SELECT officeauto._may_own('USER'::text, 'READ'::text) AS _may_own) AND (id = ( SELECT officeauto.current_user_id() AS current_user_id))))))
with check ((organization_id = ( SELECT officeauto._tenant() AS _tenant)));

CREATE TRIGGER permissions_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON officeauto.access_role_reference FOR EACH STATEMENT EXECUTE FUNCTION officeauto._permissions_changed();
ALTER TABLE officeauto."access_role_reference" ENABLE ALWAYS TRIGGER "permissions_changed";

CREATE TRIGGER permissions_replicated AFTER INSERT OR DELETE OR UPDATE ON officeauto.access_role_reference FOR EACH ROW EXECUTE FUNCTION officeauto._permissions_changed();
ALTER TABLE officeauto."access_role_reference" ENABLE REPLICA TRIGGER "permissions_replicated";

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.access_role_reference FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.access_role_reference FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."access_role_reference" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.audit_logs_archive_default FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.audit_logs_archive_default FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."audit_logs_archive_default" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.audit_logs_default FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.audit_logs_default FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."audit_logs_default" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.calendar_resources FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_calendar_resources();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.calendar_resources FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.calendar_resources FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."calendar_resources" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.captcha_attempts FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.captcha_attempts FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."captcha_attempts" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.cartable FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_personal();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.cartable FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.cartable FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."cartable" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.change_request_approvals FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_change_request_approvals();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.change_request_approvals FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.change_request_approvals FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."change_request_approvals" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.change_request_impacts FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_change_request_impacts();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.change_request_impacts FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.change_request_impacts FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."change_request_impacts" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.change_requests FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_change_requests();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.change_requests FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.change_requests FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."change_requests" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.clients FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_clients();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.clients FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.clients FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."clients" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.comments FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_comments();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.comments FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.comments FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."comments" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.credential_audit_logs FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.credential_audit_logs FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."credential_audit_logs" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.credential_keys FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.credential_keys FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."credential_keys" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.credentials FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_credentials();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.credentials FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.credentials FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."credentials" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.document_relations FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_document_relations();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.document_relations FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.document_relations FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."document_relations" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.document_versions FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_document_versions();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.document_versions FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.document_versions FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."document_versions" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.documents FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_documents();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.documents FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.documents FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."documents" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.documents_ingest FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_documents_ingest();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.documents_ingest FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.documents_ingest FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."documents_ingest" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.email_verifications FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.email_verifications FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."email_verifications" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.events FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_events();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.events FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.events FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."events" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER mfa_failed_audit AFTER UPDATE OF reason ON officeauto.failed_login_attempts FOR EACH ROW WHEN (((new.identifier ~~ 'mfa:%'::text) AND (new.reason = 'invalid_credentials'::text) AND (new.user_id IS NOT NULL))) EXECUTE FUNCTION officeauto.tg_failed_login_mfa_audit();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.failed_login_attempts FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.failed_login_attempts FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."failed_login_attempts" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.file_versions FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_file_versions();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.file_versions FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.file_versions FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."file_versions" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.files FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_files();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.files FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.files FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."files" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.filetype_reference FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.filetype_reference FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."filetype_reference" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER officeauto_audit AFTER INSERT OR DELETE OR UPDATE ON officeauto.invitations FOR EACH ROW EXECUTE FUNCTION officeauto.audit_trigger('{}');

CREATE TRIGGER officeauto_audit_flush AFTER INSERT OR DELETE OR UPDATE ON officeauto.invitations FOR EACH STATEMENT EXECUTE FUNCTION officeauto.audit_flush_trigger();

CREATE TRIGGER officeauto_audit_truncate AFTER TRUNCATE ON officeauto.invitations FOR EACH STATEMENT EXECUTE FUNCTION officeauto.audit_truncate_trigger();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.invitations FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.invitations FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."invitations" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER row_conventions BEFORE UPDATE ON officeauto.invitations FOR EACH ROW EXECUTE FUNCTION officeauto.tg_row_conventions('versioned');

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.login_throttle FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.login_throttle FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."login_throttle" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER row_conventions BEFORE UPDATE ON officeauto.login_throttle FOR EACH ROW EXECUTE FUNCTION officeauto.tg_row_conventions('plain');

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.lots FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_lots();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.lots FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.lots FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."lots" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.messages FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_messages();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.messages FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.messages FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."messages" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.mfa_challenges FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.mfa_challenges FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."mfa_challenges" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.mfa_recovery_codes FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.mfa_recovery_codes FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."mfa_recovery_codes" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.notifications FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_personal();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.notifications FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.notifications FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."notifications" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.organizations FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_organizations();

CREATE TRIGGER deletion_final BEFORE UPDATE OF deleted_at ON officeauto.organizations FOR EACH ROW EXECUTE FUNCTION officeauto.tg_organizations_deletion_final();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.organizations FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.organizations FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."organizations" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER seed_roles AFTER INSERT ON officeauto.organizations FOR EACH ROW WHEN ((NOT officeauto._is_restoring())) EXECUTE FUNCTION officeauto.tg_organization_roles();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.password_reset_requests FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.password_reset_requests FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."password_reset_requests" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER permissions_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON officeauto.permissions FOR EACH STATEMENT EXECUTE FUNCTION officeauto._permissions_changed();
ALTER TABLE officeauto."permissions" ENABLE ALWAYS TRIGGER "permissions_changed";

CREATE TRIGGER permissions_replicated AFTER INSERT OR DELETE OR UPDATE ON officeauto.permissions FOR EACH ROW EXECUTE FUNCTION officeauto._permissions_changed();
ALTER TABLE officeauto."permissions" ENABLE REPLICA TRIGGER "permissions_replicated";

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.permissions FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.permissions FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."permissions" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.project_members FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_project_members();

CREATE TRIGGER permissions_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON officeauto.project_members FOR EACH STATEMENT EXECUTE FUNCTION officeauto._permissions_changed();
ALTER TABLE officeauto."project_members" ENABLE ALWAYS TRIGGER "permissions_changed";

CREATE TRIGGER permissions_replicated AFTER INSERT OR DELETE OR UPDATE ON officeauto.project_members FOR EACH ROW EXECUTE FUNCTION officeauto._permissions_changed();
ALTER TABLE officeauto."project_members" ENABLE REPLICA TRIGGER "permissions_replicated";

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.project_members FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.project_members FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."project_members" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.project_tags FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_project_tags();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.project_tags FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.project_tags FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."project_tags" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.projects FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_projects();

CREATE TRIGGER permissions_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON officeauto.projects FOR EACH STATEMENT EXECUTE FUNCTION officeauto._permissions_changed();
ALTER TABLE officeauto."projects" ENABLE ALWAYS TRIGGER "permissions_changed";

CREATE TRIGGER permissions_replicated AFTER INSERT OR DELETE OR UPDATE ON officeauto.projects FOR EACH ROW EXECUTE FUNCTION officeauto._permissions_changed();
ALTER TABLE officeauto."projects" ENABLE REPLICA TRIGGER "permissions_replicated";

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.projects FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.projects FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."projects" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.refresh_tokens FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.refresh_tokens FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."refresh_tokens" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.reporting_access FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.reporting_access FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."reporting_access" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER guard BEFORE INSERT OR DELETE OR UPDATE ON officeauto.role_permissions FOR EACH ROW EXECUTE FUNCTION officeauto.tg_roles_guard();

CREATE TRIGGER permissions_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON officeauto.role_permissions FOR EACH STATEMENT EXECUTE FUNCTION officeauto._permissions_changed();
ALTER TABLE officeauto."role_permissions" ENABLE ALWAYS TRIGGER "permissions_changed";

CREATE TRIGGER permissions_replicated AFTER INSERT OR DELETE OR UPDATE ON officeauto.role_permissions FOR EACH ROW EXECUTE FUNCTION officeauto._permissions_changed();
ALTER TABLE officeauto."role_permissions" ENABLE REPLICA TRIGGER "permissions_replicated";

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.role_permissions FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.role_permissions FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."role_permissions" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER revoke_inviter_invitations AFTER DELETE OR UPDATE OF role_id, permission_id ON officeauto.role_permissions FOR EACH ROW EXECUTE FUNCTION officeauto.tg_revoke_inviter_invitations();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.role_templates FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.role_templates FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."role_templates" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.roles FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_roles();

CREATE TRIGGER guard BEFORE INSERT OR DELETE OR UPDATE ON officeauto.roles FOR EACH ROW EXECUTE FUNCTION officeauto.tg_roles_guard();

CREATE TRIGGER permissions_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON officeauto.roles FOR EACH STATEMENT EXECUTE FUNCTION officeauto._permissions_changed();
ALTER TABLE officeauto."roles" ENABLE ALWAYS TRIGGER "permissions_changed";

CREATE TRIGGER permissions_replicated AFTER INSERT OR DELETE OR UPDATE ON officeauto.roles FOR EACH ROW EXECUTE FUNCTION officeauto._permissions_changed();
ALTER TABLE officeauto."roles" ENABLE REPLICA TRIGGER "permissions_replicated";

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.roles FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.roles FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."roles" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.schema_version FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.schema_version FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."schema_version" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER officeauto_audit AFTER INSERT OR DELETE OR UPDATE ON officeauto.session_limits FOR EACH ROW EXECUTE FUNCTION officeauto.audit_trigger('{}');

CREATE TRIGGER officeauto_audit_flush AFTER INSERT OR DELETE OR UPDATE ON officeauto.session_limits FOR EACH STATEMENT EXECUTE FUNCTION officeauto.audit_flush_trigger();

CREATE TRIGGER officeauto_audit_truncate AFTER TRUNCATE ON officeauto.session_limits FOR EACH STATEMENT EXECUTE FUNCTION officeauto.audit_truncate_trigger();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.session_limits FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.session_limits FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."session_limits" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER row_conventions BEFORE UPDATE ON officeauto.session_limits FOR EACH ROW EXECUTE FUNCTION officeauto.tg_row_conventions('versioned');

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.shortcuts FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_personal();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.shortcuts FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.shortcuts FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."shortcuts" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.signup_reservations FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.signup_reservations FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."signup_reservations" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.storage_reference FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_storage_reference();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.storage_reference FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.storage_reference FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."storage_reference" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.tag_reference FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_tag_reference();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.tag_reference FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.tag_reference FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."tag_reference" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.task_time_entries FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_task_time_entries();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.task_time_entries FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.task_time_entries FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."task_time_entries" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.tasks FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_tasks();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.tasks FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.tasks FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."tasks" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.test_case_relations FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_test_case_relations();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.test_case_relations FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.test_case_relations FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."test_case_relations" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.test_cases FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_test_cases();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.test_cases FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.test_cases FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."test_cases" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.test_executions FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_test_executions();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.test_executions FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.test_executions FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."test_executions" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER guard BEFORE INSERT OR DELETE OR UPDATE ON officeauto.user_roles FOR EACH ROW EXECUTE FUNCTION officeauto.tg_user_roles_guard();

CREATE TRIGGER permissions_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON officeauto.user_roles FOR EACH STATEMENT EXECUTE FUNCTION officeauto._permissions_changed();
ALTER TABLE officeauto."user_roles" ENABLE ALWAYS TRIGGER "permissions_changed";

CREATE TRIGGER permissions_replicated AFTER INSERT OR DELETE OR UPDATE ON officeauto.user_roles FOR EACH ROW EXECUTE FUNCTION officeauto._permissions_changed();
ALTER TABLE officeauto."user_roles" ENABLE REPLICA TRIGGER "permissions_replicated";

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.user_roles FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.user_roles FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."user_roles" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER revoke_inviter_invitations AFTER DELETE OR UPDATE OF user_id, role_id, project_id ON officeauto.user_roles FOR EACH ROW EXECUTE FUNCTION officeauto.tg_revoke_inviter_invitations();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.user_sessions FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.user_sessions FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."user_sessions" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER officeauto_audit AFTER INSERT OR DELETE OR UPDATE ON officeauto.user_totp FOR EACH ROW EXECUTE FUNCTION officeauto.audit_trigger('{"exclude": ["encrypted_secret"]}');

CREATE TRIGGER officeauto_audit_flush AFTER INSERT OR DELETE OR UPDATE ON officeauto.user_totp FOR EACH STATEMENT EXECUTE FUNCTION officeauto.audit_flush_trigger();

CREATE TRIGGER officeauto_audit_truncate AFTER TRUNCATE ON officeauto.user_totp FOR EACH STATEMENT EXECUTE FUNCTION officeauto.audit_truncate_trigger();

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.user_totp FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.user_totp FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."user_totp" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER row_conventions BEFORE UPDATE ON officeauto.user_totp FOR EACH ROW EXECUTE FUNCTION officeauto.tg_row_conventions('plain');

CREATE TRIGGER authorize BEFORE INSERT OR DELETE OR UPDATE ON officeauto.users FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_users();

CREATE TRIGGER default_role AFTER INSERT ON officeauto.users FOR EACH ROW WHEN ((NOT officeauto._is_restoring())) EXECUTE FUNCTION officeauto.tg_user_default_role();

CREATE TRIGGER erased BEFORE DELETE OR UPDATE ON officeauto.users FOR EACH ROW EXECUTE FUNCTION officeauto.tg_users_erased();

CREATE TRIGGER guard BEFORE DELETE OR UPDATE ON officeauto.users FOR EACH ROW EXECUTE FUNCTION officeauto.tg_users_guard();

CREATE TRIGGER permissions_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON officeauto.users FOR EACH STATEMENT EXECUTE FUNCTION officeauto._permissions_changed();
ALTER TABLE officeauto."users" ENABLE ALWAYS TRIGGER "permissions_changed";

CREATE TRIGGER permissions_replicated AFTER INSERT OR DELETE OR UPDATE ON officeauto.users FOR EACH ROW EXECUTE FUNCTION officeauto._permissions_changed();
ALTER TABLE officeauto."users" ENABLE REPLICA TRIGGER "permissions_replicated";

CREATE TRIGGER restore_load_begin BEFORE INSERT ON officeauto.users FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();

CREATE TRIGGER restore_load_end AFTER INSERT ON officeauto.users FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger();
ALTER TABLE officeauto."users" ENABLE ALWAYS TRIGGER "restore_load_end";

CREATE TRIGGER seats BEFORE INSERT OR UPDATE OF status, deleted_at, organization_id ON officeauto.users FOR EACH ROW EXECUTE FUNCTION officeauto.tg_users_seats();

CREATE TRIGGER two_factor BEFORE UPDATE OF two_factor_enabled ON officeauto.users FOR EACH ROW EXECUTE FUNCTION officeauto.tg_users_two_factor();


-- Data: monthly partitions made by 0.1.0's create_audit_partitions() get 0.2.0's indexes (see
-- _index_audit_partition for what each serves) and the read grant 0.2.0 gives its own. The
-- default partitions were handled above. A rebuild of each partition's indexes: on a large
-- audit log this is the slow part of the upgrade.
DO $$
DECLARE
    part regclass;
    k record;
BEGIN
    FOR part IN SELECT i.inhrelid::regclass FROM pg_inherits i
                 WHERE i.inhparent IN ('officeauto.audit_logs'::regclass, 'officeauto.audit_logs_archive'::regclass)
                   AND i.inhrelid NOT IN ('officeauto.audit_logs_default'::regclass, 'officeauto.audit_logs_archive_default'::regclass)
    LOOP
        FOR k IN SELECT conname FROM pg_constraint WHERE conrelid = part AND contype = 'p' LOOP
            EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', part, k.conname);
        END LOOP;
        -- Only the indexes 0.1.0 made (recognized by definition): one a DBA added stays.
        FOR k IN SELECT indexrelid::regclass AS idx FROM pg_index
                  WHERE indrelid = part AND NOT indisprimary
                    AND regexp_replace(pg_get_indexdef(indexrelid), '^CREATE INDEX \S+ ON \S+ ', '') IN (
                        'USING btree (organization_id, created_at DESC)',
                        'USING btree (record_id, created_at DESC) WHERE (record_id IS NOT NULL)',
                        'USING btree (actor_user_id, created_at DESC) WHERE (actor_user_id IS NOT NULL)',
                        'USING btree (table_name, created_at DESC)',
                        'USING gin (metadata jsonb_path_ops)') LOOP
            EXECUTE format('DROP INDEX %s', k.idx);
        END LOOP;
        PERFORM officeauto._index_audit_partition(part);
        EXECUTE format('GRANT SELECT ON %s TO officeauto_admin', part);
    END LOOP;
END
$$;

-- Data: the permission vocabulary and the built-in role templates of 0.2.0 (as its install
-- script writes them).
INSERT INTO officeauto.permissions (resource, action, scope, description, is_builtin)
SELECT r, a, s, initcap(lower(a)) || ' ' || lower(replace(r, '_', ' ')) || ' (' || lower(s) || ' scope)', true
  FROM unnest(ARRAY['ORGANIZATION', 'ROLE', 'SESSION', 'LOT']) AS r,
       unnest(ARRAY['CREATE', 'READ', 'UPDATE', 'DELETE', 'APPROVE']) AS a,
       unnest(ARRAY['GLOBAL', 'PROJECT', 'SELF']) AS s
ON CONFLICT (resource, action, scope) DO NOTHING;

INSERT INTO officeauto.role_templates (role_name, resource, action, scope, is_builtin)
SELECT m.role_name, m.resource, a.action, m.scope, true
  FROM (VALUES
    -- owner: everything, everywhere; the only role that may delete or transfer the organization
    -- (ORGANIZATION CREATE/DELETE/APPROVE), so only an owner can make another owner.
    ('owner', 'ORGANIZATION', 'CRUDA', 'GLOBAL'), ('owner', 'USER', 'CRUDA', 'GLOBAL'),
    ('owner', 'ROLE', 'CRUDA', 'GLOBAL'), ('owner', 'SESSION', 'CRUDA', 'GLOBAL'),
    ('owner', 'PROJECT', 'CRUDA', 'GLOBAL'), ('owner', 'TASK', 'CRUDA', 'GLOBAL'),
    ('owner', 'DOCUMENT', 'CRUDA', 'GLOBAL'), ('owner', 'CLIENT', 'CRUDA', 'GLOBAL'),
    ('owner', 'CREDENTIAL', 'CRUDA', 'GLOBAL'), ('owner', 'CHANGE_REQUEST', 'CRUDA', 'GLOBAL'),
    ('owner', 'TEST_CASE', 'CRUDA', 'GLOBAL'), ('owner', 'EVENT', 'CRUDA', 'GLOBAL'),
    ('owner', 'MESSAGE', 'CRUDA', 'GLOBAL'), ('owner', 'LOT', 'CRUDA', 'GLOBAL'),
    ('owner', 'AUDIT_LOG', 'R', 'GLOBAL'),
    -- admin: runs the organization (users, roles, sessions, all content) but cannot delete it
    -- or make owners.
    ('admin', 'ORGANIZATION', 'RU', 'GLOBAL'), ('admin', 'USER', 'CRUDA', 'GLOBAL'),
    ('admin', 'ROLE', 'CRUDA', 'GLOBAL'), ('admin', 'SESSION', 'CRUDA', 'GLOBAL'),
    ('admin', 'PROJECT', 'CRUDA', 'GLOBAL'), ('admin', 'TASK', 'CRUDA', 'GLOBAL'),
    ('admin', 'DOCUMENT', 'CRUDA', 'GLOBAL'), ('admin', 'CLIENT', 'CRUDA', 'GLOBAL'),
    ('admin', 'CREDENTIAL', 'CRUDA', 'GLOBAL'), ('admin', 'CHANGE_REQUEST', 'CRUDA', 'GLOBAL'),
    ('admin', 'TEST_CASE', 'CRUDA', 'GLOBAL'), ('admin', 'EVENT', 'CRUDA', 'GLOBAL'),
    ('admin', 'MESSAGE', 'CRUDA', 'GLOBAL'), ('admin', 'LOT', 'CRUDA', 'GLOBAL'),
    ('admin', 'AUDIT_LOG', 'R', 'GLOBAL'),
    -- manager: all project work and the CRM across the organization; no user administration.
    ('manager', 'ORGANIZATION', 'R', 'GLOBAL'), ('manager', 'USER', 'R', 'GLOBAL'),
    ('manager', 'USER', 'U', 'SELF'), ('manager', 'ROLE', 'R', 'GLOBAL'),
    ('manager', 'SESSION', 'RD', 'SELF'),
    ('manager', 'PROJECT', 'CRUDA', 'GLOBAL'), ('manager', 'TASK', 'CRUDA', 'GLOBAL'),
    ('manager', 'DOCUMENT', 'CRUDA', 'GLOBAL'), ('manager', 'CLIENT', 'CRU', 'GLOBAL'),
    ('manager', 'CREDENTIAL', 'CRU', 'GLOBAL'), ('manager', 'CHANGE_REQUEST', 'CRUDA', 'GLOBAL'),
    ('manager', 'TEST_CASE', 'CRUDA', 'GLOBAL'), ('manager', 'EVENT', 'CRUD', 'GLOBAL'),
    ('manager', 'MESSAGE', 'CRUD', 'SELF'), ('manager', 'MESSAGE', 'R', 'PROJECT'),
    ('manager', 'LOT', 'CRU', 'GLOBAL'), ('manager', 'AUDIT_LOG', 'R', 'PROJECT'), ('manager', 'AUDIT_LOG', 'R', 'SELF'),
    -- member: works inside the projects they belong to (approvals only where their project
    -- access role is manager or owner); own calendar, messages and profile.
    ('member', 'ORGANIZATION', 'R', 'GLOBAL'), ('member', 'USER', 'R', 'GLOBAL'),
    ('member', 'USER', 'U', 'SELF'), ('member', 'ROLE', 'R', 'GLOBAL'),
    ('member', 'SESSION', 'RD', 'SELF'),
    ('member', 'PROJECT', 'R', 'PROJECT'),
    ('member', 'TASK', 'CRU', 'PROJECT'), ('member', 'TASK', 'RUD', 'SELF'),
    ('member', 'DOCUMENT', 'CRUA', 'PROJECT'), ('member', 'DOCUMENT', 'RUD', 'SELF'),
    ('member', 'CHANGE_REQUEST', 'CRUA', 'PROJECT'), ('member', 'CHANGE_REQUEST', 'RUD', 'SELF'),
    ('member', 'TEST_CASE', 'CRU', 'PROJECT'), ('member', 'TEST_CASE', 'RUD', 'SELF'),
    ('member', 'CLIENT', 'R', 'GLOBAL'), ('member', 'EVENT', 'R', 'GLOBAL'),
    ('member', 'EVENT', 'CUD', 'SELF'), ('member', 'MESSAGE', 'CRUD', 'SELF'),
    ('member', 'MESSAGE', 'R', 'PROJECT'), ('member', 'LOT', 'R', 'GLOBAL'),
    ('member', 'AUDIT_LOG', 'R', 'PROJECT'), ('member', 'AUDIT_LOG', 'R', 'SELF'),
    -- viewer: reads the projects they belong to; own profile and messages.
    ('viewer', 'ORGANIZATION', 'R', 'GLOBAL'), ('viewer', 'USER', 'R', 'GLOBAL'),
    ('viewer', 'USER', 'U', 'SELF'), ('viewer', 'ROLE', 'R', 'GLOBAL'),
    ('viewer', 'SESSION', 'RD', 'SELF'),
    ('viewer', 'PROJECT', 'R', 'PROJECT'), ('viewer', 'TASK', 'R', 'PROJECT'),
    ('viewer', 'DOCUMENT', 'R', 'PROJECT'), ('viewer', 'CHANGE_REQUEST', 'R', 'PROJECT'),
    ('viewer', 'TEST_CASE', 'R', 'PROJECT'), ('viewer', 'EVENT', 'R', 'GLOBAL'),
    ('viewer', 'MESSAGE', 'CR', 'SELF'), ('viewer', 'MESSAGE', 'R', 'PROJECT'),
    ('viewer', 'AUDIT_LOG', 'R', 'PROJECT'), ('viewer', 'AUDIT_LOG', 'R', 'SELF')
  ) AS m(role_name, resource, letters, scope)
  JOIN (VALUES ('C', 'CREATE'), ('R', 'READ'), ('U', 'UPDATE'), ('D', 'DELETE'), ('A', 'APPROVE')) AS a(letter, action)
    ON strpos(m.letters, a.letter) > 0;

-- Data: roles. The roles 0.1.0 left are the organizations' own. Its is_system meant "created
-- by the platform" and tenant data set it freely; in 0.2.0 it marks the five built-in roles,
-- which stay as shipped and whose names the functions rely on (owner for OA060, member for new
-- users). So every existing role becomes a custom one, and one named like a built-in role is
-- renamed legacy_<name> (legacy_<name>_2, ... where that is taken) with its permissions and
-- holders. The built-in roles are then created from their templates in every organization.
-- 0.1.0 checked no permission at all (tenant isolation only). 0.2.0 checks them, and four of
-- its resources (ORGANIZATION, ROLE, SESSION, LOT) are in no 0.1.0 role, so without a step
-- here every user would lose what needs them: reading the organization, the roles and the
-- lots, ending their own sessions. Each 0.1.0 role gets, on those four resources and its own
-- profile only (its grants on everything else are kept exactly):
--   ORGANIZATION READ and ROLE READ (GLOBAL); SESSION READ and DELETE (SELF); USER UPDATE (SELF);
--   ROLE CREATE/UPDATE/DELETE (GLOBAL) where it has the same action on USER at GLOBAL scope,
--   and SESSION READ and DELETE (GLOBAL) where it has USER UPDATE at GLOBAL scope: in 0.1.0
--   whoever managed users managed their roles and sign-ins;
--   LOT like TASK: READ (GLOBAL) where it reads tasks, CREATE/UPDATE/DELETE where it has them
--   on TASK, at GLOBAL scope where that is GLOBAL and otherwise on the user's own lots (SELF).
-- A user who holds no organization-wide role would see nothing under 0.2.0: they get the
-- built-in member role. Owners are then chosen where an organization has none (0.2.0 keeps an
-- active owner in every live organization, OA060): the active holders of 0.1.0's admin role,
-- or else the organization's first active user. The choice is a guess, so each one is written
-- to the audit trail (action upgrade.owner_assigned, with the organization, the users and the
-- basis), an organization with no active user is left without an owner and recorded as
-- upgrade.owner_missing, and a WARNING says how to review them (README, Upgrading).
DO $$
DECLARE
    builtin_names constant text[] := ARRAY['owner', 'admin', 'manager', 'member', 'viewer'];
    r record;
    o record;
    new_name text;
    n integer;
    legacy_admins bigint[] := '{}';
    chosen bigint[];
    basis text;
    assigned integer := 0;
    missing integer := 0;
BEGIN
    UPDATE officeauto.roles SET is_system = false WHERE is_system;
    FOR r IN SELECT id, organization_id, name FROM officeauto.roles
              WHERE name = ANY (builtin_names) AND deleted_at IS NULL ORDER BY id LOOP
        n := 1;
        new_name := 'legacy_' || r.name;
        WHILE EXISTS (SELECT FROM officeauto.roles x
                       WHERE x.organization_id = r.organization_id AND x.name = new_name AND x.deleted_at IS NULL) LOOP
            n := n + 1;
            new_name := format('legacy_%s_%s', r.name, n);
        END LOOP;
        UPDATE officeauto.roles
           SET name = new_name,
               description = left(concat_ws(' ', description, format('(named %s in 0.1.0)', r.name)), 1000)
         WHERE id = r.id;
        IF r.name = 'admin' THEN
            legacy_admins := legacy_admins || r.id;
        END IF;
    END LOOP;

    WITH held AS (
        SELECT rp.role_id, p.resource, p.action, p.scope
          FROM officeauto.role_permissions rp JOIN officeauto.permissions p ON p.id = rp.permission_id)
    INSERT INTO officeauto.role_permissions (organization_id, role_id, permission_id)
    SELECT DISTINCT lr.organization_id, lr.id, p.id
      FROM officeauto.roles lr
     CROSS JOIN LATERAL (
            VALUES ('ORGANIZATION', 'READ', 'GLOBAL'), ('ROLE', 'READ', 'GLOBAL'),
                   ('SESSION', 'READ', 'SELF'), ('SESSION', 'DELETE', 'SELF'), ('USER', 'UPDATE', 'SELF')
            UNION ALL
            SELECT 'ROLE', h.action, 'GLOBAL' FROM held h
             WHERE h.role_id = lr.id AND h.resource = 'USER' AND h.scope = 'GLOBAL' AND h.action IN ('CREATE', 'UPDATE', 'DELETE')
            UNION ALL
            SELECT 'SESSION', a.action, 'GLOBAL' FROM held h, (VALUES ('READ'), ('DELETE')) AS a(action)
             WHERE h.role_id = lr.id AND h.resource = 'USER' AND h.scope = 'GLOBAL' AND h.action = 'UPDATE'
            UNION ALL
            SELECT 'LOT', 'READ', 'GLOBAL' FROM held h
             WHERE h.role_id = lr.id AND h.resource = 'TASK' AND h.action = 'READ'
            UNION ALL
            SELECT 'LOT', h.action, CASE WHEN h.scope = 'GLOBAL' THEN 'GLOBAL' ELSE 'SELF' END FROM held h
             WHERE h.role_id = lr.id AND h.resource = 'TASK' AND h.action IN ('CREATE', 'UPDATE', 'DELETE')
           ) AS g(resource, action, scope)
      JOIN officeauto.permissions p ON (p.resource, p.action, p.scope) = (g.resource, g.action, g.scope)
     WHERE NOT lr.is_system AND lr.deleted_at IS NULL
    ON CONFLICT (organization_id, role_id, permission_id) DO NOTHING;

    WITH made AS (
        INSERT INTO officeauto.roles (organization_id, name, description, is_system)
        SELECT o2.id, t.name, t.description, true
          FROM officeauto.organizations o2,
               (VALUES ('owner', 'Owns the organization: everything, including making owners'),
                       ('admin', 'Administers users, roles, sessions and all content'),
                       ('manager', 'Runs projects, the CRM and approvals across the organization'),
                       ('member', 'Works in the projects they belong to'),
                       ('viewer', 'Reads the projects they belong to')) AS t(name, description)
         WHERE NOT EXISTS (SELECT FROM officeauto.roles x
                            WHERE x.organization_id = o2.id AND x.name = t.name AND x.deleted_at IS NULL)
        RETURNING id, organization_id, name)
    INSERT INTO officeauto.role_permissions (organization_id, role_id, permission_id)
    SELECT m.organization_id, m.id, p.id
      FROM made m
      JOIN officeauto.role_templates t ON t.role_name = m.name
      JOIN officeauto.permissions p ON (p.resource, p.action, p.scope) = (t.resource, t.action, t.scope);

    INSERT INTO officeauto.user_roles (organization_id, user_id, role_id)
    SELECT u.organization_id, u.id, m.id
      FROM officeauto.users u
      JOIN officeauto.roles m ON m.organization_id = u.organization_id AND m.name = 'member'
                             AND m.is_system AND m.deleted_at IS NULL
     WHERE u.deleted_at IS NULL
       AND NOT EXISTS (SELECT FROM officeauto.user_roles ur JOIN officeauto.roles x ON x.id = ur.role_id
                        WHERE ur.user_id = u.id AND ur.project_id IS NULL AND x.deleted_at IS NULL);

    FOR o IN SELECT id FROM officeauto.organizations
              WHERE deleted_at IS NULL AND officeauto._owner_count(id, NULL) = 0 ORDER BY id LOOP
        SELECT array_agg(u.id ORDER BY u.id) INTO chosen
          FROM officeauto.users u
         WHERE u.organization_id = o.id AND u.status = 'active' AND u.deleted_at IS NULL
           AND EXISTS (SELECT FROM officeauto.user_roles ur
                        WHERE ur.user_id = u.id AND ur.project_id IS NULL AND ur.role_id = ANY (legacy_admins));
        basis := 'active holder of the admin role of 0.1.0';
        IF chosen IS NULL THEN
            SELECT array_agg(u.id) INTO chosen
              FROM (SELECT id FROM officeauto.users
                     WHERE organization_id = o.id AND status = 'active' AND deleted_at IS NULL
                     ORDER BY id LIMIT 1) u;
            basis := 'first active user (no active holder of the admin role of 0.1.0)';
        END IF;
        IF chosen IS NULL THEN
            PERFORM officeauto.log_activity('upgrade.owner_missing',
                jsonb_build_object('organization_id', o.id, 'reason', 'no active user'));
            missing := missing + 1;
            CONTINUE;
        END IF;
        INSERT INTO officeauto.user_roles (organization_id, user_id, role_id)
        SELECT o.id, c, x.id
          FROM unnest(chosen) AS c,
               officeauto.roles x
         WHERE x.organization_id = o.id AND x.name = 'owner' AND x.is_system AND x.deleted_at IS NULL;
        PERFORM officeauto.log_activity('upgrade.owner_assigned',
            jsonb_build_object('organization_id', o.id, 'user_ids', to_jsonb(chosen), 'basis', basis));
        assigned := assigned + 1;
    END LOOP;
    IF assigned > 0 OR missing > 0 THEN
        RAISE WARNING 'officeauto upgrade to 0.2.0: % organization(s) were given an owner, % have no active user and no owner',
                      assigned, missing
            USING HINT = 'Review the choices: SELECT created_at, action, metadata FROM officeauto.audit_logs WHERE action LIKE ''upgrade.owner%'';';
    END IF;
END
$$;

-- Data: the step is part of the install history (kept by pg_dump: not built-in).
INSERT INTO officeauto.schema_version (version, kind, description)
VALUES ('0.2.0', 'upgrade', 'ALTER EXTENSION officeauto UPDATE from 0.1.0');

-- 0.2.0's maintenance: run records, ANALYZE of what changed, monitoring views (as
-- sql/23_maintenance.sql creates them; maintain_database() is replaced).
-- Maintenance and monitoring: maintain_database() with a recorded report per run, and the
-- seeds' monitoring queries (slow queries, table sizes, index usage, unused indexes) as views
-- for the operator (officeauto_admin) and reporting logins (officeauto_readonly).
--
-- VACUUM is not here: it cannot run inside a function or a transaction block, so it is a
-- separate scheduled statement (README, "Maintenance").

------------------------------------------------------------------------------------------
-- Run history
------------------------------------------------------------------------------------------

-- One row per maintain_database() call, written by that function only (it runs with the
-- owner's rights; nobody else is granted INSERT, UPDATE or DELETE). A run is recorded in the
-- transaction that ran it: a run cancelled as a whole (statement_timeout, a killed backend)
-- leaves no row, like its work; a failing step is caught and recorded (see below).
CREATE TABLE officeauto.maintenance_runs (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at    timestamptz NOT NULL,
    finished_at   timestamptz NOT NULL,
    duration      interval GENERATED ALWAYS AS (finished_at - started_at) STORED,
    run_by        text NOT NULL,
    application_name text,
    succeeded     boolean NOT NULL,
    failed_steps  text[] NOT NULL DEFAULT '{}',
    report        jsonb NOT NULL,
    CHECK (finished_at >= started_at),
    CHECK (succeeded = (cardinality(failed_steps) = 0))
);
-- Not a tenant table (platform-wide counts, no organization); kept by pg_dump with its history.
SELECT officeauto._setup_table('officeauto.maintenance_runs', NULL, '');
CREATE INDEX maintenance_runs_started_at_idx ON officeauto.maintenance_runs (started_at);
COMMENT ON TABLE officeauto.maintenance_runs IS
    'One row per maintain_database() run: start, end, duration, the login that ran it (run_by, session user), success, failed steps and the full jsonb report. Written only by maintain_database(); kept 90 days (and always the last 100 runs). Readable by officeauto_admin and officeauto_readonly.';
COMMENT ON COLUMN officeauto.maintenance_runs.run_by IS 'Session user of the run (the pg_cron job''s username, or whoever called it).';
COMMENT ON COLUMN officeauto.maintenance_runs.failed_steps IS 'Steps whose work was rolled back (their error is in report -> step -> error), plus "<step>:analyze" when only the ANALYZE after a step failed.';
COMMENT ON COLUMN officeauto.maintenance_runs.report IS 'What maintain_database() returned, less run_id: per step ok, result, ms, analyzed relations and error (SQLSTATE and message).';
GRANT SELECT ON officeauto.maintenance_runs TO officeauto_admin, officeauto_readonly;
-- So that an officeauto_admin member's pg_dump can read the sequence (no USAGE: ids are the
-- function's to take).
GRANT SELECT ON SEQUENCE officeauto.maintenance_runs_id_seq TO officeauto_admin;

-- Rows inserted, updated or deleted so far in this transaction, per relation of the schema
-- (pg_stat_xact_all_tables counts the live subtransactions too). Comparing two calls tells
-- which relations a step changed, partitions and materialized views included.
CREATE FUNCTION officeauto._changed_rows() RETURNS jsonb
LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(jsonb_object_agg(s.relid::text, s.n_tup_ins + s.n_tup_upd + s.n_tup_del), '{}')
      FROM pg_stat_xact_all_tables s
     WHERE s.schemaname = 'officeauto' AND s.n_tup_ins + s.n_tup_upd + s.n_tup_del > 0
$$;
COMMENT ON FUNCTION officeauto._changed_rows() IS
    'Internal (maintain_database): rows changed so far in this transaction per officeauto relation, as {oid: count}.';

------------------------------------------------------------------------------------------
-- maintain_database()
------------------------------------------------------------------------------------------

-- Each step runs in its own subtransaction (a BEGIN ... EXCEPTION block): a failing step is
-- rolled back alone, recorded with its SQLSTATE and message, and the other steps' work is
-- kept and committed with the run. Only the message is kept, never DETAIL or CONTEXT, which
-- may quote row values.
--
-- After a step that changed rows, the relations it changed are ANALYZEd (only those, and only
-- when the step's work was kept), so the planner sees the effect of a large cleanup at once
-- instead of at autovacuum's next threshold. ANALYZE reads a bounded sample (300 x
-- default_statistics_target rows), so its cost does not grow with the table. It waits at most
-- 2 s for its lock (a VACUUM of the same table holds a conflicting one); a table it could not
-- analyze is left to autovacuum and reported.
CREATE OR REPLACE FUNCTION officeauto.maintain_database() RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    started timestamptz := clock_timestamp();
    report jsonb := '{}';
    failed text[] := '{}';
    t0 timestamptz;
    step text;
    result jsonb;
    entry jsonb;
    before jsonb;
    after jsonb;
    rel regclass;
    analyzed text[];
    analyze_errors jsonb;
    saved_timeout text;
    purged bigint;
    run_id bigint;
    err_state text;
    err_message text;
BEGIN
    -- On a hot standby every step would fail (25006) and the run could not be recorded.
    PERFORM officeauto._require_primary('maintain_database');
    FOREACH step IN ARRAY ARRAY['refresh_user_dashboard_stats', 'refresh_project_stats', 'cleanup_expired_sessions',
                                'expire_notifications', 'create_audit_partitions', 'archive_audit_logs',
                                'purge_audit_archive'] LOOP
        t0 := clock_timestamp();
        before := officeauto._changed_rows();
        BEGIN
            CASE step
                WHEN 'refresh_user_dashboard_stats' THEN
                    REFRESH MATERIALIZED VIEW CONCURRENTLY officeauto.user_dashboard_stats; result := 'true';
                WHEN 'refresh_project_stats' THEN
                    REFRESH MATERIALIZED VIEW CONCURRENTLY officeauto.project_stats; result := 'true';
                WHEN 'cleanup_expired_sessions' THEN result := to_jsonb(officeauto.cleanup_expired_sessions());
                WHEN 'expire_notifications' THEN result := to_jsonb(officeauto.expire_notifications());
                WHEN 'create_audit_partitions' THEN result := to_jsonb(officeauto.create_audit_partitions(3));
                WHEN 'archive_audit_logs' THEN result := to_jsonb(officeauto.archive_audit_logs());
                WHEN 'purge_audit_archive' THEN result := to_jsonb(officeauto.purge_audit_archive());
            END CASE;
            entry := jsonb_build_object('ok', true, 'result', result);
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS err_state = RETURNED_SQLSTATE, err_message = MESSAGE_TEXT;
            entry := jsonb_build_object('ok', false, 'result', NULL,
                                        'error', jsonb_build_object('sqlstate', err_state, 'message', left(err_message, 500)));
            failed := failed || step;
            RAISE WARNING 'maintain_database: step % failed (SQLSTATE %): %', step, err_state, err_message;
        END;

        -- The relations whose counters moved during a step that was kept.
        analyzed := '{}';
        analyze_errors := '[]';
        IF (entry ->> 'ok')::boolean THEN
            after := officeauto._changed_rows();
            FOR rel IN
                SELECT a.key::oid::regclass FROM jsonb_each_text(after) a
                 WHERE a.value::bigint > coalesce((before ->> a.key)::bigint, 0)
                   AND EXISTS (SELECT FROM pg_class c WHERE c.oid = a.key::oid)
                 ORDER BY a.key::oid::regclass::text
            LOOP
                saved_timeout := current_setting('lock_timeout');
                BEGIN
                    PERFORM set_config('lock_timeout', '2s', true);
                    EXECUTE format('ANALYZE %s', rel);
                    analyzed := analyzed || rel::text;
                EXCEPTION WHEN OTHERS THEN
                    GET STACKED DIAGNOSTICS err_state = RETURNED_SQLSTATE, err_message = MESSAGE_TEXT;
                    analyze_errors := analyze_errors || jsonb_build_object('relation', rel::text, 'sqlstate', err_state,
                                                                           'message', left(err_message, 500));
                END;
                PERFORM set_config('lock_timeout', saved_timeout, true);
            END LOOP;
            IF jsonb_array_length(analyze_errors) > 0 THEN
                failed := failed || (step || ':analyze');
                RAISE WARNING 'maintain_database: ANALYZE after step % failed: %', step, analyze_errors;
            END IF;
        END IF;

        report := report || jsonb_build_object(step,
            entry || jsonb_build_object('ms', round(extract(epoch FROM clock_timestamp() - t0) * 1000, 1),
                                        'analyzed', to_jsonb(analyzed))
                  || CASE WHEN jsonb_array_length(analyze_errors) > 0
                          THEN jsonb_build_object('analyze_errors', analyze_errors) ELSE '{}' END);
    END LOOP;

    -- Retention of the run history: 90 days covers a quarter of trends (step durations, rows
    -- cleaned) and is longer than anyone waits to look at a failure; the newest 100 runs stay
    -- whatever their age, so a rarely scheduled job keeps some history. At one run every 30
    -- minutes that is about 4,300 rows of a few hundred bytes to a few kilobytes each.
    DELETE FROM officeauto.maintenance_runs
     WHERE started_at < now() - interval '90 days'
       AND id < (SELECT coalesce(min(id), 0) FROM (SELECT id FROM officeauto.maintenance_runs
                                                     ORDER BY id DESC LIMIT 99) newest);
    GET DIAGNOSTICS purged = ROW_COUNT;

    report := report || jsonb_build_object('started_at', started, 'finished_at', clock_timestamp(),
                                           'succeeded', cardinality(failed) = 0, 'failed_steps', to_jsonb(failed),
                                           'maintenance_runs_purged', purged);
    INSERT INTO officeauto.maintenance_runs (started_at, finished_at, run_by, application_name, succeeded, failed_steps, report)
    VALUES (started, (report ->> 'finished_at')::timestamptz, session_user,
            nullif(current_setting('application_name', true), ''), cardinality(failed) = 0, failed, report)
    RETURNING id INTO run_id;
    RETURN report || jsonb_build_object('run_id', run_id);
END
$$;
COMMENT ON FUNCTION officeauto.maintain_database() IS
    'Routine maintenance in one call: refreshes the dashboard materialized views concurrently, cleans up sessions, expires notifications, creates the next audit partitions, archives old audit rows and purges the archive; each step in its own subtransaction (a failing step is rolled back alone and reported), then ANALYZE of the relations each kept step changed. Records the run in maintenance_runs and returns its jsonb report (per step ok, result, ms, analyzed, error). officeauto_admin only; schedule it with pg_cron (README).';
REVOKE ALL ON FUNCTION officeauto.maintain_database(), officeauto._changed_rows() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto.maintain_database() TO officeauto_admin;

------------------------------------------------------------------------------------------
-- Monitoring views (seeds 001, 003, 004: slow queries, table sizes, index usage, unused
-- indexes), scoped to this database (slow queries) or to the officeauto schema (the rest).
-- Readable by officeauto_admin and officeauto_readonly; they run with the caller's rights
-- (security_invoker) and read only the statistics and catalog, which hold no row data.
------------------------------------------------------------------------------------------

-- pg_stat_statements is optional, so slow_queries reads it through this function, which looks
-- it up when called: a view naming pg_stat_statements directly could not be created without
-- it, would have to be created conditionally at CREATE EXTENSION time, and would then be
-- missing after a restore or an upgrade that runs before pg_stat_statements is created (and
-- would block DROP EXTENSION pg_stat_statements). This function survives pg_dump/restore and
-- ALTER EXTENSION UPDATE unchanged and works as soon as pg_stat_statements is installed, in
-- whatever schema. Without it, the caller gets 55000 with a hint rather than an empty result
-- that would look like "no slow queries".
-- Caller's rights: pg_stat_statements shows the text of other roles' statements only to
-- superusers and pg_read_all_stats members; a reporting login that is neither sees its own.
CREATE FUNCTION officeauto._statement_stats()
RETURNS TABLE (role_name name, query text, calls bigint, total_exec_ms double precision,
               mean_exec_ms double precision, max_exec_ms double precision, stddev_exec_ms double precision,
               rows bigint, shared_blks_hit bigint, shared_blks_read bigint, cache_hit_ratio numeric,
               temp_blks_written bigint, queryid bigint)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    pss_schema name;
BEGIN
    SELECT n.nspname INTO pss_schema
      FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'pg_stat_statements';
    IF pss_schema IS NULL THEN
        RAISE EXCEPTION 'pg_stat_statements is not installed in this database'
            USING ERRCODE = '55000',
                  HINT = 'Add pg_stat_statements to shared_preload_libraries, restart, then CREATE EXTENSION pg_stat_statements.';
    END IF;
    RETURN QUERY EXECUTE format(
        $q$SELECT r.rolname, s.query, s.calls, s.total_exec_time, s.mean_exec_time, s.max_exec_time,
                  s.stddev_exec_time, s.rows, s.shared_blks_hit, s.shared_blks_read,
                  round(100.0 * s.shared_blks_hit / nullif(s.shared_blks_hit + s.shared_blks_read, 0), 1),
                  s.temp_blks_written, s.queryid
             FROM %I.pg_stat_statements s
             LEFT JOIN pg_roles r ON r.oid = s.userid
            WHERE s.dbid = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())
            ORDER BY s.mean_exec_time DESC$q$, pss_schema);
END
$$;
COMMENT ON FUNCTION officeauto._statement_stats() IS
    'Internal (slow_queries): pg_stat_statements rows of this database, slowest mean first; looked up at call time (55000 when pg_stat_statements is not installed).';

CREATE VIEW officeauto.slow_queries WITH (security_invoker = true) AS
SELECT * FROM officeauto._statement_stats();
COMMENT ON VIEW officeauto.slow_queries IS
    'Statements of this database from pg_stat_statements, slowest mean execution time first (seed 001), with calls, total/max/stddev time, rows and buffer cache hit ratio. Needs pg_stat_statements (55000 otherwise); query texts of other roles are shown to superusers and pg_read_all_stats members only.';

CREATE VIEW officeauto.table_sizes WITH (security_invoker = true) AS
SELECT c.oid::regclass AS table_name,
       CASE c.relkind WHEN 'p' THEN 'partitioned table' WHEN 'm' THEN 'materialized view'
                      ELSE CASE WHEN c.relispartition THEN 'partition' ELSE 'table' END END AS kind,
       (SELECT i.inhparent::regclass FROM pg_inherits i WHERE i.inhrelid = c.oid) AS partition_of,
       sz.total_bytes, pg_size_pretty(sz.total_bytes) AS total_size,
       sz.table_bytes, sz.index_bytes, sz.total_bytes - sz.table_bytes - sz.index_bytes AS toast_bytes,
       CASE WHEN c.relkind <> 'p' AND c.reltuples >= 0 THEN c.reltuples::bigint END AS estimated_rows,
       st.n_live_tup AS live_rows, st.n_dead_tup AS dead_rows,
       greatest(st.last_vacuum, st.last_autovacuum) AS last_vacuum,
       greatest(st.last_analyze, st.last_autoanalyze) AS last_analyze
  FROM pg_class c
  LEFT JOIN pg_stat_all_tables st ON st.relid = c.oid
  CROSS JOIN LATERAL (
        -- A partitioned table stores nothing itself: its size is its partitions'.
        SELECT sum(pg_total_relation_size(t.relid))::bigint AS total_bytes,
               sum(pg_relation_size(t.relid) + pg_relation_size(t.relid, 'fsm') + pg_relation_size(t.relid, 'vm'))::bigint AS table_bytes,
               sum(pg_indexes_size(t.relid))::bigint AS index_bytes
          FROM (SELECT c.oid::regclass AS relid WHERE c.relkind <> 'p'
                UNION ALL
                SELECT p.relid FROM pg_partition_tree(c.oid) p WHERE c.relkind = 'p' AND p.isleaf) t) sz
 WHERE c.relnamespace = 'officeauto'::regnamespace AND c.relkind IN ('r', 'p', 'm');
COMMENT ON VIEW officeauto.table_sizes IS
    'Size of every table, partition, partitioned table (sum of its partitions) and materialized view of the officeauto schema (seed 001 "largest tables", 004 "table size monitoring"): total, heap, index and TOAST bytes, estimated rows (NULL before the first ANALYZE), live/dead rows, last (auto)vacuum and analyze. Order by total_bytes DESC for the largest.';

CREATE VIEW officeauto.index_usage WITH (security_invoker = true) AS
SELECT s.relid::regclass AS table_name, s.indexrelid::regclass AS index_name,
       s.idx_scan, s.idx_tup_read, s.idx_tup_fetch,
       pg_relation_size(s.indexrelid) AS index_bytes, pg_size_pretty(pg_relation_size(s.indexrelid)) AS index_size,
       i.indisunique AS is_unique, i.indisprimary AS is_primary,
       EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = s.indexrelid AND k.contype IN ('p', 'u', 'x')) AS backs_constraint,
       pg_get_indexdef(s.indexrelid) AS definition
  FROM pg_stat_all_indexes s
  JOIN pg_index i ON i.indexrelid = s.indexrelid
 WHERE s.schemaname = 'officeauto';
COMMENT ON VIEW officeauto.index_usage IS
    'Scans and size of every index of the officeauto schema (seed 001 "index usage", 003 pg_stat_user_indexes): idx_scan, tuples read/fetched, size, unique/primary/constraint, definition. Counts are since the last statistics reset, on this server only (a standby counts its own).';

CREATE VIEW officeauto.unused_indexes WITH (security_invoker = true) AS
SELECT u.table_name, u.index_name, u.index_bytes, u.index_size, u.definition,
       (SELECT d.stats_reset FROM pg_stat_database d WHERE d.datname = current_database()) AS counted_since
  FROM officeauto.index_usage u
 WHERE u.idx_scan = 0 AND NOT u.backs_constraint AND NOT u.is_unique;
COMMENT ON VIEW officeauto.unused_indexes IS
    'Indexes of the officeauto schema never scanned since counted_since (seed 004 "unused index identification"), largest first when ordered by index_bytes. Indexes enforcing a primary key, unique or exclusion constraint are left out (they work without being scanned). Before dropping one: statistics are per server (check replicas), reset by pg_stat_reset, and a new audit partition has no scans yet; the extension''s own indexes come back with an upgrade.';

REVOKE ALL ON FUNCTION officeauto._statement_stats() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto._statement_stats() TO officeauto_admin, officeauto_readonly;
REVOKE ALL ON officeauto.slow_queries, officeauto.table_sizes, officeauto.index_usage, officeauto.unused_indexes FROM PUBLIC;
GRANT SELECT ON officeauto.slow_queries, officeauto.table_sizes, officeauto.index_usage, officeauto.unused_indexes
   TO officeauto_admin, officeauto_readonly;

-- Keys for distribution by organization_id on Citus (docs/scale-out.md, tests/sql/citus_rules.sql):
-- a unique index of a distributed table includes organization_id, and so does a foreign key
-- between two of them. user_sessions_live_slot_key and user_totp_user_id_key were created
-- above on user_id alone; a user belongs to one organization, so adding organization_id
-- changes nothing they accept. The rotation chain of refresh tokens moves from id alone to
-- (organization_id, id): a token's parent and successor belong to its own organization (the
-- same user's family), which validating the new keys checks on the upgraded rows.
DROP INDEX officeauto.user_sessions_live_slot_key;
CREATE UNIQUE INDEX user_sessions_live_slot_key ON officeauto.user_sessions USING btree (user_id, client_type, slot, organization_id) WHERE (revoked_at IS NULL);
ALTER TABLE officeauto.user_totp DROP CONSTRAINT user_totp_user_id_key;
ALTER TABLE officeauto.user_totp ADD CONSTRAINT user_totp_user_id_key UNIQUE (user_id, organization_id);
ALTER TABLE officeauto.refresh_tokens ADD CONSTRAINT refresh_tokens_organization_id_id_key UNIQUE (organization_id, id);
ALTER TABLE officeauto.refresh_tokens DROP CONSTRAINT refresh_tokens_parent_id_fkey;
ALTER TABLE officeauto.refresh_tokens DROP CONSTRAINT refresh_tokens_replaced_by_id_fkey;
ALTER TABLE officeauto.refresh_tokens ADD CONSTRAINT refresh_tokens_organization_id_parent_id_fkey
    FOREIGN KEY (organization_id, parent_id) REFERENCES officeauto.refresh_tokens (organization_id, id) ON DELETE SET NULL (parent_id);
ALTER TABLE officeauto.refresh_tokens ADD CONSTRAINT refresh_tokens_organization_id_replaced_by_id_fkey
    FOREIGN KEY (organization_id, replaced_by_id) REFERENCES officeauto.refresh_tokens (organization_id, id) ON DELETE SET NULL (replaced_by_id);
-- Indexes for the new keys as a fresh install makes them (_setup_table: one per foreign key,
-- unless a key or index already leads with its columns).
DROP INDEX officeauto.refresh_tokens_organization_id_idx;
DROP INDEX officeauto.refresh_tokens_parent_id_idx;
DROP INDEX officeauto.refresh_tokens_replaced_by_id_idx;
CREATE INDEX refresh_tokens_organization_id_parent_id_idx ON officeauto.refresh_tokens USING btree (organization_id, parent_id) WHERE (parent_id IS NOT NULL);
CREATE INDEX refresh_tokens_organization_id_replaced_by_id_idx ON officeauto.refresh_tokens USING btree (organization_id, replaced_by_id) WHERE (replaced_by_id IS NOT NULL);
DROP INDEX officeauto.user_totp_organization_id_user_id_idx;

-- Storage settings of 0.2.0, each measured by bench/storage.sh; the reason and the figure are
-- written beside each in its domain file (03_auth.sql, 04_audit.sql, 07_work.sql,
-- 08_documents.sql, 10_collaboration.sql). Nothing is rewritten here: a new fillfactor applies
-- to pages filled from now on, a new compression method to values written from now on (older
-- values stay pglz and remain readable), so the upgrade costs no table scan.
-- The index on last_activity_at made every validation touch a non-HOT update and served no
-- query (see 03_auth.sql).
DROP INDEX IF EXISTS officeauto.user_sessions_activity_idx;
-- Free room for HOT updates on the update-heavy tables.
ALTER TABLE officeauto.user_sessions SET (fillfactor = 80);
ALTER TABLE officeauto.tasks SET (fillfactor = 80);
ALTER TABLE officeauto.cartable SET (fillfactor = 80);
-- lz4 for the large values.
ALTER TABLE officeauto.documents ALTER COLUMN content SET COMPRESSION lz4,
                                 ALTER COLUMN search_vector SET COMPRESSION lz4;
-- The audit trail: both parents (what new partitions copy or inherit) and, since neither
-- setting reaches existing partitions from the parent, every partition of either, default,
-- monthly and archived: lz4 for the row images and the insert-driven autovacuum threshold
-- (_index_audit_partition, which the monthly partitions went through above, sets the latter).
ALTER TABLE officeauto.audit_logs ALTER COLUMN old_data SET COMPRESSION lz4, ALTER COLUMN new_data SET COMPRESSION lz4;
ALTER TABLE officeauto.audit_logs_archive ALTER COLUMN old_data SET COMPRESSION lz4, ALTER COLUMN new_data SET COMPRESSION lz4;
DO $$
DECLARE
    part regclass;
BEGIN
    FOR part IN SELECT i.inhrelid::regclass FROM pg_inherits i
                 WHERE i.inhparent IN ('officeauto.audit_logs'::regclass, 'officeauto.audit_logs_archive'::regclass)
    LOOP
        EXECUTE format('ALTER TABLE %s ALTER COLUMN old_data SET COMPRESSION lz4, ALTER COLUMN new_data SET COMPRESSION lz4,
                                       SET (autovacuum_vacuum_insert_scale_factor = 0.02)', part);
    END LOOP;
END
$$;

-- Passphrase keys and the pgcrypto import (issue 16)
-- encrypt_credential_value(text, text) and decrypt_credential_value(bytea, text) take a
-- passphrase as well as a raw key and refuse a NULL key (22004) instead of returning NULL, so
-- they are no longer STRICT; they may fork the key derivation helper, so PARALLEL RESTRICTED.
-- (Their comments, and credential_key_id's, are updated with all the others below.)
CREATE OR REPLACE FUNCTION officeauto.encrypt_credential_value("value" text, "key" text) RETURNS bytea
VOLATILE PARALLEL RESTRICTED
LANGUAGE c
AS 'MODULE_PATHNAME', 'encrypt_credential_value_with_key_wrapper';
CREATE OR REPLACE FUNCTION officeauto.decrypt_credential_value("ciphertext" bytea, "key" text) RETURNS text
VOLATILE PARALLEL RESTRICTED
LANGUAGE c
AS 'MODULE_PATHNAME', 'decrypt_credential_value_with_key_wrapper';
-- Helpers of the import: they read a complete pgcrypto message header (the seal trigger
-- admits such values from administrators only; see _reseal_credential).
CREATE FUNCTION officeauto."_pgcrypto_s2k_count"("ciphertext" bytea) RETURNS bigint
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', '_pgcrypto_s2k_count_wrapper';
CREATE FUNCTION officeauto."_pgcrypto_max_s2k_count"() RETURNS bigint
IMMUTABLE STRICT PARALLEL SAFE
LANGUAGE c
AS 'MODULE_PATHNAME', '_pgcrypto_max_s2k_count_wrapper';
-- Migration from seed 002: its scripts stored credentials.encrypted_value as pgcrypto
-- pgp_sym_encrypt() messages under one passphrase. Rows an administrator copies over keep such
-- a value as it is (the seal trigger lets complete OpenPGP message headers through unchanged,
-- key_id NULL, from superuser and officeauto_admin logins only) until an administrator
-- imports them here: decrypted with pgcrypto, re-encrypted under the current server data key
-- and bound to their row, all in the caller's transaction. All or nothing: a value with an
-- S2K count above pgcrypto's defaults (refused before any decryption), one that does not
-- decrypt with the passphrase, or one that is not UTF-8 text fails the call with the public
-- ids of those rows, and nothing changes. Imported rows are server-key envelopes, so a second
-- call skips them. The call refuses to run while a log setting would write its text (and so
-- the passphrase) to the server log after it ends.
CREATE FUNCTION officeauto.import_pgcrypto_credentials(passphrase text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    hidden boolean := officeauto._hide_statement();  -- the call carries the passphrase
    logging text;
    crypto_schema name;
    decrypt_sql text;
    c record;
    raw bytea;
    plain text;
    total bigint := 0;
    imported bigint := 0;
    failed uuid[] := '{}';
    not_text uuid[] := '{}';
    ids uuid[];
BEGIN
    PERFORM officeauto._require_primary('import_pgcrypto_credentials');
    IF passphrase IS NULL THEN
        RAISE EXCEPTION 'passphrase must not be NULL' USING ERRCODE = '22004';
    END IF;
    IF passphrase = '' OR octet_length(passphrase) > 1024 THEN
        RAISE EXCEPTION 'invalid value for passphrase: it must be 1 to 1024 bytes' USING ERRCODE = '22023';
    END IF;
    -- Settings that log a statement's text once it has run (hiding the STATEMENT line of
    -- errors does not cover them). log_statement logs before the call runs, too late to refuse.
    logging := CASE
        WHEN current_setting('log_min_duration_statement') <> '-1' THEN 'log_min_duration_statement'
        WHEN current_setting('log_min_duration_sample') <> '-1'
             AND current_setting('log_statement_sample_rate')::float8 > 0 THEN 'log_min_duration_sample'
        WHEN current_setting('log_transaction_sample_rate')::float8 > 0 THEN 'log_transaction_sample_rate'
        -- Only when auto_explain is loaded: a placeholder for it (not in pg_settings) logs nothing.
        WHEN EXISTS (SELECT FROM pg_settings WHERE name = 'auto_explain.log_min_duration' AND setting <> '-1')
             THEN 'auto_explain.log_min_duration'
    END;
    IF logging IS NOT NULL THEN
        RAISE EXCEPTION 'import_pgcrypto_credentials does not run while % would write the statement, and with it the passphrase, to the server log', logging
            USING ERRCODE = '55000',
                  HINT = format('Turn it off for this session with SET %s = %s (a superuser or a role granted SET on it may), then call again; see docs/migrating-from-seeds.md.',
                                logging, CASE logging WHEN 'log_transaction_sample_rate' THEN '0' ELSE '-1' END);
    END IF;
    SELECT n.nspname INTO crypto_schema
      FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'pgcrypto';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'import_pgcrypto_credentials needs the pgcrypto extension in this database to read pgp_sym_encrypt values'
            USING ERRCODE = '55000',
                  HINT = 'Run CREATE EXTENSION pgcrypto (it ships with PostgreSQL''s contrib), call again, and drop it afterwards if nothing else uses it.';
    END IF;
    -- A decryption hashes the passphrase S2K-count bytes before it can fail: refuse counts
    -- pgcrypto's defaults never write, before decrypting anything.
    SELECT array_agg(public_id ORDER BY id) INTO ids FROM officeauto.credentials
     WHERE key_id IS NULL AND officeauto._pgcrypto_s2k_count(encrypted_value) > officeauto._pgcrypto_max_s2k_count();
    IF ids IS NOT NULL THEN
        RAISE EXCEPTION '% pgcrypto value(s) ask for an S2K count above the % pgcrypto writes by default; nothing was imported',
                        cardinality(ids), officeauto._pgcrypto_max_s2k_count()
            USING ERRCODE = '22P03',
                  DETAIL = 'Credential public ids: ' || array_to_string(ids[1:20], ', ')
                           || CASE WHEN cardinality(ids) > 20 THEN ', ...' ELSE '' END || '.',
                  HINT = 'The seed scripts did not write these values: set them again (or remove them) before the import.';
    END IF;
    -- _bytea, not pgp_sym_decrypt: it also reads values the seed stored with
    -- pgp_sym_encrypt_bytea; the text must still be UTF-8.
    decrypt_sql := format('SELECT %I.pgp_sym_decrypt_bytea($1, $2)', crypto_schema);
    FOR c IN SELECT id, organization_id, public_id, encrypted_value FROM officeauto.credentials
              WHERE key_id IS NULL AND officeauto._pgcrypto_s2k_count(encrypted_value) IS NOT NULL
              ORDER BY id
                FOR UPDATE
    LOOP
        total := total + 1;
        BEGIN
            EXECUTE decrypt_sql INTO raw USING c.encrypted_value, passphrase;
        EXCEPTION WHEN SQLSTATE '39000' THEN
            -- pgcrypto's "Wrong key or corrupt data": counted, not repeated. Any other error
            -- (out of memory, a cancel) ends the call as it is.
            failed := failed || c.public_id;
            CONTINUE;
        END;
        BEGIN
            plain := convert_from(raw, 'UTF8');
        EXCEPTION WHEN character_not_in_repertoire THEN
            not_text := not_text || c.public_id;
            CONTINUE;
        END;
        UPDATE officeauto.credentials
           SET encrypted_value = officeauto._seal_credential(plain, c.organization_id, c.public_id)
         WHERE id = c.id;
        imported := imported + 1;
    END LOOP;
    raw := NULL;
    plain := NULL;
    -- Raising undoes every row this call changed.
    IF cardinality(failed) > 0 THEN
        RAISE EXCEPTION '% of % pgcrypto value(s) do not decrypt with this passphrase; nothing was imported',
                        cardinality(failed), total
            USING ERRCODE = '28P01',
                  DETAIL = 'Credential public ids: ' || array_to_string(failed[1:20], ', ')
                           || CASE WHEN cardinality(failed) > 20 THEN ', ...' ELSE '' END || '.',
                  HINT = 'Check the passphrase. Values encrypted under another passphrase must be set again (or removed) before the import.';
    END IF;
    IF cardinality(not_text) > 0 THEN
        RAISE EXCEPTION '% of % pgcrypto value(s) decrypt but are not UTF-8 text; nothing was imported',
                        cardinality(not_text), total
            USING ERRCODE = '22021',
                  DETAIL = 'Credential public ids: ' || array_to_string(not_text[1:20], ', ')
                           || CASE WHEN cardinality(not_text) > 20 THEN ', ...' ELSE '' END || '.',
                  HINT = 'Credential values are text: set these again (or remove them) before the import.';
    END IF;
    RETURN imported;
END
$$;
COMMENT ON FUNCTION officeauto.import_pgcrypto_credentials(text) IS
    'Re-encrypts every credential value that is still a pgcrypto pgp_sym_encrypt message (copied from the seed 002 schema) under the current server data key, bound to its row; needs the pgcrypto extension (55000 otherwise). All or nothing, naming the rows: an S2K count above pgcrypto''s defaults (22P03, before decrypting), a value that does not decrypt with the passphrase (28P01) or is not UTF-8 (22021) fails the call and changes nothing. Refuses (55000) while log_min_duration_statement, log_min_duration_sample, log_transaction_sample_rate or auto_explain.log_min_duration would log the call. Returns the number imported; a second call returns 0. officeauto_admin only.';
COMMENT ON FUNCTION officeauto._pgcrypto_s2k_count(bytea) IS
    'Internal (import_pgcrypto_credentials): the S2K count of a pgcrypto pgp_sym_encrypt message (0 without iteration); NULL for anything else.';
COMMENT ON FUNCTION officeauto._pgcrypto_max_s2k_count() IS
    'Internal (import_pgcrypto_credentials): the largest S2K count pgcrypto writes by default, the most the import accepts.';
REVOKE ALL ON FUNCTION officeauto._pgcrypto_s2k_count(bytea), officeauto._pgcrypto_max_s2k_count() FROM PUBLIC;
REVOKE ALL ON FUNCTION officeauto.import_pgcrypto_credentials(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto.import_pgcrypto_credentials(text) TO officeauto_admin;

-- Sprints (issue 16)
-- sql/24_sprints.sql as a whole: the table, tasks.sprint_id with its key, the rules, the
-- functions, the board and the burndown. Nothing of 0.1.0 is rewritten: every existing task
-- starts in the backlog (sprint_id NULL, a column without a default), so validating the new
-- key and CHECK only reads tasks and finds nothing to refuse.
------------------------------------------------------------------------------------------
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
-- End of sprints (issue 16)

-- Partitioned notifications and test executions (issue 15)
-- One partition manager for the time-series tables (04_audit.sql): audit_logs, notifications
-- (monthly) and test_executions (quarterly), the last two by public_id (UUID v7). PostgreSQL
-- cannot partition a table in place, so each is rebuilt: the old table is renamed, the
-- partitioned one created as a fresh install has it, every row copied with its id and public
-- id into the default partition, the sequence set past the old identity, the old table and the
-- views built on it dropped and the views recreated. No dated partition is made here (it would
-- become an extension member that pg_dump skips): the rows wait in the default partitions until
-- the first create_partitions() (or maintain_database()) moves them out (README, "Upgrading").
CREATE FUNCTION officeauto._uuid_v7_floor(t timestamptz) RETURNS uuid
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-0000-0000-000000000000')::uuid
      FROM lpad(to_hex(floor(extract(epoch FROM t) * 1000)::bigint), 12, '0') AS h
$$;
REVOKE ALL ON FUNCTION officeauto._uuid_v7_floor(timestamptz) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._uuid_v7_floor(timestamptz) IS
    'Internal: the smallest UUID version 7 of a millisecond (its time bits, every other bit zero): a partition bound.';
CREATE FUNCTION officeauto._uuid_v7_time(id uuid) RETURNS timestamptz
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT to_timestamp(('x' || lpad(left(replace(id::text, '-', ''), 12), 16, '0'))::bit(64)::bigint / 1000.0)
     WHERE substr(id::text, 15, 1) = '7'
$$;
REVOKE ALL ON FUNCTION officeauto._uuid_v7_time(uuid) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._uuid_v7_time(uuid) IS
    'Internal: the time a UUID version 7 was generated (millisecond precision); NULL for other UUID versions.';
CREATE FUNCTION officeauto._create_partitions(parent regclass, period text, months_ahead integer, prepare regproc)
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rel text;
    def regclass;
    key text;
    uuid_key boolean;
    p date;
    lo_t timestamptz;
    hi_t timestamptz;
    lo text;
    hi text;
    part text;
    saved_role text;
    created integer := 0;
BEGIN
    IF period IS NULL OR period NOT IN ('month', 'quarter') THEN
        RAISE EXCEPTION 'period must be month or quarter, got %', period USING ERRCODE = '22023';
    END IF;
    IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > 120 THEN
        RAISE EXCEPTION 'months_ahead must be between 0 and 120, got %', months_ahead
            USING ERRCODE = '22023';
    END IF;
    SELECT c.relname, pt.partdefid::regclass, a.attname, a.atttypid = 'uuid'::regtype
      INTO rel, def, key, uuid_key
      FROM pg_partitioned_table pt
      JOIN pg_class c ON c.oid = pt.partrelid
      JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = pt.partattrs[0]
     WHERE pt.partrelid = parent AND pt.partstrat = 'r' AND pt.partnatts = 1 AND pt.partdefid <> 0;
    IF NOT FOUND THEN
        RAISE EXCEPTION '% is not range-partitioned on one column with a default partition', parent
            USING ERRCODE = '42P16';
    END IF;
    -- Serialize concurrent runs (maintenance jobs overlapping) without blocking readers.
    PERFORM pg_advisory_xact_lock(hashtext('officeauto._create_partitions ' || parent::text));
    FOR p IN EXECUTE format(
        $q$SELECT date_trunc($2, gs)::date FROM generate_series($1, $1 + make_interval(months => $3), interval '1 month') AS gs
           UNION
           SELECT date_trunc($2, %s AT TIME ZONE 'UTC')::date FROM %s WHERE %s
           ORDER BY 1$q$,
        CASE WHEN uuid_key THEN format('officeauto._uuid_v7_time(%I)', key) ELSE quote_ident(key) END,
        def,
        -- A UUID that is not version 7 (or whose time lies absurdly far ahead) names no period:
        -- such rows stay in the default partition rather than create a partition for it.
        CASE WHEN uuid_key THEN format($c$officeauto._uuid_v7_time(%I) < now() + interval '10 years'$c$, key) ELSE 'true' END)
        USING date_trunc(period, now() AT TIME ZONE 'UTC'), period, months_ahead
    LOOP
        part := format('%s_%s', rel, to_char(p, 'YYYY_MM'));
        CONTINUE WHEN to_regclass(format('officeauto.%I', part)) IS NOT NULL;
        lo_t := p::timestamp AT TIME ZONE 'UTC';
        hi_t := (p + CASE period WHEN 'month' THEN interval '1 month' ELSE interval '3 months' END)::timestamp
                AT TIME ZONE 'UTC';
        IF uuid_key THEN
            lo := officeauto._uuid_v7_floor(lo_t)::text;
            hi := officeauto._uuid_v7_floor(hi_t)::text;
        ELSE
            lo := lo_t::text;
            hi := hi_t::text;
        END IF;
        EXECUTE format('CREATE TABLE officeauto.%I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING COMPRESSION)',
                       part, parent);
        -- The CHECK lets ATTACH skip its validation scan of the partition. It stays: audit
        -- archival detaches a partition and attaches it to audit_logs_archive, and the
        -- constraint lets that ATTACH skip its scan too (cost independent of rows).
        EXECUTE format('ALTER TABLE officeauto.%I ADD CONSTRAINT %I CHECK (%I >= %L AND %I < %L)',
                       part, part || '_range', key, lo, key, hi);
        -- Rows change partition, not content: the default partition's row triggers (audit,
        -- authorization, cloned from the parent) must not see a DELETE. The audit flush is a
        -- statement trigger of the parent, so an audit row buffered here would never be
        -- written and the commit would fail. Replica mode skips exactly those triggers, for
        -- this statement only (the owner of the extension is a superuser).
        saved_role := current_setting('session_replication_role');
        PERFORM set_config('session_replication_role', 'replica', true);
        EXECUTE format('WITH moved AS (DELETE FROM %s WHERE %I >= %L AND %I < %L RETURNING *)
                        INSERT INTO officeauto.%I SELECT * FROM moved',
                       def, key, lo, key, hi, part);
        PERFORM set_config('session_replication_role', saved_role, true);
        EXECUTE format('ALTER TABLE %s ATTACH PARTITION officeauto.%I FOR VALUES FROM (%L) TO (%L)',
                       parent, part, lo, hi);
        EXECUTE format('SELECT %s(%L::regclass)', prepare, format('officeauto.%I', part));
        EXECUTE format('COMMENT ON TABLE officeauto.%I IS %L', part,
                       format('%s partition of %s for %s.',
                              CASE period WHEN 'month' THEN 'Monthly' ELSE 'Quarterly (three months)' END,
                              rel, to_char(p, 'YYYY-MM')));
        -- Readable by officeauto_admin, so its members can pg_dump the database. Nobody else:
        -- a partition read directly is not filtered by the parent's policies.
        EXECUTE format('GRANT SELECT ON officeauto.%I TO officeauto_admin', part);
        created := created + 1;
    END LOOP;
    RETURN created;
END
$$;
REVOKE ALL ON FUNCTION officeauto._create_partitions(regclass, text, integer, regproc) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._create_partitions(regclass, text, integer, regproc) IS
    'Internal (create_partitions, create_audit_partitions): creates a range-partitioned table''s partitions per month or quarter, ahead and for rows waiting in its default partition (moved in without firing row triggers). Idempotent; returns the number created.';
CREATE OR REPLACE FUNCTION officeauto.create_audit_partitions(months_ahead integer DEFAULT 3)
RETURNS integer
LANGUAGE plpgsql
-- Definer rights: officeauto_admin (and maintain_database) may run it without owning audit_logs.
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN officeauto._create_partitions('officeauto.audit_logs', 'month', months_ahead,
                                         'officeauto._index_audit_partition');
END
$$;
CREATE OR REPLACE FUNCTION officeauto.tg_row_conventions() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_ARGV[0] = 'versioned' THEN
        IF NEW.version IS DISTINCT FROM OLD.version THEN
            -- The table the client wrote: on a partition (the trigger is cloned there), its root.
            RAISE EXCEPTION 'stale version for % id %',
                            (SELECT format('%s.%s', n.nspname, c.relname)
                               FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                              WHERE c.oid = coalesce(pg_catalog.pg_partition_root(TG_RELID), TG_RELID)), OLD.id
                USING ERRCODE = '40001',
                      DETAIL = format('The row is at version %s; the update carried version %s.',
                                      OLD.version, NEW.version),
                      HINT = 'Re-read the row and apply the change to its current version.';
        END IF;
        NEW.version := OLD.version + 1;
    END IF;
    NEW.updated_at := now();
    NEW.created_at := OLD.created_at;
    RETURN NEW;
END
$$;
CREATE OR REPLACE FUNCTION officeauto._setup_table(tbl regclass, tenant_column text DEFAULT 'organization_id',
                                        dump_filter text DEFAULT '')
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    has_version boolean;
    has_updated boolean;
    fk record;
    seq text;
    all_nullable boolean;
BEGIN
    SELECT coalesce(bool_or(attname = 'version' AND atttypid = 'integer'::regtype), false),
           coalesce(bool_or(attname = 'updated_at'), false)
      INTO has_version, has_updated
      FROM pg_attribute WHERE attrelid = tbl AND attnum > 0 AND NOT attisdropped;

    -- A partition has the trigger already, cloned from its parent (a second one would bump
    -- version twice).
    IF has_updated AND NOT (SELECT relispartition FROM pg_class WHERE oid = tbl) THEN
        EXECUTE format('CREATE TRIGGER row_conventions BEFORE UPDATE ON %s
                        FOR EACH ROW EXECUTE FUNCTION officeauto.tg_row_conventions(%L)',
                       tbl, CASE WHEN has_version THEN 'versioned' ELSE 'plain' END);
    END IF;

    -- Every foreign key gets an index whose leading columns are the key, so deleting or
    -- re-keying a parent never scans the child. Optional keys get a partial index: most rows
    -- leave them NULL, and the planner proves "col = $1" implies "col IS NOT NULL".
    -- A partitioned table gets none: its indexes live on each partition (see audit_logs in
    -- 04_audit.sql for why), whose own foreign keys (cloned from the parent's) this loop serves.
    FOR fk IN
        SELECT c.conname, c.conkey,
               array_agg(quote_ident(a.attname) ORDER BY k.ord) AS cols,
               bool_and(NOT a.attnotnull) FILTER (WHERE a.attname <> 'organization_id') AS nullable
          FROM pg_constraint c
          CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
         WHERE c.conrelid = tbl AND c.contype = 'f'
           AND (SELECT relkind FROM pg_class WHERE oid = tbl) <> 'p'
         GROUP BY c.conname, c.conkey
    LOOP
        CONTINUE WHEN EXISTS (
            SELECT FROM pg_index i
             WHERE i.indrelid = tbl
               AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(fk.conkey)] @> fk.conkey
               AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(fk.conkey)] <@ fk.conkey);
        all_nullable := coalesce(fk.nullable, false);
        EXECUTE format('CREATE INDEX ON %s (%s)%s', tbl, array_to_string(fk.cols, ', '),
                       CASE WHEN all_nullable
                            THEN ' WHERE ' || fk.cols[cardinality(fk.cols)] || ' IS NOT NULL'
                            ELSE '' END);
    END LOOP;

    IF tenant_column IS NOT NULL THEN
        EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
        EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
        -- The application's policy: USING filters SELECT/UPDATE/DELETE, WITH CHECK rejects
        -- INSERTs and UPDATEs that would put a row in another organization (SQLSTATE 42501).
        -- _tenant() raises 28000 when the transaction has no authenticated context, so a
        -- forgotten authenticate() is an error rather than empty results. The scalar sub-select
        -- makes it an InitPlan, evaluated once per statement, not per row. sql/16_authorization
        -- narrows USING to the rows the user's permissions allow.
        EXECUTE format('CREATE POLICY tenant_isolation ON %s TO officeauto_app
                        USING (%I = (SELECT officeauto._tenant()))
                        WITH CHECK (%I = (SELECT officeauto._tenant()))',
                       tbl, tenant_column, tenant_column);
        EXECUTE format('CREATE POLICY admin_all_tenants ON %s TO officeauto_admin
                        USING (true) WITH CHECK (true)', tbl);
        -- Reporting logins read the organizations granted to them (grant_reporting_access).
        EXECUTE format('CREATE POLICY reporting_read ON %s FOR SELECT TO officeauto_readonly
                        USING (%I = ANY ((SELECT officeauto._reporting_organizations())::bigint[]))',
                       tbl, tenant_column);
    END IF;

    -- A partitioned table's rows are dumped and restored through its partitions, whose foreign
    -- keys (cloned from the parent) are in place before their data is loaded: the row form of
    -- the restore-load trigger is cloned onto every partition (see restore_load_trigger).
    IF (SELECT relkind FROM pg_class WHERE oid = tbl) = 'p'
       AND EXISTS (SELECT FROM pg_constraint WHERE conrelid = tbl AND contype = 'f') THEN
        EXECUTE format('CREATE TRIGGER restore_load_rows BEFORE INSERT ON %s
                        FOR EACH ROW EXECUTE FUNCTION officeauto.restore_load_trigger()', tbl);
    END IF;

    IF dump_filter IS NOT NULL THEN
        PERFORM pg_catalog.pg_extension_config_dump(tbl, dump_filter);
        -- The identity sequence too, or a restored database would hand out ids again from 1.
        FOR seq IN
            SELECT pg_get_serial_sequence(tbl::text, attname) FROM pg_attribute
             WHERE attrelid = tbl AND attidentity <> '' AND NOT attisdropped
        LOOP
            PERFORM pg_catalog.pg_extension_config_dump(seq::regclass, '');
        END LOOP;
        -- pg_restore -j loads the dumped rows of these tables in any order (see
        -- restore_load_trigger); the end trigger fires ALWAYS so it also runs after the begin
        -- trigger switched the statement to session_replication_role = replica.
        EXECUTE format('CREATE TRIGGER restore_load_begin BEFORE INSERT ON %s
                        FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger()', tbl);
        EXECUTE format('CREATE TRIGGER restore_load_end AFTER INSERT ON %s
                        FOR EACH STATEMENT EXECUTE FUNCTION officeauto.restore_load_trigger()', tbl);
        EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER restore_load_end', tbl);
    END IF;
END
$$;
CREATE OR REPLACE FUNCTION officeauto.enable_audit(tbl regclass, options jsonb DEFAULT '{}')
RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    bad text;
BEGIN
    PERFORM officeauto._require_table_owner(tbl, 'audit');
    -- A partitioned table (notifications, test_executions) has its primary key on each
    -- partition (see 04_audit.sql), which is where the row trigger runs.
    IF NOT EXISTS (SELECT FROM pg_index WHERE indrelid = tbl AND indisprimary)
       AND NOT (EXISTS (SELECT FROM pg_class WHERE oid = tbl AND relkind = 'p')
                AND NOT EXISTS (SELECT FROM pg_partition_tree(tbl) t
                                 WHERE t.isleaf AND NOT EXISTS (SELECT FROM pg_index i
                                                                 WHERE i.indrelid = t.relid AND i.indisprimary))) THEN
        RAISE EXCEPTION 'table % has no primary key; audit rows identify rows by it', tbl
            USING ERRCODE = '42P16', HINT = 'Add a primary key, then call enable_audit() again.';
    END IF;
    IF jsonb_typeof(options) IS DISTINCT FROM 'object' THEN
        RAISE EXCEPTION 'options must be a JSON object' USING ERRCODE = '22023';
    END IF;
    SELECT string_agg(k, ', ') INTO bad FROM jsonb_object_keys(options) k WHERE k NOT IN ('exclude', 'log_noop_updates');
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'unknown audit option(s): %', bad USING ERRCODE = '22023';
    END IF;
    SELECT string_agg(c, ', ') INTO bad
      FROM jsonb_array_elements_text(coalesce(options->'exclude', '[]')) c
     WHERE NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = tbl AND attname = c AND attnum > 0 AND NOT attisdropped);
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'table % has no column(s) %', tbl, bad USING ERRCODE = '42703';
    END IF;
    EXECUTE format('DROP TRIGGER IF EXISTS officeauto_audit ON %s', tbl);
    EXECUTE format('DROP TRIGGER IF EXISTS officeauto_audit_truncate ON %s', tbl);
    EXECUTE format('DROP TRIGGER IF EXISTS officeauto_audit_flush ON %s', tbl);
    EXECUTE format('CREATE TRIGGER officeauto_audit AFTER INSERT OR UPDATE OR DELETE ON %s
                    FOR EACH ROW EXECUTE FUNCTION officeauto.audit_trigger(%L)', tbl, options::text);
    EXECUTE format('CREATE TRIGGER officeauto_audit_flush AFTER INSERT OR UPDATE OR DELETE ON %s
                    FOR EACH STATEMENT EXECUTE FUNCTION officeauto.audit_flush_trigger()', tbl);
    EXECUTE format('CREATE TRIGGER officeauto_audit_truncate AFTER TRUNCATE ON %s
                    FOR EACH STATEMENT EXECUTE FUNCTION officeauto.audit_truncate_trigger()', tbl);
END
$$;
CREATE OR REPLACE FUNCTION officeauto.tg_authorize_personal() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    me bigint := officeauto._acting_user();
    holder bigint;
BEGIN
    IF me IS NULL THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'INSERT' THEN
        -- An item is about something its sender can see (the lookups run under the sender's
        -- policies), so the inbox cannot be used to probe for rows one may not see.
        IF TG_TABLE_NAME = 'cartable' THEN
            IF NOT (EXISTS (SELECT FROM officeauto.tasks t WHERE t.id = NEW.task_id)
                    OR EXISTS (SELECT FROM officeauto.documents d WHERE d.id = NEW.document_id)
                    OR EXISTS (SELECT FROM officeauto.change_requests c WHERE c.id = NEW.change_request_id)) THEN
                RAISE EXCEPTION 'permission denied: a cartable item must refer to a task, document or change request the sender can see'
                    USING ERRCODE = '42501';
            END IF;
        END IF;
        RETURN NEW;
    END IF;
    -- Separate statements: PL/pgSQL plans each only when it runs, and each table has one column.
    -- notifications names itself in the trigger's argument: its trigger runs cloned on its
    -- partitions, where TG_TABLE_NAME is the partition's name.
    IF TG_ARGV[0] = 'notifications' THEN
        holder := OLD.recipient_id;
    ELSE
        holder := OLD.user_id;
    END IF;
    IF holder IS DISTINCT FROM me THEN
        RAISE EXCEPTION 'permission denied: only its holder changes a % row', coalesce(TG_ARGV[0], TG_TABLE_NAME)
            USING ERRCODE = '42501';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
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
CREATE FUNCTION officeauto._index_test_execution_partition(part regclass)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- Ids come from one sequence and public_id ranges do not overlap, so keys unique per
    -- partition are unique in the table.
    EXECUTE format('ALTER TABLE %s ADD PRIMARY KEY (id)', part);
    EXECUTE format('ALTER TABLE %s ADD UNIQUE (public_id)', part);
    -- A test case's runs, newest first; also serves the organization and test case keys.
    EXECUTE format('CREATE INDEX ON %s (organization_id, test_case_id, started_at DESC)', part);
    -- The optional foreign keys (a deleted user or defect task updates its rows).
    EXECUTE format('CREATE INDEX ON %s (organization_id, executed_by) WHERE executed_by IS NOT NULL', part);
    EXECUTE format('CREATE INDEX ON %s (organization_id, defect_task_id) WHERE defect_task_id IS NOT NULL', part);
    -- Storage: no setting. Rows are written once, but every read (a case's runs) fetches them
    -- from the heap, so the insert-driven autovacuum threshold set on audit partitions (which
    -- keeps index-only scans off the heap) would buy nothing here.
END
$$;
REVOKE ALL ON FUNCTION officeauto._index_test_execution_partition(regclass) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._index_test_execution_partition(regclass) IS
    'Internal: primary key, unique public_id and indexes (runs of a test case, optional foreign keys) of one test_executions partition.';
CREATE FUNCTION officeauto.create_partitions(months_ahead integer DEFAULT 3)
RETURNS jsonb
LANGUAGE plpgsql
-- Definer rights: officeauto_admin (and maintain_database) may run it without owning the tables.
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > 120 THEN
        RAISE EXCEPTION 'months_ahead must be between 0 and 120, got %', months_ahead
            USING ERRCODE = '22023';
    END IF;
    RETURN jsonb_build_object(
        'officeauto.audit_logs', officeauto._create_partitions('officeauto.audit_logs', 'month', months_ahead,
                                                               'officeauto._index_audit_partition'),
        'officeauto.notifications', officeauto._create_partitions('officeauto.notifications', 'month', months_ahead,
                                                                  'officeauto._index_notification_partition'),
        'officeauto.test_executions', officeauto._create_partitions('officeauto.test_executions', 'quarter', months_ahead,
                                                                    'officeauto._index_test_execution_partition'));
END
$$;
REVOKE ALL ON FUNCTION officeauto.create_partitions(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto.create_partitions(integer) TO officeauto_admin;
COMMENT ON FUNCTION officeauto.create_partitions(integer) IS
    'Creates the partitions of audit_logs and notifications (monthly) and test_executions (quarterly) for the current period through months_ahead months ahead, and for any period with rows waiting in a default partition, moving those rows in. Idempotent; returns {table: partitions created}. officeauto_admin only.';
CREATE FUNCTION officeauto.drop_expired_partitions()
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    loaded boolean := officeauto._ensure_loaded();  -- first: the settings below are the library's
    t record;
    retention interval;
    p record;
    n bigint;
    rows_dropped bigint;
    part_name text;
    report jsonb := '{}';
    saved_timeout text := current_setting('lock_timeout');
BEGIN
    FOR t IN SELECT * FROM (VALUES ('officeauto.notifications'::regclass, 'officeauto.notification_retention'),
                                   ('officeauto.test_executions'::regclass, 'officeauto.test_execution_retention')) AS v(tbl, setting)
    LOOP
        retention := nullif(btrim(current_setting(t.setting)), '')::interval;
        CONTINUE WHEN retention IS NULL;
        IF retention < interval '0' THEN
            RAISE EXCEPTION '% must be a non-negative interval, got %', t.setting, retention USING ERRCODE = '22023';
        END IF;
        PERFORM pg_advisory_xact_lock(hashtext('officeauto._create_partitions ' || t.tbl::text));
        rows_dropped := 0;
        FOR p IN
            SELECT c.oid::regclass AS part
              FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
             WHERE i.inhparent = t.tbl AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'
               -- Bounds are UUID v7 floors, which order as their times do.
               AND substring(pg_get_expr(c.relpartbound, c.oid) FROM $r$TO \('([^']*)'\)$r$)::uuid
                   <= officeauto._uuid_v7_floor(now() - retention)
             ORDER BY 1
        LOOP
            part_name := p.part::text;  -- before the drop, which leaves only an oid
            EXECUTE format('SELECT count(*) FROM %s', p.part) INTO n;
            PERFORM set_config('lock_timeout', '2s', true);
            EXECUTE format('DROP TABLE %s', p.part);
            PERFORM set_config('lock_timeout', saved_timeout, true);
            PERFORM officeauto._log_activity('partition_dropped',
                jsonb_build_object('table', t.tbl::text, 'partition', part_name, 'rows', n,
                                   'retention', retention::text)::text);
            rows_dropped := rows_dropped + n;
        END LOOP;
        report := report || jsonb_build_object(t.tbl::text, rows_dropped);
    END LOOP;
    RETURN report;
END
$$;
REVOKE ALL ON FUNCTION officeauto.drop_expired_partitions() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto.drop_expired_partitions() TO officeauto_admin;
COMMENT ON FUNCTION officeauto.drop_expired_partitions() IS
    'Drops the notifications and test_executions partitions whose period ended longer ago than officeauto.notification_retention / officeauto.test_execution_retention (empty: kept), each recorded as a partition_dropped audit event; returns {table: rows dropped} for tables with a retention. officeauto_admin only.';
CREATE OR REPLACE FUNCTION officeauto.maintain_database() RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    started timestamptz := clock_timestamp();
    report jsonb := '{}';
    failed text[] := '{}';
    t0 timestamptz;
    step text;
    result jsonb;
    entry jsonb;
    before jsonb;
    after jsonb;
    rel regclass;
    analyzed text[];
    analyze_errors jsonb;
    saved_timeout text;
    purged bigint;
    run_id bigint;
    err_state text;
    err_message text;
BEGIN
    -- On a hot standby every step would fail (25006) and the run could not be recorded.
    PERFORM officeauto._require_primary('maintain_database');
    FOREACH step IN ARRAY ARRAY['refresh_user_dashboard_stats', 'refresh_project_stats', 'cleanup_expired_sessions',
                                'expire_notifications', 'create_partitions', 'drop_expired_partitions',
                                'archive_audit_logs', 'purge_audit_archive'] LOOP
        t0 := clock_timestamp();
        before := officeauto._changed_rows();
        BEGIN
            CASE step
                WHEN 'refresh_user_dashboard_stats' THEN
                    REFRESH MATERIALIZED VIEW CONCURRENTLY officeauto.user_dashboard_stats; result := 'true';
                WHEN 'refresh_project_stats' THEN
                    REFRESH MATERIALIZED VIEW CONCURRENTLY officeauto.project_stats; result := 'true';
                WHEN 'cleanup_expired_sessions' THEN result := to_jsonb(officeauto.cleanup_expired_sessions());
                WHEN 'expire_notifications' THEN result := to_jsonb(officeauto.expire_notifications());
                WHEN 'create_partitions' THEN result := officeauto.create_partitions(3);
                WHEN 'drop_expired_partitions' THEN result := officeauto.drop_expired_partitions();
                WHEN 'archive_audit_logs' THEN result := to_jsonb(officeauto.archive_audit_logs());
                WHEN 'purge_audit_archive' THEN result := to_jsonb(officeauto.purge_audit_archive());
            END CASE;
            entry := jsonb_build_object('ok', true, 'result', result);
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS err_state = RETURNED_SQLSTATE, err_message = MESSAGE_TEXT;
            entry := jsonb_build_object('ok', false, 'result', NULL,
                                        'error', jsonb_build_object('sqlstate', err_state, 'message', left(err_message, 500)));
            failed := failed || step;
            RAISE WARNING 'maintain_database: step % failed (SQLSTATE %): %', step, err_state, err_message;
        END;

        -- The relations whose counters moved during a step that was kept.
        analyzed := '{}';
        analyze_errors := '[]';
        IF (entry ->> 'ok')::boolean THEN
            after := officeauto._changed_rows();
            -- A changed partition stands for its partitioned table: the planner reads the
            -- parent's statistics for any query that is not pruned to one partition, and
            -- autovacuum never analyzes a partitioned table. ANALYZE of the parent samples the
            -- whole tree and analyzes each partition too, so its cost grows with the number of
            -- partitions kept (each sample is bounded), not with their rows.
            FOR rel IN
                SELECT r FROM (
                    SELECT DISTINCT coalesce(pg_partition_root(a.key::oid::regclass), a.key::oid::regclass) AS r
                      FROM jsonb_each_text(after) a
                     WHERE a.value::bigint > coalesce((before ->> a.key)::bigint, 0)
                       AND EXISTS (SELECT FROM pg_class c WHERE c.oid = a.key::oid)) changed
                 ORDER BY r::text
            LOOP
                saved_timeout := current_setting('lock_timeout');
                BEGIN
                    PERFORM set_config('lock_timeout', '2s', true);
                    EXECUTE format('ANALYZE %s', rel);
                    analyzed := analyzed || rel::text;
                EXCEPTION WHEN OTHERS THEN
                    GET STACKED DIAGNOSTICS err_state = RETURNED_SQLSTATE, err_message = MESSAGE_TEXT;
                    analyze_errors := analyze_errors || jsonb_build_object('relation', rel::text, 'sqlstate', err_state,
                                                                           'message', left(err_message, 500));
                END;
                PERFORM set_config('lock_timeout', saved_timeout, true);
            END LOOP;
            IF jsonb_array_length(analyze_errors) > 0 THEN
                failed := failed || (step || ':analyze');
                RAISE WARNING 'maintain_database: ANALYZE after step % failed: %', step, analyze_errors;
            END IF;
        END IF;

        report := report || jsonb_build_object(step,
            entry || jsonb_build_object('ms', round(extract(epoch FROM clock_timestamp() - t0) * 1000, 1),
                                        'analyzed', to_jsonb(analyzed))
                  || CASE WHEN jsonb_array_length(analyze_errors) > 0
                          THEN jsonb_build_object('analyze_errors', analyze_errors) ELSE '{}' END);
    END LOOP;

    -- Retention of the run history: 90 days covers a quarter of trends (step durations, rows
    -- cleaned) and is longer than anyone waits to look at a failure; the newest 100 runs stay
    -- whatever their age, so a rarely scheduled job keeps some history. At one run every 30
    -- minutes that is about 4,300 rows of a few hundred bytes to a few kilobytes each.
    DELETE FROM officeauto.maintenance_runs
     WHERE started_at < now() - interval '90 days'
       AND id < (SELECT coalesce(min(id), 0) FROM (SELECT id FROM officeauto.maintenance_runs
                                                     ORDER BY id DESC LIMIT 99) newest);
    GET DIAGNOSTICS purged = ROW_COUNT;

    report := report || jsonb_build_object('started_at', started, 'finished_at', clock_timestamp(),
                                           'succeeded', cardinality(failed) = 0, 'failed_steps', to_jsonb(failed),
                                           'maintenance_runs_purged', purged);
    INSERT INTO officeauto.maintenance_runs (started_at, finished_at, run_by, application_name, succeeded, failed_steps, report)
    VALUES (started, (report ->> 'finished_at')::timestamptz, session_user,
            nullif(current_setting('application_name', true), ''), cardinality(failed) = 0, failed, report)
    RETURNING id INTO run_id;
    RETURN report || jsonb_build_object('run_id', run_id);
END
$$;
COMMENT ON FUNCTION officeauto.maintain_database() IS
    'Routine maintenance in one call: refreshes the dashboard materialized views concurrently, cleans up sessions, expires notifications, creates the next partitions (audit_logs, notifications, test_executions), drops expired ones, archives old audit rows and purges the archive; each step in its own subtransaction (a failing step is rolled back alone and reported), then ANALYZE of the relations each kept step changed. Records the run in maintenance_runs and returns its jsonb report (per step ok, result, ms, analyzed, error). officeauto_admin only; schedule it with pg_cron (README).';

-- The views built on the two tables go first; they are recreated below exactly as 0.2.0
-- defines them (11_operations.sql).
DROP VIEW officeauto.user_dashboard, officeauto.project_dashboard;
DROP MATERIALIZED VIEW officeauto.user_dashboard_stats, officeauto.project_stats;

-- notifications: the old table and its identity sequence step aside until the rows are copied.
ALTER TABLE officeauto.notifications RENAME TO notifications_0_1_0;
ALTER SEQUENCE officeauto.notifications_id_seq RENAME TO notifications_id_seq_0_1_0;
-- Constraint names are chosen unique in the schema: the new table's must be free.
DO $$
DECLARE
    c text;
BEGIN
    FOR c IN SELECT conname FROM pg_constraint WHERE conrelid = 'officeauto.notifications_0_1_0'::regclass LOOP
        EXECUTE format('ALTER TABLE officeauto.notifications_0_1_0 RENAME CONSTRAINT %I TO %I', c, c || '_0_1_0');
    END LOOP;
END
$$;
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
CREATE TABLE officeauto.notifications_default PARTITION OF officeauto.notifications DEFAULT;
SELECT officeauto._index_notification_partition('officeauto.notifications_default');
ALTER TABLE officeauto.notifications ALTER COLUMN organization_id SET DEFAULT officeauto.current_organization_id();
-- Rows are copied before any trigger exists on the new table: a copy is no change to audit
-- or authorize. Columns by name: the old table's order differs where 0.2.0 added columns.
DO $$
DECLARE
    cols text;
BEGIN
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols
      FROM pg_attribute WHERE attrelid = 'officeauto.notifications'::regclass AND attnum > 0 AND NOT attisdropped;
    EXECUTE format('INSERT INTO officeauto.notifications (%1$s) SELECT %1$s FROM officeauto.notifications_0_1_0', cols);
END
$$;
SELECT setval('officeauto.notifications_id_seq', last_value, is_called) FROM officeauto.notifications_id_seq_0_1_0;
-- Out of the extension first, so pg_dump's list of kept tables forgets them too.
ALTER EXTENSION officeauto DROP TABLE officeauto.notifications_0_1_0;
ALTER EXTENSION officeauto DROP SEQUENCE officeauto.notifications_id_seq_0_1_0;
DROP TABLE officeauto.notifications_0_1_0;
SELECT officeauto._setup_table('officeauto.notifications', 'organization_id', NULL);
SELECT officeauto._setup_table('officeauto.notifications_default', NULL);
SELECT pg_catalog.pg_extension_config_dump('officeauto.notifications_id_seq', '');
SELECT officeauto._grant_table('officeauto.notifications', 'crud', true);
SELECT officeauto._grant_table('officeauto.notifications_default', 'none', false);
COMMENT ON TABLE officeauto.notifications IS 'Notifications to a user (assignment, referral, mention, approval request, ...) per channel, with delivery and read state and an optional expiry. Partitioned by month on public_id (UUID v7).';
COMMENT ON TABLE officeauto.notifications_default IS 'Default partition of notifications: holds rows for months without their own partition until create_partitions() moves them out.';
CREATE TRIGGER authorize BEFORE INSERT OR UPDATE OR DELETE ON officeauto.notifications
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_personal('notifications');
SELECT officeauto._restrict_visibility('officeauto.notifications', '(SELECT officeauto._acting_user()) IS NULL OR recipient_id = (SELECT officeauto._acting_user())');
SELECT officeauto.enable_audit('officeauto.notifications');

-- test_executions: the old table and its identity sequence step aside until the rows are copied.
ALTER TABLE officeauto.test_executions RENAME TO test_executions_0_1_0;
ALTER SEQUENCE officeauto.test_executions_id_seq RENAME TO test_executions_id_seq_0_1_0;
-- Constraint names are chosen unique in the schema: the new table's must be free.
DO $$
DECLARE
    c text;
BEGIN
    FOR c IN SELECT conname FROM pg_constraint WHERE conrelid = 'officeauto.test_executions_0_1_0'::regclass LOOP
        EXECUTE format('ALTER TABLE officeauto.test_executions_0_1_0 RENAME CONSTRAINT %I TO %I', c, c || '_0_1_0');
    END LOOP;
END
$$;
CREATE SEQUENCE officeauto.test_executions_id_seq AS bigint;
CREATE TABLE officeauto.test_executions (
    -- PostgreSQL 15 has no identity columns on partitioned tables, hence the explicit sequence.
    id              bigint NOT NULL DEFAULT nextval('officeauto.test_executions_id_seq'),
    public_id       uuid NOT NULL DEFAULT officeauto.uuid_generate_v7(),
    organization_id bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    test_case_id    bigint NOT NULL,
    executed_by     bigint,
    result          text NOT NULL CHECK (result IN ('passed', 'failed', 'blocked', 'skipped')),
    started_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    environment     text CHECK (length(environment) <= 100),
    notes           text CHECK (length(notes) <= 10000),
    defect_task_id  bigint,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 1,
    CHECK (finished_at IS NULL OR finished_at >= started_at),
    FOREIGN KEY (organization_id, test_case_id) REFERENCES officeauto.test_cases (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, executed_by) REFERENCES officeauto.users (organization_id, id) ON DELETE SET NULL (executed_by),
    FOREIGN KEY (organization_id, defect_task_id) REFERENCES officeauto.tasks (organization_id, id) ON DELETE SET NULL (defect_task_id)
) PARTITION BY RANGE (public_id);
ALTER SEQUENCE officeauto.test_executions_id_seq OWNED BY officeauto.test_executions.id;
-- Applications record executions with their own rights, so the id default needs USAGE.
GRANT USAGE ON SEQUENCE officeauto.test_executions_id_seq TO officeauto_app;
CREATE TABLE officeauto.test_executions_default PARTITION OF officeauto.test_executions DEFAULT;
SELECT officeauto._index_test_execution_partition('officeauto.test_executions_default');
ALTER TABLE officeauto.test_executions ALTER COLUMN organization_id SET DEFAULT officeauto.current_organization_id(), ALTER COLUMN executed_by SET DEFAULT officeauto.current_user_id();
-- Rows are copied before any trigger exists on the new table: a copy is no change to audit
-- or authorize. Columns by name: the old table's order differs where 0.2.0 added columns.
DO $$
DECLARE
    cols text;
BEGIN
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols
      FROM pg_attribute WHERE attrelid = 'officeauto.test_executions'::regclass AND attnum > 0 AND NOT attisdropped;
    EXECUTE format('INSERT INTO officeauto.test_executions (%1$s) SELECT %1$s FROM officeauto.test_executions_0_1_0', cols);
END
$$;
SELECT setval('officeauto.test_executions_id_seq', last_value, is_called) FROM officeauto.test_executions_id_seq_0_1_0;
-- Out of the extension first, so pg_dump's list of kept tables forgets them too.
ALTER EXTENSION officeauto DROP TABLE officeauto.test_executions_0_1_0;
ALTER EXTENSION officeauto DROP SEQUENCE officeauto.test_executions_id_seq_0_1_0;
DROP TABLE officeauto.test_executions_0_1_0;
SELECT officeauto._setup_table('officeauto.test_executions', 'organization_id', NULL);
SELECT officeauto._setup_table('officeauto.test_executions_default', NULL);
SELECT pg_catalog.pg_extension_config_dump('officeauto.test_executions_id_seq', '');
SELECT officeauto._grant_table('officeauto.test_executions', 'crud', true);
SELECT officeauto._grant_table('officeauto.test_executions_default', 'none', false);
COMMENT ON TABLE officeauto.test_executions IS 'Runs of a test case with their result; a failure may link the defect task. Partitioned by quarter on public_id (UUID v7).';
COMMENT ON TABLE officeauto.test_executions_default IS 'Default partition of test_executions: holds rows for quarters without their own partition until create_partitions() moves them out.';
CREATE TRIGGER authorize BEFORE INSERT OR UPDATE OR DELETE ON officeauto.test_executions
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_authorize_test_executions();
SELECT officeauto._restrict_visibility('officeauto.test_executions', 'EXISTS (SELECT FROM officeauto.test_cases p WHERE p.id = test_case_id)');
SELECT officeauto.enable_audit('officeauto.test_executions');

CREATE MATERIALIZED VIEW officeauto.user_dashboard_stats AS
SELECT u.id AS user_id, u.organization_id, u.username, u.full_name,
       (SELECT count(*) FROM officeauto.tasks t WHERE t.assignee_id = u.id AND t.deleted_at IS NULL
           AND t.status IN ('pending', 'in_progress', 'on_hold')) AS open_tasks,
       (SELECT count(*) FROM officeauto.tasks t WHERE t.assignee_id = u.id AND t.deleted_at IS NULL
           AND t.status IN ('pending', 'in_progress', 'on_hold') AND t.due_date < current_date) AS overdue_tasks,
       (SELECT count(*) FROM officeauto.tasks t WHERE t.assignee_id = u.id AND t.deleted_at IS NULL
           AND t.status = 'completed' AND t.completed_at > now() - interval '30 days') AS completed_tasks_30d,
       (SELECT count(*) FROM officeauto.cartable c WHERE c.user_id = u.id AND c.archived_at IS NULL
           AND c.read_at IS NULL) AS unread_inbox_items,
       (SELECT count(*) FROM officeauto.notifications n WHERE n.recipient_id = u.id AND n.read_at IS NULL
           AND (n.expires_at IS NULL OR n.expires_at > now())) AS unread_notifications,
       (SELECT count(*) FROM officeauto.events e WHERE e.organizer_id = u.id AND e.deleted_at IS NULL
           AND e.status <> 'cancelled' AND e.start_time BETWEEN now() AND now() + interval '7 days') AS events_next_7d,
       now() AS refreshed_at
  FROM officeauto.users u
 WHERE u.deleted_at IS NULL;
CREATE UNIQUE INDEX user_dashboard_stats_user_key ON officeauto.user_dashboard_stats (user_id);
CREATE INDEX user_dashboard_stats_org_idx ON officeauto.user_dashboard_stats (organization_id);
COMMENT ON MATERIALIZED VIEW officeauto.user_dashboard_stats IS 'Per-user dashboard counters (open/overdue/recently completed tasks, unread inbox and notifications, upcoming events). All tenants: officeauto_admin only; applications use user_dashboard.';

CREATE MATERIALIZED VIEW officeauto.project_stats AS
SELECT p.id AS project_id, p.organization_id, p.code, p.name, p.status,
       count(t.id) AS task_count,
       count(t.id) FILTER (WHERE t.status IN ('pending', 'in_progress', 'on_hold')) AS open_tasks,
       count(t.id) FILTER (WHERE t.status = 'completed') AS completed_tasks,
       count(t.id) FILTER (WHERE t.status IN ('pending', 'in_progress', 'on_hold') AND t.due_date < current_date) AS overdue_tasks,
       (SELECT count(*) FROM officeauto.documents d WHERE d.project_id = p.id AND d.deleted_at IS NULL) AS document_count,
       (SELECT count(*) FROM officeauto.change_requests cr WHERE cr.project_id = p.id AND cr.deleted_at IS NULL
           AND cr.status IN ('draft', 'submitted', 'under_review')) AS open_change_requests,
       (SELECT count(*) FROM officeauto.test_cases tc WHERE tc.project_id = p.id AND tc.deleted_at IS NULL) AS test_case_count,
       (SELECT round(100.0 * count(*) FILTER (WHERE te.result = 'passed') / nullif(count(*), 0), 1)
          FROM officeauto.test_executions te JOIN officeauto.test_cases tc ON tc.id = te.test_case_id
         WHERE tc.project_id = p.id) AS test_pass_rate,
       (SELECT count(*) FROM officeauto.project_members pm WHERE pm.project_id = p.id AND pm.is_active) AS member_count,
       now() AS refreshed_at
  FROM officeauto.projects p
  LEFT JOIN officeauto.tasks t ON t.project_id = p.id AND t.deleted_at IS NULL
 WHERE p.deleted_at IS NULL
 GROUP BY p.id;
CREATE UNIQUE INDEX project_stats_project_key ON officeauto.project_stats (project_id);
CREATE INDEX project_stats_org_idx ON officeauto.project_stats (organization_id);
COMMENT ON MATERIALIZED VIEW officeauto.project_stats IS 'Per-project counters (tasks by state, documents, open change requests, test cases and pass rate, members). All tenants: officeauto_admin only; applications use project_dashboard.';

-- Owner's-rights views (not security_invoker: they read the materialized views on the caller's
-- behalf), filtered to the caller's organization; security_barrier keeps a caller's functions
-- from seeing rows before the filter.
CREATE VIEW officeauto.user_dashboard WITH (security_barrier = true) AS
SELECT * FROM officeauto.user_dashboard_stats
 WHERE organization_id = ANY ((SELECT officeauto._readable_organizations())::bigint[]);
COMMENT ON VIEW officeauto.user_dashboard IS 'user_dashboard_stats restricted to the caller''s organization (a reporting login: the organizations granted to it).';

CREATE VIEW officeauto.project_dashboard WITH (security_barrier = true) AS
SELECT * FROM officeauto.project_stats
 WHERE organization_id = ANY ((SELECT officeauto._readable_organizations())::bigint[])
   AND ((SELECT officeauto._may_all('PROJECT', 'READ'))
        OR project_id = ANY ((SELECT officeauto._may_projects('PROJECT', 'READ'))::bigint[]));
COMMENT ON VIEW officeauto.project_dashboard IS 'project_stats restricted to the projects the caller may read (PROJECT READ) in their organization.';
GRANT SELECT ON officeauto.user_dashboard_stats, officeauto.project_stats TO officeauto_admin;
GRANT SELECT ON officeauto.user_dashboard, officeauto.project_dashboard TO officeauto_app, officeauto_readonly, officeauto_admin;

-- Public ids, new versions and one not-found rule in the SQL API (issue 16)
-- The API takes and returns public ids (uuids), never internal bigints; a function that changes
-- a row with a version returns the new version; an id naming nothing the caller may see is
-- P0002 (docs/errors.md). Old signatures are dropped, not overloaded: a driver's untyped
-- parameter would make the two ambiguous (42725).
ALTER TABLE officeauto.task_time_entries
    ADD COLUMN public_id uuid NOT NULL DEFAULT officeauto.uuid_generate_v7(),
    ADD CONSTRAINT task_time_entries_public_id_key UNIQUE (public_id);
REVOKE ALL (public_id) ON officeauto.task_time_entries FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.task_time_entries TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.task_time_entries TO officeauto_readonly;
-- The native permission check keeps its internal project id under an internal name; the API's
-- has_permission(text, text, uuid) below resolves the public id and calls it.
ALTER FUNCTION officeauto.has_permission(text, text, bigint) RENAME TO _has_permission;
DROP FUNCTION officeauto.search_documents(text, integer);
DROP FUNCTION officeauto.revoke_user_sessions(bigint);
DROP FUNCTION officeauto.request_email_verification(bigint, text);
DROP FUNCTION officeauto.add_document_version(bigint, text, text, bigint, text);
DROP FUNCTION officeauto.add_file_version(bigint, text, text, bigint);
DROP FUNCTION officeauto.promote_ingest(bigint);
DROP FUNCTION officeauto.submit_change_request(bigint);
DROP FUNCTION officeauto.decide_change_request(bigint, text, text);
DROP FUNCTION officeauto.record_test_execution(bigint, text, text, text);
DROP FUNCTION officeauto.reuse_test_case(bigint, bigint);
DROP FUNCTION officeauto.add_comment(text, uuid, text, bigint);
DROP FUNCTION officeauto.mark_notification_read(bigint);
DROP FUNCTION officeauto.request_password_reset(text);
DROP FUNCTION officeauto.refresh_session(text);
DROP FUNCTION officeauto.logout(text, text);
DROP FUNCTION officeauto.reveal_credential(bigint);
DROP FUNCTION officeauto.reveal_credential(uuid);
DROP FUNCTION officeauto.assign_task(bigint, bigint, text, timestamptz);
DROP FUNCTION officeauto.refer(bigint, bigint, text, text, timestamptz);
DROP FUNCTION officeauto.mark_item_read(bigint);
DROP FUNCTION officeauto.archive_item(bigint);
DROP FUNCTION officeauto.reopen_task(bigint, text);
DROP FUNCTION officeauto.log_time(bigint, timestamptz, timestamptz, text);

CREATE FUNCTION officeauto.has_permission(resource text, action text, project uuid DEFAULT NULL) RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED AS $$
DECLARE
    project_id bigint;
BEGIN
    IF project IS NOT NULL THEN
        SELECT p.id INTO project_id FROM officeauto.projects p WHERE p.public_id = project;
        IF NOT FOUND THEN
            RETURN false;
        END IF;
    END IF;
    RETURN officeauto._has_permission(resource, action, project_id);
END
$$;
COMMENT ON FUNCTION officeauto.has_permission(text, text, uuid) IS 'Whether the authenticated user may perform an action (CREATE, READ, UPDATE, DELETE, APPROVE) on a resource: in the project named by its public id (false for one the caller cannot see), or with project NULL on rows outside projects (GLOBAL, or PROJECT scope). Read from backend memory, once per transaction. Trusted maintenance connections: true; no context: false.';

CREATE FUNCTION officeauto.search_documents(p_query text, p_limit integer DEFAULT 20)
RETURNS TABLE (public_id uuid, title text, rank real, snippet text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    -- The query is written out in the condition (not joined as a FROM item) so it is an index
    -- condition on the GIN index. Documents are named by public id only (the API's ids).
    SELECT d.public_id, d.title,
           ts_rank_cd(d.search_vector, websearch_to_tsquery('english', p_query)) AS rank,
           ts_headline('english', coalesce(d.description, '') || ' ' || left(coalesce(d.content, ''), 5000),
                       websearch_to_tsquery('english', p_query), 'MaxWords=20, MinWords=8, MaxFragments=1') AS snippet
      FROM officeauto.documents d
     WHERE d.organization_id = ANY (officeauto._readable_organizations())
       AND ((SELECT officeauto._may_all('DOCUMENT', 'READ'))
            OR coalesce(d.project_id, 0) = ANY ((SELECT officeauto._may_projects('DOCUMENT', 'READ'))::bigint[])
            OR ((SELECT officeauto._may_own('DOCUMENT', 'READ')) AND d.author_id = officeauto.current_user_id()))
       AND d.search_vector @@ websearch_to_tsquery('english', p_query) AND d.deleted_at IS NULL
     ORDER BY rank DESC, d.id
     LIMIT p_limit
$$;
COMMENT ON FUNCTION officeauto.search_documents(text, integer) IS
    'Full-text search of the live documents the caller may read (DOCUMENT READ: GLOBAL, projects they belong to, their own) (web-search syntax: words, "phrases", -exclusions, or), ranked (title weighs most) with a snippet; uses the GIN index on documents.search_vector.';

CREATE FUNCTION officeauto.revoke_user_sessions(p_user uuid) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    n integer;
    target bigint;
BEGIN
    IF p_user IS NULL THEN
        RAISE EXCEPTION 'user id must not be NULL' USING ERRCODE = '22023';
    END IF;
    SELECT id INTO target FROM officeauto.users WHERE public_id = p_user AND organization_id = officeauto._tenant();
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no user %', p_user USING ERRCODE = 'P0002',
              DETAIL = 'It does not exist, or the caller may not see it.';
    END IF;
    -- One's own sessions with SESSION DELETE SELF, anyone's with SESSION DELETE GLOBAL.
    PERFORM officeauto._require_permission('SESSION', 'DELETE', NULL, target = officeauto.current_user_id(),
                                           'revoke_user_sessions');
    WITH s AS (
        UPDATE officeauto.user_sessions SET revoked_at = now(), revoke_reason = 'admin'
         WHERE user_id = target AND revoked_at IS NULL RETURNING id)
    SELECT count(*) INTO n FROM s;
    UPDATE officeauto.refresh_tokens SET revoked_at = now(), revoke_reason = 'admin'
     WHERE organization_id = officeauto._tenant() AND user_id = target AND revoked_at IS NULL;
    RETURN n;
END
$$;
COMMENT ON FUNCTION officeauto.revoke_user_sessions(uuid) IS 'Revokes every live session and refresh token of a user of the current organization, named by public id (one''s own: SESSION DELETE SELF; anyone''s: SESSION DELETE GLOBAL); returns sessions revoked. P0002 for a user the caller cannot see.';

CREATE FUNCTION officeauto.request_email_verification(p_user uuid, p_purpose text DEFAULT 'verify_email')
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    u record;
    t text := officeauto._new_token();  -- also loads the library, whose settings follow
BEGIN
    IF p_user IS NULL THEN
        RAISE EXCEPTION 'user id must not be NULL' USING ERRCODE = '22023';
    END IF;
    SELECT id, organization_id, email INTO u FROM officeauto.users
     WHERE public_id = p_user AND deleted_at IS NULL AND organization_id = officeauto._tenant();
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no user %', p_user USING ERRCODE = 'P0002',
              DETAIL = 'It does not exist, or the caller may not see it.';
    END IF;
    PERFORM officeauto._require_permission('USER', 'UPDATE', NULL, u.id = officeauto.current_user_id(),
                                           'request_email_verification');
    PERFORM officeauto._check_owner_target(u.id, officeauto.current_user_id());
    -- Only verification: a reset or address-change token issued here would skip the checks,
    -- throttle and audit of request_password_reset() and request_email_change().
    IF p_purpose IS DISTINCT FROM 'verify_email' THEN
        RAISE EXCEPTION 'purpose must be verify_email' USING ERRCODE = '22023',
            HINT = 'Password resets: request_password_reset(); address changes: request_email_change().';
    END IF;
    -- A new token replaces the outstanding one.
    UPDATE officeauto.email_verifications SET consumed_at = now()
     WHERE user_id = u.id AND purpose = p_purpose AND consumed_at IS NULL;
    INSERT INTO officeauto.email_verifications (organization_id, user_id, purpose, email, token_digest, expires_at)
    VALUES (u.organization_id, u.id, p_purpose, u.email, officeauto.token_digest(t),
            now() + current_setting('officeauto.email_token_ttl')::interval);
    RETURN t;
END
$$;
COMMENT ON FUNCTION officeauto.request_email_verification(uuid, text) IS
    'Issues a single-use, expiring e-mail verification token (purpose verify_email only, else 22023) for a user of the current organization, named by public id (P0002 if the caller cannot see it; replacing any outstanding one) and returns it; send it to the user. One''s own with USER UPDATE SELF, anyone''s with USER UPDATE GLOBAL; an owner''s needs the owner role (42501).';

CREATE FUNCTION officeauto.add_document_version(p_document uuid, p_storage_key text, p_checksum_sha256 text,
                                                p_size_bytes bigint, p_change_note text DEFAULT NULL)
RETURNS TABLE (version_number integer, document_version integer)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    d record;
    n integer;
BEGIN
    SELECT id, organization_id INTO d FROM officeauto.documents WHERE public_id = p_document AND deleted_at IS NULL FOR UPDATE;
    IF NOT FOUND THEN PERFORM officeauto._not_found('document', p_document); END IF;
    SELECT coalesce(max(v.version_number), 0) + 1 INTO n FROM officeauto.document_versions v WHERE v.document_id = d.id;
    UPDATE officeauto.document_versions SET is_current = false WHERE document_id = d.id AND is_current;
    INSERT INTO officeauto.document_versions (organization_id, document_id, version_number, storage_key, checksum_sha256,
                                              size_bytes, change_note, created_by, is_current)
    VALUES (d.organization_id, d.id, n, p_storage_key, p_checksum_sha256, p_size_bytes, p_change_note,
            officeauto.current_user_id(), true);
    UPDATE officeauto.documents SET storage_key = p_storage_key, checksum_sha256 = p_checksum_sha256, size_bytes = p_size_bytes
     WHERE id = d.id
    RETURNING n, version INTO version_number, document_version;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION officeauto.add_document_version(uuid, text, text, bigint, text) IS
    'Adds the next version of a document (history kept in document_versions, the new one current) and updates the document''s storage key, checksum and size. Returns the version number and the document row''s new version; P0002 for a document the caller cannot see.';

CREATE FUNCTION officeauto.add_file_version(p_file uuid, p_storage_key text, p_checksum_sha256 text, p_size_bytes bigint)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    f record;
    n integer;
BEGIN
    SELECT id, organization_id INTO f FROM officeauto.files WHERE public_id = p_file AND deleted_at IS NULL FOR UPDATE;
    IF NOT FOUND THEN PERFORM officeauto._not_found('file', p_file); END IF;
    SELECT coalesce(max(version_number), 0) + 1 INTO n FROM officeauto.file_versions WHERE file_id = f.id;
    UPDATE officeauto.file_versions SET is_current = false WHERE file_id = f.id AND is_current;
    INSERT INTO officeauto.file_versions (organization_id, file_id, version_number, storage_key, checksum_sha256, size_bytes,
                                          uploaded_by, is_current)
    VALUES (f.organization_id, f.id, n, p_storage_key, p_checksum_sha256, p_size_bytes, officeauto.current_user_id(), true);
    RETURN n;
END
$$;
COMMENT ON FUNCTION officeauto.add_file_version(uuid, text, text, bigint) IS 'Adds the next version of a file and makes it current (the file row itself is unchanged); returns the version number. P0002 for a file the caller cannot see.';

CREATE FUNCTION officeauto.promote_ingest(p_ingest uuid)
RETURNS TABLE (document_id uuid, ingest_version integer)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    i officeauto.documents_ingest%ROWTYPE;
    ft record;
    reason text;
    doc bigint;
BEGIN
    SELECT * INTO i FROM officeauto.documents_ingest WHERE public_id = p_ingest FOR UPDATE;
    IF NOT FOUND THEN PERFORM officeauto._not_found('staged upload', p_ingest); END IF;
    PERFORM officeauto._require(i.status IN ('pending', 'validated'), 'OA040',
                                format('staged upload %s is already %s', p_ingest, i.status));
    SELECT id, is_allowed, max_size_bytes INTO ft FROM officeauto.filetype_reference WHERE mime_type = lower(i.mime_type);
    reason := CASE
        WHEN coalesce(i.size_bytes, 0) <= 0 THEN 'File is empty (size 0)'
        WHEN ft.id IS NULL THEN format('Unknown file type %s', coalesce(i.mime_type, '(none)'))
        WHEN NOT ft.is_allowed THEN format('File type %s is not allowed', i.mime_type)
        WHEN ft.max_size_bytes IS NOT NULL AND i.size_bytes > ft.max_size_bytes THEN
             format('File is larger than %s bytes allowed for %s', ft.max_size_bytes, i.mime_type)
        WHEN i.storage_id IS NULL OR NOT EXISTS (SELECT FROM officeauto.storage_reference s WHERE s.id = i.storage_id AND s.is_active)
             THEN 'Unknown or inactive storage'
        WHEN i.checksum_sha256 IS NULL THEN 'Checksum missing'
        WHEN EXISTS (SELECT FROM officeauto.documents d WHERE d.organization_id = i.organization_id
                        AND d.checksum_sha256 = i.checksum_sha256 AND d.deleted_at IS NULL)
          OR EXISTS (SELECT FROM officeauto.documents_ingest o WHERE o.organization_id = i.organization_id AND o.id <> i.id
                        AND o.checksum_sha256 = i.checksum_sha256 AND o.status = 'promoted')
             THEN 'Duplicate: a document with the same checksum exists'
    END;
    IF reason IS NOT NULL THEN
        UPDATE officeauto.documents_ingest SET status = 'rejected', rejection_reason = reason, processed_at = now()
         WHERE id = i.id
        RETURNING version INTO ingest_version;
        RETURN NEXT;
        RETURN;
    END IF;
    INSERT INTO officeauto.documents (organization_id, project_id, title, status, filetype_id, storage_id, storage_key,
                                      checksum_sha256, size_bytes, author_id)
    VALUES (i.organization_id, i.project_id, i.original_name, 'draft', ft.id, i.storage_id, i.s3_key,
            i.checksum_sha256, i.size_bytes, i.uploaded_by)
    RETURNING id, public_id INTO doc, document_id;
    INSERT INTO officeauto.document_versions (organization_id, document_id, version_number, storage_key, checksum_sha256,
                                              size_bytes, change_note, created_by, is_current)
    VALUES (i.organization_id, doc, 1, i.s3_key, i.checksum_sha256, i.size_bytes, 'Promoted from staging',
            officeauto.current_user_id(), true);
    UPDATE officeauto.documents_ingest SET status = 'promoted', promoted_document_id = doc, processed_at = now()
     WHERE id = i.id
    RETURNING version INTO ingest_version;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION officeauto.promote_ingest(uuid) IS
    'Validates a staged upload (size > 0, known and allowed type within its size limit, active storage, checksum present and not a duplicate) and either creates the document with version 1 (status promoted; returns the document''s public id) or marks the upload rejected with the reason (document_id NULL); either way also the upload row''s new version. OA040 if already processed, P0002 for an upload the caller cannot see.';

CREATE FUNCTION officeauto.submit_change_request(p_change_request uuid)
RETURNS TABLE (status text, change_request_version integer)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    cr record;
    a record;
BEGIN
    SELECT * INTO cr FROM officeauto.change_requests WHERE public_id = p_change_request AND deleted_at IS NULL FOR UPDATE;
    IF NOT FOUND THEN PERFORM officeauto._not_found('change request', p_change_request); END IF;
    PERFORM officeauto._require(cr.status = 'draft', 'OA050', format('change request %s is %s, not draft', p_change_request, cr.status));
    PERFORM officeauto._require(EXISTS (SELECT FROM officeauto.change_request_approvals WHERE change_request_id = cr.id AND is_required),
                                'OA050', 'a change request needs at least one required approver before submission');
    UPDATE officeauto.change_requests SET status = 'under_review', submitted_at = now() WHERE id = cr.id
    RETURNING status, version INTO status, change_request_version;
    FOR a IN SELECT approver_id FROM officeauto.change_request_approvals WHERE change_request_id = cr.id AND decision = 'pending' LOOP
        INSERT INTO officeauto.cartable (organization_id, user_id, from_user_id, change_request_id, action_required, note)
        VALUES (cr.organization_id, a.approver_id, nullif(officeauto.current_user_id(), a.approver_id), cr.id, 'approve',
                'Approval requested: ' || cr.title);
        PERFORM officeauto._notify(a.approver_id, 'approval_request', 'Approval requested: ' || cr.title, 'change_request', cr.public_id);
    END LOOP;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION officeauto.submit_change_request(uuid) IS
    'Submits a draft change request for review: every pending approver gets a cartable item and a notification. Returns the new status and the request''s new version; P0002 for a request the caller cannot see, OA050 if it is not a draft with a required approver.';

CREATE FUNCTION officeauto.decide_change_request(p_change_request uuid, p_decision text, p_comment text DEFAULT NULL)
RETURNS TABLE (status text, change_request_version integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    me bigint := officeauto._actor();
    cr record;
    new_status text;
BEGIN
    PERFORM officeauto._require(p_decision IN ('approved', 'rejected'), '22023', 'decision must be approved or rejected');
    SELECT * INTO cr FROM officeauto.change_requests
     WHERE public_id = p_change_request AND deleted_at IS NULL AND organization_id = officeauto._tenant() FOR UPDATE;
    IF NOT FOUND THEN PERFORM officeauto._not_found('change request', p_change_request); END IF;
    PERFORM officeauto._require_permission('CHANGE_REQUEST', 'APPROVE', cr.project_id, false, 'decide_change_request');
    PERFORM officeauto._require(cr.status IN ('submitted', 'under_review'), 'OA050',
                                format('change request %s is %s and takes no decisions', p_change_request, cr.status));
    UPDATE officeauto.change_request_approvals SET decision = p_decision, decided_at = now(), comment = p_comment
     WHERE change_request_id = cr.id AND approver_id = me AND decision = 'pending';
    PERFORM officeauto._require(FOUND, 'OA051', 'the caller is not a pending approver of this change request');
    new_status := CASE
        WHEN p_decision = 'rejected' THEN 'rejected'
        WHEN NOT EXISTS (SELECT FROM officeauto.change_request_approvals
                          WHERE change_request_id = cr.id AND is_required AND decision <> 'approved') THEN 'approved'
        ELSE 'under_review' END;
    UPDATE officeauto.change_requests
       SET status = new_status, decided_at = CASE WHEN new_status IN ('approved', 'rejected') THEN now() END
     WHERE id = cr.id
    RETURNING status, version INTO status, change_request_version;
    -- The decider's inbox item is done.
    UPDATE officeauto.cartable SET acted_at = now(), read_at = coalesce(read_at, now())
     WHERE change_request_id = cr.id AND user_id = me AND acted_at IS NULL;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION officeauto.decide_change_request(uuid, text, text) IS
    'Records the caller''s decision on a change request under review (needs CHANGE_REQUEST APPROVE in its project). A rejection closes it (rejected); it is approved only when every required approver has approved. Returns the resulting status and the request''s new version. OA051 if the caller is not a pending approver, P0002 for a request the caller cannot see.';

CREATE FUNCTION officeauto.record_test_execution(p_test_case uuid, p_result text, p_notes text DEFAULT NULL,
                                                 p_environment text DEFAULT NULL)
RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
    tc record;
    execution uuid;
BEGIN
    SELECT id, organization_id INTO tc FROM officeauto.test_cases WHERE public_id = p_test_case AND deleted_at IS NULL;
    IF NOT FOUND THEN PERFORM officeauto._not_found('test case', p_test_case); END IF;
    INSERT INTO officeauto.test_executions (organization_id, test_case_id, executed_by, result, finished_at, environment, notes)
    VALUES (tc.organization_id, tc.id, officeauto.current_user_id(), p_result, now(), p_environment, p_notes)
    RETURNING public_id INTO execution;
    RETURN execution;
END
$$;
COMMENT ON FUNCTION officeauto.record_test_execution(uuid, text, text, text) IS 'Records a run of a test case with its result (passed, failed, blocked, skipped); returns the execution''s public id. P0002 for a test case the caller cannot see.';

CREATE FUNCTION officeauto.reuse_test_case(p_test_case uuid, p_project uuid)
RETURNS TABLE (test_case_id uuid, source_version integer)
LANGUAGE plpgsql AS $$
DECLARE
    src officeauto.test_cases%ROWTYPE;
    target bigint;
BEGIN
    SELECT * INTO src FROM officeauto.test_cases WHERE public_id = p_test_case AND deleted_at IS NULL FOR UPDATE;
    IF NOT FOUND THEN PERFORM officeauto._not_found('test case', p_test_case); END IF;
    SELECT id INTO target FROM officeauto.projects WHERE public_id = p_project AND deleted_at IS NULL;
    IF NOT FOUND THEN PERFORM officeauto._not_found('project', p_project); END IF;
    INSERT INTO officeauto.test_cases (organization_id, project_id, source_test_case_id, title, description, preconditions,
                                       steps, expected_result, priority, automation_status, created_by)
    VALUES (src.organization_id, target, src.id, src.title, src.description, src.preconditions, src.steps,
            src.expected_result, src.priority, src.automation_status, officeauto.current_user_id())
    RETURNING public_id INTO test_case_id;
    UPDATE officeauto.test_cases SET reuse_count = reuse_count + 1 WHERE id = src.id
    RETURNING version INTO source_version;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION officeauto.reuse_test_case(uuid, uuid) IS 'Copies a test case into a project (linked by source_test_case_id) and counts the reuse on the source. Returns the copy''s public id and the source''s new version; P0002 for a test case or project the caller cannot see.';

CREATE FUNCTION officeauto.add_comment(p_entity_type text, p_entity_id uuid, p_body text, p_parent uuid DEFAULT NULL)
RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
    me bigint := officeauto._actor();
    mentioned bigint[];
    parent bigint;
    comment_id uuid;
    m bigint;
BEGIN
    IF p_parent IS NOT NULL THEN
        SELECT id INTO parent FROM officeauto.comments WHERE public_id = p_parent AND deleted_at IS NULL;
        IF NOT FOUND THEN PERFORM officeauto._not_found('comment', p_parent); END IF;
    END IF;
    -- @username mentions of active users of the organization.
    SELECT coalesce(array_agg(DISTINCT u.id), '{}') INTO mentioned
      FROM regexp_matches(p_body, '@([A-Za-z0-9][A-Za-z0-9._-]{2,63})', 'g') AS r(m)
      JOIN officeauto.users u ON lower(u.username) = lower(r.m[1]) AND u.deleted_at IS NULL AND u.status = 'active';
    INSERT INTO officeauto.comments (organization_id, entity_type, entity_id, parent_id, author_id, body, mentions)
    SELECT organization_id, p_entity_type, p_entity_id, parent, me, p_body, mentioned
      FROM officeauto.users WHERE id = me
    RETURNING public_id INTO comment_id;
    FOREACH m IN ARRAY mentioned LOOP
        CONTINUE WHEN m = me;
        PERFORM officeauto._notify(m, 'mention', 'You were mentioned in a comment', p_entity_type, p_entity_id, left(p_body, 500));
    END LOOP;
    RETURN comment_id;
END
$$;
COMMENT ON FUNCTION officeauto.add_comment(text, uuid, text, uuid) IS
    'Adds a comment by the caller on any entity, threaded under the parent comment named by its public id; @username mentions are resolved and notified. Returns the comment''s public id; P0002 for a parent the caller cannot see.';

CREATE FUNCTION officeauto.mark_notification_read(p_notification uuid) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    me bigint := officeauto._actor();
    v integer;
BEGIN
    UPDATE officeauto.notifications SET read_at = coalesce(read_at, now())
     WHERE public_id = p_notification AND recipient_id = me
    RETURNING version INTO v;
    -- Another user's notification is not the caller's to see: the same answer as none.
    IF NOT FOUND THEN PERFORM officeauto._not_found('notification', p_notification); END IF;
    RETURN v;
END
$$;
COMMENT ON FUNCTION officeauto.mark_notification_read(uuid) IS 'Marks one of the caller''s notifications read; returns its new version. P0002 for a notification that is not the caller''s.';

CREATE FUNCTION officeauto.request_password_reset(p_identifier text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    t text := officeauto._new_token();  -- also loads the library, whose settings follow
    d bytea := officeauto.token_digest(t);
    key text := lower(btrim(p_identifier));
    ip inet := officeauto.current_client_ip();
    recent integer;
    retry_at timestamptz;
    u record;
    stand_in bigint;
    stand_in_org bigint;
    stand_in_email text;
BEGIN
    IF p_identifier IS NULL OR length(key) = 0 OR length(p_identifier) > 320 THEN
        RAISE EXCEPTION 'identifier must be a username or e-mail of 1 to 320 characters' USING ERRCODE = '22023';
    END IF;
    -- From here on, a known and an unknown identifier run the same statements: the throttle
    -- is counted per identifier, never per account, and the answer is a token either way.
    PERFORM pg_advisory_xact_lock(hashtextextended('officeauto.password_reset:' || key, 0));
    DELETE FROM officeauto.password_reset_requests WHERE created_at < now() - interval '1 hour';
    SELECT count(*) INTO recent FROM officeauto.password_reset_requests
     WHERE identifier_key = key AND created_at >= now() - interval '1 hour';
    IF recent >= current_setting('officeauto.password_reset_limit')::int THEN
        -- When the oldest request of the hour leaves the window, in the machine-readable form
        -- of every time in a DETAIL (ISO 8601 UTC, rounded up to the second).
        SELECT min(created_at) + interval '1 hour' INTO retry_at FROM officeauto.password_reset_requests
         WHERE identifier_key = key AND created_at >= now() - interval '1 hour';
        RAISE EXCEPTION 'too many password reset requests for this identifier' USING ERRCODE = 'OA083',
            DETAIL = format('Retry after %s.', to_char(date_trunc('second', retry_at + interval '999999 microseconds')
                                                       AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
            HINT = 'Try again within the hour; a token already sent stays valid until it expires.';
    END IF;
    INSERT INTO officeauto.password_reset_requests (identifier_key, ip_address) VALUES (key, ip);
    -- Only an active account of a live organization gets a working token; any other
    -- identifier gets one of the same shape that nothing stores.
    SELECT us.id, us.organization_id, us.email INTO u
      FROM officeauto.users us JOIN officeauto.organizations o ON o.id = us.organization_id
     WHERE (lower(us.username) = key OR lower(us.email) = key) AND us.deleted_at IS NULL
       AND us.status = 'active' AND o.is_active AND o.deleted_at IS NULL
     LIMIT 1;
    -- The writes of a known account. For any other identifier the same writes are made for
    -- a stand-in account and undone: the two answers cost the same work, not a sleep's worth
    -- of guessing. A known account asked for again within the hour usually has a live token
    -- to replace, so the stand-in then has one too.
    IF recent > 0 THEN
        SELECT us.id, us.organization_id, us.email INTO stand_in, stand_in_org, stand_in_email
          FROM officeauto.email_verifications v JOIN officeauto.users us ON us.id = v.user_id
         WHERE v.purpose = 'reset_password' AND v.consumed_at IS NULL
         ORDER BY v.expires_at DESC LIMIT 1;
    ELSE
        SELECT us.id, us.organization_id, us.email INTO stand_in, stand_in_org, stand_in_email
          FROM officeauto.users us
         WHERE NOT EXISTS (SELECT FROM officeauto.email_verifications v
                            WHERE v.user_id = us.id AND v.purpose = 'reset_password' AND v.consumed_at IS NULL)
         ORDER BY us.id LIMIT 1;
    END IF;
    IF stand_in IS NULL THEN
        SELECT us.id, us.organization_id, us.email INTO stand_in, stand_in_org, stand_in_email
          FROM officeauto.users us ORDER BY us.id LIMIT 1;
    END IF;
    IF coalesce(u.id, stand_in) IS NULL THEN
        RETURN t;  -- an installation without accounts: nothing to stand in
    END IF;
    -- One request per account at a time (its username and its e-mail are two identifiers):
    -- replacing the outstanding token and inserting the new one must not interleave.
    PERFORM pg_advisory_xact_lock(hashtextextended('officeauto.password_reset_account:' || coalesce(u.id, stand_in)::text, 0));
    BEGIN
        -- A new token replaces the outstanding one.
        UPDATE officeauto.email_verifications SET consumed_at = now()
         WHERE user_id = coalesce(u.id, stand_in) AND purpose = 'reset_password' AND consumed_at IS NULL;
        INSERT INTO officeauto.email_verifications (organization_id, user_id, purpose, email, token_digest, expires_at)
        VALUES (coalesce(u.organization_id, stand_in_org), coalesce(u.id, stand_in), 'reset_password',
                coalesce(u.email, stand_in_email), d, now() + current_setting('officeauto.password_reset_ttl')::interval);
        PERFORM officeauto._log_account_event(coalesce(u.organization_id, stand_in_org),
                                              coalesce(u.id, stand_in), 'password.reset_requested',
                                              jsonb_build_object('ip', host(ip)));
        IF u.id IS NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'OA089';
        END IF;
    EXCEPTION WHEN SQLSTATE 'OA089' THEN
        NULL;
    END;
    RETURN t;
END
$$;
COMMENT ON FUNCTION officeauto.request_password_reset(text) IS
    'Starts a password reset for a username or e-mail (any case): returns a single-use token to e-mail to the account''s address, valid officeauto.password_reset_ttl. Unknown identifiers, and accounts that are inactive, suspended, deleted or of an inactive organization, get a token of the same shape that works nowhere. More than officeauto.password_reset_limit requests per identifier and hour: OA083, known or not.';

CREATE FUNCTION officeauto.refresh_session(p_refresh_token text)
RETURNS TABLE (session_token text, refresh_token text, user_public_id uuid, expires_at timestamptz,
               refresh_expires_at timestamptz, mfa_required boolean, mfa_challenge text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    loaded boolean := officeauto._ensure_loaded();
    d bytea := officeauto.token_digest(p_refresh_token);
    r officeauto.refresh_tokens%ROWTYPE;
    new_id bigint;
    st text;
    rt text;
    s_exp timestamptz;
    r_exp timestamptz;
BEGIN
    PERFORM officeauto._require_primary('refresh_session');
    SELECT * INTO r FROM officeauto.refresh_tokens WHERE token_digest = d;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'invalid refresh token' USING ERRCODE = 'OA011';
    END IF;
    -- One refresh per family at a time; a second presentation of the same token waits here
    -- and then sees it used. (Advisory lock: the bookkeeping worker must reach the rows.)
    PERFORM pg_advisory_xact_lock(hashtextextended('officeauto.refresh:' || r.family_id, 0));
    SELECT * INTO r FROM officeauto.refresh_tokens WHERE id = r.id;
    IF r.used_at IS NOT NULL THEN
        -- A rotated token presented again: someone else holds a copy. Revoke the whole
        -- family and its sessions, durably, then refuse. If that cannot be made durable now,
        -- refuse anyway with the same answer; the family stays unusable for this caller.
        BEGIN
            PERFORM officeauto._revoke_refresh_family(r.family_id);
        EXCEPTION WHEN insufficient_resources THEN
            RAISE EXCEPTION 'refresh token reuse detected; the session family could not be revoked yet, try again'
                USING ERRCODE = 'OA012';
        END;
        RAISE EXCEPTION 'refresh token reuse detected; the session family is revoked' USING ERRCODE = 'OA012';
    END IF;
    IF r.revoked_at IS NOT NULL OR r.expires_at <= now() OR r.family_expires_at <= now()
       OR NOT EXISTS (SELECT FROM officeauto.user_sessions s
                        JOIN officeauto.users u ON u.id = s.user_id
                       WHERE s.id = r.session_id AND s.revoked_at IS NULL
                         AND u.status = 'active' AND u.deleted_at IS NULL) THEN
        RAISE EXCEPTION 'refresh token expired or revoked' USING ERRCODE = 'OA011';
    END IF;
    -- A token that is valid in every other way learns that its organization is suspended or
    -- deleted (OA006); the family stays intact for the reactivation.
    PERFORM officeauto._require_live_organization(r.organization_id);
    -- Nothing outlives the family: the login's absolute lifetime bounds every rotation.
    s_exp := least(now() + current_setting('officeauto.session_ttl')::interval, r.family_expires_at);
    r_exp := least(now() + current_setting('officeauto.refresh_ttl')::interval, r.family_expires_at);
    st := officeauto._new_token();
    rt := officeauto._new_token();
    INSERT INTO officeauto.refresh_tokens (organization_id, user_id, session_id, family_id, parent_id, token_digest,
                                           expires_at, family_expires_at)
    VALUES (r.organization_id, r.user_id, r.session_id, r.family_id, r.id, officeauto.token_digest(rt), r_exp,
            r.family_expires_at)
    RETURNING id INTO new_id;
    UPDATE officeauto.refresh_tokens SET used_at = now(), revoked_at = now(), revoke_reason = 'rotated', replaced_by_id = new_id
     WHERE id = r.id;
    UPDATE officeauto.user_sessions SET token_digest = officeauto.token_digest(st), expires_at = s_exp, last_activity_at = now()
     WHERE id = r.session_id;
    RETURN QUERY SELECT st, rt, u.public_id, s_exp, r_exp, false, NULL::text
                   FROM officeauto.users u WHERE u.id = r.user_id;
END
$$;
COMMENT ON FUNCTION officeauto.refresh_session(text) IS
    'Rotates a refresh token: returns a new session token and refresh token (the columns of login(); mfa_required is false) and retires the old ones. A family (one login and its rotations) ends officeauto.refresh_ttl after the login, however often it rotates. Presenting a rotated token again revokes the whole family and its sessions (OA012); unknown, expired or revoked tokens give OA011; a valid token of a suspended or deleted organization gives OA006.';

CREATE FUNCTION officeauto.logout(p_token text, p_scope text DEFAULT 'current') RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    hidden boolean := officeauto._hide_statement();  -- the call carries a session token
    s record;
    ended bigint[];
BEGIN
    PERFORM officeauto._require_primary('logout');
    IF p_scope IS NULL OR p_scope NOT IN ('current', 'others', 'all') THEN
        RAISE EXCEPTION 'scope must be current, others or all' USING ERRCODE = '22023';
    END IF;
    IF p_token IS NULL THEN
        RAISE EXCEPTION 'session token must not be NULL' USING ERRCODE = '22023';
    END IF;
    IF NOT EXISTS (SELECT FROM officeauto.user_sessions WHERE token_digest = officeauto.token_digest(p_token)) THEN
        RAISE EXCEPTION 'no session for this token' USING ERRCODE = 'P0002';
    END IF;
    IF p_scope = 'current' THEN
        UPDATE officeauto.user_sessions SET revoked_at = now(), revoke_reason = 'logout'
         WHERE token_digest = officeauto.token_digest(p_token) AND revoked_at IS NULL
        RETURNING id, user_id, organization_id INTO s;
        IF s.id IS NULL THEN
            RETURN false;
        END IF;
        ended := ARRAY[s.id];
    ELSE
        -- Ending other sessions needs a session that still works: a revoked or expired token
        -- proves nothing about who holds it now.
        SELECT id, user_id, organization_id INTO s FROM officeauto.user_sessions
         WHERE token_digest = officeauto.token_digest(p_token) AND revoked_at IS NULL AND expires_at > now()
           AND last_activity_at >= now() - current_setting('officeauto.session_idle_timeout')::interval;
        IF s.id IS NULL THEN
            RAISE EXCEPTION 'the session has ended or is idle: log in again to end other sessions' USING ERRCODE = '28000';
        END IF;
        -- Serialized with the user's logins (_open_session), so a login racing this logout
        -- either finishes first and is ended, or starts after.
        PERFORM pg_advisory_xact_lock(hashtextextended('officeauto.login:' || s.user_id::text, 0));
        WITH e AS (
            UPDATE officeauto.user_sessions SET revoked_at = now(), revoke_reason = 'logout'
             WHERE user_id = s.user_id AND revoked_at IS NULL AND (p_scope = 'all' OR id <> s.id)
            RETURNING id)
        SELECT coalesce(array_agg(id), '{}') INTO ended FROM e;
    END IF;
    UPDATE officeauto.refresh_tokens SET revoked_at = now(), revoke_reason = 'logout'
     WHERE organization_id = s.organization_id AND session_id = ANY (ended) AND revoked_at IS NULL;
    IF p_scope <> 'current' THEN
        PERFORM officeauto._log_account_event(s.organization_id, s.user_id, 'session.logout',
                                              jsonb_build_object('scope', p_scope, 'sessions_ended', cardinality(ended)));
    END IF;
    RETURN true;
END
$$;
COMMENT ON FUNCTION officeauto.logout(text, text) IS
    'Ends sessions by a session token: scope ''current'' (default) its session, ''others'' every other live session of its user, ''all'' every one; their refresh tokens too. True when it ended the token''s session (current) or ran (others/all); false when the token''s session had already ended (current); P0002 for a token that names no session; 28000 for others/all with an ended, expired or idle session; 22023 for a NULL token or another scope. others/all are audited as session.logout.';

CREATE FUNCTION officeauto.reveal_credential(credential_public_id uuid) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    c record;
    plain text;
BEGIN
    -- No reveal without its log row, and a standby can write none: refused before decrypting.
    PERFORM officeauto._require_primary('reveal_credential');
    IF credential_public_id IS NULL THEN
        RAISE EXCEPTION 'credential id must not be NULL' USING ERRCODE = '22023';
    END IF;
    -- Definer rights bypass row-level security, so the organization check is explicit: a
    -- public id of another organization fails exactly like one that exists nowhere.
    SELECT id, organization_id, public_id, encrypted_value, created_by INTO c
      FROM officeauto.credentials
     WHERE public_id = credential_public_id AND deleted_at IS NULL
       AND organization_id = officeauto._tenant();
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no credential %', credential_public_id USING ERRCODE = 'P0002',
              DETAIL = 'It does not exist, or the caller may not see it.';
    END IF;
    PERFORM officeauto._require_permission('CREDENTIAL', 'READ', NULL, c.created_by = officeauto.current_user_id(),
                                           'reveal_credential');
    IF c.encrypted_value IS NULL THEN
        RETURN NULL;
    END IF;
    plain := officeauto._open_credential(c.encrypted_value, c.organization_id, c.public_id);
    INSERT INTO officeauto.credential_audit_logs
        (organization_id, credential_id, credential_public_id, user_id, action, ip_address, user_agent)
    VALUES (c.organization_id, c.id, c.public_id, officeauto._actor_for(c.organization_id), 'decrypt',
            officeauto.current_client_ip(), officeauto.current_user_agent());
    RETURN plain;
END
$$;
COMMENT ON FUNCTION officeauto.reveal_credential(uuid) IS
    'Decrypts a credential of the current organization, named by its public id, with the server key (needs CREDENTIAL READ) and logs a ''decrypt'' row (actor, ip, user agent) in credential_audit_logs; P0002 for a credential the caller cannot see (another organization''s fails like an unknown one). officeauto_app and officeauto_admin only.';

CREATE FUNCTION officeauto._not_found(p_kind text, p_id uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF p_id IS NULL THEN
        RAISE EXCEPTION '% id must not be NULL', p_kind USING ERRCODE = '22023';
    END IF;
    RAISE EXCEPTION 'no % %', p_kind, p_id USING ERRCODE = 'P0002',
          DETAIL = 'It does not exist, or the caller may not see it.';
END
$$;
COMMENT ON FUNCTION officeauto._not_found(text, uuid) IS 'Internal: raises the not-found error of the API (P0002 naming the kind of thing; 22023 for a NULL id).';

CREATE FUNCTION officeauto.assign_task(p_task uuid, p_to_user uuid, p_note text DEFAULT NULL,
                                       p_due_at timestamptz DEFAULT NULL)
RETURNS TABLE (item_id uuid, task_version integer)
LANGUAGE plpgsql AS $$
DECLARE
    t record;
    assignee bigint;
    me bigint := officeauto._actor();
BEGIN
    SELECT id, public_id, organization_id, title INTO t FROM officeauto.tasks WHERE public_id = p_task AND deleted_at IS NULL;
    IF NOT FOUND THEN PERFORM officeauto._not_found('task', p_task); END IF;
    SELECT id INTO assignee FROM officeauto.users WHERE public_id = p_to_user AND deleted_at IS NULL AND status = 'active';
    IF NOT FOUND THEN PERFORM officeauto._not_found('active user', p_to_user); END IF;
    -- The assignment changes the task row: its new version goes back to the client, whose next
    -- optimistic update of the task would otherwise fail with 40001.
    UPDATE officeauto.tasks SET assignee_id = assignee WHERE id = t.id RETURNING version INTO task_version;
    INSERT INTO officeauto.cartable (organization_id, user_id, from_user_id, task_id, action_required, note, due_at)
    VALUES (t.organization_id, assignee, nullif(me, assignee), t.id, 'do', p_note, p_due_at)
    RETURNING public_id INTO item_id;
    PERFORM officeauto._notify(assignee, 'assignment', 'Task assigned: ' || t.title, 'task', t.public_id, p_note);
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION officeauto.assign_task(uuid, uuid, text, timestamptz) IS
    'Assigns a task to a user of the organization: sets the assignee, puts the task in their cartable and notifies them. Returns the cartable item''s public id and the task''s new version; P0002 for a task or user the caller cannot see.';

CREATE FUNCTION officeauto.refer(p_item uuid, p_to_user uuid, p_note text DEFAULT NULL,
                                 p_action_required text DEFAULT 'review', p_due_at timestamptz DEFAULT NULL)
RETURNS TABLE (item_id uuid, from_item_version integer)
LANGUAGE plpgsql AS $$
DECLARE
    c officeauto.cartable%ROWTYPE;
    recipient bigint;
    item bigint;
    me bigint := officeauto._actor();
BEGIN
    SELECT * INTO c FROM officeauto.cartable WHERE public_id = p_item FOR UPDATE;
    IF NOT FOUND THEN PERFORM officeauto._not_found('cartable item', p_item); END IF;
    PERFORM officeauto._require(c.user_id = me AND c.archived_at IS NULL, 'OA030',
                                'only the holder of a cartable item can refer it');
    SELECT id INTO recipient FROM officeauto.users WHERE public_id = p_to_user AND deleted_at IS NULL AND status = 'active';
    IF NOT FOUND THEN PERFORM officeauto._not_found('active user', p_to_user); END IF;
    PERFORM officeauto._require(recipient <> me, 'OA030', 'an item cannot be referred to its holder');
    INSERT INTO officeauto.cartable (organization_id, user_id, from_user_id, parent_id, task_id, document_id, change_request_id,
                                     action_required, note, due_at)
    VALUES (c.organization_id, recipient, me, c.id, c.task_id, c.document_id, c.change_request_id,
            coalesce(p_action_required, 'review'), p_note, coalesce(p_due_at, c.due_at))
    RETURNING id, public_id INTO item, item_id;
    -- The referrer has acted on their copy; it leaves their unread list.
    UPDATE officeauto.cartable SET acted_at = now(), read_at = coalesce(read_at, now()) WHERE id = c.id
    RETURNING version INTO from_item_version;
    PERFORM officeauto._notify(recipient, 'referral', 'New item in your cartable', 'cartable', item_id, p_note);
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION officeauto.refer(uuid, uuid, text, text, timestamptz) IS
    'Forwards a cartable item the caller holds to another user with a note: the new item points at the one it forwards (parent_id), forming the forwarding chain; the caller''s copy is marked acted on. Returns the new item''s public id and the new version of the caller''s copy. OA030 if the caller does not hold the item, P0002 for an item or user the caller cannot see.';

CREATE FUNCTION officeauto._held_item(p_item uuid, p_action text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    c record;
    me bigint := officeauto._actor();
BEGIN
    SELECT id, user_id INTO c FROM officeauto.cartable WHERE public_id = p_item FOR UPDATE;
    IF NOT FOUND THEN PERFORM officeauto._not_found('cartable item', p_item); END IF;
    PERFORM officeauto._require(c.user_id = me, 'OA030', format('only the holder of a cartable item can %s', p_action));
    RETURN c.id;
END
$$;
COMMENT ON FUNCTION officeauto._held_item(uuid, text) IS 'Internal (mark_item_read, archive_item): the caller''s cartable item, locked; P0002 if not visible, OA030 if held by someone else.';

CREATE FUNCTION officeauto.mark_item_read(p_item uuid) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    item bigint := officeauto._held_item(p_item, 'mark it read');
    v integer;
BEGIN
    UPDATE officeauto.cartable SET read_at = coalesce(read_at, now())
     WHERE id = item
    RETURNING version INTO v;
    RETURN v;
END
$$;
COMMENT ON FUNCTION officeauto.mark_item_read(uuid) IS 'Marks one of the caller''s cartable items read (again: no change but the version); returns the item''s new version. P0002 if the caller cannot see it, OA030 if someone else holds it.';

CREATE FUNCTION officeauto.archive_item(p_item uuid) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    item bigint := officeauto._held_item(p_item, 'archive it');
    v integer;
BEGIN
    UPDATE officeauto.cartable SET archived_at = coalesce(archived_at, now()), read_at = coalesce(read_at, now())
     WHERE id = item
    RETURNING version INTO v;
    RETURN v;
END
$$;
COMMENT ON FUNCTION officeauto.archive_item(uuid) IS 'Archives one of the caller''s cartable items (it leaves the inbox); returns the item''s new version. P0002 if the caller cannot see it, OA030 if someone else holds it.';

CREATE FUNCTION officeauto.reopen_task(p_task uuid, p_reason text DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    t record;
    v integer;
BEGIN
    -- Definer rights (to grant the one-time permission the status trigger checks) bypass
    -- row-level security, so the organization check is explicit.
    SELECT id, project_id, status, officeauto.current_user_id() IN (assignee_id, created_by) AS own INTO t
      FROM officeauto.tasks WHERE public_id = p_task AND deleted_at IS NULL AND organization_id = officeauto._tenant();
    IF NOT FOUND THEN PERFORM officeauto._not_found('task', p_task); END IF;
    PERFORM officeauto._require_permission('TASK', 'UPDATE', t.project_id, t.own, 'reopen_task');
    PERFORM officeauto._require(t.status IN ('completed', 'cancelled'), 'OA020', format('task %s is not closed', p_task));
    PERFORM officeauto._allow_reopen(t.id);
    UPDATE officeauto.tasks SET status = 'pending',
           metadata = metadata || jsonb_build_object('reopened_at', now(), 'reopen_reason', p_reason)
     WHERE id = t.id
    RETURNING version INTO v;
    RETURN v;
END
$$;
COMMENT ON FUNCTION officeauto.reopen_task(uuid, text) IS 'Moves a completed or cancelled task back to pending, recording when and why in its metadata; returns the task''s new version. P0002 for a task the caller cannot see, OA020 if it is not closed.';

CREATE FUNCTION officeauto.log_time(p_task uuid, p_started_at timestamptz, p_ended_at timestamptz,
                                    p_note text DEFAULT NULL)
RETURNS TABLE (time_entry_id uuid, task_version integer)
LANGUAGE plpgsql AS $$
DECLARE
    t record;
    me bigint := officeauto._actor();
BEGIN
    SELECT id, organization_id INTO t FROM officeauto.tasks WHERE public_id = p_task AND deleted_at IS NULL;
    IF NOT FOUND THEN PERFORM officeauto._not_found('task', p_task); END IF;
    INSERT INTO officeauto.task_time_entries (organization_id, task_id, user_id, started_at, ended_at, note)
    VALUES (t.organization_id, t.id, me, p_started_at, p_ended_at, p_note)
    RETURNING public_id INTO time_entry_id;
    -- The entry's trigger has added it to the task's spent_minutes, a new version of the task.
    SELECT version INTO task_version FROM officeauto.tasks WHERE id = t.id;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION officeauto.log_time(uuid, timestamptz, timestamptz, text) IS 'Records time the caller spent on a task (the task''s spent_minutes follows); returns the time entry''s public id and the task''s new version. P0002 for a task the caller cannot see.';

CREATE OR REPLACE FUNCTION officeauto._check_role_change(p_kind text, p_user bigint, p_role bigint, p_project bigint, p_me bigint)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF p_user = p_me THEN
        RAISE EXCEPTION 'permission denied: users cannot change their own roles' USING ERRCODE = '42501';
    END IF;
    PERFORM officeauto._require_permission('ROLE', CASE p_kind WHEN 'grant' THEN 'CREATE' ELSE 'DELETE' END,
                                           p_project, false, p_kind || ' of a role');
    IF EXISTS (SELECT FROM officeauto.role_permissions rp
                 JOIN officeauto.permissions p ON p.id = rp.permission_id
                WHERE rp.role_id = p_role AND NOT officeauto._has_permission(p.resource, p.action, p_project)) THEN
        RAISE EXCEPTION 'permission denied: a role can only be granted or revoked by someone holding all of its permissions'
            USING ERRCODE = '42501';
    END IF;
END
$$;
COMMENT ON FUNCTION officeauto._check_role_change(text, bigint, bigint, bigint, bigint) IS 'Internal (user_roles guard): the acting user may grant or revoke this role here.';

CREATE OR REPLACE FUNCTION officeauto.tg_roles_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    me bigint := officeauto._acting_user();
    role_id_ bigint;
BEGIN
    IF me IS NULL THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_TABLE_NAME = 'roles' THEN
        IF (TG_OP <> 'INSERT' AND OLD.is_system) OR (TG_OP <> 'DELETE' AND NEW.is_system) THEN
            RAISE EXCEPTION 'permission denied: built-in roles are not changed; create a custom role instead'
                USING ERRCODE = '42501';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    -- role_permissions
    FOR role_id_ IN SELECT unnest(ARRAY[CASE WHEN TG_OP <> 'INSERT' THEN OLD.role_id END,
                                        CASE WHEN TG_OP <> 'DELETE' THEN NEW.role_id END]) LOOP
        CONTINUE WHEN role_id_ IS NULL;
        PERFORM officeauto._require_permission('ROLE', 'UPDATE', NULL, false, 'a change of a role''s permissions');
        IF EXISTS (SELECT FROM officeauto.roles r WHERE r.id = role_id_ AND r.is_system) THEN
            RAISE EXCEPTION 'permission denied: built-in roles are not changed; create a custom role instead'
                USING ERRCODE = '42501';
        END IF;
    END LOOP;
    IF EXISTS (SELECT FROM officeauto.permissions p
                WHERE p.id IN (CASE WHEN TG_OP <> 'INSERT' THEN OLD.permission_id END,
                               CASE WHEN TG_OP <> 'DELETE' THEN NEW.permission_id END)
                  AND NOT officeauto._has_permission(p.resource, p.action)) THEN
        RAISE EXCEPTION 'permission denied: a permission can only be given to or taken from a role by someone holding it'
            USING ERRCODE = '42501';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
COMMENT ON FUNCTION officeauto.tg_roles_guard() IS 'BEFORE trigger on roles and role_permissions: built-in roles stay as shipped; permissions of custom roles change with ROLE UPDATE, and only by someone holding them.';

REVOKE ALL ON FUNCTION officeauto.has_permission(text, text, uuid), officeauto._has_permission(text, text, bigint)
    FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.has_permission(text, text, uuid), officeauto._has_permission(text, text, bigint)
    TO officeauto_app, officeauto_readonly, officeauto_admin;
COMMENT ON FUNCTION officeauto._has_permission(text, text, bigint) IS 'Internal (has_permission, the role checks): has_permission with the project''s internal id.';
REVOKE ALL ON FUNCTION officeauto.search_documents(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto.search_documents(text, integer) TO officeauto_app, officeauto_readonly, officeauto_admin;

CREATE OR REPLACE VIEW officeauto.duplicate_documents WITH (security_invoker = true) AS
SELECT d.organization_id, d.checksum_sha256, count(*) AS copies,
       array_agg(d.id ORDER BY d.id) AS document_ids, array_agg(d.title ORDER BY d.id) AS titles,
       array_agg(d.public_id ORDER BY d.id) AS document_public_ids
  FROM officeauto.documents d
 WHERE d.deleted_at IS NULL AND d.checksum_sha256 IS NOT NULL
 GROUP BY d.organization_id, d.checksum_sha256
HAVING count(*) > 1;
COMMENT ON VIEW officeauto.duplicate_documents IS 'Live documents sharing a checksum (the same content stored more than once); document_public_ids are the ids the API takes.';
REVOKE ALL ON FUNCTION officeauto._not_found(text, uuid), officeauto._held_item(uuid, text),
    officeauto.assign_task(uuid, uuid, text, timestamptz), officeauto.refer(uuid, uuid, text, text, timestamptz),
    officeauto.mark_item_read(uuid), officeauto.archive_item(uuid), officeauto.reopen_task(uuid, text),
    officeauto.log_time(uuid, timestamptz, timestamptz, text), officeauto.reveal_credential(uuid),
    officeauto.add_document_version(uuid, text, text, bigint, text), officeauto.add_file_version(uuid, text, text, bigint),
    officeauto.promote_ingest(uuid), officeauto.submit_change_request(uuid), officeauto.decide_change_request(uuid, text, text),
    officeauto.record_test_execution(uuid, text, text, text), officeauto.reuse_test_case(uuid, uuid),
    officeauto.add_comment(text, uuid, text, uuid), officeauto.mark_notification_read(uuid),
    officeauto.revoke_user_sessions(uuid), officeauto.request_email_verification(uuid, text),
    officeauto.refresh_session(text), officeauto.logout(text, text), officeauto.request_password_reset(text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto._not_found(text, uuid), officeauto._held_item(uuid, text),
    officeauto.assign_task(uuid, uuid, text, timestamptz), officeauto.refer(uuid, uuid, text, text, timestamptz),
    officeauto.mark_item_read(uuid), officeauto.archive_item(uuid), officeauto.reopen_task(uuid, text),
    officeauto.log_time(uuid, timestamptz, timestamptz, text), officeauto.reveal_credential(uuid),
    officeauto.add_document_version(uuid, text, text, bigint, text), officeauto.add_file_version(uuid, text, text, bigint),
    officeauto.promote_ingest(uuid), officeauto.submit_change_request(uuid), officeauto.decide_change_request(uuid, text, text),
    officeauto.record_test_execution(uuid, text, text, text), officeauto.reuse_test_case(uuid, uuid),
    officeauto.add_comment(text, uuid, text, uuid), officeauto.mark_notification_read(uuid),
    officeauto.revoke_user_sessions(uuid), officeauto.request_email_verification(uuid, text),
    officeauto.refresh_session(text), officeauto.logout(text, text), officeauto.request_password_reset(text)
    TO officeauto_app, officeauto_admin;
-- End of: public ids, new versions and one not-found rule in the SQL API (issue 16)

-- Request origin in the audit trail (issue 16)
-- The request's address and user agent: an override the current transaction set, else the
-- authenticated session's (stored by login), else the connection's address. Native now, so
-- the SQL functions and the audit trigger answer alike; a value set by an earlier transaction
-- on a pooled connection is no longer read.
CREATE OR REPLACE FUNCTION officeauto."current_client_ip"() RETURNS inet
STRICT STABLE PARALLEL RESTRICTED
LANGUAGE c
AS 'MODULE_PATHNAME', 'current_client_ip_wrapper';
CREATE OR REPLACE FUNCTION officeauto."current_user_agent"() RETURNS text
STRICT STABLE PARALLEL RESTRICTED
LANGUAGE c
AS 'MODULE_PATHNAME', 'current_user_agent_wrapper';
COMMENT ON FUNCTION officeauto.current_client_ip() IS
    'Client address of the current request: officeauto.client_ip if this transaction set it, else the address the authenticated session was opened with (login''s p_ip), else the database connection''s. Asserted by the application, not verified.';
COMMENT ON FUNCTION officeauto.current_user_agent() IS
    'User agent of the current request: officeauto.user_agent if this transaction set it, else the authenticated session''s (login''s p_user_agent); at most 1024 characters. Asserted by the application, not verified.';

-- Function privileges as 0.2.0 grants them (PUBLIC loses EXECUTE on everything internal).
REVOKE ALL ON FUNCTION officeauto._acting_user() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto._acting_user() TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto._acting_user() TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto._actor() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto._actor() TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto._actor() TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto._actor_for(bigint) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._admin_target(uuid,text,text,boolean) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._allow_reopen(bigint) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._amend_login_failure(bigint,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._apply_family_revocation(uuid) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._apply_login_amendment(bigint,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._apply_login_failure(bigint,text,inet,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._audit_record_id(text,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._authorize(text,text,bigint,boolean,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto._authorize(text,text,bigint,boolean,text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto._authorize(text,text,bigint,boolean,text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto._authorize_table(regclass,text,text,text,regclass,text,text,text[]) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._bookkeeping_apply(text,text,text,text,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._check_new_account(text,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._check_new_password(text,text[]) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._check_owner_target(bigint,bigint) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto._check_owner_target(bigint,bigint) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto._check_owner_target(bigint,bigint) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto._check_role_change(text,bigint,bigint,bigint,bigint) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto._check_role_change(text,bigint,bigint,bigint,bigint) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto._check_role_change(text,bigint,bigint,bigint,bigint) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto._dummy_verify(text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._end_user_sessions(bigint,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._ensure_loaded() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._entity_visible(text,uuid) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto._entity_visible(text,uuid) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto._entity_visible(text,uuid) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto._grant_table(regclass,text,boolean,text[]) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._hash_new_password(text,text[]) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._hide_statement() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._index_audit_partition(regclass) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._invitation_by_token(text,boolean) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._invitation_status(officeauto.invitations) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._is_owner(bigint) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._is_restoring() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto._is_restoring() TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto._lock_organization(bigint) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto._lock_organization(bigint) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto._lock_organization(bigint) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto._lock_token_account(bytea,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._lockout_decision(integer,integer) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._log_account_event(bigint,bigint,text,jsonb) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._log_activity(text,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._loses_last_owner(bigint,bigint) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto._loses_last_owner(bigint,bigint) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto._loses_last_owner(bigint,bigint) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto._may_all(text,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto._may_all(text,text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto._may_all(text,text) TO officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto._may_all(text,text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto._may_own(text,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto._may_own(text,text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto._may_own(text,text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto._may_projects(text,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto._may_projects(text,text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto._may_projects(text,text) TO officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto._may_projects(text,text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto._mfa_challenge(bigint,bigint,text,inet,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._mfa_check_code(officeauto.users,text,inet,boolean) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._mfa_issue_recovery_codes(officeauto.users) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._mfa_login_lock(bigint) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._mfa_me() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._mfa_prove_self(text,text,boolean) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._mfa_require_code(text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._mfa_turn_off(officeauto.users,jsonb) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._new_recovery_codes(uuid,integer) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._new_token() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._notify(bigint,text,text,text,uuid,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto._notify(bigint,text,text,text,uuid,text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto._notify(bigint,text,text,text,uuid,text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto._open_credential(bytea,bigint,uuid) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._open_session(bigint,bigint,text,inet,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._organization_for_update(uuid) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._overwrite_keys(jsonb,jsonb) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._own_organization_only(bigint) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto._own_organization_only(bigint) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto._own_organization_only(bigint) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto._owner_count(bigint,bigint) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._partitions_of(regclass) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._password_acting_user(text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._permissions_changed() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._readable_organizations() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto._readable_organizations() TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto._readable_organizations() TO officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto._readable_organizations() TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto._record_login_failure(bigint,text,text,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._record_login_failure_or_refuse(bigint,text,text,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._recovery_code_digest(uuid,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._refuse_self(bigint,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._release_pending_signups(text,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._reopen_allowed(bigint) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto._reopen_allowed(bigint) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto._reopen_allowed(bigint) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto._reporting_organizations() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto._reporting_organizations() TO officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto._reporting_organizations() TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto._require(boolean,text,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto._require(boolean,text,text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto._require(boolean,text,text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto._require_live_organization(bigint) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._require_permission(text,text,bigint,boolean,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto._require_permission(text,text,bigint,boolean,text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto._require_permission(text,text,bigint,boolean,text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto._require_primary(text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._require_table_owner(regclass,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto._require_table_owner(regclass,text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto._reseal_credential(bytea,bigint,uuid) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._restrict_visibility(regclass,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._revoke_refresh_family(uuid) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._seal_credential(text,bigint,uuid) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._seed_roles(bigint) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._session_limit(bigint,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._session_owner() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._setup_table(regclass,text,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._tenant() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto._tenant() TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto._tenant() TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto._totp_enrolment(bigint,uuid,text,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._totp_match(bytea,bigint,uuid,text,bigint) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._totp_reseal(bytea,bigint,uuid) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._valid_display_name(text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._valid_signup_domains(text[]) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto._valid_signup_domains(text[]) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto._valid_signup_domains(text[]) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto._verify_current_password(bigint,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._visible_expr(text,text,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto._wraps_same_key(text,bytea,bytea) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.accept_invitation(text,text,text,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.accept_invitation(text,text,text,text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.accept_invitation(text,text,text,text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.activate_credential_key(text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.activate_credential_key(text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.add_credential_key(text,boolean) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.add_credential_key(text,boolean) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.archive_audit_logs(interval,integer) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.archive_audit_logs(interval,integer) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.audit_flush_trigger() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.audit_flush_trigger() TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.audit_record_id(text,jsonb) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.audit_record_id(text,jsonb) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.audit_record_id(text,jsonb) TO officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.audit_record_id(text,jsonb) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.audit_trigger() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.audit_trigger() TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.audit_truncate_trigger() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.audit_truncate_trigger() TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.authenticate(text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.authenticate(text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.authenticate(text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.change_password(text,text,boolean) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.change_password(text,text,boolean) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.change_password(text,text,boolean) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.cleanup_expired_sessions(interval) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.cleanup_expired_sessions(interval) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.confirm_email_change(text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.confirm_email_change(text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.confirm_email_change(text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.confirm_totp(text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.confirm_totp(text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.confirm_totp(text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.create_audit_partitions(integer) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.create_audit_partitions(integer) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.create_user(bigint,text,text,text,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.create_user(bigint,text,text,text,text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.create_user(bigint,text,text,text,text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.credential_key_id(bytea) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.credential_key_id(bytea) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.credential_key_id(bytea) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.current_client_ip() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.current_client_ip() TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.current_client_ip() TO officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.current_client_ip() TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.current_organization_id() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.current_organization_id() TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.current_organization_id() TO officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.current_organization_id() TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.current_session_id() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.current_session_id() TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.current_session_id() TO officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.current_session_id() TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.current_user_agent() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.current_user_agent() TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.current_user_agent() TO officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.current_user_agent() TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.current_user_id() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.current_user_id() TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.current_user_id() TO officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.current_user_id() TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.deactivate_user(uuid) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.deactivate_user(uuid) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.deactivate_user(uuid) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.decrypt_credential_value(bytea) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.decrypt_credential_value(bytea) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.decrypt_credential_value(bytea,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.decrypt_credential_value(bytea,text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.decrypt_credential_value(bytea,text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.delete_organization(uuid) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.delete_organization(uuid) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.delete_user(uuid) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.delete_user(uuid) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.delete_user(uuid) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.disable_audit(regclass) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.disable_audit(regclass) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.disable_totp(text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.disable_totp(text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.disable_totp(text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.disable_totp_for(uuid) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.disable_totp_for(uuid) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.disable_totp_for(uuid) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.enable_audit(regclass,jsonb) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.enable_audit(regclass,jsonb) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.encrypt_credential_value(text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.encrypt_credential_value(text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.encrypt_credential_value(text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.encrypt_credential_value(text,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.encrypt_credential_value(text,text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.encrypt_credential_value(text,text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.end_session(uuid) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.end_session(uuid) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.end_session(uuid) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.enroll_totp(text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.enroll_totp(text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.enroll_totp(text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.erase_user_personal_data(uuid) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.erase_user_personal_data(uuid) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.erase_user_personal_data(uuid) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.expire_notifications() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.expire_notifications() TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.find_clients_by_tag(text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.find_clients_by_tag(text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.find_clients_by_tag(text) TO officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.find_clients_by_tag(text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.find_clients_by_tags(text[],boolean) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.find_clients_by_tags(text[],boolean) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.find_clients_by_tags(text[],boolean) TO officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.find_clients_by_tags(text[],boolean) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.fn_archive_audit_logs() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.fn_archive_audit_logs() TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.fn_cleanup_expired_sessions() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.fn_cleanup_expired_sessions() TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.grant_reporting_access(regrole,uuid) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.grant_reporting_access(regrole,uuid) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.hash_password(text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.hash_password(text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.hash_password(text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.invite_user(text,text,interval) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.invite_user(text,text,interval) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.invite_user(text,text,interval) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.is_valid_email(text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.is_valid_email(text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.is_valid_email(text) TO officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.is_valid_email(text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.is_valid_url(text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.is_valid_url(text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.is_valid_url(text) TO officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.is_valid_url(text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.list_invitations(text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.list_invitations(text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.list_invitations(text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.list_my_sessions() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.list_my_sessions() TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.list_my_sessions() TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.list_users(text,text,uuid,integer) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.list_users(text,text,uuid,integer) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.list_users(text,text,uuid,integer) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.log_activity(text,jsonb) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.log_activity(text,jsonb) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.log_activity(text,jsonb) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.login(text,text,text,inet,text,boolean) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.login(text,text,text,inet,text,boolean) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.login(text,text,text,inet,text,boolean) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.logout(text,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.logout(text,text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.logout(text,text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.lookup_invitation(text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.lookup_invitation(text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.lookup_invitation(text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.maintain_database() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.maintain_database() TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.normalize_tags(text[]) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.normalize_tags(text[]) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.normalize_tags(text[]) TO officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.normalize_tags(text[]) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.password_needs_rehash(text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.password_needs_rehash(text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.password_needs_rehash(text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.purge_audit_archive(interval) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.purge_audit_archive(interval) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.reactivate_organization(uuid) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.reactivate_organization(uuid) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.reactivate_user(uuid) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.reactivate_user(uuid) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.reactivate_user(uuid) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.refresh_session(text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.refresh_session(text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.refresh_session(text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.regenerate_recovery_codes(text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.regenerate_recovery_codes(text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.regenerate_recovery_codes(text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.request_email_change(text,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.request_email_change(text,text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.request_email_change(text,text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.request_password_reset(text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.request_password_reset(text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.request_password_reset(text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.reset_password(text,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.reset_password(text,text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.reset_password(text,text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.restore_load_trigger() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.revoke_invitation(uuid) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.revoke_invitation(uuid) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.revoke_invitation(uuid) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.revoke_reporting_access(regrole,uuid) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.revoke_reporting_access(regrole,uuid) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.rewrap_credential_keys() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.rewrap_credential_keys() TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.rotate_credential_keys(integer,bigint) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.rotate_credential_keys(integer,bigint) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.rotate_totp_keys(integer) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.rotate_totp_keys(integer) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.search_documents(text,integer) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.search_documents(text,integer) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.search_documents(text,integer) TO officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.search_documents(text,integer) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.session_limits() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.session_limits() TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.session_limits() TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.set_session_limit(text,integer) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.set_session_limit(text,integer) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.set_session_limit(text,integer) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.set_signup_policy(text,text[]) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.set_signup_policy(text,text[]) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.set_signup_policy(text,text[]) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.set_subscription(uuid,text,text,timestamp with time zone,integer) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.set_subscription(uuid,text,text,timestamp with time zone,integer) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.sign_up(text,text,text,text,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.sign_up(text,text,text,text,text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.sign_up(text,text,text,text,text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.suspend_organization(uuid,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.suspend_organization(uuid,text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_calendar_resources() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_change_request_approvals() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_change_request_impacts() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_change_requests() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_clients() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_comments() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_credentials() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_document_relations() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_document_versions() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_documents() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_documents_ingest() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_events() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_file_versions() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_files() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_lots() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_messages() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_organizations() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_personal() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_project_members() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_project_tags() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_projects() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_roles() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_storage_reference() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_tag_reference() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_task_time_entries() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_tasks() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_test_case_relations() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_test_cases() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_test_executions() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_authorize_users() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_credential_keys_immutable() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_credentials_audit() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_credentials_seal() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_failed_login_mfa_audit() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_normalize_tags() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_organization_roles() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_organizations_deletion_final() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_revoke_inviter_invitations() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_roles_guard() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_row_conventions() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_task_status() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_task_time() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_user_default_role() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_user_roles_guard() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_users_erased() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_users_guard() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_users_seats() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.tg_users_two_factor() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
REVOKE ALL ON FUNCTION officeauto.token_digest(text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.token_digest(text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.token_digest(text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.unlock_user(uuid) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.unlock_user(uuid) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.unlock_user(uuid) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.uuid_generate_v7() FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.uuid_generate_v7() TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.uuid_generate_v7() TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.validate_session(text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.validate_session(text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.validate_session(text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.verify_email(text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.verify_email(text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.verify_email(text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.verify_mfa(text,text,inet,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.verify_mfa(text,text,inet,text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.verify_mfa(text,text,inet,text) TO officeauto_admin;
REVOKE ALL ON FUNCTION officeauto.verify_password(text,text) FROM PUBLIC, officeauto_app, officeauto_admin, officeauto_readonly;
GRANT EXECUTE ON FUNCTION officeauto.verify_password(text,text) TO officeauto_app;
GRANT EXECUTE ON FUNCTION officeauto.verify_password(text,text) TO officeauto_admin;

-- Column privileges as 0.2.0 grants them.
REVOKE ALL (id) ON officeauto.access_role_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.access_role_reference TO officeauto_app;
GRANT SELECT (id) ON officeauto.access_role_reference TO officeauto_readonly;
REVOKE ALL (code) ON officeauto.access_role_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (code) ON officeauto.access_role_reference TO officeauto_app;
GRANT SELECT (code) ON officeauto.access_role_reference TO officeauto_readonly;
REVOKE ALL (name) ON officeauto.access_role_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (name) ON officeauto.access_role_reference TO officeauto_app;
GRANT SELECT (name) ON officeauto.access_role_reference TO officeauto_readonly;
REVOKE ALL (description) ON officeauto.access_role_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (description) ON officeauto.access_role_reference TO officeauto_app;
GRANT SELECT (description) ON officeauto.access_role_reference TO officeauto_readonly;
REVOKE ALL (can_edit) ON officeauto.access_role_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (can_edit) ON officeauto.access_role_reference TO officeauto_app;
GRANT SELECT (can_edit) ON officeauto.access_role_reference TO officeauto_readonly;
REVOKE ALL (can_manage) ON officeauto.access_role_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (can_manage) ON officeauto.access_role_reference TO officeauto_app;
GRANT SELECT (can_manage) ON officeauto.access_role_reference TO officeauto_readonly;
REVOKE ALL (rank) ON officeauto.access_role_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (rank) ON officeauto.access_role_reference TO officeauto_app;
GRANT SELECT (rank) ON officeauto.access_role_reference TO officeauto_readonly;
REVOKE ALL (is_builtin) ON officeauto.access_role_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (is_builtin) ON officeauto.access_role_reference TO officeauto_app;
GRANT SELECT (is_builtin) ON officeauto.access_role_reference TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.access_role_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (created_at) ON officeauto.access_role_reference TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.access_role_reference TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.audit_logs FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.audit_logs TO officeauto_app;
GRANT SELECT (id) ON officeauto.audit_logs TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.audit_logs FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (created_at) ON officeauto.audit_logs TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.audit_logs TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.audit_logs FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (organization_id) ON officeauto.audit_logs TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.audit_logs TO officeauto_readonly;
REVOKE ALL (actor_user_id) ON officeauto.audit_logs FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (actor_user_id) ON officeauto.audit_logs TO officeauto_app;
GRANT SELECT (actor_user_id) ON officeauto.audit_logs TO officeauto_readonly;
REVOKE ALL (session_id) ON officeauto.audit_logs FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (session_id) ON officeauto.audit_logs TO officeauto_app;
GRANT SELECT (session_id) ON officeauto.audit_logs TO officeauto_readonly;
REVOKE ALL (action) ON officeauto.audit_logs FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (action) ON officeauto.audit_logs TO officeauto_app;
GRANT SELECT (action) ON officeauto.audit_logs TO officeauto_readonly;
REVOKE ALL (table_name) ON officeauto.audit_logs FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (table_name) ON officeauto.audit_logs TO officeauto_app;
GRANT SELECT (table_name) ON officeauto.audit_logs TO officeauto_readonly;
REVOKE ALL (record_id) ON officeauto.audit_logs FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (record_id) ON officeauto.audit_logs TO officeauto_app;
GRANT SELECT (record_id) ON officeauto.audit_logs TO officeauto_readonly;
REVOKE ALL (row_pk) ON officeauto.audit_logs FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (row_pk) ON officeauto.audit_logs TO officeauto_app;
GRANT SELECT (row_pk) ON officeauto.audit_logs TO officeauto_readonly;
REVOKE ALL (old_data) ON officeauto.audit_logs FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (old_data) ON officeauto.audit_logs TO officeauto_app;
GRANT SELECT (old_data) ON officeauto.audit_logs TO officeauto_readonly;
REVOKE ALL (new_data) ON officeauto.audit_logs FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (new_data) ON officeauto.audit_logs TO officeauto_app;
GRANT SELECT (new_data) ON officeauto.audit_logs TO officeauto_readonly;
REVOKE ALL (changed_columns) ON officeauto.audit_logs FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (changed_columns) ON officeauto.audit_logs TO officeauto_app;
GRANT SELECT (changed_columns) ON officeauto.audit_logs TO officeauto_readonly;
REVOKE ALL (ip_address) ON officeauto.audit_logs FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (ip_address) ON officeauto.audit_logs TO officeauto_app;
GRANT SELECT (ip_address) ON officeauto.audit_logs TO officeauto_readonly;
REVOKE ALL (user_agent) ON officeauto.audit_logs FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (user_agent) ON officeauto.audit_logs TO officeauto_app;
GRANT SELECT (user_agent) ON officeauto.audit_logs TO officeauto_readonly;
REVOKE ALL (metadata) ON officeauto.audit_logs FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (metadata) ON officeauto.audit_logs TO officeauto_app;
GRANT SELECT (metadata) ON officeauto.audit_logs TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.audit_logs_archive FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.audit_logs_archive TO officeauto_app;
GRANT SELECT (id) ON officeauto.audit_logs_archive TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.audit_logs_archive FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (created_at) ON officeauto.audit_logs_archive TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.audit_logs_archive TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.audit_logs_archive FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (organization_id) ON officeauto.audit_logs_archive TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.audit_logs_archive TO officeauto_readonly;
REVOKE ALL (actor_user_id) ON officeauto.audit_logs_archive FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (actor_user_id) ON officeauto.audit_logs_archive TO officeauto_app;
GRANT SELECT (actor_user_id) ON officeauto.audit_logs_archive TO officeauto_readonly;
REVOKE ALL (session_id) ON officeauto.audit_logs_archive FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (session_id) ON officeauto.audit_logs_archive TO officeauto_app;
GRANT SELECT (session_id) ON officeauto.audit_logs_archive TO officeauto_readonly;
REVOKE ALL (action) ON officeauto.audit_logs_archive FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (action) ON officeauto.audit_logs_archive TO officeauto_app;
GRANT SELECT (action) ON officeauto.audit_logs_archive TO officeauto_readonly;
REVOKE ALL (table_name) ON officeauto.audit_logs_archive FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (table_name) ON officeauto.audit_logs_archive TO officeauto_app;
GRANT SELECT (table_name) ON officeauto.audit_logs_archive TO officeauto_readonly;
REVOKE ALL (record_id) ON officeauto.audit_logs_archive FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (record_id) ON officeauto.audit_logs_archive TO officeauto_app;
GRANT SELECT (record_id) ON officeauto.audit_logs_archive TO officeauto_readonly;
REVOKE ALL (row_pk) ON officeauto.audit_logs_archive FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (row_pk) ON officeauto.audit_logs_archive TO officeauto_app;
GRANT SELECT (row_pk) ON officeauto.audit_logs_archive TO officeauto_readonly;
REVOKE ALL (old_data) ON officeauto.audit_logs_archive FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (old_data) ON officeauto.audit_logs_archive TO officeauto_app;
GRANT SELECT (old_data) ON officeauto.audit_logs_archive TO officeauto_readonly;
REVOKE ALL (new_data) ON officeauto.audit_logs_archive FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (new_data) ON officeauto.audit_logs_archive TO officeauto_app;
GRANT SELECT (new_data) ON officeauto.audit_logs_archive TO officeauto_readonly;
REVOKE ALL (changed_columns) ON officeauto.audit_logs_archive FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (changed_columns) ON officeauto.audit_logs_archive TO officeauto_app;
GRANT SELECT (changed_columns) ON officeauto.audit_logs_archive TO officeauto_readonly;
REVOKE ALL (ip_address) ON officeauto.audit_logs_archive FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (ip_address) ON officeauto.audit_logs_archive TO officeauto_app;
GRANT SELECT (ip_address) ON officeauto.audit_logs_archive TO officeauto_readonly;
REVOKE ALL (user_agent) ON officeauto.audit_logs_archive FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (user_agent) ON officeauto.audit_logs_archive TO officeauto_app;
GRANT SELECT (user_agent) ON officeauto.audit_logs_archive TO officeauto_readonly;
REVOKE ALL (metadata) ON officeauto.audit_logs_archive FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (metadata) ON officeauto.audit_logs_archive TO officeauto_app;
GRANT SELECT (metadata) ON officeauto.audit_logs_archive TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.calendar_resources FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.calendar_resources TO officeauto_app;
GRANT SELECT (id) ON officeauto.calendar_resources TO officeauto_readonly;
REVOKE ALL (public_id) ON officeauto.calendar_resources FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.calendar_resources TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.calendar_resources TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.calendar_resources FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.calendar_resources TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.calendar_resources TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.calendar_resources TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.calendar_resources TO officeauto_readonly;
REVOKE ALL (name) ON officeauto.calendar_resources FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (name) ON officeauto.calendar_resources TO officeauto_app;
GRANT SELECT (name) ON officeauto.calendar_resources TO officeauto_app;
GRANT UPDATE (name) ON officeauto.calendar_resources TO officeauto_app;
GRANT SELECT (name) ON officeauto.calendar_resources TO officeauto_readonly;
REVOKE ALL (kind) ON officeauto.calendar_resources FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (kind) ON officeauto.calendar_resources TO officeauto_app;
GRANT SELECT (kind) ON officeauto.calendar_resources TO officeauto_app;
GRANT UPDATE (kind) ON officeauto.calendar_resources TO officeauto_app;
GRANT SELECT (kind) ON officeauto.calendar_resources TO officeauto_readonly;
REVOKE ALL (capacity) ON officeauto.calendar_resources FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (capacity) ON officeauto.calendar_resources TO officeauto_app;
GRANT SELECT (capacity) ON officeauto.calendar_resources TO officeauto_app;
GRANT UPDATE (capacity) ON officeauto.calendar_resources TO officeauto_app;
GRANT SELECT (capacity) ON officeauto.calendar_resources TO officeauto_readonly;
REVOKE ALL (location) ON officeauto.calendar_resources FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (location) ON officeauto.calendar_resources TO officeauto_app;
GRANT SELECT (location) ON officeauto.calendar_resources TO officeauto_app;
GRANT UPDATE (location) ON officeauto.calendar_resources TO officeauto_app;
GRANT SELECT (location) ON officeauto.calendar_resources TO officeauto_readonly;
REVOKE ALL (is_active) ON officeauto.calendar_resources FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (is_active) ON officeauto.calendar_resources TO officeauto_app;
GRANT SELECT (is_active) ON officeauto.calendar_resources TO officeauto_app;
GRANT UPDATE (is_active) ON officeauto.calendar_resources TO officeauto_app;
GRANT SELECT (is_active) ON officeauto.calendar_resources TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.calendar_resources FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.calendar_resources TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.calendar_resources TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.calendar_resources TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.calendar_resources TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.calendar_resources FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (updated_at) ON officeauto.calendar_resources TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.calendar_resources TO officeauto_app;
GRANT UPDATE (updated_at) ON officeauto.calendar_resources TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.calendar_resources TO officeauto_readonly;
REVOKE ALL (deleted_at) ON officeauto.calendar_resources FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_at) ON officeauto.calendar_resources TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.calendar_resources TO officeauto_app;
GRANT UPDATE (deleted_at) ON officeauto.calendar_resources TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.calendar_resources TO officeauto_readonly;
REVOKE ALL (deleted_by) ON officeauto.calendar_resources FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_by) ON officeauto.calendar_resources TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.calendar_resources TO officeauto_app;
GRANT UPDATE (deleted_by) ON officeauto.calendar_resources TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.calendar_resources TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.calendar_resources FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version) ON officeauto.calendar_resources TO officeauto_app;
GRANT SELECT (version) ON officeauto.calendar_resources TO officeauto_app;
GRANT UPDATE (version) ON officeauto.calendar_resources TO officeauto_app;
GRANT SELECT (version) ON officeauto.calendar_resources TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.cartable FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (id) ON officeauto.cartable TO officeauto_readonly;
REVOKE ALL (public_id) ON officeauto.cartable FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.cartable TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.cartable FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.cartable TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.cartable TO officeauto_readonly;
REVOKE ALL (user_id) ON officeauto.cartable FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (user_id) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (user_id) ON officeauto.cartable TO officeauto_app;
GRANT UPDATE (user_id) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (user_id) ON officeauto.cartable TO officeauto_readonly;
REVOKE ALL (from_user_id) ON officeauto.cartable FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (from_user_id) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (from_user_id) ON officeauto.cartable TO officeauto_app;
GRANT UPDATE (from_user_id) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (from_user_id) ON officeauto.cartable TO officeauto_readonly;
REVOKE ALL (parent_id) ON officeauto.cartable FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (parent_id) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (parent_id) ON officeauto.cartable TO officeauto_app;
GRANT UPDATE (parent_id) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (parent_id) ON officeauto.cartable TO officeauto_readonly;
REVOKE ALL (task_id) ON officeauto.cartable FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (task_id) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (task_id) ON officeauto.cartable TO officeauto_app;
GRANT UPDATE (task_id) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (task_id) ON officeauto.cartable TO officeauto_readonly;
REVOKE ALL (document_id) ON officeauto.cartable FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (document_id) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (document_id) ON officeauto.cartable TO officeauto_app;
GRANT UPDATE (document_id) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (document_id) ON officeauto.cartable TO officeauto_readonly;
REVOKE ALL (change_request_id) ON officeauto.cartable FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (change_request_id) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (change_request_id) ON officeauto.cartable TO officeauto_app;
GRANT UPDATE (change_request_id) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (change_request_id) ON officeauto.cartable TO officeauto_readonly;
REVOKE ALL (action_required) ON officeauto.cartable FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (action_required) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (action_required) ON officeauto.cartable TO officeauto_app;
GRANT UPDATE (action_required) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (action_required) ON officeauto.cartable TO officeauto_readonly;
REVOKE ALL (note) ON officeauto.cartable FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (note) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (note) ON officeauto.cartable TO officeauto_app;
GRANT UPDATE (note) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (note) ON officeauto.cartable TO officeauto_readonly;
REVOKE ALL (due_at) ON officeauto.cartable FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (due_at) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (due_at) ON officeauto.cartable TO officeauto_app;
GRANT UPDATE (due_at) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (due_at) ON officeauto.cartable TO officeauto_readonly;
REVOKE ALL (read_at) ON officeauto.cartable FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (read_at) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (read_at) ON officeauto.cartable TO officeauto_app;
GRANT UPDATE (read_at) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (read_at) ON officeauto.cartable TO officeauto_readonly;
REVOKE ALL (acted_at) ON officeauto.cartable FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (acted_at) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (acted_at) ON officeauto.cartable TO officeauto_app;
GRANT UPDATE (acted_at) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (acted_at) ON officeauto.cartable TO officeauto_readonly;
REVOKE ALL (archived_at) ON officeauto.cartable FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (archived_at) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (archived_at) ON officeauto.cartable TO officeauto_app;
GRANT UPDATE (archived_at) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (archived_at) ON officeauto.cartable TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.cartable FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.cartable TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.cartable TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.cartable FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (updated_at) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.cartable TO officeauto_app;
GRANT UPDATE (updated_at) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.cartable TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.cartable FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (version) ON officeauto.cartable TO officeauto_app;
GRANT UPDATE (version) ON officeauto.cartable TO officeauto_app;
GRANT SELECT (version) ON officeauto.cartable TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.change_request_approvals FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.change_request_approvals TO officeauto_app;
GRANT SELECT (id) ON officeauto.change_request_approvals TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.change_request_approvals FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.change_request_approvals TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.change_request_approvals TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.change_request_approvals TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.change_request_approvals TO officeauto_readonly;
REVOKE ALL (change_request_id) ON officeauto.change_request_approvals FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (change_request_id) ON officeauto.change_request_approvals TO officeauto_app;
GRANT SELECT (change_request_id) ON officeauto.change_request_approvals TO officeauto_app;
GRANT UPDATE (change_request_id) ON officeauto.change_request_approvals TO officeauto_app;
GRANT SELECT (change_request_id) ON officeauto.change_request_approvals TO officeauto_readonly;
REVOKE ALL (approver_id) ON officeauto.change_request_approvals FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (approver_id) ON officeauto.change_request_approvals TO officeauto_app;
GRANT SELECT (approver_id) ON officeauto.change_request_approvals TO officeauto_app;
GRANT UPDATE (approver_id) ON officeauto.change_request_approvals TO officeauto_app;
GRANT SELECT (approver_id) ON officeauto.change_request_approvals TO officeauto_readonly;
REVOKE ALL (is_required) ON officeauto.change_request_approvals FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (is_required) ON officeauto.change_request_approvals TO officeauto_app;
GRANT SELECT (is_required) ON officeauto.change_request_approvals TO officeauto_app;
GRANT UPDATE (is_required) ON officeauto.change_request_approvals TO officeauto_app;
GRANT SELECT (is_required) ON officeauto.change_request_approvals TO officeauto_readonly;
REVOKE ALL (decision) ON officeauto.change_request_approvals FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (decision) ON officeauto.change_request_approvals TO officeauto_app;
GRANT SELECT (decision) ON officeauto.change_request_approvals TO officeauto_app;
GRANT UPDATE (decision) ON officeauto.change_request_approvals TO officeauto_app;
GRANT SELECT (decision) ON officeauto.change_request_approvals TO officeauto_readonly;
REVOKE ALL (decided_at) ON officeauto.change_request_approvals FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (decided_at) ON officeauto.change_request_approvals TO officeauto_app;
GRANT SELECT (decided_at) ON officeauto.change_request_approvals TO officeauto_app;
GRANT UPDATE (decided_at) ON officeauto.change_request_approvals TO officeauto_app;
GRANT SELECT (decided_at) ON officeauto.change_request_approvals TO officeauto_readonly;
REVOKE ALL (comment) ON officeauto.change_request_approvals FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (comment) ON officeauto.change_request_approvals TO officeauto_app;
GRANT SELECT (comment) ON officeauto.change_request_approvals TO officeauto_app;
GRANT UPDATE (comment) ON officeauto.change_request_approvals TO officeauto_app;
GRANT SELECT (comment) ON officeauto.change_request_approvals TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.change_request_approvals FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.change_request_approvals TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.change_request_approvals TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.change_request_approvals TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.change_request_approvals TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.change_request_approvals FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (updated_at) ON officeauto.change_request_approvals TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.change_request_approvals TO officeauto_app;
GRANT UPDATE (updated_at) ON officeauto.change_request_approvals TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.change_request_approvals TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.change_request_approvals FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version) ON officeauto.change_request_approvals TO officeauto_app;
GRANT SELECT (version) ON officeauto.change_request_approvals TO officeauto_app;
GRANT UPDATE (version) ON officeauto.change_request_approvals TO officeauto_app;
GRANT SELECT (version) ON officeauto.change_request_approvals TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.change_request_impacts FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.change_request_impacts TO officeauto_app;
GRANT SELECT (id) ON officeauto.change_request_impacts TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.change_request_impacts FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.change_request_impacts TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.change_request_impacts TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.change_request_impacts TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.change_request_impacts TO officeauto_readonly;
REVOKE ALL (change_request_id) ON officeauto.change_request_impacts FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (change_request_id) ON officeauto.change_request_impacts TO officeauto_app;
GRANT SELECT (change_request_id) ON officeauto.change_request_impacts TO officeauto_app;
GRANT UPDATE (change_request_id) ON officeauto.change_request_impacts TO officeauto_app;
GRANT SELECT (change_request_id) ON officeauto.change_request_impacts TO officeauto_readonly;
REVOKE ALL (area) ON officeauto.change_request_impacts FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (area) ON officeauto.change_request_impacts TO officeauto_app;
GRANT SELECT (area) ON officeauto.change_request_impacts TO officeauto_app;
GRANT UPDATE (area) ON officeauto.change_request_impacts TO officeauto_app;
GRANT SELECT (area) ON officeauto.change_request_impacts TO officeauto_readonly;
REVOKE ALL (severity) ON officeauto.change_request_impacts FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (severity) ON officeauto.change_request_impacts TO officeauto_app;
GRANT SELECT (severity) ON officeauto.change_request_impacts TO officeauto_app;
GRANT UPDATE (severity) ON officeauto.change_request_impacts TO officeauto_app;
GRANT SELECT (severity) ON officeauto.change_request_impacts TO officeauto_readonly;
REVOKE ALL (description) ON officeauto.change_request_impacts FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (description) ON officeauto.change_request_impacts TO officeauto_app;
GRANT SELECT (description) ON officeauto.change_request_impacts TO officeauto_app;
GRANT UPDATE (description) ON officeauto.change_request_impacts TO officeauto_app;
GRANT SELECT (description) ON officeauto.change_request_impacts TO officeauto_readonly;
REVOKE ALL (estimated_hours) ON officeauto.change_request_impacts FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (estimated_hours) ON officeauto.change_request_impacts TO officeauto_app;
GRANT SELECT (estimated_hours) ON officeauto.change_request_impacts TO officeauto_app;
GRANT UPDATE (estimated_hours) ON officeauto.change_request_impacts TO officeauto_app;
GRANT SELECT (estimated_hours) ON officeauto.change_request_impacts TO officeauto_readonly;
REVOKE ALL (estimated_cost) ON officeauto.change_request_impacts FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (estimated_cost) ON officeauto.change_request_impacts TO officeauto_app;
GRANT SELECT (estimated_cost) ON officeauto.change_request_impacts TO officeauto_app;
GRANT UPDATE (estimated_cost) ON officeauto.change_request_impacts TO officeauto_app;
GRANT SELECT (estimated_cost) ON officeauto.change_request_impacts TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.change_request_impacts FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.change_request_impacts TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.change_request_impacts TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.change_request_impacts TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.change_request_impacts TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.change_request_impacts FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (updated_at) ON officeauto.change_request_impacts TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.change_request_impacts TO officeauto_app;
GRANT UPDATE (updated_at) ON officeauto.change_request_impacts TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.change_request_impacts TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.change_request_impacts FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version) ON officeauto.change_request_impacts TO officeauto_app;
GRANT SELECT (version) ON officeauto.change_request_impacts TO officeauto_app;
GRANT UPDATE (version) ON officeauto.change_request_impacts TO officeauto_app;
GRANT SELECT (version) ON officeauto.change_request_impacts TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.change_requests FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (id) ON officeauto.change_requests TO officeauto_readonly;
REVOKE ALL (public_id) ON officeauto.change_requests FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.change_requests TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.change_requests FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.change_requests TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.change_requests TO officeauto_readonly;
REVOKE ALL (project_id) ON officeauto.change_requests FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (project_id) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (project_id) ON officeauto.change_requests TO officeauto_app;
GRANT UPDATE (project_id) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (project_id) ON officeauto.change_requests TO officeauto_readonly;
REVOKE ALL (title) ON officeauto.change_requests FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (title) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (title) ON officeauto.change_requests TO officeauto_app;
GRANT UPDATE (title) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (title) ON officeauto.change_requests TO officeauto_readonly;
REVOKE ALL (description) ON officeauto.change_requests FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (description) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (description) ON officeauto.change_requests TO officeauto_app;
GRANT UPDATE (description) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (description) ON officeauto.change_requests TO officeauto_readonly;
REVOKE ALL (reason) ON officeauto.change_requests FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (reason) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (reason) ON officeauto.change_requests TO officeauto_app;
GRANT UPDATE (reason) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (reason) ON officeauto.change_requests TO officeauto_readonly;
REVOKE ALL (status) ON officeauto.change_requests FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (status) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (status) ON officeauto.change_requests TO officeauto_app;
GRANT UPDATE (status) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (status) ON officeauto.change_requests TO officeauto_readonly;
REVOKE ALL (priority) ON officeauto.change_requests FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (priority) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (priority) ON officeauto.change_requests TO officeauto_app;
GRANT UPDATE (priority) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (priority) ON officeauto.change_requests TO officeauto_readonly;
REVOKE ALL (requested_by) ON officeauto.change_requests FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (requested_by) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (requested_by) ON officeauto.change_requests TO officeauto_app;
GRANT UPDATE (requested_by) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (requested_by) ON officeauto.change_requests TO officeauto_readonly;
REVOKE ALL (assignee_id) ON officeauto.change_requests FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (assignee_id) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (assignee_id) ON officeauto.change_requests TO officeauto_app;
GRANT UPDATE (assignee_id) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (assignee_id) ON officeauto.change_requests TO officeauto_readonly;
REVOKE ALL (submitted_at) ON officeauto.change_requests FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (submitted_at) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (submitted_at) ON officeauto.change_requests TO officeauto_app;
GRANT UPDATE (submitted_at) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (submitted_at) ON officeauto.change_requests TO officeauto_readonly;
REVOKE ALL (decided_at) ON officeauto.change_requests FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (decided_at) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (decided_at) ON officeauto.change_requests TO officeauto_app;
GRANT UPDATE (decided_at) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (decided_at) ON officeauto.change_requests TO officeauto_readonly;
REVOKE ALL (target_date) ON officeauto.change_requests FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (target_date) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (target_date) ON officeauto.change_requests TO officeauto_app;
GRANT UPDATE (target_date) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (target_date) ON officeauto.change_requests TO officeauto_readonly;
REVOKE ALL (metadata) ON officeauto.change_requests FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (metadata) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (metadata) ON officeauto.change_requests TO officeauto_app;
GRANT UPDATE (metadata) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (metadata) ON officeauto.change_requests TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.change_requests FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.change_requests TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.change_requests TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.change_requests FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (updated_at) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.change_requests TO officeauto_app;
GRANT UPDATE (updated_at) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.change_requests TO officeauto_readonly;
REVOKE ALL (deleted_at) ON officeauto.change_requests FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_at) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.change_requests TO officeauto_app;
GRANT UPDATE (deleted_at) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.change_requests TO officeauto_readonly;
REVOKE ALL (deleted_by) ON officeauto.change_requests FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_by) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.change_requests TO officeauto_app;
GRANT UPDATE (deleted_by) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.change_requests TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.change_requests FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (version) ON officeauto.change_requests TO officeauto_app;
GRANT UPDATE (version) ON officeauto.change_requests TO officeauto_app;
GRANT SELECT (version) ON officeauto.change_requests TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.clients FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.clients TO officeauto_app;
GRANT SELECT (id) ON officeauto.clients TO officeauto_readonly;
REVOKE ALL (public_id) ON officeauto.clients FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.clients TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.clients TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.clients FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.clients TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.clients TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.clients TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.clients TO officeauto_readonly;
REVOKE ALL (name) ON officeauto.clients FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (name) ON officeauto.clients TO officeauto_app;
GRANT SELECT (name) ON officeauto.clients TO officeauto_app;
GRANT UPDATE (name) ON officeauto.clients TO officeauto_app;
GRANT SELECT (name) ON officeauto.clients TO officeauto_readonly;
REVOKE ALL (company) ON officeauto.clients FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (company) ON officeauto.clients TO officeauto_app;
GRANT SELECT (company) ON officeauto.clients TO officeauto_app;
GRANT UPDATE (company) ON officeauto.clients TO officeauto_app;
GRANT SELECT (company) ON officeauto.clients TO officeauto_readonly;
REVOKE ALL (email) ON officeauto.clients FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (email) ON officeauto.clients TO officeauto_app;
GRANT SELECT (email) ON officeauto.clients TO officeauto_app;
GRANT UPDATE (email) ON officeauto.clients TO officeauto_app;
GRANT SELECT (email) ON officeauto.clients TO officeauto_readonly;
REVOKE ALL (phone) ON officeauto.clients FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (phone) ON officeauto.clients TO officeauto_app;
GRANT SELECT (phone) ON officeauto.clients TO officeauto_app;
GRANT UPDATE (phone) ON officeauto.clients TO officeauto_app;
GRANT SELECT (phone) ON officeauto.clients TO officeauto_readonly;
REVOKE ALL (status) ON officeauto.clients FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (status) ON officeauto.clients TO officeauto_app;
GRANT SELECT (status) ON officeauto.clients TO officeauto_app;
GRANT UPDATE (status) ON officeauto.clients TO officeauto_app;
GRANT SELECT (status) ON officeauto.clients TO officeauto_readonly;
REVOKE ALL (tags) ON officeauto.clients FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (tags) ON officeauto.clients TO officeauto_app;
GRANT SELECT (tags) ON officeauto.clients TO officeauto_app;
GRANT UPDATE (tags) ON officeauto.clients TO officeauto_app;
GRANT SELECT (tags) ON officeauto.clients TO officeauto_readonly;
REVOKE ALL (timezone) ON officeauto.clients FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (timezone) ON officeauto.clients TO officeauto_app;
GRANT SELECT (timezone) ON officeauto.clients TO officeauto_app;
GRANT UPDATE (timezone) ON officeauto.clients TO officeauto_app;
GRANT SELECT (timezone) ON officeauto.clients TO officeauto_readonly;
REVOKE ALL (website_url) ON officeauto.clients FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (website_url) ON officeauto.clients TO officeauto_app;
GRANT SELECT (website_url) ON officeauto.clients TO officeauto_app;
GRANT UPDATE (website_url) ON officeauto.clients TO officeauto_app;
GRANT SELECT (website_url) ON officeauto.clients TO officeauto_readonly;
REVOKE ALL (notes) ON officeauto.clients FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (notes) ON officeauto.clients TO officeauto_app;
GRANT SELECT (notes) ON officeauto.clients TO officeauto_app;
GRANT UPDATE (notes) ON officeauto.clients TO officeauto_app;
GRANT SELECT (notes) ON officeauto.clients TO officeauto_readonly;
REVOKE ALL (owner_user_id) ON officeauto.clients FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (owner_user_id) ON officeauto.clients TO officeauto_app;
GRANT SELECT (owner_user_id) ON officeauto.clients TO officeauto_app;
GRANT UPDATE (owner_user_id) ON officeauto.clients TO officeauto_app;
GRANT SELECT (owner_user_id) ON officeauto.clients TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.clients FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.clients TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.clients TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.clients TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.clients TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.clients FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (updated_at) ON officeauto.clients TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.clients TO officeauto_app;
GRANT UPDATE (updated_at) ON officeauto.clients TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.clients TO officeauto_readonly;
REVOKE ALL (deleted_at) ON officeauto.clients FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_at) ON officeauto.clients TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.clients TO officeauto_app;
GRANT UPDATE (deleted_at) ON officeauto.clients TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.clients TO officeauto_readonly;
REVOKE ALL (deleted_by) ON officeauto.clients FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_by) ON officeauto.clients TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.clients TO officeauto_app;
GRANT UPDATE (deleted_by) ON officeauto.clients TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.clients TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.clients FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version) ON officeauto.clients TO officeauto_app;
GRANT SELECT (version) ON officeauto.clients TO officeauto_app;
GRANT UPDATE (version) ON officeauto.clients TO officeauto_app;
GRANT SELECT (version) ON officeauto.clients TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.comments FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.comments TO officeauto_app;
GRANT SELECT (id) ON officeauto.comments TO officeauto_readonly;
REVOKE ALL (public_id) ON officeauto.comments FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.comments TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.comments TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.comments FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.comments TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.comments TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.comments TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.comments TO officeauto_readonly;
REVOKE ALL (entity_type) ON officeauto.comments FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (entity_type) ON officeauto.comments TO officeauto_app;
GRANT SELECT (entity_type) ON officeauto.comments TO officeauto_app;
GRANT UPDATE (entity_type) ON officeauto.comments TO officeauto_app;
GRANT SELECT (entity_type) ON officeauto.comments TO officeauto_readonly;
REVOKE ALL (entity_id) ON officeauto.comments FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (entity_id) ON officeauto.comments TO officeauto_app;
GRANT SELECT (entity_id) ON officeauto.comments TO officeauto_app;
GRANT UPDATE (entity_id) ON officeauto.comments TO officeauto_app;
GRANT SELECT (entity_id) ON officeauto.comments TO officeauto_readonly;
REVOKE ALL (parent_id) ON officeauto.comments FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (parent_id) ON officeauto.comments TO officeauto_app;
GRANT SELECT (parent_id) ON officeauto.comments TO officeauto_app;
GRANT UPDATE (parent_id) ON officeauto.comments TO officeauto_app;
GRANT SELECT (parent_id) ON officeauto.comments TO officeauto_readonly;
REVOKE ALL (author_id) ON officeauto.comments FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (author_id) ON officeauto.comments TO officeauto_app;
GRANT SELECT (author_id) ON officeauto.comments TO officeauto_app;
GRANT UPDATE (author_id) ON officeauto.comments TO officeauto_app;
GRANT SELECT (author_id) ON officeauto.comments TO officeauto_readonly;
REVOKE ALL (body) ON officeauto.comments FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (body) ON officeauto.comments TO officeauto_app;
GRANT SELECT (body) ON officeauto.comments TO officeauto_app;
GRANT UPDATE (body) ON officeauto.comments TO officeauto_app;
GRANT SELECT (body) ON officeauto.comments TO officeauto_readonly;
REVOKE ALL (mentions) ON officeauto.comments FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (mentions) ON officeauto.comments TO officeauto_app;
GRANT SELECT (mentions) ON officeauto.comments TO officeauto_app;
GRANT UPDATE (mentions) ON officeauto.comments TO officeauto_app;
GRANT SELECT (mentions) ON officeauto.comments TO officeauto_readonly;
REVOKE ALL (edited_at) ON officeauto.comments FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (edited_at) ON officeauto.comments TO officeauto_app;
GRANT SELECT (edited_at) ON officeauto.comments TO officeauto_app;
GRANT UPDATE (edited_at) ON officeauto.comments TO officeauto_app;
GRANT SELECT (edited_at) ON officeauto.comments TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.comments FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.comments TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.comments TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.comments TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.comments TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.comments FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (updated_at) ON officeauto.comments TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.comments TO officeauto_app;
GRANT UPDATE (updated_at) ON officeauto.comments TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.comments TO officeauto_readonly;
REVOKE ALL (deleted_at) ON officeauto.comments FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_at) ON officeauto.comments TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.comments TO officeauto_app;
GRANT UPDATE (deleted_at) ON officeauto.comments TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.comments TO officeauto_readonly;
REVOKE ALL (deleted_by) ON officeauto.comments FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_by) ON officeauto.comments TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.comments TO officeauto_app;
GRANT UPDATE (deleted_by) ON officeauto.comments TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.comments TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.comments FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version) ON officeauto.comments TO officeauto_app;
GRANT SELECT (version) ON officeauto.comments TO officeauto_app;
GRANT UPDATE (version) ON officeauto.comments TO officeauto_app;
GRANT SELECT (version) ON officeauto.comments TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.credential_audit_logs FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.credential_audit_logs TO officeauto_app;
GRANT SELECT (id) ON officeauto.credential_audit_logs TO officeauto_readonly;
REVOKE ALL (public_id) ON officeauto.credential_audit_logs FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.credential_audit_logs TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.credential_audit_logs TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.credential_audit_logs FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (organization_id) ON officeauto.credential_audit_logs TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.credential_audit_logs TO officeauto_readonly;
REVOKE ALL (credential_id) ON officeauto.credential_audit_logs FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (credential_id) ON officeauto.credential_audit_logs TO officeauto_app;
GRANT SELECT (credential_id) ON officeauto.credential_audit_logs TO officeauto_readonly;
REVOKE ALL (credential_public_id) ON officeauto.credential_audit_logs FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (credential_public_id) ON officeauto.credential_audit_logs TO officeauto_app;
GRANT SELECT (credential_public_id) ON officeauto.credential_audit_logs TO officeauto_readonly;
REVOKE ALL (user_id) ON officeauto.credential_audit_logs FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (user_id) ON officeauto.credential_audit_logs TO officeauto_app;
GRANT SELECT (user_id) ON officeauto.credential_audit_logs TO officeauto_readonly;
REVOKE ALL (action) ON officeauto.credential_audit_logs FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (action) ON officeauto.credential_audit_logs TO officeauto_app;
GRANT SELECT (action) ON officeauto.credential_audit_logs TO officeauto_readonly;
REVOKE ALL (ip_address) ON officeauto.credential_audit_logs FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (ip_address) ON officeauto.credential_audit_logs TO officeauto_app;
GRANT SELECT (ip_address) ON officeauto.credential_audit_logs TO officeauto_readonly;
REVOKE ALL (user_agent) ON officeauto.credential_audit_logs FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (user_agent) ON officeauto.credential_audit_logs TO officeauto_app;
GRANT SELECT (user_agent) ON officeauto.credential_audit_logs TO officeauto_readonly;
REVOKE ALL (metadata) ON officeauto.credential_audit_logs FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (metadata) ON officeauto.credential_audit_logs TO officeauto_app;
GRANT SELECT (metadata) ON officeauto.credential_audit_logs TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.credential_audit_logs FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (created_at) ON officeauto.credential_audit_logs TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.credential_audit_logs TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.credentials FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (id) ON officeauto.credentials TO officeauto_readonly;
REVOKE ALL (public_id) ON officeauto.credentials FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.credentials TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.credentials FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.credentials TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.credentials TO officeauto_readonly;
REVOKE ALL (client_id) ON officeauto.credentials FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (client_id) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (client_id) ON officeauto.credentials TO officeauto_app;
GRANT UPDATE (client_id) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (client_id) ON officeauto.credentials TO officeauto_readonly;
REVOKE ALL (label) ON officeauto.credentials FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (label) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (label) ON officeauto.credentials TO officeauto_app;
GRANT UPDATE (label) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (label) ON officeauto.credentials TO officeauto_readonly;
REVOKE ALL (username) ON officeauto.credentials FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (username) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (username) ON officeauto.credentials TO officeauto_app;
GRANT UPDATE (username) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (username) ON officeauto.credentials TO officeauto_readonly;
REVOKE ALL (encrypted_value) ON officeauto.credentials FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (encrypted_value) ON officeauto.credentials TO officeauto_app;
GRANT UPDATE (encrypted_value) ON officeauto.credentials TO officeauto_app;
REVOKE ALL (key_id) ON officeauto.credentials FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (key_id) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (key_id) ON officeauto.credentials TO officeauto_app;
GRANT UPDATE (key_id) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (key_id) ON officeauto.credentials TO officeauto_readonly;
REVOKE ALL (url) ON officeauto.credentials FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (url) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (url) ON officeauto.credentials TO officeauto_app;
GRANT UPDATE (url) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (url) ON officeauto.credentials TO officeauto_readonly;
REVOKE ALL (notes) ON officeauto.credentials FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (notes) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (notes) ON officeauto.credentials TO officeauto_app;
GRANT UPDATE (notes) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (notes) ON officeauto.credentials TO officeauto_readonly;
REVOKE ALL (created_by) ON officeauto.credentials FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_by) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (created_by) ON officeauto.credentials TO officeauto_app;
GRANT UPDATE (created_by) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (created_by) ON officeauto.credentials TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.credentials FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.credentials TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.credentials TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.credentials FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (updated_at) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.credentials TO officeauto_app;
GRANT UPDATE (updated_at) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.credentials TO officeauto_readonly;
REVOKE ALL (deleted_at) ON officeauto.credentials FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_at) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.credentials TO officeauto_app;
GRANT UPDATE (deleted_at) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.credentials TO officeauto_readonly;
REVOKE ALL (deleted_by) ON officeauto.credentials FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_by) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.credentials TO officeauto_app;
GRANT UPDATE (deleted_by) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.credentials TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.credentials FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (version) ON officeauto.credentials TO officeauto_app;
GRANT UPDATE (version) ON officeauto.credentials TO officeauto_app;
GRANT SELECT (version) ON officeauto.credentials TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.document_relations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.document_relations TO officeauto_app;
GRANT SELECT (id) ON officeauto.document_relations TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.document_relations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.document_relations TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.document_relations TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.document_relations TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.document_relations TO officeauto_readonly;
REVOKE ALL (source_document_id) ON officeauto.document_relations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (source_document_id) ON officeauto.document_relations TO officeauto_app;
GRANT SELECT (source_document_id) ON officeauto.document_relations TO officeauto_app;
GRANT UPDATE (source_document_id) ON officeauto.document_relations TO officeauto_app;
GRANT SELECT (source_document_id) ON officeauto.document_relations TO officeauto_readonly;
REVOKE ALL (target_document_id) ON officeauto.document_relations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (target_document_id) ON officeauto.document_relations TO officeauto_app;
GRANT SELECT (target_document_id) ON officeauto.document_relations TO officeauto_app;
GRANT UPDATE (target_document_id) ON officeauto.document_relations TO officeauto_app;
GRANT SELECT (target_document_id) ON officeauto.document_relations TO officeauto_readonly;
REVOKE ALL (relation_type) ON officeauto.document_relations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (relation_type) ON officeauto.document_relations TO officeauto_app;
GRANT SELECT (relation_type) ON officeauto.document_relations TO officeauto_app;
GRANT UPDATE (relation_type) ON officeauto.document_relations TO officeauto_app;
GRANT SELECT (relation_type) ON officeauto.document_relations TO officeauto_readonly;
REVOKE ALL (created_by) ON officeauto.document_relations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_by) ON officeauto.document_relations TO officeauto_app;
GRANT SELECT (created_by) ON officeauto.document_relations TO officeauto_app;
GRANT UPDATE (created_by) ON officeauto.document_relations TO officeauto_app;
GRANT SELECT (created_by) ON officeauto.document_relations TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.document_relations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.document_relations TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.document_relations TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.document_relations TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.document_relations TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.document_versions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.document_versions TO officeauto_app;
GRANT SELECT (id) ON officeauto.document_versions TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.document_versions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.document_versions TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.document_versions TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.document_versions TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.document_versions TO officeauto_readonly;
REVOKE ALL (document_id) ON officeauto.document_versions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (document_id) ON officeauto.document_versions TO officeauto_app;
GRANT SELECT (document_id) ON officeauto.document_versions TO officeauto_app;
GRANT UPDATE (document_id) ON officeauto.document_versions TO officeauto_app;
GRANT SELECT (document_id) ON officeauto.document_versions TO officeauto_readonly;
REVOKE ALL (version_number) ON officeauto.document_versions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version_number) ON officeauto.document_versions TO officeauto_app;
GRANT SELECT (version_number) ON officeauto.document_versions TO officeauto_app;
GRANT UPDATE (version_number) ON officeauto.document_versions TO officeauto_app;
GRANT SELECT (version_number) ON officeauto.document_versions TO officeauto_readonly;
REVOKE ALL (storage_key) ON officeauto.document_versions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (storage_key) ON officeauto.document_versions TO officeauto_app;
GRANT SELECT (storage_key) ON officeauto.document_versions TO officeauto_app;
GRANT UPDATE (storage_key) ON officeauto.document_versions TO officeauto_app;
GRANT SELECT (storage_key) ON officeauto.document_versions TO officeauto_readonly;
REVOKE ALL (checksum_sha256) ON officeauto.document_versions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (checksum_sha256) ON officeauto.document_versions TO officeauto_app;
GRANT SELECT (checksum_sha256) ON officeauto.document_versions TO officeauto_app;
GRANT UPDATE (checksum_sha256) ON officeauto.document_versions TO officeauto_app;
GRANT SELECT (checksum_sha256) ON officeauto.document_versions TO officeauto_readonly;
REVOKE ALL (size_bytes) ON officeauto.document_versions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (size_bytes) ON officeauto.document_versions TO officeauto_app;
GRANT SELECT (size_bytes) ON officeauto.document_versions TO officeauto_app;
GRANT UPDATE (size_bytes) ON officeauto.document_versions TO officeauto_app;
GRANT SELECT (size_bytes) ON officeauto.document_versions TO officeauto_readonly;
REVOKE ALL (change_note) ON officeauto.document_versions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (change_note) ON officeauto.document_versions TO officeauto_app;
GRANT SELECT (change_note) ON officeauto.document_versions TO officeauto_app;
GRANT UPDATE (change_note) ON officeauto.document_versions TO officeauto_app;
GRANT SELECT (change_note) ON officeauto.document_versions TO officeauto_readonly;
REVOKE ALL (created_by) ON officeauto.document_versions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_by) ON officeauto.document_versions TO officeauto_app;
GRANT SELECT (created_by) ON officeauto.document_versions TO officeauto_app;
GRANT UPDATE (created_by) ON officeauto.document_versions TO officeauto_app;
GRANT SELECT (created_by) ON officeauto.document_versions TO officeauto_readonly;
REVOKE ALL (is_current) ON officeauto.document_versions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (is_current) ON officeauto.document_versions TO officeauto_app;
GRANT SELECT (is_current) ON officeauto.document_versions TO officeauto_app;
GRANT UPDATE (is_current) ON officeauto.document_versions TO officeauto_app;
GRANT SELECT (is_current) ON officeauto.document_versions TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.document_versions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.document_versions TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.document_versions TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.document_versions TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.document_versions TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.documents FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.documents TO officeauto_app;
GRANT SELECT (id) ON officeauto.documents TO officeauto_readonly;
REVOKE ALL (public_id) ON officeauto.documents FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.documents TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.documents TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.documents FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.documents TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.documents TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.documents TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.documents TO officeauto_readonly;
REVOKE ALL (project_id) ON officeauto.documents FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (project_id) ON officeauto.documents TO officeauto_app;
GRANT SELECT (project_id) ON officeauto.documents TO officeauto_app;
GRANT UPDATE (project_id) ON officeauto.documents TO officeauto_app;
GRANT SELECT (project_id) ON officeauto.documents TO officeauto_readonly;
REVOKE ALL (title) ON officeauto.documents FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (title) ON officeauto.documents TO officeauto_app;
GRANT SELECT (title) ON officeauto.documents TO officeauto_app;
GRANT UPDATE (title) ON officeauto.documents TO officeauto_app;
GRANT SELECT (title) ON officeauto.documents TO officeauto_readonly;
REVOKE ALL (description) ON officeauto.documents FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (description) ON officeauto.documents TO officeauto_app;
GRANT SELECT (description) ON officeauto.documents TO officeauto_app;
GRANT UPDATE (description) ON officeauto.documents TO officeauto_app;
GRANT SELECT (description) ON officeauto.documents TO officeauto_readonly;
REVOKE ALL (content) ON officeauto.documents FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (content) ON officeauto.documents TO officeauto_app;
GRANT SELECT (content) ON officeauto.documents TO officeauto_app;
GRANT UPDATE (content) ON officeauto.documents TO officeauto_app;
GRANT SELECT (content) ON officeauto.documents TO officeauto_readonly;
REVOKE ALL (status) ON officeauto.documents FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (status) ON officeauto.documents TO officeauto_app;
GRANT SELECT (status) ON officeauto.documents TO officeauto_app;
GRANT UPDATE (status) ON officeauto.documents TO officeauto_app;
GRANT SELECT (status) ON officeauto.documents TO officeauto_readonly;
REVOKE ALL (is_template) ON officeauto.documents FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (is_template) ON officeauto.documents TO officeauto_app;
GRANT SELECT (is_template) ON officeauto.documents TO officeauto_app;
GRANT UPDATE (is_template) ON officeauto.documents TO officeauto_app;
GRANT SELECT (is_template) ON officeauto.documents TO officeauto_readonly;
REVOKE ALL (filetype_id) ON officeauto.documents FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (filetype_id) ON officeauto.documents TO officeauto_app;
GRANT SELECT (filetype_id) ON officeauto.documents TO officeauto_app;
GRANT UPDATE (filetype_id) ON officeauto.documents TO officeauto_app;
GRANT SELECT (filetype_id) ON officeauto.documents TO officeauto_readonly;
REVOKE ALL (storage_id) ON officeauto.documents FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (storage_id) ON officeauto.documents TO officeauto_app;
GRANT SELECT (storage_id) ON officeauto.documents TO officeauto_app;
GRANT UPDATE (storage_id) ON officeauto.documents TO officeauto_app;
GRANT SELECT (storage_id) ON officeauto.documents TO officeauto_readonly;
REVOKE ALL (storage_key) ON officeauto.documents FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (storage_key) ON officeauto.documents TO officeauto_app;
GRANT SELECT (storage_key) ON officeauto.documents TO officeauto_app;
GRANT UPDATE (storage_key) ON officeauto.documents TO officeauto_app;
GRANT SELECT (storage_key) ON officeauto.documents TO officeauto_readonly;
REVOKE ALL (checksum_sha256) ON officeauto.documents FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (checksum_sha256) ON officeauto.documents TO officeauto_app;
GRANT SELECT (checksum_sha256) ON officeauto.documents TO officeauto_app;
GRANT UPDATE (checksum_sha256) ON officeauto.documents TO officeauto_app;
GRANT SELECT (checksum_sha256) ON officeauto.documents TO officeauto_readonly;
REVOKE ALL (size_bytes) ON officeauto.documents FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (size_bytes) ON officeauto.documents TO officeauto_app;
GRANT SELECT (size_bytes) ON officeauto.documents TO officeauto_app;
GRANT UPDATE (size_bytes) ON officeauto.documents TO officeauto_app;
GRANT SELECT (size_bytes) ON officeauto.documents TO officeauto_readonly;
REVOKE ALL (image_url) ON officeauto.documents FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (image_url) ON officeauto.documents TO officeauto_app;
GRANT SELECT (image_url) ON officeauto.documents TO officeauto_app;
GRANT UPDATE (image_url) ON officeauto.documents TO officeauto_app;
GRANT SELECT (image_url) ON officeauto.documents TO officeauto_readonly;
REVOKE ALL (tags) ON officeauto.documents FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (tags) ON officeauto.documents TO officeauto_app;
GRANT SELECT (tags) ON officeauto.documents TO officeauto_app;
GRANT UPDATE (tags) ON officeauto.documents TO officeauto_app;
GRANT SELECT (tags) ON officeauto.documents TO officeauto_readonly;
REVOKE ALL (author_id) ON officeauto.documents FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (author_id) ON officeauto.documents TO officeauto_app;
GRANT SELECT (author_id) ON officeauto.documents TO officeauto_app;
GRANT UPDATE (author_id) ON officeauto.documents TO officeauto_app;
GRANT SELECT (author_id) ON officeauto.documents TO officeauto_readonly;
REVOKE ALL (uploaded_at) ON officeauto.documents FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (uploaded_at) ON officeauto.documents TO officeauto_app;
GRANT SELECT (uploaded_at) ON officeauto.documents TO officeauto_app;
GRANT UPDATE (uploaded_at) ON officeauto.documents TO officeauto_app;
GRANT SELECT (uploaded_at) ON officeauto.documents TO officeauto_readonly;
REVOKE ALL (search_vector) ON officeauto.documents FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (search_vector) ON officeauto.documents TO officeauto_app;
GRANT SELECT (search_vector) ON officeauto.documents TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.documents FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.documents TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.documents TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.documents TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.documents TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.documents FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (updated_at) ON officeauto.documents TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.documents TO officeauto_app;
GRANT UPDATE (updated_at) ON officeauto.documents TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.documents TO officeauto_readonly;
REVOKE ALL (deleted_at) ON officeauto.documents FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_at) ON officeauto.documents TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.documents TO officeauto_app;
GRANT UPDATE (deleted_at) ON officeauto.documents TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.documents TO officeauto_readonly;
REVOKE ALL (deleted_by) ON officeauto.documents FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_by) ON officeauto.documents TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.documents TO officeauto_app;
GRANT UPDATE (deleted_by) ON officeauto.documents TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.documents TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.documents FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version) ON officeauto.documents TO officeauto_app;
GRANT SELECT (version) ON officeauto.documents TO officeauto_app;
GRANT UPDATE (version) ON officeauto.documents TO officeauto_app;
GRANT SELECT (version) ON officeauto.documents TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.documents_ingest FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (id) ON officeauto.documents_ingest TO officeauto_readonly;
REVOKE ALL (public_id) ON officeauto.documents_ingest FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.documents_ingest TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.documents_ingest FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.documents_ingest TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.documents_ingest TO officeauto_readonly;
REVOKE ALL (project_id) ON officeauto.documents_ingest FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (project_id) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (project_id) ON officeauto.documents_ingest TO officeauto_app;
GRANT UPDATE (project_id) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (project_id) ON officeauto.documents_ingest TO officeauto_readonly;
REVOKE ALL (uploaded_by) ON officeauto.documents_ingest FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (uploaded_by) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (uploaded_by) ON officeauto.documents_ingest TO officeauto_app;
GRANT UPDATE (uploaded_by) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (uploaded_by) ON officeauto.documents_ingest TO officeauto_readonly;
REVOKE ALL (original_name) ON officeauto.documents_ingest FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (original_name) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (original_name) ON officeauto.documents_ingest TO officeauto_app;
GRANT UPDATE (original_name) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (original_name) ON officeauto.documents_ingest TO officeauto_readonly;
REVOKE ALL (mime_type) ON officeauto.documents_ingest FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (mime_type) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (mime_type) ON officeauto.documents_ingest TO officeauto_app;
GRANT UPDATE (mime_type) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (mime_type) ON officeauto.documents_ingest TO officeauto_readonly;
REVOKE ALL (storage_id) ON officeauto.documents_ingest FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (storage_id) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (storage_id) ON officeauto.documents_ingest TO officeauto_app;
GRANT UPDATE (storage_id) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (storage_id) ON officeauto.documents_ingest TO officeauto_readonly;
REVOKE ALL (s3_key) ON officeauto.documents_ingest FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (s3_key) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (s3_key) ON officeauto.documents_ingest TO officeauto_app;
GRANT UPDATE (s3_key) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (s3_key) ON officeauto.documents_ingest TO officeauto_readonly;
REVOKE ALL (checksum_sha256) ON officeauto.documents_ingest FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (checksum_sha256) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (checksum_sha256) ON officeauto.documents_ingest TO officeauto_app;
GRANT UPDATE (checksum_sha256) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (checksum_sha256) ON officeauto.documents_ingest TO officeauto_readonly;
REVOKE ALL (size_bytes) ON officeauto.documents_ingest FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (size_bytes) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (size_bytes) ON officeauto.documents_ingest TO officeauto_app;
GRANT UPDATE (size_bytes) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (size_bytes) ON officeauto.documents_ingest TO officeauto_readonly;
REVOKE ALL (status) ON officeauto.documents_ingest FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (status) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (status) ON officeauto.documents_ingest TO officeauto_app;
GRANT UPDATE (status) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (status) ON officeauto.documents_ingest TO officeauto_readonly;
REVOKE ALL (rejection_reason) ON officeauto.documents_ingest FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (rejection_reason) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (rejection_reason) ON officeauto.documents_ingest TO officeauto_app;
GRANT UPDATE (rejection_reason) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (rejection_reason) ON officeauto.documents_ingest TO officeauto_readonly;
REVOKE ALL (promoted_document_id) ON officeauto.documents_ingest FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (promoted_document_id) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (promoted_document_id) ON officeauto.documents_ingest TO officeauto_app;
GRANT UPDATE (promoted_document_id) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (promoted_document_id) ON officeauto.documents_ingest TO officeauto_readonly;
REVOKE ALL (metadata) ON officeauto.documents_ingest FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (metadata) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (metadata) ON officeauto.documents_ingest TO officeauto_app;
GRANT UPDATE (metadata) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (metadata) ON officeauto.documents_ingest TO officeauto_readonly;
REVOKE ALL (notes) ON officeauto.documents_ingest FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (notes) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (notes) ON officeauto.documents_ingest TO officeauto_app;
GRANT UPDATE (notes) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (notes) ON officeauto.documents_ingest TO officeauto_readonly;
REVOKE ALL (received_at) ON officeauto.documents_ingest FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (received_at) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (received_at) ON officeauto.documents_ingest TO officeauto_app;
GRANT UPDATE (received_at) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (received_at) ON officeauto.documents_ingest TO officeauto_readonly;
REVOKE ALL (processed_at) ON officeauto.documents_ingest FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (processed_at) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (processed_at) ON officeauto.documents_ingest TO officeauto_app;
GRANT UPDATE (processed_at) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (processed_at) ON officeauto.documents_ingest TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.documents_ingest FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.documents_ingest TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.documents_ingest TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.documents_ingest FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (updated_at) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.documents_ingest TO officeauto_app;
GRANT UPDATE (updated_at) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.documents_ingest TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.documents_ingest FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (version) ON officeauto.documents_ingest TO officeauto_app;
GRANT UPDATE (version) ON officeauto.documents_ingest TO officeauto_app;
GRANT SELECT (version) ON officeauto.documents_ingest TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.email_verifications FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.email_verifications TO officeauto_app;
REVOKE ALL (organization_id) ON officeauto.email_verifications FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (organization_id) ON officeauto.email_verifications TO officeauto_app;
REVOKE ALL (user_id) ON officeauto.email_verifications FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (user_id) ON officeauto.email_verifications TO officeauto_app;
REVOKE ALL (purpose) ON officeauto.email_verifications FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (purpose) ON officeauto.email_verifications TO officeauto_app;
REVOKE ALL (email) ON officeauto.email_verifications FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (email) ON officeauto.email_verifications TO officeauto_app;
REVOKE ALL (created_at) ON officeauto.email_verifications FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (created_at) ON officeauto.email_verifications TO officeauto_app;
REVOKE ALL (expires_at) ON officeauto.email_verifications FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (expires_at) ON officeauto.email_verifications TO officeauto_app;
REVOKE ALL (consumed_at) ON officeauto.email_verifications FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (consumed_at) ON officeauto.email_verifications TO officeauto_app;
REVOKE ALL (id) ON officeauto.events FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.events TO officeauto_app;
GRANT SELECT (id) ON officeauto.events TO officeauto_readonly;
REVOKE ALL (public_id) ON officeauto.events FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.events TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.events TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.events FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.events TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.events TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.events TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.events TO officeauto_readonly;
REVOKE ALL (organizer_id) ON officeauto.events FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organizer_id) ON officeauto.events TO officeauto_app;
GRANT SELECT (organizer_id) ON officeauto.events TO officeauto_app;
GRANT UPDATE (organizer_id) ON officeauto.events TO officeauto_app;
GRANT SELECT (organizer_id) ON officeauto.events TO officeauto_readonly;
REVOKE ALL (resource_id) ON officeauto.events FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (resource_id) ON officeauto.events TO officeauto_app;
GRANT SELECT (resource_id) ON officeauto.events TO officeauto_app;
GRANT UPDATE (resource_id) ON officeauto.events TO officeauto_app;
GRANT SELECT (resource_id) ON officeauto.events TO officeauto_readonly;
REVOKE ALL (title) ON officeauto.events FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (title) ON officeauto.events TO officeauto_app;
GRANT SELECT (title) ON officeauto.events TO officeauto_app;
GRANT UPDATE (title) ON officeauto.events TO officeauto_app;
GRANT SELECT (title) ON officeauto.events TO officeauto_readonly;
REVOKE ALL (description) ON officeauto.events FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (description) ON officeauto.events TO officeauto_app;
GRANT SELECT (description) ON officeauto.events TO officeauto_app;
GRANT UPDATE (description) ON officeauto.events TO officeauto_app;
GRANT SELECT (description) ON officeauto.events TO officeauto_readonly;
REVOKE ALL (start_time) ON officeauto.events FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (start_time) ON officeauto.events TO officeauto_app;
GRANT SELECT (start_time) ON officeauto.events TO officeauto_app;
GRANT UPDATE (start_time) ON officeauto.events TO officeauto_app;
GRANT SELECT (start_time) ON officeauto.events TO officeauto_readonly;
REVOKE ALL (end_time) ON officeauto.events FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (end_time) ON officeauto.events TO officeauto_app;
GRANT SELECT (end_time) ON officeauto.events TO officeauto_app;
GRANT UPDATE (end_time) ON officeauto.events TO officeauto_app;
GRANT SELECT (end_time) ON officeauto.events TO officeauto_readonly;
REVOKE ALL (all_day) ON officeauto.events FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (all_day) ON officeauto.events TO officeauto_app;
GRANT SELECT (all_day) ON officeauto.events TO officeauto_app;
GRANT UPDATE (all_day) ON officeauto.events TO officeauto_app;
GRANT SELECT (all_day) ON officeauto.events TO officeauto_readonly;
REVOKE ALL (location) ON officeauto.events FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (location) ON officeauto.events TO officeauto_app;
GRANT SELECT (location) ON officeauto.events TO officeauto_app;
GRANT UPDATE (location) ON officeauto.events TO officeauto_app;
GRANT SELECT (location) ON officeauto.events TO officeauto_readonly;
REVOKE ALL (attendees) ON officeauto.events FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (attendees) ON officeauto.events TO officeauto_app;
GRANT SELECT (attendees) ON officeauto.events TO officeauto_app;
GRANT UPDATE (attendees) ON officeauto.events TO officeauto_app;
GRANT SELECT (attendees) ON officeauto.events TO officeauto_readonly;
REVOKE ALL (status) ON officeauto.events FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (status) ON officeauto.events TO officeauto_app;
GRANT SELECT (status) ON officeauto.events TO officeauto_app;
GRANT UPDATE (status) ON officeauto.events TO officeauto_app;
GRANT SELECT (status) ON officeauto.events TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.events FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.events TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.events TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.events TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.events TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.events FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (updated_at) ON officeauto.events TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.events TO officeauto_app;
GRANT UPDATE (updated_at) ON officeauto.events TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.events TO officeauto_readonly;
REVOKE ALL (deleted_at) ON officeauto.events FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_at) ON officeauto.events TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.events TO officeauto_app;
GRANT UPDATE (deleted_at) ON officeauto.events TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.events TO officeauto_readonly;
REVOKE ALL (deleted_by) ON officeauto.events FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_by) ON officeauto.events TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.events TO officeauto_app;
GRANT UPDATE (deleted_by) ON officeauto.events TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.events TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.events FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version) ON officeauto.events TO officeauto_app;
GRANT SELECT (version) ON officeauto.events TO officeauto_app;
GRANT UPDATE (version) ON officeauto.events TO officeauto_app;
GRANT SELECT (version) ON officeauto.events TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.file_versions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.file_versions TO officeauto_app;
GRANT SELECT (id) ON officeauto.file_versions TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.file_versions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.file_versions TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.file_versions TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.file_versions TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.file_versions TO officeauto_readonly;
REVOKE ALL (file_id) ON officeauto.file_versions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (file_id) ON officeauto.file_versions TO officeauto_app;
GRANT SELECT (file_id) ON officeauto.file_versions TO officeauto_app;
GRANT UPDATE (file_id) ON officeauto.file_versions TO officeauto_app;
GRANT SELECT (file_id) ON officeauto.file_versions TO officeauto_readonly;
REVOKE ALL (version_number) ON officeauto.file_versions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version_number) ON officeauto.file_versions TO officeauto_app;
GRANT SELECT (version_number) ON officeauto.file_versions TO officeauto_app;
GRANT UPDATE (version_number) ON officeauto.file_versions TO officeauto_app;
GRANT SELECT (version_number) ON officeauto.file_versions TO officeauto_readonly;
REVOKE ALL (storage_key) ON officeauto.file_versions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (storage_key) ON officeauto.file_versions TO officeauto_app;
GRANT SELECT (storage_key) ON officeauto.file_versions TO officeauto_app;
GRANT UPDATE (storage_key) ON officeauto.file_versions TO officeauto_app;
GRANT SELECT (storage_key) ON officeauto.file_versions TO officeauto_readonly;
REVOKE ALL (checksum_sha256) ON officeauto.file_versions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (checksum_sha256) ON officeauto.file_versions TO officeauto_app;
GRANT SELECT (checksum_sha256) ON officeauto.file_versions TO officeauto_app;
GRANT UPDATE (checksum_sha256) ON officeauto.file_versions TO officeauto_app;
GRANT SELECT (checksum_sha256) ON officeauto.file_versions TO officeauto_readonly;
REVOKE ALL (size_bytes) ON officeauto.file_versions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (size_bytes) ON officeauto.file_versions TO officeauto_app;
GRANT SELECT (size_bytes) ON officeauto.file_versions TO officeauto_app;
GRANT UPDATE (size_bytes) ON officeauto.file_versions TO officeauto_app;
GRANT SELECT (size_bytes) ON officeauto.file_versions TO officeauto_readonly;
REVOKE ALL (uploaded_by) ON officeauto.file_versions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (uploaded_by) ON officeauto.file_versions TO officeauto_app;
GRANT SELECT (uploaded_by) ON officeauto.file_versions TO officeauto_app;
GRANT UPDATE (uploaded_by) ON officeauto.file_versions TO officeauto_app;
GRANT SELECT (uploaded_by) ON officeauto.file_versions TO officeauto_readonly;
REVOKE ALL (is_current) ON officeauto.file_versions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (is_current) ON officeauto.file_versions TO officeauto_app;
GRANT SELECT (is_current) ON officeauto.file_versions TO officeauto_app;
GRANT UPDATE (is_current) ON officeauto.file_versions TO officeauto_app;
GRANT SELECT (is_current) ON officeauto.file_versions TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.file_versions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.file_versions TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.file_versions TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.file_versions TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.file_versions TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.files FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.files TO officeauto_app;
GRANT SELECT (id) ON officeauto.files TO officeauto_readonly;
REVOKE ALL (public_id) ON officeauto.files FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.files TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.files TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.files FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.files TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.files TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.files TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.files TO officeauto_readonly;
REVOKE ALL (owner_id) ON officeauto.files FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (owner_id) ON officeauto.files TO officeauto_app;
GRANT SELECT (owner_id) ON officeauto.files TO officeauto_app;
GRANT UPDATE (owner_id) ON officeauto.files TO officeauto_app;
GRANT SELECT (owner_id) ON officeauto.files TO officeauto_readonly;
REVOKE ALL (task_id) ON officeauto.files FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (task_id) ON officeauto.files TO officeauto_app;
GRANT SELECT (task_id) ON officeauto.files TO officeauto_app;
GRANT UPDATE (task_id) ON officeauto.files TO officeauto_app;
GRANT SELECT (task_id) ON officeauto.files TO officeauto_readonly;
REVOKE ALL (name) ON officeauto.files FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (name) ON officeauto.files TO officeauto_app;
GRANT SELECT (name) ON officeauto.files TO officeauto_app;
GRANT UPDATE (name) ON officeauto.files TO officeauto_app;
GRANT SELECT (name) ON officeauto.files TO officeauto_readonly;
REVOKE ALL (filetype_id) ON officeauto.files FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (filetype_id) ON officeauto.files TO officeauto_app;
GRANT SELECT (filetype_id) ON officeauto.files TO officeauto_app;
GRANT UPDATE (filetype_id) ON officeauto.files TO officeauto_app;
GRANT SELECT (filetype_id) ON officeauto.files TO officeauto_readonly;
REVOKE ALL (storage_id) ON officeauto.files FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (storage_id) ON officeauto.files TO officeauto_app;
GRANT SELECT (storage_id) ON officeauto.files TO officeauto_app;
GRANT UPDATE (storage_id) ON officeauto.files TO officeauto_app;
GRANT SELECT (storage_id) ON officeauto.files TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.files FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.files TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.files TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.files TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.files TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.files FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (updated_at) ON officeauto.files TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.files TO officeauto_app;
GRANT UPDATE (updated_at) ON officeauto.files TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.files TO officeauto_readonly;
REVOKE ALL (deleted_at) ON officeauto.files FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_at) ON officeauto.files TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.files TO officeauto_app;
GRANT UPDATE (deleted_at) ON officeauto.files TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.files TO officeauto_readonly;
REVOKE ALL (deleted_by) ON officeauto.files FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_by) ON officeauto.files TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.files TO officeauto_app;
GRANT UPDATE (deleted_by) ON officeauto.files TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.files TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.files FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version) ON officeauto.files TO officeauto_app;
GRANT SELECT (version) ON officeauto.files TO officeauto_app;
GRANT UPDATE (version) ON officeauto.files TO officeauto_app;
GRANT SELECT (version) ON officeauto.files TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.filetype_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.filetype_reference TO officeauto_app;
GRANT SELECT (id) ON officeauto.filetype_reference TO officeauto_readonly;
REVOKE ALL (mime_type) ON officeauto.filetype_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (mime_type) ON officeauto.filetype_reference TO officeauto_app;
GRANT SELECT (mime_type) ON officeauto.filetype_reference TO officeauto_readonly;
REVOKE ALL (extension) ON officeauto.filetype_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (extension) ON officeauto.filetype_reference TO officeauto_app;
GRANT SELECT (extension) ON officeauto.filetype_reference TO officeauto_readonly;
REVOKE ALL (description) ON officeauto.filetype_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (description) ON officeauto.filetype_reference TO officeauto_app;
GRANT SELECT (description) ON officeauto.filetype_reference TO officeauto_readonly;
REVOKE ALL (max_size_bytes) ON officeauto.filetype_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (max_size_bytes) ON officeauto.filetype_reference TO officeauto_app;
GRANT SELECT (max_size_bytes) ON officeauto.filetype_reference TO officeauto_readonly;
REVOKE ALL (is_allowed) ON officeauto.filetype_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (is_allowed) ON officeauto.filetype_reference TO officeauto_app;
GRANT SELECT (is_allowed) ON officeauto.filetype_reference TO officeauto_readonly;
REVOKE ALL (is_builtin) ON officeauto.filetype_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (is_builtin) ON officeauto.filetype_reference TO officeauto_app;
GRANT SELECT (is_builtin) ON officeauto.filetype_reference TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.filetype_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (created_at) ON officeauto.filetype_reference TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.filetype_reference TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.invitations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.invitations TO officeauto_app;
GRANT SELECT (id) ON officeauto.invitations TO officeauto_readonly;
REVOKE ALL (public_id) ON officeauto.invitations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.invitations TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.invitations TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.invitations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (organization_id) ON officeauto.invitations TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.invitations TO officeauto_readonly;
REVOKE ALL (email) ON officeauto.invitations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (email) ON officeauto.invitations TO officeauto_app;
GRANT SELECT (email) ON officeauto.invitations TO officeauto_readonly;
REVOKE ALL (role_id) ON officeauto.invitations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (role_id) ON officeauto.invitations TO officeauto_app;
GRANT SELECT (role_id) ON officeauto.invitations TO officeauto_readonly;
REVOKE ALL (invited_by) ON officeauto.invitations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (invited_by) ON officeauto.invitations TO officeauto_app;
GRANT SELECT (invited_by) ON officeauto.invitations TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.invitations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (created_at) ON officeauto.invitations TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.invitations TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.invitations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (updated_at) ON officeauto.invitations TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.invitations TO officeauto_readonly;
REVOKE ALL (expires_at) ON officeauto.invitations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (expires_at) ON officeauto.invitations TO officeauto_app;
GRANT SELECT (expires_at) ON officeauto.invitations TO officeauto_readonly;
REVOKE ALL (accepted_at) ON officeauto.invitations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (accepted_at) ON officeauto.invitations TO officeauto_app;
GRANT SELECT (accepted_at) ON officeauto.invitations TO officeauto_readonly;
REVOKE ALL (accepted_user_id) ON officeauto.invitations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (accepted_user_id) ON officeauto.invitations TO officeauto_app;
GRANT SELECT (accepted_user_id) ON officeauto.invitations TO officeauto_readonly;
REVOKE ALL (revoked_at) ON officeauto.invitations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (revoked_at) ON officeauto.invitations TO officeauto_app;
GRANT SELECT (revoked_at) ON officeauto.invitations TO officeauto_readonly;
REVOKE ALL (revoked_by) ON officeauto.invitations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (revoked_by) ON officeauto.invitations TO officeauto_app;
GRANT SELECT (revoked_by) ON officeauto.invitations TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.invitations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (version) ON officeauto.invitations TO officeauto_app;
GRANT SELECT (version) ON officeauto.invitations TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.lots FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.lots TO officeauto_app;
GRANT SELECT (id) ON officeauto.lots TO officeauto_readonly;
REVOKE ALL (public_id) ON officeauto.lots FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.lots TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.lots TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.lots FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.lots TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.lots TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.lots TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.lots TO officeauto_readonly;
REVOKE ALL (user_id) ON officeauto.lots FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (user_id) ON officeauto.lots TO officeauto_app;
GRANT SELECT (user_id) ON officeauto.lots TO officeauto_app;
GRANT UPDATE (user_id) ON officeauto.lots TO officeauto_app;
GRANT SELECT (user_id) ON officeauto.lots TO officeauto_readonly;
REVOKE ALL (reference) ON officeauto.lots FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (reference) ON officeauto.lots TO officeauto_app;
GRANT SELECT (reference) ON officeauto.lots TO officeauto_app;
GRANT UPDATE (reference) ON officeauto.lots TO officeauto_app;
GRANT SELECT (reference) ON officeauto.lots TO officeauto_readonly;
REVOKE ALL (status) ON officeauto.lots FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (status) ON officeauto.lots TO officeauto_app;
GRANT SELECT (status) ON officeauto.lots TO officeauto_app;
GRANT UPDATE (status) ON officeauto.lots TO officeauto_app;
GRANT SELECT (status) ON officeauto.lots TO officeauto_readonly;
REVOKE ALL (item_count) ON officeauto.lots FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (item_count) ON officeauto.lots TO officeauto_app;
GRANT SELECT (item_count) ON officeauto.lots TO officeauto_app;
GRANT UPDATE (item_count) ON officeauto.lots TO officeauto_app;
GRANT SELECT (item_count) ON officeauto.lots TO officeauto_readonly;
REVOKE ALL (description) ON officeauto.lots FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (description) ON officeauto.lots TO officeauto_app;
GRANT SELECT (description) ON officeauto.lots TO officeauto_app;
GRANT UPDATE (description) ON officeauto.lots TO officeauto_app;
GRANT SELECT (description) ON officeauto.lots TO officeauto_readonly;
REVOKE ALL (received_at) ON officeauto.lots FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (received_at) ON officeauto.lots TO officeauto_app;
GRANT SELECT (received_at) ON officeauto.lots TO officeauto_app;
GRANT UPDATE (received_at) ON officeauto.lots TO officeauto_app;
GRANT SELECT (received_at) ON officeauto.lots TO officeauto_readonly;
REVOKE ALL (processed_at) ON officeauto.lots FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (processed_at) ON officeauto.lots TO officeauto_app;
GRANT SELECT (processed_at) ON officeauto.lots TO officeauto_app;
GRANT UPDATE (processed_at) ON officeauto.lots TO officeauto_app;
GRANT SELECT (processed_at) ON officeauto.lots TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.lots FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.lots TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.lots TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.lots TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.lots TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.lots FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (updated_at) ON officeauto.lots TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.lots TO officeauto_app;
GRANT UPDATE (updated_at) ON officeauto.lots TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.lots TO officeauto_readonly;
REVOKE ALL (deleted_at) ON officeauto.lots FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_at) ON officeauto.lots TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.lots TO officeauto_app;
GRANT UPDATE (deleted_at) ON officeauto.lots TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.lots TO officeauto_readonly;
REVOKE ALL (deleted_by) ON officeauto.lots FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_by) ON officeauto.lots TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.lots TO officeauto_app;
GRANT UPDATE (deleted_by) ON officeauto.lots TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.lots TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.lots FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version) ON officeauto.lots TO officeauto_app;
GRANT SELECT (version) ON officeauto.lots TO officeauto_app;
GRANT UPDATE (version) ON officeauto.lots TO officeauto_app;
GRANT SELECT (version) ON officeauto.lots TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.messages FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.messages TO officeauto_app;
GRANT SELECT (id) ON officeauto.messages TO officeauto_readonly;
REVOKE ALL (public_id) ON officeauto.messages FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.messages TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.messages TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.messages FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.messages TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.messages TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.messages TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.messages TO officeauto_readonly;
REVOKE ALL (sender_id) ON officeauto.messages FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (sender_id) ON officeauto.messages TO officeauto_app;
GRANT SELECT (sender_id) ON officeauto.messages TO officeauto_app;
GRANT UPDATE (sender_id) ON officeauto.messages TO officeauto_app;
GRANT SELECT (sender_id) ON officeauto.messages TO officeauto_readonly;
REVOKE ALL (recipient_id) ON officeauto.messages FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (recipient_id) ON officeauto.messages TO officeauto_app;
GRANT SELECT (recipient_id) ON officeauto.messages TO officeauto_app;
GRANT UPDATE (recipient_id) ON officeauto.messages TO officeauto_app;
GRANT SELECT (recipient_id) ON officeauto.messages TO officeauto_readonly;
REVOKE ALL (conversation_id) ON officeauto.messages FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (conversation_id) ON officeauto.messages TO officeauto_app;
GRANT SELECT (conversation_id) ON officeauto.messages TO officeauto_app;
GRANT UPDATE (conversation_id) ON officeauto.messages TO officeauto_app;
GRANT SELECT (conversation_id) ON officeauto.messages TO officeauto_readonly;
REVOKE ALL (body) ON officeauto.messages FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (body) ON officeauto.messages TO officeauto_app;
GRANT SELECT (body) ON officeauto.messages TO officeauto_app;
GRANT UPDATE (body) ON officeauto.messages TO officeauto_app;
GRANT SELECT (body) ON officeauto.messages TO officeauto_readonly;
REVOKE ALL (is_read) ON officeauto.messages FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (is_read) ON officeauto.messages TO officeauto_app;
GRANT SELECT (is_read) ON officeauto.messages TO officeauto_app;
GRANT UPDATE (is_read) ON officeauto.messages TO officeauto_app;
GRANT SELECT (is_read) ON officeauto.messages TO officeauto_readonly;
REVOKE ALL (read_at) ON officeauto.messages FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (read_at) ON officeauto.messages TO officeauto_app;
GRANT SELECT (read_at) ON officeauto.messages TO officeauto_app;
GRANT UPDATE (read_at) ON officeauto.messages TO officeauto_app;
GRANT SELECT (read_at) ON officeauto.messages TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.messages FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.messages TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.messages TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.messages TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.messages TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.messages FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (updated_at) ON officeauto.messages TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.messages TO officeauto_app;
GRANT UPDATE (updated_at) ON officeauto.messages TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.messages TO officeauto_readonly;
REVOKE ALL (deleted_at) ON officeauto.messages FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_at) ON officeauto.messages TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.messages TO officeauto_app;
GRANT UPDATE (deleted_at) ON officeauto.messages TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.messages TO officeauto_readonly;
REVOKE ALL (deleted_by) ON officeauto.messages FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_by) ON officeauto.messages TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.messages TO officeauto_app;
GRANT UPDATE (deleted_by) ON officeauto.messages TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.messages TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.messages FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version) ON officeauto.messages TO officeauto_app;
GRANT SELECT (version) ON officeauto.messages TO officeauto_app;
GRANT UPDATE (version) ON officeauto.messages TO officeauto_app;
GRANT SELECT (version) ON officeauto.messages TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.notifications FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (id) ON officeauto.notifications TO officeauto_readonly;
REVOKE ALL (public_id) ON officeauto.notifications FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.notifications TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.notifications FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.notifications TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.notifications TO officeauto_readonly;
REVOKE ALL (recipient_id) ON officeauto.notifications FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (recipient_id) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (recipient_id) ON officeauto.notifications TO officeauto_app;
GRANT UPDATE (recipient_id) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (recipient_id) ON officeauto.notifications TO officeauto_readonly;
REVOKE ALL (kind) ON officeauto.notifications FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (kind) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (kind) ON officeauto.notifications TO officeauto_app;
GRANT UPDATE (kind) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (kind) ON officeauto.notifications TO officeauto_readonly;
REVOKE ALL (channel) ON officeauto.notifications FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (channel) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (channel) ON officeauto.notifications TO officeauto_app;
GRANT UPDATE (channel) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (channel) ON officeauto.notifications TO officeauto_readonly;
REVOKE ALL (title) ON officeauto.notifications FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (title) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (title) ON officeauto.notifications TO officeauto_app;
GRANT UPDATE (title) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (title) ON officeauto.notifications TO officeauto_readonly;
REVOKE ALL (body) ON officeauto.notifications FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (body) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (body) ON officeauto.notifications TO officeauto_app;
GRANT UPDATE (body) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (body) ON officeauto.notifications TO officeauto_readonly;
REVOKE ALL (entity_type) ON officeauto.notifications FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (entity_type) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (entity_type) ON officeauto.notifications TO officeauto_app;
GRANT UPDATE (entity_type) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (entity_type) ON officeauto.notifications TO officeauto_readonly;
REVOKE ALL (entity_id) ON officeauto.notifications FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (entity_id) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (entity_id) ON officeauto.notifications TO officeauto_app;
GRANT UPDATE (entity_id) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (entity_id) ON officeauto.notifications TO officeauto_readonly;
REVOKE ALL (delivery_status) ON officeauto.notifications FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (delivery_status) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (delivery_status) ON officeauto.notifications TO officeauto_app;
GRANT UPDATE (delivery_status) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (delivery_status) ON officeauto.notifications TO officeauto_readonly;
REVOKE ALL (delivered_at) ON officeauto.notifications FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (delivered_at) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (delivered_at) ON officeauto.notifications TO officeauto_app;
GRANT UPDATE (delivered_at) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (delivered_at) ON officeauto.notifications TO officeauto_readonly;
REVOKE ALL (read_at) ON officeauto.notifications FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (read_at) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (read_at) ON officeauto.notifications TO officeauto_app;
GRANT UPDATE (read_at) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (read_at) ON officeauto.notifications TO officeauto_readonly;
REVOKE ALL (expires_at) ON officeauto.notifications FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (expires_at) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (expires_at) ON officeauto.notifications TO officeauto_app;
GRANT UPDATE (expires_at) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (expires_at) ON officeauto.notifications TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.notifications FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.notifications TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.notifications TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.notifications FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (updated_at) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.notifications TO officeauto_app;
GRANT UPDATE (updated_at) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.notifications TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.notifications FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (version) ON officeauto.notifications TO officeauto_app;
GRANT UPDATE (version) ON officeauto.notifications TO officeauto_app;
GRANT SELECT (version) ON officeauto.notifications TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.organizations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.organizations TO officeauto_app;
GRANT SELECT (id) ON officeauto.organizations TO officeauto_readonly;
REVOKE ALL (public_id) ON officeauto.organizations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.organizations TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.organizations TO officeauto_readonly;
REVOKE ALL (name) ON officeauto.organizations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (name) ON officeauto.organizations TO officeauto_app;
GRANT UPDATE (name) ON officeauto.organizations TO officeauto_app;
GRANT SELECT (name) ON officeauto.organizations TO officeauto_readonly;
REVOKE ALL (slug) ON officeauto.organizations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (slug) ON officeauto.organizations TO officeauto_app;
GRANT SELECT (slug) ON officeauto.organizations TO officeauto_readonly;
REVOKE ALL (plan) ON officeauto.organizations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (plan) ON officeauto.organizations TO officeauto_app;
GRANT SELECT (plan) ON officeauto.organizations TO officeauto_readonly;
REVOKE ALL (settings) ON officeauto.organizations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (settings) ON officeauto.organizations TO officeauto_app;
GRANT UPDATE (settings) ON officeauto.organizations TO officeauto_app;
GRANT SELECT (settings) ON officeauto.organizations TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.organizations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (created_at) ON officeauto.organizations TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.organizations TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.organizations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (updated_at) ON officeauto.organizations TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.organizations TO officeauto_readonly;
REVOKE ALL (deleted_at) ON officeauto.organizations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (deleted_at) ON officeauto.organizations TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.organizations TO officeauto_readonly;
REVOKE ALL (deleted_by) ON officeauto.organizations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (deleted_by) ON officeauto.organizations TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.organizations TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.organizations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (version) ON officeauto.organizations TO officeauto_app;
GRANT SELECT (version) ON officeauto.organizations TO officeauto_readonly;
REVOKE ALL (status) ON officeauto.organizations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (status) ON officeauto.organizations TO officeauto_app;
GRANT SELECT (status) ON officeauto.organizations TO officeauto_readonly;
REVOKE ALL (suspended_at) ON officeauto.organizations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (suspended_at) ON officeauto.organizations TO officeauto_app;
GRANT SELECT (suspended_at) ON officeauto.organizations TO officeauto_readonly;
REVOKE ALL (suspension_reason) ON officeauto.organizations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (suspension_reason) ON officeauto.organizations TO officeauto_app;
GRANT SELECT (suspension_reason) ON officeauto.organizations TO officeauto_readonly;
REVOKE ALL (subscription_status) ON officeauto.organizations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (subscription_status) ON officeauto.organizations TO officeauto_app;
GRANT SELECT (subscription_status) ON officeauto.organizations TO officeauto_readonly;
REVOKE ALL (current_period_end) ON officeauto.organizations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (current_period_end) ON officeauto.organizations TO officeauto_app;
GRANT SELECT (current_period_end) ON officeauto.organizations TO officeauto_readonly;
REVOKE ALL (seat_limit) ON officeauto.organizations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (seat_limit) ON officeauto.organizations TO officeauto_app;
GRANT SELECT (seat_limit) ON officeauto.organizations TO officeauto_readonly;
REVOKE ALL (is_active) ON officeauto.organizations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (is_active) ON officeauto.organizations TO officeauto_app;
GRANT SELECT (is_active) ON officeauto.organizations TO officeauto_readonly;
REVOKE ALL (signup_policy) ON officeauto.organizations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (signup_policy) ON officeauto.organizations TO officeauto_app;
GRANT SELECT (signup_policy) ON officeauto.organizations TO officeauto_readonly;
GRANT SELECT (signup_policy) ON officeauto.organizations TO officeauto_admin;
REVOKE ALL (signup_domains) ON officeauto.organizations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (signup_domains) ON officeauto.organizations TO officeauto_app;
GRANT SELECT (signup_domains) ON officeauto.organizations TO officeauto_readonly;
GRANT SELECT (signup_domains) ON officeauto.organizations TO officeauto_admin;
REVOKE ALL (id) ON officeauto.permissions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.permissions TO officeauto_app;
GRANT SELECT (id) ON officeauto.permissions TO officeauto_readonly;
REVOKE ALL (resource) ON officeauto.permissions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (resource) ON officeauto.permissions TO officeauto_app;
GRANT SELECT (resource) ON officeauto.permissions TO officeauto_readonly;
REVOKE ALL (action) ON officeauto.permissions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (action) ON officeauto.permissions TO officeauto_app;
GRANT SELECT (action) ON officeauto.permissions TO officeauto_readonly;
REVOKE ALL (scope) ON officeauto.permissions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (scope) ON officeauto.permissions TO officeauto_app;
GRANT SELECT (scope) ON officeauto.permissions TO officeauto_readonly;
REVOKE ALL (description) ON officeauto.permissions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (description) ON officeauto.permissions TO officeauto_app;
GRANT SELECT (description) ON officeauto.permissions TO officeauto_readonly;
REVOKE ALL (is_builtin) ON officeauto.permissions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (is_builtin) ON officeauto.permissions TO officeauto_app;
GRANT SELECT (is_builtin) ON officeauto.permissions TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.permissions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (created_at) ON officeauto.permissions TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.permissions TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.project_members FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.project_members TO officeauto_app;
GRANT SELECT (id) ON officeauto.project_members TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.project_members FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.project_members TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.project_members TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.project_members TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.project_members TO officeauto_readonly;
REVOKE ALL (project_id) ON officeauto.project_members FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (project_id) ON officeauto.project_members TO officeauto_app;
GRANT SELECT (project_id) ON officeauto.project_members TO officeauto_app;
GRANT UPDATE (project_id) ON officeauto.project_members TO officeauto_app;
GRANT SELECT (project_id) ON officeauto.project_members TO officeauto_readonly;
REVOKE ALL (user_id) ON officeauto.project_members FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (user_id) ON officeauto.project_members TO officeauto_app;
GRANT SELECT (user_id) ON officeauto.project_members TO officeauto_app;
GRANT UPDATE (user_id) ON officeauto.project_members TO officeauto_app;
GRANT SELECT (user_id) ON officeauto.project_members TO officeauto_readonly;
REVOKE ALL (access_role_id) ON officeauto.project_members FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (access_role_id) ON officeauto.project_members TO officeauto_app;
GRANT SELECT (access_role_id) ON officeauto.project_members TO officeauto_app;
GRANT UPDATE (access_role_id) ON officeauto.project_members TO officeauto_app;
GRANT SELECT (access_role_id) ON officeauto.project_members TO officeauto_readonly;
REVOKE ALL (is_active) ON officeauto.project_members FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (is_active) ON officeauto.project_members TO officeauto_app;
GRANT SELECT (is_active) ON officeauto.project_members TO officeauto_app;
GRANT UPDATE (is_active) ON officeauto.project_members TO officeauto_app;
GRANT SELECT (is_active) ON officeauto.project_members TO officeauto_readonly;
REVOKE ALL (joined_at) ON officeauto.project_members FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (joined_at) ON officeauto.project_members TO officeauto_app;
GRANT SELECT (joined_at) ON officeauto.project_members TO officeauto_app;
GRANT UPDATE (joined_at) ON officeauto.project_members TO officeauto_app;
GRANT SELECT (joined_at) ON officeauto.project_members TO officeauto_readonly;
REVOKE ALL (left_at) ON officeauto.project_members FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (left_at) ON officeauto.project_members TO officeauto_app;
GRANT SELECT (left_at) ON officeauto.project_members TO officeauto_app;
GRANT UPDATE (left_at) ON officeauto.project_members TO officeauto_app;
GRANT SELECT (left_at) ON officeauto.project_members TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.project_members FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.project_members TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.project_members TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.project_members TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.project_members TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.project_members FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (updated_at) ON officeauto.project_members TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.project_members TO officeauto_app;
GRANT UPDATE (updated_at) ON officeauto.project_members TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.project_members TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.project_members FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version) ON officeauto.project_members TO officeauto_app;
GRANT SELECT (version) ON officeauto.project_members TO officeauto_app;
GRANT UPDATE (version) ON officeauto.project_members TO officeauto_app;
GRANT SELECT (version) ON officeauto.project_members TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.project_tags FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.project_tags TO officeauto_app;
GRANT SELECT (id) ON officeauto.project_tags TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.project_tags FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.project_tags TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.project_tags TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.project_tags TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.project_tags TO officeauto_readonly;
REVOKE ALL (project_id) ON officeauto.project_tags FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (project_id) ON officeauto.project_tags TO officeauto_app;
GRANT SELECT (project_id) ON officeauto.project_tags TO officeauto_app;
GRANT UPDATE (project_id) ON officeauto.project_tags TO officeauto_app;
GRANT SELECT (project_id) ON officeauto.project_tags TO officeauto_readonly;
REVOKE ALL (tag_id) ON officeauto.project_tags FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (tag_id) ON officeauto.project_tags TO officeauto_app;
GRANT SELECT (tag_id) ON officeauto.project_tags TO officeauto_app;
GRANT UPDATE (tag_id) ON officeauto.project_tags TO officeauto_app;
GRANT SELECT (tag_id) ON officeauto.project_tags TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.project_tags FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.project_tags TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.project_tags TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.project_tags TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.project_tags TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.projects FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.projects TO officeauto_app;
GRANT SELECT (id) ON officeauto.projects TO officeauto_readonly;
REVOKE ALL (public_id) ON officeauto.projects FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.projects TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.projects TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.projects FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.projects TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.projects TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.projects TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.projects TO officeauto_readonly;
REVOKE ALL (parent_id) ON officeauto.projects FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (parent_id) ON officeauto.projects TO officeauto_app;
GRANT SELECT (parent_id) ON officeauto.projects TO officeauto_app;
GRANT UPDATE (parent_id) ON officeauto.projects TO officeauto_app;
GRANT SELECT (parent_id) ON officeauto.projects TO officeauto_readonly;
REVOKE ALL (code) ON officeauto.projects FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (code) ON officeauto.projects TO officeauto_app;
GRANT SELECT (code) ON officeauto.projects TO officeauto_app;
GRANT UPDATE (code) ON officeauto.projects TO officeauto_app;
GRANT SELECT (code) ON officeauto.projects TO officeauto_readonly;
REVOKE ALL (name) ON officeauto.projects FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (name) ON officeauto.projects TO officeauto_app;
GRANT SELECT (name) ON officeauto.projects TO officeauto_app;
GRANT UPDATE (name) ON officeauto.projects TO officeauto_app;
GRANT SELECT (name) ON officeauto.projects TO officeauto_readonly;
REVOKE ALL (description) ON officeauto.projects FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (description) ON officeauto.projects TO officeauto_app;
GRANT SELECT (description) ON officeauto.projects TO officeauto_app;
GRANT UPDATE (description) ON officeauto.projects TO officeauto_app;
GRANT SELECT (description) ON officeauto.projects TO officeauto_readonly;
REVOKE ALL (status) ON officeauto.projects FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (status) ON officeauto.projects TO officeauto_app;
GRANT SELECT (status) ON officeauto.projects TO officeauto_app;
GRANT UPDATE (status) ON officeauto.projects TO officeauto_app;
GRANT SELECT (status) ON officeauto.projects TO officeauto_readonly;
REVOKE ALL (manager_id) ON officeauto.projects FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (manager_id) ON officeauto.projects TO officeauto_app;
GRANT SELECT (manager_id) ON officeauto.projects TO officeauto_app;
GRANT UPDATE (manager_id) ON officeauto.projects TO officeauto_app;
GRANT SELECT (manager_id) ON officeauto.projects TO officeauto_readonly;
REVOKE ALL (start_date) ON officeauto.projects FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (start_date) ON officeauto.projects TO officeauto_app;
GRANT SELECT (start_date) ON officeauto.projects TO officeauto_app;
GRANT UPDATE (start_date) ON officeauto.projects TO officeauto_app;
GRANT SELECT (start_date) ON officeauto.projects TO officeauto_readonly;
REVOKE ALL (end_date) ON officeauto.projects FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (end_date) ON officeauto.projects TO officeauto_app;
GRANT SELECT (end_date) ON officeauto.projects TO officeauto_app;
GRANT UPDATE (end_date) ON officeauto.projects TO officeauto_app;
GRANT SELECT (end_date) ON officeauto.projects TO officeauto_readonly;
REVOKE ALL (metadata) ON officeauto.projects FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (metadata) ON officeauto.projects TO officeauto_app;
GRANT SELECT (metadata) ON officeauto.projects TO officeauto_app;
GRANT UPDATE (metadata) ON officeauto.projects TO officeauto_app;
GRANT SELECT (metadata) ON officeauto.projects TO officeauto_readonly;
REVOKE ALL (created_by) ON officeauto.projects FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_by) ON officeauto.projects TO officeauto_app;
GRANT SELECT (created_by) ON officeauto.projects TO officeauto_app;
GRANT UPDATE (created_by) ON officeauto.projects TO officeauto_app;
GRANT SELECT (created_by) ON officeauto.projects TO officeauto_readonly;
REVOKE ALL (updated_by) ON officeauto.projects FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (updated_by) ON officeauto.projects TO officeauto_app;
GRANT SELECT (updated_by) ON officeauto.projects TO officeauto_app;
GRANT UPDATE (updated_by) ON officeauto.projects TO officeauto_app;
GRANT SELECT (updated_by) ON officeauto.projects TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.projects FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.projects TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.projects TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.projects TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.projects TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.projects FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (updated_at) ON officeauto.projects TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.projects TO officeauto_app;
GRANT UPDATE (updated_at) ON officeauto.projects TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.projects TO officeauto_readonly;
REVOKE ALL (deleted_at) ON officeauto.projects FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_at) ON officeauto.projects TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.projects TO officeauto_app;
GRANT UPDATE (deleted_at) ON officeauto.projects TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.projects TO officeauto_readonly;
REVOKE ALL (deleted_by) ON officeauto.projects FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_by) ON officeauto.projects TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.projects TO officeauto_app;
GRANT UPDATE (deleted_by) ON officeauto.projects TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.projects TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.projects FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version) ON officeauto.projects TO officeauto_app;
GRANT SELECT (version) ON officeauto.projects TO officeauto_app;
GRANT UPDATE (version) ON officeauto.projects TO officeauto_app;
GRANT SELECT (version) ON officeauto.projects TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.refresh_tokens FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.refresh_tokens TO officeauto_app;
REVOKE ALL (organization_id) ON officeauto.refresh_tokens FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (organization_id) ON officeauto.refresh_tokens TO officeauto_app;
REVOKE ALL (user_id) ON officeauto.refresh_tokens FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (user_id) ON officeauto.refresh_tokens TO officeauto_app;
REVOKE ALL (session_id) ON officeauto.refresh_tokens FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (session_id) ON officeauto.refresh_tokens TO officeauto_app;
REVOKE ALL (family_id) ON officeauto.refresh_tokens FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (family_id) ON officeauto.refresh_tokens TO officeauto_app;
REVOKE ALL (parent_id) ON officeauto.refresh_tokens FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (parent_id) ON officeauto.refresh_tokens TO officeauto_app;
REVOKE ALL (replaced_by_id) ON officeauto.refresh_tokens FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (replaced_by_id) ON officeauto.refresh_tokens TO officeauto_app;
REVOKE ALL (created_at) ON officeauto.refresh_tokens FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (created_at) ON officeauto.refresh_tokens TO officeauto_app;
REVOKE ALL (expires_at) ON officeauto.refresh_tokens FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (expires_at) ON officeauto.refresh_tokens TO officeauto_app;
REVOKE ALL (family_expires_at) ON officeauto.refresh_tokens FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (family_expires_at) ON officeauto.refresh_tokens TO officeauto_app;
REVOKE ALL (used_at) ON officeauto.refresh_tokens FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (used_at) ON officeauto.refresh_tokens TO officeauto_app;
REVOKE ALL (revoked_at) ON officeauto.refresh_tokens FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (revoked_at) ON officeauto.refresh_tokens TO officeauto_app;
REVOKE ALL (revoke_reason) ON officeauto.refresh_tokens FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (revoke_reason) ON officeauto.refresh_tokens TO officeauto_app;
REVOKE ALL (id) ON officeauto.role_permissions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.role_permissions TO officeauto_app;
GRANT SELECT (id) ON officeauto.role_permissions TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.role_permissions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.role_permissions TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.role_permissions TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.role_permissions TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.role_permissions TO officeauto_readonly;
REVOKE ALL (role_id) ON officeauto.role_permissions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (role_id) ON officeauto.role_permissions TO officeauto_app;
GRANT SELECT (role_id) ON officeauto.role_permissions TO officeauto_app;
GRANT UPDATE (role_id) ON officeauto.role_permissions TO officeauto_app;
GRANT SELECT (role_id) ON officeauto.role_permissions TO officeauto_readonly;
REVOKE ALL (permission_id) ON officeauto.role_permissions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (permission_id) ON officeauto.role_permissions TO officeauto_app;
GRANT SELECT (permission_id) ON officeauto.role_permissions TO officeauto_app;
GRANT UPDATE (permission_id) ON officeauto.role_permissions TO officeauto_app;
GRANT SELECT (permission_id) ON officeauto.role_permissions TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.role_permissions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.role_permissions TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.role_permissions TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.role_permissions TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.role_permissions TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.role_templates FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.role_templates TO officeauto_app;
GRANT SELECT (id) ON officeauto.role_templates TO officeauto_readonly;
REVOKE ALL (role_name) ON officeauto.role_templates FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (role_name) ON officeauto.role_templates TO officeauto_app;
GRANT SELECT (role_name) ON officeauto.role_templates TO officeauto_readonly;
REVOKE ALL (resource) ON officeauto.role_templates FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (resource) ON officeauto.role_templates TO officeauto_app;
GRANT SELECT (resource) ON officeauto.role_templates TO officeauto_readonly;
REVOKE ALL (action) ON officeauto.role_templates FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (action) ON officeauto.role_templates TO officeauto_app;
GRANT SELECT (action) ON officeauto.role_templates TO officeauto_readonly;
REVOKE ALL (scope) ON officeauto.role_templates FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (scope) ON officeauto.role_templates TO officeauto_app;
GRANT SELECT (scope) ON officeauto.role_templates TO officeauto_readonly;
REVOKE ALL (is_builtin) ON officeauto.role_templates FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (is_builtin) ON officeauto.role_templates TO officeauto_app;
GRANT SELECT (is_builtin) ON officeauto.role_templates TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.roles FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.roles TO officeauto_app;
GRANT SELECT (id) ON officeauto.roles TO officeauto_readonly;
REVOKE ALL (public_id) ON officeauto.roles FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.roles TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.roles TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.roles FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.roles TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.roles TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.roles TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.roles TO officeauto_readonly;
REVOKE ALL (name) ON officeauto.roles FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (name) ON officeauto.roles TO officeauto_app;
GRANT SELECT (name) ON officeauto.roles TO officeauto_app;
GRANT UPDATE (name) ON officeauto.roles TO officeauto_app;
GRANT SELECT (name) ON officeauto.roles TO officeauto_readonly;
REVOKE ALL (description) ON officeauto.roles FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (description) ON officeauto.roles TO officeauto_app;
GRANT SELECT (description) ON officeauto.roles TO officeauto_app;
GRANT UPDATE (description) ON officeauto.roles TO officeauto_app;
GRANT SELECT (description) ON officeauto.roles TO officeauto_readonly;
REVOKE ALL (is_system) ON officeauto.roles FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (is_system) ON officeauto.roles TO officeauto_app;
GRANT SELECT (is_system) ON officeauto.roles TO officeauto_app;
GRANT UPDATE (is_system) ON officeauto.roles TO officeauto_app;
GRANT SELECT (is_system) ON officeauto.roles TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.roles FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.roles TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.roles TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.roles TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.roles TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.roles FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (updated_at) ON officeauto.roles TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.roles TO officeauto_app;
GRANT UPDATE (updated_at) ON officeauto.roles TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.roles TO officeauto_readonly;
REVOKE ALL (deleted_at) ON officeauto.roles FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_at) ON officeauto.roles TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.roles TO officeauto_app;
GRANT UPDATE (deleted_at) ON officeauto.roles TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.roles TO officeauto_readonly;
REVOKE ALL (deleted_by) ON officeauto.roles FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_by) ON officeauto.roles TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.roles TO officeauto_app;
GRANT UPDATE (deleted_by) ON officeauto.roles TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.roles TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.roles FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version) ON officeauto.roles TO officeauto_app;
GRANT SELECT (version) ON officeauto.roles TO officeauto_app;
GRANT UPDATE (version) ON officeauto.roles TO officeauto_app;
GRANT SELECT (version) ON officeauto.roles TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.schema_version FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.schema_version TO officeauto_app;
GRANT SELECT (id) ON officeauto.schema_version TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.schema_version FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (version) ON officeauto.schema_version TO officeauto_app;
GRANT SELECT (version) ON officeauto.schema_version TO officeauto_readonly;
REVOKE ALL (kind) ON officeauto.schema_version FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (kind) ON officeauto.schema_version TO officeauto_app;
GRANT SELECT (kind) ON officeauto.schema_version TO officeauto_readonly;
REVOKE ALL (description) ON officeauto.schema_version FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (description) ON officeauto.schema_version TO officeauto_app;
GRANT SELECT (description) ON officeauto.schema_version TO officeauto_readonly;
REVOKE ALL (applied_at) ON officeauto.schema_version FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (applied_at) ON officeauto.schema_version TO officeauto_app;
GRANT SELECT (applied_at) ON officeauto.schema_version TO officeauto_readonly;
REVOKE ALL (applied_by) ON officeauto.schema_version FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (applied_by) ON officeauto.schema_version TO officeauto_app;
GRANT SELECT (applied_by) ON officeauto.schema_version TO officeauto_readonly;
REVOKE ALL (is_builtin) ON officeauto.schema_version FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (is_builtin) ON officeauto.schema_version TO officeauto_app;
GRANT SELECT (is_builtin) ON officeauto.schema_version TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.session_limits FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.session_limits TO officeauto_app;
GRANT SELECT (id) ON officeauto.session_limits TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.session_limits FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (organization_id) ON officeauto.session_limits TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.session_limits TO officeauto_readonly;
REVOKE ALL (client_type) ON officeauto.session_limits FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (client_type) ON officeauto.session_limits TO officeauto_app;
GRANT SELECT (client_type) ON officeauto.session_limits TO officeauto_readonly;
REVOKE ALL (max_sessions) ON officeauto.session_limits FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (max_sessions) ON officeauto.session_limits TO officeauto_app;
GRANT SELECT (max_sessions) ON officeauto.session_limits TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.session_limits FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (created_at) ON officeauto.session_limits TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.session_limits TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.session_limits FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (updated_at) ON officeauto.session_limits TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.session_limits TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.session_limits FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (version) ON officeauto.session_limits TO officeauto_app;
GRANT SELECT (version) ON officeauto.session_limits TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.shortcuts FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.shortcuts TO officeauto_app;
GRANT SELECT (id) ON officeauto.shortcuts TO officeauto_readonly;
REVOKE ALL (public_id) ON officeauto.shortcuts FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.shortcuts TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.shortcuts TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.shortcuts FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.shortcuts TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.shortcuts TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.shortcuts TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.shortcuts TO officeauto_readonly;
REVOKE ALL (user_id) ON officeauto.shortcuts FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (user_id) ON officeauto.shortcuts TO officeauto_app;
GRANT SELECT (user_id) ON officeauto.shortcuts TO officeauto_app;
GRANT UPDATE (user_id) ON officeauto.shortcuts TO officeauto_app;
GRANT SELECT (user_id) ON officeauto.shortcuts TO officeauto_readonly;
REVOKE ALL (name) ON officeauto.shortcuts FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (name) ON officeauto.shortcuts TO officeauto_app;
GRANT SELECT (name) ON officeauto.shortcuts TO officeauto_app;
GRANT UPDATE (name) ON officeauto.shortcuts TO officeauto_app;
GRANT SELECT (name) ON officeauto.shortcuts TO officeauto_readonly;
REVOKE ALL (description) ON officeauto.shortcuts FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (description) ON officeauto.shortcuts TO officeauto_app;
GRANT SELECT (description) ON officeauto.shortcuts TO officeauto_app;
GRANT UPDATE (description) ON officeauto.shortcuts TO officeauto_app;
GRANT SELECT (description) ON officeauto.shortcuts TO officeauto_readonly;
REVOKE ALL (icon) ON officeauto.shortcuts FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (icon) ON officeauto.shortcuts TO officeauto_app;
GRANT SELECT (icon) ON officeauto.shortcuts TO officeauto_app;
GRANT UPDATE (icon) ON officeauto.shortcuts TO officeauto_app;
GRANT SELECT (icon) ON officeauto.shortcuts TO officeauto_readonly;
REVOKE ALL (action_type) ON officeauto.shortcuts FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (action_type) ON officeauto.shortcuts TO officeauto_app;
GRANT SELECT (action_type) ON officeauto.shortcuts TO officeauto_app;
GRANT UPDATE (action_type) ON officeauto.shortcuts TO officeauto_app;
GRANT SELECT (action_type) ON officeauto.shortcuts TO officeauto_readonly;
REVOKE ALL (action_data) ON officeauto.shortcuts FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (action_data) ON officeauto.shortcuts TO officeauto_app;
GRANT SELECT (action_data) ON officeauto.shortcuts TO officeauto_app;
GRANT UPDATE (action_data) ON officeauto.shortcuts TO officeauto_app;
GRANT SELECT (action_data) ON officeauto.shortcuts TO officeauto_readonly;
REVOKE ALL (order_index) ON officeauto.shortcuts FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (order_index) ON officeauto.shortcuts TO officeauto_app;
GRANT SELECT (order_index) ON officeauto.shortcuts TO officeauto_app;
GRANT UPDATE (order_index) ON officeauto.shortcuts TO officeauto_app;
GRANT SELECT (order_index) ON officeauto.shortcuts TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.shortcuts FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.shortcuts TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.shortcuts TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.shortcuts TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.shortcuts TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.shortcuts FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (updated_at) ON officeauto.shortcuts TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.shortcuts TO officeauto_app;
GRANT UPDATE (updated_at) ON officeauto.shortcuts TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.shortcuts TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.shortcuts FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version) ON officeauto.shortcuts TO officeauto_app;
GRANT SELECT (version) ON officeauto.shortcuts TO officeauto_app;
GRANT UPDATE (version) ON officeauto.shortcuts TO officeauto_app;
GRANT SELECT (version) ON officeauto.shortcuts TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.storage_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.storage_reference TO officeauto_app;
GRANT SELECT (id) ON officeauto.storage_reference TO officeauto_readonly;
REVOKE ALL (public_id) ON officeauto.storage_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.storage_reference TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.storage_reference TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.storage_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.storage_reference TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.storage_reference TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.storage_reference TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.storage_reference TO officeauto_readonly;
REVOKE ALL (name) ON officeauto.storage_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (name) ON officeauto.storage_reference TO officeauto_app;
GRANT SELECT (name) ON officeauto.storage_reference TO officeauto_app;
GRANT UPDATE (name) ON officeauto.storage_reference TO officeauto_app;
GRANT SELECT (name) ON officeauto.storage_reference TO officeauto_readonly;
REVOKE ALL (provider) ON officeauto.storage_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (provider) ON officeauto.storage_reference TO officeauto_app;
GRANT SELECT (provider) ON officeauto.storage_reference TO officeauto_app;
GRANT UPDATE (provider) ON officeauto.storage_reference TO officeauto_app;
GRANT SELECT (provider) ON officeauto.storage_reference TO officeauto_readonly;
REVOKE ALL (bucket) ON officeauto.storage_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (bucket) ON officeauto.storage_reference TO officeauto_app;
GRANT SELECT (bucket) ON officeauto.storage_reference TO officeauto_app;
GRANT UPDATE (bucket) ON officeauto.storage_reference TO officeauto_app;
GRANT SELECT (bucket) ON officeauto.storage_reference TO officeauto_readonly;
REVOKE ALL (region) ON officeauto.storage_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (region) ON officeauto.storage_reference TO officeauto_app;
GRANT SELECT (region) ON officeauto.storage_reference TO officeauto_app;
GRANT UPDATE (region) ON officeauto.storage_reference TO officeauto_app;
GRANT SELECT (region) ON officeauto.storage_reference TO officeauto_readonly;
REVOKE ALL (endpoint_url) ON officeauto.storage_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (endpoint_url) ON officeauto.storage_reference TO officeauto_app;
GRANT SELECT (endpoint_url) ON officeauto.storage_reference TO officeauto_app;
GRANT UPDATE (endpoint_url) ON officeauto.storage_reference TO officeauto_app;
GRANT SELECT (endpoint_url) ON officeauto.storage_reference TO officeauto_readonly;
REVOKE ALL (base_path) ON officeauto.storage_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (base_path) ON officeauto.storage_reference TO officeauto_app;
GRANT SELECT (base_path) ON officeauto.storage_reference TO officeauto_app;
GRANT UPDATE (base_path) ON officeauto.storage_reference TO officeauto_app;
GRANT SELECT (base_path) ON officeauto.storage_reference TO officeauto_readonly;
REVOKE ALL (is_default) ON officeauto.storage_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (is_default) ON officeauto.storage_reference TO officeauto_app;
GRANT SELECT (is_default) ON officeauto.storage_reference TO officeauto_app;
GRANT UPDATE (is_default) ON officeauto.storage_reference TO officeauto_app;
GRANT SELECT (is_default) ON officeauto.storage_reference TO officeauto_readonly;
REVOKE ALL (is_active) ON officeauto.storage_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (is_active) ON officeauto.storage_reference TO officeauto_app;
GRANT SELECT (is_active) ON officeauto.storage_reference TO officeauto_app;
GRANT UPDATE (is_active) ON officeauto.storage_reference TO officeauto_app;
GRANT SELECT (is_active) ON officeauto.storage_reference TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.storage_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.storage_reference TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.storage_reference TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.storage_reference TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.storage_reference TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.storage_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (updated_at) ON officeauto.storage_reference TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.storage_reference TO officeauto_app;
GRANT UPDATE (updated_at) ON officeauto.storage_reference TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.storage_reference TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.storage_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version) ON officeauto.storage_reference TO officeauto_app;
GRANT SELECT (version) ON officeauto.storage_reference TO officeauto_app;
GRANT UPDATE (version) ON officeauto.storage_reference TO officeauto_app;
GRANT SELECT (version) ON officeauto.storage_reference TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.tag_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.tag_reference TO officeauto_app;
GRANT SELECT (id) ON officeauto.tag_reference TO officeauto_readonly;
REVOKE ALL (public_id) ON officeauto.tag_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.tag_reference TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.tag_reference TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.tag_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.tag_reference TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.tag_reference TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.tag_reference TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.tag_reference TO officeauto_readonly;
REVOKE ALL (name) ON officeauto.tag_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (name) ON officeauto.tag_reference TO officeauto_app;
GRANT SELECT (name) ON officeauto.tag_reference TO officeauto_app;
GRANT UPDATE (name) ON officeauto.tag_reference TO officeauto_app;
GRANT SELECT (name) ON officeauto.tag_reference TO officeauto_readonly;
REVOKE ALL (category) ON officeauto.tag_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (category) ON officeauto.tag_reference TO officeauto_app;
GRANT SELECT (category) ON officeauto.tag_reference TO officeauto_app;
GRANT UPDATE (category) ON officeauto.tag_reference TO officeauto_app;
GRANT SELECT (category) ON officeauto.tag_reference TO officeauto_readonly;
REVOKE ALL (color) ON officeauto.tag_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (color) ON officeauto.tag_reference TO officeauto_app;
GRANT SELECT (color) ON officeauto.tag_reference TO officeauto_app;
GRANT UPDATE (color) ON officeauto.tag_reference TO officeauto_app;
GRANT SELECT (color) ON officeauto.tag_reference TO officeauto_readonly;
REVOKE ALL (description) ON officeauto.tag_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (description) ON officeauto.tag_reference TO officeauto_app;
GRANT SELECT (description) ON officeauto.tag_reference TO officeauto_app;
GRANT UPDATE (description) ON officeauto.tag_reference TO officeauto_app;
GRANT SELECT (description) ON officeauto.tag_reference TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.tag_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.tag_reference TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.tag_reference TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.tag_reference TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.tag_reference TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.tag_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (updated_at) ON officeauto.tag_reference TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.tag_reference TO officeauto_app;
GRANT UPDATE (updated_at) ON officeauto.tag_reference TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.tag_reference TO officeauto_readonly;
REVOKE ALL (deleted_at) ON officeauto.tag_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_at) ON officeauto.tag_reference TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.tag_reference TO officeauto_app;
GRANT UPDATE (deleted_at) ON officeauto.tag_reference TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.tag_reference TO officeauto_readonly;
REVOKE ALL (deleted_by) ON officeauto.tag_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_by) ON officeauto.tag_reference TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.tag_reference TO officeauto_app;
GRANT UPDATE (deleted_by) ON officeauto.tag_reference TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.tag_reference TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.tag_reference FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version) ON officeauto.tag_reference TO officeauto_app;
GRANT SELECT (version) ON officeauto.tag_reference TO officeauto_app;
GRANT UPDATE (version) ON officeauto.tag_reference TO officeauto_app;
GRANT SELECT (version) ON officeauto.tag_reference TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.task_time_entries FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.task_time_entries TO officeauto_app;
GRANT SELECT (id) ON officeauto.task_time_entries TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.task_time_entries FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.task_time_entries TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.task_time_entries TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.task_time_entries TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.task_time_entries TO officeauto_readonly;
REVOKE ALL (task_id) ON officeauto.task_time_entries FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (task_id) ON officeauto.task_time_entries TO officeauto_app;
GRANT SELECT (task_id) ON officeauto.task_time_entries TO officeauto_app;
GRANT UPDATE (task_id) ON officeauto.task_time_entries TO officeauto_app;
GRANT SELECT (task_id) ON officeauto.task_time_entries TO officeauto_readonly;
REVOKE ALL (user_id) ON officeauto.task_time_entries FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (user_id) ON officeauto.task_time_entries TO officeauto_app;
GRANT SELECT (user_id) ON officeauto.task_time_entries TO officeauto_app;
GRANT UPDATE (user_id) ON officeauto.task_time_entries TO officeauto_app;
GRANT SELECT (user_id) ON officeauto.task_time_entries TO officeauto_readonly;
REVOKE ALL (started_at) ON officeauto.task_time_entries FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (started_at) ON officeauto.task_time_entries TO officeauto_app;
GRANT SELECT (started_at) ON officeauto.task_time_entries TO officeauto_app;
GRANT UPDATE (started_at) ON officeauto.task_time_entries TO officeauto_app;
GRANT SELECT (started_at) ON officeauto.task_time_entries TO officeauto_readonly;
REVOKE ALL (ended_at) ON officeauto.task_time_entries FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (ended_at) ON officeauto.task_time_entries TO officeauto_app;
GRANT SELECT (ended_at) ON officeauto.task_time_entries TO officeauto_app;
GRANT UPDATE (ended_at) ON officeauto.task_time_entries TO officeauto_app;
GRANT SELECT (ended_at) ON officeauto.task_time_entries TO officeauto_readonly;
REVOKE ALL (note) ON officeauto.task_time_entries FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (note) ON officeauto.task_time_entries TO officeauto_app;
GRANT SELECT (note) ON officeauto.task_time_entries TO officeauto_app;
GRANT UPDATE (note) ON officeauto.task_time_entries TO officeauto_app;
GRANT SELECT (note) ON officeauto.task_time_entries TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.task_time_entries FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.task_time_entries TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.task_time_entries TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.task_time_entries TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.task_time_entries TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.task_time_entries FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (updated_at) ON officeauto.task_time_entries TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.task_time_entries TO officeauto_app;
GRANT UPDATE (updated_at) ON officeauto.task_time_entries TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.task_time_entries TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.task_time_entries FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version) ON officeauto.task_time_entries TO officeauto_app;
GRANT SELECT (version) ON officeauto.task_time_entries TO officeauto_app;
GRANT UPDATE (version) ON officeauto.task_time_entries TO officeauto_app;
GRANT SELECT (version) ON officeauto.task_time_entries TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.tasks FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (id) ON officeauto.tasks TO officeauto_readonly;
REVOKE ALL (public_id) ON officeauto.tasks FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.tasks TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.tasks FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.tasks TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.tasks TO officeauto_readonly;
REVOKE ALL (parent_id) ON officeauto.tasks FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (parent_id) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (parent_id) ON officeauto.tasks TO officeauto_app;
GRANT UPDATE (parent_id) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (parent_id) ON officeauto.tasks TO officeauto_readonly;
REVOKE ALL (project_id) ON officeauto.tasks FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (project_id) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (project_id) ON officeauto.tasks TO officeauto_app;
GRANT UPDATE (project_id) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (project_id) ON officeauto.tasks TO officeauto_readonly;
REVOKE ALL (client_id) ON officeauto.tasks FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (client_id) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (client_id) ON officeauto.tasks TO officeauto_app;
GRANT UPDATE (client_id) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (client_id) ON officeauto.tasks TO officeauto_readonly;
REVOKE ALL (change_request_id) ON officeauto.tasks FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (change_request_id) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (change_request_id) ON officeauto.tasks TO officeauto_app;
GRANT UPDATE (change_request_id) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (change_request_id) ON officeauto.tasks TO officeauto_readonly;
REVOKE ALL (title) ON officeauto.tasks FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (title) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (title) ON officeauto.tasks TO officeauto_app;
GRANT UPDATE (title) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (title) ON officeauto.tasks TO officeauto_readonly;
REVOKE ALL (description) ON officeauto.tasks FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (description) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (description) ON officeauto.tasks TO officeauto_app;
GRANT UPDATE (description) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (description) ON officeauto.tasks TO officeauto_readonly;
REVOKE ALL (status) ON officeauto.tasks FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (status) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (status) ON officeauto.tasks TO officeauto_app;
GRANT UPDATE (status) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (status) ON officeauto.tasks TO officeauto_readonly;
REVOKE ALL (priority) ON officeauto.tasks FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (priority) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (priority) ON officeauto.tasks TO officeauto_app;
GRANT UPDATE (priority) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (priority) ON officeauto.tasks TO officeauto_readonly;
REVOKE ALL (start_date) ON officeauto.tasks FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (start_date) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (start_date) ON officeauto.tasks TO officeauto_app;
GRANT UPDATE (start_date) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (start_date) ON officeauto.tasks TO officeauto_readonly;
REVOKE ALL (due_date) ON officeauto.tasks FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (due_date) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (due_date) ON officeauto.tasks TO officeauto_app;
GRANT UPDATE (due_date) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (due_date) ON officeauto.tasks TO officeauto_readonly;
REVOKE ALL (completed_at) ON officeauto.tasks FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (completed_at) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (completed_at) ON officeauto.tasks TO officeauto_app;
GRANT UPDATE (completed_at) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (completed_at) ON officeauto.tasks TO officeauto_readonly;
REVOKE ALL (assignee_id) ON officeauto.tasks FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (assignee_id) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (assignee_id) ON officeauto.tasks TO officeauto_app;
GRANT UPDATE (assignee_id) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (assignee_id) ON officeauto.tasks TO officeauto_readonly;
REVOKE ALL (created_by) ON officeauto.tasks FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_by) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (created_by) ON officeauto.tasks TO officeauto_app;
GRANT UPDATE (created_by) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (created_by) ON officeauto.tasks TO officeauto_readonly;
REVOKE ALL (estimated_hours) ON officeauto.tasks FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (estimated_hours) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (estimated_hours) ON officeauto.tasks TO officeauto_app;
GRANT UPDATE (estimated_hours) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (estimated_hours) ON officeauto.tasks TO officeauto_readonly;
REVOKE ALL (spent_minutes) ON officeauto.tasks FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (spent_minutes) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (spent_minutes) ON officeauto.tasks TO officeauto_app;
GRANT UPDATE (spent_minutes) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (spent_minutes) ON officeauto.tasks TO officeauto_readonly;
REVOKE ALL (tags) ON officeauto.tasks FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (tags) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (tags) ON officeauto.tasks TO officeauto_app;
GRANT UPDATE (tags) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (tags) ON officeauto.tasks TO officeauto_readonly;
REVOKE ALL (metadata) ON officeauto.tasks FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (metadata) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (metadata) ON officeauto.tasks TO officeauto_app;
GRANT UPDATE (metadata) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (metadata) ON officeauto.tasks TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.tasks FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.tasks TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.tasks TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.tasks FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (updated_at) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.tasks TO officeauto_app;
GRANT UPDATE (updated_at) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.tasks TO officeauto_readonly;
REVOKE ALL (deleted_at) ON officeauto.tasks FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_at) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.tasks TO officeauto_app;
GRANT UPDATE (deleted_at) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.tasks TO officeauto_readonly;
REVOKE ALL (deleted_by) ON officeauto.tasks FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_by) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.tasks TO officeauto_app;
GRANT UPDATE (deleted_by) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.tasks TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.tasks FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (version) ON officeauto.tasks TO officeauto_app;
GRANT UPDATE (version) ON officeauto.tasks TO officeauto_app;
GRANT SELECT (version) ON officeauto.tasks TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.test_case_relations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.test_case_relations TO officeauto_app;
GRANT SELECT (id) ON officeauto.test_case_relations TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.test_case_relations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.test_case_relations TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.test_case_relations TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.test_case_relations TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.test_case_relations TO officeauto_readonly;
REVOKE ALL (test_case_id) ON officeauto.test_case_relations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (test_case_id) ON officeauto.test_case_relations TO officeauto_app;
GRANT SELECT (test_case_id) ON officeauto.test_case_relations TO officeauto_app;
GRANT UPDATE (test_case_id) ON officeauto.test_case_relations TO officeauto_app;
GRANT SELECT (test_case_id) ON officeauto.test_case_relations TO officeauto_readonly;
REVOKE ALL (related_test_case_id) ON officeauto.test_case_relations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (related_test_case_id) ON officeauto.test_case_relations TO officeauto_app;
GRANT SELECT (related_test_case_id) ON officeauto.test_case_relations TO officeauto_app;
GRANT UPDATE (related_test_case_id) ON officeauto.test_case_relations TO officeauto_app;
GRANT SELECT (related_test_case_id) ON officeauto.test_case_relations TO officeauto_readonly;
REVOKE ALL (document_id) ON officeauto.test_case_relations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (document_id) ON officeauto.test_case_relations TO officeauto_app;
GRANT SELECT (document_id) ON officeauto.test_case_relations TO officeauto_app;
GRANT UPDATE (document_id) ON officeauto.test_case_relations TO officeauto_app;
GRANT SELECT (document_id) ON officeauto.test_case_relations TO officeauto_readonly;
REVOKE ALL (task_id) ON officeauto.test_case_relations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (task_id) ON officeauto.test_case_relations TO officeauto_app;
GRANT SELECT (task_id) ON officeauto.test_case_relations TO officeauto_app;
GRANT UPDATE (task_id) ON officeauto.test_case_relations TO officeauto_app;
GRANT SELECT (task_id) ON officeauto.test_case_relations TO officeauto_readonly;
REVOKE ALL (change_request_id) ON officeauto.test_case_relations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (change_request_id) ON officeauto.test_case_relations TO officeauto_app;
GRANT SELECT (change_request_id) ON officeauto.test_case_relations TO officeauto_app;
GRANT UPDATE (change_request_id) ON officeauto.test_case_relations TO officeauto_app;
GRANT SELECT (change_request_id) ON officeauto.test_case_relations TO officeauto_readonly;
REVOKE ALL (relation_type) ON officeauto.test_case_relations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (relation_type) ON officeauto.test_case_relations TO officeauto_app;
GRANT SELECT (relation_type) ON officeauto.test_case_relations TO officeauto_app;
GRANT UPDATE (relation_type) ON officeauto.test_case_relations TO officeauto_app;
GRANT SELECT (relation_type) ON officeauto.test_case_relations TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.test_case_relations FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.test_case_relations TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.test_case_relations TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.test_case_relations TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.test_case_relations TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.test_cases FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (id) ON officeauto.test_cases TO officeauto_readonly;
REVOKE ALL (public_id) ON officeauto.test_cases FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.test_cases TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.test_cases FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.test_cases TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.test_cases TO officeauto_readonly;
REVOKE ALL (project_id) ON officeauto.test_cases FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (project_id) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (project_id) ON officeauto.test_cases TO officeauto_app;
GRANT UPDATE (project_id) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (project_id) ON officeauto.test_cases TO officeauto_readonly;
REVOKE ALL (source_test_case_id) ON officeauto.test_cases FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (source_test_case_id) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (source_test_case_id) ON officeauto.test_cases TO officeauto_app;
GRANT UPDATE (source_test_case_id) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (source_test_case_id) ON officeauto.test_cases TO officeauto_readonly;
REVOKE ALL (title) ON officeauto.test_cases FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (title) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (title) ON officeauto.test_cases TO officeauto_app;
GRANT UPDATE (title) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (title) ON officeauto.test_cases TO officeauto_readonly;
REVOKE ALL (description) ON officeauto.test_cases FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (description) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (description) ON officeauto.test_cases TO officeauto_app;
GRANT UPDATE (description) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (description) ON officeauto.test_cases TO officeauto_readonly;
REVOKE ALL (preconditions) ON officeauto.test_cases FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (preconditions) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (preconditions) ON officeauto.test_cases TO officeauto_app;
GRANT UPDATE (preconditions) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (preconditions) ON officeauto.test_cases TO officeauto_readonly;
REVOKE ALL (steps) ON officeauto.test_cases FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (steps) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (steps) ON officeauto.test_cases TO officeauto_app;
GRANT UPDATE (steps) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (steps) ON officeauto.test_cases TO officeauto_readonly;
REVOKE ALL (expected_result) ON officeauto.test_cases FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (expected_result) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (expected_result) ON officeauto.test_cases TO officeauto_app;
GRANT UPDATE (expected_result) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (expected_result) ON officeauto.test_cases TO officeauto_readonly;
REVOKE ALL (priority) ON officeauto.test_cases FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (priority) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (priority) ON officeauto.test_cases TO officeauto_app;
GRANT UPDATE (priority) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (priority) ON officeauto.test_cases TO officeauto_readonly;
REVOKE ALL (status) ON officeauto.test_cases FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (status) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (status) ON officeauto.test_cases TO officeauto_app;
GRANT UPDATE (status) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (status) ON officeauto.test_cases TO officeauto_readonly;
REVOKE ALL (automation_status) ON officeauto.test_cases FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (automation_status) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (automation_status) ON officeauto.test_cases TO officeauto_app;
GRANT UPDATE (automation_status) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (automation_status) ON officeauto.test_cases TO officeauto_readonly;
REVOKE ALL (is_template) ON officeauto.test_cases FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (is_template) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (is_template) ON officeauto.test_cases TO officeauto_app;
GRANT UPDATE (is_template) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (is_template) ON officeauto.test_cases TO officeauto_readonly;
REVOKE ALL (reuse_count) ON officeauto.test_cases FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (reuse_count) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (reuse_count) ON officeauto.test_cases TO officeauto_app;
GRANT UPDATE (reuse_count) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (reuse_count) ON officeauto.test_cases TO officeauto_readonly;
REVOKE ALL (created_by) ON officeauto.test_cases FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_by) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (created_by) ON officeauto.test_cases TO officeauto_app;
GRANT UPDATE (created_by) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (created_by) ON officeauto.test_cases TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.test_cases FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.test_cases TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.test_cases TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.test_cases FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (updated_at) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.test_cases TO officeauto_app;
GRANT UPDATE (updated_at) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.test_cases TO officeauto_readonly;
REVOKE ALL (deleted_at) ON officeauto.test_cases FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_at) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.test_cases TO officeauto_app;
GRANT UPDATE (deleted_at) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.test_cases TO officeauto_readonly;
REVOKE ALL (deleted_by) ON officeauto.test_cases FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (deleted_by) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.test_cases TO officeauto_app;
GRANT UPDATE (deleted_by) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.test_cases TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.test_cases FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (version) ON officeauto.test_cases TO officeauto_app;
GRANT UPDATE (version) ON officeauto.test_cases TO officeauto_app;
GRANT SELECT (version) ON officeauto.test_cases TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.test_executions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.test_executions TO officeauto_app;
GRANT SELECT (id) ON officeauto.test_executions TO officeauto_readonly;
REVOKE ALL (public_id) ON officeauto.test_executions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.test_executions TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.test_executions TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.test_executions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.test_executions TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.test_executions TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.test_executions TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.test_executions TO officeauto_readonly;
REVOKE ALL (test_case_id) ON officeauto.test_executions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (test_case_id) ON officeauto.test_executions TO officeauto_app;
GRANT SELECT (test_case_id) ON officeauto.test_executions TO officeauto_app;
GRANT UPDATE (test_case_id) ON officeauto.test_executions TO officeauto_app;
GRANT SELECT (test_case_id) ON officeauto.test_executions TO officeauto_readonly;
REVOKE ALL (executed_by) ON officeauto.test_executions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (executed_by) ON officeauto.test_executions TO officeauto_app;
GRANT SELECT (executed_by) ON officeauto.test_executions TO officeauto_app;
GRANT UPDATE (executed_by) ON officeauto.test_executions TO officeauto_app;
GRANT SELECT (executed_by) ON officeauto.test_executions TO officeauto_readonly;
REVOKE ALL (result) ON officeauto.test_executions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (result) ON officeauto.test_executions TO officeauto_app;
GRANT SELECT (result) ON officeauto.test_executions TO officeauto_app;
GRANT UPDATE (result) ON officeauto.test_executions TO officeauto_app;
GRANT SELECT (result) ON officeauto.test_executions TO officeauto_readonly;
REVOKE ALL (started_at) ON officeauto.test_executions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (started_at) ON officeauto.test_executions TO officeauto_app;
GRANT SELECT (started_at) ON officeauto.test_executions TO officeauto_app;
GRANT UPDATE (started_at) ON officeauto.test_executions TO officeauto_app;
GRANT SELECT (started_at) ON officeauto.test_executions TO officeauto_readonly;
REVOKE ALL (finished_at) ON officeauto.test_executions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (finished_at) ON officeauto.test_executions TO officeauto_app;
GRANT SELECT (finished_at) ON officeauto.test_executions TO officeauto_app;
GRANT UPDATE (finished_at) ON officeauto.test_executions TO officeauto_app;
GRANT SELECT (finished_at) ON officeauto.test_executions TO officeauto_readonly;
REVOKE ALL (environment) ON officeauto.test_executions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (environment) ON officeauto.test_executions TO officeauto_app;
GRANT SELECT (environment) ON officeauto.test_executions TO officeauto_app;
GRANT UPDATE (environment) ON officeauto.test_executions TO officeauto_app;
GRANT SELECT (environment) ON officeauto.test_executions TO officeauto_readonly;
REVOKE ALL (notes) ON officeauto.test_executions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (notes) ON officeauto.test_executions TO officeauto_app;
GRANT SELECT (notes) ON officeauto.test_executions TO officeauto_app;
GRANT UPDATE (notes) ON officeauto.test_executions TO officeauto_app;
GRANT SELECT (notes) ON officeauto.test_executions TO officeauto_readonly;
REVOKE ALL (defect_task_id) ON officeauto.test_executions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (defect_task_id) ON officeauto.test_executions TO officeauto_app;
GRANT SELECT (defect_task_id) ON officeauto.test_executions TO officeauto_app;
GRANT UPDATE (defect_task_id) ON officeauto.test_executions TO officeauto_app;
GRANT SELECT (defect_task_id) ON officeauto.test_executions TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.test_executions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.test_executions TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.test_executions TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.test_executions TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.test_executions TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.test_executions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (updated_at) ON officeauto.test_executions TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.test_executions TO officeauto_app;
GRANT UPDATE (updated_at) ON officeauto.test_executions TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.test_executions TO officeauto_readonly;
REVOKE ALL (version) ON officeauto.test_executions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (version) ON officeauto.test_executions TO officeauto_app;
GRANT SELECT (version) ON officeauto.test_executions TO officeauto_app;
GRANT UPDATE (version) ON officeauto.test_executions TO officeauto_app;
GRANT SELECT (version) ON officeauto.test_executions TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.user_roles FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.user_roles TO officeauto_app;
GRANT SELECT (id) ON officeauto.user_roles TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.user_roles FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.user_roles TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.user_roles TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.user_roles TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.user_roles TO officeauto_readonly;
REVOKE ALL (user_id) ON officeauto.user_roles FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (user_id) ON officeauto.user_roles TO officeauto_app;
GRANT SELECT (user_id) ON officeauto.user_roles TO officeauto_app;
GRANT UPDATE (user_id) ON officeauto.user_roles TO officeauto_app;
GRANT SELECT (user_id) ON officeauto.user_roles TO officeauto_readonly;
REVOKE ALL (role_id) ON officeauto.user_roles FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (role_id) ON officeauto.user_roles TO officeauto_app;
GRANT SELECT (role_id) ON officeauto.user_roles TO officeauto_app;
GRANT UPDATE (role_id) ON officeauto.user_roles TO officeauto_app;
GRANT SELECT (role_id) ON officeauto.user_roles TO officeauto_readonly;
REVOKE ALL (project_id) ON officeauto.user_roles FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (project_id) ON officeauto.user_roles TO officeauto_app;
GRANT SELECT (project_id) ON officeauto.user_roles TO officeauto_app;
GRANT UPDATE (project_id) ON officeauto.user_roles TO officeauto_app;
GRANT SELECT (project_id) ON officeauto.user_roles TO officeauto_readonly;
REVOKE ALL (granted_by) ON officeauto.user_roles FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (granted_by) ON officeauto.user_roles TO officeauto_app;
GRANT SELECT (granted_by) ON officeauto.user_roles TO officeauto_app;
GRANT UPDATE (granted_by) ON officeauto.user_roles TO officeauto_app;
GRANT SELECT (granted_by) ON officeauto.user_roles TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.user_roles FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT INSERT (created_at) ON officeauto.user_roles TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.user_roles TO officeauto_app;
GRANT UPDATE (created_at) ON officeauto.user_roles TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.user_roles TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.user_sessions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.user_sessions TO officeauto_app;
GRANT SELECT (id) ON officeauto.user_sessions TO officeauto_readonly;
REVOKE ALL (public_id) ON officeauto.user_sessions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.user_sessions TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.user_sessions TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.user_sessions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (organization_id) ON officeauto.user_sessions TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.user_sessions TO officeauto_readonly;
REVOKE ALL (user_id) ON officeauto.user_sessions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (user_id) ON officeauto.user_sessions TO officeauto_app;
GRANT SELECT (user_id) ON officeauto.user_sessions TO officeauto_readonly;
REVOKE ALL (client_type) ON officeauto.user_sessions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (client_type) ON officeauto.user_sessions TO officeauto_app;
GRANT SELECT (client_type) ON officeauto.user_sessions TO officeauto_readonly;
REVOKE ALL (ip_address) ON officeauto.user_sessions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (ip_address) ON officeauto.user_sessions TO officeauto_app;
GRANT SELECT (ip_address) ON officeauto.user_sessions TO officeauto_readonly;
REVOKE ALL (user_agent) ON officeauto.user_sessions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (user_agent) ON officeauto.user_sessions TO officeauto_app;
GRANT SELECT (user_agent) ON officeauto.user_sessions TO officeauto_readonly;
REVOKE ALL (created_at) ON officeauto.user_sessions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (created_at) ON officeauto.user_sessions TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.user_sessions TO officeauto_readonly;
REVOKE ALL (last_activity_at) ON officeauto.user_sessions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (last_activity_at) ON officeauto.user_sessions TO officeauto_app;
GRANT SELECT (last_activity_at) ON officeauto.user_sessions TO officeauto_readonly;
REVOKE ALL (expires_at) ON officeauto.user_sessions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (expires_at) ON officeauto.user_sessions TO officeauto_app;
GRANT SELECT (expires_at) ON officeauto.user_sessions TO officeauto_readonly;
REVOKE ALL (revoked_at) ON officeauto.user_sessions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (revoked_at) ON officeauto.user_sessions TO officeauto_app;
GRANT SELECT (revoked_at) ON officeauto.user_sessions TO officeauto_readonly;
REVOKE ALL (revoke_reason) ON officeauto.user_sessions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (revoke_reason) ON officeauto.user_sessions TO officeauto_app;
GRANT SELECT (revoke_reason) ON officeauto.user_sessions TO officeauto_readonly;
REVOKE ALL (slot) ON officeauto.user_sessions FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (slot) ON officeauto.user_sessions TO officeauto_app;
GRANT SELECT (slot) ON officeauto.user_sessions TO officeauto_readonly;
REVOKE ALL (id) ON officeauto.users FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (id) ON officeauto.users TO officeauto_app;
GRANT SELECT (id) ON officeauto.users TO officeauto_readonly;
REVOKE ALL (public_id) ON officeauto.users FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (public_id) ON officeauto.users TO officeauto_app;
GRANT SELECT (public_id) ON officeauto.users TO officeauto_readonly;
REVOKE ALL (organization_id) ON officeauto.users FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (organization_id) ON officeauto.users TO officeauto_app;
GRANT UPDATE (organization_id) ON officeauto.users TO officeauto_app;
GRANT SELECT (organization_id) ON officeauto.users TO officeauto_readonly;
GRANT INSERT (organization_id) ON officeauto.users TO officeauto_admin;
GRANT UPDATE (organization_id) ON officeauto.users TO officeauto_admin;
REVOKE ALL (username) ON officeauto.users FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (username) ON officeauto.users TO officeauto_app;
GRANT SELECT (username) ON officeauto.users TO officeauto_readonly;
GRANT INSERT (username) ON officeauto.users TO officeauto_admin;
GRANT UPDATE (username) ON officeauto.users TO officeauto_admin;
REVOKE ALL (email) ON officeauto.users FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (email) ON officeauto.users TO officeauto_app;
GRANT SELECT (email) ON officeauto.users TO officeauto_readonly;
GRANT INSERT (email) ON officeauto.users TO officeauto_admin;
GRANT UPDATE (email) ON officeauto.users TO officeauto_admin;
REVOKE ALL (full_name) ON officeauto.users FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (full_name) ON officeauto.users TO officeauto_app;
GRANT UPDATE (full_name) ON officeauto.users TO officeauto_app;
GRANT SELECT (full_name) ON officeauto.users TO officeauto_readonly;
GRANT INSERT (full_name) ON officeauto.users TO officeauto_admin;
GRANT UPDATE (full_name) ON officeauto.users TO officeauto_admin;
REVOKE ALL (status) ON officeauto.users FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (status) ON officeauto.users TO officeauto_app;
GRANT UPDATE (status) ON officeauto.users TO officeauto_app;
GRANT SELECT (status) ON officeauto.users TO officeauto_readonly;
GRANT INSERT (status) ON officeauto.users TO officeauto_admin;
GRANT UPDATE (status) ON officeauto.users TO officeauto_admin;
REVOKE ALL (email_verified_at) ON officeauto.users FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (email_verified_at) ON officeauto.users TO officeauto_app;
GRANT UPDATE (email_verified_at) ON officeauto.users TO officeauto_app;
GRANT SELECT (email_verified_at) ON officeauto.users TO officeauto_readonly;
GRANT INSERT (email_verified_at) ON officeauto.users TO officeauto_admin;
GRANT UPDATE (email_verified_at) ON officeauto.users TO officeauto_admin;
REVOKE ALL (last_login_at) ON officeauto.users FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (last_login_at) ON officeauto.users TO officeauto_app;
GRANT UPDATE (last_login_at) ON officeauto.users TO officeauto_app;
GRANT SELECT (last_login_at) ON officeauto.users TO officeauto_readonly;
GRANT INSERT (last_login_at) ON officeauto.users TO officeauto_admin;
GRANT UPDATE (last_login_at) ON officeauto.users TO officeauto_admin;
REVOKE ALL (timezone) ON officeauto.users FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (timezone) ON officeauto.users TO officeauto_app;
GRANT UPDATE (timezone) ON officeauto.users TO officeauto_app;
GRANT SELECT (timezone) ON officeauto.users TO officeauto_readonly;
GRANT INSERT (timezone) ON officeauto.users TO officeauto_admin;
GRANT UPDATE (timezone) ON officeauto.users TO officeauto_admin;
REVOKE ALL (locale) ON officeauto.users FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (locale) ON officeauto.users TO officeauto_app;
GRANT UPDATE (locale) ON officeauto.users TO officeauto_app;
GRANT SELECT (locale) ON officeauto.users TO officeauto_readonly;
GRANT INSERT (locale) ON officeauto.users TO officeauto_admin;
GRANT UPDATE (locale) ON officeauto.users TO officeauto_admin;
REVOKE ALL (two_factor_enabled) ON officeauto.users FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (two_factor_enabled) ON officeauto.users TO officeauto_app;
GRANT UPDATE (two_factor_enabled) ON officeauto.users TO officeauto_app;
GRANT SELECT (two_factor_enabled) ON officeauto.users TO officeauto_readonly;
GRANT INSERT (two_factor_enabled) ON officeauto.users TO officeauto_admin;
GRANT UPDATE (two_factor_enabled) ON officeauto.users TO officeauto_admin;
REVOKE ALL (preferences) ON officeauto.users FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (preferences) ON officeauto.users TO officeauto_app;
GRANT UPDATE (preferences) ON officeauto.users TO officeauto_app;
GRANT SELECT (preferences) ON officeauto.users TO officeauto_readonly;
GRANT INSERT (preferences) ON officeauto.users TO officeauto_admin;
GRANT UPDATE (preferences) ON officeauto.users TO officeauto_admin;
REVOKE ALL (created_at) ON officeauto.users FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (created_at) ON officeauto.users TO officeauto_app;
GRANT SELECT (created_at) ON officeauto.users TO officeauto_readonly;
REVOKE ALL (updated_at) ON officeauto.users FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (updated_at) ON officeauto.users TO officeauto_app;
GRANT SELECT (updated_at) ON officeauto.users TO officeauto_readonly;
REVOKE ALL (deleted_at) ON officeauto.users FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (deleted_at) ON officeauto.users TO officeauto_app;
GRANT UPDATE (deleted_at) ON officeauto.users TO officeauto_app;
GRANT SELECT (deleted_at) ON officeauto.users TO officeauto_readonly;
GRANT INSERT (deleted_at) ON officeauto.users TO officeauto_admin;
GRANT UPDATE (deleted_at) ON officeauto.users TO officeauto_admin;
REVOKE ALL (deleted_by) ON officeauto.users FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (deleted_by) ON officeauto.users TO officeauto_app;
GRANT UPDATE (deleted_by) ON officeauto.users TO officeauto_app;
GRANT SELECT (deleted_by) ON officeauto.users TO officeauto_readonly;
GRANT INSERT (deleted_by) ON officeauto.users TO officeauto_admin;
GRANT UPDATE (deleted_by) ON officeauto.users TO officeauto_admin;
REVOKE ALL (version) ON officeauto.users FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (version) ON officeauto.users TO officeauto_app;
GRANT UPDATE (version) ON officeauto.users TO officeauto_app;
GRANT SELECT (version) ON officeauto.users TO officeauto_readonly;
GRANT INSERT (version) ON officeauto.users TO officeauto_admin;
GRANT UPDATE (version) ON officeauto.users TO officeauto_admin;
REVOKE ALL (locked_until) ON officeauto.users FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT UPDATE (locked_until) ON officeauto.users TO officeauto_app;
GRANT INSERT (locked_until) ON officeauto.users TO officeauto_admin;
GRANT UPDATE (locked_until) ON officeauto.users TO officeauto_admin;
REVOKE ALL (lock_count) ON officeauto.users FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT UPDATE (lock_count) ON officeauto.users TO officeauto_app;
GRANT INSERT (lock_count) ON officeauto.users TO officeauto_admin;
GRANT UPDATE (lock_count) ON officeauto.users TO officeauto_admin;
REVOKE ALL (signup_method) ON officeauto.users FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (signup_method) ON officeauto.users TO officeauto_app;
GRANT SELECT (signup_method) ON officeauto.users TO officeauto_readonly;
GRANT SELECT (signup_method) ON officeauto.users TO officeauto_admin;
REVOKE ALL (erased_at) ON officeauto.users FROM officeauto_app, officeauto_admin, officeauto_readonly;
GRANT SELECT (erased_at) ON officeauto.users TO officeauto_app;
GRANT SELECT (erased_at) ON officeauto.users TO officeauto_readonly;
GRANT SELECT (erased_at) ON officeauto.users TO officeauto_admin;

-- Comments as 0.2.0 writes them.
COMMENT ON SCHEMA officeauto IS 'officeauto: office-automation back end (identity, sessions, work, documents, CRM, projects, audit).';
COMMENT ON MATERIALIZED VIEW officeauto.project_stats IS 'Per-project counters (tasks by state, documents, open change requests, test cases and pass rate, members). All tenants: officeauto_admin only; applications use project_dashboard.';
COMMENT ON MATERIALIZED VIEW officeauto.user_dashboard_stats IS 'Per-user dashboard counters (open/overdue/recently completed tasks, unread inbox and notifications, upcoming events). All tenants: officeauto_admin only; applications use user_dashboard.';
COMMENT ON TABLE officeauto.access_role_reference IS 'Project access roles (owner, manager, contributor, viewer, ...), shared by all organizations.';
COMMENT ON TABLE officeauto.audit_logs IS 'Transactional audit trail of row changes and application events, partitioned by month on created_at (default partition catches rows without a monthly partition).';
COMMENT ON TABLE officeauto.audit_logs_archive IS 'Archived audit rows, same shape as audit_logs; whole months arrive as partitions moved from audit_logs.';
COMMENT ON TABLE officeauto.calendar_resources IS 'Bookable resources (rooms, equipment, vehicles); events booking one cannot overlap.';
COMMENT ON TABLE officeauto.captcha_attempts IS 'Captcha challenges demanded and their outcome, per login identifier and client IP. Pre-authentication, so not tenant-scoped.';
COMMENT ON TABLE officeauto.cartable IS 'The cartable (kartable): each row is an item (task, document or change request) referred to a user, with a note and read/acted/archived state. parent_id links a referral to the item it forwards, forming the forwarding chain.';
COMMENT ON TABLE officeauto.change_request_approvals IS 'Approvers of a change request and their decisions; a request is approved only when every required approver approved.';
COMMENT ON TABLE officeauto.change_request_impacts IS 'Assessed impact of a change request per area (scope, schedule, cost, ...).';
COMMENT ON TABLE officeauto.change_requests IS 'Change control: a requested change to a project, its impacts and its approvals.';
COMMENT ON TABLE officeauto.clients IS 'CRM clients (customers and prospects) with an owner, tags and a time zone.';
COMMENT ON TABLE officeauto.comments IS 'Threaded comments (parent_id) on any entity, identified by type and public id; mentions lists mentioned user ids.';
COMMENT ON TABLE officeauto.credential_audit_logs IS 'Who viewed, created, updated, deleted or decrypted which credential, from where. Append-only for applications.';
COMMENT ON TABLE officeauto.credential_keys IS 'Keyring of credential data keys, each wrapped (AES-256-GCM) by the server''s master key; exactly one is current. Key ids are never reused and key material never changes.';
COMMENT ON TABLE officeauto.credentials IS 'Client credentials (logins to client systems); the secret is stored only encrypted.';
COMMENT ON TABLE officeauto.document_relations IS 'Typed links between documents (references, supersedes, depends_on, derived_from, related).';
COMMENT ON TABLE officeauto.document_versions IS 'History of a document''s content: one row per version with checksum and size; the one flagged is_current is the current version.';
COMMENT ON TABLE officeauto.documents IS 'Managed documents: metadata, extracted text for full-text search, lifecycle status and template flag; versions in document_versions.';
COMMENT ON TABLE officeauto.documents_ingest IS 'Staging area for uploads awaiting validation: pending, validated, rejected (with a reason) or promoted to a document.';
COMMENT ON TABLE officeauto.email_verifications IS 'Single-use, expiring tokens for e-mail verification and password reset. Only the SHA-256 digest of a token is stored.';
COMMENT ON TABLE officeauto.events IS 'Calendar events; a resource cannot be booked by two live, non-cancelled events at overlapping times.';
COMMENT ON TABLE officeauto.failed_login_attempts IS 'Failed logins per identifier, account and IP: the input of lockout and captcha decisions. Pre-authentication, so not tenant-scoped.';
COMMENT ON TABLE officeauto.file_versions IS 'Versions of a file: storage key, SHA-256 checksum and size (> 0); exactly the version flagged is_current is the one clients download.';
COMMENT ON TABLE officeauto.files IS 'File attachments (bytes live in external storage); versions in file_versions.';
COMMENT ON TABLE officeauto.filetype_reference IS 'Known MIME types with extension, size limit and whether uploads of the type are allowed.';
COMMENT ON TABLE officeauto.invitations IS 'Invitations to join an organization with a role, sent to an e-mail address: single use, expiring, revocable. Only the SHA-256 digest of the token is stored. Written by invite_user, revoke_invitation and accept_invitation only.';
COMMENT ON TABLE officeauto.login_throttle IS 'Temporary locks of login identifiers that match no account (lower-cased, trimmed), so they behave like accounts. Pre-authentication, so not tenant-scoped.';
COMMENT ON TABLE officeauto.lots IS 'Receiving lots (goods received, processed, completed or rejected).';
COMMENT ON TABLE officeauto.messages IS 'Chat messages, direct (recipient_id) or in a conversation.';
COMMENT ON TABLE officeauto.mfa_challenges IS 'Pending second steps of logins: a single-use, short-lived token (digest only) bound to the login''s client type, address and user agent.';
COMMENT ON TABLE officeauto.mfa_recovery_codes IS 'One-time recovery codes of users with two-factor on, stored as digests only; a used code keeps its row with used_at.';
COMMENT ON TABLE officeauto.notifications IS 'Notifications to a user (assignment, referral, mention, approval request, ...) per channel, with delivery and read state and an optional expiry. Partitioned by month on public_id (UUID v7).';
COMMENT ON TABLE officeauto.organizations IS 'Tenants. Every tenant table carries organization_id and is isolated by row-level security.';
COMMENT ON TABLE officeauto.password_reset_requests IS 'Password-reset requests of the last hour per identifier (lower-cased, trimmed), known or not, for the throttle of request_password_reset(). Pre-authentication, so not tenant-scoped.';
COMMENT ON TABLE officeauto.permissions IS 'Permission vocabulary: resource x action x scope (GLOBAL, PROJECT, SELF). Shared by all organizations.';
COMMENT ON TABLE officeauto.project_members IS 'Who takes part in a project, with which access role (seed: project_access).';
COMMENT ON TABLE officeauto.project_tags IS 'Tags attached to projects (many to many). Link rows are inserted and deleted, never updated.';
COMMENT ON TABLE officeauto.projects IS 'Projects (hierarchical through parent_id): the container of documents, tasks, change requests and test cases.';
COMMENT ON TABLE officeauto.refresh_tokens IS 'Rotating refresh tokens. Each use replaces the token (parent/replaced_by chain within a family); presenting a used token again revokes the whole family.';
COMMENT ON TABLE officeauto.reporting_access IS 'Read access of reporting roles (members of officeauto_readonly) to organizations, granted with grant_reporting_access(). Roles are named, so a dump restores into a cluster with the same role names.';
COMMENT ON TABLE officeauto.role_permissions IS 'Which permissions a role grants. Link rows are inserted and deleted, never updated (no version).';
COMMENT ON TABLE officeauto.role_templates IS 'Permissions of the built-in roles (owner, admin, manager, member, viewer) every organization receives; the README shows them as a matrix.';
COMMENT ON TABLE officeauto.roles IS 'Named sets of permissions, defined per organization (e.g. admin, manager, member).';
COMMENT ON TABLE officeauto.schema_version IS 'Install and upgrade history of the extension''s schema (one row per CREATE EXTENSION / ALTER EXTENSION UPDATE step).';
COMMENT ON TABLE officeauto.session_limits IS 'Organization policy: most live sessions a user may hold per client type (1 to 20). A client type without a row allows one; at the limit a new login replaces the least recently active session.';
COMMENT ON TABLE officeauto.shortcuts IS 'A user''s quick actions, in display order.';
COMMENT ON TABLE officeauto.signup_reservations IS 'Usernames sign_up answered for an address that already has an account (nothing else was stored), held as taken for the life of a verification token so the answer cannot be told from a real sign-up. Pre-authentication, so not tenant-scoped.';
COMMENT ON TABLE officeauto.storage_reference IS 'Where file bytes live (local disk, MinIO, S3, Azure Blob); at most one default per organization. Holds no access keys.';
COMMENT ON TABLE officeauto.tag_reference IS 'Project tags of an organization (lower-case names), grouped by category for filtering and UI.';
COMMENT ON TABLE officeauto.task_time_entries IS 'Time spent on a task by a user (at most 24 hours per entry).';
COMMENT ON TABLE officeauto.tasks IS 'Tasks of every module (office work, CRM follow-ups, project work items); hierarchical through parent_id.';
COMMENT ON TABLE officeauto.test_case_relations IS 'What a test case covers or relates to: another test case, a document, a task or a change request.';
COMMENT ON TABLE officeauto.test_cases IS 'Test cases of a project; templates are reused (source_test_case_id, reuse_count).';
COMMENT ON TABLE officeauto.test_executions IS 'Runs of a test case with their result; a failure may link the defect task. Partitioned by quarter on public_id (UUID v7).';
COMMENT ON TABLE officeauto.user_roles IS 'Role assignments, organization-wide (project_id NULL) or for one project.';
COMMENT ON TABLE officeauto.user_sessions IS 'Login sessions. Live (unrevoked) sessions per user and client type are limited by the organization''s policy (officeauto.session_limits, 1 by default), each holding one slot. The token is handed to the client once; only its SHA-256 digest is stored.';
COMMENT ON TABLE officeauto.user_totp IS 'TOTP enrolment of a user: the sealed secret, whether it is confirmed (two-factor on), and the last accepted time step (replay refusal). Written by the MFA functions only.';
COMMENT ON TABLE officeauto.users IS 'Accounts. One users table serves every module (office, CRM, projects).';
COMMENT ON VIEW officeauto.active_documents IS 'Live (not soft-deleted) documents with project, type, storage, author and current version number.';
COMMENT ON VIEW officeauto.active_users IS 'Live, active users who logged in during the last 7 days.';
COMMENT ON VIEW officeauto.audit_trail_by_project IS 'Audit rows of each project: changes to the project row and to rows carrying its project_id.';
COMMENT ON VIEW officeauto.audited_tables IS 'Tables with the audit trigger and their options.';
COMMENT ON VIEW officeauto.client_overview IS 'Live clients with owner, task counts (total, pending, overdue) and credential count.';
COMMENT ON VIEW officeauto.credential_audit_summary IS 'Per live credential: access counts by action, last access, distinct users and IPs.';
COMMENT ON VIEW officeauto.document_history IS 'Every recorded change to document rows (live trail and archive).';
COMMENT ON VIEW officeauto.inbox IS 'The cartable as an inbox: each user''s unarchived items with subject, sender, note, state (unread/read/done) and overdue flag.';
COMMENT ON VIEW officeauto.inbox_summary IS 'Per user: open, unread, due (by end of today) and overdue cartable items.';
COMMENT ON VIEW officeauto.onboarding_project_summary IS 'Live projects with manager, document, participant and open-task counts and tags: the first screen of a newcomer.';
COMMENT ON VIEW officeauto.pending_documents IS 'Staged uploads not yet promoted or rejected (status pending or validated), oldest wait first when ordered by received_at.';
COMMENT ON VIEW officeauto.pending_events IS 'Upcoming (not yet started), live, non-cancelled events.';
COMMENT ON VIEW officeauto.project_dashboard IS 'project_stats restricted to the projects the caller may read (PROJECT READ) in their organization.';
COMMENT ON VIEW officeauto.project_history IS 'Every recorded change to project rows (live trail and archive), newest last by created_at.';
COMMENT ON VIEW officeauto.recent_messages IS 'Live messages of the last 24 hours with sender and recipient names.';
COMMENT ON VIEW officeauto.rejected_documents IS 'Staged uploads rejected at validation, with the reason.';
COMMENT ON VIEW officeauto.session_monitoring IS 'Unexpired, unrevoked sessions with user, client and idle time; state is idle after 15 minutes without activity, else active.';
COMMENT ON VIEW officeauto.task_overview IS 'Live tasks with client, project and assignee names and urgency_status: overdue, due_today, due_soon (within 3 days) or normal (closed, undated or later). Dates are compared in the session''s TimeZone.';
COMMENT ON VIEW officeauto.user_dashboard IS 'user_dashboard_stats restricted to the caller''s organization (a reporting login: the organizations granted to it).';
COMMENT ON COLUMN officeauto.audit_logs.action IS 'INSERT, UPDATE, DELETE, TRUNCATE, or an application event name from log_activity().';
COMMENT ON COLUMN officeauto.audit_logs.changed_columns IS 'Columns an UPDATE changed (secret columns included by name only).';
COMMENT ON COLUMN officeauto.audit_logs.new_data IS 'Row after the change as to_jsonb(row) renders it (secret columns read "[redacted]").';
COMMENT ON COLUMN officeauto.audit_logs.old_data IS 'Row before the change as to_jsonb(row) renders it (secret columns read "[redacted]").';
COMMENT ON COLUMN officeauto.audit_logs.record_id IS 'Stable id of the audited row, derived from table and primary key: a row''s whole history is one indexed lookup.';
COMMENT ON COLUMN officeauto.audit_logs.row_pk IS 'Primary key of the audited row as JSON.';
COMMENT ON COLUMN officeauto.cartable.action_required IS 'What the recipient is asked to do: do, review, approve, sign or info.';
COMMENT ON COLUMN officeauto.cartable.parent_id IS 'The inbox item this one was forwarded from (forwarding chain).';
COMMENT ON COLUMN officeauto.change_requests.decided_at IS 'When the request was approved or rejected; required for those statuses.';
COMMENT ON COLUMN officeauto.clients.tags IS 'Categorization tags, stored normalized (trimmed, lower-case, unique, sorted); GIN-indexed.';
COMMENT ON COLUMN officeauto.clients.timezone IS 'IANA time zone name of the client (e.g. Europe/Paris).';
COMMENT ON COLUMN officeauto.credential_audit_logs.credential_public_id IS 'Public id of the credential, kept after the credential itself is deleted.';
COMMENT ON COLUMN officeauto.credential_keys.wrapped_key IS 'The data key encrypted under the master key (envelope format 1).';
COMMENT ON COLUMN officeauto.credentials.encrypted_value IS 'Encrypted secret (versioned AEAD envelope). Not readable by officeauto_app or officeauto_readonly.';
COMMENT ON COLUMN officeauto.credentials.key_id IS 'Id of the data key the value is encrypted under (drives key rotation).';
COMMENT ON COLUMN officeauto.document_versions.is_current IS 'The current version of the document (at most one per document). The pointer lives here rather than on documents so the two tables have no foreign-key cycle, which pg_restore could not load.';
COMMENT ON COLUMN officeauto.documents.checksum_sha256 IS 'SHA-256 of the current content; duplicate uploads are detected through it.';
COMMENT ON COLUMN officeauto.documents.is_template IS 'A template new documents are created from.';
COMMENT ON COLUMN officeauto.documents.search_vector IS 'Weighted full-text vector (title A, description B, content C), computed by the database; GIN-indexed.';
COMMENT ON COLUMN officeauto.documents_ingest.s3_key IS 'Object key of the uploaded bytes in the storage backend.';
COMMENT ON COLUMN officeauto.email_verifications.token_digest IS 'SHA-256 of the token handed to the user. Secret: not readable by officeauto_app or officeauto_readonly.';
COMMENT ON COLUMN officeauto.events.attendees IS 'Attendee e-mails or names; GIN-indexed.';
COMMENT ON COLUMN officeauto.failed_login_attempts.identifier IS 'The username or e-mail as typed (the password is never recorded).';
COMMENT ON COLUMN officeauto.file_versions.is_current IS 'The current version of the file (at most one per file). The pointer lives here rather than on files so the two tables have no foreign-key cycle, which pg_restore could not load.';
COMMENT ON COLUMN officeauto.invitations.role_id IS 'The organization-wide role the invitee receives on acceptance.';
COMMENT ON COLUMN officeauto.invitations.token_digest IS 'SHA-256 of the invitation token. Secret: not readable by officeauto_app or officeauto_readonly.';
COMMENT ON COLUMN officeauto.messages.body IS 'Message text (seed column "text"), 1 to 10000 characters.';
COMMENT ON COLUMN officeauto.mfa_recovery_codes.code_digest IS 'SHA-256 of the code (80 random bits) bound to the user''s public id.';
COMMENT ON COLUMN officeauto.organizations.current_period_end IS 'End of the paid or trial period the subscription is in; NULL when it has none (free plan).';
COMMENT ON COLUMN officeauto.organizations.deleted_at IS 'Soft deletion (delete_organization): final, the organization is never reactivated; its sessions are revoked and its slug is free again.';
COMMENT ON COLUMN officeauto.organizations.is_active IS 'Derived: status = ''active'' and not deleted. Logins and sessions require it.';
COMMENT ON COLUMN officeauto.organizations.plan IS 'Subscription plan: free, standard or enterprise (set_subscription).';
COMMENT ON COLUMN officeauto.organizations.seat_limit IS 'Most active, non-deleted users the organization may have (OA007 beyond it); NULL: unlimited. Lowering it below the current count keeps the existing users and refuses new ones.';
COMMENT ON COLUMN officeauto.organizations.settings IS 'Organization-level preferences (JSON object).';
COMMENT ON COLUMN officeauto.organizations.signup_domains IS 'E-mail domains whose addresses may sign up when signup_policy is domains (exact match, lower case, no subdomains).';
COMMENT ON COLUMN officeauto.organizations.signup_policy IS 'How accounts join: closed (only create_user by a user manager), invite_only (also by accepting an invitation), domains (also self sign-up with an e-mail address of signup_domains). Set with set_signup_policy().';
COMMENT ON COLUMN officeauto.organizations.slug IS 'URL-safe unique handle (lower case, digits, hyphens), unique among live organizations.';
COMMENT ON COLUMN officeauto.organizations.status IS 'active or suspended (suspend_organization / reactivate_organization). While suspended, logins and sessions of the organization are refused with OA006; nothing is revoked.';
COMMENT ON COLUMN officeauto.organizations.subscription_status IS 'trialing, active, past_due or canceled, as the billing system reports it (set_subscription). Informational: access is cut by suspension, not by this value.';
COMMENT ON COLUMN officeauto.organizations.suspended_at IS 'When the current suspension began; NULL while active.';
COMMENT ON COLUMN officeauto.organizations.suspension_reason IS 'Why the organization is suspended (for operators; never shown in error messages); NULL while active.';
COMMENT ON COLUMN officeauto.permissions.scope IS 'GLOBAL: anywhere in the organization; PROJECT: within projects the user is a member of; SELF: own records only.';
COMMENT ON COLUMN officeauto.projects.code IS 'Short upper-case key, unique per organization among live projects (e.g. CRM-2).';
COMMENT ON COLUMN officeauto.refresh_tokens.family_expires_at IS 'Absolute end of the family: its login time plus officeauto.refresh_ttl. Rotation never extends it, so a stolen refresh token cannot keep a family alive forever.';
COMMENT ON COLUMN officeauto.refresh_tokens.family_id IS 'All tokens descending from one login share a family; reuse detection revokes the family.';
COMMENT ON COLUMN officeauto.refresh_tokens.token_digest IS 'SHA-256 of the refresh token. Secret: not readable by officeauto_app or officeauto_readonly.';
COMMENT ON COLUMN officeauto.roles.is_system IS 'Created by the platform; applications should not delete it.';
COMMENT ON COLUMN officeauto.session_limits.max_sessions IS 'Live sessions per user for this client type, 1 to 20.';
COMMENT ON COLUMN officeauto.tasks.due_date IS 'Deadline (a calendar date); drives the urgency classes of task_overview.';
COMMENT ON COLUMN officeauto.tasks.spent_minutes IS 'Total of the task''s time entries.';
COMMENT ON COLUMN officeauto.tasks.status IS 'pending, in_progress, completed, cancelled or on_hold; completed_at is set exactly when completed.';
COMMENT ON COLUMN officeauto.test_cases.reuse_count IS 'How many test cases were created from this one.';
COMMENT ON COLUMN officeauto.test_cases.steps IS 'Ordered steps as a JSON array.';
COMMENT ON COLUMN officeauto.user_sessions.expires_at IS 'Absolute expiry, independent of activity.';
COMMENT ON COLUMN officeauto.user_sessions.last_activity_at IS 'Last validated use, written at most once per configured granularity; drives the idle timeout.';
COMMENT ON COLUMN officeauto.user_sessions.slot IS 'Which of the user''s places for this client type the session holds (1 to the organization''s limit, at most 20); unique among live sessions, which bounds them even against a racing writer.';
COMMENT ON COLUMN officeauto.user_sessions.token_digest IS 'SHA-256 of the session token. Secret: not readable by officeauto_app or officeauto_readonly.';
COMMENT ON COLUMN officeauto.user_totp.confirmed_at IS 'When a first code confirmed the enrolment; NULL while pending (re-enrolling replaces a pending secret).';
COMMENT ON COLUMN officeauto.user_totp.encrypted_secret IS 'The 160-bit secret in the credential envelope under a server-held data key, bound to the organization and the user''s public id. Withheld from officeauto_app and officeauto_readonly; redacted in the audit trail.';
COMMENT ON COLUMN officeauto.user_totp.key_id IS 'Credential data key the secret is sealed under (a key in use cannot be deleted).';
COMMENT ON COLUMN officeauto.user_totp.last_used_step IS 'Time step (unix time / 30) of the last accepted code; a code of this step or an earlier one is refused.';
COMMENT ON COLUMN officeauto.users.email IS 'Login e-mail; unique among live users regardless of case.';
COMMENT ON COLUMN officeauto.users.erased_at IS 'When the account''s personal data was erased (erase_user_personal_data); the row no longer changes.';
COMMENT ON COLUMN officeauto.users.lock_count IS 'Temporary locks since the last successful login; each lock lasts longer, up to officeauto.lockout_max_wait.';
COMMENT ON COLUMN officeauto.users.locked_until IS 'End of the current temporary lock after repeated failed logins (NULL: not locked).';
COMMENT ON COLUMN officeauto.users.password_hash IS 'PHC string (argon2id, or legacy bcrypt until the next login), or ''!'' for an account with no password. Secret: not readable by officeauto_app or officeauto_readonly.';
COMMENT ON COLUMN officeauto.users.signup_method IS 'admin (create_user), sign_up (self sign-up; must verify its e-mail address before logging in) or invitation (accepted an invitation sent to its address).';
COMMENT ON COLUMN officeauto.users.status IS 'active, inactive, suspended, or pending (a self sign-up until it verifies its e-mail address); only active users may log in and take a seat.';
COMMENT ON COLUMN officeauto.users.username IS 'Login name, 3-64 characters; unique among live users regardless of case.';
COMMENT ON COLUMN officeauto.users.version IS 'Optimistic-concurrency counter: an UPDATE carrying another value fails with SQLSTATE 40001.';
COMMENT ON FUNCTION officeauto._acting_user() IS 'Internal (authorization triggers): the acting user; NULL for superuser statements and trusted connections; 28000 without a context.';
COMMENT ON FUNCTION officeauto._actor() IS 'Internal: the acting user of the request, or 28000 when there is none.';
COMMENT ON FUNCTION officeauto._actor_for(bigint) IS 'Internal: the request''s user if it belongs to organization org, else NULL.';
COMMENT ON FUNCTION officeauto._admin_target(uuid,text,text,boolean) IS 'Internal (administration functions): checks USER <action> GLOBAL and returns the locked account of the current organization with that public id (live, or deleted when asked); 42501, 22023, P0002.';
COMMENT ON FUNCTION officeauto._allow_reopen(bigint) IS 'Internal (reopen_task): allows the next status change of one closed task in this transaction.';
COMMENT ON FUNCTION officeauto._amend_login_failure(bigint,text) IS 'Internal (login): changes the reason of a recorded failure through the bookkeeping worker.';
COMMENT ON FUNCTION officeauto._apply_family_revocation(uuid) IS 'Internal (bookkeeping worker): revokes every refresh token of a family and their sessions.';
COMMENT ON FUNCTION officeauto._apply_login_amendment(bigint,text) IS 'Internal (bookkeeping worker): changes the reason of a recorded failed login.';
COMMENT ON FUNCTION officeauto._apply_login_failure(bigint,text,inet,text) IS 'Internal (bookkeeping worker): records a failed login and locks the account, or the unknown identifier, at the threshold; returns the failure row id.';
COMMENT ON FUNCTION officeauto._audit_record_id(text,text) IS 'Internal (audit_record_id): the record id of a primary key given as JSON text.';
COMMENT ON FUNCTION officeauto._authorize(text,text,bigint,boolean,text) IS 'Internal (write triggers): raises 42501 unless the acting user may perform the action on the row.';
COMMENT ON FUNCTION officeauto._authorize_table(regclass,text,text,text,regclass,text,text,text[]) IS 'Internal (install and upgrade scripts): generates and installs the authorization trigger of a table.';
COMMENT ON FUNCTION officeauto._bookkeeping_apply(text,text,text,text,text) IS 'Internal (bookkeeping worker): applies one bookkeeping operation in the worker''s own transaction.';
COMMENT ON FUNCTION officeauto._check_new_account(text,text) IS 'Internal (sign_up, accept_invitation): 22023 unless the username and full name have the allowed form.';
COMMENT ON FUNCTION officeauto._check_new_password(text,text[]) IS 'Internal: checks a new password against the password policy without hashing it (OA080 naming the rule).';
COMMENT ON FUNCTION officeauto._check_owner_target(bigint,bigint) IS 'Internal (users guard, administration functions): 42501 when someone who is not an owner acts on an owner''s account.';
COMMENT ON FUNCTION officeauto._check_role_change(text,bigint,bigint,bigint,bigint) IS 'Internal (user_roles guard): the acting user may grant or revoke this role here.';
COMMENT ON FUNCTION officeauto._dummy_verify(text) IS 'Internal (login): spends a verification''s time for an unknown account.';
COMMENT ON FUNCTION officeauto._end_user_sessions(bigint,text) IS 'Internal (administration): revokes every live session and refresh token of a user with a reason; returns sessions revoked.';
COMMENT ON FUNCTION officeauto._ensure_loaded() IS 'Internal: loads the library so its settings exist for current_setting().';
COMMENT ON FUNCTION officeauto._entity_visible(text,uuid) IS 'Internal: whether the caller can see the entity a comment is on.';
COMMENT ON FUNCTION officeauto._grant_table(regclass,text,boolean,text[]) IS 'Internal (install and upgrade scripts): least-privilege grants of one table to the officeauto group roles, withholding secret columns.';
COMMENT ON FUNCTION officeauto._hash_new_password(text,text[]) IS 'Internal: checks a new password against the password policy (OA080 naming the rule) and returns its argon2id hash.';
COMMENT ON FUNCTION officeauto._hide_statement() IS 'Internal: keeps the current statement (it carries a password) out of the server log if it fails.';
COMMENT ON FUNCTION officeauto._index_audit_partition(regclass) IS 'Internal: primary key, indexes (by record, organization, project and document history, event metadata) and autovacuum setting of one audit_logs / audit_logs_archive partition.';
COMMENT ON FUNCTION officeauto._invitation_by_token(text,boolean) IS 'Internal (lookup_invitation, accept_invitation): the pending invitation of a token, else OA074.';
COMMENT ON FUNCTION officeauto._invitation_status(officeauto.invitations) IS 'Internal: pending, accepted, revoked or expired.';
COMMENT ON FUNCTION officeauto._is_owner(bigint) IS 'Internal: whether a user holds the organization-wide owner role.';
COMMENT ON FUNCTION officeauto._is_restoring() IS 'Internal: true in a restore session, i.e. row_security is off and the session''s login is a superuser or has BYPASSRLS (pg_dump/pg_restore); derived-row triggers skip it. An application switching row_security off does not qualify.';
COMMENT ON FUNCTION officeauto._lock_organization(bigint) IS 'Internal (last-owner rule): locks one''s own organization row (42501 for another''s from an application session) so that concurrent changes of its owners are counted one after the other.';
COMMENT ON FUNCTION officeauto._lock_token_account(bytea,text) IS 'Internal (reset_password, confirm_email_change): takes the login lock of the account a token belongs to.';
COMMENT ON FUNCTION officeauto._lockout_decision(integer,integer) IS 'Internal: the lock (seconds, suspension) a failed login brings under the lockout policy.';
COMMENT ON FUNCTION officeauto._log_account_event(bigint,bigint,text,jsonb) IS 'Internal (account flows): writes an account event to the audit trail for a given organization and user, with the request''s address and user agent; the actor is the authenticated user, else the account itself. Credential-looking metadata keys are redacted.';
COMMENT ON FUNCTION officeauto._log_activity(text,text) IS 'Internal (log_activity): redacts and writes one application event.';
COMMENT ON FUNCTION officeauto._loses_last_owner(bigint,bigint) IS 'Internal: whether a user is the last active owner of a live organization.';
COMMENT ON FUNCTION officeauto._may_all(text,text) IS 'Internal (row-level security): the action is allowed on every row of the organization (GLOBAL scope).';
COMMENT ON FUNCTION officeauto._may_own(text,text) IS 'Internal (row-level security): the action is allowed on the user''s own rows (SELF scope).';
COMMENT ON FUNCTION officeauto._may_projects(text,text) IS 'Internal (row-level security): projects where the action is allowed; 0 stands for rows outside projects.';
COMMENT ON FUNCTION officeauto._mfa_challenge(bigint,bigint,text,inet,text) IS 'Internal (login): issues a single-use MFA challenge token (digest stored) bound to the login''s client type, address and user agent, expiring after officeauto.mfa_challenge_ttl.';
COMMENT ON FUNCTION officeauto._mfa_check_code(officeauto.users,text,inet,boolean) IS 'Internal (MFA functions): checks a TOTP or recovery code under the login rules (OA002 locked, failure recorded first, replay refused); returns ''totp'' or ''recovery_code''; OA014 for a wrong or replayed code.';
COMMENT ON FUNCTION officeauto._mfa_issue_recovery_codes(officeauto.users) IS 'Internal (confirm_totp, regenerate_recovery_codes): replaces a user''s recovery codes with 10 new ones and returns them (stored as digests only).';
COMMENT ON FUNCTION officeauto._mfa_login_lock(bigint) IS 'Internal (MFA functions): takes the account''s login advisory lock (the one login() takes), so code checks, failure counts and logins of one account run one at a time.';
COMMENT ON FUNCTION officeauto._mfa_me() IS 'Internal (MFA functions): the authenticated user''s account row; 28000 without one.';
COMMENT ON FUNCTION officeauto._mfa_prove_self(text,text,boolean) IS 'Internal (disable_totp, regenerate_recovery_codes): checks the authenticated user''s own code under the login lock (28000, 42501, 22023, OA016, OA014, OA002); returns the locked account row and the method.';
COMMENT ON FUNCTION officeauto._mfa_require_code(text) IS 'Internal (MFA functions): 22023 for a NULL, blank or over-long code.';
COMMENT ON FUNCTION officeauto._mfa_turn_off(officeauto.users,jsonb) IS 'Internal (disable_totp, disable_totp_for): removes a user''s enrolment, recovery codes and challenges, turns the flag off and records mfa.disabled.';
COMMENT ON FUNCTION officeauto._new_recovery_codes(uuid,integer) IS 'Internal: n new recovery codes of an account with the digests they are stored under.';
COMMENT ON FUNCTION officeauto._new_token() IS 'Internal: a new 256-bit base64url token.';
COMMENT ON FUNCTION officeauto._notify(bigint,text,text,text,uuid,text) IS 'Internal: writes an in-app notification (expires after 30 days).';
COMMENT ON FUNCTION officeauto._open_credential(bytea,bigint,uuid) IS 'Internal: decrypts the value of one credential row.';
COMMENT ON FUNCTION officeauto._open_session(bigint,bigint,text,inet,text) IS 'Internal (login and later verified sign-ins): opens a session under the organization''s limit of live sessions per user and client type (1 by default), replacing the least recently active one at the limit, with a new refresh token family; returns the tokens.';
COMMENT ON FUNCTION officeauto._organization_for_update(uuid) IS 'Internal (lifecycle functions): the organization with this public id, locked; 22023 for NULL, P0002 when unknown.';
COMMENT ON FUNCTION officeauto._overwrite_keys(jsonb,jsonb) IS 'Internal (erase_user_personal_data): a JSON object with the values of the keys it shares with another replaced by that one''s.';
COMMENT ON FUNCTION officeauto._own_organization_only(bigint) IS 'Internal: 42501 unless the organization is the request''s own (superuser and officeauto_admin sessions excepted).';
COMMENT ON FUNCTION officeauto._owner_count(bigint,bigint) IS 'Internal: active owners of an organization, not counting one user.';
COMMENT ON FUNCTION officeauto._partitions_of(regclass) IS 'Internal: range partitions of a table with their bounds.';
COMMENT ON FUNCTION officeauto._password_acting_user(text) IS 'Internal (password flows): the authenticated user''s row in the current organization, or 28000.';
COMMENT ON FUNCTION officeauto._permissions_changed() IS 'Internal statement trigger: roles, grants or memberships changed; cached permissions of this backend are reloaded.';
COMMENT ON FUNCTION officeauto._readable_organizations() IS 'Internal (owner''s-rights views, searches): organizations the caller may read.';
COMMENT ON FUNCTION officeauto._record_login_failure(bigint,text,text,text) IS 'Internal (login): records a failed login durably through the bookkeeping worker; returns its id; 53000 when it cannot (login then refuses the attempt).';
COMMENT ON FUNCTION officeauto._record_login_failure_or_refuse(bigint,text,text,text) IS 'Internal (login): records a failed login, or refuses the attempt (OA002) when it cannot be recorded.';
COMMENT ON FUNCTION officeauto._recovery_code_digest(uuid,text) IS 'Internal: the stored digest of a typed recovery code of an account; NULL when it cannot be one.';
COMMENT ON FUNCTION officeauto._refuse_self(bigint,text) IS 'Internal (administration functions): OA090 when the target is the acting user.';
COMMENT ON FUNCTION officeauto._release_pending_signups(text,text) IS 'Internal (sign_up, create_user, invitations): soft-deletes pending sign-ups holding an e-mail address, and those holding a username past their verification token''s lifetime.';
COMMENT ON FUNCTION officeauto._reopen_allowed(bigint) IS 'Internal (task status trigger): whether reopen_task is reopening this task now.';
COMMENT ON FUNCTION officeauto._reporting_organizations() IS 'Internal (row-level security for officeauto_readonly): organizations granted to the current role by grant_reporting_access().';
COMMENT ON FUNCTION officeauto._require(boolean,text,text) IS 'Internal: raises message with sqlstate unless ok.';
COMMENT ON FUNCTION officeauto._require_live_organization(bigint) IS 'Internal: OA006 when the organization is suspended or deleted.';
COMMENT ON FUNCTION officeauto._require_permission(text,text,bigint,boolean,text) IS 'Internal (SECURITY DEFINER functions): raises 42501 unless the acting user may perform the action, 28000 without a user.';
COMMENT ON FUNCTION officeauto._require_primary(text) IS 'Internal: raises 25006 ("send it to the primary") on a hot standby, before a function that must write does any work.';
COMMENT ON FUNCTION officeauto._require_table_owner(regclass,text) IS 'Internal (enable_audit, disable_audit): 42501 unless the current user owns the table (is a member of its owning role) or is a superuser.';
COMMENT ON FUNCTION officeauto._reseal_credential(bytea,bigint,uuid) IS 'Internal: re-encrypts a credential value under the current key, bound to its row.';
COMMENT ON FUNCTION officeauto._restrict_visibility(regclass,text) IS 'Internal (install and upgrade scripts): narrows a table''s application policy to the rows a condition allows.';
COMMENT ON FUNCTION officeauto._revoke_refresh_family(uuid) IS 'Internal (refresh_session): revokes a refresh-token family durably through a background worker.';
COMMENT ON FUNCTION officeauto._seal_credential(text,bigint,uuid) IS 'Internal: encrypts a value bound to one credential row.';
COMMENT ON FUNCTION officeauto._seed_roles(bigint) IS 'Internal: creates the built-in roles of an organization (owner, admin, manager, member, viewer) with the template permissions.';
COMMENT ON FUNCTION officeauto._session_limit(bigint,text) IS 'Internal (_open_session): live sessions a user of the organization may hold for a client type (1 without a policy row).';
COMMENT ON FUNCTION officeauto._session_owner() IS 'Internal (session functions): the authenticated user; 28000 without one.';
COMMENT ON FUNCTION officeauto._setup_table(regclass,text,text) IS 'Internal (install and upgrade scripts): updated_at/version trigger, an index for every foreign key, forced tenant row-level security, pg_dump registration of a table and its identity sequence with the restore-load triggers.';
COMMENT ON FUNCTION officeauto._tenant() IS 'Internal (row-level security): the organization of the request; 28000 for an application connection without authenticate() in this transaction.';
COMMENT ON FUNCTION officeauto._totp_enrolment(bigint,uuid,text,text) IS 'Internal (enroll_totp): a new 160-bit TOTP secret sealed for one account, its otpauth:// URI and base32 form.';
COMMENT ON FUNCTION officeauto._totp_match(bytea,bigint,uuid,text,bigint) IS 'Internal (MFA checks): the time step a code matches within one step of the given unix time, else NULL (constant-time comparison).';
COMMENT ON FUNCTION officeauto._totp_reseal(bytea,bigint,uuid) IS 'Internal (rotate_totp_keys): a TOTP secret re-sealed under the current credential key; NULL when it already is.';
COMMENT ON FUNCTION officeauto._valid_display_name(text) IS 'Internal (sign_up, accept_invitation): 1 to 200 characters without control or bidirectional-override characters.';
COMMENT ON FUNCTION officeauto._valid_signup_domains(text[]) IS 'Internal (CHECK of organizations.signup_domains): at most 100 lower-case DNS names without wildcards.';
COMMENT ON FUNCTION officeauto._verify_current_password(bigint,text) IS 'Internal (change_password, request_email_change): verifies a user''s current password under the login lockout (OA002 locked, OA081 wrong; the attempt counts as a failed login).';
COMMENT ON FUNCTION officeauto._visible_expr(text,text,text) IS 'Internal: the visibility condition of a resource''s rows for row-level security.';
COMMENT ON FUNCTION officeauto._wraps_same_key(text,bytea,bytea) IS 'Internal (keyring trigger): whether two wrappings hold the same data key.';
COMMENT ON FUNCTION officeauto.accept_invitation(text,text,text,text) IS 'Accepts a pending invitation. Without authentication it creates the account (username, full name and password required; the address counts as verified) with the invited role; after authenticate() in the same transaction it gives the invited role to the authenticated account, whose address must be the invited one. Returns the account''s public id and whether it was created. Single use: of two racing acceptances one wins. Errors: OA074 token unknown, expired, revoked or used (or the inviter no longer active), OA073 the address already has an account here (log in and accept), OA075 the account or address belongs to another organization, OA072 username taken, OA007 seat limit, OA006 suspended, OA070 policy closed, the password policy''s refusal, 22023 missing or malformed input, 42501 another address.';
COMMENT ON FUNCTION officeauto.activate_credential_key(text) IS 'Makes an existing data key current (new values are encrypted under it). officeauto_admin only. Follow with rotate_credential_keys().';
COMMENT ON FUNCTION officeauto.add_credential_key(text,boolean) IS 'Adds a random data key wrapped by the master key (id generated when NULL) and by default makes it current. officeauto_admin only. Follow with rotate_credential_keys().';
COMMENT ON FUNCTION officeauto.archive_audit_logs(interval,integer) IS 'Moves audit_logs rows older than older_than (default 90 days) to audit_logs_archive: whole months by partition detach/attach, the rest in batches; transactional; returns rows moved. officeauto_admin only.';
COMMENT ON FUNCTION officeauto.audit_flush_trigger() IS 'Native statement trigger (AFTER INSERT/UPDATE/DELETE): writes the audit rows the row trigger buffered during the statement in one INSERT. Installed by enable_audit().';
COMMENT ON FUNCTION officeauto.audit_record_id(text,jsonb) IS 'The record_id audit rows carry for a row of a table (schema-qualified name) with a primary key given as JSON, e.g. audit_record_id(''officeauto.tasks'', ''{"id": 7}'').';
COMMENT ON FUNCTION officeauto.audit_trigger() IS 'Native row trigger (AFTER INSERT/UPDATE/DELETE): one audit_logs row per change with organization, actor, session, ip, user agent, table, stable record id, old/new row as JSONB (secret columns redacted) and changed columns; no-op UPDATEs are skipped. Installed by enable_audit().';
COMMENT ON FUNCTION officeauto.audit_truncate_trigger() IS 'Native statement trigger (AFTER TRUNCATE): logs the TRUNCATE of an audited table. Installed by enable_audit().';
COMMENT ON FUNCTION officeauto.authenticate(text) IS 'Validates a session token and makes its organization, user and session the context of the current transaction (read by row-level security and the audit trail); held by the backend, so later SQL cannot change it. Returns the user id; 28000 for an invalid, expired or revoked session; OA006 when its organization is suspended or deleted.';
COMMENT ON FUNCTION officeauto.change_password(text,text,boolean) IS 'Changes the authenticated user''s password: verifies the current one (a wrong one counts as a failed login: OA081, then OA002 once locked), applies the password policy (OA080), refuses an unchanged password (OA082); by default ends the user''s other sessions. Returns the number of sessions ended.';
COMMENT ON FUNCTION officeauto.cleanup_expired_sessions(interval) IS 'Deletes sessions (and their refresh tokens) expired, revoked or idle for longer than keep, and old e-mail tokens; soft-deletes sign-ups that did not verify their address in time; returns sessions deleted.';
COMMENT ON FUNCTION officeauto.confirm_email_change(text) IS 'Completes an e-mail change with the token sent to the new address: sets the address, marks it verified, voids every other outstanding token of the user, and returns the user''s public id. Unknown, expired or used tokens: OA084; an address taken in the meantime: OA085.';
COMMENT ON FUNCTION officeauto.confirm_totp(text) IS 'Confirms the pending TOTP enrolment of the authenticated user with a current code, turns two-factor on and returns 10 one-time recovery codes (shown once; stored as digests). OA014 wrong code, OA015 already on, OA016 nothing to confirm, 22023 malformed input.';
COMMENT ON FUNCTION officeauto.create_audit_partitions(integer) IS 'Creates monthly partitions of audit_logs for the current month and the next months_ahead months (and for any month with rows waiting in the default partition), moving those rows in. Idempotent; returns the number of partitions created.';
COMMENT ON FUNCTION officeauto.create_user(bigint,text,text,text,text) IS 'Creates an account in the current organization with an argon2id password hash (needs USER CREATE; the first account of an organization becomes its owner, later ones members); returns its public id.';
COMMENT ON FUNCTION officeauto.credential_key_id(bytea) IS 'The key id named by a credential ciphertext (''explicit'' for a caller-supplied key or passphrase; NULL for a pgcrypto value not imported yet).';
COMMENT ON FUNCTION officeauto.current_organization_id() IS 'Organization id of the current transaction''s request context, or NULL; read by every row-level security policy.';
COMMENT ON FUNCTION officeauto.current_session_id() IS 'Session id of the current request (officeauto.session_id), or NULL.';
COMMENT ON FUNCTION officeauto.current_user_id() IS 'Acting user id of the current transaction''s request context, or NULL when anonymous.';
COMMENT ON FUNCTION officeauto.deactivate_user(uuid) IS 'Sets a user inactive (no login; the seat is freed) and ends every session and refresh token (reason user_disabled); true when the status changed, false when already inactive. USER UPDATE GLOBAL (42501); P0002 unknown user or another organization''s; OA090 one''s own account; OA060 the last active owner. Audited as user.deactivated.';
COMMENT ON FUNCTION officeauto.decrypt_credential_value(bytea) IS 'Decrypts a value made by encrypt_credential_value(text) that is not bound to a row. officeauto_admin only; applications use reveal_credential().';
COMMENT ON FUNCTION officeauto.decrypt_credential_value(bytea,text) IS 'Decrypts a value made by encrypt_credential_value(text, key) with the same key or passphrase (the envelope says which). A wrong passphrase: 28P01; derivation parameters above 64 MiB, 4 passes or 4 lanes: 22P03. NULL ciphertext: NULL; NULL key: 22004.';
COMMENT ON FUNCTION officeauto.delete_organization(uuid) IS 'Soft-deletes an organization for good: deleted_at set, every session and refresh token revoked, logins refused with OA006; its rows stay. True if deleted now, false if it already was. P0002 unknown. officeauto_admin only; audited.';
COMMENT ON FUNCTION officeauto.delete_user(uuid) IS 'Soft-deletes a user (deleted_at, deleted_by): frees the username and e-mail for new accounts, ends every session and refresh token, voids outstanding e-mail tokens; returns true. USER DELETE GLOBAL (42501); P0002 unknown, already deleted or another organization''s user; OA090 one''s own account; OA060 the last active owner. Audited as user.deleted.';
COMMENT ON FUNCTION officeauto.disable_audit(regclass) IS 'Stops auditing a table (idempotent). officeauto_admin members who own the table, and superusers (else 42501).';
COMMENT ON FUNCTION officeauto.disable_totp(text) IS 'Turns two-factor off for the authenticated user, proven by a current TOTP code or a recovery code (counted like a login attempt: OA002 locked, OA014 wrong or replayed code); removes the enrolment and recovery codes. OA016 when it is not on.';
COMMENT ON FUNCTION officeauto.disable_totp_for(uuid) IS 'Turns two-factor off (or cancels a pending enrolment) for a user of the current organization, by public id; needs USER UPDATE GLOBAL (42501), and for an owner''s account the owner role; not for one''s own account (OA090: disable_totp with a code). P0002 unknown user, OA016 nothing to turn off.';
COMMENT ON FUNCTION officeauto.enable_audit(regclass,jsonb) IS 'Starts auditing a table (it must have a primary key, else 42P16). options: {"exclude": [columns to redact], "log_noop_updates": bool}. Idempotent. officeauto_admin members who own the table, and superusers (else 42501).';
COMMENT ON FUNCTION officeauto.encrypt_credential_value(text) IS 'Encrypts a value under the server''s current data key (AES-256-GCM envelope). Stored in credentials.encrypted_value it is bound to its row on write.';
COMMENT ON FUNCTION officeauto.encrypt_credential_value(text,text) IS 'Encrypts a value under a caller-supplied key: a raw 256-bit key when written exactly as 64 hex digits or as padded base64 (44 characters ending in =), or else a passphrase of 12 to 1024 bytes (at least 12 characters), stretched with argon2id (19 MiB, 2 passes, 1 lane; salt and parameters stored in the envelope). The server cannot decrypt it. NULL value: NULL; NULL key: 22004; a short or oversized key: 22023.';
COMMENT ON FUNCTION officeauto.end_session(uuid) IS 'Ends a session (and its refresh tokens) by its public id: one''s own with SESSION DELETE SELF, another user''s of the organization with SESSION DELETE GLOBAL (42501). True when it was live, false when it had already ended; P0002 for an unknown id or another organization''s session; 22023 for NULL; 28000 without an authenticated user. Audited as session.ended.';
COMMENT ON FUNCTION officeauto.enroll_totp(text) IS 'Starts TOTP enrolment for the authenticated user (USER UPDATE SELF), who confirms it with their current password (OA081 wrong, counted as a failed login; OA002 locked): generates a 160-bit secret server-side, stores it sealed under the credential key, and returns once the otpauth:// URI (for a QR code) and the base32 secret. Re-enrolling before confirmation replaces the pending secret. OA015 when two-factor is already on.';
COMMENT ON FUNCTION officeauto.erase_user_personal_data(uuid) IS 'Erases the personal data of a deleted user on request: username, e-mail, full name, preferences, time zone, locale, password, verification, login and lock state anonymized; sessions, refresh and e-mail tokens removed; identifiers and addresses scrubbed from failed logins; the same personal fields replaced in the audit trail''s images of the account (live and archive), request addresses of the person''s own actions and identifier values in account events cleared. Ids and rows stay. Returns true. USER DELETE GLOBAL (42501); P0002 unknown user or another organization''s; OA091 account not deleted; 22023 NULL. Audited as user.erased (without the erased data).';
COMMENT ON FUNCTION officeauto.expire_notifications() IS 'Deletes notifications past their expiry (all organizations); returns how many. officeauto_admin only.';
COMMENT ON FUNCTION officeauto.find_clients_by_tag(text) IS 'Live clients the caller may read (CLIENT READ) carrying a tag (normalized like stored tags); uses the GIN index on clients.tags.';
COMMENT ON FUNCTION officeauto.find_clients_by_tags(text[],boolean) IS 'Live clients the caller may read (CLIENT READ) carrying all (match_all) or any of the tags; uses the GIN index on clients.tags.';
COMMENT ON FUNCTION officeauto.fn_archive_audit_logs() IS 'Seed name of archive_audit_logs() with its defaults.';
COMMENT ON FUNCTION officeauto.fn_cleanup_expired_sessions() IS 'Seed name of cleanup_expired_sessions() with its default.';
COMMENT ON FUNCTION officeauto.grant_reporting_access(regrole,uuid) IS 'Lets a reporting login (a member of officeauto_readonly) read one organization''s rows through tables and views, secrets excepted. officeauto_admin only.';
COMMENT ON FUNCTION officeauto.hash_password(text) IS 'argon2id PHC string under officeauto.password_* cost (and the current pepper); 22023 for an empty password or one over 1024 bytes. Cancellable.';
COMMENT ON FUNCTION officeauto.invite_user(text,text,interval) IS 'Invites an e-mail address into the current organization with an organization-wide role (default member); returns the invitation''s public id, its token (send it to the address; shown once, only its digest is stored) and its expiry (5 minutes to 30 days, default 7 days). Replaces an open invitation to the same address. Needs USER CREATE and the right to grant the role (ROLE CREATE and all of its permissions). Errors: P0002 unknown role, OA073 the address already has an account here, OA070 signup_policy closed, OA007 seats taken by active users and open invitations, OA006 suspended, 22023 malformed input.';
COMMENT ON FUNCTION officeauto.is_valid_email(text) IS 'True for a syntactically valid e-mail address of at most 254 characters (used by CHECK constraints).';
COMMENT ON FUNCTION officeauto.is_valid_url(text) IS 'True for an http(s) URL of at most 2048 characters without whitespace (used by CHECK constraints).';
COMMENT ON FUNCTION officeauto.list_invitations(text) IS 'Invitations of the current organization, newest first, by status (pending, accepted, revoked, expired; NULL: all). Needs USER CREATE.';
COMMENT ON FUNCTION officeauto.list_my_sessions() IS 'The authenticated user''s live sessions (unrevoked, unexpired, not idle), most recently active first: public id, client type, IP address, user agent, created, last activity, expiry, and whether it is the session of this request. 28000 without an authenticated user.';
COMMENT ON FUNCTION officeauto.list_users(text,text,uuid,integer) IS 'User managers'' listing of the current organization''s accounts, ordered by public id, p_limit (1 to 500) at a time; the next page passes the last public id as p_after. p_status: active, inactive, suspended, pending (sign-up not verified yet), locked (lock in force), deleted, or NULL for every live account; p_search: literal substring of username, e-mail or full name, any case. Returns public id, username, e-mail, full name, status, organization-wide roles, e-mail verified, two-factor enabled, locked until, last login, created. USER UPDATE GLOBAL (42501); 22023 for a bad status, limit or search.';
COMMENT ON FUNCTION officeauto.log_activity(text,jsonb) IS 'Writes an application event (action, metadata object of at most 64 KiB and 32 levels, else 54000) to audit_logs with the request context; keys that look like credentials (password, token, secret, api_key, ...) are redacted at any depth. Needs an authenticated organization (42501) unless called by a superuser or officeauto_admin login. Returns the audit row id.';
COMMENT ON FUNCTION officeauto.login(text,text,text,inet,text,boolean) IS 'Logs in by username or e-mail (any case). Returns a session token and a refresh token (shown once; only digests are stored), the user''s public id and expiries. For a user with two-factor on it returns instead mfa_required = true, an mfa_challenge for verify_mfa() and its expiry in expires_at (tokens NULL). Errors: OA001 invalid credentials, OA002 locked (DETAIL: until when, ISO 8601 UTC), OA003 captcha required, OA004 e-mail not verified, OA005 account not active, OA006 organization suspended or deleted. Unknown identifiers answer exactly like accounts. Every attempt is recorded before the password is checked; when it cannot be, the attempt is refused with OA002.';
COMMENT ON FUNCTION officeauto.lookup_invitation(text) IS 'What a pending invitation token is for (organization, address, role, expiry, and whether the address already has an account in that organization), for the page that accepts it. No authentication needed; OA074 for an unknown, expired, revoked or used token.';
COMMENT ON FUNCTION officeauto.normalize_tags(text[]) IS 'Trims, lower-cases, de-duplicates and sorts a tag array; empty and NULL tags are dropped.';
COMMENT ON FUNCTION officeauto.password_needs_rehash(text) IS 'True for bcrypt hashes and argon2 hashes with other cost or pepper than configured.';
COMMENT ON FUNCTION officeauto.purge_audit_archive(interval) IS 'Deletes archived audit rows older than older_than (default: officeauto.audit_archive_retention), dropping whole archived months; returns rows removed. officeauto_admin only.';
COMMENT ON FUNCTION officeauto.reactivate_organization(uuid) IS 'Ends a suspension: logins work again and so do the unexpired sessions. True if it was suspended, false if already active. P0002 unknown, 55000 deleted (never reactivated). officeauto_admin only; audited.';
COMMENT ON FUNCTION officeauto.reactivate_user(uuid) IS 'Sets an inactive or suspended user active again; true when the status changed, false when already active. USER UPDATE GLOBAL (42501); P0002 unknown, deleted or another organization''s user; OA090 one''s own account; OA007 no free seat; OA006 organization suspended or deleted. Audited as user.reactivated.';
COMMENT ON FUNCTION officeauto.regenerate_recovery_codes(text) IS 'Replaces the authenticated user''s recovery codes with 10 new ones (returned once), proven by a current TOTP code (counted like a login attempt: OA002, OA014). OA016 when two-factor is not on.';
COMMENT ON FUNCTION officeauto.request_email_change(text,text) IS 'Starts a change of the authenticated user''s e-mail address: verifies the current password (OA081, counts as a failed login; OA002 locked), refuses an invalid address (22023; an address in use is refused at confirmation, OA085, so that this answer says nothing about other accounts), and returns a single-use token to send to the NEW address; the address changes only when confirm_email_change() receives it.';
COMMENT ON FUNCTION officeauto.reset_password(text,text) IS 'Sets a new password with a token from request_password_reset(): applies the password policy (OA080; the token stays usable), consumes the token, ends every session and refresh token of the user, voids the user''s other outstanding e-mail tokens (an address change among them) and second-factor challenges, ends any lock, and returns the user''s public id. Unknown, expired or used tokens: OA084.';
COMMENT ON FUNCTION officeauto.restore_load_trigger() IS 'Statement trigger (restore_load_begin / restore_load_end) on every table pg_dump keeps: in a superuser''s restore session, the loading statement runs with session_replication_role = replica, so pg_restore -j may load the tables in any order.';
COMMENT ON FUNCTION officeauto.revoke_invitation(uuid) IS 'Revokes a pending invitation of the current organization so its token no longer works. Needs USER CREATE; P0002 unknown invitation, OA074 already accepted, revoked or expired.';
COMMENT ON FUNCTION officeauto.revoke_reporting_access(regrole,uuid) IS 'Ends a reporting login''s read access to an organization; false if it had none. officeauto_admin only.';
COMMENT ON FUNCTION officeauto.rewrap_credential_keys() IS 'After a master-key change (new key in officeauto.master_key_file, old one in officeauto.master_key_previous_file): wraps every data key under the new master key; returns how many. officeauto_admin only.';
COMMENT ON FUNCTION officeauto.rotate_credential_keys(integer,bigint) IS 'Re-encrypts every credential not under the current data key, batch_size rows at a time (at most max_rows per call), skipping rows locked by others. Returns the number re-encrypted; call again until it returns 0. Values under older keys stay readable meanwhile.';
COMMENT ON FUNCTION officeauto.rotate_totp_keys(integer) IS 'Re-seals TOTP secrets still under an older credential key with the current one, in batches (rows locked elsewhere are skipped: run until it returns 0); returns secrets re-sealed. officeauto_admin only.';
COMMENT ON FUNCTION officeauto.session_limits() IS 'The current organization''s limit of live sessions per user for each client type, and whether it is the default (1). 28000 without an authenticated context.';
COMMENT ON FUNCTION officeauto.set_session_limit(text,integer) IS 'Sets how many live sessions a user of the current organization may hold for a client type (web, mobile, desktop, api): 1 to 20, NULL back to the default 1; returns the previous limit. Needs ORGANIZATION UPDATE (42501); 22023 for a bad client type or limit. Lowering it trims each user''s sessions at their next login. Audited (session_limits rows).';
COMMENT ON FUNCTION officeauto.set_signup_policy(text,text[]) IS 'Sets how accounts join the current organization: closed, invite_only or domains (with the list of e-mail domains allowed to sign up). Needs ORGANIZATION UPDATE; 22023 for an unknown policy or a malformed domain.';
COMMENT ON FUNCTION officeauto.set_subscription(uuid,text,text,timestamp with time zone,integer) IS 'Records an organization''s subscription: plan (free, standard, enterprise), status (trialing, active, past_due, canceled), current period end (NULL: none) and seat limit (NULL: unlimited; enforced when users are added, OA007). 22023 for an invalid value, P0002 unknown, 55000 deleted. officeauto_admin only; audited.';
COMMENT ON FUNCTION officeauto.sign_up(text,text,text,text,text) IS 'Self sign-up into the organization with the given slug, open when its signup_policy is domains and the e-mail address is of a listed domain. Creates a pending account (member role) that verifies its address (verify_email) before it logs in or takes a seat, and returns its public id and an e-mail verification token to send to the address. An address that already has an account gets the same kind of answer (nothing is stored). Errors: OA070 sign-up not open (or unknown organization), OA071 address outside the allowed domains, OA072 username taken, OA006 organization suspended, the password policy''s refusal, 22023 malformed input (also control characters in the name).';
COMMENT ON FUNCTION officeauto.suspend_organization(uuid,text) IS 'Suspends an organization (public id) with a reason: its logins and sessions are refused with OA006 until reactivate_organization; nothing is revoked. True if it was active, false if already suspended (nothing changed). 22023 without a reason, P0002 unknown, 55000 deleted. officeauto_admin only; audited.';
COMMENT ON FUNCTION officeauto.tg_authorize_calendar_resources() IS 'Authorization trigger of calendar_resources (generated by _authorize_table): the old and the new row each need the EVENT permission of the action.';
COMMENT ON FUNCTION officeauto.tg_authorize_change_request_approvals() IS 'Authorization trigger of change_request_approvals (generated by _authorize_table): the old and the new row each need the CHANGE_REQUEST permission of the action.';
COMMENT ON FUNCTION officeauto.tg_authorize_change_request_impacts() IS 'Authorization trigger of change_request_impacts (generated by _authorize_table): the old and the new row each need the CHANGE_REQUEST permission of the action.';
COMMENT ON FUNCTION officeauto.tg_authorize_change_requests() IS 'Authorization trigger of change_requests (generated by _authorize_table): the old and the new row each need the CHANGE_REQUEST permission of the action.';
COMMENT ON FUNCTION officeauto.tg_authorize_clients() IS 'Authorization trigger of clients (generated by _authorize_table): the old and the new row each need the CLIENT permission of the action.';
COMMENT ON FUNCTION officeauto.tg_authorize_comments() IS 'Authorization trigger of comments: written by their author on an entity the author can see; changed only by the author.';
COMMENT ON FUNCTION officeauto.tg_authorize_credentials() IS 'Authorization trigger of credentials (generated by _authorize_table): the old and the new row each need the CREDENTIAL permission of the action.';
COMMENT ON FUNCTION officeauto.tg_authorize_document_relations() IS 'Authorization trigger of document_relations (generated by _authorize_table): the old and the new row each need the DOCUMENT permission of the action.';
COMMENT ON FUNCTION officeauto.tg_authorize_document_versions() IS 'Authorization trigger of document_versions (generated by _authorize_table): the old and the new row each need the DOCUMENT permission of the action.';
COMMENT ON FUNCTION officeauto.tg_authorize_documents() IS 'Authorization trigger of documents (generated by _authorize_table): the old and the new row each need the DOCUMENT permission of the action.';
COMMENT ON FUNCTION officeauto.tg_authorize_documents_ingest() IS 'Authorization trigger of documents_ingest (generated by _authorize_table): the old and the new row each need the DOCUMENT permission of the action.';
COMMENT ON FUNCTION officeauto.tg_authorize_events() IS 'Authorization trigger of events (generated by _authorize_table): the old and the new row each need the EVENT permission of the action.';
COMMENT ON FUNCTION officeauto.tg_authorize_file_versions() IS 'Authorization trigger of file_versions (generated by _authorize_table): the old and the new row each need the DOCUMENT permission of the action.';
COMMENT ON FUNCTION officeauto.tg_authorize_files() IS 'Authorization trigger of files (generated by _authorize_table): the old and the new row each need the DOCUMENT permission of the action.';
COMMENT ON FUNCTION officeauto.tg_authorize_lots() IS 'Authorization trigger of lots (generated by _authorize_table): the old and the new row each need the LOT permission of the action.';
COMMENT ON FUNCTION officeauto.tg_authorize_messages() IS 'Authorization trigger of messages: sent in the sender''s name with MESSAGE CREATE; the recipient only marks read; edits and deletions need MESSAGE UPDATE/DELETE (own messages under SELF).';
COMMENT ON FUNCTION officeauto.tg_authorize_organizations() IS 'Authorization trigger of organizations (generated by _authorize_table): the old and the new row each need the ORGANIZATION permission of the action.';
COMMENT ON FUNCTION officeauto.tg_authorize_personal() IS 'Authorization trigger of the cartable, notifications and shortcuts: anyone authenticated may add a row; only its holder changes or deletes it.';
COMMENT ON FUNCTION officeauto.tg_authorize_project_members() IS 'Authorization trigger of project_members (generated by _authorize_table): the old and the new row each need the PROJECT permission of the action.';
COMMENT ON FUNCTION officeauto.tg_authorize_project_tags() IS 'Authorization trigger of project_tags (generated by _authorize_table): the old and the new row each need the PROJECT permission of the action.';
COMMENT ON FUNCTION officeauto.tg_authorize_projects() IS 'Authorization trigger of projects (generated by _authorize_table): the old and the new row each need the PROJECT permission of the action.';
COMMENT ON FUNCTION officeauto.tg_authorize_roles() IS 'Authorization trigger of roles (generated by _authorize_table): the old and the new row each need the ROLE permission of the action.';
COMMENT ON FUNCTION officeauto.tg_authorize_storage_reference() IS 'Authorization trigger of storage_reference (generated by _authorize_table): the old and the new row each need the ORGANIZATION permission of the action.';
COMMENT ON FUNCTION officeauto.tg_authorize_tag_reference() IS 'Authorization trigger of tag_reference (generated by _authorize_table): the old and the new row each need the PROJECT permission of the action.';
COMMENT ON FUNCTION officeauto.tg_authorize_task_time_entries() IS 'Authorization trigger of task_time_entries (generated by _authorize_table): the old and the new row each need the TASK permission of the action.';
COMMENT ON FUNCTION officeauto.tg_authorize_tasks() IS 'Authorization trigger of tasks (generated by _authorize_table): the old and the new row each need the TASK permission of the action.';
COMMENT ON FUNCTION officeauto.tg_authorize_test_case_relations() IS 'Authorization trigger of test_case_relations (generated by _authorize_table): the old and the new row each need the TEST_CASE permission of the action.';
COMMENT ON FUNCTION officeauto.tg_authorize_test_cases() IS 'Authorization trigger of test_cases (generated by _authorize_table): the old and the new row each need the TEST_CASE permission of the action.';
COMMENT ON FUNCTION officeauto.tg_authorize_test_executions() IS 'Authorization trigger of test_executions (generated by _authorize_table): the old and the new row each need the TEST_CASE permission of the action.';
COMMENT ON FUNCTION officeauto.tg_authorize_users() IS 'Authorization trigger of users (generated by _authorize_table): the old and the new row each need the USER permission of the action.';
COMMENT ON FUNCTION officeauto.tg_credential_keys_immutable() IS 'BEFORE UPDATE trigger on credential_keys: key ids and key material are immutable (only is_current may change).';
COMMENT ON FUNCTION officeauto.tg_credentials_audit() IS 'AFTER trigger on credentials: writes create/update/delete rows to credential_audit_logs (never the secret).';
COMMENT ON FUNCTION officeauto.tg_credentials_seal() IS 'BEFORE INSERT/UPDATE trigger on credentials: binds the encrypted value to its row (re-encrypting under the current key when needed) and sets key_id.';
COMMENT ON FUNCTION officeauto.tg_failed_login_mfa_audit() IS 'AFTER UPDATE trigger on failed_login_attempts: writes the mfa.failed account event of a wrong second-factor code, durably (in the bookkeeping worker''s transaction).';
COMMENT ON FUNCTION officeauto.tg_normalize_tags() IS 'BEFORE INSERT/UPDATE trigger: stores tags normalized (see normalize_tags).';
COMMENT ON FUNCTION officeauto.tg_organization_roles() IS 'AFTER INSERT trigger on organizations: seeds the built-in roles.';
COMMENT ON FUNCTION officeauto.tg_organizations_deletion_final() IS 'BEFORE UPDATE OF deleted_at trigger on organizations: a deleted organization stays deleted (55000).';
COMMENT ON FUNCTION officeauto.tg_revoke_inviter_invitations() IS 'AFTER DELETE/UPDATE trigger on user_roles and AFTER DELETE on role_permissions: revokes the open invitations of whoever lost a role or a permission.';
COMMENT ON FUNCTION officeauto.tg_roles_guard() IS 'BEFORE trigger on roles and role_permissions: built-in roles stay as shipped; permissions of custom roles change with ROLE UPDATE, and only by someone holding them.';
COMMENT ON FUNCTION officeauto.tg_row_conventions() IS 'BEFORE UPDATE trigger on every table with updated_at: maintains updated_at, keeps created_at; with argument ''versioned'' also rejects a stale version (SQLSTATE 40001) and bumps version.';
COMMENT ON FUNCTION officeauto.tg_task_status() IS 'BEFORE trigger on tasks: validates status moves (a completed or cancelled task only through reopen_task(): OA020; no completion with open subtasks: OA021) and maintains completed_at.';
COMMENT ON FUNCTION officeauto.tg_task_time() IS 'AFTER trigger on task_time_entries: keeps tasks.spent_minutes equal to the sum of its entries.';
COMMENT ON FUNCTION officeauto.tg_user_default_role() IS 'AFTER INSERT trigger on users: grants the owner role to the first user of an organization and the member role to the others.';
COMMENT ON FUNCTION officeauto.tg_user_roles_guard() IS 'BEFORE trigger on user_roles: grants need ROLE CREATE, revokes ROLE DELETE, and all of the role''s permissions; no one changes their own roles; the last active owner stays (OA060).';
COMMENT ON FUNCTION officeauto.tg_users_erased() IS 'BEFORE UPDATE/DELETE trigger on users: an erased account is not changed by users (42501).';
COMMENT ON FUNCTION officeauto.tg_users_guard() IS 'BEFORE UPDATE/DELETE trigger on users: no one changes their own status, verification, 2FA flag, lockout state or deletion; the last active owner stays (OA060).';
COMMENT ON FUNCTION officeauto.tg_users_seats() IS 'BEFORE INSERT / UPDATE OF status, deleted_at, organization_id trigger on users: a new user, or one starting to take a seat, needs a live organization (OA006) with a free seat (OA007), counted under a lock on the organization row.';
COMMENT ON FUNCTION officeauto.tg_users_two_factor() IS 'BEFORE UPDATE trigger on users: two_factor_enabled changes only through the MFA functions (42501 for application connections), and is on only with a confirmed enrolment (OA016).';
COMMENT ON FUNCTION officeauto.token_digest(text) IS 'SHA-256 digest a token is stored under; NULL for a string that is not a token.';
COMMENT ON FUNCTION officeauto.unlock_user(uuid) IS 'Ends a user''s login lock now (lock count 0, earlier failures no longer counted) and lifts a lockout suspension; true when the account was locked or suspended. USER UPDATE GLOBAL (42501); P0002 unknown user or another organization''s; OA090 one''s own account; OA007/OA006 when lifting a suspension finds no seat or a suspended organization. Audited as user.unlocked.';
COMMENT ON FUNCTION officeauto.uuid_generate_v7() IS 'RFC 9562 version 7 UUID (Unix ms timestamp + sub-ms precision + 62 random bits), strictly increasing within a backend; default of every public_id.';
COMMENT ON FUNCTION officeauto.validate_session(text) IS 'User id of a valid session token, else NULL (unknown, revoked, expired, idle, inactive user); OA006 for an otherwise valid session of a suspended or deleted organization. Writes last activity at most once per officeauto.session_touch_interval; read-only on a hot standby.';
COMMENT ON FUNCTION officeauto.verify_email(text) IS 'Consumes an e-mail verification token: true once, false for unknown, used or expired tokens.';
COMMENT ON FUNCTION officeauto.verify_mfa(text,text,inet,text) IS 'Completes a login that returned mfa_required: the challenge and a current TOTP code (or a recovery code), from the same address and user agent as the login. Returns login()''s shape with a session. Errors: OA013 challenge unknown, expired, used, from another client or ended after too many wrong codes; OA014 wrong or replayed code (counted as a failed login); OA002 account locked; OA005/OA006 account or organization no longer active; 22023 malformed code.';
COMMENT ON FUNCTION officeauto.verify_password(text,text) IS 'Verifies a password against an argon2 PHC string or a bcrypt $2a$/$2b$/$2y$ hash; a malformed hash raises XX001 instead of returning false.';
COMMENT ON CONSTRAINT events_no_double_booking ON officeauto.events IS 'Rejects (23P01) an event whose time range overlaps another live event on the same resource.';

-- Row-level security forced, view options and sequence privileges as 0.2.0 sets them.
ALTER TABLE officeauto.audit_logs FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.audit_logs_archive FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.calendar_resources FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.cartable FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.change_request_approvals FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.change_request_impacts FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.change_requests FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.clients FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.comments FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.credential_audit_logs FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.credentials FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.document_relations FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.document_versions FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.documents FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.documents_ingest FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.email_verifications FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.events FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.file_versions FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.files FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.invitations FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.lots FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.messages FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.mfa_challenges FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.mfa_recovery_codes FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.notifications FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.organizations FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.project_members FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.project_tags FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.projects FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.refresh_tokens FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.reporting_access FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.role_permissions FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.roles FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.session_limits FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.shortcuts FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.storage_reference FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.tag_reference FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.task_time_entries FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.tasks FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.test_case_relations FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.test_cases FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.test_executions FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.user_roles FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.user_sessions FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.user_totp FORCE ROW LEVEL SECURITY;
ALTER TABLE officeauto.users FORCE ROW LEVEL SECURITY;
ALTER VIEW officeauto.active_documents SET (security_invoker=true);
ALTER VIEW officeauto.active_users SET (security_invoker=true);
ALTER VIEW officeauto.audit_trail_by_project SET (security_invoker=true);
ALTER VIEW officeauto.audited_tables SET (security_invoker=true);
ALTER VIEW officeauto.client_overview SET (security_invoker=true);
ALTER VIEW officeauto.credential_audit_summary SET (security_invoker=true);
ALTER VIEW officeauto.document_history SET (security_invoker=true);
ALTER VIEW officeauto.duplicate_documents SET (security_invoker=true);
ALTER VIEW officeauto.inbox SET (security_invoker=true);
ALTER VIEW officeauto.inbox_summary SET (security_invoker=true);
ALTER VIEW officeauto.onboarding_project_summary SET (security_invoker=true);
ALTER VIEW officeauto.pending_documents SET (security_invoker=true);
ALTER VIEW officeauto.pending_events SET (security_invoker=true);
ALTER VIEW officeauto.project_dashboard SET (security_barrier=true);
ALTER VIEW officeauto.project_history SET (security_invoker=true);
ALTER VIEW officeauto.recent_messages SET (security_invoker=true);
ALTER VIEW officeauto.rejected_documents SET (security_invoker=true);
ALTER VIEW officeauto.session_monitoring SET (security_invoker=true);
ALTER VIEW officeauto.task_overview SET (security_invoker=true);
ALTER VIEW officeauto.user_dashboard SET (security_barrier=true);
GRANT SELECT, USAGE ON SEQUENCE officeauto.access_role_reference_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.audit_logs_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.calendar_resources_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.captcha_attempts_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.cartable_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.change_request_approvals_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.change_request_impacts_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.change_requests_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.clients_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.comments_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.credential_audit_logs_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.credential_keys_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.credentials_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.document_relations_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.document_versions_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.documents_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.documents_ingest_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.email_verifications_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.events_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.failed_login_attempts_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.file_versions_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.files_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.filetype_reference_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.invitations_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.login_throttle_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.lots_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.messages_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.mfa_challenges_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.mfa_recovery_codes_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.notifications_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.organizations_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.password_reset_requests_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.permissions_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.project_members_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.project_tags_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.projects_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.refresh_tokens_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.reporting_access_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.role_permissions_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.role_templates_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.roles_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.schema_version_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.session_limits_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.shortcuts_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.signup_reservations_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.storage_reference_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.tag_reference_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.task_time_entries_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.tasks_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.test_case_relations_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.test_cases_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.test_executions_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.user_roles_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.user_sessions_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.user_totp_id_seq TO officeauto_admin;
GRANT SELECT, USAGE ON SEQUENCE officeauto.users_id_seq TO officeauto_admin;

-- Tables whose rows pg_dump keeps (configuration tables and their filters), as 0.2.0 registers them.
SELECT pg_catalog.pg_extension_config_dump('officeauto.access_role_reference', 'WHERE NOT is_builtin');
SELECT pg_catalog.pg_extension_config_dump('officeauto.access_role_reference_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.audit_logs_archive_default', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.audit_logs_default', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.audit_logs_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.calendar_resources', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.calendar_resources_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.captcha_attempts', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.captcha_attempts_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.cartable', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.cartable_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.change_request_approvals', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.change_request_approvals_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.change_request_impacts', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.change_request_impacts_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.change_requests', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.change_requests_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.clients', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.clients_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.comments', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.comments_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.credential_audit_logs', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.credential_audit_logs_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.credential_keys', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.credential_keys_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.credentials', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.credentials_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.document_relations', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.document_relations_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.document_versions', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.document_versions_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.documents', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.documents_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.documents_ingest', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.documents_ingest_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.email_verifications', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.email_verifications_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.events', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.events_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.failed_login_attempts', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.failed_login_attempts_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.file_versions', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.file_versions_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.files', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.files_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.filetype_reference', 'WHERE NOT is_builtin');
SELECT pg_catalog.pg_extension_config_dump('officeauto.filetype_reference_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.invitations', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.invitations_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.login_throttle', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.login_throttle_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.lots', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.lots_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.messages', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.messages_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.mfa_challenges', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.mfa_challenges_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.mfa_recovery_codes', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.mfa_recovery_codes_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.notifications_default', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.notifications_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.organizations', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.organizations_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.password_reset_requests', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.password_reset_requests_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.permissions', 'WHERE NOT is_builtin');
SELECT pg_catalog.pg_extension_config_dump('officeauto.permissions_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.project_members', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.project_members_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.project_tags', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.project_tags_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.projects', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.projects_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.refresh_tokens', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.refresh_tokens_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.reporting_access', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.reporting_access_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.role_permissions', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.role_permissions_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.role_templates', 'WHERE NOT is_builtin');
SELECT pg_catalog.pg_extension_config_dump('officeauto.role_templates_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.roles', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.roles_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.schema_version', 'WHERE NOT is_builtin');
SELECT pg_catalog.pg_extension_config_dump('officeauto.schema_version_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.session_limits', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.session_limits_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.shortcuts', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.shortcuts_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.signup_reservations', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.signup_reservations_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.storage_reference', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.storage_reference_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.tag_reference', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.tag_reference_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.task_time_entries', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.task_time_entries_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.tasks', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.tasks_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.test_case_relations', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.test_case_relations_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.test_cases', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.test_cases_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.test_executions_default', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.test_executions_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.user_roles', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.user_roles_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.user_sessions', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.user_sessions_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.user_totp', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.user_totp_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.users', '');
SELECT pg_catalog.pg_extension_config_dump('officeauto.users_id_seq', '');
