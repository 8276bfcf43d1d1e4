-- The learned score (dateline_core::score): per service, how many comments its moderators
-- approved and rejected, in all and with each feature (a hashed character n-gram).
CREATE TABLE score_models (
    service_id  BIGINT PRIMARY KEY REFERENCES services (id),
    approved    BIGINT NOT NULL DEFAULT 0,
    rejected    BIGINT NOT NULL DEFAULT 0,
    -- feature occurrences learned (each comment's distinct features), and distinct features
    approved_features BIGINT NOT NULL DEFAULT 0,
    rejected_features BIGINT NOT NULL DEFAULT 0,
    vocabulary  BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE score_features (
    service_id  BIGINT NOT NULL REFERENCES services (id),
    feature     BIGINT NOT NULL,
    approved    BIGINT NOT NULL DEFAULT 0,
    rejected    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (service_id, feature)
);

-- Who made a comment's last decision (an audit actor; NULL for decisions from before and
-- for imported comments, which `dateline score rebuild` learns).
ALTER TABLE comments ADD COLUMN decided_by TEXT;
-- The verdict the model has learned of the comment: '', 'approved' or 'rejected'.
ALTER TABLE comments ADD COLUMN learned TEXT NOT NULL DEFAULT '';
-- A word list holds it for a person: never approved automatically.
ALTER TABLE comments ADD COLUMN held INTEGER NOT NULL DEFAULT 0 CHECK (held IN (0, 1));
-- Its score in ten-thousandths (NULL: the model could not score it yet), and whether the
-- worker has scored it (comments from before are not scored until a rebuild).
ALTER TABLE comments ADD COLUMN score INTEGER;
ALTER TABLE comments ADD COLUMN scored INTEGER NOT NULL DEFAULT 0 CHECK (scored IN (0, 1));
UPDATE comments SET scored = 1;
CREATE INDEX comments_unscored ON comments (id) WHERE scored = 0;
-- Decisions the model has not learned as they stand.
CREATE INDEX comments_to_learn ON comments (id) WHERE decided_by IS NOT NULL
    AND learned <> (CASE WHEN state IN ('approved', 'rejected') AND decided_by <> 'system' THEN state ELSE '' END);
