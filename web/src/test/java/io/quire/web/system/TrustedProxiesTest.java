package io.quire.web.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code QUIRE_TRUSTED_PROXIES} as Tomcat's valve gets it: CIDR ranges, or a clear refusal. */
class TrustedProxiesTest {

  @Test
  void singleAddressesBecomeOneAddressRangesAndRangesStay() {
    assertThat(
            TrustedProxies.ranges(List.of(" 127.0.0.1", "::1 ", "172.16.0.0/12", "", "fd00::/8")))
        .containsExactly("127.0.0.1/32", "::1/128", "172.16.0.0/12", "fd00::/8");
  }

  @Test
  void nothingConfiguredTrustsNobody() {
    assertThat(TrustedProxies.ranges(List.of())).isEmpty();
  }

  @Test
  void hostNamesAndMalformedEntriesStopTheStart() {
    for (String bad : List.of("nginx", "10.0.0.0/33", "300.1.1.1", "10.0.0", "*", "10.0.0.0/8x")) {
      assertThatThrownBy(() -> TrustedProxies.ranges(List.of(bad)))
          .as(bad)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("QUIRE_TRUSTED_PROXIES")
          .hasMessageContaining(bad);
    }
  }
}
