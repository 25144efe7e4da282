// The full flow of an application, for several users at once, on one pool.
//
//   node demo.js --credential 'ERP API' alice:password:198.51.100.21:browser-a bob:...
//
// Each user (an async task: an application serving that user's HTTP requests) logs in, then
// makes requests, each one transaction that starts with authenticate(): reads the inbox,
// creates a task and assigns it to the next user, comments on it, reveals a credential,
// refreshes the session, logs out, and handles the errors it meets by SQLSTATE. Connection
// settings come from the usual PG* environment variables (point them at PgBouncer).
//
// Every request records what the database held as its context; the program checks that each
// request saw its own user, session, address and agent only, and prints a JSON report (no
// secrets) for the test that runs it (tests/shell/clients_node.sh). Exit status 1 if a check
// failed.

import { randomUUID } from 'node:crypto';
import { OfficeAuto } from './officeauto_client.js';

// Users do not move in lockstep; the pauses make their requests interleave on the pool.
const pause = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 30));

async function runUser(api, me, colleague, credential, report) {
  const { problems, requests: seen } = report;

  const observe = async (req, label) => {
    const ctx = await req.context();
    // The raw setting too: it shows what earlier requests left on this server connection,
    // which the request's context must not take from.
    const left = (await req.one("SELECT current_setting('officeauto.client_ip', true) AS s")).s;
    seen.push({ label, client_ip_setting: left, ...ctx });
    return ctx;
  };
  const expect = (ctx, label, sessionId) => {
    const want = { user_id: report.user_id, session_id: sessionId, client_ip: me.ip, user_agent: me.agent };
    const got = Object.fromEntries(Object.keys(want).map((k) => [k, ctx[k]]));
    if (JSON.stringify(got) !== JSON.stringify(want)) problems.push({ request: label, got, want });
  };

  let tokens = await api.login(me.name, me.password, 'web', me.ip, me.agent);
  await pause();
  let ctx = await api.request(tokens.sessionToken, async (req) => {
    const c = await observe(req, 'inbox');
    report.inbox_items = (await req.inbox()).length;
    return c;
  });
  report.user_id = ctx.user_id; // bigint ids arrive as strings; they go back as they came
  report.sessions = [ctx.session_id];
  const sid = ctx.session_id;
  expect(ctx, 'inbox', sid);
  await pause();

  // A careless request: session-level settings. They must not reach any other request.
  await api.request(tokens.sessionToken, async (req) => {
    await req.one(`SELECT set_config('officeauto.client_ip', $1, false),
                          set_config('officeauto.user_agent', $2, false)`, [me.poisonIp, `poison-${me.name}`]);
    await observe(req, 'poison');
  });
  await pause();

  const task = await api.request(tokens.sessionToken, async (req) => {
    const t = await req.createTask(`Payroll check by ${me.name} ${randomUUID().slice(0, 8)}`);
    expect(await observe(req, 'create_task'), 'create_task', sid);
    return t;
  });
  report.task_public_id = task.public_id;
  await pause();

  const item = await api.request(tokens.sessionToken, async (req) => {
    const i = await req.assignTask(task.public_id, await req.userId(colleague), 'Please check the figures');
    expect(await observe(req, 'assign_task'), 'assign_task', sid);
    return i;
  });
  report.assigned_to = colleague;
  report.cartable_item = item != null;
  await pause();

  await api.request(tokens.sessionToken, async (req) => {
    await req.comment('task', task.public_id, `@${colleague} the numbers are in`);
    expect(await observe(req, 'comment'), 'comment', sid);
  });
  await pause();

  // An override for one request (e.g. the app learnt a more precise address): this
  // transaction only.
  await api.request(tokens.sessionToken, async (req) => {
    await req.overrideOrigin({ clientIp: me.overrideIp });
    const c = await observe(req, 'override');
    if (c.client_ip !== me.overrideIp) problems.push({ request: 'override', got: c.client_ip, want: me.overrideIp });
  });
  await pause();

  const secret = await api.request(tokens.sessionToken, async (req) => {
    const s = await req.revealCredential(await req.credentialId(credential));
    expect(await observe(req, 'reveal_credential'), 'reveal_credential', sid);
    return s;
  });
  report.revealed = Boolean(secret); // the secret itself is never printed or logged
  await pause();

  report.errors = {};
  try {
    await api.request(tokens.sessionToken, (req) => req.revealCredential(randomUUID()));
  } catch (err) {
    if (err.name !== 'NotFound') throw err;
    report.errors.unknown_credential = err.sqlstate;
  }
  await pause();

  const old = tokens.sessionToken;
  tokens = await api.refresh(tokens.refreshToken);
  try {
    await api.request(old, async () => {});
  } catch (err) {
    // What an application does here: refresh (done above) or send the user to log in.
    if (err.name !== 'NotAuthenticated') throw err;
    report.errors.old_session_after_refresh = err.sqlstate;
  }
  await pause();

  ctx = await api.request(tokens.sessionToken, async (req) => {
    const c = await observe(req, 'after_refresh');
    report.inbox_items_after = (await req.inbox()).length;
    return c;
  });
  report.sessions.push(ctx.session_id);
  expect(ctx, 'after_refresh', report.sessions[1]);
  await pause();

  await api.logout(tokens.sessionToken);
  try {
    await api.request(tokens.sessionToken, async () => {});
  } catch (err) {
    if (err.name !== 'NotAuthenticated') throw err;
    report.errors.after_logout = err.sqlstate;
  }
}

async function main(argv) {
  let credential = null;
  let poolSize = 4;
  const specs = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--credential') credential = argv[++i];
    else if (argv[i] === '--pool-size') poolSize = Number(argv[++i]);
    else specs.push(argv[i]);
  }
  if (!credential || specs.length === 0) {
    console.error('usage: node demo.js --credential LABEL name:password:ip:agent ...');
    return 2;
  }
  const users = specs.map((spec, i) => {
    const [name, password, ip, ...agent] = spec.split(':');
    return { name, password, ip, agent: agent.join(':'), poisonIp: `192.0.2.${100 + i}`, overrideIp: `203.0.113.${100 + i}` };
  });

  const api = new OfficeAuto({ max: poolSize });
  const reports = users.map((u) => ({
    user: u.name, ip: u.ip, agent: u.agent, poison_ip: u.poisonIp, override_ip: u.overrideIp, problems: [], requests: [],
  }));
  await Promise.all(users.map(async (u, i) => {
    try {
      await runUser(api, u, users[(i + 1) % users.length].name, credential, reports[i]);
    } catch (err) {
      // Report, do not hide: the test fails on it.
      reports[i].problems.push({ exception: err.name, sqlstate: err.sqlstate ?? err.code ?? null, message: err.message });
    }
  }));
  await api.close();

  process.stdout.write(`${JSON.stringify({ client: 'node', users: reports })}\n`);
  return reports.some((r) => r.problems.length > 0) ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
