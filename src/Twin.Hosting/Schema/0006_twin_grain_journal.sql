-- Journal rows of twin grain state (Storage/PostgresTwinStateStorage.cs, Twin.Grains IJournaledGrainState): the
-- append-only parts of a twin (request ledger = stream 0, history = stream 1) as one row each, written in the same
-- statement as the twin's state row and only when its version check passes. A work order's report costs one
-- outcome row and one history line instead of a rewrite of up to 1,000 outcomes and 200 lines (98-177 KB).
-- Rows that left the twin's bounds are deleted with the write that pushed them out, so a grain keeps about
-- its bounds' worth of rows.
CREATE TABLE twin_grain_journal
(
    service_id text     NOT NULL,
    grain_id   text     NOT NULL,
    state_name text     NOT NULL,
    stream     smallint NOT NULL,
    seq        bigint   NOT NULL,
    payload    bytea    NOT NULL,
    PRIMARY KEY (service_id, grain_id, state_name, stream, seq)
);
