-- Identity: accounts with lockout state, login with brute-force protection, sessions with
-- rotating refresh tokens, the request context, e-mail verification. Password hashing, token
-- digests and session validation are native (src/identity.rs); the orchestration is here.
--
-- Login and refresh errors use SQLSTATE class OA (officeauto), one code per outcome a client
-- must tell apart (README, "SQLSTATEs").

ALTER TABLE officeauto.users
    ADD COLUMN locked_until timestamptz,
    ADD COLUMN lock_count integer NOT NULL DEFAULT 0 CHECK (lock_count >= 0);
COMMENT ON COLUMN officeauto.users.locked_until IS 'End of the current temporary lock after repeated failed logins (NULL: not locked).';
COMMENT ON COLUMN officeauto.users.lock_count IS 'Temporary locks since the last successful login; each lock lasts longer, up to officeauto.lockout_max_wait.';

-- Applied by the bookkeeping worker, in its own committed transaction: the failure row, the
-- captcha demand, and the lock when the account (or unknown identifier) reached the threshold.
-- Returns the failure row's id, which login() deletes in its own transaction when the password
-- turns out to be right.
CREATE FUNCTION officeauto._apply_login_failure(p_user bigint, p_identifier text, p_ip inet, p_reason text)
RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto._apply_login_failure(bigint, text, inet, text) IS
    'Internal (bookkeeping worker): records a failed login and locks the account, or the unknown identifier, at the threshold; returns the failure row id.';

-- A failure recorded before the password was checked turned out to be of another kind (the
-- password was right but the account may not log in).
CREATE FUNCTION officeauto._apply_login_amendment(p_failure bigint, p_reason text) RETURNS bigint
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$
    UPDATE officeauto.failed_login_attempts SET reason = p_reason WHERE id = p_failure;
    SELECT p_failure;
$$;
COMMENT ON FUNCTION officeauto._apply_login_amendment(bigint, text) IS
    'Internal (bookkeeping worker): changes the reason of a recorded failed login.';

CREATE FUNCTION officeauto._apply_family_revocation(p_family uuid) RETURNS bigint
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$
    SELECT set_config('lock_timeout', '5s', true);
    UPDATE officeauto.user_sessions SET revoked_at = now(), revoke_reason = 'refresh_reuse'
     WHERE revoked_at IS NULL AND id IN (SELECT session_id FROM officeauto.refresh_tokens WHERE family_id = p_family);
    UPDATE officeauto.refresh_tokens SET revoked_at = now(), revoke_reason = 'reuse_detected'
     WHERE family_id = p_family AND revoked_at IS NULL;
    SELECT 0::bigint;
$$;
COMMENT ON FUNCTION officeauto._apply_family_revocation(uuid) IS
    'Internal (bookkeeping worker): revokes every refresh token of a family and their sessions.';

-- The one entry point of the bookkeeping worker (src/bookkeeping.rs): an operation code and
-- its arguments as text, so the transport stays independent of the SQL it triggers.
CREATE FUNCTION officeauto._bookkeeping_apply(op text, a1 text, a2 text, a3 text, a4 text) RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    CASE op
        WHEN 'F' THEN RETURN officeauto._apply_login_failure(a1::bigint, a2, a3::inet, a4);
        WHEN 'A' THEN RETURN officeauto._apply_login_amendment(a1::bigint, a2);
        WHEN 'R' THEN RETURN officeauto._apply_family_revocation(a1::uuid);
        ELSE RAISE EXCEPTION 'unknown bookkeeping operation %', op USING ERRCODE = '22023';
    END CASE;
END
$$;
COMMENT ON FUNCTION officeauto._bookkeeping_apply(text, text, text, text, text) IS
    'Internal (bookkeeping worker): applies one bookkeeping operation in the worker''s own transaction.';

-- Records a failed login through the bookkeeping worker, or refuses the attempt (OA002) when
-- the record cannot be made: exhausting what recording needs must never buy unrecorded
-- guesses. Returns the failure id (negative when the attempt suspended the account).
CREATE FUNCTION officeauto._record_login_failure_or_refuse(p_user bigint, p_identifier text, p_ip text, p_reason text)
RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN officeauto._record_login_failure(p_user, p_identifier, p_ip, p_reason);
EXCEPTION WHEN insufficient_resources THEN
    RAISE EXCEPTION 'login refused: the attempt could not be recorded' USING ERRCODE = 'OA002',
        DETAIL = 'Security bookkeeping is unavailable; try again shortly.';
END
$$;
COMMENT ON FUNCTION officeauto._record_login_failure_or_refuse(bigint, text, text, text) IS
    'Internal (login): records a failed login, or refuses the attempt (OA002) when it cannot be recorded.';

CREATE FUNCTION officeauto.create_user(p_organization_id bigint, p_username text, p_email text, p_full_name text,
                                       p_password text)
RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.create_user(bigint, text, text, text, text) IS
    'Creates an account in the current organization with an argon2id password hash (needs USER CREATE; the first account of an organization becomes its owner, later ones members); returns its public id.';

-- Opens a session for a user whose credentials were verified, under the organization's limit
-- of live sessions per user and client type (officeauto.session_limits, 21_sessions.sql;
-- 1 by default): at the limit, the least recently active session is replaced (revoked as
-- 'replaced'). A refresh token family starts. Returns the tokens, shown once; only their
-- digests are stored.
CREATE FUNCTION officeauto._open_session(p_user bigint, p_organization bigint, p_client_type text,
                                         p_ip inet, p_user_agent text)
RETURNS TABLE (session_token text, refresh_token text, expires_at timestamptz, refresh_expires_at timestamptz)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
REVOKE ALL ON FUNCTION officeauto._open_session(bigint, bigint, text, inet, text) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._open_session(bigint, bigint, text, inet, text) IS
    'Internal (login and later verified sign-ins): opens a session under the organization''s limit of live sessions per user and client type (1 by default), replacing the least recently active one at the limit, with a new refresh token family; returns the tokens.';

CREATE FUNCTION officeauto.login(p_identifier text, p_password text, p_client_type text,
                                 p_ip inet DEFAULT NULL, p_user_agent text DEFAULT NULL,
                                 p_captcha_passed boolean DEFAULT false)
RETURNS TABLE (session_token text, refresh_token text, user_public_id uuid, expires_at timestamptz,
               refresh_expires_at timestamptz, mfa_required boolean, mfa_challenge text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.login(text, text, text, inet, text, boolean) IS
    'Logs in by username or e-mail (any case). Returns a session token and a refresh token (shown once; only digests are stored), the user''s public id and expiries. For a user with two-factor on it returns instead mfa_required = true, an mfa_challenge for verify_mfa() and its expiry in expires_at (tokens NULL). Errors: OA001 invalid credentials, OA002 locked (DETAIL: until when, ISO 8601 UTC), OA003 captcha required, OA004 e-mail not verified, OA005 account not active, OA006 organization suspended or deleted. Unknown identifiers answer exactly like accounts. Every attempt is recorded before the password is checked; when it cannot be, the attempt is refused with OA002.';

-- The same columns as login(): a client reads one shape whichever of the two gave it tokens.
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

-- Logout with a scope: 'current' ends the token's session, 'others' every other live session
-- of its user (the given one stays), 'all' both. The rule of every "end" operation
-- (docs/errors.md): a token that names no session is P0002; a session that has already ended
-- is false (ending it again changes nothing); ending others needs a session that still works
-- (28000 otherwise: a dead token proves nothing about who holds it now).
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

CREATE FUNCTION officeauto.cleanup_expired_sessions(keep interval DEFAULT '7 days') RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.cleanup_expired_sessions(interval) IS
    'Deletes sessions (and their refresh tokens) expired, revoked or idle for longer than keep, and old e-mail tokens; soft-deletes sign-ups that did not verify their address in time; returns sessions deleted.';
CREATE FUNCTION officeauto.fn_cleanup_expired_sessions() RETURNS integer
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
RETURN officeauto.cleanup_expired_sessions();
COMMENT ON FUNCTION officeauto.fn_cleanup_expired_sessions() IS 'Seed name of cleanup_expired_sessions() with its default.';

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

CREATE FUNCTION officeauto.verify_email(p_token text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.verify_email(text) IS 'Consumes an e-mail verification token: true once, false for unknown, used or expired tokens.';

COMMENT ON FUNCTION officeauto.hash_password(text) IS
    'argon2id PHC string under officeauto.password_* cost (and the current pepper); 22023 for an empty password or one over 1024 bytes. Cancellable.';
COMMENT ON FUNCTION officeauto.verify_password(text, text) IS
    'Verifies a password against an argon2 PHC string or a bcrypt $2a$/$2b$/$2y$ hash; a malformed hash raises XX001 instead of returning false.';
COMMENT ON FUNCTION officeauto.password_needs_rehash(text) IS 'True for bcrypt hashes and argon2 hashes with other cost or pepper than configured.';
COMMENT ON FUNCTION officeauto.token_digest(text) IS 'SHA-256 digest a token is stored under; NULL for a string that is not a token.';
COMMENT ON FUNCTION officeauto.validate_session(text) IS
    'User id of a valid session token, else NULL (unknown, revoked, expired, idle, inactive user); OA006 for an otherwise valid session of a suspended or deleted organization. Writes last activity at most once per officeauto.session_touch_interval; read-only on a hot standby.';
COMMENT ON FUNCTION officeauto.authenticate(text) IS
    'Validates a session token and makes its organization, user and session the context of the current transaction (read by row-level security and the audit trail); held by the backend, so later SQL cannot change it. Returns the user id; 28000 for an invalid, expired or revoked session; OA006 when its organization is suspended or deleted.';
COMMENT ON FUNCTION officeauto._dummy_verify(text) IS 'Internal (login): spends a verification''s time for an unknown account.';
COMMENT ON FUNCTION officeauto._lockout_decision(integer, integer) IS 'Internal: the lock (seconds, suspension) a failed login brings under the lockout policy.';
COMMENT ON FUNCTION officeauto._new_token() IS 'Internal: a new 256-bit base64url token.';
COMMENT ON FUNCTION officeauto._record_login_failure(bigint, text, text, text) IS 'Internal (login): records a failed login durably through the bookkeeping worker; returns its id; 53000 when it cannot (login then refuses the attempt).';
COMMENT ON FUNCTION officeauto._amend_login_failure(bigint, text) IS 'Internal (login): changes the reason of a recorded failure through the bookkeeping worker.';
COMMENT ON FUNCTION officeauto._hide_statement() IS 'Internal: keeps the current statement (it carries a password) out of the server log if it fails.';
COMMENT ON FUNCTION officeauto._revoke_refresh_family(uuid) IS 'Internal (refresh_session): revokes a refresh-token family durably through a background worker.';

REVOKE ALL ON FUNCTION officeauto._lockout_decision(integer, integer), officeauto._apply_login_failure(bigint, text, inet, text), officeauto._apply_family_revocation(uuid),
                       officeauto._apply_login_amendment(bigint, text), officeauto._bookkeeping_apply(text, text, text, text, text),
                       officeauto._amend_login_failure(bigint, text), officeauto._hide_statement(),
                       officeauto._record_login_failure_or_refuse(bigint, text, text, text),
                       officeauto._dummy_verify(text), officeauto._new_token(),
                       officeauto._record_login_failure(bigint, text, text, text), officeauto._revoke_refresh_family(uuid),
                       officeauto.login(text, text, text, inet, text, boolean), officeauto.refresh_session(text),
                       officeauto.logout(text, text), officeauto.validate_session(text), officeauto.create_user(bigint, text, text, text, text),
                       officeauto.revoke_user_sessions(uuid), officeauto.cleanup_expired_sessions(interval),
                       officeauto.fn_cleanup_expired_sessions(), officeauto.request_email_verification(uuid, text),
                       officeauto.verify_email(text), officeauto.authenticate(text)
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto.login(text, text, text, inet, text, boolean), officeauto.refresh_session(text),
                          officeauto.logout(text, text), officeauto.validate_session(text), officeauto.authenticate(text),
                          officeauto.create_user(bigint, text, text, text, text), officeauto.revoke_user_sessions(uuid),
                          officeauto.request_email_verification(uuid, text), officeauto.verify_email(text)
   TO officeauto_app, officeauto_admin;
GRANT EXECUTE ON FUNCTION officeauto.cleanup_expired_sessions(interval), officeauto.fn_cleanup_expired_sessions()
   TO officeauto_admin;
-- Passwords are set only by the extension's functions (create_user, login's rehash), never
-- written directly: a planted hash is attacker input to every later login. Neither role may
-- insert or update the column; an INSERT without it stores '!' (no password, no login).
ALTER TABLE officeauto.users ALTER COLUMN password_hash SET DEFAULT '!';
DO $$
DECLARE
    cols text;
    r text;
BEGIN
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols
      FROM pg_attribute
     WHERE attrelid = 'officeauto.users'::regclass AND attnum > 0 AND NOT attisdropped
       AND attname NOT IN ('id', 'public_id', 'password_hash', 'created_at', 'updated_at');
    FOREACH r IN ARRAY ARRAY['officeauto_app', 'officeauto_admin'] LOOP
        EXECUTE format('REVOKE INSERT, UPDATE ON officeauto.users FROM %I', r);
        EXECUTE format('REVOKE INSERT (password_hash), UPDATE (password_hash) ON officeauto.users FROM %I', r);
        EXECUTE format('GRANT INSERT (%s), UPDATE (%s) ON officeauto.users TO %I', cols, cols, r);
    END LOOP;
END
$$;
SELECT officeauto._grant_table('officeauto.login_throttle', 'none', false, '{}');
