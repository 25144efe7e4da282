"""Summarises the JSON report of an example client (examples/*/demo) for the shell tests:
one fact per line, "name value", for tests/shell/clients_*.sh to compare and to build SQL."""
import json
import sys

report = json.load(sys.stdin)
users = report["users"]
requests = [dict(r, user=u["user"]) for u in users for r in u["requests"]]
poison = {u["poison_ip"]: u["user"] for u in users}
by_pid = {}
for r in requests:
    by_pid.setdefault(r["server_pid"], set()).add(r["user"])
print("users", len(users))
print("problems", sum(len(u["problems"]) for u in users))
for u in users:
    for p in u["problems"]:
        print("problem", u["user"], json.dumps(p, default=str))
print("sessions_per_user", " ".join(sorted({str(len(u.get("sessions", []))) for u in users})))
print("errors", " ".join(sorted({json.dumps(u.get("errors"), sort_keys=True) for u in users})))
print("revealed", all(u.get("revealed") for u in users))
print("requests", len(requests))
print("server_pids", len(by_pid))
print("pids_shared_by_users", sum(1 for s in by_pid.values() if len(s) > 1))
# Requests that found another user's session-level value on their server connection: the
# situation the rule is for. Each one's context must still be its own (checked by the client).
print("exposed_requests", sum(1 for r in requests if r["label"] != "poison"
                              and r.get("client_ip_setting") in poison
                              and poison[r["client_ip_setting"]] != r["user"]))
print("foreign_context", sum(1 for r in requests if r["label"] not in ("poison", "override")
                             and any(r["client_ip"] == other["ip"] or r["user_agent"] == other["agent"]
                                     for other in users if other["user"] != r["user"])))
for u in users:
    print("user", u["user"], ",".join(str(s) for s in u.get("sessions", [])) or "none", u["ip"], u["agent"],
          u.get("task_public_id", "none"), u.get("assigned_to", "none"))
