package dev.burnrate.api.slo;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.SloIncident;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The open incident linked to each SLO, asked of the incident bridge after every engine tick, so a
 * status request never waits on the database.
 */
public final class IncidentLinks implements Function<String, JsonObject> {
  private final Supplier<Map<String, SloIncident>> source;
  private volatile Map<String, JsonObject> bySlo = Map.of();

  /** Links read from {@code source} ({@code IncidentBridge::activeIncidentsBySlo}). */
  public IncidentLinks(Supplier<Map<String, SloIncident>> source) {
    this.source = requireNonNull(source, "source");
  }

  /** Reads the open incidents again; blocks on the bridge's database. */
  public void refresh() {
    Map<String, JsonObject> next = new HashMap<>();
    source
        .get()
        .forEach(
            (slo, i) ->
                next.put(
                    slo,
                    new JsonObject()
                        .put("key", i.key())
                        .put("state", i.state())
                        .put("priority", i.priority())
                        .put("severity", i.severity())
                        .put("openedAt", i.openedAt().toString())
                        .put("href", "/api/v1/incidents/" + i.key())));
    bySlo = Map.copyOf(next);
  }

  /** The open incident of the SLO, or null. */
  @Override
  public JsonObject apply(String slo) {
    JsonObject o = bySlo.get(slo);
    return o == null ? null : o.copy();
  }
}
