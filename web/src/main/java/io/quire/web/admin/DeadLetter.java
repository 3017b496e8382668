package io.quire.web.admin;

import java.time.Instant;

/**
 * A dead-lettered message as the dashboard lists it.
 *
 * @param reason why the broker dead-lettered it ({@code x-death}): {@code rejected} (the worker
 *     gave up or could not read it), {@code delivery_limit} (it kept failing or crashing workers),
 *     {@code expired}...
 * @param deaths how many times it was dead-lettered from that queue
 * @param summary the start of the payload
 */
record DeadLetter(
    String messageId,
    String type,
    String projectId,
    String requestedBy,
    Instant requestedAt,
    String reason,
    long deaths,
    Instant diedAt,
    int size,
    String summary) {}
