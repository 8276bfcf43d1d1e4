-- The media library: photos newest first, each with the stories that show it and the
-- words the last of them gave it.
CREATE INDEX media_by_added ON media (created_at, key);
CREATE INDEX articles_by_lead_image ON articles (lead_image_key) WHERE lead_image_key IS NOT NULL;
