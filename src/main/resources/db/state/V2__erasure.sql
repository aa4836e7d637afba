-- The media index (erasure and retention): one row per media and sink, written once the sink
-- has it. Erasures look media up by chat, by sender or by message; retention by sink and age.
CREATE TABLE IF NOT EXISTS whapi_media_index (
    channel_id VARCHAR(256) NOT NULL,
    message_id VARCHAR(256) NOT NULL,
    sink VARCHAR(64) NOT NULL,
    chat_id VARCHAR(256) NOT NULL,
    sender VARCHAR(256) NOT NULL,
    type VARCHAR(32) NOT NULL,
    storage_key VARCHAR(1024) NOT NULL,
    stored_at BIGINT NOT NULL,
    PRIMARY KEY (channel_id, message_id, sink));
CREATE INDEX IF NOT EXISTS whapi_media_index_by_chat ON whapi_media_index (chat_id);
CREATE INDEX IF NOT EXISTS whapi_media_index_by_sender ON whapi_media_index (sender);
CREATE INDEX IF NOT EXISTS whapi_media_index_by_age ON whapi_media_index (sink, stored_at);

-- Erasures on request, with their items and receipt: records a replica leases while it works on one.
CREATE TABLE IF NOT EXISTS whapi_erasure (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    erasure TEXT NOT NULL,
    owner VARCHAR(128),
    lease_until BIGINT DEFAULT 0 NOT NULL);
