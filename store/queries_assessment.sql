-- Circular 01/2018's assessment: supplement rounds of the solved, and the entered figures.

-- name: stat-round-add
INSERT INTO stat_rounds (month, unit_code, competent_unit, procedure_code, rounds, n) VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (month, unit_code, competent_unit, procedure_code, rounds) DO UPDATE SET n = stat_rounds.n + excluded.n

-- name: stat-rounds
{{stat-sub}}
SELECT rounds, SUM(n) FROM stat_rounds
WHERE month >= $3 AND month < $4 AND (unit_code IN (SELECT code FROM sub) OR competent_unit IN (SELECT code FROM sub))
GROUP BY rounds

-- name: assessment-entry-put
INSERT INTO assessment_entries (unit_code, month, key, value, entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (unit_code, month, key) DO UPDATE SET value = excluded.value, entered_by = excluded.entered_by, entered_at = excluded.entered_at

-- name: assessment-entry-delete
DELETE FROM assessment_entries WHERE unit_code = $1 AND month = $2 AND key = $3

-- name: assessment-entries-summed
-- Counts entered for the months [$2, $3): complaints, feedback.
SELECT key, SUM(value) FROM assessment_entries WHERE unit_code = $1 AND month >= $2 AND month < $3 AND key IN ('complaints', 'feedback', 'feedback_on_time')
GROUP BY key

-- name: assessment-entries-latest
-- States entered (one-stop procedures, paper publication): the latest month before $2.
SELECT e.key, e.value FROM assessment_entries e
WHERE e.unit_code = $1 AND e.key IN ('one_stop', 'paper') AND e.month = (
    SELECT MAX(x.month) FROM assessment_entries x WHERE x.unit_code = e.unit_code AND x.key = e.key AND x.month < $2)

-- name: assessment-entries-month
SELECT key, value FROM assessment_entries WHERE unit_code = $1 AND month = $2
