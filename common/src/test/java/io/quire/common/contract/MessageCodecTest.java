package io.quire.common.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class MessageCodecTest {
  private final MessageCodec codec = new MessageCodec();

  static Stream<Arguments> goldenSamples() {
    return Stream.of(
        Arguments.of("compile.job.v1.json", CompileJob.class),
        Arguments.of("compile.completed.v1.json", CompileCompletedEvent.class),
        Arguments.of("compile.stop.v1.json", StopCompileCommand.class),
        Arguments.of("history.ingest.v1.json", HistoryIngestJob.class),
        Arguments.of("history.export.v1.json", HistoryExportJob.class),
        Arguments.of("git.sync.v1.json", GitSyncJob.class),
        Arguments.of("project.changed.v1.json", ProjectChangedEvent.class),
        Arguments.of("mail.send.v1.json", MailJob.class));
  }

  @ParameterizedTest(name = "{0} still parses as {1}")
  @MethodSource("goldenSamples")
  void givenAGoldenSampleItParsesIntoItsRecord(String file, Class<? extends QuireMessage> type)
      throws IOException {
    QuireMessage message = codec.decode(read(file));

    assertThat(message).isInstanceOf(type);
    assertThat(message.jobId()).isNotBlank();
    assertThat(message.projectId()).isEqualTo("665f1c2b9d3e4a0012345678");
  }

  @ParameterizedTest(name = "{0} round-trips")
  @MethodSource("goldenSamples")
  void givenTheCurrentVersionEncodingReproducesTheGoldenJson(
      String file, Class<? extends QuireMessage> type) throws IOException {
    byte[] golden = read(file);
    QuireMessage message = codec.decode(golden);

    byte[] encoded = codec.encode(message);

    JsonNode expected = codec.mapper().readTree(golden);
    JsonNode actual = codec.mapper().readTree(encoded);
    assertThat(actual).isEqualTo(expected);
    assertThat(codec.decode(encoded)).isEqualTo(message);
  }

  @Test
  void everyMessageTypeHasAGoldenSample() {
    List<String> covered = goldenSamples().map(a -> (String) a.get()[0]).toList();
    for (MessageType type : MessageType.values()) {
      for (int version = 1; version <= type.currentVersion(); version++) {
        assertThat(covered).contains(type.typeName() + ".v" + version + ".json");
      }
    }
  }

  @Test
  void theWireTypeIsTheLogicalNameNeverAClassName() {
    HistoryIngestJob job =
        new HistoryIngestJob("j1", "p1", "u1", Instant.parse("2026-01-01T00:00:00Z"), 3);

    String json = new String(codec.encode(job), StandardCharsets.UTF_8);

    assertThat(json).contains("\"type\":\"history.ingest\"").contains("\"schemaVersion\":1");
    assertThat(json).doesNotContain("io.quire").doesNotContain("HistoryIngestJob");
  }

  @Test
  void givenMalformedJsonItIsUnreadable() {
    assertThatThrownBy(() -> codec.decode("{not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(UnreadableMessageException.class)
        .hasMessageContaining("not JSON");
  }

  @Test
  void givenAnUnknownTypeItIsUnreadable() {
    assertThatThrownBy(() -> decode("{\"type\":\"compile.explode\",\"schemaVersion\":1}"))
        .isInstanceOf(UnreadableMessageException.class)
        .hasMessageContaining("unknown message type: compile.explode");
  }

  @Test
  void givenAFutureSchemaVersionItIsUnreadable() throws IOException {
    String future =
        new String(read("history.ingest.v1.json"), StandardCharsets.UTF_8)
            .replace("\"schemaVersion\": 1", "\"schemaVersion\": 99");

    assertThatThrownBy(() -> decode(future))
        .isInstanceOf(UnreadableMessageException.class)
        .hasMessageContaining("unknown schemaVersion 99");
  }

  @Test
  void givenAMissingRequiredFieldItIsUnreadable() {
    assertThatThrownBy(
            () ->
                decode(
                    "{\"type\":\"git.sync\",\"schemaVersion\":1,\"jobId\":\"j\",\"projectId\":\"p\","
                        + "\"requestedBy\":\"u\",\"requestedAt\":\"2026-01-01T00:00:00Z\"}"))
        .isInstanceOf(UnreadableMessageException.class)
        .hasMessageContaining("action is required");
  }

  @Test
  void givenAnExportOfVersionZeroItIsUnreadable() throws IOException {
    String bad =
        new String(read("history.export.v1.json"), StandardCharsets.UTF_8)
            .replace("\"version\": 17", "\"version\": 0");

    assertThatThrownBy(() -> decode(bad))
        .isInstanceOf(UnreadableMessageException.class)
        .hasMessageContaining("version must be at least 1");
  }

  @Test
  void givenAnUnknownCompilerItIsUnreadable() throws IOException {
    String bad =
        new String(read("compile.job.v1.json"), StandardCharsets.UTF_8)
            .replace("\"pdflatex\"", "\"msword\"");

    assertThatThrownBy(() -> decode(bad))
        .isInstanceOf(UnreadableMessageException.class)
        .hasMessageContaining("unknown compiler");
  }

  @Test
  void givenTheWrongContractForAQueueItIsUnreadable() throws IOException {
    byte[] gitJob = read("git.sync.v1.json");

    assertThatThrownBy(() -> codec.decode(gitJob, CompileJob.class))
        .isInstanceOf(UnreadableMessageException.class)
        .hasMessageContaining("expected compile.job but got git.sync");
  }

  private QuireMessage decode(String json) {
    return codec.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] read(String file) throws IOException {
    try (InputStream in = MessageCodecTest.class.getResourceAsStream("/contracts/" + file)) {
      assertThat(in).as("sample " + file).isNotNull();
      return in.readAllBytes();
    }
  }
}
