-- {{IDENTITY}} is the dialect's auto-increment primary key (see migrate.go); everything else is shared.
-- Instants are Unix milliseconds (BIGINT) on both databases, so queries and indexes are the same.
CREATE TABLE units (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    parent_code TEXT REFERENCES units(code),
    level       INTEGER NOT NULL,
    sessions    TEXT NOT NULL DEFAULT '',
    counters    TEXT NOT NULL DEFAULT '[]',
    address     TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    valid_from  BIGINT,
    valid_to    BIGINT
);
CREATE INDEX units_parent ON units(parent_code);

-- Re-parenting from a date keeps the earlier parent for statistics of the past.
CREATE TABLE unit_parents (
    unit_code   TEXT NOT NULL REFERENCES units(code),
    parent_code TEXT REFERENCES units(code),
    valid_from  BIGINT NOT NULL,
    PRIMARY KEY (unit_code, valid_from)
);

CREATE TABLE procedures (
    code            TEXT PRIMARY KEY,
    current_version INTEGER NOT NULL
);

CREATE TABLE procedure_versions (
    code         TEXT NOT NULL REFERENCES procedures(code),
    version      INTEGER NOT NULL,
    name         TEXT NOT NULL,
    search       TEXT NOT NULL,
    field_code   TEXT NOT NULL,
    online_level TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (code, version)
);

CREATE TABLE procedure_units (
    code      TEXT NOT NULL REFERENCES procedures(code),
    unit_code TEXT NOT NULL REFERENCES units(code),
    PRIMARY KEY (code, unit_code)
);
CREATE INDEX procedure_units_unit ON procedure_units(unit_code);

CREATE TABLE users (
    id            {{IDENTITY}},
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    full_name     TEXT NOT NULL DEFAULT '',
    id_number     TEXT,
    created_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX users_id_number ON users(id_number) WHERE id_number IS NOT NULL;

CREATE TABLE user_roles (
    user_id   BIGINT NOT NULL REFERENCES users(id),
    role      TEXT NOT NULL,
    unit_code TEXT NOT NULL DEFAULT '' ,
    PRIMARY KEY (user_id, role, unit_code)
);
CREATE INDEX user_roles_unit ON user_roles(unit_code, role);

CREATE TABLE tokens (
    hash       TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT
);

-- One row per unit and day; the row lock serialises concurrent intakes and a rolled-back
-- transaction gives its number back, so codes are gap-free.
CREATE TABLE dossier_sequences (
    unit_code TEXT NOT NULL,
    day       TEXT NOT NULL,
    last      INTEGER NOT NULL,
    PRIMARY KEY (unit_code, day)
);

CREATE TABLE dossiers (
    id                 {{IDENTITY}},
    code               TEXT NOT NULL UNIQUE,
    tracking_secret    TEXT NOT NULL,
    procedure_code     TEXT NOT NULL,
    procedure_version  INTEGER NOT NULL,
    procedure_name     TEXT NOT NULL,
    unit_code          TEXT NOT NULL,
    competent_unit     TEXT NOT NULL,
    channel            TEXT NOT NULL,
    applicant          TEXT NOT NULL,
    applicant_id_number TEXT NOT NULL DEFAULT '',
    owner_id           BIGINT,
    summary            TEXT NOT NULL DEFAULT '',
    legal_time         TEXT NOT NULL,
    status             INTEGER NOT NULL,
    prev_status        INTEGER NOT NULL DEFAULT 0,
    version            INTEGER NOT NULL,
    step               INTEGER NOT NULL,
    step_key           TEXT NOT NULL,
    step_name          TEXT NOT NULL,
    step_role          TEXT NOT NULL,
    step_unit          TEXT NOT NULL,
    step_received_at   BIGINT NOT NULL,
    step_due_at        BIGINT,
    transfer_from_unit TEXT NOT NULL DEFAULT '',
    created_at         BIGINT NOT NULL,
    received_at        BIGINT,
    due_at             BIGINT,
    finished_at        BIGINT,
    returned_at        BIGINT,
    paused_at          BIGINT,
    reschedules        INTEGER NOT NULL DEFAULT 0,
    return_method      TEXT NOT NULL DEFAULT '',
    -- Who can act now (the inbox): denormalised so the inbox is one index range per role.
    act_unit           TEXT,
    act_role           TEXT,
    urgent_at          BIGINT NOT NULL
);
CREATE INDEX dossiers_inbox ON dossiers(act_unit, act_role, urgent_at, id) WHERE act_unit IS NOT NULL;
CREATE INDEX dossiers_open_unit ON dossiers(unit_code, urgent_at, id) WHERE status NOT IN (3, 7, 8, 10);
CREATE INDEX dossiers_open_competent ON dossiers(competent_unit, urgent_at, id) WHERE status NOT IN (3, 7, 8, 10);
CREATE INDEX dossiers_unit_created ON dossiers(unit_code, created_at, id);
CREATE INDEX dossiers_competent_created ON dossiers(competent_unit, created_at, id);
CREATE INDEX dossiers_owner ON dossiers(owner_id, created_at) WHERE owner_id IS NOT NULL;

CREATE TABLE dossier_events (
    id          {{IDENTITY}},
    dossier_id  BIGINT NOT NULL REFERENCES dossiers(id),
    at          BIGINT NOT NULL,
    actor_id    BIGINT,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    from_status INTEGER NOT NULL,
    to_status   INTEGER NOT NULL,
    step        TEXT NOT NULL,
    step_unit   TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    payload     TEXT
);
CREATE INDEX dossier_events_dossier ON dossier_events(dossier_id, id);

CREATE TABLE holiday_schedules (
    year      INTEGER PRIMARY KEY,
    body      TEXT NOT NULL,
    loaded_at BIGINT NOT NULL
);
