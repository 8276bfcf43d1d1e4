-- Desk forms sent after their session ended, kept (for an hour) until their writer signs in
-- again, then saved. Found by the SHA-256 of the random id in the writer's cookie.
CREATE TABLE form_stashes (
    id_hash    TEXT    PRIMARY KEY,
    path       TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX form_stashes_by_age ON form_stashes (created_at);
