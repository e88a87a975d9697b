-- Delivery of messages between installations (issue 16 point 4, docs/exchange.md part 2). Each installation serves a set of
-- division-code prefixes; the partners that serve other prefixes are kept here, edited by the system administrator.
CREATE TABLE exchange_partners (
    id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    installation_id TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    prefixes        TEXT    NOT NULL,
    base_address    TEXT    NOT NULL,
    public_key      TEXT    NOT NULL,
    enabled         INTEGER NOT NULL DEFAULT 1,
    updated_at      TEXT    NOT NULL,
    updated_by      TEXT    NOT NULL
);
CREATE UNIQUE INDEX ux_exchange_partners_installation ON exchange_partners (installation_id);

-- The transactional outbox: one row per message for a partner, written in the transaction of the message row itself
-- (exchange_messages), so a message exists with its delivery or not at all. body is the exact JSON signed and sent; the
-- delivery state changes (attempts, next attempt, delivered), the message never does. case_key orders delivery: a row
-- is sent only when no earlier row of the same case (the person's ID number) for the same partner is still undelivered.
CREATE TABLE exchange_outbox (
    id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    message_id      TEXT    NOT NULL,
    partner_id      INTEGER NOT NULL REFERENCES exchange_partners (id),
    case_key        TEXT    NOT NULL,
    kind            INTEGER NOT NULL,
    body            TEXT    NOT NULL,
    state           INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    last_error      TEXT    NULL,
    created_at      TEXT    NOT NULL,
    delivered_at    TEXT    NULL
);
CREATE UNIQUE INDEX ux_exchange_outbox_message ON exchange_outbox (message_id);
CREATE INDEX ix_exchange_outbox_due ON exchange_outbox (state, next_attempt_at);
CREATE INDEX ix_exchange_outbox_case ON exchange_outbox (partner_id, case_key, state, id);
CREATE TRIGGER exchange_outbox_no_delete BEFORE DELETE ON exchange_outbox
    BEGIN SELECT RAISE(ABORT, 'exchange_outbox keeps every message sent'); END;

-- The idempotent inbox: one row per message applied from a partner, written with the message it applied. The unique
-- message id is what makes a retried delivery change nothing; body_sha256 tells an identical replay (answered with the
-- original success) from a different body under a used id (refused). Never changed, never deleted.
CREATE TABLE exchange_inbox (
    id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    message_id      TEXT    NOT NULL,
    partner_id      INTEGER NOT NULL REFERENCES exchange_partners (id),
    kind            INTEGER NOT NULL,
    receiver_code   TEXT    NOT NULL,
    body_sha256     TEXT    NOT NULL,
    received_at     TEXT    NOT NULL
);
CREATE UNIQUE INDEX ux_exchange_inbox_message ON exchange_inbox (message_id);
CREATE INDEX ix_exchange_inbox_receiver ON exchange_inbox (receiver_code, kind);
CREATE TRIGGER exchange_inbox_no_update BEFORE UPDATE ON exchange_inbox
    BEGIN SELECT RAISE(ABORT, 'exchange_inbox is append-only'); END;
CREATE TRIGGER exchange_inbox_no_delete BEFORE DELETE ON exchange_inbox
    BEGIN SELECT RAISE(ABORT, 'exchange_inbox is append-only'); END;
