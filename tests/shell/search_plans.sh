#!/usr/bin/env bash
# The search functions use their GIN indexes when an application calls them under row-level
# security. Their inner statements are shown by auto_explain (nested statements, sent to the
# client as NOTICEs) on a table large enough for an index to matter.
source "$(dirname "$0")/../lib/tap.sh"
echo "1..3"
plans=$(psql -X -q -At -d "$DB" 2>&1 <<'SQL'
BEGIN;
SELECT id AS acme FROM officeauto.organizations WHERE slug = 'acme' \gset
INSERT INTO officeauto.clients (organization_id, name, tags)
SELECT :acme, 'Bulk client ' || g, ARRAY['bulk', 'segment-' || (g % 500)] FROM generate_series(1, 4000) g;
INSERT INTO officeauto.documents (organization_id, title, content)
SELECT :acme, 'Bulk memo ' || g, 'routine memo number ' || g || ' about topic ' || (g % 97) FROM generate_series(1, 4000) g;
ANALYZE officeauto.clients;
ANALYZE officeauto.documents;
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0;
SET auto_explain.log_nested_statements = on;
SET auto_explain.log_level = notice;
SET client_min_messages = notice;
SET LOCAL ROLE officeauto_app;
SELECT set_config('officeauto.organization_id', :'acme', true) IS NOT NULL;
SELECT count(*) FROM officeauto.find_clients_by_tag('segment-7');
SELECT count(*) FROM officeauto.find_clients_by_tags(ARRAY['segment-7', 'segment-8'], false);
SELECT count(*) FROM officeauto.search_documents('cutover');
ROLLBACK;
SQL
)
check "find_clients_by_tag uses the GIN index on clients.tags" "$(grep -c 'Bitmap Index Scan on clients_tags_idx' <<<"$plans" | awk '{print ($1 >= 1)}')" "1"
check "find_clients_by_tags uses it too" "$(grep -c 'Bitmap Index Scan on clients_tags_idx' <<<"$plans" | awk '{print ($1 >= 2)}')" "1"
check "search_documents uses the GIN index on documents.search_vector" "$(grep -c 'Bitmap Index Scan on documents_search_idx' <<<"$plans" | awk '{print ($1 >= 1)}')" "1"
exit $fail
