-- Digitisation figures without reading the period's dossiers (issue 5, the index at 10 million):
-- each dossier keeps which electronic parts it has (digital: 1 a component digitised or sent
-- online, 2 a signed electronic result, 4 a document re-used from the applicant's store), and
-- stat_digital counts the received dossiers and those parts by the Vietnam day of receipt
-- (days since 1970-01-01 at UTC+7), receiving unit and competent unit.
ALTER TABLE dossiers ADD COLUMN digital INTEGER NOT NULL DEFAULT 0;

UPDATE dossiers SET digital = digital | 1 WHERE id IN (SELECT dossier_id FROM files
    WHERE dossier_id IS NOT NULL AND purpose IN ('digitised', 'submission', 'supplement'));
UPDATE dossiers SET digital = digital | 2 WHERE id IN (SELECT dossier_id FROM files
    WHERE dossier_id IS NOT NULL AND purpose = 'result_signed');
UPDATE dossiers SET digital = digital | 4 WHERE id IN (SELECT f.dossier_id FROM file_reuses r
    JOIN files f ON f.id = r.new_file_id WHERE f.dossier_id IS NOT NULL);

CREATE TABLE stat_digital (
    day            INTEGER NOT NULL,
    unit_code      TEXT NOT NULL,
    competent_unit TEXT NOT NULL,
    received       BIGINT NOT NULL DEFAULT 0,
    digitised      BIGINT NOT NULL DEFAULT 0,
    results        BIGINT NOT NULL DEFAULT 0,
    reused         BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, unit_code, competent_unit)
);

INSERT INTO stat_digital (day, unit_code, competent_unit, received, digitised, results, reused)
SELECT (received_at + 25200000) / 86400000, unit_code, competent_unit, COUNT(*),
    SUM(digital & 1), SUM((digital & 2) / 2), SUM((digital & 4) / 4)
FROM dossiers WHERE received_at IS NOT NULL
GROUP BY (received_at + 25200000) / 86400000, unit_code, competent_unit;
