-- officeauto: foundation objects shared by every domain.
COMMENT ON SCHEMA officeauto IS
    'officeauto: office-automation back end (identity, sessions, work, documents, CRM, projects, audit).';

COMMENT ON FUNCTION officeauto.uuid_generate_v7() IS
    'RFC 9562 version 7 UUID (Unix ms timestamp + sub-ms precision + 62 random bits), strictly increasing within a backend; default of every public_id.';
COMMENT ON FUNCTION officeauto.current_organization_id() IS
    'Organization id of the current transaction''s request context, or NULL; read by every row-level security policy.';
COMMENT ON FUNCTION officeauto.current_user_id() IS
    'Acting user id of the current transaction''s request context, or NULL when anonymous.';
