-- A transition records what it changes in the statistics as one row here, in its own
-- transaction; FoldStats adds the rows up into the rollups in batches (a worker every second,
-- and before any figure is read), so a transition pays one insert, not a dozen upserts.
CREATE TABLE stat_deltas (
    id  {{IDENTITY}},
    at  BIGINT NOT NULL,
    ops TEXT NOT NULL
);
