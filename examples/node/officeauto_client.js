// officeauto from Node.js (node-postgres) through a connection pool.
//
// Copy this module into an application. The rules it follows (docs/clients.md):
// - Every request is one transaction that starts with officeauto.authenticate(token). The
//   context (user, organization, session, the end user's address and agent) lives exactly as
//   long as that transaction, so a pooled connection carries nothing from one request to the
//   next.
// - No session-level settings (SET, set_config(..., false)): behind PgBouncer in transaction
//   mode they would stay on a server connection other requests use. Per-request values go
//   through set_config(..., true) inside the request's transaction.
// - No named prepared statements (no `name:` in queries): PgBouncer's transaction mode cannot
//   follow them from one server connection to another.
// - Errors are told apart by SQLSTATE (err.code), never by message text.
// - Ids from earlier results are passed back as they came (node-postgres sends every
//   parameter untyped, as text; the server gives it the parameter's type).

import pg from 'pg';

export class OfficeAutoError extends Error {
  constructor(kind, sqlstate, message, detail) {
    super(message);
    this.name = kind;
    this.sqlstate = sqlstate;
    this.detail = detail;
  }
}

// SQLSTATE -> what the application does about it.
const KINDS = {
  OA001: 'InvalidCredentials', // unknown account or wrong password (indistinguishable)
  OA002: 'AccountLocked', // DETAIL: until when
  OA003: 'CaptchaRequired', // log in again with captcha_passed => true
  28000: 'NotAuthenticated', // token invalid, expired, idle or revoked: refresh or log in
  OA011: 'RefreshRefused', // unknown, expired or revoked refresh token
  OA012: 'RefreshRefused', // reused refresh token: the whole family is revoked
  OA006: 'OrganizationInactive',
  42501: 'Forbidden',
  P0002: 'NotFound',
  40001: 'StaleVersion', // re-read the row and retry
};

function translate(err) {
  if (typeof err?.code !== 'string' || err.code.length !== 5) return err; // not from the server
  const kind = KINDS[err.code] ?? (/^2[23]/.test(err.code) ? 'InvalidInput' : 'OfficeAutoError');
  return new OfficeAutoError(kind, err.code, err.message, err.detail);
}

/** One authenticated request: a transaction on a pooled connection. */
export class Request {
  constructor(client) {
    this.client = client;
  }

  async one(sql, params = []) {
    return (await this.client.query(sql, params)).rows[0];
  }

  async all(sql, params = []) {
    return (await this.client.query(sql, params)).rows;
  }

  /** What the database holds as this request's context (for logs and tests). */
  context() {
    return this.one(
      `SELECT officeauto.current_user_id() AS user_id,
              officeauto.current_session_id() AS session_id,
              host(officeauto.current_client_ip()) AS client_ip,
              officeauto.current_user_agent() AS user_agent,
              pg_backend_pid() AS server_pid`);
  }

  inbox(limit = 20) {
    return this.all(
      `SELECT public_id, item_type, subject, item_public_id, state, is_overdue
         FROM officeauto.inbox ORDER BY created_at DESC LIMIT $1`, [limit]);
  }

  async userId(username) {
    const row = await this.one(
      'SELECT public_id FROM officeauto.users WHERE username = $1 AND deleted_at IS NULL', [username]);
    if (!row) throw new OfficeAutoError('NotFound', 'P0002', `no user ${username} in this organization`);
    return row.public_id;
  }

  /** The organization comes from the request's context. */
  createTask(title, description = null) {
    return this.one(
      `INSERT INTO officeauto.tasks (title, description) VALUES ($1, $2)
       RETURNING public_id, version`, [title, description]);
  }

  /** The assignee's cartable item and the task's new version (for the next optimistic update). */
  assignTask(taskPublicId, toUser, note = null) {
    return this.one('SELECT item_id, task_version FROM officeauto.assign_task($1, $2, $3)',
      [taskPublicId, toUser, note]);
  }

  async comment(entityType, entityPublicId, body) {
    return (await this.one('SELECT officeauto.add_comment($1, $2, $3) AS comment',
      [entityType, entityPublicId, body])).comment;
  }

  async credentialId(label) {
    const row = await this.one(
      'SELECT public_id FROM officeauto.credentials WHERE label = $1 AND deleted_at IS NULL', [label]);
    if (!row) throw new OfficeAutoError('NotFound', 'P0002', `no credential ${label}`);
    return row.public_id;
  }

  /** Decrypts and writes a 'decrypt' row to credential_audit_logs (who, from where). */
  async revealCredential(credentialPublicId) {
    return (await this.one('SELECT officeauto.reveal_credential($1) AS secret',
      [credentialPublicId])).secret;
  }

  /** This request's address/agent instead of the session's, for this transaction only. */
  async overrideOrigin({ clientIp, userAgent } = {}) {
    if (clientIp != null) await this.client.query("SELECT set_config('officeauto.client_ip', $1, true)", [clientIp]);
    if (userAgent != null) await this.client.query("SELECT set_config('officeauto.user_agent', $1, true)", [userAgent]);
  }
}

/** officeauto over a node-postgres Pool (which may itself point at PgBouncer). */
export class OfficeAuto {
  /** config: node-postgres Pool options; unset ones come from the PG* environment variables. */
  constructor(config = {}) {
    this.pool = new pg.Pool({ max: 4, ...config });
    // An idle client can lose its server (PgBouncer or PostgreSQL restart): log, never crash.
    this.pool.on('error', (err) => console.error('officeauto pool:', err.message));
  }

  close() {
    return this.pool.end();
  }

  async #query(sql, params) {
    try {
      return (await this.pool.query(sql, params)).rows[0];
    } catch (err) {
      throw translate(err);
    }
  }

  /**
   * Logs a user in; the address and agent are stored in the session and recorded in the
   * audit rows of every request that authenticates with it.
   */
  async login(identifier, password, clientType, clientIp, userAgent) {
    const row = await this.#query(
      `SELECT session_token, refresh_token, mfa_required
         FROM officeauto.login($1, $2, $3, $4, $5)`,
      [identifier, password, clientType, clientIp, userAgent]);
    if (row.mfa_required) {
      throw new OfficeAutoError('MfaRequired', null, 'two-factor authentication required: call officeauto.verify_mfa');
    }
    return { sessionToken: row.session_token, refreshToken: row.refresh_token };
  }

  /**
   * One request: runs work(request) in a transaction that authenticates first; commits when
   * work resolves, rolls back when it throws. Returns what work returned.
   */
  async request(sessionToken, work) {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      await client.query('SELECT officeauto.authenticate($1)', [sessionToken]);
      const result = await work(new Request(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true; // the connection is unusable: do not give it back to the pool
      }
      throw translate(err);
    } finally {
      client.release(broken);
    }
  }

  /** A new session token and refresh token; the old ones stop working. */
  async refresh(refreshToken) {
    const row = await this.#query(
      'SELECT session_token, refresh_token FROM officeauto.refresh_session($1)', [refreshToken]);
    return { sessionToken: row.session_token, refreshToken: row.refresh_token };
  }

  async logout(sessionToken) {
    await this.#query('SELECT officeauto.logout($1)', [sessionToken]);
  }
}
