-- The per-article rate limit counts an article's recent submissions in any state.
CREATE INDEX comments_by_article_time ON comments (article_id, created_at);
