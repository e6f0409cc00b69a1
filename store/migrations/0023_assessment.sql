-- Circular 01/2018's assessment (issue 5). stat_rounds: the dossiers solved each month by how
-- many supplements were asked of the applicant (0, 1, 2 meaning two or more), kept by the
-- transition that solves them. assessment_entries: what only the unit knows, entered by its
-- manager for a month (criteria 5 to 8).
CREATE TABLE stat_rounds (
    month          INTEGER NOT NULL,
    unit_code      TEXT NOT NULL,
    competent_unit TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    rounds         INTEGER NOT NULL,
    n              BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (month, unit_code, competent_unit, procedure_code, rounds)
);

CREATE TABLE assessment_entries (
    unit_code  TEXT NOT NULL REFERENCES units(code),
    month      INTEGER NOT NULL, -- yyyymm
    key        TEXT NOT NULL,
    value      BIGINT NOT NULL,
    entered_by BIGINT NOT NULL REFERENCES users(id),
    entered_at BIGINT NOT NULL,
    PRIMARY KEY (unit_code, month, key)
);
