-- Comments on pages of other sites (the embed): such a page's story holds its address and
-- is never listed (homes, tags, feeds, sitemaps, the desk); one story per page and service.
ALTER TABLE articles ADD COLUMN external_url TEXT;
CREATE UNIQUE INDEX articles_by_external_url ON articles (service_id, external_url) WHERE external_url IS NOT NULL;
-- The origins (scheme, host, port) whose pages may carry a service's comments, one a line.
ALTER TABLE services ADD COLUMN embed_origins TEXT NOT NULL DEFAULT '';
