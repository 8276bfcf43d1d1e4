-- The comments that wait for a moderator (pending and reported), counted per service and
-- state. The console shows these counts on every page; counting 10,000 waiting comments
-- through their articles took 30 ms a request. The triggers keep the counts in the same
-- transaction as every insert, state change or deletion of a comment, whatever writes it
-- (the site, the API, the console, the command line, an import).
CREATE TABLE waiting_counts (
    service_id INTEGER NOT NULL REFERENCES services (id),
    state      TEXT    NOT NULL CHECK (state IN ('pending', 'reported')),
    n          INTEGER NOT NULL,
    PRIMARY KEY (service_id, state)
);

INSERT INTO waiting_counts (service_id, state, n)
SELECT a.service_id, c.state, COUNT(*) FROM comments c JOIN articles a ON a.id = c.article_id
WHERE c.state IN ('pending', 'reported')
GROUP BY a.service_id, c.state;

CREATE TRIGGER waiting_counts_insert AFTER INSERT ON comments
WHEN NEW.state IN ('pending', 'reported')
BEGIN
    INSERT INTO waiting_counts (service_id, state, n)
    SELECT service_id, NEW.state, 1 FROM articles WHERE id = NEW.article_id
    ON CONFLICT (service_id, state) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER waiting_counts_update AFTER UPDATE OF state ON comments
WHEN OLD.state IS NOT NEW.state
BEGIN
    UPDATE waiting_counts SET n = n - 1
    WHERE state = OLD.state AND service_id = (SELECT service_id FROM articles WHERE id = OLD.article_id);
    INSERT INTO waiting_counts (service_id, state, n)
    SELECT service_id, NEW.state, 1 FROM articles WHERE id = NEW.article_id AND NEW.state IN ('pending', 'reported')
    ON CONFLICT (service_id, state) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER waiting_counts_delete AFTER DELETE ON comments
WHEN OLD.state IN ('pending', 'reported')
BEGIN
    UPDATE waiting_counts SET n = n - 1
    WHERE state = OLD.state AND service_id = (SELECT service_id FROM articles WHERE id = OLD.article_id);
END;
