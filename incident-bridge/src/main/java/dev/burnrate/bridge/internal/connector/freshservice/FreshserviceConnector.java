package dev.burnrate.bridge.internal.connector.freshservice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.internal.connector.ByKind;
import dev.burnrate.bridge.internal.connector.Connector;
import dev.burnrate.bridge.internal.connector.Http;
import dev.burnrate.bridge.internal.connector.OwnedFields;
import dev.burnrate.bridge.internal.connector.Pause;
import dev.burnrate.bridge.internal.connector.RecordText;
import dev.burnrate.bridge.internal.connector.RelatedRecords;
import dev.burnrate.bridge.internal.connector.ToolJson;
import dev.burnrate.bridge.internal.connector.ToolRecord;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Freshservice API v2: incidents as tickets, problems and changes as their own records, a private
 * note per timeline event, the ticket's {@code problem} and {@code change_initiating_ticket} as
 * links, and status changes on resolve and close.
 *
 * <p>Freshservice has no idempotency key. Every ticket carries the tag {@code burnrate-<KEY>} and
 * every problem and change the marker {@code [burnrate-<KEY>]} in its description. When an earlier
 * attempt may have created the record (timeout, dropped connection, 5xx, crash), the connector
 * looks for it before creating again: tickets through the filter API ({@code tag:'burnrate-<KEY>'},
 * after {@code inDoubtDelay}, since the filter reads a search index), problems and changes by
 * listing the newest ones. Notes carry {@code [burnrate-event-<id>]} and are looked for the same
 * way. A 429's {@code Retry-After} pauses every delivery of the connector, since Freshservice's
 * limit is per account; so does {@code X-Ratelimit-Remaining} falling to a reserve, before the 429.
 *
 * <p>An update writes only the fields Burnrate owns (priority and status, a problem's analysis, a
 * change's status and end) whose value changed since the connector last wrote them, so a priority a
 * person set in Freshservice stays until Burnrate's own priority changes.
 */
public final class FreshserviceConnector implements Connector {
  /** Events that change what Burnrate owns of a record (status, priority, dates, root cause). */
  private static final Set<String> FIELD_EVENTS =
      Stream.concat(Connector.FIELD_EVENTS.stream(), Stream.of("assigned", "on_hold", "resumed"))
          .collect(Collectors.toUnmodifiableSet());

  /** How many pages of problems or changes an in-doubt create looks through. */
  static final int SEARCH_PAGES = 10;

  private static final ByKind<String> COLLECTIONS = new ByKind<>("tickets", "problems", "changes");
  private static final ByKind<String> KEY_PREFIXES = new ByKind<>("INC-", "PRB-", "CHG-");
  private static final ByKind<String> SINGULARS = new ByKind<>("ticket", "problem", "change");
  private static final ByKind<String> PAGES =
      new ByKind<>("/a/tickets/", "/a/problems/", "/a/changes/");
  private static final String PAUSED =
      "Freshservice's rate limit is nearly spent (X-Ratelimit-Remaining); pausing the connector";

  private final ConnectorSettings settings;
  private final Http http;

  /** Freshservice's limit is per account: a pause holds every delivery of the connector. */
  private final Pause pause = new Pause();

  private final FreshserviceBodies bodies;
  private final Duration inDoubtDelay;
  private final String auth;

  public FreshserviceConnector(ConnectorSettings settings, Http http, Duration inDoubtDelay) {
    this.settings = settings;
    this.bodies = new FreshserviceBodies(settings);
    this.http = http;
    this.inDoubtDelay = inDoubtDelay;
    this.auth = Http.basic(settings.secrets().get("apiKey").reveal(), "X");
  }

  @Override
  public String name() {
    return settings.name();
  }

  private URI uri(String path) {
    return Http.under(settings.url(), path);
  }

  private HttpRequest.Builder req(String path) {
    return http.request(uri(path)).header("Authorization", auth);
  }

  private Http.Result send(HttpRequest r, Instant now) throws InterruptedException {
    Optional<Outcome> paused = pause.retry(now, PAUSED);
    if (paused.isPresent()) {
      return new Http.Result(null, paused.get());
    }
    Http.Result res = http.send(r, now);
    if (res.response() != null) {
      pace(res.response().headers(), now);
    }
    return pause
        .onTooManyRequests(res, now)
        .map(wait -> Http.rateLimited(res, wait, "X-Ratelimit-Total", "X-Ratelimit-Remaining"))
        .orElse(res);
  }

  /**
   * Pauses the connector before Freshservice answers 429: when {@code X-Ratelimit-Remaining} of the
   * per-minute {@code X-Ratelimit-Total} is down to the reserve, for as long as the limit takes to
   * allow one request more than the reserve again (a minute over the total per request).
   */
  private void pace(HttpHeaders h, Instant now) {
    Optional<Long> total = number(h.firstValue("X-Ratelimit-Total"));
    Optional<Long> remaining = number(h.firstValue("X-Ratelimit-Remaining"));
    if (total.isEmpty() || remaining.isEmpty() || total.get() <= 0) {
      return;
    }
    long reserve = reserve(total.get());
    if (remaining.get() > reserve) {
      return;
    }
    long perRequestMillis = (60_000 + total.get() - 1) / total.get();
    pause.extend(now.plusMillis(perRequestMillis * (reserve + 1 - remaining.get())));
  }

  /** The requests kept back for people and other tools: the option, or 5% of the limit. */
  long reserve(long total) {
    String o = settings.options().get("rateLimitReserve");
    return o != null ? Long.parseLong(o) : Math.max(1, (total + 19) / 20);
  }

  private static Optional<Long> number(Optional<String> v) {
    try {
      return v.map(String::trim).map(Long::parseLong);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private Http.Result get(String path, Instant now) throws InterruptedException {
    return send(req(path).GET().build(), now);
  }

  private Http.Result write(String method, String path, JsonNode body, Instant now)
      throws InterruptedException {
    return send(Http.json(req(path), method, body), now);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public Outcome deliver(Delivery d) throws InterruptedException {
    Optional<Outcome> paused = pause.retry(d.now(), PAUSED);
    if (paused.isPresent()) {
      return paused.get();
    }
    // Tickets are found through the filter API, which reads a search index; the lists do not lag.
    ToolRecord copy =
        ToolRecord.of(
            d,
            d.kind().equals("incident") ? inDoubtDelay : null,
            "an earlier attempt may have created the ticket; filtering by tag after"
                + " Freshservice's index catches up",
            this::findEarlier,
            this::create);
    if (copy.failure() != null) {
      return copy.failure();
    }
    String coll = COLLECTIONS.of(d.kind());
    String id = copy.id();
    boolean created = copy.created();
    if (!created) {
      if (FIELD_EVENTS.contains(d.event())) {
        // Only what changed in Burnrate: a priority or status a person set stays theirs.
        ObjectNode changed = OwnedFields.changed(bodies.update(d), d.refs().written(d.key()));
        if (!changed.isEmpty()) {
          Http.Result r = write("PUT", "/api/v2/" + coll + "/" + id, changed, d.now());
          if (!r.ok()) {
            return r.failure();
          }
          d.refs().wrote(d.key(), ToolJson.toMap(changed));
        }
      }
      Outcome n = note(d, coll, id);
      if (n != null) {
        return n;
      }
    }
    return d.relinks(created) ? linkRelated(d, id) : new Outcome.Delivered();
  }

  private ToolRecord create(Delivery d) throws InterruptedException {
    Http.Result r = write("POST", "/api/v2/" + COLLECTIONS.of(d.kind()), bodies.create(d), d.now());
    if (!r.ok()) {
      return ToolRecord.failed(r.failure());
    }
    JsonNode rec = ToolJson.read(r.body()).path(SINGULARS.of(d.kind()));
    ToolRecord made = ToolRecord.made(d, refOf(d.kind(), rec));
    d.refs().wrote(d.key(), ToolJson.toMap(bodies.update(d)));
    return made;
  }

  /** The record an earlier attempt may have created, if Freshservice has it. */
  private ToolRecord findEarlier(Delivery d) throws InterruptedException {
    Http.Result found = search(d);
    if (!found.ok()) {
      return ToolRecord.failed(found.failure());
    }
    JsonNode hit = found.response() == null ? null : pick(d, found.body());
    return ToolRecord.found(d, hit == null ? null : refOf(d.kind(), hit));
  }

  /**
   * Asks Freshservice for a record an earlier attempt may have created: the filter API by tag for
   * tickets, the newest pages of the list for problems and changes.
   */
  private Http.Result search(Delivery d) throws InterruptedException {
    if (d.kind().equals("incident")) {
      return get(
          "/api/v2/tickets/filter?query=" + enc("\"tag:'" + RecordText.tag(d.key()) + "'\""),
          d.now());
    }
    String coll = COLLECTIONS.of(d.kind());
    // Changes can be listed by update time (the earlier attempt's, less a margin for clock skew);
    // problems only page by page.
    String since =
        d.kind().equals("change") && d.previousAttemptAt() != null
            ? "&updated_since="
                + enc(
                    d.previousAttemptAt()
                        .minus(Duration.ofMinutes(5))
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString())
            : "";
    Http.Result last = null;
    for (int page = 1; page <= SEARCH_PAGES; page++) {
      Http.Result r = get("/api/v2/" + coll + "?per_page=100&page=" + page + since, d.now());
      if (!r.ok()) {
        return r;
      }
      JsonNode list = ToolJson.read(r.body()).path(coll);
      if (pick(d, r.body()) != null || list.size() < 100) {
        return r;
      }
      last = r;
    }
    return last;
  }

  /** The record of this Burnrate key in a list answer, or null. */
  private JsonNode pick(Delivery d, String body) {
    JsonNode list = ToolJson.read(body).path(COLLECTIONS.of(d.kind()));
    for (JsonNode n : list) {
      if (d.kind().equals("incident")) {
        // The filter matched the tag already; check it again only where the answer lists tags.
        if (!n.has("tags")) {
          return n;
        }
        for (JsonNode t : n.path("tags")) {
          if (t.asText().equals(RecordText.tag(d.key()))) {
            return n;
          }
        }
      } else if (n.path("description")
              .asText()
              .contains(RecordText.html(RecordText.marker(d.key())))
          || n.path("description_text").asText().contains(RecordText.marker(d.key()))) {
        return n;
      }
    }
    return null;
  }

  private ExternalRef refOf(String kind, JsonNode rec) {
    String id = rec.path("id").asText();
    return new ExternalRef(id, KEY_PREFIXES.of(kind) + id, uri(PAGES.of(kind) + id).toString());
  }

  /** A private note per timeline event, once, even when retried in doubt. */
  private Outcome note(Delivery d, String coll, String id) throws InterruptedException {
    String mark = d.eventMarker();
    if (d.inDoubt()) {
      String list =
          d.kind().equals("incident")
              ? "/api/v2/tickets/" + id + "/conversations"
              : "/api/v2/" + coll + "/" + id + "/notes";
      Http.Result existing = get(list, d.now());
      if (!existing.ok()) {
        return existing.failure();
      }
      if (existing.body().contains(mark)) {
        return null;
      }
    }
    ObjectNode body = ToolJson.object();
    body.put("body", RecordText.noteHtml(d));
    if (d.kind().equals("incident")) {
      body.put("private", true);
    }
    Http.Result r = write("POST", "/api/v2/" + coll + "/" + id + "/notes", body, d.now());
    return r.ok() ? null : r.failure();
  }

  /**
   * Sets a ticket's {@code problem} and {@code change_initiating_ticket} once both records exist in
   * Freshservice, from whichever side arrives second.
   */
  private Outcome linkRelated(Delivery d, String id) throws InterruptedException {
    for (RelatedRecords.Tie t : RelatedRecords.ties(d, id)) {
      ObjectNode b = ToolJson.object();
      b.putObject(t.problem() ? "problem" : "change_initiating_ticket")
          .put("display_id", Long.parseLong(t.other()));
      Http.Result r = write("PUT", "/api/v2/tickets/" + t.incident(), b, d.now());
      if (!r.ok()) {
        return r.failure();
      }
    }
    return new Outcome.Delivered();
  }
}
