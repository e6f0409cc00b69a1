-- Satisfaction figures (issue 5): ratings counted per day, unit, counter, officer, procedure,
-- channel and value, kept through the statistics' deltas like the other rollups.
CREATE TABLE stat_ratings (
    day            INTEGER NOT NULL,
    unit_code      TEXT NOT NULL,
    counter        TEXT NOT NULL,
    officer_id     BIGINT NOT NULL, -- 0: none recorded
    procedure_code TEXT NOT NULL,
    channel        TEXT NOT NULL,
    value          INTEGER NOT NULL,
    n              BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, unit_code, counter, officer_id, procedure_code, channel, value)
);
