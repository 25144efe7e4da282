-- Credential encryption: the keyring, row binding, audited reveal, key rotation, and the
-- credential access log. The cryptography is native (src/crypto.rs); this file holds the
-- keyring table and the SQL-level orchestration.

-- Request metadata recorded in audit rows (native, src/origin.rs): an address or agent the
-- transaction set, else the authenticated session's, so a pooled request never records the
-- pool's address or a value an earlier request left in a setting.
COMMENT ON FUNCTION officeauto.current_client_ip() IS
    'Client address of the current request: officeauto.client_ip if this transaction set it, else the address the authenticated session was opened with (login''s p_ip), else the database connection''s. Asserted by the application, not verified.';
COMMENT ON FUNCTION officeauto.current_user_agent() IS
    'User agent of the current request: officeauto.user_agent if this transaction set it, else the authenticated session''s (login''s p_user_agent); at most 1024 characters. Asserted by the application, not verified.';

-- The acting user as recorded against a row of organization org: NULL when the request's user
-- belongs to another organization (an administrator working across tenants), whose id is then
-- kept in the log row's metadata instead of a cross-tenant reference.
CREATE FUNCTION officeauto._actor_for(org bigint) RETURNS bigint
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
RETURN (SELECT u.id FROM officeauto.users u WHERE u.id = officeauto.current_user_id() AND u.organization_id = org);
REVOKE ALL ON FUNCTION officeauto._actor_for(bigint) FROM PUBLIC;
COMMENT ON FUNCTION officeauto._actor_for(bigint) IS
    'Internal: the request''s user if it belongs to organization org, else NULL.';

-- Not a tenant table: one keyring serves the whole database. Rows hold data keys wrapped by
-- the master key, so they are safe in a dump and useless without the server's key.
CREATE TABLE officeauto.credential_keys (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key_id       text NOT NULL UNIQUE CHECK (key_id ~ '^[A-Za-z0-9._-]{1,64}$' AND key_id <> 'explicit'),
    wrapped_key  bytea NOT NULL,
    is_current   boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now(),
    created_by   text NOT NULL DEFAULT current_user
);
CREATE UNIQUE INDEX credential_keys_current_key ON officeauto.credential_keys (is_current) WHERE is_current;
SELECT officeauto._setup_table('officeauto.credential_keys', NULL);
COMMENT ON TABLE officeauto.credential_keys IS 'Keyring of credential data keys, each wrapped (AES-256-GCM) by the server''s master key; exactly one is current. Key ids are never reused and key material never changes.';
COMMENT ON COLUMN officeauto.credential_keys.wrapped_key IS 'The data key encrypted under the master key (envelope format 1).';

-- A key id must always name the same key: backends cache unwrapped keys by id, and old values
-- name their key by id. Deleting a key still in use is refused by the foreign key below.
CREATE FUNCTION officeauto.tg_credential_keys_immutable() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    same boolean := true;
BEGIN
    -- Re-wrapping (a master-key change) is the one allowed change of wrapped_key: the new
    -- wrapping must hold the very same data key.
    IF NEW.wrapped_key IS DISTINCT FROM OLD.wrapped_key THEN
        BEGIN
            same := officeauto._wraps_same_key(OLD.key_id, OLD.wrapped_key, NEW.wrapped_key);
        EXCEPTION WHEN OTHERS THEN
            same := false;
        END;
    END IF;
    IF NEW.key_id IS DISTINCT FROM OLD.key_id OR NOT same THEN
        RAISE EXCEPTION 'credential key "%" cannot be changed', OLD.key_id
            USING ERRCODE = '55000', HINT = 'Add a new key with officeauto.add_credential_key() instead.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION officeauto.tg_credential_keys_immutable() IS
    'BEFORE UPDATE trigger on credential_keys: key ids and key material are immutable (only is_current may change).';
CREATE TRIGGER immutable_key BEFORE UPDATE ON officeauto.credential_keys
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_credential_keys_immutable();

-- credentials.key_id names the data key of the stored value (NULL for no value or a
-- caller-supplied key); a key still in use cannot be deleted.
ALTER TABLE officeauto.credentials ADD CONSTRAINT credentials_key_id_fkey
    FOREIGN KEY (key_id) REFERENCES officeauto.credential_keys (key_id);
CREATE INDEX credentials_key_id_idx ON officeauto.credentials (key_id) WHERE key_id IS NOT NULL;

-- Binds every stored value to its row: a value encrypted with encrypt_credential_value(text)
-- is re-encrypted on write with the row's organization and public id as associated data, so a
-- ciphertext copied onto another row no longer decrypts. Keeps key_id in step.
CREATE FUNCTION officeauto.tg_credentials_seal() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF officeauto._is_restoring() THEN
        RETURN NEW;  -- dumped values are already bound; the target may not even hold the key
    END IF;
    IF NEW.encrypted_value IS NULL THEN
        NEW.key_id := NULL;
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.encrypted_value IS NOT DISTINCT FROM OLD.encrypted_value
       AND (NEW.organization_id, NEW.public_id) IS DISTINCT FROM (OLD.organization_id, OLD.public_id) THEN
        -- The row's identity changed under an unchanged value: move the binding with it.
        NEW.encrypted_value := officeauto._seal_credential(
            officeauto._open_credential(OLD.encrypted_value, OLD.organization_id, OLD.public_id),
            NEW.organization_id, NEW.public_id);
    ELSE
        NEW.encrypted_value := officeauto._reseal_credential(NEW.encrypted_value, NEW.organization_id, NEW.public_id);
    END IF;
    NEW.key_id := nullif(officeauto.credential_key_id(NEW.encrypted_value), 'explicit');
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION officeauto.tg_credentials_seal() IS
    'BEFORE INSERT/UPDATE trigger on credentials: binds the encrypted value to its row (re-encrypting under the current key when needed) and sets key_id.';
CREATE TRIGGER seal_value BEFORE INSERT OR UPDATE OF encrypted_value, organization_id, public_id ON officeauto.credentials
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_credentials_seal();

-- Creating, changing and deleting credentials is logged in credential_audit_logs with the
-- request's actor, address and user agent. The secret itself is never logged, only the fact
-- that it changed (and under which key).
CREATE FUNCTION officeauto.tg_credentials_audit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    act text;
    meta jsonb := '{}';
    r record;
BEGIN
    IF officeauto._is_restoring() THEN
        RETURN NULL;  -- the dump already holds the log rows of the restored credentials
    END IF;
    IF TG_OP = 'INSERT' THEN
        act := 'create';
        r := NEW;
    ELSIF TG_OP = 'DELETE' THEN
        act := 'delete';
        r := OLD;
    ELSE
        r := NEW;
        act := CASE WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN 'delete' ELSE 'update' END;
        meta := jsonb_strip_nulls(jsonb_build_object(
            'changed', (SELECT jsonb_agg(n.key ORDER BY n.key)
                          FROM jsonb_each(to_jsonb(NEW)) n JOIN jsonb_each(to_jsonb(OLD)) o USING (key)
                         WHERE n.value IS DISTINCT FROM o.value
                           AND n.key NOT IN ('updated_at', 'version')),
            'key_id', CASE WHEN NEW.key_id IS DISTINCT FROM OLD.key_id
                           THEN jsonb_build_object('from', OLD.key_id, 'to', NEW.key_id) END));
        IF meta->'changed' IS NULL THEN
            RETURN NULL;  -- nothing but bookkeeping changed
        END IF;
    END IF;
    IF officeauto.current_user_id() IS DISTINCT FROM officeauto._actor_for(r.organization_id) THEN
        meta := meta || jsonb_build_object('actor_user_id', officeauto.current_user_id());
    END IF;
    INSERT INTO officeauto.credential_audit_logs
        (organization_id, credential_id, credential_public_id, user_id, action, ip_address, user_agent, metadata)
    VALUES (r.organization_id, CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE r.id END, r.public_id,
            officeauto._actor_for(r.organization_id), act, officeauto.current_client_ip(), officeauto.current_user_agent(), meta);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION officeauto.tg_credentials_audit() IS
    'AFTER trigger on credentials: writes create/update/delete rows to credential_audit_logs (never the secret).';
CREATE TRIGGER audit_access AFTER INSERT OR UPDATE OR DELETE ON officeauto.credentials
    FOR EACH ROW EXECUTE FUNCTION officeauto.tg_credentials_audit();

-- Decrypts one credential of the caller's organization and records the 'decrypt' in
-- credential_audit_logs, in the same transaction (no reveal without its log row).
CREATE FUNCTION officeauto.reveal_credential(credential_public_id uuid) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    c record;
    plain text;
BEGIN
    -- No reveal without its log row, and a standby can write none: refused before decrypting.
    PERFORM officeauto._require_primary('reveal_credential');
    IF credential_public_id IS NULL THEN
        RAISE EXCEPTION 'credential id must not be NULL' USING ERRCODE = '22023';
    END IF;
    -- Definer rights bypass row-level security, so the organization check is explicit: a
    -- public id of another organization fails exactly like one that exists nowhere.
    SELECT id, organization_id, public_id, encrypted_value, created_by INTO c
      FROM officeauto.credentials
     WHERE public_id = credential_public_id AND deleted_at IS NULL
       AND organization_id = officeauto._tenant();
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no credential %', credential_public_id USING ERRCODE = 'P0002',
              DETAIL = 'It does not exist, or the caller may not see it.';
    END IF;
    PERFORM officeauto._require_permission('CREDENTIAL', 'READ', NULL, c.created_by = officeauto.current_user_id(),
                                           'reveal_credential');
    IF c.encrypted_value IS NULL THEN
        RETURN NULL;
    END IF;
    plain := officeauto._open_credential(c.encrypted_value, c.organization_id, c.public_id);
    INSERT INTO officeauto.credential_audit_logs
        (organization_id, credential_id, credential_public_id, user_id, action, ip_address, user_agent)
    VALUES (c.organization_id, c.id, c.public_id, officeauto._actor_for(c.organization_id), 'decrypt',
            officeauto.current_client_ip(), officeauto.current_user_agent());
    RETURN plain;
END
$$;
COMMENT ON FUNCTION officeauto.reveal_credential(uuid) IS
    'Decrypts a credential of the current organization, named by its public id, with the server key (needs CREDENTIAL READ) and logs a ''decrypt'' row (actor, ip, user agent) in credential_audit_logs; P0002 for a credential the caller cannot see (another organization''s fails like an unknown one). officeauto_app and officeauto_admin only.';

-- Re-encrypts values not yet under the current data key, in batches. Rows another transaction
-- holds are skipped (SKIP LOCKED) rather than waited for; the work of each call is kept when
-- the caller commits, so an interrupted rotation resumes where it stopped. A value that no
-- longer authenticates (tampered, or copied from another row) cannot be re-encrypted: it is
-- left as it is and reported in a WARNING, instead of failing the whole rotation. Returns rows
-- re-encrypted; 0 means done.
CREATE FUNCTION officeauto.rotate_credential_keys(batch_size integer DEFAULT 1000, max_rows bigint DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    cur text;
    ids bigint[];
    one bigint;
    n bigint;
    total bigint := 0;
    failed bigint[] := '{}';
BEGIN
    IF batch_size IS NULL OR batch_size < 1 OR batch_size > 100000 THEN
        RAISE EXCEPTION 'batch_size must be between 1 and 100000, got %', batch_size USING ERRCODE = '22023';
    END IF;
    SELECT key_id INTO cur FROM officeauto.credential_keys WHERE is_current;
    IF cur IS NULL THEN
        RETURN 0;
    END IF;
    LOOP
        SELECT array_agg(id) INTO ids FROM (
            SELECT id FROM officeauto.credentials
             WHERE key_id IS NOT NULL AND key_id <> cur AND id <> ALL (failed)
             ORDER BY id
             LIMIT least(batch_size, coalesce(max_rows - total, batch_size))
               FOR UPDATE SKIP LOCKED) b;
        EXIT WHEN ids IS NULL;
        BEGIN
            UPDATE officeauto.credentials c
               SET encrypted_value = officeauto._reseal_credential(c.encrypted_value, c.organization_id, c.public_id)
             WHERE c.id = ANY (ids);
            GET DIAGNOSTICS n = ROW_COUNT;
        EXCEPTION WHEN data_corrupted OR invalid_binary_representation OR undefined_object THEN
            -- Find the culprits one by one; the rest of the batch still rotates.
            n := 0;
            FOREACH one IN ARRAY ids LOOP
                BEGIN
                    UPDATE officeauto.credentials c
                       SET encrypted_value = officeauto._reseal_credential(c.encrypted_value, c.organization_id, c.public_id)
                     WHERE c.id = one;
                    n := n + 1;
                EXCEPTION WHEN data_corrupted OR invalid_binary_representation OR undefined_object THEN
                    failed := failed || one;
                END;
            END LOOP;
        END;
        total := total + n;
        EXIT WHEN max_rows IS NOT NULL AND total >= max_rows;
    END LOOP;
    IF cardinality(failed) > 0 THEN
        RAISE WARNING '% credential value(s) could not be re-encrypted because they do not authenticate (credential ids: %)',
            cardinality(failed), array_to_string(failed[1:20], ', ')
            USING HINT = 'The values were altered or copied from another row; set them again.';
    END IF;
    RETURN total;
END
$$;
COMMENT ON FUNCTION officeauto.rotate_credential_keys(integer, bigint) IS
    'Re-encrypts every credential not under the current data key, batch_size rows at a time (at most max_rows per call), skipping rows locked by others. Returns the number re-encrypted; call again until it returns 0. Values under older keys stay readable meanwhile.';

COMMENT ON FUNCTION officeauto.encrypt_credential_value(text) IS
    'Encrypts a value under the server''s current data key (AES-256-GCM envelope). Stored in credentials.encrypted_value it is bound to its row on write.';
COMMENT ON FUNCTION officeauto.encrypt_credential_value(text, text) IS
    'Encrypts a value under a caller-supplied key: a raw 256-bit key when written exactly as 64 hex digits or as padded base64 (44 characters ending in =), or else a passphrase of 12 to 1024 bytes (at least 12 characters), stretched with argon2id (19 MiB, 2 passes, 1 lane; salt and parameters stored in the envelope). The server cannot decrypt it. NULL value: NULL; NULL key: 22004; a short or oversized key: 22023.';
COMMENT ON FUNCTION officeauto.decrypt_credential_value(bytea) IS
    'Decrypts a value made by encrypt_credential_value(text) that is not bound to a row. officeauto_admin only; applications use reveal_credential().';
COMMENT ON FUNCTION officeauto.decrypt_credential_value(bytea, text) IS
    'Decrypts a value made by encrypt_credential_value(text, key) with the same key or passphrase (the envelope says which). A wrong passphrase: 28P01; derivation parameters above 64 MiB, 4 passes or 4 lanes: 22P03. NULL ciphertext: NULL; NULL key: 22004.';
COMMENT ON FUNCTION officeauto._seal_credential(text, bigint, uuid) IS 'Internal: encrypts a value bound to one credential row.';
COMMENT ON FUNCTION officeauto._open_credential(bytea, bigint, uuid) IS 'Internal: decrypts the value of one credential row.';
COMMENT ON FUNCTION officeauto._reseal_credential(bytea, bigint, uuid) IS 'Internal: re-encrypts a credential value under the current key, bound to its row.';
COMMENT ON FUNCTION officeauto.credential_key_id(bytea) IS 'The key id named by a credential ciphertext (''explicit'' for a caller-supplied key or passphrase; NULL for a pgcrypto value not imported yet).';
COMMENT ON FUNCTION officeauto.add_credential_key(text, boolean) IS
    'Adds a random data key wrapped by the master key (id generated when NULL) and by default makes it current. officeauto_admin only. Follow with rotate_credential_keys().';

-- Makes an existing key the one new values are encrypted under (e.g. to stage a key with
-- add_credential_key(id, false) and switch later, or to switch back).
CREATE FUNCTION officeauto.activate_credential_key(key_id text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM officeauto.credential_keys k WHERE k.key_id = activate_credential_key.key_id) THEN
        RAISE EXCEPTION 'unknown credential key id "%"', key_id USING ERRCODE = '42704';
    END IF;
    -- Two steps: the unique index on the current flag is checked row by row.
    UPDATE officeauto.credential_keys k SET is_current = false
     WHERE k.is_current AND k.key_id <> activate_credential_key.key_id;
    UPDATE officeauto.credential_keys k SET is_current = true
     WHERE k.key_id = activate_credential_key.key_id AND NOT k.is_current;
END
$$;
COMMENT ON FUNCTION officeauto.activate_credential_key(text) IS
    'Makes an existing data key current (new values are encrypted under it). officeauto_admin only. Follow with rotate_credential_keys().';

REVOKE ALL ON FUNCTION officeauto.activate_credential_key(text) FROM PUBLIC;
COMMENT ON FUNCTION officeauto.rewrap_credential_keys() IS
    'After a master-key change (new key in officeauto.master_key_file, old one in officeauto.master_key_previous_file): wraps every data key under the new master key; returns how many. officeauto_admin only.';
COMMENT ON FUNCTION officeauto._wraps_same_key(text, bytea, bytea) IS 'Internal (keyring trigger): whether two wrappings hold the same data key.';
REVOKE ALL ON FUNCTION officeauto.rewrap_credential_keys(), officeauto._wraps_same_key(text, bytea, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto.rewrap_credential_keys() TO officeauto_admin;
GRANT EXECUTE ON FUNCTION officeauto.activate_credential_key(text) TO officeauto_admin;

REVOKE ALL ON FUNCTION officeauto._seal_credential(text, bigint, uuid), officeauto._open_credential(bytea, bigint, uuid),
                       officeauto._reseal_credential(bytea, bigint, uuid), officeauto.decrypt_credential_value(bytea),
                       officeauto.add_credential_key(text, boolean), officeauto.rotate_credential_keys(integer, bigint),
                       officeauto.reveal_credential(uuid),
                       officeauto.tg_credentials_seal(), officeauto.tg_credentials_audit()
  FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto.reveal_credential(uuid)
   TO officeauto_app, officeauto_admin;
GRANT EXECUTE ON FUNCTION officeauto.decrypt_credential_value(bytea), officeauto.add_credential_key(text, boolean),
                          officeauto.rotate_credential_keys(integer, bigint)
   TO officeauto_admin;
SELECT officeauto._grant_table('officeauto.credential_keys', 'none', false);

-- Migration from seed 002: its scripts stored credentials.encrypted_value as pgcrypto
-- pgp_sym_encrypt() messages under one passphrase. Rows an administrator copies over keep such
-- a value as it is (the seal trigger lets complete OpenPGP message headers through unchanged,
-- key_id NULL, from superuser and officeauto_admin logins only) until an administrator
-- imports them here: decrypted with pgcrypto, re-encrypted under the current server data key
-- and bound to their row, all in the caller's transaction. All or nothing: a value with an
-- S2K count above pgcrypto's defaults (refused before any decryption), one that does not
-- decrypt with the passphrase, or one that is not UTF-8 text fails the call with the public
-- ids of those rows, and nothing changes. Imported rows are server-key envelopes, so a second
-- call skips them. The call refuses to run while a log setting would write its text (and so
-- the passphrase) to the server log after it ends.
CREATE FUNCTION officeauto.import_pgcrypto_credentials(passphrase text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    hidden boolean := officeauto._hide_statement();  -- the call carries the passphrase
    logging text;
    crypto_schema name;
    decrypt_sql text;
    c record;
    raw bytea;
    plain text;
    total bigint := 0;
    imported bigint := 0;
    failed uuid[] := '{}';
    not_text uuid[] := '{}';
    ids uuid[];
BEGIN
    PERFORM officeauto._require_primary('import_pgcrypto_credentials');
    IF passphrase IS NULL THEN
        RAISE EXCEPTION 'passphrase must not be NULL' USING ERRCODE = '22004';
    END IF;
    IF passphrase = '' OR octet_length(passphrase) > 1024 THEN
        RAISE EXCEPTION 'invalid value for passphrase: it must be 1 to 1024 bytes' USING ERRCODE = '22023';
    END IF;
    -- Settings that log a statement's text once it has run (hiding the STATEMENT line of
    -- errors does not cover them). log_statement logs before the call runs, too late to refuse.
    logging := CASE
        WHEN current_setting('log_min_duration_statement') <> '-1' THEN 'log_min_duration_statement'
        WHEN current_setting('log_min_duration_sample') <> '-1'
             AND current_setting('log_statement_sample_rate')::float8 > 0 THEN 'log_min_duration_sample'
        WHEN current_setting('log_transaction_sample_rate')::float8 > 0 THEN 'log_transaction_sample_rate'
        -- Only when auto_explain is loaded: a placeholder for it (not in pg_settings) logs nothing.
        WHEN EXISTS (SELECT FROM pg_settings WHERE name = 'auto_explain.log_min_duration' AND setting <> '-1')
             THEN 'auto_explain.log_min_duration'
    END;
    IF logging IS NOT NULL THEN
        RAISE EXCEPTION 'import_pgcrypto_credentials does not run while % would write the statement, and with it the passphrase, to the server log', logging
            USING ERRCODE = '55000',
                  HINT = format('Turn it off for this session with SET %s = %s (a superuser or a role granted SET on it may), then call again; see docs/migrating-from-seeds.md.',
                                logging, CASE logging WHEN 'log_transaction_sample_rate' THEN '0' ELSE '-1' END);
    END IF;
    SELECT n.nspname INTO crypto_schema
      FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'pgcrypto';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'import_pgcrypto_credentials needs the pgcrypto extension in this database to read pgp_sym_encrypt values'
            USING ERRCODE = '55000',
                  HINT = 'Run CREATE EXTENSION pgcrypto (it ships with PostgreSQL''s contrib), call again, and drop it afterwards if nothing else uses it.';
    END IF;
    -- A decryption hashes the passphrase S2K-count bytes before it can fail: refuse counts
    -- pgcrypto's defaults never write, before decrypting anything.
    SELECT array_agg(public_id ORDER BY id) INTO ids FROM officeauto.credentials
     WHERE key_id IS NULL AND officeauto._pgcrypto_s2k_count(encrypted_value) > officeauto._pgcrypto_max_s2k_count();
    IF ids IS NOT NULL THEN
        RAISE EXCEPTION '% pgcrypto value(s) ask for an S2K count above the % pgcrypto writes by default; nothing was imported',
                        cardinality(ids), officeauto._pgcrypto_max_s2k_count()
            USING ERRCODE = '22P03',
                  DETAIL = 'Credential public ids: ' || array_to_string(ids[1:20], ', ')
                           || CASE WHEN cardinality(ids) > 20 THEN ', ...' ELSE '' END || '.',
                  HINT = 'The seed scripts did not write these values: set them again (or remove them) before the import.';
    END IF;
    -- _bytea, not pgp_sym_decrypt: it also reads values the seed stored with
    -- pgp_sym_encrypt_bytea; the text must still be UTF-8.
    decrypt_sql := format('SELECT %I.pgp_sym_decrypt_bytea($1, $2)', crypto_schema);
    FOR c IN SELECT id, organization_id, public_id, encrypted_value FROM officeauto.credentials
              WHERE key_id IS NULL AND officeauto._pgcrypto_s2k_count(encrypted_value) IS NOT NULL
              ORDER BY id
                FOR UPDATE
    LOOP
        total := total + 1;
        BEGIN
            EXECUTE decrypt_sql INTO raw USING c.encrypted_value, passphrase;
        EXCEPTION WHEN SQLSTATE '39000' THEN
            -- pgcrypto's "Wrong key or corrupt data": counted, not repeated. Any other error
            -- (out of memory, a cancel) ends the call as it is.
            failed := failed || c.public_id;
            CONTINUE;
        END;
        BEGIN
            plain := convert_from(raw, 'UTF8');
        EXCEPTION WHEN character_not_in_repertoire THEN
            not_text := not_text || c.public_id;
            CONTINUE;
        END;
        UPDATE officeauto.credentials
           SET encrypted_value = officeauto._seal_credential(plain, c.organization_id, c.public_id)
         WHERE id = c.id;
        imported := imported + 1;
    END LOOP;
    raw := NULL;
    plain := NULL;
    -- Raising undoes every row this call changed.
    IF cardinality(failed) > 0 THEN
        RAISE EXCEPTION '% of % pgcrypto value(s) do not decrypt with this passphrase; nothing was imported',
                        cardinality(failed), total
            USING ERRCODE = '28P01',
                  DETAIL = 'Credential public ids: ' || array_to_string(failed[1:20], ', ')
                           || CASE WHEN cardinality(failed) > 20 THEN ', ...' ELSE '' END || '.',
                  HINT = 'Check the passphrase. Values encrypted under another passphrase must be set again (or removed) before the import.';
    END IF;
    IF cardinality(not_text) > 0 THEN
        RAISE EXCEPTION '% of % pgcrypto value(s) decrypt but are not UTF-8 text; nothing was imported',
                        cardinality(not_text), total
            USING ERRCODE = '22021',
                  DETAIL = 'Credential public ids: ' || array_to_string(not_text[1:20], ', ')
                           || CASE WHEN cardinality(not_text) > 20 THEN ', ...' ELSE '' END || '.',
                  HINT = 'Credential values are text: set these again (or remove them) before the import.';
    END IF;
    RETURN imported;
END
$$;
COMMENT ON FUNCTION officeauto.import_pgcrypto_credentials(text) IS
    'Re-encrypts every credential value that is still a pgcrypto pgp_sym_encrypt message (copied from the seed 002 schema) under the current server data key, bound to its row; needs the pgcrypto extension (55000 otherwise). All or nothing, naming the rows: an S2K count above pgcrypto''s defaults (22P03, before decrypting), a value that does not decrypt with the passphrase (28P01) or is not UTF-8 (22021) fails the call and changes nothing. Refuses (55000) while log_min_duration_statement, log_min_duration_sample, log_transaction_sample_rate or auto_explain.log_min_duration would log the call. Returns the number imported; a second call returns 0. officeauto_admin only.';
COMMENT ON FUNCTION officeauto._pgcrypto_s2k_count(bytea) IS
    'Internal (import_pgcrypto_credentials): the S2K count of a pgcrypto pgp_sym_encrypt message (0 without iteration); NULL for anything else.';
COMMENT ON FUNCTION officeauto._pgcrypto_max_s2k_count() IS
    'Internal (import_pgcrypto_credentials): the largest S2K count pgcrypto writes by default, the most the import accepts.';
REVOKE ALL ON FUNCTION officeauto._pgcrypto_s2k_count(bytea), officeauto._pgcrypto_max_s2k_count() FROM PUBLIC;
REVOKE ALL ON FUNCTION officeauto.import_pgcrypto_credentials(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION officeauto.import_pgcrypto_credentials(text) TO officeauto_admin;
