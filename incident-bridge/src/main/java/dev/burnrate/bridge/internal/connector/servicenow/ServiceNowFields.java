package dev.burnrate.bridge.internal.connector.servicenow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.internal.change.ChangeState;
import dev.burnrate.bridge.internal.connector.Connector.Delivery;
import dev.burnrate.bridge.internal.connector.ToolJson;
import dev.burnrate.bridge.internal.incident.IncidentState;
import dev.burnrate.bridge.internal.outbox.ChangeSnapshot;
import dev.burnrate.bridge.internal.outbox.IncidentSnapshot;
import dev.burnrate.bridge.internal.outbox.OutboxJson;
import dev.burnrate.bridge.internal.outbox.ProblemSnapshot;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.bridge.internal.record.Priority;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * ServiceNow's fields of a record: impact, urgency, state, hold reason, assignment group and close
 * notes of an incident; state, known error and analysis of a problem; type, state and dates of a
 * change request; and the text and correlation id of a new one.
 */
final class ServiceNowFields {
  private static final DateTimeFormatter GLIDE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final ConnectorSettings settings;
  private final Map<String, String> problemStates;
  private final String holdReason;

  ServiceNowFields(ConnectorSettings settings) {
    this.settings = settings;
    this.problemStates = ServiceNowStates.problemStates(settings.options().get("problemStates"));
    this.holdReason = ServiceNowStates.holdReason(settings.options().get("holdReason"));
  }

  /** The fields Burnrate owns of the record, as it would write them now. */
  ObjectNode owned(Delivery d) {
    ObjectNode f = ToolJson.object();
    switch (d.record()) {
      case IncidentSnapshot rec -> {
        Priority p = rec.priority() == null ? Priority.P3 : rec.priority();
        f.put("impact", p.number() <= 2 ? "1" : "2");
        f.put(
            "urgency",
            switch (p) {
              case P1 -> "1";
              case P2, P3 -> "2";
              case P4 -> "3";
            });
        f.put(
            "state",
            switch (rec.state()) {
              case ACKNOWLEDGED -> "2";
              case ON_HOLD -> "3";
              case RESOLVED -> "6";
              case CLOSED -> "7";
              case null, default -> "1";
            });
        if (rec.state() == IncidentState.ON_HOLD) {
          // On hold needs its reason: by default Awaiting Vendor, someone outside.
          f.put("hold_reason", holdReason);
        }
        if (!rec.group().isEmpty()) {
          // A reference field takes a sys_id or, failing that, the group's name.
          f.put("assignment_group", rec.group());
        }
        if (rec.resolved()) {
          f.put("close_code", "Solution provided");
          f.put(
              "close_notes", rec.resolution() == null ? "resolved in Burnrate" : rec.resolution());
        }
      }
      case ProblemSnapshot rec -> {
        f.put("state", problemStates.getOrDefault(rec.stateName(), problemStates.get("open")));
        f.put("known_error", rec.knownError() ? "true" : "false");
        if (rec.rootCause() != null) {
          f.put("cause_notes", rec.rootCause());
        }
        if (rec.workaround() != null) {
          f.put("workaround", rec.workaround());
        }
        if (rec.resolved()) {
          f.put("resolution_code", "fix_applied");
        }
      }
      case ChangeSnapshot rec -> {
        f.put("type", rec.changeKind());
        f.put("state", ServiceNowStates.changeState(rec.stateName()));
        if (rec.finished()) {
          f.put("close_code", rec.state() == ChangeState.COMPLETED ? "successful" : "unsuccessful");
          f.put("close_notes", d.message());
        }
        if (rec.endedAt() != null) {
          f.put("end_date", GLIDE.format(rec.endedAt()));
        }
      }
    }
    return f;
  }

  /** A new record: the fields Burnrate owns, its text, and its correlation id. */
  ObjectNode create(Delivery d) {
    ObjectNode f = owned(d);
    if (d.record() instanceof ChangeSnapshot ch) {
      // Created as New, then walked through the state model to where the change is.
      f.put("state", ServiceNowStates.NEW);
      if (ch.startedAt() != null) {
        f.put("start_date", GLIDE.format(ch.startedAt()));
      }
    }
    String summary = d.key() + " " + d.record().title();
    f.put("short_description", summary.length() > 160 ? summary.substring(0, 160) : summary);
    f.put(
        "description",
        d.message()
            + "\n\nBurnrate record "
            + d.key()
            + "\n"
            + Json.write(
                OutboxJson.MAPPER
                    .<ObjectNode>valueToTree(d.record())
                    .without(List.of("timeline", "links"))));
    f.put("correlation_id", ServiceNowConnector.correlationId(d.key()));
    f.put("correlation_display", "Burnrate");
    if (d.kind().equals("incident")) {
      settings.options().entrySet().stream()
          .filter(e -> e.getKey().equals("callerId"))
          .forEach(e -> f.put("caller_id", e.getValue()));
    }
    if (settings.options().containsKey("assignmentGroup") && !f.has("assignment_group")) {
      f.put("assignment_group", settings.options().get("assignmentGroup"));
    }
    return f;
  }
}
