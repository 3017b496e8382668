package io.quire.common.history;

import java.time.Instant;

/** A user's name for a version ("submitted to the journal"). */
public record Label(
    String id, String projectId, long version, String comment, String userId, Instant created) {}
