package io.quire.history.ingest;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * history-worker settings ({@code quire.history.*}, environment {@code QUIRE_HISTORY_*}).
 *
 * @param concurrency ingest jobs this instance runs at once
 * @param mergeWindow changes that follow the newest version within this time, by authors already
 *     named in it, extend that version instead of starting a new one; {@code 0s} never extends
 * @param maxVersionSpan a version is not extended past this time from its first change, so a long
 *     session of one author still yields several versions
 * @param keepUpdates updates kept per document in the log even once they are in versions, for
 *     editors that reconnect and pull from an older version
 * @param keepUpdatesFor updates younger than this are kept in the log as well
 * @param shutdownTimeout how long a stopping worker waits for running jobs
 * @param exportConcurrency version zips this instance builds at once
 * @param exportTtl how long a built version zip is kept for download
 * @param exportSweepInterval how often expired version zips are deleted
 */
@Validated
@ConfigurationProperties("quire.history")
public record HistoryWorkerProperties(
    @Min(1) @DefaultValue("2") int concurrency,
    @NotNull @DefaultValue("30s") Duration mergeWindow,
    @NotNull @DefaultValue("10m") Duration maxVersionSpan,
    @Min(0) @DefaultValue("200") int keepUpdates,
    @NotNull @DefaultValue("1h") Duration keepUpdatesFor,
    @NotNull @DefaultValue("60s") Duration shutdownTimeout,
    @Min(1) @DefaultValue("1") int exportConcurrency,
    @NotNull @DefaultValue("1h") Duration exportTtl,
    @NotNull @DefaultValue("5m") Duration exportSweepInterval) {}
