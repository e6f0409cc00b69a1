-- Notices to applicants (email, SMS), queued in the same transaction as the action that calls
-- for them and sent later by a delivery worker: sending never blocks or undoes an action.
-- status: pending (to send at next_at), sent, failed (gave up; an officer may retry), skipped
-- (no channel configured). A worker holds a claimed notice until claimed_until; attempts counts
-- claims, so it also fences a worker whose lease ran out.

CREATE TABLE outbox (
    id            {{IDENTITY}},
    dossier_id    BIGINT NOT NULL REFERENCES dossiers(id),
    kind          TEXT NOT NULL,
    channel       TEXT NOT NULL,
    recipient     TEXT NOT NULL,
    facts         TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'pending',
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    next_at       BIGINT NOT NULL,
    claimed_until BIGINT,
    sent_at       BIGINT
);
CREATE INDEX outbox_due ON outbox(next_at, id) WHERE status = 'pending';
CREATE INDEX outbox_dossier ON outbox(dossier_id, id);
