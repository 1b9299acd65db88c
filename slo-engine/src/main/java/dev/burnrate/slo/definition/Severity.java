package dev.burnrate.slo.definition;

/** How urgently an alert needs a person: a page wakes someone, a ticket waits for work hours. */
public enum Severity {
  PAGE,
  TICKET;

  /** The lower-case name used in files and in the API. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
