package io.emostream.schemas.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * An EmoStream record as one line of plain JSON for people and tools ({@code emostream tail}):
 * field names as in the schema, timestamps as ISO-8601, enums by name, unions unwrapped, and every
 * bytes field replaced by {@code {"bytes": N}} — frames, crops and dead letters' originals are
 * images, which never go to a terminal or a log.
 */
public final class AvroJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AvroJson() {}

  public static String line(IndexedRecord record) {
    try {
      return JSON.writeValueAsString(node(record));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  static JsonNode node(Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof IndexedRecord r) {
      ObjectNode o = NODES.objectNode();
      for (Schema.Field f : r.getSchema().getFields()) {
        o.set(f.name(), node(r.get(f.pos())));
      }
      return o;
    }
    if (value instanceof ByteBuffer b) {
      return NODES.objectNode().put("bytes", b.remaining());
    }
    if (value instanceof byte[] b) {
      return NODES.objectNode().put("bytes", b.length);
    }
    if (value instanceof Instant t) {
      return NODES.textNode(t.toString());
    }
    if (value instanceof CharSequence || value instanceof Enum<?>) {
      return NODES.textNode(value.toString());
    }
    if (value instanceof Integer i) {
      return NODES.numberNode(i);
    }
    if (value instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (value instanceof Float f) {
      return NODES.numberNode(f);
    }
    if (value instanceof Double d) {
      return NODES.numberNode(d);
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof List<?> list) {
      ArrayNode a = NODES.arrayNode();
      list.forEach(v -> a.add(node(v)));
      return a;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode o = NODES.objectNode();
      map.forEach((k, v) -> o.set(String.valueOf(k), node(v)));
      return o;
    }
    return NODES.textNode(value.toString());
  }
}
