package io.quire.web.admin;

import java.time.Instant;

/**
 * What the broker says about one queue. Fields the source cannot tell are null: passive declares
 * know only ready messages and consumers.
 *
 * @param headTimestamp timestamp of the oldest message, when the broker reports it
 */
record QueueCounts(
    long ready,
    Long unacked,
    Integer consumers,
    Double publishRate,
    Double deliverRate,
    Instant headTimestamp) {}
