package dev.burnrate.api.config;

import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.store.WriterSettings;
import java.time.Duration;

/**
 * Binds the {@code ingest} section as the writer's and the routes' settings. Each key is checked as
 * it is read; here the keys are also checked together, and the settings check themselves, each
 * failure named after the key it concerns and where that key was set.
 */
final class IngestBinder {
  private IngestBinder() {}

  /** The section, or a {@link ConfigException} naming the key and where it was set. */
  static BurnrateConfig.Ingest ingest(ConfigOverlay o) {
    Duration lateness = o.duration("ingest.lateness");
    Duration seriesRetention = o.duration("ingest.seriesRetention");
    if (seriesRetention.compareTo(lateness) <= 0) {
      // Blame the key that was set, not the default next to it.
      throw o.isSet("ingest.seriesRetention") || !o.isSet("ingest.lateness")
          ? outOfOrder(
              o, "ingest.seriesRetention", "longer", "ingest.lateness", lateness, seriesRetention)
          : outOfOrder(
              o, "ingest.lateness", "shorter", "ingest.seriesRetention", seriesRetention, lateness);
    }
    long decompressed = o.bytes("ingest.limits.maxDecompressedBodyBytes");
    try {
      WriterSettings writer =
          RecordBinder.bind(WriterSettings.class, "ingest", WriterSettings.defaults(), o);
      // The body as received: server.maxBodySize, which never exceeds the decoded body.
      IngestLimits received =
          IngestLimits.builder()
              .maxCompressedBodyBytes(Math.min(o.bytes("server.maxBodySize"), decompressed))
              .maxDecompressedBodyBytes(decompressed)
              .build();
      IngestLimits limits = RecordBinder.bind(IngestLimits.class, "ingest.limits", received, o);
      return new BurnrateConfig.Ingest(writer, limits);
    } catch (IllegalArgumentException e) {
      throw settingsError(e.getMessage(), o);
    }
  }

  /** {@code key} must be {@code relation} than {@code other}; it is not. */
  private static ConfigException outOfOrder(
      ConfigOverlay o,
      String key,
      String relation,
      String other,
      Duration otherValue,
      Duration value) {
    return new ConfigException(
        o.origin(key)
            + ": must be "
            + relation
            + " than "
            + other
            + " ("
            + ConfigValues.format(otherValue)
            + "), got "
            + ConfigValues.format(value));
  }

  /**
   * A check of {@link WriterSettings} or {@link IngestLimits} that failed, as the error of the key
   * it concerns: their messages begin with the component's name, which is the key's last part.
   */
  private static ConfigException settingsError(String message, ConfigOverlay o) {
    int space = message.indexOf(' ');
    String component = space < 0 ? message : message.substring(0, space);
    for (ConfigKey key : ConfigSchema.keys()) {
      if (key.path().startsWith("ingest.") && key.path().endsWith("." + component)) {
        return new ConfigException(o.origin(key.path()) + ": " + message.substring(space + 1));
      }
    }
    return new ConfigException("ingest: " + message);
  }
}
