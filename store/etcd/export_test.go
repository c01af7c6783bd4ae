package etcd

// OutboxID is outboxID, for tests that watch the outbox from outside.
var OutboxID = outboxID
