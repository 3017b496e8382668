package io.quire.web.history;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * History settings of web ({@code quire.history.*}, environment {@code QUIRE_HISTORY_*}).
 *
 * @param debounce at most one {@code history.ingest} job per project is queued in this time, by all
 *     web instances together; changes made meanwhile are covered by one more job at its end
 * @param diffContext unchanged lines shown around each change of a file diff
 * @param maxPageSize most versions one listing page returns
 * @param exportTtl how long a version zip built by history-worker stays downloadable (web counts it
 *     from the request, history-worker again from the zip's completion)
 * @param directZipMax {@code GET .../versions/{v}/download.zip} streams versions whose files add up
 *     to at most this directly; larger ones are built as an export job
 */
@Validated
@ConfigurationProperties("quire.history")
public record WebHistoryProperties(
    @NotNull @DefaultValue("3s") Duration debounce,
    @Min(0) @Max(100) @DefaultValue("3") int diffContext,
    @Min(1) @DefaultValue("100") int maxPageSize,
    @NotNull @DefaultValue("1h") Duration exportTtl,
    @NotNull @DefaultValue("20MB") DataSize directZipMax) {}
