package io.quire.system;

import io.quire.compile.CompileWorkerApplication;
import io.quire.testsupport.ApiClient;
import io.quire.testsupport.TestMongo;
import io.quire.web.QuireWebApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * web and compile-workers in this JVM, each its own Spring context, wired through the real RabbitMQ
 * and Redis under a private prefix, with a private database and data directories.
 */
final class QuireStack implements AutoCloseable {
  private final String prefix = "sys-" + UUID.randomUUID().toString().substring(0, 8);
  private final String mongoUri = TestMongo.freshDatabaseUri();
  private final Path dataRoot;
  private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
  private ConfigurableApplicationContext web;

  QuireStack() throws Exception {
    // the sandbox uids must be able to traverse down to the workspaces
    dataRoot =
        Files.createTempDirectory(
            "quire-" + prefix,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
  }

  QuireStack startWeb(Map<String, Object> extra) {
    Map<String, Object> props = common("web");
    props.putAll(extra);
    web = start(QuireWebApplication.class, props);
    return this;
  }

  ConfigurableApplicationContext startCompileWorker(String name, Map<String, Object> extra) {
    Map<String, Object> props = common(name);
    props.put("quire.instance-id", name);
    props.putAll(extra);
    return start(CompileWorkerApplication.class, props);
  }

  ApiClient newClient() {
    return new ApiClient("http://localhost:" + webPort());
  }

  int webPort() {
    return ((WebServerApplicationContext) web).getWebServer().getPort();
  }

  String prefix() {
    return prefix;
  }

  Path dataDir(String name) {
    return dataRoot.resolve(name);
  }

  void stop(ConfigurableApplicationContext context) {
    context.close();
    contexts.remove(context);
  }

  private Map<String, Object> common(String name) {
    Map<String, Object> props = new HashMap<>();
    props.put("server.port", 0);
    props.put("quire.mongo.uri", mongoUri);
    props.put("quire.amqp.prefix", prefix);
    props.put("quire.data-dir", dataRoot.resolve(name).toString());
    props.put("quire.admin.password", "admin-password-1");
    props.put("spring.lifecycle.timeout-per-shutdown-phase", "20s");
    return props;
  }

  private ConfigurableApplicationContext start(Class<?> app, Map<String, Object> props) {
    // as command-line arguments, so they win over the application.yml on the classpath
    String[] args =
        props.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    ConfigurableApplicationContext context = new SpringApplicationBuilder(app).run(args);
    contexts.add(context);
    return context;
  }

  @Override
  public void close() {
    for (int i = contexts.size() - 1; i >= 0; i--) {
      contexts.get(i).close();
    }
    contexts.clear();
  }
}
