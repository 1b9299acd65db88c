package dev.burnrate.bridge.internal.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The fields Burnrate owns of an external record, and which of them an update must write: only
 * those whose value in Burnrate changed since the connector last wrote them. A field a person
 * changed in the tool (a priority, On Hold) stays as they left it until Burnrate's own value for it
 * changes.
 */
public final class OwnedFields {
  private OwnedFields() {}

  /**
   * The fields of {@code desired} whose value differs from the one last written; all of them when
   * nothing was written yet (a record created before the connector kept track).
   */
  public static ObjectNode changed(ObjectNode desired, Map<String, ?> written) {
    ObjectNode lastWritten = ToolJson.toObject(written);
    ObjectNode out = ToolJson.object();
    for (Map.Entry<String, JsonNode> e : desired.properties()) {
      JsonNode last = lastWritten.get(e.getKey());
      if (last == null || !last.equals(e.getValue())) {
        out.set(e.getKey(), e.getValue());
      }
    }
    return out;
  }
}
