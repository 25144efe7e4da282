#!/usr/bin/env bash
# Benchmark: credential encryption, officeauto (native AES-256-GCM) side by side with pgcrypto
# (pgp_sym_encrypt / pgp_sym_decrypt) in the same database and run. Not a test: it prints
# figures. Usage: bash bench/credentials.sh [values]   (default 20000)
# Runs against the demo cluster (run scripts/demo.sh first: it installs the extension and
# configures the master key file); PGHOST/PGPORT point it at another cluster, OFFICEAUTO_PG_BIN
# at another PostgreSQL 15 tree. bench/run.sh runs it with the other hot paths.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
N=${1:-20000}
DB=officeauto_bench
bench_connect

bench_fresh_db "${DB}" pgcrypto
bpsql -d "${DB}" <<SQL
CREATE TABLE vals AS SELECT g AS id, 'secret-' || md5(g::text) AS v FROM generate_series(1, ${N}) g;
-- Warm up the server key (first use creates and unwraps the data key) and the caches.
SELECT count(officeauto.encrypt_credential_value(v)) FROM vals WHERE id <= 100;
CREATE TABLE native_ct AS SELECT id, officeauto.encrypt_credential_value(v) AS c FROM vals;
CREATE TABLE native_xct AS SELECT id, officeauto.encrypt_credential_value(v, repeat('ab', 32)) AS c FROM vals;
CREATE TABLE pgp_ct AS SELECT id, pgp_sym_encrypt(v, 'bench-passphrase') AS c FROM vals;
CREATE TABLE pgp_ct_fast AS SELECT id, pgp_sym_encrypt(v, 'bench-passphrase', 's2k-mode=0') AS c FROM vals;

CREATE TABLE results (operation text PRIMARY KEY, us_per_op numeric);
CREATE FUNCTION pg_temp.t(label text, q text) RETURNS TABLE (operation text, total_ms numeric, us_per_op numeric, ops_per_s numeric)
LANGUAGE plpgsql AS \$\$
DECLARE t0 timestamptz; ms numeric; best numeric;
BEGIN
    FOR i IN 1..3 LOOP  -- best of three
        t0 := clock_timestamp();
        EXECUTE q;
        ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
        best := least(best, ms);
        IF best IS NULL THEN best := ms; END IF;
    END LOOP;
    INSERT INTO results VALUES (label, round(best * 1000 / ${N}, 2));
    RETURN QUERY SELECT label, round(best, 1), round(best * 1000 / ${N}, 2), round(${N} / (best / 1000));
END
\$\$;

\echo
\echo 'credential encryption, ${N} values of 39 bytes each (best of 3 runs, one backend)'
SELECT * FROM pg_temp.t('ceiling: read the values (no crypto)', 'SELECT count(v) FROM vals')
UNION ALL SELECT * FROM pg_temp.t('ceiling: md5 of each value', 'SELECT count(md5(v)) FROM vals')
UNION ALL SELECT * FROM pg_temp.t('officeauto encrypt, server key', 'SELECT count(officeauto.encrypt_credential_value(v)) FROM vals')
UNION ALL SELECT * FROM pg_temp.t('officeauto encrypt, explicit key', \$q\$SELECT count(officeauto.encrypt_credential_value(v, repeat('ab', 32))) FROM vals\$q\$)
UNION ALL SELECT * FROM pg_temp.t('pgcrypto pgp_sym_encrypt (default s2k)', \$q\$SELECT count(pgp_sym_encrypt(v, 'bench-passphrase')) FROM vals\$q\$)
UNION ALL SELECT * FROM pg_temp.t('pgcrypto pgp_sym_encrypt (s2k-mode=0)', \$q\$SELECT count(pgp_sym_encrypt(v, 'bench-passphrase', 's2k-mode=0')) FROM vals\$q\$)
UNION ALL SELECT * FROM pg_temp.t('officeauto decrypt, server key', 'SELECT count(officeauto.decrypt_credential_value(c)) FROM native_ct')
UNION ALL SELECT * FROM pg_temp.t('officeauto decrypt, explicit key', \$q\$SELECT count(officeauto.decrypt_credential_value(c, repeat('ab', 32))) FROM native_xct\$q\$)
UNION ALL SELECT * FROM pg_temp.t('pgcrypto pgp_sym_decrypt (default s2k)', \$q\$SELECT count(pgp_sym_decrypt(c, 'bench-passphrase')) FROM pgp_ct\$q\$)
UNION ALL SELECT * FROM pg_temp.t('pgcrypto pgp_sym_decrypt (s2k-mode=0)', \$q\$SELECT count(pgp_sym_decrypt(c, 'bench-passphrase')) FROM pgp_ct_fast\$q\$);

\echo 'ciphertext size for a 39-byte value'
SELECT 'officeauto envelope' AS format, avg(octet_length(c))::int AS bytes FROM native_ct
UNION ALL SELECT 'pgcrypto PGP message', avg(octet_length(c))::int FROM pgp_ct;
SQL
# For bench/run.sh: the server-key path against pgcrypto with its default s2k.
bench_results_from "${DB}" "SELECT m.key, r.us_per_op FROM results r JOIN (VALUES
    ('credentials.encrypt', 'officeauto encrypt, server key'), ('credentials.pgp_encrypt', 'pgcrypto pgp_sym_encrypt (default s2k)'),
    ('credentials.decrypt', 'officeauto decrypt, server key'), ('credentials.pgp_decrypt', 'pgcrypto pgp_sym_decrypt (default s2k)')
    ) m(key, operation) USING (operation)"
bpsql -d postgres -c "DROP DATABASE ${DB}"
