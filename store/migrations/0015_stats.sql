-- Statistics kept current in every transition's own transaction (issue 5): counts per day and per
-- month for each (receiving unit, competent unit, procedure, channel), the dossiers open now per
-- the same key, and a histogram of processing times. A dossier counts for the units that received
-- it and that are competent for it, as the dossier listing filters them.

CREATE TABLE stat_days (
    day            INTEGER NOT NULL, -- yyyymmdd, Vietnam time
    unit_code      TEXT NOT NULL,
    competent_unit TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    channel        TEXT NOT NULL,
    received       BIGINT NOT NULL DEFAULT 0,
    early          BIGINT NOT NULL DEFAULT 0,
    on_time        BIGINT NOT NULL DEFAULT 0,
    late           BIGINT NOT NULL DEFAULT 0,
    withdrawn      BIGINT NOT NULL DEFAULT 0,
    refused        BIGINT NOT NULL DEFAULT 0,
    stopped        BIGINT NOT NULL DEFAULT 0,
    supplements    BIGINT NOT NULL DEFAULT 0,
    work_millidays BIGINT NOT NULL DEFAULT 0, -- processing time of the solved, in thousandths of a working day
    legal_millidays BIGINT NOT NULL DEFAULT 0, -- their legal time, likewise
    PRIMARY KEY (day, unit_code, competent_unit, procedure_code, channel)
);

CREATE TABLE stat_months (
    month          INTEGER NOT NULL, -- yyyymm
    unit_code      TEXT NOT NULL,
    competent_unit TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    channel        TEXT NOT NULL,
    received       BIGINT NOT NULL DEFAULT 0,
    early          BIGINT NOT NULL DEFAULT 0,
    on_time        BIGINT NOT NULL DEFAULT 0,
    late           BIGINT NOT NULL DEFAULT 0,
    withdrawn      BIGINT NOT NULL DEFAULT 0,
    refused        BIGINT NOT NULL DEFAULT 0,
    stopped        BIGINT NOT NULL DEFAULT 0,
    supplements    BIGINT NOT NULL DEFAULT 0,
    work_millidays BIGINT NOT NULL DEFAULT 0,
    legal_millidays BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (month, unit_code, competent_unit, procedure_code, channel)
);

CREATE TABLE stat_open (
    unit_code      TEXT NOT NULL,
    competent_unit TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    channel        TEXT NOT NULL,
    n              BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_code, competent_unit, procedure_code, channel)
);

CREATE TABLE stat_durations (
    month          INTEGER NOT NULL,
    unit_code      TEXT NOT NULL,
    competent_unit TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    quarter_days   INTEGER NOT NULL, -- processing time in quarters of a working day, capped at 400
    n              BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (month, unit_code, competent_unit, procedure_code, quarter_days)
);
