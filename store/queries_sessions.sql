-- Web sign-in: sessions, login throttling, sign-out everywhere, and the personal-data access log.
-- Instants are Unix milliseconds.

-- name: session-insert
INSERT INTO sessions (hash, user_id, created_at, last_seen, expires_at, address) VALUES ($1, $2, $3, $4, $5, $6)

-- name: session-get
-- $2 now (absolute expiry), $3 the idle cut-off (now − idle timeout).
SELECT user_id, last_seen FROM sessions WHERE hash = $1 AND expires_at > $2 AND last_seen > $3

-- name: session-touch
UPDATE sessions SET last_seen = $2 WHERE hash = $1 AND last_seen < $2

-- name: session-delete
DELETE FROM sessions WHERE hash = $1

-- name: session-delete-user
DELETE FROM sessions WHERE user_id = $1

-- name: session-prune
DELETE FROM sessions WHERE expires_at <= $1 OR last_seen <= $2

-- name: session-count-user
SELECT COUNT(*) FROM sessions WHERE user_id = $1 AND expires_at > $2 AND last_seen > $3

-- name: token-delete-user
DELETE FROM tokens WHERE user_id = $1

-- name: login-failure-insert
INSERT INTO login_failures (kind, subject, at) VALUES ($1, $2, $3)

-- name: login-failure-insert-id
INSERT INTO login_failures (kind, subject, at) VALUES ($1, $2, $3) RETURNING id

-- name: login-failure-delete
DELETE FROM login_failures WHERE id = $1

-- name: login-failure-recent
-- The latest failures of one account or address since $3, newest first.
SELECT at FROM login_failures WHERE kind = $1 AND subject = $2 AND at > $3 ORDER BY at DESC LIMIT $4

-- name: login-failure-clear
DELETE FROM login_failures WHERE kind = $1 AND subject = $2

-- name: login-failure-prune
DELETE FROM login_failures WHERE at <= $1

-- name: access-insert
INSERT INTO personal_data_access (dossier_id, user_id, at, screen)
SELECT d.id, $2, $3, $4 FROM dossiers d WHERE d.code = $1

-- name: access-columns
a.at, d.code, a.user_id, u.username, u.full_name, a.screen

-- name: access-by-dossier
SELECT {{access-columns}} FROM personal_data_access a
JOIN dossiers d ON d.id = a.dossier_id JOIN users u ON u.id = a.user_id
WHERE d.code = $1
ORDER BY a.at DESC, a.id DESC
LIMIT $2

-- name: access-by-citizen
-- The accesses by others to the dossiers a citizen submitted ($1, the account) or that were filed
-- with their ID number ($2, '' when the account has none).
SELECT {{access-columns}} FROM personal_data_access a
JOIN dossiers d ON d.id = a.dossier_id JOIN users u ON u.id = a.user_id
WHERE a.dossier_id IN (
    SELECT id FROM dossiers WHERE owner_id = $1
    UNION
    SELECT id FROM dossiers WHERE $2 <> '' AND applicant_id_number = $2)
  AND a.user_id <> $1
ORDER BY a.at DESC, a.id DESC
LIMIT $3
