package dev.burnrate.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.burnrate.bridge.internal.record.Json;

/** A response record as the JSON tree it is sent as, for tests that call the services directly. */
final class Views {
  private Views() {}

  static JsonNode tree(Object view) {
    return Json.MAPPER.valueToTree(view);
  }
}
