#!/usr/bin/env bash
# The audit trail fails closed across transactions, where a pgTAP file (one transaction) cannot
# look: rows buffered by the row trigger and never written (the statement trigger that writes
# them dropped by hand) make the COMMIT fail, so the change is not kept without its audit row;
# and a committed change keeps its audit row, in the partition of its month.
source "$(dirname "$0")/../lib/tap.sh"
echo "1..5"

q "DROP TABLE IF EXISTS public.oa_fail_closed;
   CREATE TABLE public.oa_fail_closed (id int PRIMARY KEY, v text);
   SELECT officeauto.enable_audit('public.oa_fail_closed')" >/dev/null 2>&1
trail() { q "SELECT count(*) FROM officeauto.audit_logs WHERE table_name = 'public.oa_fail_closed'"; }

q "INSERT INTO public.oa_fail_closed VALUES (1, 'a')" >/dev/null
check "a committed change has its audit row" "$(trail)" "1"
check "... in the partition of the current month" \
      "$(q "SELECT tableoid::regclass::text = format('officeauto.audit_logs_%s', to_char(now() AT TIME ZONE 'UTC', 'YYYY_MM'))
              OR tableoid = 'officeauto.audit_logs_default'::regclass
              FROM officeauto.audit_logs WHERE table_name = 'public.oa_fail_closed'")" "t"

q "DROP TRIGGER officeauto_audit_flush ON public.oa_fail_closed" >/dev/null
out=$(psql -X -q -At -d "$DB" -c "INSERT INTO public.oa_fail_closed VALUES (2, 'b')" 2>&1)
check "without the statement trigger that writes them, the commit fails" \
      "$(grep -c 'audit rows were not written' <<<"$out")" "1"
check "... and the change is not kept" "$(q "SELECT count(*) FROM public.oa_fail_closed")" "1"
check "... nor half an audit row" "$(trail)" "1"

q "DROP TABLE public.oa_fail_closed" >/dev/null
exit $fail
