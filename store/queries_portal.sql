-- The public portal: the catalog as the search ranks it, and tracking by phone number.

-- name: procedure-current-list
SELECT code, current_version FROM procedures ORDER BY code

-- name: procedure-current-all
SELECT p.code, v.version, v.body FROM procedures p
JOIN procedure_versions v ON v.code = p.code AND v.version = p.current_version

-- name: dossier-public-phone
-- $2 is the phone number as digits starting with 0 (0912345678). The applicant's phone is kept
-- as typed inside the applicant JSON, which both databases store as text written by Go's
-- encoder ("phone":"…", no spaces): the stored number is normalised here the same way —
-- spaces, dots and dashes dropped, +84, 0084 or 84 read as 0 — then compared whole, quotes
-- included.
-- No other field can spell "phone":" since the encoder escapes quotes inside values.
SELECT {{dossier-columns}} FROM dossiers d
WHERE d.code = $1
  AND REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(d.applicant, ' ', ''), '.', ''), '-', ''),
        '"phone":"+84', '"phone":"0'), '"phone":"0084', '"phone":"0'), '"phone":"84', '"phone":"0')
      LIKE '%"phone":"' || CAST($2 AS TEXT) || '"%'
