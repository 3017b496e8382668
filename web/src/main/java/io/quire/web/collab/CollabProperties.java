package io.quire.web.collab;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Real-time collaboration settings ({@code quire.collab.*}, environment {@code QUIRE_COLLAB_*}).
 *
 * @param catchUpInterval how often each web instance checks MongoDB for updates of its open
 *     documents that it did not hear about through Redis (lost messages, other services' writes)
 * @param presenceTtl how long a cursor stays visible without news from its editor
 * @param maxUpdatesPerPush updates one push may carry
 * @param maxMessageSize largest WebSocket message accepted
 * @param pullLimit updates one pull answer carries at most (the client pulls again for more)
 * @param ticketTtl how long a one-time ticket for opening a socket can be used (at most a minute)
 * @param accountCheckInterval how often each instance checks the accounts behind its open sockets
 *     (disabled, deleted, password changed), should the news through Redis have been lost
 */
@Validated
@ConfigurationProperties("quire.collab")
public record CollabProperties(
    @NotNull @DefaultValue("1s") Duration catchUpInterval,
    @NotNull @DefaultValue("60s") Duration presenceTtl,
    @Min(1) @DefaultValue("200") int maxUpdatesPerPush,
    @NotNull @DefaultValue("8MB") DataSize maxMessageSize,
    @Min(1) @DefaultValue("1000") int pullLimit,
    @NotNull @DurationMin(seconds = 1) @DurationMax(seconds = 60) @DefaultValue("30s")
        Duration ticketTtl,
    @NotNull @DefaultValue("10s") Duration accountCheckInterval) {}
