package io.quire.web.system;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementServerProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * The management server of {@code QUIRE_MANAGEMENT_PORT} (ADR 0019): health and metrics on a port
 * of their own, which nobody but this machine (or the deployment's own network, when {@code
 * QUIRE_MANAGEMENT_ADDRESS} opens it) reaches; there they need no sign-in, so Prometheus and health
 * checks can read them. It listens on loopback unless told otherwise: Spring Boot would listen on
 * every interface, and it refuses an address while there is no port of its own, so the address is
 * set here, and only then.
 */
@Component
class ManagementServer implements BeanPostProcessor {
  private final Environment environment;

  ManagementServer(Environment environment) {
    this.environment = environment;
  }

  /** True for a request that arrived on the management server, not on web's own port. */
  static boolean serves(HttpServletRequest request) {
    WebApplicationContext context =
        WebApplicationContextUtils.getWebApplicationContext(request.getServletContext());
    return context != null && WebServerApplicationContext.hasServerNamespace(context, "management");
  }

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) {
    if (bean instanceof ManagementServerProperties management
        && separatePort(management.getPort())
        && management.getAddress() == null) {
      String address = environment.getProperty("quire.management-address", "127.0.0.1");
      try {
        management.setAddress(InetAddress.getByName(address));
      } catch (UnknownHostException e) {
        throw new IllegalStateException(
            "QUIRE_MANAGEMENT_ADDRESS: '" + address + "' is not an address of this machine", e);
      }
    }
    return bean;
  }

  /** As Spring Boot decides it: 0 is a random port of its own, even when web's is random too. */
  private boolean separatePort(Integer port) {
    return port != null
        && port >= 0
        && (port == 0
            || !Objects.equals(port, environment.getProperty("server.port", Integer.class, 8080)));
  }
}
