-- Overdue figures without scanning dossiers: each received dossier whose due date matters is
-- counted by (its key, due date, state) — state 0 running, -1 paused after its due instant
-- (overdue), -2 paused before it, or the date it was finished when that was after its due date.
-- A dossier finished by its due date drops out: it can never be pending and overdue.

CREATE TABLE stat_due (
    unit_code      TEXT NOT NULL,
    competent_unit TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    channel        TEXT NOT NULL,
    due_day        INTEGER NOT NULL,
    state          INTEGER NOT NULL,
    n              BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (due_day, state, unit_code, competent_unit, procedure_code, channel)
);
CREATE INDEX stat_due_state ON stat_due(state, due_day);

-- The running dossiers due today: the only ones the live figure reads from dossiers.
CREATE INDEX dossiers_running_due ON dossiers(due_at) WHERE status IN (2, 4);
