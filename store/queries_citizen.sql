-- The signed-in citizen: OIDC sign-ins in progress, citizen accounts, drafts and uploaded files.

-- name: oidc-login-insert
INSERT INTO oidc_logins (state_hash, nonce, verifier, next_path, created_at) VALUES ($1, $2, $3, $4, $5)

-- name: oidc-login-take
-- A sign-in is used once: the row goes as it is read. $2 is the oldest creation still valid.
DELETE FROM oidc_logins WHERE state_hash = $1 AND created_at > $2 RETURNING nonce, verifier, next_path

-- name: oidc-login-prune
DELETE FROM oidc_logins WHERE created_at <= $1

-- name: user-by-id-number
SELECT id FROM users WHERE id_number = $1

-- name: draft-columns
d.id, d.owner_id, d.procedure_code, d.procedure_name, d.answers, d.created_at, d.updated_at

-- name: draft-insert
INSERT INTO drafts (owner_id, procedure_code, procedure_name, answers, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $5) RETURNING id

-- name: draft-count-owner
SELECT COUNT(*) FROM drafts WHERE owner_id = $1

-- name: draft-get
-- Authorisation in the query: a draft is only ever its owner's ($2).
SELECT {{draft-columns}} FROM drafts d WHERE d.id = $1 AND d.owner_id = $2

-- name: draft-list
SELECT {{draft-columns}} FROM drafts d WHERE d.owner_id = $1 ORDER BY d.updated_at DESC, d.id DESC

-- name: draft-update
UPDATE drafts SET answers = $3, updated_at = $4 WHERE id = $1 AND owner_id = $2

-- name: draft-touch
UPDATE drafts SET updated_at = $3 WHERE id = $1 AND owner_id = $2

-- name: draft-delete
DELETE FROM drafts WHERE id = $1 AND owner_id = $2

-- name: file-columns
f.id, f.owner_id, f.draft_id, f.dossier_id, f.document, f.name, f.content_type, f.size, f.sha256, f.purpose, f.uploaded_at

-- name: file-insert
INSERT INTO files (owner_id, draft_id, dossier_id, document, name, content_type, size, sha256, purpose, uploaded_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id

-- name: file-blob-insert
INSERT INTO file_blobs (file_id, data) VALUES ($1, $2)

-- name: file-list-draft
SELECT {{file-columns}} FROM files f WHERE f.draft_id = $1 AND f.owner_id = $2 ORDER BY f.id

-- name: file-list-dossier
-- With the uploader's name, for the officer's list of a dossier's documents.
SELECT {{file-columns}}, COALESCE(NULLIF(u.full_name, ''), u.username, '')
FROM files f LEFT JOIN users u ON u.id = f.owner_id WHERE f.dossier_id = $1 ORDER BY f.id

-- name: file-size-dossier
SELECT COALESCE(SUM(size), 0) FROM files WHERE dossier_id = $1

-- name: file-size-draft
SELECT COALESCE(SUM(size), 0) FROM files WHERE draft_id = $1

-- name: file-get
-- The file's metadata; the caller checks who may see it (file-visible), then reads its bytes
-- (Store.fileData: the blob store, else file-data).
SELECT {{file-columns}} FROM files f WHERE f.id = $1

-- name: file-count-sha
-- How many files have this content: its blob is deleted when none has (migration 0011's index).
SELECT COUNT(*) FROM files WHERE sha256 = $1

-- name: file-visible
-- Authorisation in the query: a file still on a draft is its uploader's only; a file attached to
-- a dossier is visible to whoever may see the dossier (its owner, officers of its units) — but
-- a result not yet signed is the officers' working copy, not the applicant's.
SELECT f.id, COALESCE(d.code, '') FROM files f LEFT JOIN dossiers d ON d.id = f.dossier_id
WHERE f.id = $1 AND (
    (f.dossier_id IS NULL AND f.owner_id = $2)
    OR (d.owner_id = $2 AND f.purpose <> 'result')
    OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = $2 AND r.role <> 'administrator' AND r.role <> 'citizen'
        AND r.unit_code IN (d.unit_code, d.competent_unit, d.step_unit, d.transfer_from_unit)))

-- name: file-hashes-draft
-- $3 one file, or 0 for all of the draft's.
SELECT sha256 FROM files WHERE draft_id = $1 AND owner_id = $2 AND ($3 = 0 OR id = $3)

-- name: file-blob-delete-draft
DELETE FROM file_blobs WHERE file_id IN (SELECT id FROM files WHERE draft_id = $1 AND owner_id = $2 AND ($3 = 0 OR id = $3))

-- name: file-delete-draft
-- $3 one file, or 0 for all of the draft's.
DELETE FROM files WHERE draft_id = $1 AND owner_id = $2 AND ($3 = 0 OR id = $3)

-- name: file-attach-draft
UPDATE files SET dossier_id = $2, draft_id = NULL WHERE draft_id = $1
