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
INSERT INTO stat_durations (month, unit_code, competent_unit, procedure_code, quarter_days, n) VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (month, unit_code, competent_unit, procedure_code, quarter_days) DO UPDATE SET n = stat_durations.n + excluded.n

-- name: stat-sub
-- The unit $1 and, when $2 is not 0, every unit under it: in today's tree for -1, else in the
-- tree as it stood at the instant $2 (ms). A dossier counts when the unit that received it or the
-- unit competent for it is among them, as the dossier listing filters (dossier-list-filter, with
-- the same tree).
WITH RECURSIVE tree_at(t) AS (SELECT CAST($2 AS BIGINT)), {{unit-tree}}, sub(code) AS (
    SELECT code FROM units WHERE code = $1
    UNION
    SELECT t.code FROM tree t JOIN sub ON t.parent = sub.code WHERE CAST($2 AS BIGINT) <> 0
)

-- name: unit-tree
-- Each unit with its parent at the instant tree_at.t (ms; the including query defines tree_at):
-- the last parent unit_parents records from then or before (a re-parented unit's history), else
-- — a unit never moved, or tree_at.t -1 for today's tree — the parent it has today.
tree(code, parent) AS (
    SELECT u.code, CASE WHEN EXISTS (SELECT 1 FROM unit_parents h, tree_at WHERE tree_at.t > 0 AND h.unit_code = u.code AND h.valid_from <= tree_at.t)
        THEN (SELECT h.parent_code FROM unit_parents h, tree_at WHERE h.unit_code = u.code AND h.valid_from <= tree_at.t
              ORDER BY h.valid_from DESC LIMIT 1)
        ELSE u.parent_code END
    FROM units u
)

-- name: stat-sums-columns
procedure_code, channel, competent_unit, SUM(received), SUM(early), SUM(on_time), SUM(late), SUM(withdrawn), SUM(refused),
SUM(stopped), SUM(supplements), SUM(work_millidays), SUM(legal_millidays)

-- name: stat-sums-days
-- Sums per procedure and channel over days [$3, $4).
{{stat-sub}}
SELECT {{stat-sums-columns}} FROM stat_days
WHERE day >= $3 AND day < $4 AND (unit_code IN (SELECT code FROM sub) OR competent_unit IN (SELECT code FROM sub))
GROUP BY procedure_code, channel, competent_unit

-- name: stat-sums-months
{{stat-sub}}
SELECT {{stat-sums-columns}} FROM stat_months
WHERE month >= $3 AND month < $4 AND (unit_code IN (SELECT code FROM sub) OR competent_unit IN (SELECT code FROM sub))
GROUP BY procedure_code, channel, competent_unit

-- name: stat-open-now
{{stat-sub}}
SELECT procedure_code, channel, competent_unit, SUM(n) FROM stat_open
WHERE unit_code IN (SELECT code FROM sub) OR competent_unit IN (SELECT code FROM sub)
GROUP BY procedure_code, channel, competent_unit

-- name: stat-durations
{{stat-sub}}
SELECT quarter_days, SUM(n) FROM stat_durations
WHERE month >= $3 AND month < $4 AND (unit_code IN (SELECT code FROM sub) OR competent_unit IN (SELECT code FROM sub))
GROUP BY quarter_days ORDER BY quarter_days

-- name: stat-durations-by-procedure
-- As stat-durations, per procedure, for the figures of one field: ordered by the bucket, so
-- that the buckets of the field's procedures add up in order.
{{stat-sub}}
SELECT procedure_code, quarter_days, SUM(n) FROM stat_durations
WHERE month >= $3 AND month < $4 AND (unit_code IN (SELECT code FROM sub) OR competent_unit IN (SELECT code FROM sub))
GROUP BY procedure_code, quarter_days ORDER BY quarter_days

-- name: stat-step-time-add
INSERT INTO stat_step_times (month, unit_code, procedure_code, step_key, bucket, n) VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (month, unit_code, procedure_code, step_key, bucket) DO UPDATE SET n = stat_step_times.n + excluded.n

-- name: stat-step-total-add
INSERT INTO stat_step_totals (month, unit_code, procedure_code, step_key, n, over_budget, work_minutes, budget_minutes)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (month, unit_code, procedure_code, step_key) DO UPDATE SET n = stat_step_totals.n + excluded.n,
    over_budget = stat_step_totals.over_budget + excluded.over_budget,
    work_minutes = stat_step_totals.work_minutes + excluded.work_minutes,
    budget_minutes = stat_step_totals.budget_minutes + excluded.budget_minutes

-- name: stat-late-cause-add
INSERT INTO stat_late_causes (month, unit_code, procedure_code, step_key, actor_id, n) VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (month, unit_code, procedure_code, step_key, actor_id) DO UPDATE SET n = stat_late_causes.n + excluded.n

-- name: stat-step-events
-- A dossier's hand-overs, oldest first: when each step ended and who ended it.
SELECT at, COALESCE(actor_id, 0), action, step, step_unit FROM dossier_events WHERE dossier_id = $1 ORDER BY id

-- name: stat-step-times
-- Step times of a procedure ($3, '' for all) over months [$4, $5) at the units of the unit $1.
{{stat-sub}}
SELECT step_key, bucket, SUM(n) FROM stat_step_times
WHERE month >= $4 AND month < $5 AND ($3 = '' OR procedure_code = $3) AND unit_code IN (SELECT code FROM sub)
GROUP BY step_key, bucket ORDER BY step_key, bucket

-- name: stat-step-totals
{{stat-sub}}
SELECT step_key, SUM(n), SUM(over_budget), SUM(work_minutes), SUM(budget_minutes) FROM stat_step_totals
WHERE month >= $4 AND month < $5 AND ($3 = '' OR procedure_code = $3) AND unit_code IN (SELECT code FROM sub)
GROUP BY step_key

-- name: stat-late-causes
{{stat-sub}}
SELECT c.step_key, c.unit_code, c.actor_id, COALESCE(u.full_name, ''), COALESCE(u.username, ''), SUM(c.n)
FROM stat_late_causes c LEFT JOIN users u ON u.id = c.actor_id
WHERE c.month >= $4 AND c.month < $5 AND ($3 = '' OR c.procedure_code = $3) AND c.unit_code IN (SELECT code FROM sub)
GROUP BY c.step_key, c.unit_code, c.actor_id, u.full_name, u.username

-- name: stat-step-times-public
-- Every unit's step times of a procedure over months [$2, $3): what citizens are told.
SELECT step_key, bucket, SUM(n) FROM stat_step_times
WHERE month >= $2 AND month < $3 AND procedure_code = $1
GROUP BY step_key, bucket ORDER BY step_key, bucket

-- name: stat-due-add
INSERT INTO stat_due (unit_code, competent_unit, procedure_code, channel, due_day, state, n) VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (due_day, state, unit_code, competent_unit, procedure_code, channel) DO UPDATE SET n = stat_due.n + excluded.n

-- name: stat-due-drop
-- A row that counts nobody any more goes: the overdue figures scan the rows, not the dossiers.
DELETE FROM stat_due WHERE unit_code = $1 AND competent_unit = $2 AND procedure_code = $3 AND channel = $4
    AND due_day = $5 AND state = $6 AND n = 0

-- name: stat-flow-add
INSERT INTO stat_overdue_flow (period, unit_code, competent_unit, procedure_code, channel, n) VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (period, unit_code, competent_unit, procedure_code, channel) DO UPDATE SET n = stat_overdue_flow.n + excluded.n

-- name: stat-overdue-flow
-- Pending and overdue at the start of day $5 (yyyymmdd, of month $4 and year $3): the flows of
-- the years before, of this year's months before, and of this month's days before.
{{stat-sub}}
SELECT procedure_code, channel, competent_unit, SUM(n) FROM stat_overdue_flow
WHERE (period < $3 OR period BETWEEN $3 * 100 AND $4 - 1 OR period BETWEEN $4 * 100 AND $5 - 1)
  AND (unit_code IN (SELECT code FROM sub) OR competent_unit IN (SELECT code FROM sub))
GROUP BY procedure_code, channel, competent_unit

-- name: stat-overdue-live-paused
-- From the start of today ($3) to now, by pause: the paused within their time are not overdue
-- though due before today, the paused after a due instant of today are; and those finished late
-- today were still open at its start.
{{stat-sub}}
-- Three ranges of the index on (state, due_day), so that none reads the running dossiers' rows.
SELECT procedure_code, channel, competent_unit, SUM(n) FROM (
    SELECT procedure_code, channel, -n AS n, unit_code, competent_unit FROM stat_due WHERE state = -2 AND due_day < $3
    UNION ALL
    SELECT procedure_code, channel, n, unit_code, competent_unit FROM stat_due WHERE state = -1 AND due_day >= $3
    UNION ALL
    SELECT procedure_code, channel, -n, unit_code, competent_unit FROM stat_due WHERE state >= $3 AND due_day < $3
) x
WHERE unit_code IN (SELECT code FROM sub) OR competent_unit IN (SELECT code FROM sub)
GROUP BY procedure_code, channel, competent_unit

-- name: stat-overdue-today
-- Running dossiers due today before now: [$3, $4) in milliseconds.
{{stat-sub}}
SELECT procedure_code, channel, competent_unit, COUNT(*) FROM dossiers
WHERE status IN (2, 4) AND due_at >= CAST($3 AS BIGINT) AND due_at < CAST($4 AS BIGINT)
  AND (unit_code IN (SELECT code FROM sub) OR competent_unit IN (SELECT code FROM sub))
GROUP BY procedure_code, channel, competent_unit

-- name: stat-delta-insert
INSERT INTO stat_deltas (at, ops) VALUES ($1, $2)

-- name: stat-deltas-take
-- The oldest unfolded deltas (PostgreSQL: those no other folder holds).
SELECT id, ops FROM stat_deltas ORDER BY id LIMIT $1

-- name: stat-rating-add
INSERT INTO stat_ratings (day, unit_code, counter, officer_id, procedure_code, channel, value, n)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (day, unit_code, counter, officer_id, procedure_code, channel, value) DO UPDATE SET n = stat_ratings.n + excluded.n

-- name: stat-rating-procedure
SELECT procedure_code FROM dossiers WHERE id = $1

-- name: stat-ratings
-- Ratings over days [$3, $4) at the units of the unit $1 (with its sub-units when $2).
{{stat-sub}}
SELECT r.unit_code, r.counter, r.officer_id, COALESCE(u.full_name, ''), COALESCE(u.username, ''), r.procedure_code,
    r.channel, r.value, SUM(r.n)
FROM stat_ratings r LEFT JOIN users u ON u.id = r.officer_id
WHERE r.day >= $3 AND r.day < $4 AND r.unit_code IN (SELECT code FROM sub)
GROUP BY r.unit_code, r.counter, r.officer_id, u.full_name, u.username, r.procedure_code, r.channel, r.value

-- name: stat-rating-comments
-- The latest reasons and comments given, newest first.
{{stat-sub}}
SELECT r.at, r.value, r.reason, r.comment, r.channel, r.unit_code, r.counter, d.code
FROM ratings r JOIN dossiers d ON d.id = r.dossier_id
WHERE r.unit_code IN (SELECT code FROM sub) AND r.at >= CAST($3 AS BIGINT) AND r.at < CAST($4 AS BIGINT)
  AND (r.reason <> '' OR r.comment <> '')
ORDER BY r.at DESC LIMIT 50

-- name: stat-online-payments
-- Orders paid in [$3, $4) (ms) for the units' dossiers: how many online, how many in all.
{{stat-sub}}
SELECT COALESCE(SUM(CASE WHEN o.provider <> 'counter' THEN 1 ELSE 0 END), 0), COUNT(*)
-- CROSS JOIN: SQLite starts from the period's paid orders, not from the units' dossiers.
FROM payment_orders o CROSS JOIN dossiers d
WHERE d.id = o.dossier_id AND o.status = 'paid' AND o.paid_at >= CAST($3 AS BIGINT) AND o.paid_at < CAST($4 AS BIGINT)
  AND (d.unit_code IN (SELECT code FROM sub) OR d.competent_unit IN (SELECT code FROM sub))

-- name: stat-trend
-- Month by month over [$3, $4) (yyyymm): received, solved, solved late.
{{stat-sub}}
SELECT month, SUM(received), SUM(early + on_time + late), SUM(late) FROM stat_months
WHERE month >= $3 AND month < $4 AND (unit_code IN (SELECT code FROM sub) OR competent_unit IN (SELECT code FROM sub))
GROUP BY month ORDER BY month

-- name: stat-asof-dossiers
-- The dossiers a summary recomputed as of $5 may count: received before $3 (the period's end or
-- $5, the earlier) and not finished before the period's start $4.
{{stat-sub}}
SELECT {{dossier-columns}} FROM dossiers d
WHERE {{stat-asof-when}} AND (d.unit_code IN (SELECT code FROM sub) OR d.competent_unit IN (SELECT code FROM sub))
ORDER BY d.id

-- name: stat-asof-events
-- Their events, dossier by dossier, oldest first.
{{stat-sub}}
SELECT e.dossier_id, e.at, e.action, e.from_status, e.payload FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
WHERE {{stat-asof-when}} AND (d.unit_code IN (SELECT code FROM sub) OR d.competent_unit IN (SELECT code FROM sub))
ORDER BY e.dossier_id, e.id

-- name: stat-asof-when
-- A dossier received before $3 and not finished before $4 that existed at $5 (stat-asof-dossiers).
d.received_at IS NOT NULL AND d.received_at < CAST($3 AS BIGINT) AND (d.finished_at IS NULL OR d.finished_at >= CAST($4 AS BIGINT))
  AND d.created_at <= CAST($5 AS BIGINT)

-- name: stat-deltas-delete-range
DELETE FROM stat_deltas WHERE id BETWEEN $1 AND $2

-- name: unit-tree-list
-- Every unit with its parent at the instant $1 (ms).
WITH tree_at(t) AS (SELECT CAST($1 AS BIGINT)), {{unit-tree}}
SELECT code, COALESCE(parent, '') FROM tree
