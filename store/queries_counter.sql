-- The counter: intake records, counter desks, kiosk keys, ratings and at-home appointments.

-- name: intake-insert
INSERT INTO dossier_intakes (dossier_id, case_name, sets, delivery, place, place_at, unit_counter,
    officer_id, decision, appointment_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)

-- name: intake-document-insert
INSERT INTO dossier_intake_documents (dossier_id, pos, name, required, received, originals, copies)
VALUES ($1, $2, $3, $4, $5, $6, $7)

-- name: intake-get
SELECT i.case_name, i.sets, i.delivery, i.place, i.place_at, i.unit_counter,
    COALESCE(i.officer_id, 0), COALESCE(u.full_name, ''), COALESCE(u.username, ''), i.decision,
    COALESCE(i.appointment_id, 0)
FROM dossier_intakes i LEFT JOIN users u ON u.id = i.officer_id
WHERE i.dossier_id = $1

-- name: intake-documents
SELECT name, required, received, originals, copies FROM dossier_intake_documents
WHERE dossier_id = $1 ORDER BY pos

-- name: desk-take-check
-- Only an intake officer of the unit sits at its counters.
SELECT COUNT(*) FROM user_roles WHERE user_id = $1 AND role = 'intake_officer' AND unit_code = $2

-- name: desk-leave
DELETE FROM counter_desks WHERE user_id = $1

-- name: desk-free
DELETE FROM counter_desks WHERE unit_code = $1 AND counter = $2

-- name: desk-insert
INSERT INTO counter_desks (unit_code, counter, user_id, since) VALUES ($1, $2, $3, $4)

-- name: desk-columns
k.unit_code, k.counter, k.user_id, u.username, u.full_name, k.since

-- name: desk-of-user
SELECT {{desk-columns}} FROM counter_desks k JOIN users u ON u.id = k.user_id WHERE k.user_id = $1

-- name: desk-at
SELECT {{desk-columns}} FROM counter_desks k JOIN users u ON u.id = k.user_id
WHERE k.unit_code = $1 AND k.counter = $2

-- name: desk-list
-- The desks of the units whose counters $1 may see: an administrator's, every one.
SELECT {{desk-columns}} FROM counter_desks k JOIN users u ON u.id = k.user_id
WHERE EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = $1
    AND (r.role = 'administrator' OR (r.role <> 'citizen' AND r.unit_code = k.unit_code)))

-- name: desk-last-handled
-- The last dossier the officer at a desk took in, refused, asked papers for or handed a result
-- to, since they sat down there ($2) and not before $3 (the kiosk's window).
SELECT d.id, d.code, d.procedure_name, e.action, e.at
FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
WHERE e.actor_id = $1 AND e.at >= $2 AND e.at >= $3 AND d.unit_code = $4
  AND e.action IN ('intake', 'receive', 'refuse', 'request_supplement', 'return_result')
ORDER BY e.at DESC, e.id DESC
LIMIT 1

-- name: kiosk-key-may
-- An administrator, or a centre manager of the unit, manages its kiosks.
SELECT COUNT(*) FROM user_roles WHERE user_id = $1
  AND (role = 'administrator' OR (role = 'centre_manager' AND unit_code = $2))

-- name: kiosk-key-delete
DELETE FROM kiosk_keys WHERE unit_code = $1 AND counter = $2

-- name: kiosk-key-insert
INSERT INTO kiosk_keys (unit_code, counter, hash, created_at, created_by) VALUES ($1, $2, $3, $4, $5)

-- name: kiosk-key-check
SELECT COUNT(*) FROM kiosk_keys WHERE unit_code = $1 AND counter = $2 AND hash = $3

-- name: kiosk-key-list
SELECT k.unit_code, k.counter, k.created_at, u.username FROM kiosk_keys k JOIN users u ON u.id = k.created_by
WHERE EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = $1
    AND (r.role = 'administrator' OR (r.role = 'centre_manager' AND r.unit_code = k.unit_code)))

-- name: rating-insert
INSERT INTO ratings (dossier_id, channel, value, reason, comment, officer_id, unit_code, counter, rated_by, at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT (dossier_id, channel) DO NOTHING

-- name: rating-count-dossier-channel
SELECT COUNT(*) FROM ratings WHERE dossier_id = $1 AND channel = $2

-- name: rating-columns
d.code, r.channel, r.value, r.reason, r.comment, COALESCE(r.officer_id, 0), r.unit_code, r.counter, r.at

-- name: rating-count-code-channel
SELECT COUNT(*) FROM ratings r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = $1 AND r.channel = $2

-- name: rating-by-dossier
SELECT {{rating-columns}} FROM ratings r JOIN dossiers d ON d.id = r.dossier_id
WHERE r.dossier_id = $1 ORDER BY r.at, r.id

-- name: rating-explain
-- A reason is added to a "not satisfied" kiosk rating once, shortly after it was given ($6 the
-- earliest instant), from the counter it was given at.
UPDATE ratings SET reason = $4, comment = $5
WHERE channel = 'kiosk' AND value = 1 AND reason = '' AND comment = '' AND at >= $6
  AND unit_code = $2 AND counter = $3
  AND dossier_id = (SELECT id FROM dossiers WHERE code = $1)

-- name: rating-dossier-online
-- The dossier an online rating is for: its applicant's account, or a citizen whose ID number it
-- was filed with ($3, '' when the account has none).
SELECT d.id, d.status, d.unit_code, COALESCE((SELECT e.actor_id FROM dossier_events e
    WHERE e.dossier_id = d.id AND e.action = 'return_result' ORDER BY e.id DESC LIMIT 1), 0)
FROM dossiers d
WHERE d.code = $1 AND (d.owner_id = $2 OR ($3 <> '' AND d.applicant_id_number = $3))

-- name: appointment-insert
INSERT INTO appointments (ref, procedure_code, procedure_name, unit_code, name, phone, address, note,
    day, slot, status, citizen_id, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'booked', $11, $12)
RETURNING id

-- name: appointment-count-phone
-- Bookings still open for one phone number from a day on: a bound against a flood of bookings.
SELECT COUNT(*) FROM appointments WHERE phone = $1 AND status = 'booked' AND day >= $2

-- name: appointment-columns
a.id, a.ref, a.procedure_code, a.procedure_name, a.unit_code, COALESCE(un.name, ''), a.name, a.phone,
a.address, a.note, a.day, a.slot, a.status, COALESCE(a.citizen_id, 0), a.created_at,
COALESCE(hu.username, ''), a.handled_at, a.dossier_code

-- name: appointment-from
FROM appointments a LEFT JOIN units un ON un.code = a.unit_code LEFT JOIN users hu ON hu.id = a.handled_by

-- name: appointment-visible
-- The officers of the unit see its appointments (not citizens, not administrators).
EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = $1 AND r.unit_code = a.unit_code
    AND r.role <> 'citizen' AND r.role <> 'administrator')

-- name: appointment-list
-- $2 status ('' any), $3 from day ('' any), $4 to day ('' any), $5 limit.
SELECT {{appointment-columns}} {{appointment-from}}
WHERE {{appointment-visible}}
  AND ($2 = '' OR a.status = $2) AND ($3 = '' OR a.day >= $3) AND ($4 = '' OR a.day <= $4)
ORDER BY a.day, a.slot, a.id
LIMIT $5

-- name: appointment-get
SELECT {{appointment-columns}} {{appointment-from}}
WHERE a.id = $2 AND {{appointment-visible}}

-- name: appointment-by-ref
SELECT {{appointment-columns}} {{appointment-from}}
WHERE a.ref = $1

-- name: appointment-set-status
-- Only an open booking changes, and only by an intake officer or centre manager of its unit.
UPDATE appointments SET status = $3, handled_by = $1, handled_at = $4,
    dossier_code = CASE WHEN $5 = '' THEN dossier_code ELSE $5 END
WHERE id = $2 AND status = 'booked' AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = $1
    AND r.unit_code = appointments.unit_code AND r.role IN ('intake_officer', 'centre_manager'))
