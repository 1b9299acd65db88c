package dev.burnrate.ingest.pipeline;

/** Which part of an SLI a series counts towards. */
public enum SliRole {
  GOOD,
  BAD,
  TOTAL
}
