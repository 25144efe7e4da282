-- Authentication: sessions, refresh tokens, captcha and failed-login tracking. Rows here are
-- written by the identity functions (SECURITY DEFINER); applications read them through views.

CREATE TABLE officeauto.user_sessions (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id         uuid NOT NULL DEFAULT officeauto.uuid_generate_v7() UNIQUE,
    organization_id   bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    user_id           bigint NOT NULL,
    client_type       text NOT NULL CHECK (client_type IN ('web', 'mobile', 'desktop', 'api')),
    token_digest      bytea NOT NULL UNIQUE CHECK (octet_length(token_digest) = 32),
    ip_address        inet,
    user_agent        text CHECK (length(user_agent) <= 1024),
    created_at        timestamptz NOT NULL DEFAULT now(),
    last_activity_at  timestamptz NOT NULL DEFAULT now(),
    expires_at        timestamptz NOT NULL,
    revoked_at        timestamptz,
    revoke_reason     text CHECK (revoke_reason IN ('logout', 'replaced', 'admin', 'expired',
                                                    'password_change', 'refresh_reuse', 'user_disabled')),
    -- No updated_at/version: the only updates are the server's own (last activity, revocation),
    -- and validation must stay a cheap, read-mostly path.
    CHECK (expires_at > created_at),
    CHECK ((revoked_at IS NULL) = (revoke_reason IS NULL)),
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, user_id) REFERENCES officeauto.users (organization_id, id) ON DELETE CASCADE
)
-- Storage: the validation touch (last_activity_at, at most once per touch granularity) is this
-- table's most frequent write. It touches no indexed column (there is deliberately no index on
-- last_activity_at, see below), so with free room on the page it is a HOT update: no index
-- entry, no new page. bench/storage.sh, 20,000 sessions, 10 rounds touching 30% of them:
-- fillfactor 100 with the former last_activity_at index 0% HOT, heap x2.10, indexes x1.90;
-- fillfactor 80 without it 94% HOT, heap x1.17, indexes x1.03.
WITH (fillfactor = 80);
-- Single active session per user and client type, enforced here rather than trusted to callers:
-- two racing logins cannot both keep a live session.
CREATE UNIQUE INDEX user_sessions_one_live_key ON officeauto.user_sessions (user_id, client_type)
    WHERE revoked_at IS NULL;
CREATE INDEX user_sessions_expires_idx ON officeauto.user_sessions (expires_at) WHERE revoked_at IS NULL;
-- No index on last_activity_at: it would make every validation touch a non-HOT update (a
-- changed indexed column always is), and no query needs it. Validation and logout find the
-- session by token_digest, listings and logins by user_id, and cleanup_expired_sessions()
-- ORs three conditions, two of which no partial index can serve, so it scans the table once
-- per maintenance run whatever the indexes (bench/storage.sh prints these plans).
SELECT officeauto._setup_table('officeauto.user_sessions');
COMMENT ON TABLE officeauto.user_sessions IS 'Login sessions. At most one live (unrevoked) session per user and client type. The token is handed to the client once; only its SHA-256 digest is stored.';
COMMENT ON COLUMN officeauto.user_sessions.token_digest IS 'SHA-256 of the session token. Secret: not readable by officeauto_app or officeauto_readonly.';
COMMENT ON COLUMN officeauto.user_sessions.last_activity_at IS 'Last validated use, written at most once per configured granularity; drives the idle timeout.';
COMMENT ON COLUMN officeauto.user_sessions.expires_at IS 'Absolute expiry, independent of activity.';

CREATE TABLE officeauto.refresh_tokens (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES officeauto.organizations (id) ON DELETE CASCADE,
    user_id         bigint NOT NULL,
    session_id      bigint NOT NULL,
    family_id       uuid NOT NULL,
    parent_id       bigint,
    replaced_by_id  bigint,
    token_digest    bytea NOT NULL UNIQUE CHECK (octet_length(token_digest) = 32),
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    -- The whole family (one login and its rotations) ends here, however often it rotates.
    family_expires_at timestamptz NOT NULL,
    used_at         timestamptz,
    revoked_at      timestamptz,
    revoke_reason   text CHECK (revoke_reason IN ('rotated', 'logout', 'reuse_detected', 'admin', 'expired',
                                                  'password_change', 'user_disabled')),
    CHECK (expires_at > created_at),
    CHECK (parent_id IS DISTINCT FROM id AND replaced_by_id IS DISTINCT FROM id),
    CHECK (expires_at <= family_expires_at),
    FOREIGN KEY (organization_id, user_id) REFERENCES officeauto.users (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, session_id) REFERENCES officeauto.user_sessions (organization_id, id) ON DELETE CASCADE,
    -- The rotation chain stays inside one organization, and the keys say so: on Citus
    -- (docs/scale-out.md) a foreign key between tables distributed by organization_id must
    -- include it on both sides.
    UNIQUE (organization_id, id),
    FOREIGN KEY (organization_id, parent_id) REFERENCES officeauto.refresh_tokens (organization_id, id)
        ON DELETE SET NULL (parent_id),
    FOREIGN KEY (organization_id, replaced_by_id) REFERENCES officeauto.refresh_tokens (organization_id, id)
        ON DELETE SET NULL (replaced_by_id)
);
CREATE INDEX refresh_tokens_family_idx ON officeauto.refresh_tokens (family_id);
CREATE INDEX refresh_tokens_expires_idx ON officeauto.refresh_tokens (expires_at) WHERE revoked_at IS NULL;
SELECT officeauto._setup_table('officeauto.refresh_tokens');
COMMENT ON TABLE officeauto.refresh_tokens IS 'Rotating refresh tokens. Each use replaces the token (parent/replaced_by chain within a family); presenting a used token again revokes the whole family.';
COMMENT ON COLUMN officeauto.refresh_tokens.family_id IS 'All tokens descending from one login share a family; reuse detection revokes the family.';
COMMENT ON COLUMN officeauto.refresh_tokens.family_expires_at IS 'Absolute end of the family: its login time plus officeauto.refresh_ttl. Rotation never extends it, so a stolen refresh token cannot keep a family alive forever.';
COMMENT ON COLUMN officeauto.refresh_tokens.token_digest IS 'SHA-256 of the refresh token. Secret: not readable by officeauto_app or officeauto_readonly.';

-- Not tenant tables: these rows are written before anyone is authenticated, often for an
-- identifier that matches no user (an attacker's guess), so no organization can be attached.
-- Only the identity functions and officeauto_admin touch them.
CREATE TABLE officeauto.captcha_attempts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    identifier  text CHECK (length(identifier) <= 320),
    ip_address  inet,
    required    boolean NOT NULL DEFAULT true,
    passed      boolean,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (identifier IS NOT NULL OR ip_address IS NOT NULL)
);
CREATE INDEX captcha_attempts_identifier_idx ON officeauto.captcha_attempts (lower(identifier), created_at DESC);
CREATE INDEX captcha_attempts_ip_idx ON officeauto.captcha_attempts (ip_address, created_at DESC);
SELECT officeauto._setup_table('officeauto.captcha_attempts', NULL);
COMMENT ON TABLE officeauto.captcha_attempts IS 'Captcha challenges demanded and their outcome, per login identifier and client IP. Pre-authentication, so not tenant-scoped.';

CREATE TABLE officeauto.failed_login_attempts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    identifier  text NOT NULL CHECK (length(identifier) <= 320),
    user_id     bigint REFERENCES officeauto.users (id) ON DELETE CASCADE,
    ip_address  inet,
    user_agent  text CHECK (length(user_agent) <= 1024),
    reason      text NOT NULL CHECK (reason IN ('invalid_credentials', 'locked', 'captcha_required',
                                                'email_not_verified', 'inactive')),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX failed_login_attempts_identifier_idx ON officeauto.failed_login_attempts (lower(identifier), created_at DESC);
CREATE INDEX failed_login_attempts_ip_idx ON officeauto.failed_login_attempts (ip_address, created_at DESC);
CREATE INDEX failed_login_attempts_user_idx ON officeauto.failed_login_attempts (user_id, created_at DESC)
    WHERE user_id IS NOT NULL;
SELECT officeauto._setup_table('officeauto.failed_login_attempts', NULL);
COMMENT ON TABLE officeauto.failed_login_attempts IS 'Failed logins per identifier, account and IP: the input of lockout and captcha decisions. Pre-authentication, so not tenant-scoped.';
COMMENT ON COLUMN officeauto.failed_login_attempts.identifier IS 'The username or e-mail as typed (the password is never recorded).';

-- Lock state of login identifiers that match no account. Unknown names must answer exactly as
-- existing accounts do (captcha after the same failures, then temporary locks of the same
-- growing length), or an attacker learns which names exist by counting answers.
CREATE TABLE officeauto.login_throttle (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    identifier_key  text NOT NULL UNIQUE CHECK (length(identifier_key) <= 320),
    locked_until    timestamptz,
    lock_count      integer NOT NULL DEFAULT 0 CHECK (lock_count >= 0),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
SELECT officeauto._setup_table('officeauto.login_throttle', NULL);
COMMENT ON TABLE officeauto.login_throttle IS 'Temporary locks of login identifiers that match no account (lower-cased, trimmed), so they behave like accounts. Pre-authentication, so not tenant-scoped.';
