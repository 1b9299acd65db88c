package dev.burnrate.bridge.internal.connector;

import dev.burnrate.bridge.internal.connector.Connector.Delivery;
import dev.burnrate.bridge.internal.outbox.ChangeSnapshot;
import dev.burnrate.bridge.internal.outbox.IncidentSnapshot;
import dev.burnrate.bridge.internal.outbox.ProblemSnapshot;
import dev.burnrate.bridge.internal.outbox.Snapshot;
import dev.burnrate.bridge.internal.outbox.Snapshot.LinkLine;
import dev.burnrate.bridge.internal.record.RecordKeys;
import java.util.ArrayList;
import java.util.List;

/**
 * The records a record is tied to in a ticketing tool, read from its links: an incident's problem
 * and the changes suspected of causing it, a problem's incidents, the incidents a change caused.
 * The side that reaches the tool second makes the tie, so each kind lists the other side.
 */
public final class RelatedRecords {
  private RelatedRecords() {}

  /** How a related record is tied to the record. */
  public enum Role {
    /** The incident's problem. */
    PROBLEM,
    /** A change suspected of causing the incident. */
    CAUSE,
    /** An incident of the problem. */
    INCIDENT,
    /** An incident the change caused. */
    CAUSED
  }

  /**
   * One related record.
   *
   * @param key its Burnrate key
   * @param role how it is tied to the record
   */
  public record Related(String key, Role role) {}

  /**
   * A related record the tool has already.
   *
   * @param role how it is tied to the record
   * @param externalId the tool's id of it
   */
  public record AtTool(Role role, String externalId) {}

  /**
   * The related records of a delivery's record that the tool has already, in the order of its
   * links; the others are tied when they reach the tool.
   */
  public static List<AtTool> atTool(Delivery d) {
    List<AtTool> out = new ArrayList<>();
    for (Related r : of(d.record())) {
      d.refs().find(r.key()).ifPresent(ref -> out.add(new AtTool(r.role(), ref.externalId())));
    }
    return out;
  }

  /**
   * A tie between an incident and its problem or a change that caused it, by the tool's ids.
   *
   * @param incident the incident's id at the tool
   * @param other the problem's or the change's id at the tool
   * @param problem whether {@code other} is a problem (else a change)
   */
  public record Tie(String incident, String other, boolean problem) {}

  /**
   * The ties of a delivery's record, whose id at the tool is {@code id}, to the related records the
   * tool has already, in the order of its links.
   */
  public static List<Tie> ties(Delivery d, String id) {
    List<Tie> out = new ArrayList<>();
    for (AtTool r : atTool(d)) {
      String other = r.externalId();
      out.add(
          switch (r.role()) {
            case PROBLEM -> new Tie(id, other, true);
            case CAUSE -> new Tie(id, other, false);
            case INCIDENT -> new Tie(other, id, true);
            case CAUSED -> new Tie(other, id, false);
          });
    }
    return out;
  }

  /** The related records of a record, in the order of its links. */
  public static List<Related> of(Snapshot record) {
    List<Related> out = new ArrayList<>();
    switch (record) {
      case IncidentSnapshot i -> {
        for (LinkLine l : i.links()) {
          if (l.relation().equals("problem") && l.key().startsWith(RecordKeys.PROBLEM)) {
            out.add(new Related(l.key(), Role.PROBLEM));
          } else if (causal(l) && l.key().startsWith(RecordKeys.CHANGE)) {
            out.add(new Related(l.key(), Role.CAUSE));
          }
        }
      }
      case ProblemSnapshot p -> p.incidents().forEach(k -> out.add(new Related(k, Role.INCIDENT)));
      case ChangeSnapshot ch -> {
        for (LinkLine l : ch.links()) {
          if (causal(l) && l.key().startsWith(RecordKeys.INCIDENT)) {
            out.add(new Related(l.key(), Role.CAUSED));
          }
        }
      }
    }
    return out;
  }

  private static boolean causal(LinkLine l) {
    return l.relation().equals("suspected-cause") || l.relation().equals("caused-by");
  }
}
