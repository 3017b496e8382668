package io.quire.web.git;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How web reaches git-worker ({@code quire.git-bridge.*}).
 *
 * @param workerUrl base URL of git-worker's smart-HTTP endpoint; {@code /git/**} is passed there
 *     (default: the local git-worker on {@code QUIRE_GIT_WORKER_PORT})
 * @param syncDebounce changes of a project within this time are answered by one {@code git.sync}
 *     job
 */
@Validated
@ConfigurationProperties("quire.git-bridge")
public record GitBridgeProperties(
    @NotBlank @DefaultValue("http://127.0.0.1:8083") String workerUrl,
    @NotNull @DefaultValue("3s") Duration syncDebounce) {}
