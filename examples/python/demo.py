"""The full flow of an application, for several users at once, on one pool.

    python demo.py --credential 'ERP API' alice:password:198.51.100.21:browser-a bob:...

Each user (a thread: an application serving that user's HTTP requests) logs in, then makes
requests, each one transaction that starts with authenticate(): reads the inbox, creates a
task and assigns it to the next user, comments on it, reveals a credential, refreshes the
session, logs out, and handles the errors it meets by SQLSTATE. Connection settings come from
the usual PG* environment variables (point them at PgBouncer).

Every request records what the database held as its context; the program checks that each
request saw its own user, session, address and agent only, and prints a JSON report (no
secrets) for the test that runs it (tests/shell/clients_python.sh). Exit status 1 if a check
failed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import threading
import time
import uuid

from officeauto_client import NotAuthenticated, NotFound, OfficeAuto


def pause() -> None:
    # Users do not move in lockstep; the pauses make their requests interleave on the pool.
    time.sleep(random.uniform(0.0, 0.03))


def run_user(api: OfficeAuto, me: dict, colleague: str, credential: str, report: dict) -> None:
    problems = report["problems"]
    seen = report["requests"]

    def observe(req, label: str) -> dict:
        ctx = req.context()
        # The raw setting too: it shows what earlier requests left on this server connection,
        # which the request's context must not take from.
        left = req.one("SELECT current_setting('officeauto.client_ip', true) AS s")["s"]
        seen.append({"label": label, "client_ip_setting": left, **ctx})
        return ctx

    def expect(ctx: dict, label: str, session_id) -> None:
        want = {"user_id": report["user_id"], "session_id": session_id,
                "client_ip": me["ip"], "user_agent": me["agent"]}
        got = {k: ctx[k] for k in want}
        if got != want:
            problems.append({"request": label, "got": got, "want": want})

    tokens = api.login(me["name"], me["password"], "web", me["ip"], me["agent"])
    pause()
    with api.request(tokens.session_token) as req:
        ctx = observe(req, "inbox")
        report["user_id"] = ctx["user_id"]
        report["sessions"] = [ctx["session_id"]]
        report["inbox_items"] = len(req.inbox())
    expect(ctx, "inbox", report["sessions"][0])
    sid = report["sessions"][0]
    pause()

    # A careless request: session-level settings. They must not reach any other request.
    with api.request(tokens.session_token) as req:
        req.one("SELECT set_config('officeauto.client_ip', %s, false),"
                "       set_config('officeauto.user_agent', %s, false)",
                (me["poison_ip"], "poison-" + me["name"]))
        observe(req, "poison")
    pause()

    with api.request(tokens.session_token) as req:
        task = req.create_task(f"Payroll check by {me['name']} {uuid.uuid4().hex[:8]}")
        expect(observe(req, "create_task"), "create_task", sid)
    report["task_public_id"] = str(task["public_id"])
    pause()

    with api.request(tokens.session_token) as req:
        item = req.assign_task(task["public_id"], req.user_id(colleague), "Please check the figures")
        expect(observe(req, "assign_task"), "assign_task", sid)
    report["assigned_to"] = colleague
    report["cartable_item"] = item is not None
    pause()

    with api.request(tokens.session_token) as req:
        req.comment("task", task["public_id"], f"@{colleague} the numbers are in")
        expect(observe(req, "comment"), "comment", sid)
    pause()

    # An override for one request (e.g. the app learnt a more precise address): this
    # transaction only.
    with api.request(tokens.session_token) as req:
        req.override_origin(client_ip=me["override_ip"])
        ctx = observe(req, "override")
        if ctx["client_ip"] != me["override_ip"]:
            problems.append({"request": "override", "got": ctx["client_ip"], "want": me["override_ip"]})
    pause()

    with api.request(tokens.session_token) as req:
        secret = req.reveal_credential(req.credential_id(credential))
        expect(observe(req, "reveal_credential"), "reveal_credential", sid)
    report["revealed"] = bool(secret)  # the secret itself is never printed or logged
    pause()

    report["errors"] = {}
    try:
        with api.request(tokens.session_token) as req:
            req.reveal_credential(uuid.uuid4())
    except NotFound as e:
        report["errors"]["unknown_credential"] = e.sqlstate
    pause()

    old = tokens.session_token
    tokens = api.refresh(tokens.refresh_token)
    try:
        with api.request(old):
            pass
    except NotAuthenticated as e:
        # What an application does here: refresh (done above) or send the user to log in.
        report["errors"]["old_session_after_refresh"] = e.sqlstate
    pause()

    with api.request(tokens.session_token) as req:
        ctx = observe(req, "after_refresh")
        report["sessions"].append(ctx["session_id"])
        report["inbox_items_after"] = len(req.inbox())
    expect(ctx, "after_refresh", report["sessions"][1])
    pause()

    api.logout(tokens.session_token)
    try:
        with api.request(tokens.session_token):
            pass
    except NotAuthenticated as e:
        report["errors"]["after_logout"] = e.sqlstate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--credential", required=True, help="label of a credential to reveal")
    parser.add_argument("--pool-size", type=int, default=4)
    parser.add_argument("users", nargs="+", help="name:password:ip:agent")
    args = parser.parse_args()

    users = []
    for i, spec in enumerate(args.users):
        name, password, ip, agent = spec.split(":", 3)
        users.append({"name": name, "password": password, "ip": ip, "agent": agent,
                      "poison_ip": f"192.0.2.{100 + i}", "override_ip": f"203.0.113.{100 + i}"})

    api = OfficeAuto(min_size=1, max_size=args.pool_size)
    reports = [{"user": u["name"], "ip": u["ip"], "agent": u["agent"], "poison_ip": u["poison_ip"],
                "override_ip": u["override_ip"], "problems": [], "requests": []} for u in users]
    threads = []
    for i, u in enumerate(users):
        colleague = users[(i + 1) % len(users)]["name"]

        def work(u=u, colleague=colleague, report=reports[i]) -> None:
            try:
                run_user(api, u, colleague, args.credential, report)
            except Exception as e:  # report, do not hide: the test fails on it
                report["problems"].append({"exception": type(e).__name__, "sqlstate": getattr(e, "sqlstate", None),
                                           "message": str(e)})

        threads.append(threading.Thread(target=work))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    api.close()

    json.dump({"client": "python", "users": reports}, sys.stdout, default=str)
    print()
    return 1 if any(r["problems"] for r in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
