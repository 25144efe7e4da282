-- Administration of accounts: unlock, deactivate and reactivate, soft delete, a paginated
-- listing for user managers, and erasure of a person's data on request.
--
-- Permissions (role_templates, 16_authorization.sql): changing an account's state (unlock,
-- deactivate, reactivate) and listing accounts for administration need USER UPDATE GLOBAL;
-- deleting and erasing need USER DELETE GLOBAL. Built-in: owner and admin hold both; manager,
-- member and viewer neither. Every function names its target by public id, finds it only in
-- the caller's organization (definer rights bypass row-level security, so the check is
-- explicit) and records an account event. The database rules stay in force underneath: the
-- last active owner (OA060, users guard), seats and a live organization (OA007, OA006, seats
-- trigger).
--
-- SQLSTATEs of this file: OA090 an administrator acting on their own account, OA091 erasure
-- of an account that is not deleted.

-- The account an administration function acts on, locked: permission first (42501), so
-- someone without it learns nothing about ids; then 22023 for NULL and P0002 for an id that is
-- not a (live, unless deleted ones are wanted) account of the current organization.
-- An erased account stays as it was left: deleted, anonymous, without a password. Bringing it
-- back (deleted_at NULL) would give the organization an account, possibly an owner, that nobody
-- can use, and editing it would put personal data back where it was erased.
ALTER TABLE officeauto.users ADD COLUMN erased_at timestamptz;
COMMENT ON COLUMN officeauto.users.erased_at IS 'When the account''s personal data was erased (erase_user_personal_data); the row no longer changes.';
GRANT SELECT (erased_at) ON officeauto.users TO officeauto_app, officeauto_readonly, officeauto_admin;
CREATE FUNCTION officeauto.tg_users_erased() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.erased_at IS NOT NULL AND officeauto._acting_user() IS NOT NULL THEN
        RAISE EXCEPTION 'permission denied: an erased account cannot be changed' USING ERRCODE = '42501';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
COMMENT ON FUNCTION officeauto.tg_users_erased() IS 'BEFORE UPDATE/DELETE trigger on users: an erased account is not changed by users (42501).';
CREATE TRIGGER erased BEFORE UPDATE OR DELETE ON officeauto.users
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_users_erased();

CREATE FUNCTION officeauto._admin_target(p_user uuid, p_action text, p_fn text, p_deleted boolean DEFAULT false)
RETURNS officeauto.users
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
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
$$;
REVOKE ALL ON FUNCTION officeauto._admin_target(uuid, text, text, boolean) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._admin_target(uuid, text, text, boolean) IS
    'Internal (administration functions): checks USER <action> GLOBAL and returns the locked account of the current organization with that public id (live, or deleted when asked); 42501, 22023, P0002.';

CREATE FUNCTION officeauto._refuse_self(p_user bigint, p_what text) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_user = officeauto.current_user_id() THEN
        RAISE EXCEPTION 'administrators cannot % their own account', p_what USING ERRCODE = 'OA090',
            HINT = 'Ask another administrator of the organization.';
    END IF;
END
$$;
REVOKE ALL ON FUNCTION officeauto._refuse_self(bigint, text) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._refuse_self(bigint, text) IS 'Internal (administration functions): OA090 when the target is the acting user.';

-- Ends every live session and refresh token of an account; returns the sessions ended.
-- Serialized with the account's logins (the advisory lock of login/_open_session), so a login
-- that already passed its status check cannot open a session after this.
CREATE FUNCTION officeauto._end_user_sessions(p_user bigint, p_reason text) RETURNS integer
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
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
$$;
REVOKE ALL ON FUNCTION officeauto._end_user_sessions(bigint, text) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._end_user_sessions(bigint, text) IS
    'Internal (administration): revokes every live session and refresh token of a user with a reason; returns sessions revoked.';

CREATE FUNCTION officeauto.unlock_user(p_user uuid) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.unlock_user(uuid) IS
    'Ends a user''s login lock now (lock count 0, earlier failures no longer counted) and lifts a lockout suspension; true when the account was locked or suspended. USER UPDATE GLOBAL (42501); P0002 unknown user or another organization''s; OA090 one''s own account; OA007/OA006 when lifting a suspension finds no seat or a suspended organization. Audited as user.unlocked.';

CREATE FUNCTION officeauto.deactivate_user(p_user uuid) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.deactivate_user(uuid) IS
    'Sets a user inactive (no login; the seat is freed) and ends every session and refresh token (reason user_disabled); true when the status changed, false when already inactive. USER UPDATE GLOBAL (42501); P0002 unknown user or another organization''s; OA090 one''s own account; OA060 the last active owner. Audited as user.deactivated.';

CREATE FUNCTION officeauto.reactivate_user(p_user uuid) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.reactivate_user(uuid) IS
    'Sets an inactive or suspended user active again; true when the status changed, false when already active. USER UPDATE GLOBAL (42501); P0002 unknown, deleted or another organization''s user; OA090 one''s own account; OA007 no free seat; OA006 organization suspended or deleted. Audited as user.reactivated.';

CREATE FUNCTION officeauto.delete_user(p_user uuid) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.delete_user(uuid) IS
    'Soft-deletes a user (deleted_at, deleted_by): frees the username and e-mail for new accounts, ends every session and refresh token, voids outstanding e-mail tokens; returns true. USER DELETE GLOBAL (42501); P0002 unknown, already deleted or another organization''s user; OA090 one''s own account; OA060 the last active owner. Audited as user.deleted.';

CREATE FUNCTION officeauto.list_users(p_status text DEFAULT NULL, p_search text DEFAULT NULL,
                                      p_after uuid DEFAULT NULL, p_limit integer DEFAULT 50)
RETURNS TABLE (public_id uuid, username text, email text, full_name text, status text, roles text[],
               email_verified boolean, two_factor_enabled boolean, locked_until timestamptz,
               last_login_at timestamptz, created_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.list_users(text, text, uuid, integer) IS
    'User managers'' listing of the current organization''s accounts, ordered by public id, p_limit (1 to 500) at a time; the next page passes the last public id as p_after. p_status: active, inactive, suspended, pending (sign-up not verified yet), locked (lock in force), deleted, or NULL for every live account; p_search: literal substring of username, e-mail or full name, any case. Returns public id, username, e-mail, full name, status, organization-wide roles, e-mail verified, two-factor enabled, locked until, last login, created. USER UPDATE GLOBAL (42501); 22023 for a bad status, limit or search.';

-- Replaces the values of the given keys in a JSON object (a row image in the audit trail),
-- leaving other keys, and keys the object lacks, as they are.
CREATE FUNCTION officeauto._overwrite_keys(p_doc jsonb, p_values jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT CASE WHEN jsonb_typeof(p_doc) = 'object'
                THEN p_doc || coalesce((SELECT jsonb_object_agg(k, v) FROM jsonb_each(p_values) AS e(k, v)
                                         WHERE p_doc ? k), '{}')
                ELSE p_doc END
$$;
REVOKE ALL ON FUNCTION officeauto._overwrite_keys(jsonb, jsonb) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._overwrite_keys(jsonb, jsonb) IS
    'Internal (erase_user_personal_data): a JSON object with the values of the keys it shares with another replaced by that one''s.';

-- Erasure on request (GDPR art. 17): only for an account already deleted, so it is always two
-- deliberate steps and never touches a working account. Everything that names or locates the
-- person is overwritten or removed; ids stay, so every reference (tasks, documents, audit
-- rows, grants) still resolves, to an anonymous account.
--
-- The audit trail is append-only for every role but the extension's owner (no INSERT, UPDATE
-- or DELETE for officeauto_app or officeauto_admin, 15_workflows.sql). This function, running
-- as the owner, is the one narrow exception: it rewrites only the personal fields of the
-- rows describing this one account of the caller's organization (the users row images, the
-- person's own request addresses, and account events' metadata values equal to the erased
-- identifiers), in both the live trail and the archive. Rows, ids, actions, times and changed
-- columns stay, and the erasure itself is recorded afterwards as a new event.
CREATE FUNCTION officeauto.erase_user_personal_data(p_user uuid) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.erase_user_personal_data(uuid) IS
    'Erases the personal data of a deleted user on request: username, e-mail, full name, preferences, time zone, locale, password, verification, login and lock state anonymized; sessions, refresh and e-mail tokens removed; identifiers and addresses scrubbed from failed logins; the same personal fields replaced in the audit trail''s images of the account (live and archive), request addresses of the person''s own actions and identifier values in account events cleared. Ids and rows stay. Returns true. USER DELETE GLOBAL (42501); P0002 unknown user or another organization''s; OA091 account not deleted; 22023 NULL. Audited as user.erased (without the erased data).';

REVOKE ALL ON FUNCTION officeauto.tg_users_erased(), officeauto.unlock_user(uuid), officeauto.deactivate_user(uuid), officeauto.reactivate_user(uuid),
                       officeauto.delete_user(uuid), officeauto.list_users(text, text, uuid, integer),
                       officeauto.erase_user_personal_data(uuid)
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto.unlock_user(uuid), officeauto.deactivate_user(uuid), officeauto.reactivate_user(uuid),
                          officeauto.delete_user(uuid), officeauto.list_users(text, text, uuid, integer),
                          officeauto.erase_user_personal_data(uuid)
   TO officeauto_app, officeauto_admin;
