package dev.burnrate.bridge.internal.connector.freshservice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.ConnectorSettings;
import dev.burnrate.bridge.internal.connector.ByKind;
import dev.burnrate.bridge.internal.connector.Connector;
import dev.burnrate.bridge.internal.connector.Http;
import dev.burnrate.bridge.internal.connector.OwnedFields;
import dev.burnrate.bridge.internal.connector.RecordText;
import dev.burnrate.bridge.internal.connector.RelatedRecords;
import dev.burnrate.bridge.internal.connector.ToolJson;
import dev.burnrate.bridge.internal.outbox.ProblemSnapshot;
import dev.burnrate.bridge.internal.record.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
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
  private static final ByKind<String> PAGES =
      new ByKind<>("/a/tickets/", "/a/problems/", "/a/changes/");

  private final ConnectorSettings settings;
  private final Http http;
  private final FreshserviceBodies bodies;
  private final Duration inDoubtDelay;
  private final String auth;
  private volatile Instant pausedUntil = Instant.MIN;

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

  /** The tag a ticket of a Burnrate record carries. */
  static String tag(String recordKey) {
    return "burnrate-" + recordKey;
  }

  /** The marker in the description of a problem or change of a Burnrate record. */
  static String marker(String recordKey) {
    return "[burnrate-" + recordKey + "]";
  }

  /** The API collection of a record kind. */
  static String collection(String kind) {
    return COLLECTIONS.of(kind);
  }

  private URI uri(String path) {
    return Http.under(settings.url(), path);
  }

  private HttpRequest.Builder req(String path) {
    return http.request(uri(path)).header("Authorization", auth);
  }

  private Http.Result send(HttpRequest r, Instant now) throws InterruptedException {
    if (now.isBefore(pausedUntil)) {
      return new Http.Result(null, paused(now));
    }
    Http.Result res = http.send(r, now);
    if (res.response() != null) {
      pace(res.response().headers(), now);
    }
    if (res.failure() instanceof Outcome.Retry retry
        && res.response() != null
        && res.status() == 429
        && retry.after() != null) {
      pausedUntil = now.plus(retry.after());
      return Http.rateLimited(
          res, retry, retry.after(), "X-Ratelimit-Total", "X-Ratelimit-Remaining");
    }
    return res;
  }

  private Outcome.Retry paused(Instant now) {
    return new Outcome.Retry(
        Duration.between(now, pausedUntil),
        "Freshservice's rate limit is nearly spent (X-Ratelimit-Remaining); pausing the connector");
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
    Instant until = now.plusMillis(perRequestMillis * (reserve + 1 - remaining.get()));
    if (until.isAfter(pausedUntil)) {
      pausedUntil = until;
    }
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
    return send(
        req(path)
            .header("Content-Type", "application/json")
            .method(method, Http.json(Json.write(body)))
            .build(),
        now);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public Outcome deliver(Delivery d) throws InterruptedException {
    if (d.now().isBefore(pausedUntil)) {
      return paused(d.now());
    }
    String coll = collection(d.kind());
    Optional<ExternalRef> ref = d.refs().find(d.key());
    boolean created = false;
    if (ref.isEmpty()) {
      if (d.inDoubt()) {
        if (d.kind().equals("incident") && d.previousAttemptAt() != null) {
          Instant searchable = d.previousAttemptAt().plus(inDoubtDelay);
          if (d.now().isBefore(searchable)) {
            return new Outcome.Retry(
                Duration.between(d.now(), searchable),
                "an earlier attempt may have created the ticket; filtering by tag after"
                    + " Freshservice's index catches up");
          }
        }
        Http.Result found = findEarlier(d);
        if (!found.ok()) {
          return found.failure();
        }
        JsonNode hit = found.response() == null ? null : pick(d, found.body());
        if (hit != null) {
          ref = Optional.of(refOf(d.kind(), hit));
          d.refs().store(d.key(), ref.get());
        }
      }
      if (ref.isEmpty()) {
        Http.Result r = write("POST", "/api/v2/" + coll, bodies.create(d), d.now());
        if (!r.ok()) {
          return r.failure();
        }
        JsonNode rec = ToolJson.read(r.body()).path(singular(d.kind()));
        ref = Optional.of(refOf(d.kind(), rec));
        d.refs().store(d.key(), ref.get());
        d.refs().wrote(d.key(), ToolJson.toMap(bodies.update(d)));
        created = true;
      }
    }
    String id = ref.get().externalId();
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
    if (created || d.event().equals("opened") || d.event().equals("linked")) {
      return linkRelated(d, id);
    }
    return new Outcome.Delivered();
  }

  private static String singular(String kind) {
    return switch (kind) {
      case "problem" -> "problem";
      case "change" -> "change";
      default -> "ticket";
    };
  }

  /**
   * Asks Freshservice for a record an earlier attempt may have created: the filter API by tag for
   * tickets, the newest pages of the list for problems and changes.
   */
  private Http.Result findEarlier(Delivery d) throws InterruptedException {
    if (d.kind().equals("incident")) {
      return get("/api/v2/tickets/filter?query=" + enc("\"tag:'" + tag(d.key()) + "'\""), d.now());
    }
    String coll = collection(d.kind());
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
    JsonNode list = ToolJson.read(body).path(collection(d.kind()));
    for (JsonNode n : list) {
      if (d.kind().equals("incident")) {
        // The filter matched the tag already; check it again only where the answer lists tags.
        if (!n.has("tags")) {
          return n;
        }
        for (JsonNode t : n.path("tags")) {
          if (t.asText().equals(tag(d.key()))) {
            return n;
          }
        }
      } else if (n.path("description").asText().contains(RecordText.html(marker(d.key())))
          || n.path("description_text").asText().contains(marker(d.key()))) {
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
    String mark = "[burnrate-event-" + d.id() + "]";
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
    String text = d.message();
    if (d.kind().equals("problem") && d.event().equals("known_error")) {
      text +=
          d.record() instanceof ProblemSnapshot p && p.workaround() != null
              ? "\nWorkaround: " + p.workaround()
              : "";
    }
    body.put("body", "<p>" + RecordText.html(text) + "</p><p>" + RecordText.html(mark) + "</p>");
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
    List<String[]> puts = new ArrayList<>(); // ticket id, field, display id
    for (RelatedRecords.Related r : RelatedRecords.of(d.record())) {
      Optional<ExternalRef> o = d.refs().find(r.key());
      if (o.isEmpty()) {
        continue;
      }
      String other = o.get().externalId();
      puts.add(
          switch (r.role()) {
            case PROBLEM -> new String[] {id, "problem", other};
            case CAUSE -> new String[] {id, "change_initiating_ticket", other};
            case INCIDENT -> new String[] {other, "problem", id};
            case CAUSED -> new String[] {other, "change_initiating_ticket", id};
          });
    }
    for (String[] p : puts) {
      ObjectNode b = ToolJson.object();
      b.putObject(p[1]).put("display_id", Long.parseLong(p[2]));
      Http.Result r = write("PUT", "/api/v2/tickets/" + p[0], b, d.now());
      if (!r.ok()) {
        return r.failure();
      }
    }
    return new Outcome.Delivered();
  }
}
