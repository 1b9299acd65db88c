package dev.burnrate.ingest.events;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The errors of a batch: all counted, the first hundred reported, each at its event. */
final class EventErrors {
  final JsonArray list = new JsonArray();
  int count;
  String first;
  // The event being read: its line, and its position among the events (from 1).
  private int line;
  private int index;

  /** Moves on to the event at {@code line}, the {@code index}th of the batch. */
  void at(int line, int index) {
    this.line = line;
    this.index = index;
  }

  /** An error of the current event's {@code field} (empty for the event itself). */
  void add(String field, String message) {
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
