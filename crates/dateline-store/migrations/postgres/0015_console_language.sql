-- The language of the console's own text, chosen by each user (NULL: the browser's, else English).
ALTER TABLE users ADD COLUMN console_language TEXT;
