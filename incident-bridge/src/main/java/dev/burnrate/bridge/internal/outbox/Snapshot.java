package dev.burnrate.bridge.internal.outbox;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.burnrate.bridge.internal.incident.IncidentState;
import dev.burnrate.bridge.internal.problem.ProblemState;
import dev.burnrate.bridge.internal.record.Priority;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A record as the ITSM tools get it: what it was when an event happened, with its links and
 * timeline. Written to the outbox in the transaction of the change, read back by the worker and
 * handed to the connectors; its JSON field names are those of the record's REST view, {@code kind}
 * first.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = IncidentSnapshot.class, name = Snapshot.INCIDENT),
  @JsonSubTypes.Type(value = ProblemSnapshot.class, name = Snapshot.PROBLEM),
  @JsonSubTypes.Type(value = ChangeSnapshot.class, name = Snapshot.CHANGE)
})
public sealed interface Snapshot permits IncidentSnapshot, ProblemSnapshot, ChangeSnapshot {
  /** The kind of an incident. */
  String INCIDENT = "incident";

  /** The kind of a problem. */
  String PROBLEM = "problem";

  /** The kind of a change. */
  String CHANGE = "change";

  /** The record's key, such as INC-12. */
  String key();

  /** The record's title. */
  String title();

  /** The record's links, seen from the record. */
  List<LinkLine> links();

  /** The record's timeline, oldest first. */
  List<TimelineLine> timeline();

  /** The kind: {@link #INCIDENT}, {@link #PROBLEM} or {@link #CHANGE}. */
  default String kind() {
    return switch (this) {
      case IncidentSnapshot i -> INCIDENT;
      case ProblemSnapshot p -> PROBLEM;
      case ChangeSnapshot ch -> CHANGE;
    };
  }

  /** The state's wire name, such as {@code open}, for the tools' own state tables. */
  default String stateName() {
    return switch (this) {
      case IncidentSnapshot i -> i.state() == null ? "" : i.state().wire();
      case ProblemSnapshot p -> p.state() == null ? "" : p.state().wire();
      case ChangeSnapshot ch -> ch.state() == null ? "" : ch.state().wire();
    };
  }

  /** Whether the record is resolved or closed (an incident or a problem; a change never is). */
  default boolean resolved() {
    return switch (this) {
      case IncidentSnapshot i -> i.state() == IncidentState.RESOLVED || closed();
      case ProblemSnapshot p -> p.state() == ProblemState.RESOLVED || closed();
      case ChangeSnapshot ch -> false;
    };
  }

  /** Whether the record is closed (an incident or a problem; a change never is). */
  default boolean closed() {
    return switch (this) {
      case IncidentSnapshot i -> i.state() == IncidentState.CLOSED;
      case ProblemSnapshot p -> p.state() == ProblemState.CLOSED;
      case ChangeSnapshot ch -> false;
    };
  }

  /** The service of an incident or a change; null for a problem (see {@link #routedServices}). */
  default String service() {
    return null;
  }

  /** The SLO of an incident or a problem, or null. */
  default String slo() {
    return null;
  }

  /** An incident's severity; null for other kinds. */
  default String severity() {
    return null;
  }

  /** An incident's priority; null for other kinds. */
  default Priority priority() {
    return null;
  }

  /** Who works on the record: an incident's assignment, else null. */
  default IncidentSnapshot.Assignment assignment() {
    return null;
  }

  /** The assignment's group, or empty. */
  default String group() {
    IncidentSnapshot.Assignment a = assignment();
    return a == null || a.group() == null ? "" : a.group();
  }

  /** The assignment's assignee, or empty. */
  default String assignee() {
    IncidentSnapshot.Assignment a = assignment();
    return a == null || a.assignee() == null ? "" : a.assignee();
  }

  /** The keys of the incidents of a problem; empty for other kinds. */
  default List<String> incidents() {
    return List.of();
  }

  /** The services the record is about, for routing. */
  default List<String> routedServices() {
    return switch (this) {
      case IncidentSnapshot i -> i.service() == null ? List.of() : List.of(i.service());
      case ProblemSnapshot p -> p.services();
      case ChangeSnapshot ch -> ch.service() == null ? List.of() : List.of(ch.service());
    };
  }

  /**
   * On a view's snapshot component: the snapshot's fields are written in the view's object, without
   * the {@code kind}, which the view writes itself.
   */
  @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
  @Retention(RetentionPolicy.RUNTIME)
  @JacksonAnnotationsInside
  @JsonUnwrapped
  @JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
  @interface Inlined {}

  /**
   * One link of a record, seen from the record.
   *
   * @param key the other record's key, or the external id
   * @param relation how they relate, such as {@code problem}
   * @param direction {@code outgoing} when the record made the link, else {@code incoming}
   * @param url a link to an external record, or null
   * @param createdAt when it was made
   * @param createdBy who made it
   */
  record LinkLine(
      String key,
      String relation,
      String direction,
      String url,
      Instant createdAt,
      String createdBy) {}

  /**
   * One timeline entry of a record.
   *
   * @param at when it happened
   * @param kind what happened, such as {@code comment}
   * @param message the text people read
   * @param actor who did it
   * @param details machine-readable details
   */
  record TimelineLine(
      Instant at, String kind, String message, String actor, Map<String, Object> details) {}
}
