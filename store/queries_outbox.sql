-- Notices to applicants: the outbox the actions write to and the delivery worker reads
-- (store/outbox.go). A notice is claimed by raising attempts and setting a lease; every later
-- update names the attempt it settles, so a worker whose lease ran out changes nothing.

-- name: outbox-insert
INSERT INTO outbox (dossier_id, kind, channel, recipient, facts, created_at, next_at)
VALUES ($1, $2, $3, $4, $5, $6, $6)

-- name: outbox-drop-receipts
-- A dossier taken in at the desk and at once refused or sent back for papers was never received.
DELETE FROM outbox WHERE dossier_id = $1 AND kind = 'receipt' AND status = 'pending' AND attempts = 0

-- name: outbox-claim
-- $1 now, $2 the lease's end, $3 how many. SQLite has a single writer: no two claims overlap.
UPDATE outbox SET attempts = attempts + 1, claimed_until = $2
WHERE id IN (
    SELECT o.id FROM outbox o
    WHERE o.status = 'pending' AND o.next_at <= $1 AND (o.claimed_until IS NULL OR o.claimed_until <= $1)
    ORDER BY o.next_at, o.id
    LIMIT $3)
RETURNING id, dossier_id, kind, channel, recipient, facts, attempts, created_at

-- name: outbox-settle
-- $1 id, $2 the attempt being settled, $3 status, $4 error, $5 next try, $6 sent at, $7 attempts.
UPDATE outbox SET status = $3, last_error = $4, next_at = $5, sent_at = $6, attempts = $7, claimed_until = NULL
WHERE id = $1 AND attempts = $2 AND status = 'pending'

-- name: outbox-retry
-- An officer's "send again": not while a worker holds the notice, never once sent.
UPDATE outbox SET status = 'pending', next_at = $3, claimed_until = NULL, last_error = ''
WHERE id = $1 AND dossier_id = $2 AND status IN ('pending', 'failed', 'skipped')
  AND (claimed_until IS NULL OR claimed_until <= $3)

-- name: outbox-dossier
SELECT id, dossier_id, kind, channel, recipient, status, attempts, last_error, created_at, next_at, sent_at
FROM outbox WHERE dossier_id = $1 ORDER BY id

-- name: dossier-by-code-officer
-- As dossier-by-code-visible, for officers only: the applicant does not manage notices.
SELECT {{dossier-columns}} FROM dossiers d
WHERE d.code = $1 AND EXISTS (
    SELECT 1 FROM user_roles r WHERE r.user_id = $2 AND r.role <> 'administrator' AND r.role <> 'citizen'
      AND r.unit_code IN (d.unit_code, d.competent_unit, d.step_unit, d.transfer_from_unit))
