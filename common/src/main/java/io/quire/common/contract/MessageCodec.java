package io.quire.common.contract;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.UnaryOperator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes the wire form of every {@link QuireMessage}.
 *
 * <p>The JSON carries {@code type} (a logical name from {@link MessageType}) and {@code
 * schemaVersion}. Older versions are upgraded to the current record layout by an upcaster
 * registered here, so payloads still sitting in queues after an upgrade keep working. Anything else
 * is an {@link UnreadableMessageException}.
 */
public final class MessageCodec {

  /** Upcasters from (type, old version) to the JSON of the next version. */
  private static final Map<String, UnaryOperator<ObjectNode>> UPCASTERS = Map.of();

  private final JsonMapper mapper;

  public MessageCodec() {
    this.mapper =
        JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
  }

  /**
   * The shared mapper, configured for the wire form (ISO-8601 instants, lenient on extra fields).
   */
  public JsonMapper mapper() {
    return mapper;
  }

  public byte[] encode(QuireMessage message) {
    ObjectNode body = mapper.createObjectNode();
    body.put("type", message.type());
    body.put("schemaVersion", message.schemaVersion());
    body.setAll((ObjectNode) mapper.valueToTree(message));
    return mapper.writeValueAsBytes(body);
  }

  public QuireMessage decode(byte[] payload) {
    ObjectNode body = parseObject(payload);
    String typeName = text(body, "type");
    MessageType type =
        MessageType.byName(typeName)
            .orElseThrow(() -> new UnreadableMessageException("unknown message type: " + typeName));
    JsonNode versionNode = body.get("schemaVersion");
    if (versionNode == null || !versionNode.isIntegralNumber()) {
      throw new UnreadableMessageException("schemaVersion missing or not a number");
    }
    int version = versionNode.asInt();
    if (version < 1 || version > type.currentVersion()) {
      throw new UnreadableMessageException(
          "unknown schemaVersion "
              + version
              + " for "
              + typeName
              + " (current "
              + type.currentVersion()
              + ")");
    }
    while (version < type.currentVersion()) {
      UnaryOperator<ObjectNode> upcaster = UPCASTERS.get(typeName + "@" + version);
      if (upcaster == null) {
        throw new UnreadableMessageException("no upgrade path for " + typeName + "@" + version);
      }
      body = upcaster.apply(body);
      version++;
    }
    body.remove("type");
    body.remove("schemaVersion");
    try {
      return mapper.treeToValue(body, type.recordClass());
    } catch (JacksonException | IllegalArgumentException e) {
      throw new UnreadableMessageException(
          "invalid " + typeName + "@" + version + ": " + rootMessage(e), e);
    }
  }

  /** Decodes and checks the expected record type. */
  public <T extends QuireMessage> T decode(byte[] payload, Class<T> expected) {
    QuireMessage message = decode(payload);
    if (!expected.isInstance(message)) {
      throw new UnreadableMessageException(
          "expected " + MessageType.of(expected).typeName() + " but got " + message.type());
    }
    return expected.cast(message);
  }

  private ObjectNode parseObject(byte[] payload) {
    JsonNode node;
    try {
      node = mapper.readTree(payload);
    } catch (JacksonException e) {
      throw new UnreadableMessageException("not JSON: " + abbreviate(payload), e);
    }
    if (!(node instanceof ObjectNode object)) {
      throw new UnreadableMessageException("not a JSON object: " + abbreviate(payload));
    }
    return object;
  }

  private static String text(ObjectNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || !node.isString()) {
      throw new UnreadableMessageException(field + " missing or not a string");
    }
    return node.asString();
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
