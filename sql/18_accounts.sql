-- Account lifecycle: the organization's sign-up policy, self sign-up and invitations.
-- Every account flow (here and in 19_passwords, 20_user_admin, 21_sessions, 22_mfa) records
-- its events with officeauto._log_account_event(organization, user, action, metadata), which
-- works before authentication, and never puts a secret in them.

REVOKE ALL ON FUNCTION officeauto._log_account_event(bigint, bigint, text, jsonb) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._log_account_event(bigint, bigint, text, jsonb) IS
    'Internal (account flows): writes an account event to the audit trail for a given organization and user, with the request''s address and user agent; the actor is the authenticated user, else the account itself. Credential-looking metadata keys are redacted.';

------------------------------------------------------------------------------------------
-- Sign-up policy
------------------------------------------------------------------------------------------

-- A list of lower-case DNS names (no wildcards: a listed domain admits exactly its own
-- addresses, never its subdomains, which may be delegated to someone else).
CREATE FUNCTION officeauto._valid_signup_domains(text[]) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN cardinality($1) <= 100
   AND NOT EXISTS (SELECT FROM unnest($1) d
                    WHERE d IS NULL OR length(d) > 253
                       OR d !~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$');
COMMENT ON FUNCTION officeauto._valid_signup_domains(text[]) IS
    'Internal (CHECK of organizations.signup_domains): at most 100 lower-case DNS names without wildcards.';

-- invite_only by default: an organization gains members only when someone inside asks for it,
-- which is how the accounts of 0.1.0 (made by create_user) came to be.
ALTER TABLE officeauto.organizations
    ADD COLUMN signup_policy text NOT NULL DEFAULT 'invite_only',
    ADD COLUMN signup_domains text[] NOT NULL DEFAULT '{}',
    ADD CONSTRAINT organizations_signup_policy_check CHECK (signup_policy IN ('closed', 'invite_only', 'domains')),
    ADD CONSTRAINT organizations_signup_domains_check CHECK (officeauto._valid_signup_domains(signup_domains));
COMMENT ON COLUMN officeauto.organizations.signup_policy IS
    'How accounts join: closed (only create_user by a user manager), invite_only (also by accepting an invitation), domains (also self sign-up with an e-mail address of signup_domains). Set with set_signup_policy().';
COMMENT ON COLUMN officeauto.organizations.signup_domains IS
    'E-mail domains whose addresses may sign up when signup_policy is domains (exact match, lower case, no subdomains).';
GRANT SELECT (signup_policy, signup_domains) ON officeauto.organizations
   TO officeauto_app, officeauto_readonly, officeauto_admin;

-- How an account came to be: a sign-up must prove its e-mail address before its first login
-- whatever officeauto.require_verified_email says, because under a domain policy the address is
-- the only thing that entitled it to join.
ALTER TABLE officeauto.users
    ADD COLUMN signup_method text NOT NULL DEFAULT 'admin',
    ADD CONSTRAINT users_signup_method_check CHECK (signup_method IN ('admin', 'sign_up', 'invitation'));
COMMENT ON COLUMN officeauto.users.signup_method IS
    'admin (create_user), sign_up (self sign-up; must verify its e-mail address before logging in) or invitation (accepted an invitation sent to its address).';
GRANT SELECT (signup_method) ON officeauto.users TO officeauto_app, officeauto_readonly, officeauto_admin;

-- pending: a sign-up that has not verified its address yet. It cannot log in (OA004), takes no
-- seat (so anonymous sign-ups cannot fill an organization) and holds its address only until
-- someone with a better claim needs it (_release_pending_signups).
ALTER TABLE officeauto.users DROP CONSTRAINT users_status_check,
    ADD CONSTRAINT users_status_check CHECK (status IN ('active', 'inactive', 'suspended', 'pending'));
COMMENT ON COLUMN officeauto.users.status IS
    'active, inactive, suspended, or pending (a self sign-up until it verifies its e-mail address); only active users may log in and take a seat.';

-- Usernames answered as taken by sign_up without an account behind them: a sign-up with an
-- address that already has an account stores nothing, but its username must look taken
-- afterwards exactly as a real sign-up's would, or the username tells which addresses exist.
CREATE TABLE officeauto.signup_reservations (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username_key  text NOT NULL UNIQUE CHECK (length(username_key) <= 64),
    expires_at    timestamptz NOT NULL
);
SELECT officeauto._setup_table('officeauto.signup_reservations', NULL);
SELECT officeauto._grant_table('officeauto.signup_reservations', 'none', false);
COMMENT ON TABLE officeauto.signup_reservations IS
    'Usernames sign_up answered for an address that already has an account (nothing else was stored), held as taken for the life of a verification token so the answer cannot be told from a real sign-up. Pre-authentication, so not tenant-scoped.';

CREATE FUNCTION officeauto.set_signup_policy(p_policy text, p_domains text[] DEFAULT '{}')
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.set_signup_policy(text, text[]) IS
    'Sets how accounts join the current organization: closed, invite_only or domains (with the list of e-mail domains allowed to sign up). Needs ORGANIZATION UPDATE; 22023 for an unknown policy or a malformed domain.';

------------------------------------------------------------------------------------------
-- Self sign-up
------------------------------------------------------------------------------------------

-- A pending sign-up has proved nothing, so it never stands in the way of a claim on its
-- address: a new sign-up, an account a user manager creates, an invitation. Otherwise anyone
-- could squat a victim's address by signing up with it (in any organization open to its
-- domain) and never verifying. A username, which the person chose rather than proved, is held
-- for the life of the verification token. Soft delete: references and the audit trail stay.
CREATE FUNCTION officeauto._release_pending_signups(p_username text, p_email text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE officeauto.users
       SET deleted_at = now()
     WHERE deleted_at IS NULL AND status = 'pending'
       AND (lower(email) = lower(p_email)
            OR (lower(username) = lower(p_username)
                AND created_at < now() - current_setting('officeauto.email_token_ttl')::interval));
    DELETE FROM officeauto.signup_reservations WHERE expires_at <= now();
END
$$;
REVOKE ALL ON FUNCTION officeauto._release_pending_signups(text, text) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._release_pending_signups(text, text) IS
    'Internal (sign_up, create_user, invitations): soft-deletes pending sign-ups holding an e-mail address, and those holding a username past their verification token''s lifetime.';

-- Names shown to other users: no control or bidirectional-override characters, which would let
-- a name pass for another in a list.
CREATE FUNCTION officeauto._valid_display_name(text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN length(btrim($1)) BETWEEN 1 AND 200 AND $1 !~ '[[:cntrl:]\u200e\u200f\u202a-\u202e\u2066-\u2069]';
COMMENT ON FUNCTION officeauto._valid_display_name(text) IS
    'Internal (sign_up, accept_invitation): 1 to 200 characters without control or bidirectional-override characters.';

-- The fields a person chooses for a new account, refused before any work (22023).
CREATE FUNCTION officeauto._check_new_account(p_username text, p_full_name text) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF length(p_username) > 64 OR p_username !~ '^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$' THEN
        RAISE EXCEPTION 'username must be 3 to 64 letters, digits, dots, hyphens or underscores, starting with a letter or digit'
            USING ERRCODE = '22023';
    END IF;
    IF NOT officeauto._valid_display_name(p_full_name) THEN
        RAISE EXCEPTION 'full name must be 1 to 200 characters without control characters' USING ERRCODE = '22023';
    END IF;
END
$$;
REVOKE ALL ON FUNCTION officeauto._check_new_account(text, text) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._check_new_account(text, text) IS
    'Internal (sign_up, accept_invitation): 22023 unless the username and full name have the allowed form.';

CREATE FUNCTION officeauto.sign_up(p_organization text, p_username text, p_email text, p_full_name text,
                                   p_password text)
RETURNS TABLE (user_public_id uuid, verification_token text, verification_expires_at timestamptz)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.sign_up(text, text, text, text, text) IS
    'Self sign-up into the organization with the given slug, open when its signup_policy is domains and the e-mail address is of a listed domain. Creates a pending account (member role) that verifies its address (verify_email) before it logs in or takes a seat, and returns its public id and an e-mail verification token to send to the address. An address that already has an account gets the same kind of answer (nothing is stored). Errors: OA070 sign-up not open (or unknown organization), OA071 address outside the allowed domains, OA072 username taken, OA006 organization suspended, the password policy''s refusal, 22023 malformed input (also control characters in the name).';

------------------------------------------------------------------------------------------
-- Invitations
------------------------------------------------------------------------------------------

CREATE TABLE officeauto.invitations (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id        uuid NOT NULL DEFAULT officeauto.uuid_generate_v7() UNIQUE,
    organization_id  bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    email            text NOT NULL CHECK (officeauto.is_valid_email(email)),
    role_id          bigint NOT NULL,
    invited_by       bigint,
    token_digest     bytea NOT NULL UNIQUE CHECK (octet_length(token_digest) = 32),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    accepted_at      timestamptz,
    accepted_user_id bigint,
    revoked_at       timestamptz,
    revoked_by       bigint,
    version          integer NOT NULL DEFAULT 1,
    CHECK (expires_at > created_at),
    CHECK (accepted_at IS NULL OR revoked_at IS NULL),
    CHECK ((accepted_at IS NULL) = (accepted_user_id IS NULL)),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, role_id) REFERENCES officeauto.roles (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, invited_by) REFERENCES officeauto.users (organization_id, id)
        ON DELETE SET NULL (invited_by),
    FOREIGN KEY (organization_id, accepted_user_id) REFERENCES officeauto.users (organization_id, id)
        ON DELETE CASCADE,
    FOREIGN KEY (organization_id, revoked_by) REFERENCES officeauto.users (organization_id, id)
        ON DELETE SET NULL (revoked_by)
);
-- One open invitation per address and organization: a new one replaces it.
CREATE UNIQUE INDEX invitations_pending_key ON officeauto.invitations (organization_id, lower(email))
    WHERE accepted_at IS NULL AND revoked_at IS NULL;
SELECT officeauto._setup_table('officeauto.invitations');
COMMENT ON TABLE officeauto.invitations IS
    'Invitations to join an organization with a role, sent to an e-mail address: single use, expiring, revocable. Only the SHA-256 digest of the token is stored. Written by invite_user, revoke_invitation and accept_invitation only.';
COMMENT ON COLUMN officeauto.invitations.token_digest IS 'SHA-256 of the invitation token. Secret: not readable by officeauto_app or officeauto_readonly.';
COMMENT ON COLUMN officeauto.invitations.role_id IS 'The organization-wide role the invitee receives on acceptance.';
SELECT officeauto._grant_table('officeauto.invitations', 'read', true, '{token_digest}');
-- Invitations are the business of those who may add users.
SELECT officeauto._restrict_visibility('officeauto.invitations', '(SELECT officeauto._may_all(''USER'', ''CREATE''))');
SELECT officeauto.enable_audit('officeauto.invitations');

-- The state of an invitation as its readers see it.
CREATE FUNCTION officeauto._invitation_status(i officeauto.invitations) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
RETURN CASE WHEN i.accepted_at IS NOT NULL THEN 'accepted'
            WHEN i.revoked_at IS NOT NULL THEN 'revoked'
            WHEN i.expires_at <= now() THEN 'expired'
            ELSE 'pending' END;
COMMENT ON FUNCTION officeauto._invitation_status(officeauto.invitations) IS
    'Internal: pending, accepted, revoked or expired.';

CREATE FUNCTION officeauto.invite_user(p_email text, p_role text DEFAULT 'member',
                                       p_expires_in interval DEFAULT '7 days')
RETURNS TABLE (invitation_id uuid, token text, expires_at timestamptz)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.invite_user(text, text, interval) IS
    'Invites an e-mail address into the current organization with an organization-wide role (default member); returns the invitation''s public id, its token (send it to the address; shown once, only its digest is stored) and its expiry (5 minutes to 30 days, default 7 days). Replaces an open invitation to the same address. Needs USER CREATE and the right to grant the role (ROLE CREATE and all of its permissions). Errors: P0002 unknown role, OA073 the address already has an account here, OA070 signup_policy closed, OA007 seats taken by active users and open invitations, OA006 suspended, 22023 malformed input.';

CREATE FUNCTION officeauto.list_invitations(p_status text DEFAULT 'pending')
RETURNS TABLE (invitation_id uuid, email text, role text, status text, invited_by uuid, created_at timestamptz,
               expires_at timestamptz, accepted_at timestamptz, accepted_user_id uuid, revoked_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.list_invitations(text) IS
    'Invitations of the current organization, newest first, by status (pending, accepted, revoked, expired; NULL: all). Needs USER CREATE.';

CREATE FUNCTION officeauto.revoke_invitation(p_invitation uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.revoke_invitation(uuid) IS
    'Revokes a pending invitation of the current organization so its token no longer works. Needs USER CREATE; P0002 unknown invitation, OA074 already accepted, revoked or expired.';

-- The invitation a token opens, whatever its state, locked when asked: acceptance holds it so a
-- second acceptance of the same token waits and then sees it used.
CREATE FUNCTION officeauto._invitation_by_token(p_token text, p_lock boolean) RETURNS officeauto.invitations
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
REVOKE ALL ON FUNCTION officeauto._invitation_by_token(text, boolean) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._invitation_by_token(text, boolean) IS
    'Internal (lookup_invitation, accept_invitation): the pending invitation of a token, else OA074.';

CREATE FUNCTION officeauto.lookup_invitation(p_token text)
RETURNS TABLE (invitation_id uuid, organization_name text, organization_slug text, email text, role text,
               expires_at timestamptz, account_exists boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.lookup_invitation(text) IS
    'What a pending invitation token is for (organization, address, role, expiry, and whether the address already has an account in that organization), for the page that accepts it. No authentication needed; OA074 for an unknown, expired, revoked or used token.';

CREATE FUNCTION officeauto.accept_invitation(p_token text, p_username text DEFAULT NULL, p_full_name text DEFAULT NULL,
                                             p_password text DEFAULT NULL)
RETURNS TABLE (user_public_id uuid, created boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.accept_invitation(text, text, text, text) IS
    'Accepts a pending invitation. Without authentication it creates the account (username, full name and password required; the address counts as verified) with the invited role; after authenticate() in the same transaction it gives the invited role to the authenticated account, whose address must be the invited one. Returns the account''s public id and whether it was created. Single use: of two racing acceptances one wins. Errors: OA074 token unknown, expired, revoked or used (or the inviter no longer active), OA073 the address already has an account here (log in and accept), OA075 the account or address belongs to another organization, OA072 username taken, OA007 seat limit, OA006 suspended, OA070 policy closed, the password policy''s refusal, 22023 missing or malformed input, 42501 another address.';

-- The right to hand out a role was checked when the invitation was made. Whoever loses a role
-- (or whose role loses a permission) loses that right, and their open invitations go with it:
-- otherwise a demoted manager keeps a month of tokens that still grant what they no longer may.
CREATE FUNCTION officeauto.tg_revoke_inviter_invitations() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.tg_revoke_inviter_invitations() IS
    'AFTER DELETE/UPDATE trigger on user_roles and AFTER DELETE on role_permissions: revokes the open invitations of whoever lost a role or a permission.';
CREATE TRIGGER revoke_inviter_invitations AFTER DELETE OR UPDATE OF user_id, role_id, project_id ON officeauto.user_roles
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_revoke_inviter_invitations();
CREATE TRIGGER revoke_inviter_invitations AFTER DELETE OR UPDATE OF role_id, permission_id ON officeauto.role_permissions
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_revoke_inviter_invitations();

REVOKE ALL ON FUNCTION officeauto.set_signup_policy(text, text[]), officeauto.sign_up(text, text, text, text, text),
                       officeauto.invite_user(text, text, interval), officeauto.list_invitations(text),
                       officeauto.revoke_invitation(uuid), officeauto.lookup_invitation(text),
                       officeauto.accept_invitation(text, text, text, text),
                       officeauto._invitation_status(officeauto.invitations),
                       officeauto.tg_revoke_inviter_invitations()
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto.set_signup_policy(text, text[]), officeauto.sign_up(text, text, text, text, text),
                          officeauto.invite_user(text, text, interval), officeauto.list_invitations(text),
                          officeauto.revoke_invitation(uuid), officeauto.lookup_invitation(text),
                          officeauto.accept_invitation(text, text, text, text)
   TO officeauto_app, officeauto_admin;
-- The CHECK on organizations.signup_domains runs with the rights of whoever writes a row of
-- organizations: the application (name, settings) and officeauto_admin.
REVOKE ALL ON FUNCTION officeauto._valid_signup_domains(text[]), officeauto._valid_display_name(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto._valid_signup_domains(text[]) TO officeauto_app, officeauto_admin;
