-- Email notices to commenters whose comment is published. A notice is queued in the same
-- transaction as the approval, if the commenter gave an address; the server sends it when an
-- SMTP relay is configured, and the address is erased from the comment once it is sent.
CREATE TABLE comment_notices (
    comment_id BIGINT  PRIMARY KEY REFERENCES comments (id) ON DELETE CASCADE,
    queued_at  BIGINT  NOT NULL,
    attempts   BIGINT  NOT NULL DEFAULT 0,
    last_error TEXT
);
