-- ERP outbox: one row per ERP transaction of a plant, written by Twin.Hosting.Providers.PostgresErpOutboxStore.
-- status 0 = pending (payload = the transaction as JSON), 1 = booked (payload dropped; the key stays for dedup until
-- booked_at + Erp:Outbox:BookedKeyRetention), 2 = dead letter (payload kept with the ERP's reason, replayable).
-- The primary key is the dedup lookup: an append is INSERT ... ON CONFLICT DO NOTHING, so a redelivery is
-- "already known" without reading anything else. Partial indexes cover only the rows of one status, so the
-- "next due" and "oldest" probes cost the same at 10 or 10,000,000 rows.
CREATE TABLE IF NOT EXISTS twin_erp_outbox (
    plant       text NOT NULL,
    idem_key    text COLLATE "C" NOT NULL,
    seq         bigint GENERATED ALWAYS AS IDENTITY,
    status      smallint NOT NULL DEFAULT 0,
    payload     jsonb,
    enqueued_at timestamptz NOT NULL,
    due_at      timestamptz NOT NULL,
    attempts    integer NOT NULL DEFAULT 0,
    last_error  text,
    done_at     timestamptz,
    PRIMARY KEY (plant, idem_key)
);

-- Next due batch per plant (and the next due time after now).
CREATE INDEX IF NOT EXISTS twin_erp_outbox_due ON twin_erp_outbox (plant, due_at, seq) WHERE status = 0;
-- Oldest pending per plant (figures).
CREATE INDEX IF NOT EXISTS twin_erp_outbox_oldest ON twin_erp_outbox (plant, seq) WHERE status = 0;
-- Dead letters per plant, oldest first.
CREATE INDEX IF NOT EXISTS twin_erp_outbox_dead ON twin_erp_outbox (plant, seq) WHERE status = 2;
-- Booked keys past their retention.
CREATE INDEX IF NOT EXISTS twin_erp_outbox_booked ON twin_erp_outbox (plant, done_at) WHERE status = 1;

-- Per-plant counters, updated in the same statement as the rows they count (so figures are O(1)).
CREATE TABLE IF NOT EXISTS twin_erp_outbox_plant (
    plant          text PRIMARY KEY,
    pending        bigint NOT NULL DEFAULT 0,
    dead           bigint NOT NULL DEFAULT 0,
    posted         bigint NOT NULL DEFAULT 0,
    retried        bigint NOT NULL DEFAULT 0,
    dead_lettered  bigint NOT NULL DEFAULT 0,
    replayed       bigint NOT NULL DEFAULT 0,
    duplicates     bigint NOT NULL DEFAULT 0,
    not_for_erp    bigint NOT NULL DEFAULT 0,
    last_posted_at timestamptz
);
