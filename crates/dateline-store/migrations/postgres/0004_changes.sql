-- Changes to what public pages show, for invalidating rendered pages on every node.
-- Each row names the pages it affects as space-separated tags: "front" (the front page),
-- "list:ID" (a service's lists of articles), "service:ID" (every page of a service),
-- "article:ID", "group:ID" (the versions of a story), or "all". Written in the same transaction as the change;
-- every node reads the rows after the last one it saw (and, on PostgreSQL, is woken by
-- NOTIFY dateline_changes). Rows older than an hour are deleted by the retention job.
CREATE TABLE changes (
    id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at   BIGINT  NOT NULL,
    tags TEXT    NOT NULL
);
