-- Digitisation and re-use (issue 4; index of Decision 766, group "Digitisation", 22 points).
--
-- A paper received at the counter and scanned is a file with purpose 'digitised': its document is
-- the checklist entry it is a scan of, its owner_id the officer who digitised it and uploaded_at
-- when. A signed result (purpose 'result_signed') is an electronic result. Neither needs a new
-- column; what the files table cannot tell is where a file came from when it was not uploaded
-- but taken from the applicant's earlier dossiers: that is this table.
--
-- One row per re-use: the copy (new_file_id, a file row of its own with the same bytes) put on a
-- draft (draft_id, kept as it was at the time: the draft is gone once submitted) or on a dossier
-- (dossier_id), taken from source_file_id, by whom and when. Where the copy is now is the file's
-- own dossier_id; removing the copy from a draft removes the record with it.
CREATE TABLE file_reuses (
    id             {{IDENTITY}},
    dossier_id     BIGINT REFERENCES dossiers(id),
    draft_id       BIGINT,
    source_file_id BIGINT NOT NULL REFERENCES files(id),
    new_file_id    BIGINT NOT NULL UNIQUE REFERENCES files(id) ON DELETE CASCADE,
    by_user        BIGINT NOT NULL REFERENCES users(id),
    at             BIGINT NOT NULL
);
CREATE INDEX file_reuses_source ON file_reuses(source_file_id);

-- The figures count dossiers received in a period.
CREATE INDEX dossiers_received ON dossiers(received_at) WHERE received_at IS NOT NULL;
-- A dossier's files by purpose: does it have a digitised paper, a signed result.
CREATE INDEX files_dossier_purpose ON files(dossier_id, purpose) WHERE dossier_id IS NOT NULL;
