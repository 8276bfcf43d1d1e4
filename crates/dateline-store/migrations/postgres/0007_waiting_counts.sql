-- The comments that wait for a moderator (pending and reported), counted per service and
-- state. The console shows these counts on every page; counting 10,000 waiting comments
-- through their articles took 30 ms a request. The triggers keep the counts in the same
-- transaction as every insert, state change or deletion of a comment, whatever writes it
-- (the site, the API, the console, the command line, an import).
CREATE TABLE waiting_counts (
    service_id BIGINT NOT NULL REFERENCES services (id),
    state      TEXT   NOT NULL CHECK (state IN ('pending', 'reported')),
    n          BIGINT NOT NULL,
    PRIMARY KEY (service_id, state)
);

INSERT INTO waiting_counts (service_id, state, n)
SELECT a.service_id, c.state, COUNT(*) FROM comments c JOIN articles a ON a.id = c.article_id
WHERE c.state IN ('pending', 'reported')
GROUP BY a.service_id, c.state;

-- New comments arrive in batches (group commit): one statement-level trigger counts a
-- whole batch with one row update per service, not one per comment.
CREATE FUNCTION count_inserted_waiting_comments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO waiting_counts (service_id, state, n)
    SELECT a.service_id, c.state, COUNT(*) FROM inserted c JOIN articles a ON a.id = c.article_id
    WHERE c.state IN ('pending', 'reported')
    GROUP BY a.service_id, c.state
    ON CONFLICT (service_id, state) DO UPDATE SET n = waiting_counts.n + EXCLUDED.n;
    RETURN NULL;
END;
$$;

CREATE TRIGGER waiting_counts_insert AFTER INSERT ON comments
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION count_inserted_waiting_comments();

-- Moderators change one comment at a time.
CREATE FUNCTION count_changed_waiting_comment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.state IN ('pending', 'reported') THEN
        UPDATE waiting_counts SET n = n - 1
        WHERE state = OLD.state AND service_id = (SELECT service_id FROM articles WHERE id = OLD.article_id);
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.state IN ('pending', 'reported') THEN
        INSERT INTO waiting_counts (service_id, state, n)
        SELECT service_id, NEW.state, 1 FROM articles WHERE id = NEW.article_id
        ON CONFLICT (service_id, state) DO UPDATE SET n = waiting_counts.n + 1;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER waiting_counts_update AFTER UPDATE OF state ON comments
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state)
    EXECUTE FUNCTION count_changed_waiting_comment();

CREATE TRIGGER waiting_counts_delete AFTER DELETE ON comments
    FOR EACH ROW WHEN (OLD.state IN ('pending', 'reported'))
    EXECUTE FUNCTION count_changed_waiting_comment();
