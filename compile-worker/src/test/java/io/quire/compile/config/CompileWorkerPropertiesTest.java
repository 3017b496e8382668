package io.quire.compile.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class CompileWorkerPropertiesTest {
  @Test
  void aCompileGetsOneGibibyteInDockerAndTwoOfAddressSpaceUnderBubblewrap() {
    CompileWorkerProperties defaults = bind(Map.of());

    assertThat(defaults.memoryBytes("docker")).isEqualTo(1L << 30);
    assertThat(defaults.memoryBytes("bubblewrap")).isEqualTo(2L << 30);
  }

  @Test
  void anAdministratorsMemorySettingHoldsForEverySandbox() {
    CompileWorkerProperties set = bind(Map.of("quire.compile.memory", "3GB"));

    assertThat(set.memoryBytes("docker")).isEqualTo(3L << 30);
    assertThat(set.memoryBytes("bubblewrap")).isEqualTo(3L << 30);
  }

  @Test
  void theAllowedImagesAreTheDefaultThenTheOthersOnce() {
    assertThat(bind(Map.of()).allowedImages()).containsExactly("quire/texlive:2024");
    assertThat(
            bind(Map.of("quire.compile.docker-images", " tl:2023 ,quire/texlive:2024,, tl:2022"))
                .allowedImages())
        .containsExactly("quire/texlive:2024", "tl:2023", "tl:2022");
  }

  private static CompileWorkerProperties bind(Map<String, String> settings) {
    return new Binder(new MapConfigurationPropertySource(settings))
        .bindOrCreate("quire.compile", CompileWorkerProperties.class);
  }
}
