package io.quire.common.ops;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Operations settings ({@code quire.ops.*}, environment {@code QUIRE_OPS_*}).
 *
 * @param heartbeatInterval how often workers write their heartbeat; an instance silent for three
 *     intervals is considered gone
 * @param sampleInterval how often web samples the queues for the dashboard and the {@code
 *     quire_queue_depth} gauges
 * @param history how far back the dashboard's chart goes
 */
@Validated
@ConfigurationProperties("quire.ops")
public record OpsProperties(
    @NotNull @DefaultValue("5s") Duration heartbeatInterval,
    @NotNull @DefaultValue("3s") Duration sampleInterval,
    @NotNull @DefaultValue("10m") Duration history) {}
