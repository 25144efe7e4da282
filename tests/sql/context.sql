BEGIN;
SELECT plan(3);
SELECT is(officeauto.current_organization_id(), NULL, 'no organization context by default');
SET LOCAL officeauto.organization_id = '17';
SELECT is(officeauto.current_organization_id(), 17::bigint, 'organization context is read from the transaction');
SET LOCAL officeauto.organization_id = 'not-a-number';
SELECT throws_ok('SELECT officeauto.current_organization_id()', '22023', NULL, 'a malformed context is rejected with 22023');
SELECT * FROM finish();
ROLLBACK;
