-- The overdue figure of any day without reading every open dossier (issue 5, at 10 million):
-- stat_due read row by row grows with the open dossiers. Here a dossier of stat_due adds n at its
-- due date and, if it was finished late, takes n back at the day it was finished; the dossiers
-- pending and overdue at the start of day D are then the sum of the flows of the days before D,
-- kept per day, per month and per year so that the sum reads few rows. period is yyyymmdd, yyyymm
-- or yyyy: the three never overlap.
CREATE TABLE stat_overdue_flow (
    period         INTEGER NOT NULL,
    unit_code      TEXT NOT NULL,
    competent_unit TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    channel        TEXT NOT NULL,
    n              BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (period, unit_code, competent_unit, procedure_code, channel)
);

-- What stat_due already holds; deltas not yet folded add theirs when they are.
INSERT INTO stat_overdue_flow (period, unit_code, competent_unit, procedure_code, channel, n)
SELECT period, unit_code, competent_unit, procedure_code, channel, SUM(n) FROM (
    SELECT due_day AS period, unit_code, competent_unit, procedure_code, channel, n FROM stat_due
    UNION ALL SELECT due_day / 100, unit_code, competent_unit, procedure_code, channel, n FROM stat_due
    UNION ALL SELECT due_day / 10000, unit_code, competent_unit, procedure_code, channel, n FROM stat_due
    UNION ALL SELECT state, unit_code, competent_unit, procedure_code, channel, -n FROM stat_due WHERE state > 0
    UNION ALL SELECT state / 100, unit_code, competent_unit, procedure_code, channel, -n FROM stat_due WHERE state > 0
    UNION ALL SELECT state / 10000, unit_code, competent_unit, procedure_code, channel, -n FROM stat_due WHERE state > 0
) flows
GROUP BY period, unit_code, competent_unit, procedure_code, channel
HAVING SUM(n) <> 0;
