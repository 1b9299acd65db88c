package dev.burnrate.bridge.internal.connector.jira;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.internal.connector.Connector.Delivery;
import dev.burnrate.bridge.internal.connector.RecordText;
import dev.burnrate.bridge.internal.connector.ToolJson;
import dev.burnrate.bridge.internal.outbox.IncidentSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Jira's JSON of a record: the issue (or the customer request of Jira Service Management) with its
 * summary, an Atlassian Document Format description, labels and assignee; and the order in which
 * Burnrate's records are linked.
 */
final class JiraBodies {
  private final ConnectorSettings settings;

  JiraBodies(ConnectorSettings settings) {
    this.settings = settings;
  }

  /** An Atlassian Document Format document of plain paragraphs. */
  static ObjectNode adf(List<String> paragraphs) {
    ObjectNode doc = ToolJson.object();
    doc.put("type", "doc");
    doc.put("version", 1);
    ArrayNode content = doc.putArray("content");
    for (String p : paragraphs) {
      ObjectNode para = content.addObject();
      para.put("type", "paragraph");
      ObjectNode text = para.putArray("content").addObject();
      text.put("type", "text");
      text.put("text", p.isEmpty() ? " " : p);
    }
    return doc;
  }

  String issueType(String kind) {
    return switch (kind) {
      case "problem" -> settings.option("problemIssueType", "Problem");
      case "change" -> settings.option("changeIssueType", "Change");
      default -> settings.option("incidentIssueType", "Incident");
    };
  }

  /** A customer request of the configured request type, so that portal and SLA rules apply. */
  ObjectNode requestBody(Delivery d, String requestType, String serviceDeskId) {
    ObjectNode body = ToolJson.object();
    body.put("serviceDeskId", serviceDeskId);
    body.put("requestTypeId", requestType);
    ObjectNode v = body.putObject("requestFieldValues");
    String summary = d.key() + " " + d.record().title();
    v.put("summary", summary.length() > 255 ? summary.substring(0, 255) : summary);
    v.put("description", String.join("\n", descriptionLines(d)));
    return body;
  }

  List<String> descriptionLines(Delivery d) {
    List<String> lines = new ArrayList<>();
    lines.add(d.message());
    lines.addAll(RecordText.fields(d.record(), true));
    lines.add("Burnrate record " + d.key() + " " + JiraConnector.marker(d.key()));
    return lines;
  }

  ObjectNode createBody(Delivery d, boolean withLabels) {
    ObjectNode body = ToolJson.object();
    ObjectNode f = body.putObject("fields");
    f.putObject("project").put("key", settings.option("project", ""));
    f.putObject("issuetype").put("name", issueType(d.kind()));
    String summary = d.key() + " " + d.record().title();
    f.put("summary", summary.length() > 255 ? summary.substring(0, 255) : summary);
    f.set("description", adf(descriptionLines(d)));
    if (!withLabels) {
      return body;
    }
    ArrayNode labels = f.putArray("labels");
    labels.add("burnrate");
    labels.add(JiraConnector.label(d.key()));
    if (d.record() instanceof IncidentSnapshot i && i.priority() != null) {
      labels.add("burnrate-" + i.priority().name().toLowerCase(Locale.ROOT));
    }
    String assignee = d.record().assignee();
    if (!assignee.isEmpty()) {
      // Jira Cloud names people by account id.
      f.putObject("assignee").put("accountId", assignee);
    }
    return body;
  }

  static final java.util.regex.Pattern KEY =
      java.util.regex.Pattern.compile("(INC|PRB|CHG)-([0-9]+)");

  /** Incidents first, then problems, then changes; by number within a kind. */
  static int compareKeys(String a, String b) {
    java.util.regex.Matcher ma = KEY.matcher(a);
    java.util.regex.Matcher mb = KEY.matcher(b);
    if (!ma.matches() || !mb.matches()) {
      return a.compareTo(b);
    }
    String order = "INCPRBCHG";
    int byKind = Integer.compare(order.indexOf(ma.group(1)), order.indexOf(mb.group(1)));
    return byKind != 0
        ? byKind
        : Long.compare(Long.parseLong(ma.group(2)), Long.parseLong(mb.group(2)));
  }
}
