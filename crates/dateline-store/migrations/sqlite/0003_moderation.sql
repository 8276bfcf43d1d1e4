-- Moderation: accounts, sessions, login throttling, comment versions, bans, reports, and
-- the append-only audit log.

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    name                TEXT    NOT NULL UNIQUE,
    role                TEXT    NOT NULL CHECK (role IN ('admin', 'moderator', 'editor')),
    password_hash       TEXT    NOT NULL,           -- Argon2id, PHC string
    disabled            INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    totp_secret         TEXT,                       -- base32; NULL: no second factor
    created_at          INTEGER NOT NULL,
    password_changed_at INTEGER NOT NULL
);

-- The services a moderator moderates (admins moderate all; editors none).
CREATE TABLE user_services (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    service_id INTEGER NOT NULL REFERENCES services (id),
    PRIMARY KEY (user_id, service_id)
);

-- One-time recovery codes for the second factor, stored as SHA-256.
CREATE TABLE recovery_codes (
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT    NOT NULL,
    used_at   INTEGER,
    PRIMARY KEY (user_id, code_hash)
);

-- Sessions live in the database so that every node shares them. The cookie holds a random
-- id; the table keeps only its SHA-256.
CREATE TABLE sessions (
    id_hash             TEXT    PRIMARY KEY,
    user_id             INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token          TEXT    NOT NULL,
    second_factor_due   INTEGER NOT NULL DEFAULT 0 CHECK (second_factor_due IN (0, 1)),
    created_at          INTEGER NOT NULL,
    last_seen_at        INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Failed logins, by account ("account:NAME") and by hashed address ("address:HASH").
CREATE TABLE login_failures (
    key TEXT    NOT NULL,
    at  INTEGER NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (key, at);

-- Every version of a comment's text: version 1 is the author's, later ones moderators' edits.
CREATE TABLE comment_versions (
    comment_id INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    text       TEXT    NOT NULL,
    edited_by  TEXT,                                -- moderator's name; NULL: the author
    created_at INTEGER NOT NULL,
    PRIMARY KEY (comment_id, version)
);

-- Bans of a commenter: by token hash, by address hash, or both, until a time.
CREATE TABLE bans (
    id             INTEGER PRIMARY KEY,
    commenter_hash TEXT,
    address_hash   TEXT,
    reason         TEXT    NOT NULL,
    banned_by      TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    until          INTEGER NOT NULL,
    lifted_at      INTEGER
);
CREATE INDEX bans_by_commenter ON bans (commenter_hash) WHERE commenter_hash IS NOT NULL;
CREATE INDEX bans_by_address ON bans (address_hash) WHERE address_hash IS NOT NULL;

-- Readers' reports of published comments.
CREATE TABLE reports (
    id         INTEGER PRIMARY KEY,
    comment_id INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    reason     TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX reports_by_comment ON reports (comment_id);

-- The audit log: who did what to what, when, before and after. Append-only: the triggers
-- refuse any change or deletion. Entries about comments record states and version numbers,
-- never comment text, so that an author's deletion leaves no copy here.
CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY,
    at     INTEGER NOT NULL,
    actor  TEXT    NOT NULL,
    action TEXT    NOT NULL,
    object TEXT    NOT NULL,
    before TEXT,
    after  TEXT
);
CREATE INDEX audit_log_by_at ON audit_log (at);
CREATE INDEX audit_log_by_actor ON audit_log (actor, at);
CREATE INDEX audit_log_by_action ON audit_log (action, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
