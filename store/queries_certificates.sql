-- The certificate registry and the signatures made with it.

-- name: cert-columns
c.id, c.kind, c.unit_code, COALESCE(c.user_id, 0), c.subject, c.serial, c.issuer, c.not_before, c.not_after,
c.cert_pem, c.chain_pem, c.created_at, c.revoked_at, c.revoked_reason, c.key_sealed <> ''

-- name: cert-insert
INSERT INTO certificates (kind, unit_code, user_id, subject, serial, issuer, not_before, not_after,
    cert_pem, chain_pem, key_sealed, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id

-- name: cert-list
SELECT {{cert-columns}} FROM certificates c ORDER BY c.kind, c.unit_code, c.id

-- name: cert-by-serial
SELECT {{cert-columns}} FROM certificates c WHERE c.serial = $1 AND c.issuer = $2

-- name: cert-key
SELECT c.key_sealed FROM certificates c WHERE c.id = $1

-- name: cert-local-authority
-- The local authority: the newest authority whose key motcua holds.
SELECT {{cert-columns}} FROM certificates c
WHERE c.kind = 'authority' AND c.key_sealed <> '' AND c.revoked_at IS NULL ORDER BY c.id DESC LIMIT 1

-- name: cert-authorities
SELECT {{cert-columns}} FROM certificates c WHERE c.kind = 'authority' AND c.revoked_at IS NULL ORDER BY c.id

-- name: cert-signer-unit
-- A unit's seal that can sign now: newest first.
SELECT {{cert-columns}} FROM certificates c
WHERE c.kind = 'organisation' AND c.unit_code = $1 AND c.key_sealed <> '' AND c.revoked_at IS NULL
    AND c.not_before <= $2 AND c.not_after > $2
ORDER BY c.not_after DESC, c.id DESC LIMIT 1

-- name: cert-signer-user
SELECT {{cert-columns}} FROM certificates c
WHERE c.kind = 'personal' AND c.user_id = $1 AND c.key_sealed <> '' AND c.revoked_at IS NULL
    AND c.not_before <= $2 AND c.not_after > $2
ORDER BY c.not_after DESC, c.id DESC LIMIT 1

-- name: cert-revoke
UPDATE certificates SET revoked_at = $2, revoked_reason = $3 WHERE serial = $1 AND revoked_at IS NULL

-- name: signature-insert
INSERT INTO document_signatures (dossier_id, file_id, certificate_id, step, signed_at, sha256, verify_code)
VALUES ($1, $2, $3, $4, $5, $6, $7)

-- name: signature-by-code
-- The signed document a stamp's QR code names.
SELECT s.file_id FROM document_signatures s WHERE s.verify_code = $1

-- name: signature-by-sha
SELECT d.code, s.signed_at, s.step, c.serial FROM document_signatures s
JOIN dossiers d ON d.id = s.dossier_id JOIN certificates c ON c.id = s.certificate_id
WHERE s.sha256 = $1 ORDER BY s.id

-- name: result-latest
-- The dossier's result as it stands: the newest result file, signed or not.
SELECT {{file-columns}} FROM files f
WHERE f.dossier_id = $1 AND f.purpose IN ('result', 'result_signed') ORDER BY f.id DESC LIMIT 1

-- name: file-data
-- A file's bytes kept in the database: with no blob store, or uploaded before there was one.
SELECT data FROM file_blobs WHERE file_id = $1

-- name: result-latest-signed
SELECT {{file-columns}} FROM files f
WHERE f.dossier_id = $1 AND f.purpose = 'result_signed' ORDER BY f.id DESC LIMIT 1
