package dev.burnrate.ingest.events;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The errors of a batch: all counted, the first hundred reported. */
final class EventErrors {
  final JsonArray list = new JsonArray();
  int count;
  String first;

  void add(int line, int index, String field, String message) {
    count++;
    String text = "line " + line + (field.isEmpty() ? "" : ", field " + field) + ": " + message;
    if (first == null) {
      first = text;
    }
    if (list.size() < EventsDecoder.MAX_REPORTED_ERRORS) {
      list.add(
          new JsonObject()
              .put("line", line)
              .put("index", index)
              .put("field", field)
              .put("message", message));
    }
  }
}
