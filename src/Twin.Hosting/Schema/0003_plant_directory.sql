-- Plant directories: one row per listing (plant, list, twin id), upserted one row at a time by the
-- directory grain (batched per round trip) and read in id order by keyset paging. Written by
-- Twin.Hosting.Providers.PostgresPlantDirectoryStore; kind numbers are Twin.Grains.Plants.ListingKind.
-- removed = true keeps the version of a listing that left its list (closed work order, consumed lot),
-- so a late, older update cannot bring it back.
CREATE TABLE IF NOT EXISTS twin_plant_directory (
    plant      text NOT NULL,
    kind       smallint NOT NULL,
    id         text COLLATE "C" NOT NULL,
    version    bigint NOT NULL,
    removed    boolean NOT NULL DEFAULT false,
    listing    jsonb,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (plant, kind, id)
) WITH (fillfactor = 90);  -- room on each page, so a changed listing is rewritten in place (HOT update)

-- Pages and counts skip removed rows without reading them. The listing is not in the index: a machine's status
-- change rewrites its listing, which then stays a HOT update that touches no index.
CREATE INDEX IF NOT EXISTS twin_plant_directory_listed
    ON twin_plant_directory (plant, kind, id) WHERE NOT removed;
