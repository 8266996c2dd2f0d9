-- Twin schema version 1: the tables and named queries behind the Orleans ADO.NET providers
-- (clustering, grain storage, reminders, streams) on PostgreSQL.
--
-- The providers know nothing about our tables: at start they read their statements from
-- OrleansQuery (they issue exactly "SELECT QueryKey, QueryText FROM OrleansQuery"), bind
-- parameters by name (@DeploymentId, @GrainIdHash, ...) and read result columns by name.
-- Those keys, parameter names and result column names are the contract; everything else
-- (table names, keys, indexes) is ours. Tables use snake_case and every query aliases its
-- result columns to the names the providers read.
--
-- Applied by `dotnet run --project Silo -- db migrate` inside one transaction that holds an
-- advisory lock, so it never runs half-way or twice.

CREATE TABLE OrleansQuery
(
    QueryKey  varchar(64) PRIMARY KEY,
    QueryText text NOT NULL
);

-- ---------------------------------------------------------------------------------------
-- Clustering (membership). One version row per cluster acts as the table's ETag: every
-- change to a silo row must bump it in the same transaction, or fail as a whole.
-- ---------------------------------------------------------------------------------------
CREATE TABLE orleans_membership_version
(
    deployment_id varchar(150) PRIMARY KEY,
    changed_at    timestamptz NOT NULL DEFAULT now(),
    version       integer NOT NULL DEFAULT 0
);

CREATE TABLE orleans_membership
(
    deployment_id   varchar(150) NOT NULL REFERENCES orleans_membership_version ON DELETE CASCADE,
    address         varchar(45) NOT NULL,
    port            integer NOT NULL,
    generation      integer NOT NULL,
    silo_name       varchar(150) NOT NULL,
    host_name       varchar(150) NOT NULL,
    status          integer NOT NULL,
    proxy_port      integer NULL,
    suspect_times   text NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- Inserts a silo row and bumps the version only if the caller saw the current version.
-- Returns 1 on success, 0 when the version moved on or the row already exists (Orleans
-- then re-reads the table and retries).
CREATE FUNCTION twin_membership_insert(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_silo_name text, p_host_name text, p_status integer, p_proxy_port integer,
    p_start_time timestamptz, p_i_am_alive_time timestamptz, p_version integer)
RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name,
                                    status, proxy_port, start_time, i_am_alive_time)
    VALUES (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name,
            p_status, p_proxy_port, p_start_time, p_i_am_alive_time)
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleans_membership_version
    SET version = version + 1, changed_at = now()
    WHERE deployment_id = p_deployment_id AND version = p_version;
    IF NOT FOUND THEN
        -- Somebody else changed the table since the caller read it: undo our insert.
        RAISE EXCEPTION 'membership version moved on' USING ERRCODE = 'TW001';
    END IF;
    RETURN 1;
EXCEPTION WHEN SQLSTATE 'TW001' THEN
    RETURN 0;
END $$;

-- Updates a silo row (status, suspicions) under the same version rule as the insert.
CREATE FUNCTION twin_membership_update(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_status integer, p_suspect_times text, p_i_am_alive_time timestamptz, p_version integer)
RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    UPDATE orleans_membership_version
    SET version = version + 1, changed_at = now()
    WHERE deployment_id = p_deployment_id AND version = p_version;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleans_membership
    SET status = p_status, suspect_times = p_suspect_times, i_am_alive_time = p_i_am_alive_time
    WHERE deployment_id = p_deployment_id AND address = p_address
      AND port = p_port AND generation = p_generation;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'silo row missing' USING ERRCODE = 'TW001';
    END IF;
    RETURN 1;
EXCEPTION WHEN SQLSTATE 'TW001' THEN
    RETURN 0;
END $$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $q$
WITH inserted AS (
    INSERT INTO orleans_membership_version (deployment_id) VALUES (@DeploymentId)
    ON CONFLICT DO NOTHING
    RETURNING 1)
SELECT count(*)::integer FROM inserted
$q$),
('InsertMembershipKey', $q$
SELECT twin_membership_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
    @Status, @ProxyPort, @StartTime::timestamptz, @IAmAliveTime::timestamptz, @Version)
$q$),
('UpdateMembershipKey', $q$
SELECT twin_membership_update(@DeploymentId, @Address, @Port, @Generation, @Status,
    @SuspectTimes::text, @IAmAliveTime::timestamptz, @Version)
$q$),
('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_membership SET i_am_alive_time = @IAmAliveTime::timestamptz
WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$q$),
('MembershipReadRowKey', $q$
SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime,
       v.version AS Version
FROM orleans_membership_version v
LEFT JOIN orleans_membership m
       ON m.deployment_id = v.deployment_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId
$q$),
('MembershipReadAllKey', $q$
SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime,
       v.version AS Version
FROM orleans_membership_version v
LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId
$q$),
('GatewaysQueryKey', $q$
SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
FROM orleans_membership
WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0
$q$),
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId
$q$),
-- Rows of silos that stopped sending heartbeats before the cut-off and are not active.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime::timestamptz AND status <> 3
$q$);

-- ---------------------------------------------------------------------------------------
-- Grain storage. The row key is the grain's identity; "version" is the ETag the provider
-- hands back on every write. A NULL result from a write/clear tells the provider that the
-- ETag was stale (it raises InconsistentStateException).
-- ---------------------------------------------------------------------------------------
CREATE TABLE orleans_storage
(
    service_id         varchar(150) NOT NULL,
    grain_type         varchar(512) NOT NULL,
    grain_id_n0        bigint NOT NULL,
    grain_id_n1        bigint NOT NULL,
    grain_id_extension varchar(512) NOT NULL DEFAULT '',
    grain_type_hash    integer NOT NULL,
    grain_id_hash      integer NOT NULL,
    payload            bytea NULL,
    version            integer NOT NULL,
    modified_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $q$
SELECT payload AS PayloadBinary, version AS Version
FROM orleans_storage
WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension = coalesce(@GrainIdExtensionString::text, '')
  AND @GrainIdHash::integer IS NOT NULL AND @GrainTypeHash::integer IS NOT NULL
$q$),
-- First write (no ETag) inserts version 1 unless another activation got there first;
-- later writes bump the version only when the caller holds the current one.
('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE orleans_storage
    SET payload = @PayloadBinary, version = version + 1, modified_at = now()
    WHERE @GrainStateVersion::integer IS NOT NULL
      AND service_id = @ServiceId AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension = coalesce(@GrainIdExtensionString::text, '')
      AND version = @GrainStateVersion::integer
    RETURNING version),
inserted AS (
    INSERT INTO orleans_storage (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension,
                                 grain_type_hash, grain_id_hash, payload, version)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, coalesce(@GrainIdExtensionString::text, ''),
           @GrainTypeHash, @GrainIdHash, @PayloadBinary, 1
    WHERE @GrainStateVersion::integer IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version)
SELECT (SELECT version FROM updated UNION ALL SELECT version FROM inserted LIMIT 1) AS NewGrainStateVersion
$q$),
('ClearStorageKey', $q$
UPDATE orleans_storage
SET payload = NULL, version = version + 1, modified_at = now()
WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension = coalesce(@GrainIdExtensionString::text, '')
  AND version = @GrainStateVersion::integer
  AND @GrainIdHash::integer IS NOT NULL AND @GrainTypeHash::integer IS NOT NULL
RETURNING version AS NewGrainStateVersion
$q$),
('DeleteStorageKey', $q$
DELETE FROM orleans_storage
WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension = coalesce(@GrainIdExtensionString::text, '')
  AND version = @GrainStateVersion::integer
  AND @GrainIdHash::integer IS NOT NULL AND @GrainTypeHash::integer IS NOT NULL
RETURNING version + 1 AS NewGrainStateVersion
$q$);

-- ---------------------------------------------------------------------------------------
-- Reminders. grain_hash places the reminder on the silo ring; a range that wraps around
-- (begin >= end) uses ReadRangeRows2Key.
-- ---------------------------------------------------------------------------------------
CREATE TABLE orleans_reminder
(
    service_id    varchar(150) NOT NULL,
    grain_id      varchar(150) NOT NULL,
    reminder_name varchar(150) NOT NULL,
    start_time    timestamptz NOT NULL,
    period_ms     bigint NOT NULL,
    grain_hash    integer NOT NULL,
    version       integer NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);
CREATE INDEX orleans_reminder_ring ON orleans_reminder (service_id, grain_hash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpsertReminderRowKey', $q$
INSERT INTO orleans_reminder (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime::timestamptz, @Period::bigint, @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET start_time = excluded.start_time, period_ms = excluded.period_ms, grain_hash = excluded.grain_hash,
    version = orleans_reminder.version + 1
RETURNING version AS Version
$q$),
('ReadReminderRowsKey', $q$
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period, version AS Version
FROM orleans_reminder
WHERE service_id = @ServiceId AND grain_id = @GrainId
$q$),
('ReadReminderRowKey', $q$
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period, version AS Version
FROM orleans_reminder
WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
$q$),
('ReadRangeRows1Key', $q$
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period, version AS Version
FROM orleans_reminder
WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash
$q$),
('ReadRangeRows2Key', $q$
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period_ms AS Period, version AS Version
FROM orleans_reminder
WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
$q$),
('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM orleans_reminder
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
      AND version = @Version
    RETURNING 1)
SELECT count(*)::integer FROM deleted
$q$),
('DeleteReminderRowsKey', $q$
DELETE FROM orleans_reminder WHERE service_id = @ServiceId
$q$);

-- ---------------------------------------------------------------------------------------
-- Streams. A queue is (service, provider, queue). A dequeued message stays in the table,
-- invisible for the visibility timeout, until its receiver confirms it with the dequeue
-- count it saw (a receipt, so a stale receiver cannot confirm a redelivered message).
-- Messages that expire or exceed MaxAttempts move to the dead-letter table.
-- ---------------------------------------------------------------------------------------
CREATE TABLE orleans_stream_message
(
    service_id  varchar(150) NOT NULL,
    provider_id varchar(150) NOT NULL,
    queue_id    varchar(150) NOT NULL,
    message_id  bigint GENERATED ALWAYS AS IDENTITY,
    dequeued    integer NOT NULL DEFAULT 0,
    visible_on  timestamptz NOT NULL DEFAULT now(),
    expires_on  timestamptz NOT NULL,
    created_on  timestamptz NOT NULL DEFAULT now(),
    modified_on timestamptz NOT NULL DEFAULT now(),
    payload     bytea NOT NULL,
    PRIMARY KEY (service_id, provider_id, queue_id, message_id)
);

CREATE TABLE orleans_stream_dead_letter
(
    service_id  varchar(150) NOT NULL,
    provider_id varchar(150) NOT NULL,
    queue_id    varchar(150) NOT NULL,
    message_id  bigint NOT NULL,
    dequeued    integer NOT NULL,
    visible_on  timestamptz NOT NULL,
    expires_on  timestamptz NOT NULL,
    created_on  timestamptz NOT NULL,
    modified_on timestamptz NOT NULL,
    dead_on     timestamptz NOT NULL,
    remove_on   timestamptz NOT NULL,
    payload     bytea NULL,
    PRIMARY KEY (service_id, provider_id, queue_id, message_id)
);

-- When each queue is next due for housekeeping (moving dead messages, dropping old dead letters).
CREATE TABLE orleans_stream_housekeeping
(
    service_id  varchar(150) NOT NULL,
    provider_id varchar(150) NOT NULL,
    queue_id    varchar(150) NOT NULL,
    due_on      timestamptz NOT NULL,
    PRIMARY KEY (service_id, provider_id, queue_id)
);

CREATE FUNCTION twin_stream_evict_messages(
    p_service_id text, p_provider_id text, p_queue_id text,
    p_max_count integer, p_max_attempts integer, p_removal_timeout integer)
RETURNS void LANGUAGE sql AS $$
    WITH batch AS (
        SELECT message_id FROM orleans_stream_message
        WHERE service_id = p_service_id AND provider_id = p_provider_id AND queue_id = p_queue_id
          AND visible_on <= now() AND (dequeued >= p_max_attempts OR expires_on <= now())
        ORDER BY message_id
        LIMIT p_max_count
        FOR UPDATE SKIP LOCKED),
    moved AS (
        DELETE FROM orleans_stream_message m USING batch b
        WHERE m.service_id = p_service_id AND m.provider_id = p_provider_id AND m.queue_id = p_queue_id
          AND m.message_id = b.message_id
        RETURNING m.*)
    INSERT INTO orleans_stream_dead_letter (service_id, provider_id, queue_id, message_id, dequeued, visible_on,
                                            expires_on, created_on, modified_on, dead_on, remove_on, payload)
    SELECT service_id, provider_id, queue_id, message_id, dequeued, visible_on, expires_on, created_on,
           modified_on, now(), now() + make_interval(secs => p_removal_timeout), payload
    FROM moved
    ON CONFLICT DO NOTHING;
$$;

CREATE FUNCTION twin_stream_evict_dead_letters(
    p_service_id text, p_provider_id text, p_queue_id text, p_max_count integer)
RETURNS void LANGUAGE sql AS $$
    DELETE FROM orleans_stream_dead_letter
    WHERE service_id = p_service_id AND provider_id = p_provider_id AND queue_id = p_queue_id
      AND message_id IN (
        SELECT message_id FROM orleans_stream_dead_letter
        WHERE service_id = p_service_id AND provider_id = p_provider_id AND queue_id = p_queue_id
          AND remove_on <= now()
        ORDER BY message_id
        LIMIT p_max_count
        FOR UPDATE SKIP LOCKED);
$$;

-- Hands out the next visible messages of a queue and, at most once per eviction interval
-- across all silos, does the queue's housekeeping first.
CREATE FUNCTION twin_stream_dequeue(
    p_service_id text, p_provider_id text, p_queue_id text, p_max_count integer, p_max_attempts integer,
    p_visibility_timeout integer, p_removal_timeout integer, p_eviction_interval integer, p_eviction_batch integer)
RETURNS TABLE ("ServiceId" text, "ProviderId" text, "QueueId" text, "MessageId" bigint, "Dequeued" integer,
               "VisibleOn" timestamptz, "ExpiresOn" timestamptz, "CreatedOn" timestamptz,
               "ModifiedOn" timestamptz, "Payload" bytea)
LANGUAGE plpgsql AS $$
DECLARE
    v_housekeeping_due boolean := false;
BEGIN
    UPDATE orleans_stream_housekeeping
    SET due_on = now() + make_interval(secs => p_eviction_interval)
    WHERE service_id = p_service_id AND provider_id = p_provider_id AND queue_id = p_queue_id
      AND due_on <= now();
    IF FOUND THEN
        v_housekeeping_due := true;
    ELSE
        INSERT INTO orleans_stream_housekeeping (service_id, provider_id, queue_id, due_on)
        VALUES (p_service_id, p_provider_id, p_queue_id, now() + make_interval(secs => p_eviction_interval))
        ON CONFLICT DO NOTHING;
        v_housekeeping_due := FOUND;
    END IF;

    IF v_housekeeping_due THEN
        PERFORM twin_stream_evict_messages(p_service_id, p_provider_id, p_queue_id,
                                           p_eviction_batch, p_max_attempts, p_removal_timeout);
        PERFORM twin_stream_evict_dead_letters(p_service_id, p_provider_id, p_queue_id, p_eviction_batch);
    END IF;

    RETURN QUERY
    WITH batch AS (
        SELECT message_id FROM orleans_stream_message
        WHERE service_id = p_service_id AND provider_id = p_provider_id AND queue_id = p_queue_id
          AND dequeued < p_max_attempts AND visible_on <= now() AND expires_on > now()
        ORDER BY message_id
        LIMIT p_max_count
        FOR UPDATE SKIP LOCKED)
    UPDATE orleans_stream_message m
    SET dequeued = m.dequeued + 1,
        visible_on = now() + make_interval(secs => p_visibility_timeout),
        modified_on = now()
    FROM batch b
    WHERE m.service_id = p_service_id AND m.provider_id = p_provider_id AND m.queue_id = p_queue_id
      AND m.message_id = b.message_id
    RETURNING m.service_id::text, m.provider_id::text, m.queue_id::text, m.message_id, m.dequeued,
              m.visible_on, m.expires_on, m.created_on, m.modified_on, m.payload;
END $$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('QueueStreamMessageKey', $q$
INSERT INTO orleans_stream_message (service_id, provider_id, queue_id, expires_on, payload)
VALUES (@ServiceId, @ProviderId, @QueueId, now() + make_interval(secs => @ExpiryTimeout), @Payload)
RETURNING service_id AS ServiceId, provider_id AS ProviderId, queue_id AS QueueId, message_id AS MessageId
$q$),
('GetStreamMessagesKey', $q$
SELECT * FROM twin_stream_dequeue(@ServiceId, @ProviderId, @QueueId, @MaxCount, @MaxAttempts,
    @VisibilityTimeout, @RemovalTimeout, @EvictionInterval, @EvictionBatchSize)
$q$),
-- @Items is "messageId:dequeued|..." as receipts. A positive receipt confirms (deletes) the
-- message; a negative one releases it for immediate redelivery (queue hand-over between silos).
('ConfirmStreamMessagesKey', $q$
WITH receipts AS (
    SELECT split_part(item, ':', 1)::bigint AS message_id, split_part(item, ':', 2)::integer AS dequeued
    FROM unnest(string_to_array(@Items::text, '|')) AS item),
released AS (
    UPDATE orleans_stream_message m
    SET visible_on = now(), modified_on = now()
    FROM receipts r
    WHERE r.dequeued < 0 AND m.dequeued = -r.dequeued AND m.message_id = r.message_id
      AND m.service_id = @ServiceId AND m.provider_id = @ProviderId AND m.queue_id = @QueueId
    RETURNING m.service_id, m.provider_id, m.queue_id, m.message_id),
confirmed AS (
    DELETE FROM orleans_stream_message m
    USING receipts r
    WHERE r.dequeued > 0 AND m.dequeued = r.dequeued AND m.message_id = r.message_id
      AND m.service_id = @ServiceId AND m.provider_id = @ProviderId AND m.queue_id = @QueueId
    RETURNING m.service_id, m.provider_id, m.queue_id, m.message_id)
SELECT service_id AS ServiceId, provider_id AS ProviderId, queue_id AS QueueId, message_id AS MessageId FROM released
UNION ALL
SELECT service_id, provider_id, queue_id, message_id FROM confirmed
$q$),
-- A failed delivery becomes visible again, or goes to dead letters once out of attempts.
('FailStreamMessageKey', $q$
WITH retried AS (
    UPDATE orleans_stream_message
    SET visible_on = now(), modified_on = now()
    WHERE service_id = @ServiceId AND provider_id = @ProviderId AND queue_id = @QueueId
      AND message_id = @MessageId AND dequeued < @MaxAttempts
    RETURNING 1),
moved AS (
    DELETE FROM orleans_stream_message
    WHERE service_id = @ServiceId AND provider_id = @ProviderId AND queue_id = @QueueId
      AND message_id = @MessageId AND dequeued >= @MaxAttempts
    RETURNING *)
INSERT INTO orleans_stream_dead_letter (service_id, provider_id, queue_id, message_id, dequeued, visible_on,
                                        expires_on, created_on, modified_on, dead_on, remove_on, payload)
SELECT service_id, provider_id, queue_id, message_id, dequeued, visible_on, expires_on, created_on,
       modified_on, now(), now() + make_interval(secs => @RemovalTimeout), payload
FROM moved
ON CONFLICT DO NOTHING
$q$),
('EvictStreamMessagesKey', $q$
SELECT twin_stream_evict_messages(@ServiceId, @ProviderId, @QueueId, @MaxCount, @MaxAttempts, @RemovalTimeout)
$q$),
('EvictStreamDeadLettersKey', $q$
SELECT twin_stream_evict_dead_letters(@ServiceId, @ProviderId, @QueueId, @MaxCount)
$q$);
