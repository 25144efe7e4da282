-- Credential encryption as a client uses it: round trips, every error class with its SQLSTATE,
-- row binding, audited reveal under row-level security, and key rotation.
BEGIN;
SELECT plan(40);
GRANT ALL ON pg_temp.__tcache__ TO PUBLIC;
GRANT ALL ON ALL SEQUENCES IN SCHEMA pg_temp TO PUBLIC;
CREATE ROLE oa_t_app NOLOGIN IN ROLE officeauto_app;
CREATE ROLE oa_t_ro NOLOGIN IN ROLE officeauto_readonly;
CREATE ROLE oa_t_admin NOLOGIN IN ROLE officeauto_admin;
SELECT id AS acme FROM officeauto.organizations WHERE slug = 'acme' \gset
SELECT id AS carol FROM officeauto.users WHERE username = 'carol' \gset
SELECT id AS erp, public_id AS erp_pub FROM officeauto.credentials WHERE label = 'ERP API' \gset
SELECT id AS sftp, public_id AS sftp_pub FROM officeauto.credentials WHERE label = 'SFTP drop' \gset
SELECT id AS lims, public_id AS lims_pub FROM officeauto.credentials WHERE label = 'LIMS' \gset
\set k1 '''000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'''
\set k2 '''ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100'''

-- Round trips.
SELECT is(officeauto.decrypt_credential_value(officeauto.encrypt_credential_value(v)), v, 'server key round trip: ' || d)
  FROM (VALUES ('', 'empty'), ('hunter2', 'ASCII'), ('pässwörd 🔑 رمز', 'multibyte'), (repeat('x', 65536), '64 KiB')) AS t(v, d);
SELECT is(officeauto.decrypt_credential_value(officeauto.encrypt_credential_value(v, :k1), :k1), v, 'explicit key round trip: ' || d)
  FROM (VALUES ('', 'empty'), ('pässwörd 🔑', 'multibyte'), (repeat('y', 65536), '64 KiB')) AS t(v, d);
SELECT isnt(officeauto.encrypt_credential_value('same'), officeauto.encrypt_credential_value('same'),
            'encrypting the same value twice gives different ciphertexts (fresh nonce)');
SELECT is(get_byte(officeauto.encrypt_credential_value('v'), 0), 1, 'envelopes start with format version 1');

-- Every error class has its own SQLSTATE; no message contains the plaintext or a key.
CREATE TEMP TABLE env AS SELECT officeauto.encrypt_credential_value('do-not-leak') AS c;
GRANT SELECT ON env TO PUBLIC;
SELECT throws_ok($$SELECT officeauto.decrypt_credential_value(set_byte(c, length(c) - 1, get_byte(c, length(c) - 1) # 1)) FROM env$$,
                 'XX001', NULL, 'a tampered byte fails authentication (XX001)');
SELECT throws_ok($$SELECT officeauto.decrypt_credential_value(substring(c FROM 1 FOR 20)) FROM env$$,
                 '22P03', NULL, 'a truncated envelope is rejected (22P03)');
SELECT throws_ok($$SELECT officeauto.decrypt_credential_value(set_byte(c, 0, 9)) FROM env$$,
                 '0A000', NULL, 'an unknown format version is rejected (0A000)');
SELECT throws_ok($$SELECT officeauto.decrypt_credential_value(overlay(c PLACING 'zz'::bytea FROM 4 FOR 2)) FROM env$$,
                 '42704', NULL, 'an unknown key id is rejected (42704)');
SELECT throws_ok(format('SELECT officeauto.decrypt_credential_value(officeauto.encrypt_credential_value(%L, %L), %L)', 'v', :k1, :k2),
                 'XX001', NULL, 'the wrong explicit key fails authentication (XX001)');
SELECT throws_ok($$SELECT officeauto.encrypt_credential_value('v', 'horse')$$,
                 '22023', NULL, 'a passphrase under 12 characters is not accepted as a key (22023)');
SELECT throws_ok($$SELECT officeauto.encrypt_credential_value(repeat('x', 1048577))$$,
                 '54000', NULL, 'a value over 1 MiB is refused (54000)');
CREATE FUNCTION pg_temp.err_text(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE m text; d text;
BEGIN EXECUTE q; RETURN 'no error';
EXCEPTION WHEN OTHERS THEN GET STACKED DIAGNOSTICS m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL; RETURN m || coalesce(d, '');
END $$;
SELECT ok(pg_temp.err_text($$SELECT officeauto.decrypt_credential_value(set_byte(c, 30, 0)) FROM env$$) !~ 'do-not-leak'
          AND pg_temp.err_text(format('SELECT officeauto.decrypt_credential_value(officeauto.encrypt_credential_value(%L, %L), %L)', 'v', :k1, :k2)) !~* '(ffeedd|000102)',
          'error messages carry neither the plaintext nor the key');

-- Stored values are bound to their row.
SELECT is((SELECT get_byte(encrypted_value, 1) & 1 FROM officeauto.credentials WHERE id = :erp), 1,
          'a stored value is bound to its row (flag bit 0)');
SELECT throws_ok(format('SELECT officeauto.decrypt_credential_value(encrypted_value) FROM officeauto.credentials WHERE id = %s', :erp),
                 '22023', NULL, 'a row-bound value cannot be decrypted outside reveal_credential()');
UPDATE officeauto.credentials SET encrypted_value = (SELECT encrypted_value FROM officeauto.credentials WHERE id = :sftp)
 WHERE id = :erp;

SET LOCAL ROLE oa_t_app;
SELECT set_config('officeauto.organization_id', :'acme', true);
SELECT set_config('officeauto.user_id', :'carol', true);
SELECT set_config('officeauto.client_ip', '203.0.113.7', true);
SELECT set_config('officeauto.user_agent', 'pgTAP', true);
SELECT throws_ok(format('SELECT officeauto.reveal_credential(%L)', :'erp_pub'), 'XX001', NULL,
                 'a ciphertext copied from another row fails to decrypt');
SELECT is(officeauto.reveal_credential(:'sftp_pub'), 'demo-sftp-drop-secret', 'reveal_credential decrypts for the app role');
SELECT is((SELECT ARRAY[user_id::text, host(ip_address), user_agent] FROM officeauto.credential_audit_logs
            WHERE credential_id = :sftp AND action = 'decrypt' ORDER BY id DESC LIMIT 1),
          ARRAY[:'carol', '203.0.113.7', 'pgTAP'], '... and logs a decrypt row with actor, ip and user agent');
SELECT throws_ok(format('SELECT officeauto.reveal_credential(%L)', :'lims_pub'), 'P0002', format('no credential %s', :'lims_pub'),
                 'another organization''s credential cannot be revealed');
SELECT throws_ok(format('SELECT officeauto.decrypt_credential_value(%L::bytea)', '\x01'), '42501', NULL,
                 'the app role may not call decrypt_credential_value(bytea) with the server key');
INSERT INTO officeauto.credentials (organization_id, client_id, label, encrypted_value)
SELECT :acme, client_id, 'New login', officeauto.encrypt_credential_value('fresh') FROM officeauto.credentials WHERE id = :sftp;
SELECT is(officeauto.reveal_credential(public_id), 'fresh', 'a credential inserted by the app with encrypt_credential_value() reveals')
  FROM officeauto.credentials WHERE label = 'New login';
UPDATE officeauto.credentials SET username = 'renamed' WHERE label = 'New login';
UPDATE officeauto.credentials SET deleted_at = now() WHERE label = 'New login';
SELECT is(ARRAY(SELECT action FROM officeauto.credential_audit_logs l JOIN officeauto.credentials c ON c.public_id = l.credential_public_id
                 WHERE c.label = 'New login' ORDER BY l.id),
          ARRAY['create', 'decrypt', 'update', 'delete'], 'create, update and delete are logged by trigger');
SELECT ok((SELECT metadata::text !~ 'fresh' FROM officeauto.credential_audit_logs ORDER BY id DESC LIMIT 1),
          'audit rows never contain the secret');
SELECT is((SELECT decrypt_count::int FROM officeauto.credential_audit_summary WHERE credential_id = :sftp), 2,
          'credential_audit_summary counts the reveal');
RESET ROLE;
SET LOCAL ROLE oa_t_ro;
SELECT throws_ok(format('SELECT officeauto.reveal_credential(%L)', :'sftp_pub'), '42501', NULL, 'the readonly role may not reveal');
RESET ROLE;

-- Key rotation (as officeauto_admin).
SET LOCAL ROLE oa_t_admin;
SELECT count(*) AS k1_rows FROM officeauto.credentials WHERE key_id IS NOT NULL \gset
SELECT is(officeauto.add_credential_key('k-rot'), 'k-rot', 'an admin adds a data key and makes it current');
SELECT is((SELECT key_id FROM officeauto.credential_keys WHERE is_current), 'k-rot', '... it is the only current key');
SELECT is(officeauto.add_credential_key('k-staged', false), 'k-staged', 'a key can be staged without making it current');
SELECT lives_ok($$SELECT officeauto.activate_credential_key('k-staged'); SELECT officeauto.activate_credential_key('k-rot')$$,
                'an admin switches the current key');
SELECT throws_ok($$SELECT officeauto.activate_credential_key('no-such-key')$$, '42704', NULL, 'activating an unknown key id fails');
SELECT is(officeauto.decrypt_credential_value(c), 'do-not-leak', 'values under the older key still decrypt') FROM env;
SELECT is(officeauto.rotate_credential_keys(2), :k1_rows - 1::bigint,
          'rotation re-encrypts every value under an older key, skipping (with a warning) the one that does not authenticate');
SELECT is(officeauto.rotate_credential_keys(), 0::bigint, 'a second rotation has nothing left to do');
SELECT is(ARRAY(SELECT id FROM officeauto.credentials WHERE key_id IS DISTINCT FROM 'k-rot' AND encrypted_value IS NOT NULL),
          ARRAY[:erp]::bigint[], 'every stored value is under the new key except the corrupted one');
RESET ROLE;
SELECT set_config('officeauto.organization_id', :'acme', true);
SELECT is(officeauto.reveal_credential(:'sftp_pub'), 'demo-sftp-drop-secret', 'values read back unchanged after rotation');
SELECT throws_ok($$UPDATE officeauto.credential_keys SET wrapped_key = '\x00' WHERE key_id = 'k1'$$, '55000', NULL,
                 'key material in the keyring cannot be changed');

SELECT * FROM finish();
ROLLBACK;
