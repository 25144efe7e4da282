#!/usr/bin/env bash
# A cancelled hash answers 57014, every time. statement_timeout and pg_cancel_backend signal the
# backend's whole process group, so the hashing child is killed by the same SIGINT; when the
# child's death reached the backend before the interrupt did, the call answered 53200
# ("password hashing process failed (out of memory, or killed)") instead of the cancel.
source "$(dirname "$0")/../lib/tap.sh"
echo "1..1"

PW="cancel-$(new_key_hex | cut -c1-16)"
q "DROP ROLE IF EXISTS oa_cancel_app; CREATE ROLE oa_cancel_app LOGIN PASSWORD '$PW' IN ROLE officeauto_app" >/dev/null
# The dearest hash the default limits accept: long enough to be cancelled mid-way.
HASH=$(psql -X -q -At -d "$DB" -c "SET officeauto.password_memory_kib = 65536" -c "SET officeauto.password_iterations = 10" \
            -c "SET officeauto.password_parallelism = 4" -c "SELECT officeauto.hash_password('right')")
script=$(mktemp)
for _ in $(seq 1 100); do
    echo "SET statement_timeout = '40ms'; SELECT officeauto.verify_password('wrong', '$HASH');" >>"$script"
done
out=$(PGPASSWORD="$PW" psql -X -q -At -h 127.0.0.1 -U oa_cancel_app -d "$DB" -v VERBOSITY=verbose -f "$script" 2>&1)
rm -f "$script"
check "100 timed-out verifications all answer 57014" \
      "$(grep -o 'ERROR:  [0-9A-Z]\{5\}' <<<"$out" | sort | uniq -c | sed 's/^ *//')" "100 ERROR:  57014"

q "DROP ROLE oa_cancel_app" >/dev/null
exit $fail
