-- The signed-in citizen: OpenID Connect sign-ins in progress, online submission drafts, and the
-- files citizens upload (kept in the database, with their metadata, in one transaction).

-- A sign-in sent to the OIDC provider and not yet back: the state (by its SHA-256), the nonce the
-- ID token must carry and the PKCE verifier. A row is used once and lives ten minutes.
CREATE TABLE oidc_logins (
    state_hash TEXT PRIMARY KEY,
    nonce      TEXT NOT NULL,
    verifier   TEXT NOT NULL,
    next_path  TEXT NOT NULL DEFAULT '/',
    created_at BIGINT NOT NULL
);
CREATE INDEX oidc_logins_created ON oidc_logins(created_at);

-- An online submission in progress, saved at every step; the answers are JSON (store.DraftAnswers).
CREATE TABLE drafts (
    id             {{IDENTITY}},
    owner_id       BIGINT NOT NULL REFERENCES users(id),
    procedure_code TEXT NOT NULL,
    procedure_name TEXT NOT NULL,
    answers        TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX drafts_owner ON drafts(owner_id, updated_at);

-- An uploaded file: first linked to a draft, then (on submit, or with a supplement) to a dossier.
-- document is the checklist entry it answers; the bytes are in file_blobs so that listings never
-- read them.
CREATE TABLE files (
    id           {{IDENTITY}},
    owner_id     BIGINT NOT NULL REFERENCES users(id),
    draft_id     BIGINT REFERENCES drafts(id),
    dossier_id   BIGINT REFERENCES dossiers(id),
    document     TEXT NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    purpose      TEXT NOT NULL DEFAULT 'submission',
    uploaded_at  BIGINT NOT NULL
);
CREATE INDEX files_draft ON files(draft_id) WHERE draft_id IS NOT NULL;
CREATE INDEX files_dossier ON files(dossier_id) WHERE dossier_id IS NOT NULL;

CREATE TABLE file_blobs (
    file_id BIGINT PRIMARY KEY REFERENCES files(id),
    data    BYTEA NOT NULL
);
