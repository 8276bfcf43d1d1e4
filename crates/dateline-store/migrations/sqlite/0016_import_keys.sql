-- Comments brought in from another system (Disqus, WordPress), by their id there: a second
-- import of the same file adds nothing.
CREATE TABLE import_keys (
    source      TEXT    NOT NULL,
    external_id TEXT    NOT NULL,
    comment_id  INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    PRIMARY KEY (source, external_id)
);
