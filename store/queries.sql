-- Named queries shared by SQLite and PostgreSQL. Parameters are $1, $2 … on both.
-- {{name}} inside a block is replaced by the block of that name (used for column lists).
-- Instants are Unix milliseconds.

-- name: unit-upsert
INSERT INTO units (code, name, parent_code, level, sessions, counters, address, phone, valid_from, valid_to)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT (code) DO UPDATE SET name = excluded.name, parent_code = excluded.parent_code,
    level = excluded.level, sessions = excluded.sessions, counters = excluded.counters,
    address = excluded.address, phone = excluded.phone, valid_from = excluded.valid_from,
    valid_to = excluded.valid_to

-- name: unit-columns
code, name, COALESCE(parent_code, ''), level, sessions, counters, address, phone, valid_from, valid_to

-- name: unit-get
SELECT {{unit-columns}} FROM units WHERE code = $1

-- name: unit-list
SELECT {{unit-columns}} FROM units ORDER BY level, code

-- name: unit-sessions
SELECT sessions FROM units WHERE code = $1

-- name: unit-parent-insert
INSERT INTO unit_parents (unit_code, parent_code, valid_from) VALUES ($1, $2, $3)
ON CONFLICT (unit_code, valid_from) DO UPDATE SET parent_code = excluded.parent_code

-- name: unit-parent-count
SELECT COUNT(*) FROM unit_parents WHERE unit_code = $1

-- name: unit-parent-last
SELECT MAX(valid_from) FROM unit_parents WHERE unit_code = $1

-- name: unit-parent-list
SELECT COALESCE(parent_code, ''), valid_from FROM unit_parents WHERE unit_code = $1 ORDER BY valid_from

-- name: unit-reparent
UPDATE units SET parent_code = $2 WHERE code = $1

-- name: unit-dissolve
UPDATE units SET valid_to = $2 WHERE code = $1

-- name: procedure-current-version
SELECT current_version FROM procedures WHERE code = $1

-- name: procedure-insert
INSERT INTO procedures (code, current_version) VALUES ($1, $2)
ON CONFLICT (code) DO UPDATE SET current_version = excluded.current_version

-- name: procedure-version-insert
INSERT INTO procedure_versions (code, version, name, search, field_code, online_level, body, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)

-- name: procedure-version-body
SELECT body FROM procedure_versions WHERE code = $1 AND version = $2

-- name: procedure-current-body
SELECT v.body FROM procedures p JOIN procedure_versions v ON v.code = p.code AND v.version = p.current_version
WHERE p.code = $1

-- name: procedure-units-clear
DELETE FROM procedure_units WHERE code = $1

-- name: procedure-unit-insert
INSERT INTO procedure_units (code, unit_code) VALUES ($1, $2)

-- name: procedure-search
-- $1 is the folded query ('' for all), matched against the folded name and code; $2 a unit code or ''.
SELECT v.body FROM procedures p JOIN procedure_versions v ON v.code = p.code AND v.version = p.current_version
WHERE ($1 = '' OR v.search LIKE '%' || $1 || '%')
  AND ($2 = '' OR EXISTS (SELECT 1 FROM procedure_units pu WHERE pu.code = p.code AND pu.unit_code = $2))
ORDER BY v.field_code, p.code
LIMIT $3

-- name: user-insert
INSERT INTO users (username, password_hash, full_name, id_number, created_at) VALUES ($1, $2, $3, $4, $5)
RETURNING id

-- name: user-role-insert
INSERT INTO user_roles (user_id, role, unit_code) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING

-- name: user-by-username
SELECT id, username, password_hash, full_name, COALESCE(id_number, '') FROM users WHERE username = $1

-- name: user-by-id
SELECT id, username, password_hash, full_name, COALESCE(id_number, '') FROM users WHERE id = $1

-- name: user-roles
SELECT role, unit_code FROM user_roles WHERE user_id = $1 ORDER BY role, unit_code

-- name: token-insert
INSERT INTO tokens (hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)

-- name: token-user
SELECT user_id FROM tokens WHERE hash = $1 AND (expires_at IS NULL OR expires_at > $2)

-- name: sequence-next
-- The upsert takes the row lock (PostgreSQL) or the write lock (SQLite) for the rest of the
-- transaction, so concurrent intakes at one unit queue here and get consecutive numbers.
INSERT INTO dossier_sequences (unit_code, day, last) VALUES ($1, $2, 1)
ON CONFLICT (unit_code, day) DO UPDATE SET last = dossier_sequences.last + 1
RETURNING last

-- name: dossier-columns
d.id, d.code, d.tracking_secret, d.procedure_code, d.procedure_version, d.procedure_name,
d.unit_code, d.competent_unit, d.channel, d.applicant, d.owner_id, d.summary, d.legal_time,
d.status, d.prev_status, d.version, d.step, d.step_key, d.step_name, d.step_role, d.step_unit,
d.step_received_at, d.step_due_at, d.transfer_from_unit, d.created_at, d.received_at, d.due_at,
d.finished_at, d.returned_at, d.paused_at, d.reschedules, d.return_method, d.finish_class

-- name: dossier-insert
INSERT INTO dossiers (code, tracking_secret, procedure_code, procedure_version, procedure_name,
    unit_code, competent_unit, channel, applicant, applicant_id_number, owner_id, summary, legal_time,
    status, prev_status, version, step, step_key, step_name, step_role, step_unit,
    step_received_at, step_due_at, transfer_from_unit, created_at, received_at, due_at,
    finished_at, returned_at, paused_at, reschedules, return_method, act_unit, act_role, urgent_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
    $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35)
RETURNING id

-- name: dossier-update
-- The version check makes the update refuse a decision taken on a stale read.
UPDATE dossiers SET status = $3, prev_status = $4, version = $5, step = $6, step_key = $7,
    step_name = $8, step_role = $9, step_unit = $10, step_received_at = $11, step_due_at = $12,
    transfer_from_unit = $13, received_at = $14, due_at = $15, finished_at = $16, returned_at = $17,
    paused_at = $18, reschedules = $19, return_method = $20, act_unit = $21, act_role = $22,
    urgent_at = $23, finish_class = $24
WHERE id = $1 AND version = $2

-- name: event-insert
INSERT INTO dossier_events (dossier_id, at, actor_id, actor, action, from_status, to_status, step, step_unit, note, payload)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)

-- name: event-list
SELECT id, at, COALESCE(actor_id, 0), actor, action, from_status, to_status, step, step_unit, note, payload
FROM dossier_events WHERE dossier_id = $1 ORDER BY id

-- name: dossier-by-code-visible
-- Authorisation in the query: $2 is the user; a dossier is visible to officers holding any role
-- at its receiving, competent or current unit, and to the citizen who owns it.
SELECT {{dossier-columns}} FROM dossiers d
WHERE d.code = $1 AND (d.owner_id = $2 OR EXISTS (
    SELECT 1 FROM user_roles r WHERE r.user_id = $2 AND r.role <> 'administrator' AND r.role <> 'citizen'
      AND r.unit_code IN (d.unit_code, d.competent_unit, d.step_unit, d.transfer_from_unit)))

-- name: dossier-by-code
SELECT {{dossier-columns}} FROM dossiers d WHERE d.code = $1

-- name: dossier-public
SELECT {{dossier-columns}} FROM dossiers d WHERE d.code = $1 AND d.tracking_secret = $2

-- name: inbox
-- What the user can act on now: one index range per (unit, role) the user holds.
SELECT {{dossier-columns}} FROM dossiers d
JOIN user_roles r ON r.unit_code = d.act_unit AND r.role = d.act_role
WHERE r.user_id = $1
ORDER BY d.urgent_at, d.id
LIMIT $2

-- name: inbox-citizen
-- What waits for the applicant: their own dossiers paused for papers or a payment.
SELECT {{dossier-columns}} FROM dossiers d
WHERE d.owner_id = $1 AND d.status IN (5, 6)
ORDER BY d.urgent_at, d.id
LIMIT $2

-- name: inbox-citizen-count
SELECT COUNT(*) FROM dossiers d WHERE d.owner_id = $1 AND d.status IN (5, 6)

-- name: inbox-count
SELECT COUNT(*) FROM dossiers d
JOIN user_roles r ON r.unit_code = d.act_unit AND r.role = d.act_role
WHERE r.user_id = $1

-- name: managed-units
SELECT unit_code FROM user_roles WHERE user_id = $1 AND role = 'centre_manager'

-- name: inbox-manager
-- A centre manager sees every open dossier received by or competent at the units they manage.
-- The first $2 of the union are among the first $2 of each side, so each side reads only that
-- many entries of its partial index in urgency order.
SELECT {{dossier-columns}} FROM dossiers d WHERE d.id IN (
    SELECT id FROM (SELECT d1.id FROM dossiers d1
        WHERE d1.unit_code IN ({{managed-units}}) AND d1.status NOT IN (3, 7, 8, 10)
        ORDER BY d1.urgent_at, d1.id LIMIT $2) received
    UNION
    SELECT id FROM (SELECT d2.id FROM dossiers d2
        WHERE d2.competent_unit IN ({{managed-units}}) AND d2.status NOT IN (3, 7, 8, 10)
        ORDER BY d2.urgent_at, d2.id LIMIT $2) competent)
ORDER BY d.urgent_at, d.id
LIMIT $2

-- name: inbox-manager-count
-- Received by a managed unit, plus competent at one without having been received by one.
SELECT (SELECT COUNT(*) FROM dossiers d1
        WHERE d1.unit_code IN ({{managed-units}}) AND d1.status NOT IN (3, 7, 8, 10))
     + (SELECT COUNT(*) FROM dossiers d2
        WHERE d2.competent_unit IN ({{managed-units}}) AND d2.status NOT IN (3, 7, 8, 10)
          AND d2.unit_code NOT IN ({{managed-units}}))

-- name: dossier-list-filter
-- The listing's filter as CTEs: $1 user, $2 status (0 any), $3 unit ('' any), $4 the units under
-- it too, in the tree as it stood at that instant (ms; -1 today's, 0 the unit alone), $5 received from, $6
-- received to (ms, 0 open). The casts keep PostgreSQL from typing the millisecond parameters as
-- 32-bit integers from the comparison with 0.
WITH RECURSIVE tree_at(t) AS (SELECT CAST($4 AS BIGINT)), {{unit-tree}}, sub(code) AS (
    SELECT code FROM units WHERE code = $3
    UNION
    SELECT t.code FROM tree t JOIN sub ON t.parent = sub.code WHERE CAST($4 AS BIGINT) <> 0
), hits AS (
    SELECT d.id FROM dossiers d
    WHERE {{dossier-list-where}} AND ($3 = '' OR d.unit_code IN (SELECT code FROM sub) OR d.competent_unit IN (SELECT code FROM sub))
)

-- name: dossier-list-where
-- What the listing asks of a dossier besides its unit: the user $1 may see it, the status $2 and
-- the receipt between $5 and $6 (dossier-list-filter).
(d.owner_id = $1 OR EXISTS (
        SELECT 1 FROM user_roles r WHERE r.user_id = $1 AND r.role <> 'administrator' AND r.role <> 'citizen'
          AND r.unit_code IN (d.unit_code, d.competent_unit, d.step_unit, d.transfer_from_unit)))
  AND ($2 = 0 OR d.status = $2)
  AND (CAST($5 AS BIGINT) = 0 OR d.received_at >= CAST($5 AS BIGINT))
  AND (CAST($6 AS BIGINT) = 0 OR d.received_at < CAST($6 AS BIGINT))

-- name: dossier-list
-- $7 cursor (the last id of the previous page, 0 for the first), $8 limit.
{{dossier-list-filter}}
SELECT {{dossier-columns}} FROM dossiers d JOIN hits h ON h.id = d.id
WHERE (CAST($7 AS BIGINT) = 0 OR d.id < CAST($7 AS BIGINT))
ORDER BY d.id DESC
LIMIT $8

-- name: dossier-list-count
{{dossier-list-filter}}
SELECT COUNT(*) FROM hits

-- name: schedule-upsert
INSERT INTO holiday_schedules (year, body, loaded_at) VALUES ($1, $2, $3)
ON CONFLICT (year) DO UPDATE SET body = excluded.body, loaded_at = excluded.loaded_at

-- name: schedule-list
SELECT body FROM holiday_schedules ORDER BY year

-- name: policy-upsert
INSERT INTO policies (name, valid_from, value, set_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (name, valid_from) DO UPDATE SET value = excluded.value, set_at = excluded.set_at

-- name: policy-at
SELECT value FROM policies WHERE name = $1 AND valid_from <= $2 ORDER BY valid_from DESC LIMIT 1

-- name: policy-list
SELECT name, valid_from, value FROM policies ORDER BY name, valid_from

-- name: dossiers-last-created
SELECT (SELECT created_at FROM dossiers ORDER BY id DESC LIMIT 1), (SELECT COUNT(*) FROM dossiers)
