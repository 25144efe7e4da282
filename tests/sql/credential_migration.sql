-- Moving credentials from seed 002's scripts, as users do it: the seed's passphrase calls of
-- encrypt_credential_value/decrypt_credential_value as the application role, and the import
-- of pgcrypto pgp_sym_encrypt values by an administrator (with and without pgcrypto, partial
-- failure, re-run), with no secret in errors or audit rows.
BEGIN;
SELECT plan(54);
GRANT ALL ON pg_temp.__tcache__ TO PUBLIC;
GRANT ALL ON ALL SEQUENCES IN SCHEMA pg_temp TO PUBLIC;
CREATE ROLE oa_m_app NOLOGIN IN ROLE officeauto_app;
CREATE ROLE oa_m_admin NOLOGIN IN ROLE officeauto_admin;
SELECT id AS acme FROM officeauto.organizations WHERE slug = 'acme' \gset
SELECT id AS carol FROM officeauto.users WHERE username = 'carol' \gset
SELECT min(id) AS client FROM officeauto.clients WHERE organization_id = :acme \gset
\set pp '''encryption_key'''
\set raw '''000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'''
-- err_text(q): the message and detail q fails with (or 'no error'), to look for secrets in.
CREATE FUNCTION pg_temp.err_text(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE m text; d text; h text;
BEGIN EXECUTE q; RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    RETURN m || ' ' || coalesce(d, '') || ' ' || coalesce(h, '');
END $$;
-- snapshot(): every credential value and key id, to prove a failed call changed nothing.
CREATE FUNCTION pg_temp.snapshot() RETURNS text LANGUAGE sql AS $$
    SELECT md5(string_agg(id || ':' || coalesce(encode(encrypted_value, 'hex'), '-') || ':' || coalesce(key_id, '-'), ',' ORDER BY id))
      FROM officeauto.credentials $$;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA pg_temp TO PUBLIC;
-- pgcrypto is absent until the import section installs it.
DROP EXTENSION IF EXISTS pgcrypto;

-- Passphrases, as the application calls the seed API.
SET LOCAL ROLE oa_m_app;
SELECT is(officeauto.decrypt_credential_value(officeauto.encrypt_credential_value('my_password', 'encryption_key'), 'encryption_key'),
          'my_password', 'seed 002''s encrypt_credential_value(''my_password'', ''encryption_key'') round-trips');
SELECT is(officeauto.decrypt_credential_value(officeauto.encrypt_credential_value(v, p), p), v, 'passphrase round trip: ' || d)
  FROM (VALUES ('', 'a long enough passphrase', 'empty value'),
               ('pässwörd 🔑 رمز', 'ĉu vi ŝatas ĉokoladon? 🔑', 'multibyte value and passphrase'),
               (repeat('x', 65536), 'correct horse battery staple', '64 KiB value')) AS t(v, p, d);
SELECT is(officeauto.decrypt_credential_value(officeauto.encrypt_credential_value('v', 'café au lait!'), 'cafe' || U&'\0301' || ' au lait!'), 'v',
          'a passphrase typed with a decomposed accent decrypts what the composed one encrypted (NFC)');
SELECT is(officeauto.decrypt_credential_value(officeauto.encrypt_credential_value('raw', :raw), :raw), 'raw',
          'a raw 256-bit key is still used as a key');
SELECT is(get_byte(officeauto.encrypt_credential_value('x', :pp), 1), 6,
          'a passphrase envelope says so: flags = caller-supplied key (2) + passphrase (4)');
SELECT is(get_byte(officeauto.encrypt_credential_value('x', :raw), 1), 2, 'a raw-key envelope keeps flags = 2');
SELECT is(substring(officeauto.encrypt_credential_value('x', :pp) FROM 12 FOR 11), '\x0100004c00000000020110'::bytea,
          'the envelope records argon2id, 19456 KiB, 2 passes, 1 lane and a 16-byte salt');
SELECT is(officeauto.credential_key_id(officeauto.encrypt_credential_value('x', :pp)), 'explicit',
          'a passphrase envelope names no server key');

-- Repeated calls: one derivation per passphrase and backend, then cached keys.
CREATE TEMP TABLE many AS
SELECT g, officeauto.encrypt_credential_value('value ' || g, 'encryption_key') AS c FROM generate_series(1, 40) g;
SELECT is(count(*) FILTER (WHERE officeauto.decrypt_credential_value(c, 'encryption_key') = 'value ' || g), 40::bigint,
          '40 values encrypted and decrypted with one passphrase in one statement each (cached key) all read back') FROM many;
SELECT is(count(DISTINCT substring(c FROM 23 FOR 16)), 1::bigint, 'this backend encrypts one passphrase under one salt') FROM many;
SELECT is(count(DISTINCT c), 40::bigint, '... with a fresh nonce for every value') FROM many;
SELECT isnt(substring(officeauto.encrypt_credential_value('x', 'another passphrase') FROM 23 FOR 16),
            (SELECT substring(c FROM 23 FOR 16) FROM many LIMIT 1), 'another passphrase gets another salt');
SELECT is(officeauto.decrypt_credential_value(c, 'encryption_key'), 'value 1', 'the cached key still decrypts after other passphrases were used')
  FROM many WHERE g = 1;

-- Envelopes written before this change.
SELECT is(officeauto.decrypt_credential_value(
              '\x0102086578706c696369740a0a0a0a0a0a0a0a0a0a0a0ac54738f1a9575a8451eaadc0f3d68e0587c5b066e40d05c1701fec8e'::bytea, :raw),
          'legacy-value', 'a raw-key envelope made by the earlier format (independent AES-GCM vector) still decrypts');

-- Wrong passphrase, altered envelopes.
SELECT throws_ok($$SELECT officeauto.decrypt_credential_value(c, 'encryption_kez') FROM many WHERE g = 1$$,
                 '28P01', 'decryption failed: wrong passphrase, or the value was altered', 'a wrong passphrase fails with 28P01');
SELECT throws_ok(format('SELECT officeauto.decrypt_credential_value(c, %L) FROM many WHERE g = 1', :raw),
                 '28P01', NULL, 'a raw key given for a passphrase envelope is taken as a (wrong) passphrase');
SELECT throws_ok($$SELECT officeauto.decrypt_credential_value(set_byte(c, 30, get_byte(c, 30) # 1), 'encryption_key') FROM many WHERE g = 1$$,
                 '28P01', NULL, 'a changed salt derives another key: the same answer');
SELECT throws_ok($$SELECT officeauto.decrypt_credential_value(set_byte(c, 12, 255), 'encryption_key') FROM many WHERE g = 1$$,
                 '22P03', NULL, 'an envelope asking for absurd argon2 memory is refused before any work (22P03)');
SELECT throws_ok($$SELECT officeauto.decrypt_credential_value(set_byte(c, 11, 9), 'encryption_key') FROM many WHERE g = 1$$,
                 '0A000', NULL, 'an unknown key derivation is refused (0A000)');
SELECT throws_ok(format('SELECT officeauto.decrypt_credential_value(officeauto.encrypt_credential_value(%L, %L), %L)', 'v', :raw, :pp),
                 '22023', NULL, 'a passphrase given for a raw-key envelope is refused (22023)');

-- Hostile keys: each with its own SQLSTATE, the backend stays.
SELECT throws_ok($$SELECT officeauto.encrypt_credential_value('v', NULL)$$, '22004', 'key must not be NULL', 'NULL key: 22004');
SELECT throws_ok($$SELECT officeauto.decrypt_credential_value(c, NULL) FROM many WHERE g = 1$$, '22004', NULL, 'NULL key on decryption: 22004');
SELECT is(officeauto.encrypt_credential_value(NULL, :pp), NULL, 'NULL value: NULL');
SELECT is(officeauto.decrypt_credential_value(NULL, :pp), NULL, 'NULL ciphertext: NULL');
SELECT throws_ok($$SELECT officeauto.encrypt_credential_value('v', '')$$, '22023', NULL, 'empty key: 22023');
SELECT throws_ok($$SELECT officeauto.encrypt_credential_value('v', 'elevenchars')$$, '22023', NULL, 'an 11-character passphrase: 22023');
SELECT lives_ok($$SELECT officeauto.encrypt_credential_value('v', 'twelve chars')$$, 'a 12-character passphrase is accepted');
SELECT throws_ok($$SELECT officeauto.encrypt_credential_value('v', repeat('k', 1048576))$$, '22023', NULL, '1 MB key: 22023');
SELECT throws_ok($$SELECT officeauto.decrypt_credential_value(c, repeat('k', 1048576)) FROM many WHERE g = 1$$, '22023', NULL,
                 '1 MB key on decryption: 22023');
SELECT throws_ok($$SELECT officeauto.encrypt_credential_value(repeat('x', 1048577), 'encryption_key')$$, '54000', NULL,
                 'a value over 1 MiB: 54000');
SELECT ok(pg_temp.err_text($$SELECT officeauto.decrypt_credential_value(c, 'Sup3r-S3cret-Phrase') FROM many WHERE g = 1$$) !~ 'Sup3r'
          AND pg_temp.err_text($$SELECT officeauto.encrypt_credential_value('do-not-leak', 'Sh0rt-S3c')$$) !~ '(Sh0rt|do-not-leak)'
          AND pg_temp.err_text($$SELECT officeauto.decrypt_credential_value(c, 'Sup3r-S3cret-Phrase') FROM many WHERE g = 1$$) !~ 'value 1',
          'errors carry neither the passphrase nor the plaintext');
RESET ROLE;

-- pgcrypto values copied from the seed schema, before pgcrypto is installed.
SET LOCAL ROLE oa_m_admin;
SELECT throws_ok($$SELECT officeauto.import_pgcrypto_credentials('encryption_key')$$, '55000', NULL,
                 'without pgcrypto the import refuses (55000)');
SELECT matches(pg_temp.err_text($$SELECT officeauto.import_pgcrypto_credentials('encryption_key')$$), 'CREATE EXTENSION pgcrypto',
               '... with a hint to CREATE EXTENSION pgcrypto');
RESET ROLE;
-- The seed's values, made by pgcrypto itself (in a schema of its own, as a DBA may install it).
CREATE SCHEMA seed_crypto;
CREATE EXTENSION pgcrypto SCHEMA seed_crypto;
CREATE TEMP TABLE seed_credentials AS
SELECT 'seed ' || g AS label, seed_crypto.pgp_sym_encrypt('seed-secret-' || g, 'encryption_key') AS encrypted_value
  FROM generate_series(1, 3) g
UNION ALL SELECT 'seed binary', seed_crypto.pgp_sym_encrypt_bytea(convert_to('seed-secret-b', 'UTF8'), 'encryption_key')
UNION ALL SELECT 'seed odd', seed_crypto.pgp_sym_encrypt('seed-secret-odd', 'another passphrase');
DROP EXTENSION pgcrypto;
-- Copied in as docs/migrating-from-seeds.md does it.
INSERT INTO officeauto.credentials (organization_id, client_id, label, encrypted_value)
SELECT :acme, :client, label, encrypted_value FROM seed_credentials;
SELECT is((SELECT count(*) FROM officeauto.credentials c JOIN seed_credentials s USING (label)
            WHERE c.encrypted_value = s.encrypted_value AND c.key_id IS NULL), 5::bigint,
          'pgcrypto values are stored as they are, with no key id, until imported');
SELECT is(officeauto.credential_key_id(encrypted_value), NULL, 'credential_key_id of a pgcrypto value is NULL')
  FROM seed_credentials WHERE label = 'seed 1';
SET LOCAL ROLE oa_m_app;
SELECT set_config('officeauto.organization_id', :'acme', true);
SELECT set_config('officeauto.user_id', :'carol', true);
SELECT throws_ok(format('SELECT officeauto.reveal_credential(%L::uuid)', (SELECT public_id FROM officeauto.credentials WHERE label = 'seed 1')),
                 '0A000', 'the value is a pgcrypto (pgp_sym_encrypt) ciphertext that has not been imported yet',
                 'revealing a value not imported yet: 0A000, saying what it is');
SELECT throws_ok($$SELECT officeauto.import_pgcrypto_credentials('encryption_key')$$, '42501', NULL,
                 'the application role may not import');
RESET ROLE;
CREATE EXTENSION pgcrypto SCHEMA seed_crypto;

-- All or nothing.
SELECT pg_temp.snapshot() AS before, (SELECT count(*) FROM officeauto.credential_audit_logs) AS audit_before \gset
SET LOCAL ROLE oa_m_admin;
SELECT throws_ok($$SELECT officeauto.import_pgcrypto_credentials('encryption_key')$$, '28P01',
                 '1 of 5 pgcrypto value(s) do not decrypt with this passphrase; nothing was imported',
                 'one value under another passphrase fails the import (28P01) and says how many');
SELECT throws_ok($$SELECT officeauto.import_pgcrypto_credentials('not the passphrase')$$, '28P01',
                 '5 of 5 pgcrypto value(s) do not decrypt with this passphrase; nothing was imported', 'a wrong passphrase fails for all');
RESET ROLE;
SELECT is(pg_temp.snapshot(), :'before', 'a failed import leaves every credential unchanged');
SELECT is((SELECT count(*) FROM officeauto.credential_audit_logs), :audit_before::bigint, '... and writes no audit row');
SELECT ok(pg_temp.err_text($$SELECT officeauto.import_pgcrypto_credentials('not the passphrase')$$) !~ '(seed-secret|not the passphrase)'
          AND pg_temp.err_text($$SELECT officeauto.import_pgcrypto_credentials('not the passphrase')$$)
              ~ (SELECT public_id::text FROM officeauto.credentials WHERE label = 'seed odd'),
          'the error names the failing rows by public id, never a value or the passphrase');
SET LOCAL ROLE oa_m_admin;
SELECT throws_ok($$SELECT officeauto.import_pgcrypto_credentials(NULL)$$, '22004', NULL, 'NULL passphrase: 22004');
SELECT throws_ok($$SELECT officeauto.import_pgcrypto_credentials('')$$, '22023', NULL, 'empty passphrase: 22023');
SELECT throws_ok($$SELECT officeauto.import_pgcrypto_credentials(repeat('k', 1048576))$$, '22023', NULL, '1 MB passphrase: 22023');
RESET ROLE;

-- The odd value is set again under officeauto; then the import succeeds.
UPDATE officeauto.credentials SET encrypted_value = officeauto.encrypt_credential_value('seed-secret-odd') WHERE label = 'seed odd';
SELECT max(id) AS audit_mark FROM officeauto.credential_audit_logs \gset
SET LOCAL ROLE oa_m_admin;
SELECT is(officeauto.import_pgcrypto_credentials('encryption_key'), 4::bigint, 'the administrator imports the 4 pgcrypto values');
SELECT is(officeauto.import_pgcrypto_credentials('encryption_key'), 0::bigint, 'a second run finds nothing left to import');
RESET ROLE;
SELECT is((SELECT count(*) FROM officeauto.credentials
            WHERE label LIKE 'seed %' AND key_id = (SELECT key_id FROM officeauto.credential_keys WHERE is_current)
              AND get_byte(encrypted_value, 1) & 1 = 1), 5::bigint,
          'every imported value is under the current server key and bound to its row');
SELECT is((SELECT array_agg(DISTINCT l.action || ':' || coalesce(l.metadata->'key_id'->>'from', 'none') || '->' || (l.metadata->'key_id'->>'to'))
                 || count(*)::text FROM officeauto.credential_audit_logs l WHERE l.id > :audit_mark),
          ARRAY(SELECT 'update:none->' || key_id FROM officeauto.credential_keys WHERE is_current) || '4'::text,
          'the import wrote one audit row per value: update, key id from none to the current key');
SELECT ok((SELECT bool_and(to_jsonb(l)::text !~ '(seed-secret|encryption_key)') FROM officeauto.credential_audit_logs l WHERE l.id > :audit_mark),
          'no audit row holds a plaintext or the passphrase');
SET LOCAL ROLE oa_m_app;
SELECT set_config('officeauto.organization_id', :'acme', true);
SELECT is(ARRAY(SELECT officeauto.reveal_credential(public_id) FROM officeauto.credentials WHERE label LIKE 'seed %' ORDER BY label),
          ARRAY['seed-secret-1', 'seed-secret-2', 'seed-secret-3', 'seed-secret-b', 'seed-secret-odd'],
          'imported values reveal as the seed stored them (text and bytea alike)');
RESET ROLE;
SELECT ok(NOT EXISTS (SELECT FROM pg_proc WHERE proname = 'import_pgcrypto_credentials'
                         AND has_function_privilege('officeauto_readonly', oid, 'EXECUTE')),
          'the readonly role may not import either');

SELECT * FROM finish();
ROLLBACK;
