-- Two-factor authentication with TOTP (RFC 6238): enrolment, confirmation, login challenges,
-- recovery codes.
--
-- A secret is made, sealed (credential envelope, bound to its account) and checked natively
-- (src/mfa.rs); its plaintext is never a SQL value except in enroll_totp()'s answer. A login
-- of a user with two-factor on ends in a challenge (login() in 14_identity.sql calls
-- _mfa_challenge) that verify_mfa() turns into a session. Every code check takes the login's
-- per-account advisory lock and is recorded as a failed login before the code is looked at,
-- so wrong codes lock the account exactly as wrong passwords do.
-- SQLSTATEs: OA013 challenge invalid, expired, used or exhausted; OA014 wrong or replayed code;
-- OA015 two-factor already on; OA016 two-factor not on (or no pending enrolment).

CREATE TABLE officeauto.user_totp (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id   bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    user_id           bigint NOT NULL,
    encrypted_secret  bytea NOT NULL CHECK (octet_length(encrypted_secret) <= 1024),
    key_id            text NOT NULL REFERENCES officeauto.credential_keys (key_id),
    confirmed_at      timestamptz,
    last_used_step    bigint,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (organization_id, user_id) REFERENCES officeauto.users (organization_id, id) ON DELETE CASCADE,
    -- One enrolment per user. organization_id adds nothing (a user has one organization) but a
    -- unique constraint must include it on Citus (docs/scale-out.md).
    CONSTRAINT user_totp_user_id_key UNIQUE (user_id, organization_id)
);
SELECT officeauto._setup_table('officeauto.user_totp');
COMMENT ON TABLE officeauto.user_totp IS 'TOTP enrolment of a user: the sealed secret, whether it is confirmed (two-factor on), and the last accepted time step (replay refusal). Written by the MFA functions only.';
COMMENT ON COLUMN officeauto.user_totp.encrypted_secret IS 'The 160-bit secret in the credential envelope under a server-held data key, bound to the organization and the user''s public id. Withheld from officeauto_app and officeauto_readonly; redacted in the audit trail.';
COMMENT ON COLUMN officeauto.user_totp.key_id IS 'Credential data key the secret is sealed under (a key in use cannot be deleted).';
COMMENT ON COLUMN officeauto.user_totp.confirmed_at IS 'When a first code confirmed the enrolment; NULL while pending (re-enrolling replaces a pending secret).';
COMMENT ON COLUMN officeauto.user_totp.last_used_step IS 'Time step (unix time / 30) of the last accepted code; a code of this step or an earlier one is refused.';

CREATE TABLE officeauto.mfa_recovery_codes (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id  bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    user_id          bigint NOT NULL,
    code_digest      bytea NOT NULL UNIQUE CHECK (octet_length(code_digest) = 32),
    used_at          timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (organization_id, user_id) REFERENCES officeauto.users (organization_id, id) ON DELETE CASCADE
);
SELECT officeauto._setup_table('officeauto.mfa_recovery_codes');
COMMENT ON TABLE officeauto.mfa_recovery_codes IS 'One-time recovery codes of users with two-factor on, stored as digests only; a used code keeps its row with used_at.';
COMMENT ON COLUMN officeauto.mfa_recovery_codes.code_digest IS 'SHA-256 of the code (80 random bits) bound to the user''s public id.';

CREATE TABLE officeauto.mfa_challenges (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id  bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    user_id          bigint NOT NULL,
    token_digest     bytea NOT NULL UNIQUE CHECK (octet_length(token_digest) = 32),
    client_type      text NOT NULL CHECK (client_type IN ('web', 'mobile', 'desktop', 'api')),
    ip_address       inet,
    user_agent       text CHECK (length(user_agent) <= 1024),
    expires_at       timestamptz NOT NULL,
    consumed_at      timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (organization_id, user_id) REFERENCES officeauto.users (organization_id, id) ON DELETE CASCADE
);
SELECT officeauto._setup_table('officeauto.mfa_challenges');
COMMENT ON TABLE officeauto.mfa_challenges IS 'Pending second steps of logins: a single-use, short-lived token (digest only) bound to the login''s client type, address and user agent.';

-- Functions only: the application reads none of these tables. The keyring's admin role keeps
-- its usual access; the secret is sealed anyway.
SELECT officeauto._grant_table(t::regclass, 'none', false, s)
  FROM (VALUES ('officeauto.user_totp', '{encrypted_secret}'::text[]),
               ('officeauto.mfa_recovery_codes', '{code_digest}'),
               ('officeauto.mfa_challenges', '{token_digest}')) v(t, s);
-- Enrolments matter to an investigation; challenges and recovery codes are covered by the
-- account events below (like sessions and e-mail tokens, they are not row-audited).
SELECT officeauto.enable_audit('officeauto.user_totp', '{"exclude": ["encrypted_secret"]}');

-- The two-factor flag follows a confirmed enrolment and is changed by the functions below
-- only: set directly it could lock a user out (on without a secret) or drop the second factor
-- without a trace (off).
CREATE FUNCTION officeauto.tg_users_two_factor() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.tg_users_two_factor() IS
    'BEFORE UPDATE trigger on users: two_factor_enabled changes only through the MFA functions (42501 for application connections), and is on only with a confirmed enrolment (OA016).';
CREATE TRIGGER two_factor BEFORE UPDATE OF two_factor_enabled ON officeauto.users
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_users_two_factor();

-- The authenticated user's live account row (28000 without an authenticated context).
CREATE FUNCTION officeauto._mfa_me() RETURNS officeauto.users
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
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
$$;
REVOKE ALL ON FUNCTION officeauto._mfa_me() FROM PUBLIC;
COMMENT ON FUNCTION officeauto._mfa_me() IS 'Internal (MFA functions): the authenticated user''s account row; 28000 without one.';

-- A code must be a reasonable string before it is worth a recorded attempt.
CREATE FUNCTION officeauto._mfa_require_code(p_code text) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_code IS NULL OR length(btrim(p_code)) = 0 OR length(p_code) > 64 THEN
        RAISE EXCEPTION 'code must be a 6-digit TOTP code or a recovery code (1 to 64 characters)'
            USING ERRCODE = '22023';
    END IF;
END
$$;
REVOKE ALL ON FUNCTION officeauto._mfa_require_code(text) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._mfa_require_code(text) IS 'Internal (MFA functions): 22023 for a NULL, blank or over-long code.';

-- Checks a second-factor code of user u (a TOTP code, or with p_allow_recovery a recovery
-- code) under the login rules: the caller holds the account's login advisory lock; a locked
-- account is refused (OA002); the attempt is recorded as a failed login durably before the
-- code is looked at, and the record is removed when the code is right. A TOTP code is
-- accepted once: its step must be later than the last accepted one, which the same UPDATE
-- advances, so of two racing uses one wins. Returns how the user proved it: 'totp' or
-- 'recovery_code'. Wrong and replayed codes: OA014.
CREATE FUNCTION officeauto._mfa_check_code(u officeauto.users, p_code text, p_ip inet, p_allow_recovery boolean)
RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
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
$$;
REVOKE ALL ON FUNCTION officeauto._mfa_check_code(officeauto.users, text, inet, boolean) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._mfa_check_code(officeauto.users, text, inet, boolean) IS
    'Internal (MFA functions): checks a TOTP or recovery code under the login rules (OA002 locked, failure recorded first, replay refused); returns ''totp'' or ''recovery_code''; OA014 for a wrong or replayed code.';

-- Audits a failed second-factor code inside the bookkeeping worker's transaction (see
-- _mfa_check_code): the failure's row is re-stated there with its own reason, and only
-- second-factor failures ('mfa:' identifiers) are amended that way.
CREATE FUNCTION officeauto.tg_failed_login_mfa_audit() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM officeauto._log_account_event(u.organization_id, u.id, 'mfa.failed',
                                          jsonb_build_object('ip', host(NEW.ip_address), 'failure_id', NEW.id))
       FROM officeauto.users u WHERE u.id = NEW.user_id;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION officeauto.tg_failed_login_mfa_audit() FROM PUBLIC;
COMMENT ON FUNCTION officeauto.tg_failed_login_mfa_audit() IS
    'AFTER UPDATE trigger on failed_login_attempts: writes the mfa.failed account event of a wrong second-factor code, durably (in the bookkeeping worker''s transaction).';
CREATE TRIGGER mfa_failed_audit AFTER UPDATE OF reason ON officeauto.failed_login_attempts
    FOR EACH ROW WHEN (NEW.identifier LIKE 'mfa:%' AND NEW.reason = 'invalid_credentials' AND NEW.user_id IS NOT NULL)
    EXECUTE FUNCTION officeauto.tg_failed_login_mfa_audit();

CREATE FUNCTION officeauto._mfa_login_lock(p_user bigint) RETURNS void
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$
    SELECT pg_advisory_xact_lock(hashtextextended('officeauto.login:' || p_user::text, 0));
$$;
REVOKE ALL ON FUNCTION officeauto._mfa_login_lock(bigint) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._mfa_login_lock(bigint) IS
    'Internal (MFA functions): takes the account''s login advisory lock (the one login() takes), so code checks, failure counts and logins of one account run one at a time.';

-- Recovery codes replace any earlier ones of the user; returned once.
CREATE FUNCTION officeauto._mfa_issue_recovery_codes(u officeauto.users)
RETURNS TABLE (recovery_code text)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    DELETE FROM officeauto.mfa_recovery_codes WHERE user_id = u.id;
    RETURN QUERY
    WITH c AS (SELECT * FROM officeauto._new_recovery_codes(u.public_id, 10)),
         ins AS (INSERT INTO officeauto.mfa_recovery_codes (organization_id, user_id, code_digest)
                 SELECT u.organization_id, u.id, c.code_digest FROM c)
    SELECT c.code FROM c;
END
$$;
REVOKE ALL ON FUNCTION officeauto._mfa_issue_recovery_codes(officeauto.users) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._mfa_issue_recovery_codes(officeauto.users) IS
    'Internal (confirm_totp, regenerate_recovery_codes): replaces a user''s recovery codes with 10 new ones and returns them (stored as digests only).';

-- Turns two-factor off for u: enrolment, recovery codes and pending challenges go.
CREATE FUNCTION officeauto._mfa_turn_off(u officeauto.users, p_how jsonb) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    DELETE FROM officeauto.user_totp WHERE user_id = u.id;
    DELETE FROM officeauto.mfa_recovery_codes WHERE user_id = u.id;
    DELETE FROM officeauto.mfa_challenges WHERE user_id = u.id;
    UPDATE officeauto.users SET two_factor_enabled = false WHERE id = u.id AND two_factor_enabled;
    PERFORM officeauto._log_account_event(u.organization_id, u.id, 'mfa.disabled', p_how);
END
$$;
REVOKE ALL ON FUNCTION officeauto._mfa_turn_off(officeauto.users, jsonb) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._mfa_turn_off(officeauto.users, jsonb) IS
    'Internal (disable_totp, disable_totp_for): removes a user''s enrolment, recovery codes and challenges, turns the flag off and records mfa.disabled.';

CREATE FUNCTION officeauto.enroll_totp(p_current_password text)
RETURNS TABLE (otpauth_uri text, secret text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.enroll_totp(text) IS
    'Starts TOTP enrolment for the authenticated user (USER UPDATE SELF), who confirms it with their current password (OA081 wrong, counted as a failed login; OA002 locked): generates a 160-bit secret server-side, stores it sealed under the credential key, and returns once the otpauth:// URI (for a QR code) and the base32 secret. Re-enrolling before confirmation replaces the pending secret. OA015 when two-factor is already on.';

CREATE FUNCTION officeauto.confirm_totp(p_code text)
RETURNS TABLE (recovery_code text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.confirm_totp(text) IS
    'Confirms the pending TOTP enrolment of the authenticated user with a current code, turns two-factor on and returns 10 one-time recovery codes (shown once; stored as digests). OA014 wrong code, OA015 already on, OA016 nothing to confirm, 22023 malformed input.';

-- The authenticated user's own change to their second factor (disable_totp,
-- regenerate_recovery_codes) needs USER UPDATE (SELF), a code, two-factor on, and the code
-- checked like a login attempt under the account's login lock. Returns the account row as it
-- stands under that lock, and how the code proved it.
CREATE FUNCTION officeauto._mfa_prove_self(p_code text, p_what text, p_allow_recovery boolean,
                                           OUT account officeauto.users, OUT method text)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
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
$$;
REVOKE ALL ON FUNCTION officeauto._mfa_prove_self(text, text, boolean) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._mfa_prove_self(text, text, boolean) IS
    'Internal (disable_totp, regenerate_recovery_codes): checks the authenticated user''s own code under the login lock (28000, 42501, 22023, OA016, OA014, OA002); returns the locked account row and the method.';

CREATE FUNCTION officeauto.disable_totp(p_code text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    hidden boolean := officeauto._hide_statement();
    proof record;
BEGIN
    SELECT * INTO proof FROM officeauto._mfa_prove_self(p_code, 'disable_totp', true);
    PERFORM officeauto._mfa_turn_off(proof.account, jsonb_build_object('by', 'self', 'method', proof.method));
    RETURN true;
END
$$;
COMMENT ON FUNCTION officeauto.disable_totp(text) IS
    'Turns two-factor off for the authenticated user, proven by a current TOTP code or a recovery code (counted like a login attempt: OA002 locked, OA014 wrong or replayed code); removes the enrolment and recovery codes. OA016 when it is not on.';

CREATE FUNCTION officeauto.disable_totp_for(p_user uuid) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.disable_totp_for(uuid) IS
    'Turns two-factor off (or cancels a pending enrolment) for a user of the current organization, by public id; needs USER UPDATE GLOBAL (42501), and for an owner''s account the owner role; not for one''s own account (OA090: disable_totp with a code). P0002 unknown user, OA016 nothing to turn off.';

CREATE FUNCTION officeauto.regenerate_recovery_codes(p_code text)
RETURNS TABLE (recovery_code text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.regenerate_recovery_codes(text) IS
    'Replaces the authenticated user''s recovery codes with 10 new ones (returned once), proven by a current TOTP code (counted like a login attempt: OA002, OA014). OA016 when two-factor is not on.';

-- Called by login() once the password and every account check passed, for a user with
-- two-factor on: a challenge instead of a session. Used and expired challenges of the user
-- are dropped on the way, so the table holds only what may still be presented.
CREATE FUNCTION officeauto._mfa_challenge(p_user bigint, p_organization bigint, p_client_type text,
                                          p_ip inet, p_user_agent text)
RETURNS TABLE (challenge text, expires_at timestamptz)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
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
$$;
REVOKE ALL ON FUNCTION officeauto._mfa_challenge(bigint, bigint, text, inet, text) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._mfa_challenge(bigint, bigint, text, inet, text) IS
    'Internal (login): issues a single-use MFA challenge token (digest stored) bound to the login''s client type, address and user agent, expiring after officeauto.mfa_challenge_ttl.';

CREATE FUNCTION officeauto.verify_mfa(p_challenge text, p_code text, p_ip inet DEFAULT NULL,
                                      p_user_agent text DEFAULT NULL)
RETURNS TABLE (session_token text, refresh_token text, user_public_id uuid, expires_at timestamptz,
               refresh_expires_at timestamptz, mfa_required boolean, mfa_challenge text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.verify_mfa(text, text, inet, text) IS
    'Completes a login that returned mfa_required: the challenge and a current TOTP code (or a recovery code), from the same address and user agent as the login. Returns login()''s shape with a session. Errors: OA013 challenge unknown, expired, used, from another client or ended after too many wrong codes; OA014 wrong or replayed code (counted as a failed login); OA002 account locked; OA005/OA006 account or organization no longer active; 22023 malformed code.';

-- After a new credential key is made current: re-seals every TOTP secret still under an older
-- key, in batches, skipping rows other transactions hold (run again until it returns 0). The
-- old key cannot be deleted while a secret uses it (foreign key).
CREATE FUNCTION officeauto.rotate_totp_keys(batch_size integer DEFAULT 1000) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.rotate_totp_keys(integer) IS
    'Re-seals TOTP secrets still under an older credential key with the current one, in batches (rows locked elsewhere are skipped: run until it returns 0); returns secrets re-sealed. officeauto_admin only.';

REVOKE ALL ON FUNCTION officeauto.enroll_totp(text), officeauto.confirm_totp(text), officeauto.disable_totp(text),
                       officeauto.disable_totp_for(uuid), officeauto.regenerate_recovery_codes(text),
                       officeauto.verify_mfa(text, text, inet, text),
                       officeauto._totp_enrolment(bigint, uuid, text, text), officeauto._totp_match(bytea, bigint, uuid, text, bigint),
                       officeauto._new_recovery_codes(uuid, integer), officeauto._recovery_code_digest(uuid, text),
                       officeauto.tg_users_two_factor(), officeauto.rotate_totp_keys(integer),
                       officeauto._totp_reseal(bytea, bigint, uuid)
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto.rotate_totp_keys(integer) TO officeauto_admin;
COMMENT ON FUNCTION officeauto._totp_reseal(bytea, bigint, uuid) IS
    'Internal (rotate_totp_keys): a TOTP secret re-sealed under the current credential key; NULL when it already is.';
GRANT EXECUTE ON FUNCTION officeauto.enroll_totp(text), officeauto.confirm_totp(text), officeauto.disable_totp(text),
                          officeauto.disable_totp_for(uuid), officeauto.regenerate_recovery_codes(text),
                          officeauto.verify_mfa(text, text, inet, text)
   TO officeauto_app, officeauto_admin;
COMMENT ON FUNCTION officeauto._totp_enrolment(bigint, uuid, text, text) IS
    'Internal (enroll_totp): a new 160-bit TOTP secret sealed for one account, its otpauth:// URI and base32 form.';
COMMENT ON FUNCTION officeauto._totp_match(bytea, bigint, uuid, text, bigint) IS
    'Internal (MFA checks): the time step a code matches within one step of the given unix time, else NULL (constant-time comparison).';
COMMENT ON FUNCTION officeauto._new_recovery_codes(uuid, integer) IS
    'Internal: n new recovery codes of an account with the digests they are stored under.';
COMMENT ON FUNCTION officeauto._recovery_code_digest(uuid, text) IS
    'Internal: the stored digest of a typed recovery code of an account; NULL when it cannot be one.';
