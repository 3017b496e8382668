package io.quire.web.admin;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Counts and rates from the RabbitMQ management HTTP API: one request for all our queues. */
final class ManagementApiStats implements QueueStatsSource {
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final JsonMapper json;
  private final String baseUrl;
  private final String vhost;
  private final String authorization;
  private final String namePattern;

  /**
   * @param queuePrefix the topology's prefix; only queues under it are fetched
   */
  ManagementApiStats(
      JsonMapper json,
      String baseUrl,
      String vhost,
      String username,
      String password,
      String queuePrefix) {
    this.json = json;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.vhost = vhost;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    // the prefix is [A-Za-z0-9_.-]+ (checked by QueueTopology), so escaping dots is enough
    this.namePattern = "^" + queuePrefix.replace(".", "\\.") + "\\.";
  }

  @Override
  public String name() {
    return "management";
  }

  @Override
  public Map<String, QueueCounts> read(List<String> queues) {
    String url =
        baseUrl
            + "/api/queues/"
            + encode(vhost)
            + "?page=1&page_size=500&use_regex=true&name="
            + encode(namePattern)
            + "&columns="
            + encode(
                "name,messages_ready,messages_unacknowledged,consumers,message_stats,"
                    + "head_message_timestamp");
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(TIMEOUT)
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException("the RabbitMQ management API did not answer: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking the RabbitMQ management API", e);
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "the RabbitMQ management API answered " + response.statusCode());
    }
    Set<String> wanted = new HashSet<>(queues);
    Map<String, QueueCounts> counts = new HashMap<>();
    for (JsonNode item : json.readTree(response.body()).path("items")) {
      String name = item.path("name").asString();
      if (wanted.contains(name)) {
        counts.put(name, counts(item));
      }
    }
    return counts;
  }

  private static QueueCounts counts(JsonNode item) {
    JsonNode stats = item.path("message_stats");
    return new QueueCounts(
        item.path("messages_ready").asLong(0),
        item.has("messages_unacknowledged") ? item.path("messages_unacknowledged").asLong() : null,
        item.has("consumers") ? item.path("consumers").asInt() : null,
        rate(stats, "publish_details"),
        rate(stats, "deliver_get_details"),
        item.path("head_message_timestamp").isNumber()
            ? Instant.ofEpochSecond(item.path("head_message_timestamp").asLong())
            : null);
  }

  /** A rate the broker has not measured yet (no message ever) is zero. */
  private static Double rate(JsonNode stats, String field) {
    JsonNode rate = stats.path(field).path("rate");
    return rate.isNumber() ? rate.asDouble() : 0.0;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
