-- The directory of people behind credits: a name per language or script, a public page
-- per service, perhaps a console user. A name belongs to one person (checked by the domain).
CREATE TABLE people (
    id         INTEGER PRIMARY KEY,
    slug       TEXT    NOT NULL UNIQUE,
    user_id    INTEGER UNIQUE REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE person_names (
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    language  TEXT    NOT NULL,              -- BCP 47: ko, ko-Latn, en, zh-Hans, ug
    name      TEXT    NOT NULL,
    PRIMARY KEY (person_id, position)
);
CREATE INDEX person_names_by_name ON person_names (name);

-- Every name an article's credits give, to find a person's stories.
CREATE TABLE article_credit_names (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    PRIMARY KEY (article_id, name)
);
CREATE INDEX article_credit_names_by_name ON article_credit_names (name, article_id);
INSERT INTO article_credit_names (article_id, name)
    SELECT DISTINCT c.article_id, j.value FROM article_credits c, json_each(c.names) j;
