package dev.burnrate.bridge.internal.connector.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.internal.connector.ByKind;
import dev.burnrate.bridge.internal.connector.Connector;
import dev.burnrate.bridge.internal.connector.Connector.Delivery;
import dev.burnrate.bridge.internal.connector.Connector.ExternalRef;
import dev.burnrate.bridge.internal.connector.Connector.Outcome;
import dev.burnrate.bridge.internal.connector.Http;
import dev.burnrate.bridge.internal.connector.OwnedFields;
import dev.burnrate.bridge.internal.connector.ToolJson;
import dev.burnrate.bridge.internal.outbox.ChangeSnapshot;
import dev.burnrate.bridge.internal.outbox.Snapshot.LinkLine;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * ServiceNow Table API: {@code incident}, {@code problem} and {@code change_request} records, the
 * incident's {@code problem_id}, state changes and work notes.
 *
 * <p>Idempotent through {@code correlation_id = burnrate:<KEY>}: before creating a record the
 * connector queries the table for it (the Table API reads the database, so a record an earlier
 * attempt created is always found), and work notes carry a marker looked up in {@code
 * sys_journal_field} when an earlier attempt may have written them.
 *
 * <p>An update writes only the fields Burnrate owns whose value changed since the connector last
 * wrote them, so what a person set in ServiceNow (On Hold, another priority) stays until Burnrate's
 * own value changes. A change request is created New and walked through the state model with the
 * Table API, one update per state (a normal change through Assess and Authorize, an emergency one
 * through Authorize, a standard one straight to Scheduled). A 403 whose body names an ACL exception
 * on the update (a closed, read-only record) is final for that message; a 403 of a credential
 * without the role is retried.
 */
public final class ServiceNowConnector implements Connector {
  private static final ByKind<String> TABLES =
      new ByKind<>("incident", "problem", "change_request");

  private final ConnectorSettings settings;
  private final Http http;
  private final String auth;
  private final ServiceNowFields fields;

  public ServiceNowConnector(ConnectorSettings settings, Http http) {
    this.settings = settings;
    this.http = http;
    this.fields = new ServiceNowFields(settings);
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

  private URI uri(String path) {
    return Http.under(settings.url(), path);
  }

  private HttpRequest.Builder req(String path) {
    return http.request(uri(path)).header("Authorization", auth);
  }

  private Http.Result get(String path, Instant now) throws InterruptedException {
    return http.send(req(path).GET().build(), now);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public Outcome deliver(Delivery d) throws InterruptedException {
    String table = TABLES.of(d.kind());
    Optional<ExternalRef> ref = d.refs().find(d.key());
    boolean created = false;
    if (ref.isEmpty()) {
      Http.Result s =
          get(
              "/api/now/table/"
                  + table
                  + "?sysparm_query="
                  + enc("correlation_id=" + correlationId(d.key()))
                  + "&sysparm_fields=sys_id,number&sysparm_limit=1",
              d.now());
      if (!s.ok()) {
        return s.failure();
      }
      JsonNode found = ToolJson.read(s.body()).path("result");
      if (found.size() > 0) {
        ref = Optional.of(d.store(refOf(table, found.get(0))));
      } else {
        Http.Result r =
            http.send(Http.json(req("/api/now/table/" + table), "POST", fields.create(d)), d.now());
        if (!r.ok()) {
          return r.failure();
        }
        ref = Optional.of(d.store(refOf(table, ToolJson.read(r.body()).path("result"))));
        ObjectNode wrote = fields.owned(d);
        if (d.kind().equals("change")) {
          wrote.put("state", ServiceNowStates.NEW);
        }
        d.refs().wrote(d.key(), ToolJson.toMap(wrote));
        created = true;
      }
    }
    String sysId = ref.get().externalId();
    ObjectNode changed = OwnedFields.changed(fields.owned(d), d.refs().written(d.key()));
    String walkTo = null;
    if (d.kind().equals("change")) {
      // A change's state is walked through the state model, one update per state, after the
      // other fields; its close code and notes go only with a new state.
      JsonNode target = changed.remove("state");
      walkTo = target == null ? null : target.asText();
      if (walkTo == null) {
        changed.remove(List.of("close_code", "close_notes"));
      }
    }
    if (!created) {
      String marker = d.eventMarker();
      boolean noted = false;
      if (d.inDoubt()) {
        Http.Result j =
            get(
                "/api/now/table/sys_journal_field?sysparm_query="
                    + enc("element_id=" + sysId + "^element=work_notes^valueLIKE" + marker)
                    + "&sysparm_limit=1",
                d.now());
        if (!j.ok()) {
          return j.failure();
        }
        noted = ToolJson.read(j.body()).path("result").size() > 0;
      }
      ObjectNode body = changed.deepCopy();
      if (!noted) {
        body.put("work_notes", d.message() + " " + marker);
      }
      if (!body.isEmpty()) {
        Http.Result r = patch(table, sysId, body, d.now());
        if (readOnly(r) && r.failure() instanceof Outcome.Retry refused) {
          return new Outcome.Rejected(
              ref.get().externalKey()
                  + " is closed in ServiceNow and read-only; this "
                  + d.event()
                  + " event was not written ("
                  + refused.error()
                  + ")");
        }
        if (!r.ok()) {
          return r.failure();
        }
        d.refs().wrote(d.key(), ToolJson.toMap(changed));
      }
    }
    if (walkTo != null) {
      Outcome w = walkChange(d, sysId, walkTo);
      if (w != null) {
        return w;
      }
    }
    return d.relinks(created) ? linkRelated(d, sysId) : new Outcome.Delivered();
  }

  /**
   * Whether ServiceNow refused a write because the record is read-only for everyone (a closed
   * incident): its documented body names an ACL exception on the update, where a credential without
   * the role is "User Not Authorized" and is retried until someone fixes it.
   */
  static boolean readOnly(Http.Result r) {
    if (r.ok() || r.response() == null || r.status() != 403) {
      return false;
    }
    JsonNode err;
    try {
      err = ToolJson.read(r.body()).path("error");
    } catch (RuntimeException e) {
      return false;
    }
    return err.path("detail").asText().contains("ACL Exception Update Failed");
  }

  /**
   * Moves a change request to a target state along ServiceNow's state model (New, Assess,
   * Authorize, Scheduled, Implement, Review, Closed), from the state it has now; null when done.
   */
  private Outcome walkChange(Delivery d, String sysId, String target) throws InterruptedException {
    Http.Result cur =
        get("/api/now/table/change_request/" + sysId + "?sysparm_fields=state,type", d.now());
    if (!cur.ok()) {
      return cur.failure();
    }
    JsonNode row = ToolJson.read(cur.body()).path("result");
    String type =
        row.path("type")
            .asText(d.record() instanceof ChangeSnapshot ch ? ch.changeKind() : "normal");
    for (String step : ServiceNowStates.walk(type, row.path("state").asText(), target)) {
      ObjectNode b = ToolJson.object();
      b.put("state", step);
      Http.Result r = patch("change_request", sysId, b, d.now());
      if (readOnly(r)) {
        break; // closed in ServiceNow already: nothing more to move
      }
      if (!r.ok()) {
        return r.failure();
      }
    }
    ObjectNode w = ToolJson.object();
    w.put("state", target);
    d.refs().wrote(d.key(), ToolJson.toMap(w));
    return null;
  }

  private Http.Result patch(String table, String sysId, ObjectNode body, Instant now)
      throws InterruptedException {
    return http.send(Http.json(req("/api/now/table/" + table + "/" + sysId), "PATCH", body), now);
  }

  /**
   * Sets incidents' problem_id and caused_by once both records exist in ServiceNow; a closed
   * (read-only) incident is left without the link.
   */
  private Outcome linkRelated(Delivery d, String sysId) throws InterruptedException {
    for (LinkLine l : d.record().links()) {
      // An incident's suspected cause is its caused_by change, set from whichever side arrives
      // second.
      String rel = l.relation();
      if (!rel.equals("suspected-cause") && !rel.equals("caused-by")) {
        continue;
      }
      String other = l.key();
      boolean incidentSide = d.kind().equals("incident") && other.startsWith("CHG-");
      boolean changeSide = d.kind().equals("change") && other.startsWith("INC-");
      if (!incidentSide && !changeSide) {
        continue;
      }
      Optional<ExternalRef> o = d.refs().find(other);
      if (o.isPresent()) {
        ObjectNode b = ToolJson.object();
        b.put("caused_by", incidentSide ? o.get().externalId() : sysId);
        Http.Result r = patch("incident", incidentSide ? sysId : o.get().externalId(), b, d.now());
        if (!r.ok() && !readOnly(r)) {
          return r.failure();
        }
      }
    }
    if (d.kind().equals("incident")) {
      for (LinkLine l : d.record().links()) {
        if (l.relation().equals("problem")) {
          Optional<ExternalRef> p = d.refs().find(l.key());
          if (p.isPresent()) {
            ObjectNode b = ToolJson.object();
            b.put("problem_id", p.get().externalId());
            Http.Result r = patch("incident", sysId, b, d.now());
            if (!r.ok() && !readOnly(r)) {
              return r.failure();
            }
          }
        }
      }
    } else if (d.kind().equals("problem")) {
      for (String k : d.record().incidents()) {
        Optional<ExternalRef> i = d.refs().find(k);
        if (i.isPresent()) {
          ObjectNode b = ToolJson.object();
          b.put("problem_id", sysId);
          Http.Result r = patch("incident", i.get().externalId(), b, d.now());
          // A closed incident cannot take the link; the problem's own message is not held back.
          if (!r.ok() && !readOnly(r)) {
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
}
