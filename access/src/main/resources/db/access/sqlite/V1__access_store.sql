-- The access store (SQLite). Entities are JSON bodies (AccessJson) keyed by entity_key, with the
-- revision (= version of the commit that last wrote them) and the columns queries filter on.
-- Instants in index columns are microseconds since the epoch. Keep in step with
-- db/access/postgresql/V1__access_store.sql: the same tables, columns and indexes.

-- The version of the last commit; commits increment it under the write lock.
CREATE TABLE store_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO store_version (id, version) VALUES (1, 0);

-- The change feed: one row per entity written, in commit order.
CREATE TABLE change_log (
  version    INTEGER NOT NULL,
  position   INTEGER NOT NULL,
  kind       TEXT    NOT NULL,
  entity_key TEXT    NOT NULL,
  op         TEXT    NOT NULL,
  PRIMARY KEY (version, position)
) WITHOUT ROWID;

-- Admin events waiting for delivery. AUTOINCREMENT: a sequence number is never reused, even after
-- the newest entries were acknowledged and deleted.
CREATE TABLE outbox (
  seq     INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL,
  event   TEXT    NOT NULL
);

CREATE TABLE integrations (
  entity_key TEXT PRIMARY KEY,
  revision   INTEGER NOT NULL,
  body       TEXT    NOT NULL
);

CREATE TABLE resources (
  entity_key  TEXT PRIMARY KEY,
  revision    INTEGER NOT NULL,
  body        TEXT    NOT NULL,
  integration TEXT    NOT NULL
);
CREATE INDEX resources_integration ON resources (integration, entity_key);

CREATE TABLE principals (
  entity_key TEXT PRIMARY KEY,
  revision   INTEGER NOT NULL,
  body       TEXT    NOT NULL
);

CREATE TABLE access_flows (
  entity_key TEXT PRIMARY KEY,
  revision   INTEGER NOT NULL,
  body       TEXT    NOT NULL
);

CREATE TABLE access_requests (
  entity_key TEXT PRIMARY KEY,
  revision   INTEGER NOT NULL,
  body       TEXT    NOT NULL,
  state      TEXT    NOT NULL,
  requester  TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX access_requests_created ON access_requests (created_at, entity_key);
CREATE INDEX access_requests_state ON access_requests (state, created_at);
CREATE INDEX access_requests_requester ON access_requests (requester, created_at);
CREATE INDEX access_requests_state_expires ON access_requests (state, expires_at);

CREATE TABLE grants (
  entity_key    TEXT PRIMARY KEY,
  revision      INTEGER NOT NULL,
  body          TEXT    NOT NULL,
  principal     TEXT    NOT NULL,
  state         TEXT    NOT NULL,
  integration   TEXT    NOT NULL,
  database_name TEXT    NOT NULL,
  starts_at     INTEGER NOT NULL,
  ends_at       INTEGER NOT NULL
);
CREATE INDEX grants_starts ON grants (starts_at, entity_key);
CREATE INDEX grants_principal ON grants (principal, state, starts_at);
CREATE INDEX grants_state_ends ON grants (state, ends_at);
CREATE INDEX grants_database ON grants (integration, database_name, state);

CREATE TABLE grant_credentials (
  entity_key TEXT PRIMARY KEY,
  revision   INTEGER NOT NULL,
  body       TEXT    NOT NULL,
  principal  TEXT    NOT NULL
);
CREATE INDEX grant_credentials_principal ON grant_credentials (principal);

CREATE TABLE api_tokens (
  entity_key TEXT PRIMARY KEY,
  revision   INTEGER NOT NULL,
  body       TEXT    NOT NULL,
  hash       TEXT    NOT NULL UNIQUE,
  principal  TEXT    NOT NULL
);
CREATE INDEX api_tokens_principal ON api_tokens (principal);
