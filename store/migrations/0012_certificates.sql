-- Digital signatures (ký số): the certificate registry — authorities trusted to issue, units'
-- seals, people's signatures, with private keys sealed by a master key kept outside the
-- database — and every signature motcua put on a result.

CREATE TABLE certificates (
    id             {{IDENTITY}},
    kind           TEXT NOT NULL,
    unit_code      TEXT NOT NULL DEFAULT '',
    user_id        BIGINT REFERENCES users(id),
    subject        TEXT NOT NULL,
    serial         TEXT NOT NULL,
    issuer         TEXT NOT NULL,
    not_before     BIGINT NOT NULL,
    not_after      BIGINT NOT NULL,
    cert_pem       TEXT NOT NULL,
    chain_pem      TEXT NOT NULL DEFAULT '',
    key_sealed     TEXT NOT NULL DEFAULT '',
    created_at     BIGINT NOT NULL,
    revoked_at     BIGINT,
    revoked_reason TEXT NOT NULL DEFAULT '',
    UNIQUE (issuer, serial)
);
CREATE INDEX certificates_unit ON certificates(kind, unit_code);
CREATE INDEX certificates_user ON certificates(kind, user_id);

CREATE TABLE document_signatures (
    id             {{IDENTITY}},
    dossier_id     BIGINT NOT NULL REFERENCES dossiers(id),
    file_id        BIGINT NOT NULL REFERENCES files(id),
    certificate_id BIGINT NOT NULL REFERENCES certificates(id),
    step           TEXT NOT NULL,
    signed_at      BIGINT NOT NULL,
    sha256         TEXT NOT NULL
);
CREATE INDEX document_signatures_sha ON document_signatures(sha256);
CREATE INDEX document_signatures_dossier ON document_signatures(dossier_id, id);
