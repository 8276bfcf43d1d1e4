-- Hardening after the December 2026 security review.

-- The last TOTP time step a user's code was accepted for: a code is accepted once (F19).
ALTER TABLE users ADD COLUMN totp_last_step INTEGER;

-- Sign-in attempts, counted per key before the password is checked (F3): "pair:NAME:ADDRESS"
-- for an account from one address, "address:HASH", "account:NAME" (NAME is a digest of what
-- was typed, never the text), "second-factor:USER" and "password-check:USER". A row is
-- written when an attempt starts and deleted when it succeeds, so a burst of concurrent
-- attempts is counted whole. Rows older than the longest window are deleted by the
-- retention job. Replaces login_failures.
CREATE TABLE login_attempts (
    id  INTEGER PRIMARY KEY,
    key TEXT    NOT NULL,
    at  INTEGER NOT NULL
);
CREATE INDEX login_attempts_by_key ON login_attempts (key, at);
DROP TABLE login_failures;

-- A ban belongs to the desk of the comment it was made from (F4); NULL: a ban made before
-- desks were recorded, which every service honours and only admins see.
ALTER TABLE bans ADD COLUMN service_id INTEGER REFERENCES services (id);
CREATE INDEX bans_by_service ON bans (service_id, until);

-- One report per comment and reader (F14): the reader is the keyed hash of their address,
-- erased after the retention period like the comments' own.
ALTER TABLE reports ADD COLUMN reporter_hash TEXT;
CREATE UNIQUE INDEX reports_once_per_reader ON reports (comment_id, reporter_hash);
CREATE INDEX reports_by_reporter ON reports (reporter_hash, created_at) WHERE reporter_hash IS NOT NULL;

-- Notices back off between attempts (F10).
ALTER TABLE comment_notices ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;

-- Every submission that reached the writer, accepted or refused by a limit: the per-address
-- limit counts these (F18), so deleting one's comments does not give the limit back, and a
-- refused identical text counts too (F8). `nonce` is the form token's, once its comment is
-- stored: a token works once from one address (F17). Nothing links a row to a comment; rows
-- older than an hour are deleted by the retention job.
CREATE TABLE submission_marks (
    id           INTEGER PRIMARY KEY,
    address_hash TEXT    NOT NULL,
    nonce        TEXT,
    at           INTEGER NOT NULL
);
CREATE INDEX submission_marks_by_address ON submission_marks (address_hash, at);
CREATE INDEX submission_marks_by_nonce ON submission_marks (nonce) WHERE nonce IS NOT NULL;

-- Media files written since images are cleaned of their metadata (F2): a stored file that is
-- not listed here predates the cleaning and is cleaned by `dateline media clean`.
CREATE TABLE media (
    key        TEXT    PRIMARY KEY,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);

-- Which article shows which media file (lead photo and body images): a file is served only
-- while an article that shows it is public (F24).
CREATE TABLE article_media (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    media_key  TEXT    NOT NULL,
    PRIMARY KEY (article_id, media_key)
);
CREATE INDEX article_media_by_key ON article_media (media_key);
INSERT INTO article_media (article_id, media_key)
SELECT id, lead_image_key FROM articles WHERE lead_image_key IS NOT NULL;
