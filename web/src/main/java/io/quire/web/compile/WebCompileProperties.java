package io.quire.web.compile;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Compile settings of web ({@code quire.compile.*}, environment {@code QUIRE_COMPILE_*}; the TTLs
 * are shared with compile-worker).
 *
 * @param defaultTimeout timeout of a compile that asks for none
 * @param maxTimeout the administrator's cap on any compile's timeout
 * @param dockerImage the TeX image compiles run in unless a project chose another; part of every
 *     cache key ({@code QUIRE_COMPILE_DOCKER_IMAGE})
 * @param dockerImages further TeX images a project may choose, besides {@code dockerImage} (the
 *     default); compile-workers must allow the same ({@code QUIRE_COMPILE_DOCKER_IMAGES})
 * @param stateTtl how long job states are kept
 * @param resultTtl how long results and outputs are kept
 */
@Validated
@ConfigurationProperties("quire.compile")
public record WebCompileProperties(
    @NotNull @DefaultValue("180s") Duration defaultTimeout,
    @NotNull @DefaultValue("600s") Duration maxTimeout,
    @NotBlank @DefaultValue("quire/texlive:2024") String dockerImage,
    List<String> dockerImages,
    @NotNull @DefaultValue("24h") Duration stateTtl,
    @NotNull @DefaultValue("2h") Duration resultTtl,
    @Min(1) @Max(3600) @DefaultValue("660") int maxWaitSeconds) {

  public WebCompileProperties {
    dockerImages = dockerImages == null ? List.of() : List.copyOf(dockerImages);
  }
}
