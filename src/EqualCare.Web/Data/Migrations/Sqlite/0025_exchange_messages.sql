-- Messages between the residence place (现居住地) and the registration place (户籍地), issue 16 point 3: 通报, 协查 and its
-- 反馈, the quarter's 回执 and 婚育证明 代办 (docs/exchange.md). A row is written once by its sender; its content never
-- changes and it is never deleted. An answer is a new row naming the request (in_reply_to); the request keeps when it was
-- first read and when it was answered, each set once, so both offices' lists and the 协查 rates are range queries.
-- message_id is globally unique: the same table is the outbox and the inbox when delivery between installations comes.
CREATE TABLE exchange_messages (
    id                INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    message_id        TEXT    NOT NULL,
    kind              INTEGER NOT NULL,
    topic             INTEGER NULL,
    urgent            INTEGER NOT NULL DEFAULT 0,
    sender_code       TEXT    NOT NULL,
    receiver_code     TEXT    NOT NULL,
    subject_person_id INTEGER NULL REFERENCES persons (id),
    subject_id_number TEXT    NOT NULL,
    in_reply_to       TEXT    NULL,
    payload           TEXT    NOT NULL,
    created_at        TEXT    NOT NULL,
    created_by        TEXT    NOT NULL,
    due_on            TEXT    NULL,
    read_at           TEXT    NULL,
    read_by           TEXT    NULL,
    answered_at       TEXT    NULL,
    answered_on       TEXT    NULL,
    answer_message_id TEXT    NULL
);
CREATE UNIQUE INDEX ix_exchange_messages_message_id ON exchange_messages (message_id);
-- One answer per request: two offices' users answering at once leave one answer, the other is told it was answered.
CREATE UNIQUE INDEX ux_exchange_messages_reply ON exchange_messages (in_reply_to) WHERE in_reply_to IS NOT NULL;
-- Each office's inbox and outbox (an office's scope is a code range), and the 协查 rates by due day.
CREATE INDEX ix_exchange_messages_receiver ON exchange_messages (receiver_code, kind, due_on);
CREATE INDEX ix_exchange_messages_sender ON exchange_messages (sender_code, kind, due_on);
CREATE INDEX ix_exchange_messages_subject ON exchange_messages (subject_id_number);
CREATE TRIGGER exchange_messages_no_delete BEFORE DELETE ON exchange_messages
    BEGIN SELECT RAISE(ABORT, 'exchange_messages is append-only'); END;
CREATE TRIGGER exchange_messages_set_once BEFORE UPDATE ON exchange_messages WHEN
    NEW.message_id <> OLD.message_id OR NEW.kind <> OLD.kind OR NEW.topic IS NOT OLD.topic OR NEW.urgent <> OLD.urgent
    OR NEW.sender_code <> OLD.sender_code OR NEW.receiver_code <> OLD.receiver_code
    OR NEW.subject_person_id IS NOT OLD.subject_person_id OR NEW.subject_id_number <> OLD.subject_id_number
    OR NEW.in_reply_to IS NOT OLD.in_reply_to OR NEW.payload <> OLD.payload OR NEW.created_at <> OLD.created_at
    OR NEW.created_by <> OLD.created_by OR NEW.due_on IS NOT OLD.due_on
    OR (OLD.read_at IS NOT NULL AND (NEW.read_at IS NOT OLD.read_at OR NEW.read_by IS NOT OLD.read_by))
    OR (OLD.answered_at IS NOT NULL AND (NEW.answered_at IS NOT OLD.answered_at OR NEW.answered_on IS NOT OLD.answered_on
        OR NEW.answer_message_id IS NOT OLD.answer_message_id))
    BEGIN SELECT RAISE(ABORT, 'exchange_messages: content is written once; reading and answering are set once'); END;

-- Reports the registration place received for its people (the 回执 of a quarter's 康检 / 避孕节育情况报告单), read with its
-- outflow cases. One row per message (a repeated delivery changes nothing); never changed.
CREATE TABLE received_reports (
    id                INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    message_id        TEXT    NOT NULL,
    receiver_code     TEXT    NOT NULL,
    sender_code       TEXT    NOT NULL,
    subject_id_number TEXT    NOT NULL,
    subject_name      TEXT    NOT NULL,
    period            TEXT    NOT NULL,
    payload           TEXT    NOT NULL,
    received_at       TEXT    NOT NULL
);
CREATE UNIQUE INDEX ix_received_reports_message_id ON received_reports (message_id);
CREATE INDEX ix_received_reports_receiver ON received_reports (receiver_code, subject_id_number, period);
CREATE TRIGGER received_reports_no_update BEFORE UPDATE ON received_reports
    BEGIN SELECT RAISE(ABORT, 'received_reports is append-only'); END;
CREATE TRIGGER received_reports_no_delete BEFORE DELETE ON received_reports
    BEGIN SELECT RAISE(ABORT, 'received_reports is append-only'); END;
