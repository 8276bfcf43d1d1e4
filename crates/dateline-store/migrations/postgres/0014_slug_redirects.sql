-- A published story's old addresses: when an editor changes its slug, the old one leads
-- to the new (a real story's slug always wins over an old one).
CREATE TABLE article_slug_redirects (
    service_id BIGINT NOT NULL REFERENCES services (id),
    slug       TEXT    NOT NULL,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (service_id, slug)
);
