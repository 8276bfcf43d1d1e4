-- The newsroom desk: reporters, translators and editors per service; stories with a
-- workflow (draft, in review, scheduled, published, unpublished), revisions, corrections
-- and translation links.
--
-- The new roles need users.role's CHECK widened, which SQLite can only do by rebuilding the
-- table with foreign keys off, outside any transaction: the store does that just before
-- this migration (`widen_user_roles` in src/lib.rs).

-- A story's place in the workflow. Public visibility stays `published_at <= now`:
-- unpublishing clears published_at (first_published_at keeps the date, for the address and
-- for restoring) and sets unpublished_at (the page answers 410).
ALTER TABLE articles ADD COLUMN in_review INTEGER NOT NULL DEFAULT 0 CHECK (in_review IN (0, 1));
ALTER TABLE articles ADD COLUMN review_note TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN owner_id INTEGER REFERENCES users (id);
ALTER TABLE articles ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE articles ADD COLUMN first_published_at INTEGER;
ALTER TABLE articles ADD COLUMN unpublished_at INTEGER;
-- A translation's source story, and the source's revision it was last checked against.
ALTER TABLE articles ADD COLUMN translation_of INTEGER REFERENCES articles (id);
ALTER TABLE articles ADD COLUMN source_revision INTEGER;
-- Whether a scheduled story's publication has been announced to every node's cache.
ALTER TABLE articles ADD COLUMN publication_announced INTEGER NOT NULL DEFAULT 1 CHECK (publication_announced IN (0, 1));
UPDATE articles SET first_published_at = published_at;
CREATE INDEX articles_by_modified ON articles (modified_at DESC, id DESC);
CREATE INDEX articles_scheduled ON articles (published_at) WHERE publication_announced = 0;
CREATE INDEX articles_by_source ON articles (translation_of) WHERE translation_of IS NOT NULL;

-- Every saved version of a story: its fields as JSON (headline, summary, body, slug, tags,
-- credits, comment policy, lead image), who saved it, when, and why.
CREATE TABLE story_revisions (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    revision   INTEGER NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('created', 'saved', 'updated', 'corrected', 'restored', 'imported', 'translated')),
    fields     TEXT    NOT NULL,
    author     TEXT    NOT NULL,
    note       TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    PRIMARY KEY (article_id, revision)
);

-- Corrections, shown dated at the end of the story in its language, kept forever.
CREATE TABLE story_corrections (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    revision   INTEGER NOT NULL,
    text       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX story_corrections_by_article ON story_corrections (article_id, created_at);
