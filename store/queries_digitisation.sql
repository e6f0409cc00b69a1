-- Digitisation and re-use (issue 4): papers scanned at the counter, the applicant's personal
-- document store, re-use of its documents in a new submission, and the figures of the index.

-- name: digitise-file-columns
f.id, f.owner_id, f.draft_id, f.dossier_id, f.document, f.name, f.content_type, f.size, f.sha256, f.purpose, f.uploaded_at

-- name: personal-files
-- A citizen's personal document store ($1 the account): the electronic documents of every dossier
-- filed with the account's ID number (or submitted from the account) — what was uploaded with
-- it, the papers digitised at the counter, the signed results. Unsigned results are the officers'
-- working copies and never listed. Authorisation is in the query: only a citizen account, only
-- its own ID number. $2 one file, or 0 for all.
SELECT {{digitise-file-columns}}, d.code, d.procedure_name, COALESCE(NULLIF(up.full_name, ''), up.username, '')
FROM users u
JOIN dossiers d ON (u.id_number IS NOT NULL AND u.id_number <> '' AND d.applicant_id_number = u.id_number) OR d.owner_id = u.id
JOIN files f ON f.dossier_id = d.id
LEFT JOIN users up ON up.id = f.owner_id
WHERE u.id = $1 AND (CAST($2 AS BIGINT) = 0 OR f.id = $2)
  AND f.purpose IN ('submission', 'supplement', 'digitised', 'result_signed')
  AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'citizen')
ORDER BY f.uploaded_at DESC, f.id DESC
LIMIT 500

-- name: reuse-draft-state
-- Whether $1 is a draft of $2's, and the number and size of its files.
SELECT (SELECT COUNT(*) FROM drafts WHERE id = $1 AND owner_id = $2),
       (SELECT COUNT(*) FROM files WHERE draft_id = $1 AND owner_id = $2),
       (SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM files WHERE draft_id = $1 AND owner_id = $2)

-- name: reuse-draft-touch
UPDATE drafts SET updated_at = $3 WHERE id = $1 AND owner_id = $2

-- name: reuse-insert
INSERT INTO file_reuses (dossier_id, draft_id, source_file_id, new_file_id, by_user, at)
VALUES ($1, $2, $3, $4, $5, $6)

-- name: reuse-list-dossier
-- The files of a dossier ($1) taken from the applicant's store, with the dossier each came from.
SELECT r.new_file_id, r.source_file_id, COALESCE(sd.code, ''), r.by_user, r.at
FROM file_reuses r
JOIN files f ON f.id = r.new_file_id
LEFT JOIN files s ON s.id = r.source_file_id
LEFT JOIN dossiers sd ON sd.id = s.dossier_id
WHERE f.dossier_id = $1
ORDER BY r.id

-- name: reuse-list-draft
-- The files of a draft ($1, of the account $2) taken from the store, with the dossier each came from.
SELECT r.new_file_id, r.source_file_id, COALESCE(sd.code, ''), r.by_user, r.at
FROM file_reuses r
JOIN files f ON f.id = r.new_file_id
LEFT JOIN files s ON s.id = r.source_file_id
LEFT JOIN dossiers sd ON sd.id = s.dossier_id
WHERE f.draft_id = $1 AND f.owner_id = $2
ORDER BY r.id

-- name: digitise-checklist
-- The papers the desk ticked as handed in: what can be digitised.
SELECT name FROM dossier_intake_documents WHERE dossier_id = $1 AND received = 1 ORDER BY pos

-- name: digitisation-rollup
-- The dossiers received on the Vietnam days [$3, $4) at or for the unit $1 (with $2 the units
-- under it): how many, how many have an electronic component, an electronic result, a document
-- re-used from the applicant's store.
{{stat-sub}}
SELECT COALESCE(SUM(received), 0), COALESCE(SUM(digitised), 0), COALESCE(SUM(results), 0), COALESCE(SUM(reused), 0)
FROM stat_digital WHERE day >= $3 AND day < $4 AND (unit_code IN (SELECT code FROM sub) OR competent_unit IN (SELECT code FROM sub))

-- name: digitisation-rollup-all
SELECT COALESCE(SUM(received), 0), COALESCE(SUM(digitised), 0), COALESCE(SUM(results), 0), COALESCE(SUM(reused), 0)
FROM stat_digital WHERE day >= $1 AND day < $2

-- name: dossier-digital-now
-- Which electronic parts a dossier has, by its files ($1).
SELECT
    CASE WHEN EXISTS (SELECT 1 FROM files f WHERE f.dossier_id = $1 AND f.purpose IN ('digitised', 'submission', 'supplement')) THEN 1 ELSE 0 END
  + CASE WHEN EXISTS (SELECT 1 FROM files f WHERE f.dossier_id = $1 AND f.purpose = 'result_signed') THEN 2 ELSE 0 END
  + CASE WHEN EXISTS (SELECT 1 FROM file_reuses r JOIN files f ON f.id = r.new_file_id WHERE f.dossier_id = $1) THEN 4 ELSE 0 END

-- name: dossier-digital-get
SELECT digital, received_at, unit_code, competent_unit FROM dossiers WHERE id = $1

-- name: dossier-digital-set
UPDATE dossiers SET digital = $2 WHERE id = $1

-- name: stat-digital-add
INSERT INTO stat_digital (day, unit_code, competent_unit, received, digitised, results, reused) VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (day, unit_code, competent_unit) DO UPDATE SET received = stat_digital.received + excluded.received,
    digitised = stat_digital.digitised + excluded.digitised, results = stat_digital.results + excluded.results,
    reused = stat_digital.reused + excluded.reused

