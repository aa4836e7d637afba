package io.whapi.mediarouter.events;

/**
 * One CloudEvent as it is published: its id (the same each time the same event is published
 * again), its subject (the storage key, also the Kafka record key), the message it is about, and
 * its structured JSON.
 */
public record CloudEvent(String id, String type, String subject, String channelId, String messageId, String json) {}
