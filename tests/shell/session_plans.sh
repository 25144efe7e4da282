#!/usr/bin/env bash
# Logins, logouts and session revocations reach refresh tokens through an index, whatever the
# table holds: the tokens of one session or user are found by (organization_id, session_id) or
# (organization_id, user_id). Before, each login read every refresh token of the server. The
# inner statements are shown by auto_explain (nested statements, sent as NOTICEs) on a table
# large enough for an index to matter.
source "$(dirname "$0")/../lib/tap.sh"
echo "1..4"
plans=$(psql -X -q -At -d "$DB" 2>&1 <<'SQL'
BEGIN;
SELECT id AS acme, (SELECT id FROM officeauto.users WHERE username = 'alice') AS alice
  FROM officeauto.organizations WHERE slug = 'acme' \gset
-- Many refresh tokens that are still live, as a server with many signed-in users holds them
-- (their sessions here are one other user's, revoked: live sessions are one per user and slot).
WITH s AS (
    INSERT INTO officeauto.user_sessions (organization_id, user_id, client_type, token_digest, expires_at, revoked_at,
                                          revoke_reason)
    SELECT :acme, u.id, 'web', sha256(convert_to('bulk-' || g, 'UTF8')), now() + interval '1 day', now(), 'logout'
      FROM generate_series(1, 5000) g, officeauto.users u WHERE u.username = 'bob'
    RETURNING id, user_id)
INSERT INTO officeauto.refresh_tokens (organization_id, user_id, session_id, family_id, token_digest, expires_at,
                                       family_expires_at)
SELECT :acme, user_id, id, officeauto.uuid_generate_v7(), sha256(convert_to('bulk-r-' || id, 'UTF8')),
       now() + interval '1 day', now() + interval '1 day' FROM s;
ANALYZE officeauto.user_sessions;
ANALYZE officeauto.refresh_tokens;
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0;
SET auto_explain.log_nested_statements = on;
SET auto_explain.log_level = notice;
SET client_min_messages = notice;
SELECT 'login-starts';
-- One login in this transaction: a second would wait for this one's row locks in the
-- bookkeeping worker that records its attempt. The first runs the replacing statements too.
SELECT session_token AS t FROM officeauto.login('alice', 'demo-alice', 'web') \gset
SELECT 'logout-starts';
SELECT officeauto.logout(:'t', 'all');
SELECT 'revoke-starts';
SELECT officeauto._end_user_sessions(:alice, 'admin');
ROLLBACK;
SQL
)
section() { if [ -n "${2:-}" ]; then sed -n "/$1/,/$2/p" <<<"$plans"; else sed -n "/$1/,\$p" <<<"$plans"; fi; }
# Every read of refresh_tokens in a section is bounded to one organization's session or user:
# its index condition names organization_id (the leading column), so it is not a sequential
# scan, a walk of the live-token (expiry) index, or a full scan of a composite index.
bounded() {
    awk '/Scan/ && / on refresh_tokens/ { n++; want = 1; next }
         want && /Index Cond:/ { if ($0 ~ /organization_id = /) ok++; want = 0 }
         want && /->|Scan/ { want = 0 }
         END { print (n > 0 && n == ok) ? "bounded" : n - ok " of " n + 0 " unbounded" }' <<<"$1"
}
check "the statements ran (the plans were captured)" "$(grep -c 'Update on refresh_tokens' <<<"$plans" | awk '{print ($1 >= 4)}')" "1"
check "login finds the replaced session's refresh tokens by organization and session" "$(bounded "$(section login-starts logout-starts)")" "bounded"
check "logout (all) finds refresh tokens by organization and session" "$(bounded "$(section logout-starts revoke-starts)")" "bounded"
check "ending a user's sessions finds refresh tokens by organization and user" "$(bounded "$(section revoke-starts)")" "bounded"
exit $fail
