package io.quire.compile.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the tools compile-worker answers for ({@code quire.compile.tools.*}, environment
 * {@code QUIRE_COMPILE_TOOLS_*}).
 *
 * @param concurrency questions answered at once by this instance; each takes a sandbox slot of its
 *     own besides the compile slots
 * @param timeout wall-clock limit of one tool run in the sandbox; web waits a little longer
 * @param memory address space of a tool run (SyncTeX loads the whole SyncTeX file)
 * @param maxOutput tool output kept; chktex on a large document is chatty
 * @param idleWorkspace scratch copies of a project's sources unused for this long are deleted
 */
@Validated
@ConfigurationProperties("quire.compile.tools")
public record ToolsProperties(
    @Min(1) @Max(64) @DefaultValue("2") int concurrency,
    @NotNull @DefaultValue("20s") Duration timeout,
    @NotNull @DefaultValue("1GB") DataSize memory,
    @NotNull @DefaultValue("4MB") DataSize maxOutput,
    @NotNull @DefaultValue("24h") Duration idleWorkspace) {}
