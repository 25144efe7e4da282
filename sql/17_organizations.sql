-- Organization lifecycle and subscription: the platform operator (officeauto_admin) suspends,
-- reactivates and soft-deletes organizations and records their subscription; the seat limit
-- is enforced on every path that makes a user count (create_user, a direct INSERT, a later
-- sign-up, reactivating a user).
--
-- While an organization is suspended or deleted its users cannot log in and its sessions
-- neither validate, authenticate nor refresh: OA006, given only to a caller who proved the
-- password or holds an otherwise valid token (login, refresh_session in 14_identity.sql;
-- session validation in src/identity.rs). Suspension revokes nothing: reactivating makes the
-- unexpired sessions work again. Deletion is final and revokes the sessions.

ALTER TABLE officeauto.organizations
    ADD COLUMN status text NOT NULL DEFAULT 'active',
    ADD COLUMN suspended_at timestamptz,
    ADD COLUMN suspension_reason text,
    ADD COLUMN subscription_status text NOT NULL DEFAULT 'active',
    ADD COLUMN current_period_end timestamptz,
    ADD COLUMN seat_limit integer,
    ADD CONSTRAINT organizations_status_check CHECK (status IN ('active', 'suspended')),
    ADD CONSTRAINT organizations_suspension_check CHECK (
        CASE WHEN status = 'suspended'
             THEN suspended_at IS NOT NULL AND suspension_reason IS NOT NULL
             ELSE suspended_at IS NULL AND suspension_reason IS NULL END),
    ADD CONSTRAINT organizations_suspension_reason_check
        CHECK (length(btrim(suspension_reason)) BETWEEN 1 AND 1000),
    ADD CONSTRAINT organizations_subscription_status_check
        CHECK (subscription_status IN ('trialing', 'active', 'past_due', 'canceled')),
    ADD CONSTRAINT organizations_seat_limit_check CHECK (seat_limit > 0);

-- is_active was a flag of its own that nothing kept in step with anything. It is now derived:
-- true while the organization is neither suspended nor deleted. Readers (login, session
-- validation, applications) keep working; writers use the functions below.
ALTER TABLE officeauto.organizations DROP COLUMN is_active;
ALTER TABLE officeauto.organizations
    ADD COLUMN is_active boolean GENERATED ALWAYS AS (status = 'active' AND deleted_at IS NULL) STORED;

COMMENT ON COLUMN officeauto.organizations.plan IS 'Subscription plan: free, standard or enterprise (set_subscription).';
COMMENT ON COLUMN officeauto.organizations.status IS 'active or suspended (suspend_organization / reactivate_organization). While suspended, logins and sessions of the organization are refused with OA006; nothing is revoked.';
COMMENT ON COLUMN officeauto.organizations.suspended_at IS 'When the current suspension began; NULL while active.';
COMMENT ON COLUMN officeauto.organizations.suspension_reason IS 'Why the organization is suspended (for operators; never shown in error messages); NULL while active.';
COMMENT ON COLUMN officeauto.organizations.subscription_status IS 'trialing, active, past_due or canceled, as the billing system reports it (set_subscription). Informational: access is cut by suspension, not by this value.';
COMMENT ON COLUMN officeauto.organizations.current_period_end IS 'End of the paid or trial period the subscription is in; NULL when it has none (free plan).';
COMMENT ON COLUMN officeauto.organizations.seat_limit IS 'Most active, non-deleted users the organization may have (OA007 beyond it); NULL: unlimited. Lowering it below the current count keeps the existing users and refuses new ones.';
-- OA006 for a suspended or deleted organization, as refresh_session, verify_mfa and
-- accept_invitation answer it (login and the seat trigger word theirs with more context).
-- A missing organization passes: the caller's own lookup reports it.
CREATE FUNCTION officeauto._require_live_organization(p_organization bigint) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    o record;
BEGIN
    SELECT is_active, deleted_at INTO o FROM officeauto.organizations WHERE id = p_organization;
    IF FOUND AND NOT o.is_active THEN
        RAISE EXCEPTION '%', CASE WHEN o.deleted_at IS NOT NULL THEN 'organization deleted' ELSE 'organization suspended' END
            USING ERRCODE = 'OA006';
    END IF;
END
$$;
REVOKE ALL ON FUNCTION officeauto._require_live_organization(bigint) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._require_live_organization(bigint) IS
    'Internal: OA006 when the organization is suspended or deleted.';

COMMENT ON COLUMN officeauto.organizations.is_active IS 'Derived: status = ''active'' and not deleted. Logins and sessions require it.';
COMMENT ON COLUMN officeauto.organizations.deleted_at IS 'Soft deletion (delete_organization): final, the organization is never reactivated; its sessions are revoked and its slug is free again.';

-- The application reads its own organization's lifecycle and subscription (row-level security
-- shows it only that row); only officeauto_admin (table-wide grants) writes them.
GRANT SELECT (status, suspended_at, suspension_reason, subscription_status, current_period_end, seat_limit, is_active)
   ON officeauto.organizations TO officeauto_app, officeauto_readonly;

-- Deletion is final, also for a direct UPDATE by an administrator.
CREATE FUNCTION officeauto.tg_organizations_deletion_final() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS DISTINCT FROM OLD.deleted_at THEN
        RAISE EXCEPTION 'organization % is deleted; a deleted organization is never restored', OLD.public_id
            USING ERRCODE = '55000';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION officeauto.tg_organizations_deletion_final() IS
    'BEFORE UPDATE OF deleted_at trigger on organizations: a deleted organization stays deleted (55000).';
CREATE TRIGGER deletion_final BEFORE UPDATE OF deleted_at ON officeauto.organizations
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_organizations_deletion_final();

-- Seats. A user takes a seat while active and not deleted. Whenever a user is added, or starts
-- taking a seat it did not hold (reactivated, undeleted, moved), the organization row is locked
-- and the seats counted under that lock, so two racing creations cannot both take the last one.
-- The lock is FOR NO KEY UPDATE, not FOR UPDATE: it excludes the other seat-takers and the
-- lifecycle functions, but not the FOR KEY SHARE that every foreign-key check on the
-- organization takes, so creating a user never waits behind unrelated tenant writes.
-- Under READ COMMITTED the count after the lock sees every committed seat. A transaction-wide
-- snapshot (REPEATABLE READ, SERIALIZABLE) would not see a seat committed after it began, so
-- there the row is updated (no column changes; updated_at and version move, nothing is
-- audited) and a concurrent seat-taker fails with 40001 instead of overbooking.
CREATE FUNCTION officeauto.tg_users_seats() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.tg_users_seats() IS
    'BEFORE INSERT / UPDATE OF status, deleted_at, organization_id trigger on users: a new user, or one starting to take a seat, needs a live organization (OA006) with a free seat (OA007), counted under a lock on the organization row.';
CREATE TRIGGER seats BEFORE INSERT OR UPDATE OF status, deleted_at, organization_id ON officeauto.users
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_users_seats();

-- The organization a lifecycle function acts on, locked; 22023 without one, P0002 unknown.
CREATE FUNCTION officeauto._organization_for_update(p_organization uuid) RETURNS officeauto.organizations
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto._organization_for_update(uuid) IS
    'Internal (lifecycle functions): the organization with this public id, locked; 22023 for NULL, P0002 when unknown.';

CREATE FUNCTION officeauto.suspend_organization(p_organization uuid, p_reason text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.suspend_organization(uuid, text) IS
    'Suspends an organization (public id) with a reason: its logins and sessions are refused with OA006 until reactivate_organization; nothing is revoked. True if it was active, false if already suspended (nothing changed). 22023 without a reason, P0002 unknown, 55000 deleted. officeauto_admin only; audited.';

CREATE FUNCTION officeauto.reactivate_organization(p_organization uuid) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.reactivate_organization(uuid) IS
    'Ends a suspension: logins work again and so do the unexpired sessions. True if it was suspended, false if already active. P0002 unknown, 55000 deleted (never reactivated). officeauto_admin only; audited.';

CREATE FUNCTION officeauto.delete_organization(p_organization uuid) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.delete_organization(uuid) IS
    'Soft-deletes an organization for good: deleted_at set, every session and refresh token revoked, logins refused with OA006; its rows stay. True if deleted now, false if it already was. P0002 unknown. officeauto_admin only; audited.';

CREATE FUNCTION officeauto.set_subscription(p_organization uuid, p_plan text, p_status text,
                                            p_current_period_end timestamptz, p_seat_limit integer)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
$$;
COMMENT ON FUNCTION officeauto.set_subscription(uuid, text, text, timestamptz, integer) IS
    'Records an organization''s subscription: plan (free, standard, enterprise), status (trialing, active, past_due, canceled), current period end (NULL: none) and seat limit (NULL: unlimited; enforced when users are added, OA007). 22023 for an invalid value, P0002 unknown, 55000 deleted. officeauto_admin only; audited.';

-- Nothing here is for PUBLIC (PostgreSQL grants it EXECUTE on every new function); the
-- lifecycle is the platform operator's. Trigger functions need no grant to fire.
REVOKE ALL ON FUNCTION officeauto.tg_organizations_deletion_final(), officeauto.tg_users_seats(),
                       officeauto._organization_for_update(uuid),
                       officeauto.suspend_organization(uuid, text), officeauto.reactivate_organization(uuid),
                       officeauto.delete_organization(uuid),
                       officeauto.set_subscription(uuid, text, text, timestamptz, integer)
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto.suspend_organization(uuid, text), officeauto.reactivate_organization(uuid),
                          officeauto.delete_organization(uuid),
                          officeauto.set_subscription(uuid, text, text, timestamptz, integer)
   TO officeauto_admin;
