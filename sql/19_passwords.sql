-- Passwords: the policy every new password passes, change, reset by e-mailed token, and the
-- change of e-mail address with verification of the new one (docs/passwords.md).
--
-- SQLSTATEs of this file: OA080 password refused by the policy (the message names the rule),
-- OA081 wrong current password, OA082 new password equal to the current one, OA083 too many
-- reset requests for one identifier, OA084 invalid, expired or used token, OA085 e-mail
-- address already in use; OA002 (locked) is login's. OA089 is internal: raised and caught
-- inside request_password_reset() to undo its stand-in writes, never seen by a caller.

-- The one way a new password becomes a hash (create_user, sign-up, invitations, change,
-- reset): native (src/passwords.rs over officeauto_core::password_policy). p_context holds
-- the account's own words (username, e-mail, name), which a password must not be made of.
REVOKE ALL ON FUNCTION officeauto._hash_new_password(text, text[]) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._hash_new_password(text, text[]) IS
    'Internal: checks a new password against the password policy (OA080 naming the rule) and returns its argon2id hash.';
REVOKE ALL ON FUNCTION officeauto._check_new_password(text, text[]) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._check_new_password(text, text[]) IS
    'Internal: checks a new password against the password policy without hashing it (OA080 naming the rule).';

-- Reset requests per identifier, whether or not it names an account, so the throttle answers
-- known and unknown identifiers alike. Rows older than an hour are deleted by the next request.
CREATE TABLE officeauto.password_reset_requests (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    identifier_key  text NOT NULL CHECK (length(identifier_key) <= 320),
    ip_address      inet,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX password_reset_requests_key_idx ON officeauto.password_reset_requests (identifier_key, created_at);
CREATE INDEX password_reset_requests_created_idx ON officeauto.password_reset_requests (created_at);
SELECT officeauto._setup_table('officeauto.password_reset_requests', NULL);
SELECT officeauto._grant_table('officeauto.password_reset_requests', 'none', false, '{}');
COMMENT ON TABLE officeauto.password_reset_requests IS
    'Password-reset requests of the last hour per identifier (lower-cased, trimmed), known or not, for the throttle of request_password_reset(). Pre-authentication, so not tenant-scoped.';

-- Verifies a user's current password the way login does, so a guess here is a guess there:
-- the login lock of the account, OA002 while it is locked, the attempt recorded durably as a
-- failed login before the password is looked at (deleted on success). Callers make every
-- other refusal before calling this: an error after it would keep a right password counted
-- as a failure.
CREATE FUNCTION officeauto._verify_current_password(p_user bigint, p_password text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
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
$$;
REVOKE ALL ON FUNCTION officeauto._verify_current_password(bigint, text) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._verify_current_password(bigint, text) IS
    'Internal (change_password, request_email_change): verifies a user''s current password under the login lockout (OA002 locked, OA081 wrong; the attempt counts as a failed login).';

-- The authenticated user of this transaction, as a row of the current organization; 28000
-- without one (authenticate() was not called in this transaction).
CREATE FUNCTION officeauto._password_acting_user(p_function text) RETURNS officeauto.users
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
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
$$;
REVOKE ALL ON FUNCTION officeauto._password_acting_user(text) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._password_acting_user(text) IS
    'Internal (password flows): the authenticated user''s row in the current organization, or 28000.';

-- The login lock of the account a token belongs to (none for an unknown token). Every flow
-- that changes an account's password, lock or tokens takes it before any row lock, as login
-- does, so two of them never wait on each other in opposite order.
CREATE FUNCTION officeauto._lock_token_account(p_digest bytea, p_purpose text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    uid bigint;
BEGIN
    SELECT user_id INTO uid FROM officeauto.email_verifications WHERE token_digest = p_digest AND purpose = p_purpose;
    IF uid IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock(hashtextextended('officeauto.login:' || uid::text, 0));
    END IF;
END
$$;
REVOKE ALL ON FUNCTION officeauto._lock_token_account(bytea, text) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._lock_token_account(bytea, text) IS
    'Internal (reset_password, confirm_email_change): takes the login lock of the account a token belongs to.';

CREATE FUNCTION officeauto.change_password(p_current text, p_new text, p_end_other_sessions boolean DEFAULT true)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.change_password(text, text, boolean) IS
    'Changes the authenticated user''s password: verifies the current one (a wrong one counts as a failed login: OA081, then OA002 once locked), applies the password policy (OA080), refuses an unchanged password (OA082); by default ends the user''s other sessions. Returns the number of sessions ended.';

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

CREATE FUNCTION officeauto.reset_password(p_token text, p_new text) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.reset_password(text, text) IS
    'Sets a new password with a token from request_password_reset(): applies the password policy (OA080; the token stays usable), consumes the token, ends every session and refresh token of the user, voids the user''s other outstanding e-mail tokens (an address change among them) and second-factor challenges, ends any lock, and returns the user''s public id. Unknown, expired or used tokens: OA084.';

CREATE FUNCTION officeauto.request_email_change(p_new_email text, p_current_password text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.request_email_change(text, text) IS
    'Starts a change of the authenticated user''s e-mail address: verifies the current password (OA081, counts as a failed login; OA002 locked), refuses an invalid address (22023; an address in use is refused at confirmation, OA085, so that this answer says nothing about other accounts), and returns a single-use token to send to the NEW address; the address changes only when confirm_email_change() receives it.';

CREATE FUNCTION officeauto.confirm_email_change(p_token text) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.confirm_email_change(text) IS
    'Completes an e-mail change with the token sent to the new address: sets the address, marks it verified, voids every other outstanding token of the user, and returns the user''s public id. Unknown, expired or used tokens: OA084; an address taken in the meantime: OA085.';

REVOKE ALL ON FUNCTION officeauto.change_password(text, text, boolean), officeauto.request_password_reset(text),
                       officeauto.reset_password(text, text), officeauto.request_email_change(text, text),
                       officeauto.confirm_email_change(text)
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto.change_password(text, text, boolean), officeauto.request_password_reset(text),
                          officeauto.reset_password(text, text), officeauto.request_email_change(text, text),
                          officeauto.confirm_email_change(text)
   TO officeauto_app, officeauto_admin;
