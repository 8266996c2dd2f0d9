-- Twin state of live twins (machines, work orders, lots, locations): one row per grain and state name,
-- written by Twin's group-commit grain storage (Storage/PostgresTwinStateStorage.cs). Many grains' writes
-- share one transaction, so a plant of thousands of machines costs a few commits (and fsyncs) per
-- second instead of one per write.
CREATE TABLE twin_grain_state
(
    service_id  text        NOT NULL,
    grain_id    text        NOT NULL,
    state_name  text        NOT NULL,
    etag        bigint      NOT NULL,
    payload     bytea       NOT NULL,
    modified_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, grain_id, state_name)
);
