-- name: outbox-claim
-- Several servers share the database: each takes rows no other claim holds locked right now,
-- and a row another claim just took fails the lease test when it is re-read under the lock.
UPDATE outbox SET attempts = attempts + 1, claimed_until = $2
WHERE id IN (
    SELECT o.id FROM outbox o
    WHERE o.status = 'pending' AND o.next_at <= $1 AND (o.claimed_until IS NULL OR o.claimed_until <= $1)
    ORDER BY o.next_at, o.id
    LIMIT $3
    FOR UPDATE SKIP LOCKED)
RETURNING id, dossier_id, kind, channel, recipient, facts, attempts, created_at

-- name: db-size
SELECT pg_database_size(current_database())

-- name: stat-deltas-take
-- Several servers fold at once, each its own rows.
SELECT id, ops FROM stat_deltas ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED

-- name: stat-due-drop-many
-- stat-due-drop of many keys at once (unit, competent unit, procedure, channel, due day, state).
DELETE FROM stat_due d
USING unnest(CAST($1 AS TEXT[]), CAST($2 AS TEXT[]), CAST($3 AS TEXT[]), CAST($4 AS TEXT[]), CAST($5 AS INTEGER[]),
             CAST($6 AS INTEGER[])) AS k(unit_code, competent_unit, procedure_code, channel, due_day, state)
WHERE d.unit_code = k.unit_code AND d.competent_unit = k.competent_unit AND d.procedure_code = k.procedure_code
  AND d.channel = k.channel AND d.due_day = k.due_day AND d.state = k.state AND d.n = 0

-- name: stat-deltas-delete-ids
-- The rows a fold took, in one statement: a round trip each cost a read-time fold ~1 s under load.
DELETE FROM stat_deltas WHERE id = ANY($1)

-- name: dossier-digital-get
-- Two uploads to one dossier at once: the second waits, and counts only what the first did not.
SELECT digital, received_at, unit_code, competent_unit FROM dossiers WHERE id = $1 FOR UPDATE

-- name: stat-asof-ids
-- The dossiers of stat-asof-dossiers, read unit by unit through the units' indexes. The planner
-- guesses a hundred units under any unit (a recursive CTE's guess) and, with the units in an OR,
-- read every dossier and every event instead: 45 s for one department at 10 million dossiers,
-- 2.6 s this way. OFFSET 0 keeps each lateral read a scan of one unit's index.
asof_ids(id) AS (
    SELECT d.id FROM sub CROSS JOIN LATERAL (
        SELECT d.id FROM dossiers d WHERE d.unit_code = sub.code AND {{stat-asof-when}} OFFSET 0) d
    UNION ALL
    SELECT d.id FROM sub CROSS JOIN LATERAL (
        SELECT d.id FROM dossiers d WHERE d.competent_unit = sub.code AND d.unit_code NOT IN (SELECT code FROM sub)
          AND {{stat-asof-when}} OFFSET 0) d
)

-- name: stat-asof-dossiers
{{stat-sub}}, {{stat-asof-ids}}
SELECT {{dossier-columns}} FROM asof_ids i CROSS JOIN LATERAL (SELECT * FROM dossiers d WHERE d.id = i.id OFFSET 0) d
ORDER BY d.id

-- name: stat-asof-events
{{stat-sub}}, {{stat-asof-ids}}
SELECT e.dossier_id, e.at, e.action, e.from_status, e.payload FROM asof_ids i CROSS JOIN LATERAL (
    SELECT e.dossier_id, e.id, e.at, e.action, e.from_status, e.payload FROM dossier_events e WHERE e.dossier_id = i.id OFFSET 0) e
ORDER BY e.dossier_id, e.id

-- name: dossier-list-filter
-- dossier-list-filter with a unit read unit by unit through the units' indexes, as stat-asof-ids
-- does and for the same reason: the single OR read every dossier (5.7–7.5 s for a page of a
-- centre's quarter at 10 million dossiers).
WITH RECURSIVE tree_at(t) AS (SELECT CAST($4 AS BIGINT)), {{unit-tree}}, sub(code) AS (
    SELECT code FROM units WHERE code = $3
    UNION
    SELECT t.code FROM tree t JOIN sub ON t.parent = sub.code WHERE CAST($4 AS BIGINT) <> 0
), hits AS (
    SELECT d.id FROM dossiers d WHERE $3 = '' AND {{dossier-list-where}}
    UNION ALL
    SELECT d.id FROM sub CROSS JOIN LATERAL (
        SELECT d.id FROM dossiers d WHERE d.unit_code = sub.code AND {{dossier-list-where}} OFFSET 0) d
    UNION ALL
    SELECT d.id FROM sub CROSS JOIN LATERAL (
        SELECT d.id FROM dossiers d WHERE d.competent_unit = sub.code AND d.unit_code NOT IN (SELECT code FROM sub)
          AND {{dossier-list-where}} OFFSET 0) d
)

-- name: dossier-list
-- The page's ids first, then their dossiers: joined to all hits the planner may walk the whole
-- primary key backwards looking for them.
{{dossier-list-filter}}
SELECT {{dossier-columns}} FROM (
    SELECT id FROM hits WHERE CAST($7 AS BIGINT) = 0 OR id < CAST($7 AS BIGINT) ORDER BY id DESC LIMIT $8
) h CROSS JOIN LATERAL (SELECT * FROM dossiers d WHERE d.id = h.id OFFSET 0) d
ORDER BY d.id DESC
