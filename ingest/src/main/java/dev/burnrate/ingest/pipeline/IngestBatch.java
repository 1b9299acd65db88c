package dev.burnrate.ingest.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one ingest request contributes to SLIs, ready to be committed as a whole.
 *
 * <p>What the store needs of every series besides its samples (the two hashes of its key, whether
 * the key holds a NUL, the sample count) is read once, here, on the thread that built the series,
 * while they are still in its cache; the event loop and the writer then read these arrays instead
 * of reaching every series' objects again.
 */
public final class IngestBatch {
  private final List<MatchedSeries> series;
  private final Optional<String> idempotencyKey;
  private final long receivedSamples;
  private final Optional<String> bodySha256;
  private final long[] hashes;
  private final long[] checks;
  private final long matchedSamples;
  private final boolean keyWithNul;
  private final List<List<Contribution>> contributionLists;

  /**
   * Checks the batch and copies its series.
   *
   * @param series the matched series (unmatched ones are already dropped)
   * @param idempotencyKey a client's key that makes a retried request count once
   * @param receivedSamples how many samples the request carried in all
   * @param bodySha256 the SHA-256 (hex) of the request's decoded body, kept with its idempotency
   *     key so that the key coming back with another body is refused rather than taken for a retry
   */
  public IngestBatch(
      List<MatchedSeries> series,
      Optional<String> idempotencyKey,
      long receivedSamples,
      Optional<String> bodySha256) {
    this.idempotencyKey = requireNonNull(idempotencyKey, "idempotencyKey");
    this.bodySha256 = requireNonNull(bodySha256, "bodySha256");
    this.series = List.copyOf(series);
    this.receivedSamples = receivedSamples;
    int n = this.series.size();
    hashes = new long[n];
    checks = new long[n];
    long matched = 0;
    boolean nul = false;
    List<List<Contribution>> lists = new ArrayList<>();
    List<Contribution> last = null;
    for (int i = 0; i < n; i++) {
      MatchedSeries s = this.series.get(i);
      SeriesKey key = s.key();
      hashes[i] = key.hash();
      checks[i] = key.check();
      nul |= key.hasNul();
      matched += s.size();
      if (s.contributions() != last) {
        last = s.contributions();
        lists.add(last);
      }
    }
    contributionLists = lists;
    matchedSamples = matched;
    keyWithNul = nul;
  }

  /** A batch without a body hash: its key, when it has one, is not compared with a payload. */
  public IngestBatch(
      List<MatchedSeries> series, Optional<String> idempotencyKey, long receivedSamples) {
    this(series, idempotencyKey, receivedSamples, Optional.empty());
  }

  /** The matched series (unmatched ones are already dropped). */
  public List<MatchedSeries> series() {
    return series;
  }

  /** A client's key that makes a retried request count once. */
  public Optional<String> idempotencyKey() {
    return idempotencyKey;
  }

  /** How many samples the request carried in all. */
  public long receivedSamples() {
    return receivedSamples;
  }

  /** The SHA-256 (hex) of the request's decoded body, kept with its idempotency key. */
  public Optional<String> bodySha256() {
    return bodySha256;
  }

  /** The {@link SeriesKey#hash} of series {@code i}. */
  public long hash(int i) {
    return hashes[i];
  }

  /** The {@link SeriesKey#check} of series {@code i}. */
  public long check(int i) {
    return checks[i];
  }

  /** The samples of every series. */
  public long matchedSamples() {
    return matchedSamples;
  }

  /** Whether a series' key holds a NUL character (which PostgreSQL text cannot). */
  public boolean keyWithNul() {
    return keyWithNul;
  }

  /**
   * The series' contribution lists, each once per run of series that share it (series matched by
   * the same selectors share one list instance): every list the batch holds, few times over.
   */
  public List<List<Contribution>> contributionLists() {
    return contributionLists;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IngestBatch b
        && b.receivedSamples == receivedSamples
        && b.series.equals(series)
        && b.idempotencyKey.equals(idempotencyKey)
        && b.bodySha256.equals(bodySha256);
  }

  @Override
  public int hashCode() {
    return Objects.hash(series, idempotencyKey, receivedSamples, bodySha256);
  }

  @Override
  public String toString() {
    return "IngestBatch[series="
        + series
        + ", idempotencyKey="
        + idempotencyKey
        + ", receivedSamples="
        + receivedSamples
        + ", bodySha256="
        + bodySha256
        + "]";
  }
}
