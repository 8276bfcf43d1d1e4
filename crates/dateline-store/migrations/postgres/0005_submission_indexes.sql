-- The per-article rate limit counts an article's recent submissions in any state.
CREATE INDEX comments_by_article_time ON comments (article_id, created_at);

-- Time to moderation on the console's dashboard reads the decisions of the last 7 days.
CREATE INDEX comments_by_moderated ON comments (moderated_at) WHERE moderated_at IS NOT NULL;
