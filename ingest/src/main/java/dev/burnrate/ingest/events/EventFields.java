package dev.burnrate.ingest.events;

import static dev.burnrate.ingest.events.EventsDecoder.TS;

import java.time.Clock;
import java.util.Map;

/**
 * The fields of one event as a decoder reads them ({@link PlainEventsParser}, or {@link
 * EventsDecoder} through Jackson), and the event they make: one per event, kept by the decoder
 * while it reads the object.
 */
final class EventFields {
  /** The bits of the known fields read so far ({@link EventsDecoder#TS} and the others). */
  int seen;

  long ts;
  String service;
  String route;
  String method;
  int status;
  double duration;
  Map<String, String> labels = Map.of();

  /** The event, served now by {@code clock} when it has no {@code ts}. */
  RequestEvent event(Clock clock) {
    return new RequestEvent(
        (seen & TS) == 0 ? clock.millis() : ts, service, route, method, status, duration, labels);
  }
}
