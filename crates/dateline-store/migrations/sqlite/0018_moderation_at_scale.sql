-- Word lists, per service: an entry as typed, and what a comment containing it gets.
CREATE TABLE word_entries (
    id          INTEGER PRIMARY KEY,
    service_id  INTEGER NOT NULL REFERENCES services (id),
    entry       TEXT    NOT NULL,
    action      TEXT    NOT NULL CHECK (action IN ('label', 'hold', 'reject')),
    reason      TEXT,   -- a Terms of Use reason, with 'reject' only
    created_at  INTEGER NOT NULL,
    UNIQUE (service_id, entry)
);

-- The labels the checks gave a comment when it was submitted, comma-separated in the
-- checks' order (link, first, word:ENTRY, attack).
ALTER TABLE comments ADD COLUMN labels TEXT NOT NULL DEFAULT '';

-- Lockdown: every story of the service takes no comments while it is 1; each story's own
-- policy is kept, so lifting it reopens them as they were.
ALTER TABLE services ADD COLUMN locked_down INTEGER NOT NULL DEFAULT 0 CHECK (locked_down IN (0, 1));

-- Attack mode: 'off', 'on', or 'auto' (on while submissions pass a rate).
ALTER TABLE services ADD COLUMN attack_mode TEXT NOT NULL DEFAULT 'off' CHECK (attack_mode IN ('off', 'on', 'auto'));

-- Campaigns of copied comments: each comment's MinHash signature (NULL until placed, ''
-- when too short to compare), the bands that find its copies, and its campaign.
CREATE TABLE campaigns (
    id          INTEGER PRIMARY KEY,
    created_at  INTEGER NOT NULL
);
ALTER TABLE comments ADD COLUMN signature TEXT;
ALTER TABLE comments ADD COLUMN campaign_id INTEGER REFERENCES campaigns (id);
CREATE INDEX comments_unplaced ON comments (id) WHERE signature IS NULL;
CREATE INDEX comments_by_campaign ON comments (campaign_id) WHERE campaign_id IS NOT NULL;
CREATE TABLE comment_bands (
    band        INTEGER NOT NULL,
    comment_id  INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL
);
CREATE INDEX comment_bands_by_band ON comment_bands (band, created_at);
-- Comments from before are history: not compared as copies.
UPDATE comments SET signature = '';
