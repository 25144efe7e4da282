-- Sessions as their owner sees them: listing, ending one by its public id, logout with a
-- scope, and the organization's policy for live sessions per client type.

------------------------------------------------------------------------------------------
-- How many live sessions a user may hold per client type
------------------------------------------------------------------------------------------

-- The hard ceiling of any organization's limit. Each live session holds a numbered slot of
-- its user and client type, and a unique index on the slots of live sessions replaces the old
-- one-live-session index: the database itself refuses a session beyond the slots, whatever a
-- caller does, and the default slot (1) keeps "one per client type" for a row inserted
-- without one.
ALTER TABLE officeauto.user_sessions
    ADD COLUMN slot smallint NOT NULL DEFAULT 1 CONSTRAINT user_sessions_slot_check CHECK (slot BETWEEN 1 AND 20);
DROP INDEX officeauto.user_sessions_one_live_key;
-- organization_id is last: a user belongs to one organization, so it adds no constraint, but
-- a unique index of a table distributed by organization_id on Citus must include it
-- (docs/scale-out.md), and lookups by user keep using the index as before.
CREATE UNIQUE INDEX user_sessions_live_slot_key ON officeauto.user_sessions (user_id, client_type, slot, organization_id)
    WHERE revoked_at IS NULL;
COMMENT ON TABLE officeauto.user_sessions IS 'Login sessions. Live (unrevoked) sessions per user and client type are limited by the organization''s policy (officeauto.session_limits, 1 by default), each holding one slot. The token is handed to the client once; only its SHA-256 digest is stored.';
GRANT SELECT (slot) ON officeauto.user_sessions TO officeauto_app, officeauto_readonly;
COMMENT ON COLUMN officeauto.user_sessions.slot IS 'Which of the user''s places for this client type the session holds (1 to the organization''s limit, at most 20); unique among live sessions, which bounds them even against a racing writer.';

CREATE TABLE officeauto.session_limits (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    client_type     text NOT NULL CHECK (client_type IN ('web', 'mobile', 'desktop', 'api')),
    max_sessions    smallint NOT NULL CHECK (max_sessions BETWEEN 1 AND 20),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 1,
    UNIQUE (organization_id, client_type)
);
SELECT officeauto._setup_table('officeauto.session_limits');
-- Written through set_session_limit() only (ORGANIZATION UPDATE, bounds, audit).
SELECT officeauto._grant_table('officeauto.session_limits', 'read', true);
SELECT officeauto.enable_audit('officeauto.session_limits');
COMMENT ON TABLE officeauto.session_limits IS 'Organization policy: most live sessions a user may hold per client type (1 to 20). A client type without a row allows one; at the limit a new login replaces the least recently active session.';
COMMENT ON COLUMN officeauto.session_limits.max_sessions IS 'Live sessions per user for this client type, 1 to 20.';

CREATE FUNCTION officeauto._session_limit(p_organization bigint, p_client_type text) RETURNS integer
-- PL/pgSQL rather than SQL: called as a plain expression on every login, a SQL function would
-- be planned again at each call; PL/pgSQL keeps its plan for the backend's life.
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN coalesce((SELECT l.max_sessions FROM officeauto.session_limits l
                      WHERE l.organization_id = p_organization AND l.client_type = p_client_type), 1)::integer;
END
$$;
REVOKE ALL ON FUNCTION officeauto._session_limit(bigint, text) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._session_limit(bigint, text) IS
    'Internal (_open_session): live sessions a user of the organization may hold for a client type (1 without a policy row).';

CREATE FUNCTION officeauto.set_session_limit(p_client_type text, p_max_sessions integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.set_session_limit(text, integer) IS
    'Sets how many live sessions a user of the current organization may hold for a client type (web, mobile, desktop, api): 1 to 20, NULL back to the default 1; returns the previous limit. Needs ORGANIZATION UPDATE (42501); 22023 for a bad client type or limit. Lowering it trims each user''s sessions at their next login. Audited (session_limits rows).';

CREATE FUNCTION officeauto.session_limits()
RETURNS TABLE (client_type text, max_sessions integer, is_default boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT c.t, coalesce(l.max_sessions, 1)::integer, l.id IS NULL
      FROM unnest(ARRAY['web', 'mobile', 'desktop', 'api']) WITH ORDINALITY AS c(t, n)
      LEFT JOIN officeauto.session_limits l ON l.organization_id = officeauto._tenant() AND l.client_type = c.t
     ORDER BY c.n
$$;
COMMENT ON FUNCTION officeauto.session_limits() IS
    'The current organization''s limit of live sessions per user for each client type, and whether it is the default (1). 28000 without an authenticated context.';

------------------------------------------------------------------------------------------
-- My sessions
------------------------------------------------------------------------------------------

-- The authenticated user, or 28000: these functions speak about "my" sessions, which a
-- maintenance connection without a user does not have.
CREATE FUNCTION officeauto._session_owner() RETURNS bigint
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
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
$$;
REVOKE ALL ON FUNCTION officeauto._session_owner() FROM PUBLIC;
COMMENT ON FUNCTION officeauto._session_owner() IS 'Internal (session functions): the authenticated user; 28000 without one.';

CREATE FUNCTION officeauto.list_my_sessions()
RETURNS TABLE (public_id uuid, client_type text, ip_address inet, user_agent text, created_at timestamptz,
               last_activity_at timestamptz, expires_at timestamptz, is_current boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.list_my_sessions() IS
    'The authenticated user''s live sessions (unrevoked, unexpired, not idle), most recently active first: public id, client type, IP address, user agent, created, last activity, expiry, and whether it is the session of this request. 28000 without an authenticated user.';

CREATE FUNCTION officeauto.end_session(p_session uuid) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.end_session(uuid) IS
    'Ends a session (and its refresh tokens) by its public id: one''s own with SESSION DELETE SELF, another user''s of the organization with SESSION DELETE GLOBAL (42501). True when it was live, false when it had already ended; P0002 for an unknown id or another organization''s session; 22023 for NULL; 28000 without an authenticated user. Audited as session.ended.';

REVOKE ALL ON FUNCTION officeauto.set_session_limit(text, integer), officeauto.session_limits(),
                       officeauto.list_my_sessions(), officeauto.end_session(uuid)
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto.set_session_limit(text, integer), officeauto.session_limits(),
                          officeauto.list_my_sessions(), officeauto.end_session(uuid)
   TO officeauto_app, officeauto_admin;
