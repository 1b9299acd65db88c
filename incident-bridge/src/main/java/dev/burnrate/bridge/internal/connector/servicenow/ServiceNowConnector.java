package dev.burnrate.bridge.internal.connector.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.BridgeSettings.ConnectorSettings;
import dev.burnrate.bridge.internal.connector.Connector;
import dev.burnrate.bridge.internal.connector.Connector.Delivery;
import dev.burnrate.bridge.internal.connector.Connector.ExternalRef;
import dev.burnrate.bridge.internal.connector.Connector.Outcome;
import dev.burnrate.bridge.internal.connector.Http;
import dev.burnrate.bridge.internal.record.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * ServiceNow Table API: {@code incident}, {@code problem} and {@code change_request} records, the
 * incident's {@code problem_id}, state changes and work notes.
 *
 * <p>Idempotent through {@code correlation_id = burnrate:<KEY>}: before creating a record the
 * connector queries the table for it (the Table API reads the database, so a record an earlier
 * attempt created is always found), and work notes carry a marker looked up in {@code
 * sys_journal_field} when an earlier attempt may have written them.
 */
public final class ServiceNowConnector implements Connector {
  private static final DateTimeFormatter GLIDE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final ConnectorSettings settings;
  private final Http http;
  private final String auth;

  public ServiceNowConnector(ConnectorSettings settings, Http http) {
    this.settings = settings;
    this.http = http;
    this.auth =
        Http.basic(settings.option("user", ""), settings.secrets().get("password").reveal());
  }

  @Override
  public String name() {
    return settings.name();
  }

  static String correlationId(String key) {
    return "burnrate:" + key;
  }

  static String table(String kind) {
    return switch (kind) {
      case "problem" -> "problem";
      case "change" -> "change_request";
      default -> "incident";
    };
  }

  private URI uri(String path) {
    String base = settings.url().toString();
    return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
  }

  private HttpRequest.Builder req(String path) {
    return http.request(uri(path)).header("Authorization", auth);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public Outcome deliver(Delivery d) throws InterruptedException {
    String table = table(d.kind());
    Optional<ExternalRef> ref = d.refs().find(d.key());
    boolean created = false;
    if (ref.isEmpty()) {
      Http.Result s =
          http.send(
              req("/api/now/table/"
                      + table
                      + "?sysparm_query="
                      + enc("correlation_id=" + correlationId(d.key()))
                      + "&sysparm_fields=sys_id,number&sysparm_limit=1")
                  .GET()
                  .build(),
              d.now());
      if (!s.ok()) {
        return s.failure();
      }
      JsonNode found = Json.read(s.body()).path("result");
      if (found.size() > 0) {
        ref = Optional.of(refOf(table, found.get(0)));
      } else {
        ObjectNode body = fields(d, true);
        Http.Result r =
            http.send(
                req("/api/now/table/" + table)
                    .header("Content-Type", "application/json")
                    .POST(Http.json(Json.write(body)))
                    .build(),
                d.now());
        if (!r.ok()) {
          return r.failure();
        }
        ref = Optional.of(refOf(table, Json.read(r.body()).path("result")));
        created = true;
      }
      d.refs().store(d.key(), ref.get());
    }
    String sysId = ref.get().externalId();
    if (!created) {
      String marker = "[burnrate-event-" + d.id() + "]";
      boolean noted = false;
      if (d.inDoubt()) {
        Http.Result j =
            http.send(
                req("/api/now/table/sys_journal_field?sysparm_query="
                        + enc("element_id=" + sysId + "^element=work_notes^valueLIKE" + marker)
                        + "&sysparm_limit=1")
                    .GET()
                    .build(),
                d.now());
        if (!j.ok()) {
          return j.failure();
        }
        noted = Json.read(j.body()).path("result").size() > 0;
      }
      ObjectNode body = fields(d, false);
      if (!noted) {
        body.put("work_notes", d.message() + " " + marker);
      }
      Http.Result r = patch(table, sysId, body, d.now());
      if (!r.ok()) {
        return r.failure();
      }
    }
    boolean linking = created || d.event().equals("opened") || d.event().equals("linked");
    return linking ? linkRelated(d, sysId) : new Outcome.Delivered();
  }

  private Http.Result patch(String table, String sysId, ObjectNode body, Instant now)
      throws InterruptedException {
    return http.send(
        req("/api/now/table/" + table + "/" + sysId)
            .header("Content-Type", "application/json")
            .method("PATCH", Http.json(Json.write(body)))
            .build(),
        now);
  }

  /** Sets incidents' problem_id and caused_by once both records exist in ServiceNow. */
  private Outcome linkRelated(Delivery d, String sysId) throws InterruptedException {
    for (JsonNode l : d.record().path("links")) {
      // An incident's suspected cause is its caused_by change, set from whichever side arrives
      // second.
      String rel = l.path("relation").asText();
      if (!rel.equals("suspected-cause") && !rel.equals("caused-by")) {
        continue;
      }
      String other = l.path("key").asText();
      boolean incidentSide = d.kind().equals("incident") && other.startsWith("CHG-");
      boolean changeSide = d.kind().equals("change") && other.startsWith("INC-");
      if (!incidentSide && !changeSide) {
        continue;
      }
      Optional<ExternalRef> o = d.refs().find(other);
      if (o.isPresent()) {
        ObjectNode b = Json.object();
        b.put("caused_by", incidentSide ? o.get().externalId() : sysId);
        Http.Result r = patch("incident", incidentSide ? sysId : o.get().externalId(), b, d.now());
        if (!r.ok()) {
          return r.failure();
        }
      }
    }
    if (d.kind().equals("incident")) {
      for (JsonNode l : d.record().path("links")) {
        if (l.path("relation").asText().equals("problem")) {
          Optional<ExternalRef> p = d.refs().find(l.path("key").asText());
          if (p.isPresent()) {
            ObjectNode b = Json.object();
            b.put("problem_id", p.get().externalId());
            Http.Result r = patch("incident", sysId, b, d.now());
            if (!r.ok()) {
              return r.failure();
            }
          }
        }
      }
    } else if (d.kind().equals("problem")) {
      for (JsonNode k : d.record().path("incidents")) {
        Optional<ExternalRef> i = d.refs().find(k.asText());
        if (i.isPresent()) {
          ObjectNode b = Json.object();
          b.put("problem_id", sysId);
          Http.Result r = patch("incident", i.get().externalId(), b, d.now());
          if (!r.ok()) {
            return r.failure();
          }
        }
      }
    }
    return new Outcome.Delivered();
  }

  private ExternalRef refOf(String table, JsonNode r) {
    String sysId = r.path("sys_id").asText();
    return new ExternalRef(
        sysId,
        r.path("number").asText(null),
        uri("/nav_to.do?uri=" + table + ".do?sys_id=" + sysId).toString());
  }

  private ObjectNode fields(Delivery d, boolean create) {
    JsonNode rec = d.record();
    ObjectNode f = Json.object();
    String state = rec.path("state").asText();
    switch (d.kind()) {
      case "incident" -> {
        String p = rec.path("priority").asText("P3");
        f.put("impact", p.equals("P1") || p.equals("P2") ? "1" : "2");
        f.put(
            "urgency",
            switch (p) {
              case "P1" -> "1";
              case "P2", "P3" -> "2";
              default -> "3";
            });
        f.put(
            "state",
            switch (state) {
              case "acknowledged" -> "2";
              case "on_hold" -> "3";
              case "resolved" -> "6";
              case "closed" -> "7";
              default -> "1";
            });
        String group = rec.path("assignment").path("group").asText("");
        if (!group.isEmpty()) {
          // A reference field takes a sys_id or, failing that, the group's name.
          f.put("assignment_group", group);
        }
        if (state.equals("resolved") || state.equals("closed")) {
          f.put("close_code", "Solution provided");
          f.put("close_notes", rec.path("resolution").asText("resolved in Burnrate"));
        }
      }
      case "problem" -> {
        f.put(
            "state",
            switch (state) {
              case "resolved" -> "106";
              case "closed" -> "107";
              default -> "101";
            });
        f.put("known_error", rec.path("knownError").asBoolean() ? "true" : "false");
        if (!rec.path("rootCause").isNull()) {
          f.put("cause_notes", rec.path("rootCause").asText());
        }
        if (!rec.path("workaround").isNull()) {
          f.put("workaround", rec.path("workaround").asText());
        }
        if (state.equals("resolved") || state.equals("closed")) {
          f.put("resolution_code", "fix_applied");
        }
      }
      default -> {
        f.put("type", rec.path("changeKind").asText("normal"));
        f.put(
            "state",
            switch (state) {
              case "planned" -> "-5";
              case "approved" -> "-2";
              case "in_progress" -> "-1";
              case "completed", "failed" -> "3";
              default -> "4";
            });
        if (state.equals("completed") || state.equals("failed")) {
          f.put("close_code", state.equals("completed") ? "successful" : "unsuccessful");
          f.put("close_notes", d.message());
        }
        if (create && rec.hasNonNull("startedAt")) {
          f.put("start_date", GLIDE.format(Instant.parse(rec.path("startedAt").asText())));
        }
        if (rec.hasNonNull("endedAt")) {
          f.put("end_date", GLIDE.format(Instant.parse(rec.path("endedAt").asText())));
        }
      }
    }
    if (create) {
      String summary = d.key() + " " + rec.path("title").asText();
      f.put("short_description", summary.length() > 160 ? summary.substring(0, 160) : summary);
      f.put(
          "description",
          d.message()
              + "\n\nBurnrate record "
              + d.key()
              + "\n"
              + Json.write(
                  ((ObjectNode) rec.deepCopy()).without(java.util.List.of("timeline", "links"))));
      f.put("correlation_id", correlationId(d.key()));
      f.put("correlation_display", "Burnrate");
      if (d.kind().equals("incident")) {
        settings.options().entrySet().stream()
            .filter(e -> e.getKey().equals("callerId"))
            .forEach(e -> f.put("caller_id", e.getValue()));
      }
      if (settings.options().containsKey("assignmentGroup") && !f.has("assignment_group")) {
        f.put("assignment_group", settings.options().get("assignmentGroup"));
      }
    }
    return f;
  }
}
