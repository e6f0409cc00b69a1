-- Where dossiers get late (issue 5): the working time each step took, per month, unit acting,
-- procedure and step — a histogram for medians and p90, totals against the step's budget — and,
-- for each dossier finished late, the step that overran its budget most and who completed it.

CREATE TABLE stat_step_times (
    month          INTEGER NOT NULL,
    unit_code      TEXT NOT NULL, -- the unit that acted in the step
    procedure_code TEXT NOT NULL,
    step_key       TEXT NOT NULL,
    bucket         INTEGER NOT NULL, -- store.stepBucket of the working minutes
    n              BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (month, unit_code, procedure_code, step_key, bucket)
);

CREATE TABLE stat_step_totals (
    month          INTEGER NOT NULL,
    unit_code      TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    step_key       TEXT NOT NULL,
    n              BIGINT NOT NULL DEFAULT 0,
    over_budget    BIGINT NOT NULL DEFAULT 0,
    work_minutes   BIGINT NOT NULL DEFAULT 0,
    budget_minutes BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (month, unit_code, procedure_code, step_key)
);

CREATE TABLE stat_late_causes (
    month          INTEGER NOT NULL, -- when the late dossier finished
    unit_code      TEXT NOT NULL,    -- the unit that acted in the step that overran most
    procedure_code TEXT NOT NULL,
    step_key       TEXT NOT NULL,
    actor_id       BIGINT NOT NULL DEFAULT 0, -- who completed that step (0: unknown)
    n              BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (month, unit_code, procedure_code, step_key, actor_id)
);
