-- The open-dossier indexes also carry the columns the centre manager's counts test, so those
-- counts read the index alone instead of every open dossier's row (12.7 ms → under 1 ms for a
-- unit with 2,000 open of 17,000 dossiers, measured on SQLite at 1M dossiers).
DROP INDEX dossiers_open_unit;
DROP INDEX dossiers_open_competent;
CREATE INDEX dossiers_open_unit ON dossiers(unit_code, urgent_at, id, status) WHERE status NOT IN (3, 7, 8, 10);
CREATE INDEX dossiers_open_competent ON dossiers(competent_unit, urgent_at, id, status, unit_code) WHERE status NOT IN (3, 7, 8, 10);
