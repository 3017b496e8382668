package io.quire.common.compile.rpc;

import io.quire.common.contract.UnreadableMessageException;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The wire form of tool requests and replies: a JSON object with the record's fields, its logical
 * {@code type} ({@link ToolMessageType}) and {@code schemaVersion}. Use the mapper of {@link
 * io.quire.common.contract.MessageCodec#mapper()}, so every message of Quire reads the same way.
 */
public final class ToolCodec {
  /** The layout version written; a reader refuses versions it does not know. */
  public static final int SCHEMA_VERSION = 1;

  private final JsonMapper mapper;

  public ToolCodec(JsonMapper mapper) {
    this.mapper = mapper;
  }

  public byte[] encode(ToolRequest request) {
    return write(request);
  }

  public byte[] encode(ToolReply reply) {
    return write(reply);
  }

  /** The logical type name of a request or reply, also sent as the AMQP {@code type}. */
  public static String typeName(Object message) {
    return ToolMessageType.of(message.getClass()).typeName();
  }

  /**
   * @throws UnreadableMessageException when the bytes are not a request of a known type and version
   */
  public ToolRequest decodeRequest(byte[] payload) {
    return read(payload, ToolRequest.class);
  }

  /**
   * @throws UnreadableMessageException when the bytes are not a reply of a known type and version
   */
  public ToolReply decodeReply(byte[] payload) {
    return read(payload, ToolReply.class);
  }

  private byte[] write(Object message) {
    ObjectNode body = mapper.createObjectNode();
    body.put("type", typeName(message));
    body.put("schemaVersion", SCHEMA_VERSION);
    body.setAll((ObjectNode) mapper.valueToTree(message));
    return mapper.writeValueAsBytes(body);
  }

  private <T> T read(byte[] payload, Class<T> family) {
    JsonNode node;
    try {
      node = mapper.readTree(payload);
    } catch (JacksonException e) {
      throw new UnreadableMessageException("not JSON: " + abbreviate(payload), e);
    }
    if (!(node instanceof ObjectNode body)) {
      throw new UnreadableMessageException("not a JSON object: " + abbreviate(payload));
    }
    JsonNode typeNode = body.get("type");
    String typeName = typeNode != null && typeNode.isString() ? typeNode.asString() : null;
    ToolMessageType type =
        ToolMessageType.byName(typeName)
            .filter(t -> family.isAssignableFrom(t.recordClass()))
            .orElseThrow(
                () ->
                    new UnreadableMessageException(
                        "unknown " + family.getSimpleName() + " type: " + typeName));
    JsonNode version = body.get("schemaVersion");
    if (version == null || !version.isIntegralNumber() || version.asInt() != SCHEMA_VERSION) {
      throw new UnreadableMessageException(
          "unknown schemaVersion "
              + version
              + " of "
              + typeName
              + " (current "
              + SCHEMA_VERSION
              + ")");
    }
    body.remove("type");
    body.remove("schemaVersion");
    try {
      return family.cast(mapper.treeToValue(body, type.recordClass()));
    } catch (JacksonException | IllegalArgumentException e) {
      throw new UnreadableMessageException("invalid " + typeName + ": " + rootMessage(e), e);
    }
  }

  private static String abbreviate(byte[] payload) {
    String text = new String(payload, StandardCharsets.UTF_8);
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
