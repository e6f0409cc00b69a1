-- Statistics: rollups kept in each transition's transaction, and the summaries read from them.

-- name: stat-day-add
INSERT INTO stat_days (day, unit_code, competent_unit, procedure_code, channel, received, early, on_time, late,
    withdrawn, refused, stopped, supplements, work_millidays, legal_millidays)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
ON CONFLICT (day, unit_code, competent_unit, procedure_code, channel) DO UPDATE SET
    received = stat_days.received + excluded.received, early = stat_days.early + excluded.early,
    on_time = stat_days.on_time + excluded.on_time, late = stat_days.late + excluded.late,
    withdrawn = stat_days.withdrawn + excluded.withdrawn, refused = stat_days.refused + excluded.refused,
    stopped = stat_days.stopped + excluded.stopped, supplements = stat_days.supplements + excluded.supplements,
    work_millidays = stat_days.work_millidays + excluded.work_millidays,
    legal_millidays = stat_days.legal_millidays + excluded.legal_millidays

-- name: stat-month-add
INSERT INTO stat_months (month, unit_code, competent_unit, procedure_code, channel, received, early, on_time, late,
    withdrawn, refused, stopped, supplements, work_millidays, legal_millidays)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
ON CONFLICT (month, unit_code, competent_unit, procedure_code, channel) DO UPDATE SET
    received = stat_months.received + excluded.received, early = stat_months.early + excluded.early,
    on_time = stat_months.on_time + excluded.on_time, late = stat_months.late + excluded.late,
    withdrawn = stat_months.withdrawn + excluded.withdrawn, refused = stat_months.refused + excluded.refused,
    stopped = stat_months.stopped + excluded.stopped, supplements = stat_months.supplements + excluded.supplements,
    work_millidays = stat_months.work_millidays + excluded.work_millidays,
    legal_millidays = stat_months.legal_millidays + excluded.legal_millidays

-- name: stat-open-add
INSERT INTO stat_open (unit_code, competent_unit, procedure_code, channel, n) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (unit_code, competent_unit, procedure_code, channel) DO UPDATE SET n = stat_open.n + excluded.n

-- name: stat-duration-add
INSERT INTO stat_durations (month, unit_code, competent_unit, procedure_code, quarter_days, n) VALUES ($1, $2, $3, $4, $5, 1)
ON CONFLICT (month, unit_code, competent_unit, procedure_code, quarter_days) DO UPDATE SET n = stat_durations.n + 1

-- name: stat-sub
-- The unit $1 and, with $2, every unit under it: a dossier counts when the unit that received it
-- or the unit competent for it is among them, as the dossier listing filters.
WITH RECURSIVE sub(code) AS (
    SELECT code FROM units WHERE code = $1
    UNION
    SELECT u.code FROM units u JOIN sub ON u.parent_code = sub.code WHERE $2
)

-- name: stat-sums-columns
procedure_code, channel, SUM(received), SUM(early), SUM(on_time), SUM(late), SUM(withdrawn), SUM(refused),
SUM(stopped), SUM(supplements), SUM(work_millidays), SUM(legal_millidays)

-- name: stat-sums-days
-- Sums per procedure and channel over days [$3, $4).
{{stat-sub}}
SELECT {{stat-sums-columns}} FROM stat_days
WHERE day >= $3 AND day < $4 AND (unit_code IN (SELECT code FROM sub) OR competent_unit IN (SELECT code FROM sub))
GROUP BY procedure_code, channel

-- name: stat-sums-months
{{stat-sub}}
SELECT {{stat-sums-columns}} FROM stat_months
WHERE month >= $3 AND month < $4 AND (unit_code IN (SELECT code FROM sub) OR competent_unit IN (SELECT code FROM sub))
GROUP BY procedure_code, channel

-- name: stat-open-now
{{stat-sub}}
SELECT procedure_code, channel, SUM(n) FROM stat_open
WHERE unit_code IN (SELECT code FROM sub) OR competent_unit IN (SELECT code FROM sub)
GROUP BY procedure_code, channel

-- name: stat-overdue-live
-- Open dossiers past their due instant now ($3), a paused one judged at its pause.
{{stat-sub}}
SELECT procedure_code, channel, COUNT(*) FROM dossiers
WHERE status IN (2, 4, 5, 6) AND received_at IS NOT NULL AND due_at < COALESCE(paused_at, CAST($3 AS BIGINT))
  AND (unit_code IN (SELECT code FROM sub) OR competent_unit IN (SELECT code FROM sub))
GROUP BY procedure_code, channel

-- name: stat-overdue-past
-- Dossiers open at the past instant $3 and due before it (the slower path: a scan).
{{stat-sub}}
SELECT procedure_code, channel, COUNT(*) FROM dossiers
WHERE received_at < CAST($3 AS BIGINT) AND (finished_at IS NULL OR finished_at >= CAST($3 AS BIGINT)) AND due_at < CAST($3 AS BIGINT)
  AND (unit_code IN (SELECT code FROM sub) OR competent_unit IN (SELECT code FROM sub))
GROUP BY procedure_code, channel

-- name: stat-durations
{{stat-sub}}
SELECT quarter_days, SUM(n) FROM stat_durations
WHERE month >= $3 AND month < $4 AND (unit_code IN (SELECT code FROM sub) OR competent_unit IN (SELECT code FROM sub))
GROUP BY quarter_days ORDER BY quarter_days
