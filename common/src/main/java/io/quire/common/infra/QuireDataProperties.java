package io.quire.common.infra;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Local data of a service instance.
 *
 * @param dataDir directory for runtime data: workspaces, repositories, the embedded database
 *     ({@code QUIRE_DATA_DIR}, default {@code var})
 * @param instanceId name of this instance in logs, heartbeats and results ({@code
 *     QUIRE_INSTANCE_ID}; default: service name, host and process id)
 */
@ConfigurationProperties("quire")
public record QuireDataProperties(@DefaultValue("var") Path dataDir, String instanceId) {}
