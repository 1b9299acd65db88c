package dev.burnrate.bridge.internal.connector;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a tool says when to call again: a response header, the form of its value, and the bounds
 * put on the wait it gives. {@code Retry-After} (RFC 9110: delay-seconds or an HTTP-date) is read
 * on every answer that is retried; a tool's own reset header (such as TeamDynamix's {@code
 * X-RateLimit-Reset}) only on a 429. A value that does not parse is ignored, so the next hint or
 * the outbox's backoff decides.
 *
 * @param header the header's name
 * @param form how its value reads
 * @param floor the shortest wait it gives (against clock skew, or a tool's advice)
 * @param cap the longest wait it gives (against a tool that asks for days)
 * @param onlyOn429 whether it is read on a 429 only
 */
public record RetryHint(String header, Form form, Duration floor, Duration cap, boolean onlyOn429) {

  /** The longest wait a hint gives unless told otherwise. */
  public static final Duration DEFAULT_CAP = Duration.ofHours(1);

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,30}");
  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,30}(\\.[0-9]{1,9})?");
  private static final DateTimeFormatter RFC_850 =
      DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US);
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

  /** How a header's value reads. */
  public enum Form {
    /** {@code Retry-After}: delay-seconds or an HTTP-date. */
    RETRY_AFTER,
    /**
     * An HTTP-date (IMF-fixdate, the RFC 1123 form; the obsolete RFC 850 and asctime forms too).
     */
    HTTP_DATE,
    /** Seconds since the Unix epoch, maybe with a fraction. */
    EPOCH_SECONDS,
    /** Seconds from now, maybe with a fraction. */
    DELTA_SECONDS
  }

  /** Checks the hint. */
  public RetryHint {
    requireNonNull(header, "header");
    requireNonNull(form, "form");
    requireNonNull(floor, "floor");
    requireNonNull(cap, "cap");
    if (header.isBlank()) {
      throw new IllegalArgumentException("header must not be blank");
    }
    if (floor.isNegative() || cap.compareTo(floor) < 0) {
      throw new IllegalArgumentException(
          "need 0 <= floor <= cap, got floor " + floor + " and cap " + cap);
    }
  }

  /** {@code Retry-After} on every retried answer, capped at {@link #DEFAULT_CAP}. */
  public static RetryHint retryAfter() {
    return new RetryHint("Retry-After", Form.RETRY_AFTER, Duration.ZERO, DEFAULT_CAP, false);
  }

  /** A tool's reset header of this form, read on a 429, capped at {@link #DEFAULT_CAP}. */
  public static RetryHint reset(String header, Form form) {
    return new RetryHint(header, form, Duration.ZERO, DEFAULT_CAP, true);
  }

  /** This hint, waiting at least {@code min}. */
  public RetryHint atLeast(Duration min) {
    return new RetryHint(header, form, min, cap.compareTo(min) < 0 ? min : cap, onlyOn429);
  }

  /** This hint, waiting at most {@code max}. */
  public RetryHint atMost(Duration max) {
    return new RetryHint(header, form, floor, max, onlyOn429);
  }

  /** The wait an answer's headers ask for, if this hint applies to its status and parses. */
  public Optional<Duration> read(int status, HttpHeaders headers, Instant now) {
    if (onlyOn429 && status != 429) {
      return Optional.empty();
    }
    return read(headers.firstValue(header), now);
  }

  /** The wait one header value asks for, bounded by the floor and the cap, if it parses. */
  public Optional<Duration> read(Optional<String> value, Instant now) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    return parse(value.get().trim(), now).map(this::bound);
  }

  private Duration bound(Duration d) {
    if (d.compareTo(floor) < 0) {
      return floor;
    }
    return d.compareTo(cap) > 0 ? cap : d;
  }

  private Optional<Duration> parse(String v, Instant now) {
    return switch (form) {
      case RETRY_AFTER -> DIGITS.matcher(v).matches() ? seconds(v) : httpDate(v, now);
      case HTTP_DATE -> httpDate(v, now);
      case DELTA_SECONDS -> DECIMAL.matcher(v).matches() ? seconds(v) : Optional.empty();
      case EPOCH_SECONDS -> {
        if (!DECIMAL.matcher(v).matches()) {
          yield Optional.empty();
        }
        BigDecimal at = new BigDecimal(v);
        BigDecimal nowSeconds = BigDecimal.valueOf(now.getEpochSecond(), 0);
        nowSeconds = nowSeconds.add(BigDecimal.valueOf(now.getNano(), 9));
        yield Optional.of(toDuration(at.subtract(nowSeconds)));
      }
    };
  }

  private Optional<Duration> seconds(String v) {
    return Optional.of(toDuration(new BigDecimal(v)));
  }

  /** Seconds as a duration: nothing below zero, and a number too large to hold is a long wait. */
  private Duration toDuration(BigDecimal seconds) {
    if (seconds.signum() <= 0) {
      return Duration.ZERO;
    }
    if (seconds.compareTo(BigDecimal.valueOf(cap.getSeconds() + 1)) > 0) {
      return cap.plusSeconds(1);
    }
    return Duration.ofNanos(seconds.movePointRight(9).longValue());
  }

  private static Optional<Duration> httpDate(String v, Instant now) {
    Instant at = parseHttpDate(v, now);
    if (at == null) {
      return Optional.empty();
    }
    return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
  }

  /** An HTTP-date in any of its three forms (RFC 9110 section 5.6.7), or null. */
  static Instant parseHttpDate(String v, Instant now) {
    try {
      return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      // not the preferred form; try the obsolete ones
    }
    try {
      Instant at = LocalDateTime.parse(v, RFC_850).toInstant(ZoneOffset.UTC);
      // A two-digit year more than 50 years ahead is in the past century (RFC 9110).
      if (at.isAfter(now.atOffset(ZoneOffset.UTC).plusYears(50).toInstant())) {
        at = at.atOffset(ZoneOffset.UTC).minusYears(100).toInstant();
      }
      return at;
    } catch (DateTimeParseException e) {
      // not RFC 850 either
    }
    try {
      return LocalDateTime.parse(v, ASCTIME).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
