package io.quire.history;

import io.quire.common.history.HistoryStoresConfiguration;
import io.quire.common.infra.QuireInfrastructureConfiguration;
import io.quire.common.ops.WorkerOpsConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

@SpringBootApplication
@ConfigurationPropertiesScan
@Import({
  QuireInfrastructureConfiguration.class,
  WorkerOpsConfiguration.class,
  HistoryStoresConfiguration.class
})
public class HistoryWorkerApplication {
  public static void main(String[] args) {
    SpringApplication.run(HistoryWorkerApplication.class, args);
  }
}
