package io.quire.web.compile;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How web asks compile-worker its questions ({@code quire.compile.tools.*}, environment {@code
 * QUIRE_COMPILE_TOOLS_*}).
 *
 * @param replyTimeout how long a request waits for a worker's answer; longer than the worker's own
 *     tool timeout ({@code quire.compile.tools.timeout}, 20 s) plus syncing a project's sources
 */
@Validated
@ConfigurationProperties("quire.compile.tools")
public record ToolRpcProperties(@NotNull @DefaultValue("45s") Duration replyTimeout) {}
