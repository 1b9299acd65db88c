package dev.burnrate.ingest.events;

import dev.burnrate.ingest.match.BatchBuilder;
import dev.burnrate.ingest.match.SelectorIndex;
import dev.burnrate.ingest.match.SeriesLabels;
import dev.burnrate.ingest.pipeline.Contribution;
import dev.burnrate.ingest.pipeline.Temporality;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns request events into delta samples of the histogram {@code
 * http_server_request_duration_seconds}: each event adds 1 to {@code _count}, its duration in
 * seconds to {@code _sum}, and 1 to the {@code _bucket{le="T"}} of every selector whose threshold T
 * it is within, so latency thresholds are exact.
 */
public final class EventSeries {
  /** The histogram every event is an observation of. */
  public static final String METRIC = "http_server_request_duration_seconds";

  private static final String BUCKET = METRIC + "_bucket";
  private static final String COUNT = METRIC + "_count";
  private static final String SUM = METRIC + "_sum";

  private EventSeries() {}

  /** Matches the events and adds their samples to {@code out}. */
  public static void match(List<RequestEvent> events, SelectorIndex index, BatchBuilder out) {
    if (!index.selects(BUCKET) && !index.selects(COUNT) && !index.selects(SUM)) {
      return;
    }
    SeriesLabels labels = new SeriesLabels();
    for (RequestEvent e : events) {
      labels.clear();
      labels.add("job", e.service());
      labels.add("http_route", e.route());
      labels.add("http_request_method", e.method());
      labels.add("http_response_status_code", Integer.toString(e.status()));
      for (Map.Entry<String, String> l : e.labels().entrySet()) {
        labels.add(l.getKey(), l.getValue());
      }
      long ts = e.timestampMs();
      double seconds = e.durationMs() / 1000.0;
      List<Contribution> c = index.match(COUNT, labels);
      if (!c.isEmpty()) {
        out.add(labels.seriesKey(COUNT), Temporality.DELTA, c, ts, 1);
      }
      c = index.match(SUM, labels);
      if (!c.isEmpty()) {
        out.add(labels.seriesKey(SUM), Temporality.DELTA, c, ts, seconds);
      }
      // Selectors that share an le threshold select the same bucket series: one sample that
      // counts towards all of them, not one sample per selector with the first one's SLOs.
      Map<String, List<Contribution>> buckets = new LinkedHashMap<>();
      index.matchObservation(
          BUCKET,
          labels,
          seconds,
          (le, contributions) ->
              buckets.computeIfAbsent(le, k -> new ArrayList<>()).addAll(contributions));
      for (Map.Entry<String, List<Contribution>> b : buckets.entrySet()) {
        labels.add("le", b.getKey());
        String key = labels.seriesKey(BUCKET);
        labels.removeLast();
        out.add(key, Temporality.DELTA, b.getValue(), ts, 1);
      }
    }
  }
}
