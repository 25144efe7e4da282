-- Sample data for the demo. The data model (tables, views) lands with the data-model issue;
-- until then the extension holds functions only and there is nothing to load.
SELECT 1 AS sample_data_pending_data_model \gset
