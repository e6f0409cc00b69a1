-- Administration: units, accounts and procedure versions as the /quan-tri pages edit them.

-- name: admin-unit-insert
INSERT INTO units (code, name, parent_code, level, sessions, counters, address, phone, valid_from, valid_to)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL)

-- name: admin-unit-update
-- Name, sessions, counters and contact details only: the parent and the validity change through
-- re-parenting and dissolution, which keep their history.
UPDATE units SET name = $2, level = $3, sessions = $4, counters = $5, address = $6, phone = $7
WHERE code = $1

-- name: admin-unit-counters
-- Authorisation in the query: an administrator, or a centre manager of that very unit.
UPDATE units SET counters = $2
WHERE code = $1 AND EXISTS (
    SELECT 1 FROM user_roles r WHERE r.user_id = $3
      AND (r.role = 'administrator' OR (r.role = 'centre_manager' AND r.unit_code = units.code)))

-- name: admin-user-list
-- Accounts $1 may see, with their roles: an administrator sees all, a centre manager those who
-- hold a role at a unit they manage.
SELECT u.id, u.username, u.full_name, COALESCE(r.role, ''), COALESCE(r.unit_code, '')
FROM users u LEFT JOIN user_roles r ON r.user_id = u.id
WHERE EXISTS (SELECT 1 FROM user_roles a WHERE a.user_id = $1 AND a.role = 'administrator')
   OR EXISTS (SELECT 1 FROM user_roles x JOIN user_roles m ON m.unit_code = x.unit_code
              WHERE x.user_id = u.id AND m.user_id = $1 AND m.role = 'centre_manager')
ORDER BY u.username, r.role, r.unit_code

-- name: admin-user-name
UPDATE users SET full_name = $2 WHERE id = $1

-- name: admin-user-roles-clear
DELETE FROM user_roles WHERE user_id = $1

-- name: admin-user-password
UPDATE users SET password_hash = $2 WHERE id = $1

-- name: admin-procedure-versions
SELECT version, name, created_at FROM procedure_versions WHERE code = $1 ORDER BY version DESC
