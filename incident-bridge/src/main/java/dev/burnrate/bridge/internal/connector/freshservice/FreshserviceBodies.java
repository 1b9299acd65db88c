package dev.burnrate.bridge.internal.connector.freshservice;

import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.time.temporal.ChronoUnit;

/**
 * Freshservice's JSON bodies of a record: a ticket for an incident, a problem or a change, with
 * Freshservice's numeric priorities, statuses, types and risks.
 */
final class FreshserviceBodies {
  private final ConnectorSettings settings;

  FreshserviceBodies(ConnectorSettings settings) {
    this.settings = settings;
  }

  /** Burnrate's P1..P4 as Freshservice's priority: 4 Urgent, 3 High, 2 Medium, 1 Low. */
  static int priority(Priority p) {
    return switch (p == null ? Priority.P3 : p) {
      case P1 -> 4;
      case P2 -> 3;
      case P3 -> 2;
      case P4 -> 1;
    };
  }

  /** An incident's assignment group as the ticket's group_id, when it is a Freshservice id. */
  private static void groupId(ObjectNode b, IncidentSnapshot rec) {
    String group = rec.group();
    if (group.matches("[0-9]{1,18}")) {
      b.put("group_id", Long.parseLong(group));
    }
  }

  /** An incident's state as a ticket status: 2 Open, 3 Pending, 4 Resolved, 5 Closed. */
  static int ticketStatus(IncidentSnapshot rec) {
    return switch (rec.state()) {
      case ON_HOLD -> 3;
      case RESOLVED -> 4;
      case CLOSED -> 5;
      case null, default -> 2;
    };
  }

  /** A problem's state as a problem status: 1 Open, 3 Closed. */
  static int problemStatus(ProblemSnapshot rec) {
    return rec.resolved() ? 3 : 1;
  }

  /**
   * A change's state as a change status: 2 Planning, 3 Awaiting Approval, 4 Pending Release, 5
   * Pending Review, 6 Closed.
   */
  static int changeStatus(ChangeSnapshot rec) {
    return switch (rec.state()) {
      case APPROVED, IN_PROGRESS -> 4;
      case COMPLETED, FAILED -> 5;
      case REJECTED, CANCELLED -> 6;
      case null, default -> 2;
    };
  }

  /** A change kind as a change type: 1 Minor, 2 Standard, 3 Major, 4 Emergency. */
  static int changeType(String kind) {
    return switch (kind) {
      case "standard" -> 2;
      case "emergency" -> 4;
      default -> 1;
    };
  }

  /** A change kind as a risk: 1 Low, 2 Medium, 3 High. */
  static int risk(String kind) {
    return switch (kind) {
      case "standard" -> 1;
      case "emergency" -> 3;
      default -> 2;
    };
  }

  private String requesterEmail() {
    return settings.option("requesterEmail", "burnrate@" + settings.url().getHost());
  }

  /** The body that creates the record. */
  ObjectNode create(Delivery d) {
    ObjectNode b = ToolJson.object();
    String subject = d.key() + " " + d.record().title();
    b.put("subject", subject.length() > 255 ? subject.substring(0, 255) : subject);
    b.put("description", description(d));
    b.put("email", requesterEmail());
    if (settings.options().containsKey("groupId")) {
      b.put("group_id", Long.parseLong(settings.options().get("groupId")));
    }
    switch (d.record()) {
      case ProblemSnapshot rec -> {
        b.put("priority", 2);
        b.put("status", problemStatus(rec));
        b.put("impact", 2);
        b.put(
            "due_by", d.now().plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.SECONDS).toString());
        b.put("known_error", rec.knownError());
        analysis(b, rec);
      }
      case ChangeSnapshot rec -> {
        String kind = rec.changeKind();
        b.put("priority", kind.equals("emergency") ? 4 : 2);
        b.put("impact", kind.equals("emergency") ? 3 : 2);
        b.put("status", changeStatus(rec));
        b.put("change_type", changeType(kind));
        b.put("risk", risk(kind));
        Instant start = rec.startedAt() != null ? rec.startedAt() : d.now();
        Instant end = rec.endedAt() != null ? rec.endedAt() : start.plus(Duration.ofHours(1));
        if (!end.isAfter(start)) {
          end = start.plusSeconds(1);
        }
        b.put("planned_start_date", start.truncatedTo(ChronoUnit.SECONDS).toString());
        b.put("planned_end_date", end.truncatedTo(ChronoUnit.SECONDS).toString());
      }
      case IncidentSnapshot rec -> {
        b.put("priority", priority(rec.priority()));
        b.put("status", ticketStatus(rec));
        groupId(b, rec);
        ArrayNode tags = b.putArray("tags");
        tags.add("burnrate");
        tags.add(RecordText.tag(d.key()));
      }
    }
    return b;
  }

  /** The fields Burnrate owns of the record, as an update writes them. */
  ObjectNode update(Delivery d) {
    ObjectNode b = ToolJson.object();
    switch (d.record()) {
      case ProblemSnapshot rec -> {
        b.put("status", problemStatus(rec));
        b.put("known_error", rec.knownError());
        analysis(b, rec);
      }
      case ChangeSnapshot rec -> {
        b.put("status", changeStatus(rec));
        if (rec.endedAt() != null) {
          b.put("planned_end_date", rec.endedAt().truncatedTo(ChronoUnit.SECONDS).toString());
        }
      }
      case IncidentSnapshot rec -> {
        b.put("priority", priority(rec.priority()));
        b.put("status", ticketStatus(rec));
        groupId(b, rec);
      }
    }
    return b;
  }

  /** A problem's root cause (and workaround) in its analysis fields. */
  private static void analysis(ObjectNode b, ProblemSnapshot rec) {
    if (rec.rootCause() != null || rec.workaround() != null) {
      ObjectNode a = b.putObject("analysis_fields");
      if (rec.rootCause() != null) {
        a.putObject("problem_cause").put("description", RecordText.html(rec.rootCause()));
      }
      if (rec.workaround() != null) {
        a.putObject("problem_symptom")
            .put("description", RecordText.html("Workaround: " + rec.workaround()));
      }
    }
  }

  private static String description(Delivery d) {
    return RecordText.paragraphs(
        RecordText.lines(d, "Burnrate record " + d.key() + " " + RecordText.marker(d.key())));
  }
}
