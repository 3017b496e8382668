package io.quire.web;

import io.quire.common.history.HistoryStoresConfiguration;
import io.quire.common.infra.QuireInfrastructureConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

@SpringBootApplication
@ConfigurationPropertiesScan
@Import({QuireInfrastructureConfiguration.class, HistoryStoresConfiguration.class})
public class QuireWebApplication {
  public static void main(String[] args) {
    SpringApplication.run(QuireWebApplication.class, args);
  }
}
