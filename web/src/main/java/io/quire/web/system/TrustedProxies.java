package io.quire.web.system;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.catalina.util.NetMask;
import org.apache.catalina.valves.RemoteIpValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Honours {@code X-Forwarded-*} only from the proxies of {@code QUIRE_TRUSTED_PROXIES} (ADR 0018).
 * Spring Boot's own handling would trust every private-network and loopback address, so anyone on
 * the same network could pose as many clients (and escape the sign-in limits per address) or as
 * HTTPS; it is off ({@code server.forward-headers-strategy: none}) and this valve takes its place
 * when proxies are configured. Of a chain of addresses, the last one not a trusted proxy is the
 * client.
 */
@Component
class TrustedProxies implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {
  private static final Logger LOG = LoggerFactory.getLogger(TrustedProxies.class);
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  private final List<String> ranges;

  TrustedProxies(ProxyProperties properties) {
    this.ranges = ranges(properties.trustedProxies());
  }

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    if (ranges.isEmpty()) {
      return;
    }
    RemoteIpValve valve = new RemoteIpValve();
    // a list with a '/' is read as CIDR ranges, never as the regular expression it would be else
    valve.setInternalProxies(String.join(",", ranges));
    valve.setTrustedProxies(null);
    valve.setRemoteIpHeader("X-Forwarded-For");
    valve.setProtocolHeader("X-Forwarded-Proto");
    valve.setHostHeader("X-Forwarded-Host");
    valve.setPortHeader("X-Forwarded-Port");
    factory.addEngineValves(valve);
    LOG.info("X-Forwarded-* headers are honoured from {}", ranges);
  }

  /** The entries as CIDR ranges (a single address as /32 or /128); refuses anything else. */
  static List<String> ranges(List<String> entries) {
    List<String> ranges = new ArrayList<>();
    for (String entry : entries) {
      String trimmed = entry.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      int slash = trimmed.indexOf('/');
      String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
      boolean v4 = IPV4.matcher(address).matches();
      if (v4
          && java.util.Arrays.stream(address.split("\\."))
              .anyMatch(o -> Integer.parseInt(o) > 255)) {
        throw invalid(trimmed, null);
      }
      // host names are refused: they would be resolved once, at start, by DNS
      if (!v4 && !IPV6.matcher(address).matches()) {
        throw invalid(trimmed, null);
      }
      String range = slash < 0 ? trimmed + (v4 ? "/32" : "/128") : trimmed;
      try {
        new NetMask(range);
      } catch (IllegalArgumentException e) {
        throw invalid(trimmed, e);
      }
      ranges.add(range);
    }
    return List.copyOf(ranges);
  }

  private static IllegalStateException invalid(String entry, Exception cause) {
    return new IllegalStateException(
        "QUIRE_TRUSTED_PROXIES: '"
            + entry
            + "' is not an IP address or CIDR range (such as 10.0.0.5 or 172.16.0.0/12)",
        cause);
  }
}
