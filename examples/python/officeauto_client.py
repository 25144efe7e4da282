"""officeauto from Python (psycopg 3) through a connection pool.

Copy this module into an application. The rules it follows (docs/clients.md):

- Every request is one transaction that starts with ``officeauto.authenticate(token)``. The
  context (user, organization, session, the end user's address and agent) lives exactly as
  long as that transaction, so a pooled connection carries nothing from one request to the
  next.
- No session-level settings (``SET``, ``set_config(..., false)``): behind PgBouncer in
  transaction mode they would stay on a server connection other requests use. Per-request
  values go through ``set_config(..., true)`` inside the request's transaction.
- No server-side prepared statements (``prepare_threshold=None``): PgBouncer's transaction
  mode cannot follow them from one server connection to another.
- Errors are told apart by SQLSTATE, never by message text.
- Ids from earlier results are passed back as they came.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any, Iterator

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool


class OfficeAutoError(Exception):
    """An error from officeauto, with its SQLSTATE."""

    def __init__(self, sqlstate: str | None, message: str, detail: str | None = None):
        super().__init__(message)
        self.sqlstate = sqlstate
        self.detail = detail


class InvalidCredentials(OfficeAutoError):
    """OA001: unknown account or wrong password (deliberately indistinguishable)."""


class AccountLocked(OfficeAutoError):
    """OA002: too many failures; DETAIL says until when."""


class CaptchaRequired(OfficeAutoError):
    """OA003: pass a captcha, then log in with captcha_passed=True."""


class NotAuthenticated(OfficeAutoError):
    """28000: the session token is invalid, expired, idle or revoked: refresh or log in again."""


class RefreshRefused(OfficeAutoError):
    """OA011 (unknown, expired, revoked) or OA012 (reused: the whole family is revoked)."""


class OrganizationInactive(OfficeAutoError):
    """OA006: the organization is suspended or deleted."""


class Forbidden(OfficeAutoError):
    """42501: the user's permissions do not allow it."""


class NotFound(OfficeAutoError):
    """P0002: no such row in the user's organization."""


class StaleVersion(OfficeAutoError):
    """40001: someone changed the row since it was read: re-read and retry."""


class InvalidInput(OfficeAutoError):
    """22023 and the 22xxx/23xxx classes: the input was refused; nothing changed."""


_BY_SQLSTATE = {
    "OA001": InvalidCredentials,
    "OA002": AccountLocked,
    "OA003": CaptchaRequired,
    "28000": NotAuthenticated,
    "OA011": RefreshRefused,
    "OA012": RefreshRefused,
    "OA006": OrganizationInactive,
    "42501": Forbidden,
    "P0002": NotFound,
    "40001": StaleVersion,
}


def _translate(error: psycopg.Error) -> OfficeAutoError:
    state = error.sqlstate or ""
    kind = _BY_SQLSTATE.get(state)
    if kind is None and state[:2] in ("22", "23"):
        kind = InvalidInput
    kind = kind or OfficeAutoError
    diag = error.diag
    return kind(state, diag.message_primary or str(error), diag.message_detail)


@contextlib.contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except psycopg.Error as e:  # database errors only; programming errors pass through
        if e.sqlstate is None:
            raise
        raise _translate(e) from e


@dataclass
class Tokens:
    session_token: str
    refresh_token: str


class Request:
    """One authenticated request: a transaction on a pooled connection."""

    def __init__(self, cur: psycopg.Cursor):
        self._cur = cur

    def one(self, sql: str, params: tuple = ()) -> dict[str, Any] | None:
        self._cur.execute(sql, params)
        return self._cur.fetchone()

    def all(self, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
        self._cur.execute(sql, params)
        return self._cur.fetchall()

    def context(self) -> dict[str, Any]:
        """What the database holds as this request's context (for logs and tests)."""
        return self.one(
            "SELECT officeauto.current_user_id() AS user_id,"
            "       officeauto.current_session_id() AS session_id,"
            "       host(officeauto.current_client_ip()) AS client_ip,"
            "       officeauto.current_user_agent() AS user_agent,"
            "       pg_backend_pid() AS server_pid"
        )

    def inbox(self, limit: int = 20) -> list[dict[str, Any]]:
        return self.all(
            "SELECT public_id, item_type, subject, item_public_id, state, is_overdue"
            "  FROM officeauto.inbox ORDER BY created_at DESC LIMIT %s",
            (limit,),
        )

    def user_id(self, username: str) -> Any:
        row = self.one("SELECT public_id FROM officeauto.users WHERE username = %s AND deleted_at IS NULL", (username,))
        if row is None:
            raise NotFound("P0002", f"no user {username!r} in this organization")
        return row["public_id"]

    def create_task(self, title: str, description: str | None = None) -> dict[str, Any]:
        # The organization comes from the request's context.
        return self.one(
            "INSERT INTO officeauto.tasks (title, description) VALUES (%s, %s)"
            " RETURNING public_id, version",
            (title, description),
        )

    def assign_task(self, task_public_id: Any, to_user: Any, note: str | None = None) -> dict[str, Any]:
        # The cartable item made for the assignee, and the task's new version for the next
        # optimistic update.
        return self.one("SELECT item_id, task_version FROM officeauto.assign_task(%s, %s, %s)",
                        (task_public_id, to_user, note))

    def comment(self, entity_type: str, entity_public_id: Any, body: str) -> Any:
        return self.one(
            "SELECT officeauto.add_comment(%s, %s, %s) AS comment", (entity_type, entity_public_id, body)
        )["comment"]

    def credential_id(self, label: str) -> Any:
        row = self.one("SELECT public_id FROM officeauto.credentials WHERE label = %s AND deleted_at IS NULL", (label,))
        if row is None:
            raise NotFound("P0002", f"no credential {label!r}")
        return row["public_id"]

    def reveal_credential(self, credential_public_id: Any) -> str:
        # Decrypts and writes a 'decrypt' row to credential_audit_logs (who, from where).
        return self.one("SELECT officeauto.reveal_credential(%s) AS secret", (credential_public_id,))["secret"]

    def override_origin(self, client_ip: str | None = None, user_agent: str | None = None) -> None:
        """This request's address/agent instead of the session's, for this transaction only."""
        if client_ip is not None:
            self._cur.execute("SELECT set_config('officeauto.client_ip', %s, true)", (client_ip,))
        if user_agent is not None:
            self._cur.execute("SELECT set_config('officeauto.user_agent', %s, true)", (user_agent,))


class OfficeAuto:
    """officeauto over a psycopg pool (which may itself point at PgBouncer)."""

    def __init__(self, conninfo: str = "", min_size: int = 1, max_size: int = 4):
        self.pool = ConnectionPool(
            conninfo,
            min_size=min_size,
            max_size=max_size,
            # Rows as dicts; no server-side prepared statements (PgBouncer transaction mode).
            kwargs={"row_factory": dict_row, "prepare_threshold": None, "autocommit": False},
            open=True,
        )

    def close(self) -> None:
        self.pool.close()

    def login(self, identifier: str, password: str, client_type: str, client_ip: str, user_agent: str) -> Tokens:
        """Logs a user in; the address and agent are stored in the session and recorded in the
        audit rows of every request that authenticates with it."""
        with _errors(), self.pool.connection() as conn:
            row = conn.execute(
                "SELECT session_token, refresh_token, mfa_required"
                "  FROM officeauto.login(%s, %s, %s, %s, %s)",
                (identifier, password, client_type, client_ip, user_agent),
            ).fetchone()
        if row["mfa_required"]:
            raise OfficeAutoError(None, "two-factor authentication required: call officeauto.verify_mfa")
        return Tokens(row["session_token"], row["refresh_token"])

    @contextlib.contextmanager
    def request(self, session_token: str) -> Iterator[Request]:
        """One request: a transaction that authenticates first. Commits when the block ends,
        rolls back if it raises."""
        with _errors(), self.pool.connection() as conn:
            with conn.transaction(), conn.cursor() as cur:
                cur.execute("SELECT officeauto.authenticate(%s)", (session_token,))
                yield Request(cur)

    def refresh(self, refresh_token: str) -> Tokens:
        """A new session and refresh token; the old ones stop working."""
        with _errors(), self.pool.connection() as conn:
            row = conn.execute(
                "SELECT session_token, refresh_token FROM officeauto.refresh_session(%s)", (refresh_token,)
            ).fetchone()
        return Tokens(row["session_token"], row["refresh_token"])

    def logout(self, session_token: str) -> None:
        with _errors(), self.pool.connection() as conn:
            conn.execute("SELECT officeauto.logout(%s)", (session_token,))
