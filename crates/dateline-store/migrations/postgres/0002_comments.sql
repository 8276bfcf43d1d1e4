-- Comments: pre-moderated plain-text reader comments, Terms of Use, site secrets.
--
-- Privacy: no IP address and no user agent is ever stored. `address_hash` is a keyed hash
-- (HMAC-SHA-256 under a secret that rotates daily) used for rate limits; it and `email`
-- are erased after the retention period. The commenter token is stored only as its
-- SHA-256 (`commenter_hash`).

-- NULL: the interface catalog's standard notice in the service's language.
ALTER TABLE services ADD COLUMN comment_notice TEXT;

-- Versioned Terms of Use per service; comments record the version accepted (0: the
-- built-in terms of the interface catalog, before a service publishes its own).
CREATE TABLE terms_of_use (
    service_id    BIGINT  NOT NULL REFERENCES services (id),
    version       BIGINT  NOT NULL,
    body_markdown TEXT    NOT NULL,
    body_html     TEXT    NOT NULL,
    published_at  BIGINT  NOT NULL,
    PRIMARY KEY (service_id, version)
);

CREATE TABLE comments (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id       BIGINT  NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    parent_id        BIGINT  REFERENCES comments (id),
    author_name      TEXT    NOT NULL,           -- cleaned, escaped on output
    text             TEXT    NOT NULL,           -- cleaned plain text, escaped on output
    email            TEXT,                       -- only for the publication notice; erased after retention
    state            TEXT    NOT NULL CHECK (state IN ('pending', 'approved', 'rejected', 'reported', 'deleted')),
    text_hash        TEXT,                       -- SHA-256 of the text: identical submissions
    commenter_hash   TEXT,                       -- SHA-256 of the commenter token
    address_hash     TEXT,                       -- HMAC of the client address; erased after retention
    terms_version    BIGINT  NOT NULL,
    rejection_reason TEXT,
    edited           SMALLINT NOT NULL DEFAULT 0 CHECK (edited IN (0, 1)),
    created_at       BIGINT  NOT NULL,
    moderated_at     BIGINT
);

-- An article's published thread, oldest first.
CREATE INDEX comments_by_article ON comments (article_id, state, created_at, id);
-- A commenter's own comments (pending ones on the page, export, deletion).
CREATE INDEX comments_by_commenter ON comments (commenter_hash) WHERE commenter_hash IS NOT NULL;
-- Rate limits and identical-text checks.
CREATE INDEX comments_by_address ON comments (address_hash, created_at) WHERE address_hash IS NOT NULL;
CREATE INDEX comments_by_text ON comments (text_hash, created_at) WHERE text_hash IS NOT NULL;
-- Moderation queues and the retention job.
CREATE INDEX comments_by_state ON comments (state, created_at, id);
CREATE INDEX comments_by_created ON comments (created_at);

-- Random secrets shared by every node: the form-signing key, and one key a day for
-- address hashes ("address:YYYY-MM-DD"), deleted after the retention period.
CREATE TABLE secrets (
    name       TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    created_at BIGINT  NOT NULL
);
