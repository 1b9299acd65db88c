package dev.burnrate.bridge.internal.connector.servicedeskplus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.internal.connector.Connector.Delivery;
import dev.burnrate.bridge.internal.connector.RecordText;
import dev.burnrate.bridge.internal.connector.ToolJson;
import dev.burnrate.bridge.internal.outbox.ChangeSnapshot;
import dev.burnrate.bridge.internal.outbox.IncidentSnapshot;
import dev.burnrate.bridge.internal.outbox.ProblemSnapshot;
import dev.burnrate.bridge.internal.record.Priority;
import java.time.Duration;
import java.time.Instant;

/**
 * ServiceDesk Plus's JSON of a record: a request for an incident, a problem or a change, with
 * ServiceDesk Plus's named priorities, statuses, change types and risks.
 */
final class ServiceDeskPlusBodies {
  private final ConnectorSettings settings;

  ServiceDeskPlusBodies(ConnectorSettings settings) {
    this.settings = settings;
  }

  /** The user-defined field holding the Burnrate key of a record of this kind. */
  String keyField(String kind) {
    String all = settings.option("recordKeyField", ServiceDeskPlusSettings.DEFAULT_KEY_FIELD);
    return switch (kind) {
      case "problem" -> settings.option("problemKeyField", all);
      case "change" -> settings.option("changeKeyField", all);
      default -> all;
    };
  }

  /** Burnrate's P1..P4 as ServiceDesk Plus's default priorities. */
  static String priority(Priority p) {
    return switch (p == null ? Priority.P3 : p) {
      case P1 -> "High";
      case P2 -> "Medium";
      case P3 -> "Normal";
      case P4 -> "Low";
    };
  }

  /** An incident's state as a request status (closed goes through the close operation). */
  static String requestStatus(IncidentSnapshot rec) {
    return switch (rec.state()) {
      case ACKNOWLEDGED -> "In Progress";
      case RESOLVED, CLOSED -> "Resolved";
      case null, default -> "Open";
    };
  }

  /** A problem's state as a problem status. */
  static String problemStatus(ProblemSnapshot rec) {
    return switch (rec.state()) {
      case RESOLVED -> "Resolved";
      case CLOSED -> "Closed";
      case null, default -> "Open";
    };
  }

  /**
   * A change kind as ServiceDesk Plus's change type and risk: standard Standard and Low, emergency
   * Emergency and High, else Minor and Medium.
   */
  private record ChangeClass(String type, String risk) {
    static ChangeClass of(String kind) {
      return switch (kind) {
        case "standard" -> new ChangeClass("Standard", "Low");
        case "emergency" -> new ChangeClass("Emergency", "High");
        default -> new ChangeClass("Minor", "Medium");
      };
    }
  }

  /** A reference by name: {@code {"name": ...}}. */
  static ObjectNode named(String name) {
    ObjectNode o = ToolJson.object();
    o.put("name", name);
    return o;
  }

  /** A date-time field: {@code {"value": "<epoch millis>"}}. */
  static ObjectNode time(Instant t) {
    ObjectNode o = ToolJson.object();
    o.put("value", String.valueOf(t.toEpochMilli()));
    return o;
  }

  /** The {@code input_data} that creates the record. */
  ObjectNode create(Delivery d) {
    ObjectNode in = ToolJson.object();
    ObjectNode b = in.putObject(ServiceDeskPlusConnector.entity(d.kind()));
    String title = d.key() + " " + d.record().title();
    if (title.length() > 250) {
      title = title.substring(0, 250);
    }
    b.put(d.kind().equals("incident") ? "subject" : "title", title);
    b.put("description", RecordText.paragraphs(RecordText.lines(d, "Burnrate record " + d.key())));
    b.putObject("udf_fields").put(keyField(d.kind()), d.key());
    if (settings.options().containsKey("group")) {
      b.set("group", named(settings.options().get("group")));
    }
    switch (d.record()) {
      case ProblemSnapshot rec -> {
        b.set("status", named(problemStatus(rec)));
        rootCause(b, rec);
      }
      case ChangeSnapshot rec -> {
        ChangeClass c = ChangeClass.of(rec.changeKind());
        b.set("change_type", named(c.type()));
        b.set("risk", named(c.risk()));
        Instant start = rec.startedAt() != null ? rec.startedAt() : d.now();
        Instant end = rec.endedAt() != null ? rec.endedAt() : start.plus(Duration.ofHours(1));
        if (!end.isAfter(start)) {
          end = start.plusSeconds(1);
        }
        b.set("scheduled_start_time", time(start));
        b.set("scheduled_end_time", time(end));
      }
      case IncidentSnapshot rec -> {
        b.set("priority", named(priority(rec.priority())));
        b.set("status", named("Open"));
        String requester = settings.options().get("requester");
        if (requester != null) {
          ObjectNode r = ToolJson.object();
          r.put(requester.contains("@") ? "email_id" : "name", requester);
          b.set("requester", r);
        }
      }
    }
    return in;
  }

  /** A problem's root cause and workaround, in its analysis fields. */
  static void rootCause(ObjectNode b, ProblemSnapshot rec) {
    if (rec.rootCause() != null) {
      b.put("root_cause", RecordText.html(rec.rootCause()));
    }
    if (rec.workaround() != null) {
      b.put("workaround", RecordText.html(rec.workaround()));
    }
  }

  /** An incident's resolution, or the event's message when it has none. */
  static String resolution(Delivery d) {
    return d.record() instanceof IncidentSnapshot i
            && i.resolution() != null
            && !i.resolution().isBlank()
        ? i.resolution()
        : d.message();
  }
}
