#!/usr/bin/env bash
# Auditing a table copies its rows into audit_logs, which officeauto_admin reads; stopping it
# hides changes. enable_audit() used to be SECURITY DEFINER with no ownership check, so an
# officeauto_admin member could audit a table it had no rights on and read its rows (salaries)
# back from the trail. Now starting or stopping the audit of a table takes owning it (being a
# member of its owning role) or being a superuser, judged on the real caller: here a
# non-superuser LOGIN role in officeauto_admin.
source "$(dirname "$0")/../lib/tap.sh"
ADMIN=oa_reach_admin
TEAM=oa_reach_team
admin() { psql -X -q -At -U "$ADMIN" -d "$DB" -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -c "$1" 2>&1; }
audit_triggers() { q "SELECT count(*) FROM pg_trigger WHERE tgrelid = '$1'::regclass AND tgname LIKE 'officeauto_audit%'"; }
echo "1..10"

q "DROP TABLE IF EXISTS public.oa_payroll, public.oa_team_notes;
   DROP ROLE IF EXISTS $ADMIN; DROP ROLE IF EXISTS $TEAM;
   CREATE ROLE $TEAM NOLOGIN; CREATE ROLE $ADMIN LOGIN IN ROLE officeauto_admin, $TEAM;
   CREATE TABLE public.oa_payroll (id int PRIMARY KEY, employee text NOT NULL, salary numeric NOT NULL);
   INSERT INTO public.oa_payroll VALUES (1, 'E. Example', 98765);
   CREATE TABLE public.oa_team_notes (id int PRIMARY KEY, note text);
   ALTER TABLE public.oa_team_notes OWNER TO $TEAM" >/dev/null 2>&1

check "an admin login cannot audit a table it does not own: 42501" \
      "$(sqlstate_in "$(admin "SELECT officeauto.enable_audit('public.oa_payroll')")")" "42501"
check "... no audit trigger was created on it" "$(audit_triggers public.oa_payroll)" "0"
q "UPDATE public.oa_payroll SET salary = salary + 1" >/dev/null
check "... and none of its rows reaches audit_logs" \
      "$(q "SELECT count(*) FROM officeauto.audit_logs WHERE table_name = 'public.oa_payroll' OR new_data::text LIKE '%98766%'")" "0"

check "an admin login cannot stop auditing an extension table: 42501" \
      "$(sqlstate_in "$(admin "SELECT officeauto.disable_audit('officeauto.tasks')")")" "42501"
check "... the audit triggers of tasks are all still there" "$(audit_triggers officeauto.tasks)" "3"
check "nor rewrite its audit options (exclude columns from the trail): 42501" \
      "$(sqlstate_in "$(admin "SELECT officeauto.enable_audit('officeauto.users', '{\"exclude\": [\"email\"]}')")")" "42501"

check "a member of the owning role audits its own table" \
      "$(admin "SELECT officeauto.enable_audit('public.oa_team_notes'); INSERT INTO public.oa_team_notes VALUES (1, 'audited');
                SELECT count(*) FROM officeauto.audit_logs WHERE table_name = 'public.oa_team_notes' AND action = 'INSERT'" | tail -1)" "1"
check "... and stops auditing it" \
      "$(admin "SELECT officeauto.disable_audit('public.oa_team_notes')" >/dev/null; audit_triggers public.oa_team_notes)" "0"
check "a superuser audits any table" "$(q "SELECT officeauto.enable_audit('public.oa_payroll')" >/dev/null 2>&1 && audit_triggers public.oa_payroll)" "3"
check "... and stops auditing it" "$(q "SELECT officeauto.disable_audit('public.oa_payroll')" >/dev/null && audit_triggers public.oa_payroll)" "0"

q "DROP TABLE public.oa_payroll, public.oa_team_notes; DROP OWNED BY $ADMIN; DROP ROLE $ADMIN; DROP ROLE $TEAM" >/dev/null
exit $fail
