package dev.burnrate.ingest.http;

import java.util.concurrent.atomic.LongAdder;

/** The live counters behind one {@link IngestStats.Endpoint}. */
final class EndpointCounters {
  final LongAdder accepted = new LongAdder();
  final LongAdder rejected = new LongAdder();
  final LongAdder unavailable = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder samplesReceived = new LongAdder();
  final LongAdder samplesMatched = new LongAdder();

  void answered(int status) {
    if (status == 503 || status == 429) {
      unavailable.increment();
    } else if (status >= 400 && status < 500) {
      rejected.increment();
    } else if (status >= 500) {
      failed.increment();
    }
  }

  IngestStats.Endpoint snapshot() {
    return new IngestStats.Endpoint(
        accepted.sum(),
        rejected.sum(),
        unavailable.sum(),
        failed.sum(),
        samplesReceived.sum(),
        samplesMatched.sum());
  }
}
