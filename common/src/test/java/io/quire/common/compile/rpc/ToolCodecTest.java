package io.quire.common.compile.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quire.common.contract.MessageCodec;
import io.quire.common.contract.UnreadableMessageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

class ToolCodecTest {
  private final MessageCodec messages = new MessageCodec();
  private final ToolCodec codec = new ToolCodec(messages.mapper());

  @ParameterizedTest(name = "the golden {0} parses and encodes back to the same JSON")
  @EnumSource(ToolMessageType.class)
  void givenAGoldenSampleItRoundTripsUnchanged(ToolMessageType type) throws IOException {
    byte[] golden = read(type.typeName() + ".v1.json");

    Object decoded =
        ToolRequest.class.isAssignableFrom(type.recordClass())
            ? codec.decodeRequest(golden)
            : codec.decodeReply(golden);

    assertThat(decoded).isInstanceOf(type.recordClass());
    byte[] encoded =
        decoded instanceof ToolRequest request
            ? codec.encode(request)
            : codec.encode((ToolReply) decoded);
    JsonNode expected = messages.mapper().readTree(golden);
    assertThat(messages.mapper().readTree(encoded)).isEqualTo(expected);
  }

  @Test
  void theWireTypeIsTheLogicalNameNeverAClassName() {
    String json =
        new String(
            codec.encode(new ToolFailure(ToolFailure.Reason.FAILED, "no")), StandardCharsets.UTF_8);

    assertThat(json).contains("\"type\":\"failure\"").contains("\"schemaVersion\":1");
    assertThat(json).doesNotContain("io.quire").doesNotContain("ToolFailure");
  }

  @Test
  void aReplyIsNotReadAsARequestNorTheOtherWayRound() throws IOException {
    byte[] reply = read("failure.v1.json");
    byte[] request = read("chktex.v1.json");

    assertThatThrownBy(() -> codec.decodeRequest(reply))
        .isInstanceOf(UnreadableMessageException.class);
    assertThatThrownBy(() -> codec.decodeReply(request))
        .isInstanceOf(UnreadableMessageException.class);
  }

  @Test
  void anUnknownSchemaVersionIsUnreadable() throws IOException {
    String future =
        new String(read("chktex.v1.json"), StandardCharsets.UTF_8)
            .replace("\"schemaVersion\": 1", "\"schemaVersion\": 2");

    assertThatThrownBy(() -> codec.decodeRequest(future.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(UnreadableMessageException.class)
        .hasMessageContaining("schemaVersion");
  }

  @Test
  void aRequestWithAPathOutsideTheProjectIsUnreadable() throws IOException {
    String climbing =
        new String(read("wordcount.v1.json"), StandardCharsets.UTF_8)
            .replace("\"file\": \"main.tex\"", "\"file\": \"../etc/passwd\"");

    assertThatThrownBy(() -> codec.decodeRequest(climbing.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(UnreadableMessageException.class)
        .hasMessageContaining("not a project path");
  }

  @Test
  void malformedJsonIsUnreadable() {
    assertThatThrownBy(() -> codec.decodeReply("[1,2]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(UnreadableMessageException.class);
    assertThatThrownBy(() -> codec.decodeReply("{oops".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(UnreadableMessageException.class);
  }

  @Test
  void everyTypeNameIsUnique() {
    assertThat(Arrays.stream(ToolMessageType.values()).map(ToolMessageType::typeName))
        .doesNotHaveDuplicates();
  }

  private static byte[] read(String name) throws IOException {
    try (InputStream in = ToolCodecTest.class.getResourceAsStream("/contracts/tools/" + name)) {
      assertThat(in).as("golden sample " + name).isNotNull();
      return in.readAllBytes();
    }
  }
}
