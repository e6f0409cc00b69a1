-- Web sign-in: server-side sessions, login throttling and the personal-data access log. All of it
-- lives in the database so that several server processes share it.

-- A session is known by the SHA-256 of its random cookie value; the value itself is never stored.
CREATE TABLE sessions (
    hash       TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    last_seen  BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    address    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expires ON sessions(expires_at);

-- One row per failed sign-in, counted per account (kind 'account', the username as typed, folded
-- to lower case) and per client address (kind 'address'). Rows older than the window are pruned.
CREATE TABLE login_failures (
    id      {{IDENTITY}},
    kind    TEXT NOT NULL,
    subject TEXT NOT NULL,
    at      BIGINT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(kind, subject, at);
CREATE INDEX login_failures_at ON login_failures(at);

-- Decree 13/2023: who opened a dossier's personal data, when, and on which screen.
CREATE TABLE personal_data_access (
    id         {{IDENTITY}},
    dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
    user_id    BIGINT NOT NULL REFERENCES users(id),
    at         BIGINT NOT NULL,
    screen     TEXT NOT NULL
);
CREATE INDEX personal_data_access_dossier ON personal_data_access(dossier_id, at);

-- A citizen sees accesses to the dossiers filed with their ID number, not only those they
-- submitted from their account.
CREATE INDEX dossiers_applicant_id ON dossiers(applicant_id_number);
