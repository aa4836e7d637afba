-- The JDBC state store's tables as the connector made them before its schema was migrated
-- (each store ran these at startup). IF NOT EXISTS throughout: a database made that way is
-- baselined at version 0, so this runs there too and changes nothing but what was missing.

-- The ledger: expiring keys (messages taken in, media each sink has, events each event sink has,
-- reconciliation runs), one ledger per name.
CREATE TABLE IF NOT EXISTS whapi_ledger (
    ledger VARCHAR(32) NOT NULL,
    entry_key VARCHAR(256) NOT NULL,
    added_at BIGINT NOT NULL,
    PRIMARY KEY (ledger, entry_key));
-- tables made before pending keys existed hold done keys only
ALTER TABLE whapi_ledger ADD COLUMN IF NOT EXISTS pending BOOLEAN DEFAULT FALSE NOT NULL;

-- Dead letters: paged documents, newest first.
CREATE TABLE IF NOT EXISTS whapi_dead_letter (
    id VARCHAR(256) NOT NULL PRIMARY KEY,
    entry TEXT NOT NULL,
    dead_lettered_at BIGINT NOT NULL);

-- Provenance: an append-only log of each message's steps.
CREATE TABLE IF NOT EXISTS whapi_provenance (
    message_key VARCHAR(256) NOT NULL,
    at BIGINT NOT NULL,
    step TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS whapi_provenance_by_message ON whapi_provenance (message_key, at);

-- Backfills: records a replica leases while it runs one.
CREATE TABLE IF NOT EXISTS whapi_backfill (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    backfill TEXT NOT NULL,
    owner VARCHAR(128),
    lease_until BIGINT DEFAULT 0 NOT NULL);

-- The event outbox: events recorded with their media, claimed by a replica while it publishes.
CREATE TABLE IF NOT EXISTS whapi_event_outbox (
    sink VARCHAR(64) NOT NULL,
    event_id VARCHAR(64) NOT NULL,
    type VARCHAR(64) NOT NULL,
    subject VARCHAR(1024) NOT NULL,
    channel_id VARCHAR(256) NOT NULL,
    message_id VARCHAR(256) NOT NULL,
    body TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    claimed_by VARCHAR(64),
    claimed_until BIGINT DEFAULT 0 NOT NULL,
    PRIMARY KEY (sink, event_id));
CREATE INDEX IF NOT EXISTS whapi_event_outbox_oldest ON whapi_event_outbox (sink, recorded_at);
