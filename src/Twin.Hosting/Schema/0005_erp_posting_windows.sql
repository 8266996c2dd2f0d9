-- ERP posting windows (docs/erp-outbox.md): source events of an open window are staged, one row each, and sealed into
-- one document of twin_erp_outbox when the window closes. Written by Twin.Hosting.Providers.PostgresErpOutboxStore.
-- The primary key is the dedup lookup of a source event; document_key is null while the window is open, then the key of
-- the document the source was sealed into (the payload is dropped then: the document carries the sum). Sealed rows stay
-- until their document's booked key is forgotten (Erp:Outbox:BookedKeyRetention), and go in the same statement.
CREATE TABLE IF NOT EXISTS twin_erp_staged (
    plant        text NOT NULL,
    source_key   text COLLATE "C" NOT NULL,
    seq          bigint GENERATED ALWAYS AS IDENTITY,
    group_key    text NOT NULL,
    payload      jsonb,
    staged_at    timestamptz NOT NULL,
    document_key text COLLATE "C",
    PRIMARY KEY (plant, source_key)
);

-- Open sources per plant in staging order (re-read on activation): only the open window, however big the history.
CREATE INDEX IF NOT EXISTS twin_erp_staged_open ON twin_erp_staged (plant, seq) WHERE document_key IS NULL;
-- Sources of a document (forgotten with its booked key).
CREATE INDEX IF NOT EXISTS twin_erp_staged_document ON twin_erp_staged (plant, document_key) WHERE document_key IS NOT NULL;

-- How many source events a document carries (rows written before this script carry one each), and the counters.
ALTER TABLE twin_erp_outbox ADD COLUMN IF NOT EXISTS sources integer NOT NULL DEFAULT 1;
ALTER TABLE twin_erp_outbox_plant
    ADD COLUMN IF NOT EXISTS staged bigint NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS sources_booked bigint NOT NULL DEFAULT 0;
