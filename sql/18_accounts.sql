-- Account lifecycle: the organization's sign-up policy, self sign-up and invitations.
-- Every account flow (here and in 19_passwords, 20_user_admin, 21_sessions, 22_mfa) records
-- its events with officeauto._log_account_event(organization, user, action, metadata), which
-- works before authentication, and never puts a secret in them.

REVOKE ALL ON FUNCTION officeauto._log_account_event(bigint, bigint, text, jsonb) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._log_account_event(bigint, bigint, text, jsonb) IS
    'Internal (account flows): writes an account event to the audit trail for a given organization and user, with the request''s address and user agent; the actor is the authenticated user, else the account itself. Credential-looking metadata keys are redacted.';
