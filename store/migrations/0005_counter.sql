-- The counter: what the desk recorded at intake, which officer sits at which counter, the kiosk
-- tablets' keys, citizens' satisfaction ratings and at-home service appointments.
-- Flags are INTEGER 0/1 so that both databases read them the same way.

-- One row per dossier taken in at a desk (or outside the centre by a desk officer): the case
-- chosen, how many sets, how the result will be collected, and where and when an intake made
-- outside the centre or outside office hours took place.
CREATE TABLE dossier_intakes (
    dossier_id     BIGINT PRIMARY KEY REFERENCES dossiers(id),
    case_name      TEXT NOT NULL DEFAULT '',
    sets           INTEGER NOT NULL DEFAULT 1,
    delivery       TEXT NOT NULL DEFAULT 'counter',
    place          TEXT NOT NULL DEFAULT '',
    place_at       BIGINT,
    unit_counter   TEXT NOT NULL DEFAULT '',
    officer_id     BIGINT REFERENCES users(id),
    decision       TEXT NOT NULL,
    appointment_id BIGINT
);

-- The case's checklist as the officer ticked it: each required paper, whether it was handed in
-- and how many originals and copies.
CREATE TABLE dossier_intake_documents (
    dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
    pos        INTEGER NOT NULL,
    name       TEXT NOT NULL,
    required   INTEGER NOT NULL DEFAULT 0,
    received   INTEGER NOT NULL DEFAULT 0,
    originals  INTEGER NOT NULL DEFAULT 0,
    copies     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (dossier_id, pos)
);

-- Who sits at a counter now. An officer sits at one counter at a time; the kiosk on the counter
-- shows them and the last dossier they handled since they sat down.
CREATE TABLE counter_desks (
    unit_code TEXT NOT NULL REFERENCES units(code),
    counter   TEXT NOT NULL,
    user_id   BIGINT NOT NULL UNIQUE REFERENCES users(id),
    since     BIGINT NOT NULL,
    PRIMARY KEY (unit_code, counter)
);

-- One device key per counter, stored as its SHA-256; a new key replaces the old one.
CREATE TABLE kiosk_keys (
    unit_code  TEXT NOT NULL REFERENCES units(code),
    counter    TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (unit_code, counter)
);

-- A citizen's rating of one dossier's service: 3 very satisfied, 2 satisfied, 1 not satisfied;
-- at most one per dossier and channel (the counter's kiosk, online).
CREATE TABLE ratings (
    id         {{IDENTITY}},
    dossier_id BIGINT NOT NULL REFERENCES dossiers(id),
    channel    TEXT NOT NULL,
    value      INTEGER NOT NULL CHECK (value BETWEEN 1 AND 3),
    reason     TEXT NOT NULL DEFAULT '',
    comment    TEXT NOT NULL DEFAULT '',
    officer_id BIGINT REFERENCES users(id),
    unit_code  TEXT NOT NULL,
    counter    TEXT NOT NULL DEFAULT '',
    rated_by   BIGINT REFERENCES users(id),
    at         BIGINT NOT NULL,
    UNIQUE (dossier_id, channel)
);
CREATE INDEX ratings_unit_at ON ratings(unit_code, at);
CREATE INDEX ratings_officer_at ON ratings(officer_id, at);

-- A citizen asks an officer to come and take a dossier in at home (the elderly, the ill).
CREATE TABLE appointments (
    id             {{IDENTITY}},
    ref            TEXT NOT NULL UNIQUE,
    procedure_code TEXT NOT NULL REFERENCES procedures(code),
    procedure_name TEXT NOT NULL,
    unit_code      TEXT NOT NULL REFERENCES units(code),
    name           TEXT NOT NULL,
    phone          TEXT NOT NULL,
    address        TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    day            TEXT NOT NULL,
    slot           TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'booked',
    citizen_id     BIGINT REFERENCES users(id),
    created_at     BIGINT NOT NULL,
    handled_by     BIGINT REFERENCES users(id),
    handled_at     BIGINT,
    dossier_code   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX appointments_unit_day ON appointments(unit_code, status, day);
CREATE INDEX appointments_phone ON appointments(phone, status, day);

-- The kiosk asks "what did the officer at this counter handle last": events by actor and time.
CREATE INDEX dossier_events_actor ON dossier_events(actor_id, at);
