-- Webhook delivery queues: one row per message of a subscription (queue = '{plant}/{subscription id}'), written by
-- Twin.Hosting.Providers.PostgresWebhookQueueStore before the stream event is let go, like the ERP outbox.
-- status 0 = pending, 1 = delivered (kept for the delivery log up to Twin:Webhooks:DeliveredLogSize per queue),
-- 2 = dead letter (kept with the receiver's answer, replayable). The primary key drops a redelivered stream event
-- (ON CONFLICT DO NOTHING); seq orders the messages, and each twin's (twin_key) go out in seq order.
CREATE TABLE IF NOT EXISTS twin_webhook_queue (
    queue           text COLLATE "C" NOT NULL,
    message_id      text COLLATE "C" NOT NULL,
    seq             bigint GENERATED ALWAYS AS IDENTITY,
    twin_key        text COLLATE "C" NOT NULL,
    event_type      text NOT NULL,
    body            text NOT NULL,
    status          smallint NOT NULL DEFAULT 0,
    enqueued_at     timestamptz NOT NULL,
    due_at          timestamptz NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    last_attempt_at timestamptz,
    delivered_at    timestamptz,
    last_status     integer,
    last_answer     text,
    PRIMARY KEY (queue, message_id)
);

-- First pending message per twin (what may go next) and the oldest pending.
CREATE INDEX IF NOT EXISTS twin_webhook_queue_pending ON twin_webhook_queue (queue, twin_key, seq) WHERE status = 0;
-- The delivery log, newest first, and trimming delivered rows.
CREATE INDEX IF NOT EXISTS twin_webhook_queue_log ON twin_webhook_queue (queue, seq);

-- Per-queue counters, updated in the same statement as the rows they count.
CREATE TABLE IF NOT EXISTS twin_webhook_queue_counts (
    queue             text COLLATE "C" PRIMARY KEY,
    delivered         bigint NOT NULL DEFAULT 0,
    retried           bigint NOT NULL DEFAULT 0,
    duplicates        bigint NOT NULL DEFAULT 0,
    last_delivered_at timestamptz
);
