-- Foundation: language services and their articles.
--
-- Times are INTEGER microseconds since the Unix epoch (UTC) on both databases, so one SQL
-- text serves SQLite and PostgreSQL alike. Flags are 0/1 integers for the same reason.

-- A language desk ("Korean Service"). `code` is also the URL prefix.
CREATE TABLE services (
    id             INTEGER PRIMARY KEY,
    code           TEXT    NOT NULL UNIQUE,
    name           TEXT    NOT NULL,             -- in English: "Korean"
    native_name    TEXT    NOT NULL,             -- in its own language: "한국어"
    language       TEXT    NOT NULL,             -- BCP-47 tag
    direction      TEXT    NOT NULL CHECK (direction IN ('ltr', 'rtl')),
    time_zone      TEXT    NOT NULL,             -- IANA name
    comment_policy TEXT    NOT NULL DEFAULT 'open' CHECK (comment_policy IN ('open', 'closed', 'hidden')),
    created_at     INTEGER NOT NULL
);

CREATE TABLE articles (
    id                    INTEGER PRIMARY KEY,
    service_id            INTEGER NOT NULL REFERENCES services (id),
    slug                  TEXT    NOT NULL,
    headline              TEXT    NOT NULL,
    summary               TEXT    NOT NULL DEFAULT '',
    body_markdown         TEXT    NOT NULL,
    body_html             TEXT    NOT NULL,      -- rendered and sanitized at save time
    published_at          INTEGER,               -- NULL: draft; in the future: scheduled
    updated_at            INTEGER,               -- the update time shown to readers
    comment_policy        TEXT CHECK (comment_policy IN ('open', 'closed', 'hidden')), -- NULL: the service's
    translation_group     INTEGER,               -- shared by the versions of one story
    lead_image_key        TEXT,                  -- media file name; NULL: no lead photo
    lead_image_caption    TEXT    NOT NULL DEFAULT '',
    lead_image_alt        TEXT    NOT NULL DEFAULT '',
    lead_image_credit     TEXT    NOT NULL DEFAULT '',
    lead_image_file_photo INTEGER NOT NULL DEFAULT 0 CHECK (lead_image_file_photo IN (0, 1)),
    lead_image_width      INTEGER NOT NULL DEFAULT 0,
    lead_image_height     INTEGER NOT NULL DEFAULT 0,
    created_at            INTEGER NOT NULL,
    modified_at           INTEGER NOT NULL,      -- last write of any kind
    UNIQUE (service_id, slug)
);

-- Service homes and the front page read the newest public articles of a service.
CREATE INDEX articles_by_service_published ON articles (service_id, published_at DESC, id DESC);
CREATE INDEX articles_by_translation_group ON articles (translation_group) WHERE translation_group IS NOT NULL;

-- Credits in the order given; `names` is a JSON array of strings.
CREATE TABLE article_credits (
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    role        TEXT    NOT NULL,
    names       TEXT    NOT NULL,
    for_service TEXT,                            -- a service code: "for the Korean Service"
    PRIMARY KEY (article_id, position)
);

-- Tags: `tag_slug` is the URL form, `tag_name` the display form.
CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    tag_slug   TEXT    NOT NULL,
    tag_name   TEXT    NOT NULL,
    PRIMARY KEY (article_id, tag_slug)
);
CREATE INDEX article_tags_by_slug ON article_tags (tag_slug, article_id);
