-- API tokens for the desk's automation: one service, one role (reporter or editor), the
-- secret kept only as its SHA-256, revoked rather than deleted (the audit log names them).
CREATE TABLE api_tokens (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    label       TEXT   NOT NULL UNIQUE,
    service_id  BIGINT NOT NULL REFERENCES services (id),
    role        TEXT   NOT NULL CHECK (role IN ('reporter', 'editor')),
    secret_hash TEXT   NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);
