-- How a finished dossier was classified (early, on_time, late) by the rule in force when it was
-- finished: practice compares dates, some provinces compare instants (policy
-- timeliness_by_instant). Kept so that a later change of the rule does not rewrite history.
ALTER TABLE dossiers ADD COLUMN finish_class TEXT NOT NULL DEFAULT '';
