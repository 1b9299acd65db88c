package dev.burnrate.bridge.internal.connector;

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
