package io.quire.common.infra;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the shared infrastructure is, for every service.
 *
 * @param mongo MongoDB ({@code QUIRE_MONGO_URI})
 * @param redis Redis ({@code QUIRE_REDIS_URL})
 * @param amqp RabbitMQ ({@code QUIRE_AMQP_URL}, {@code QUIRE_AMQP_PREFIX})
 */
@Validated
@ConfigurationProperties("quire")
public record QuireConnectionProperties(
    @Valid @NotNull @DefaultValue Mongo mongo,
    @Valid @NotNull @DefaultValue Redis redis,
    @Valid @NotNull @DefaultValue Amqp amqp) {

  /**
   * @param uri connection string; the database is taken from its path (default {@code quire}). The
   *     default points at the embedded server that {@code ./quire up} starts.
   */
  public record Mongo(@NotBlank @DefaultValue("mongodb://127.0.0.1:27018/quire") String uri) {}

  /**
   * @param url {@code redis://[:password@]host:port[/db]}
   */
  public record Redis(@NotBlank @DefaultValue("redis://127.0.0.1:6379") String url) {}

  /**
   * @param url {@code amqp://user:password@host:port[/vhost]}; read by Spring AMQP through {@code
   *     spring.rabbitmq.addresses}
   * @param prefix prefix of every exchange and queue name
   * @param deliveryLimit deliveries before the broker dead-letters a message that keeps failing
   * @param confirmTimeout how long a publisher waits for the broker's confirm
   */
  public record Amqp(
      @NotBlank @DefaultValue("amqp://guest:guest@127.0.0.1:5672") String url,
      @NotBlank @DefaultValue("quire") String prefix,
      @Min(1) @DefaultValue("5") int deliveryLimit,
      @NotNull @DefaultValue("10s") Duration confirmTimeout) {}
}
