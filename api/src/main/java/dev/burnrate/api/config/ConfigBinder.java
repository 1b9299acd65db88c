package dev.burnrate.api.config;

import dev.burnrate.bridge.BridgeSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Binds each section of {@link BurnrateConfig} from the overlay: the plain sections by the schema
 * ({@link RecordBinder}), the ingest section into the writer's and the limits' settings ({@link
 * IngestBinder}), the bridge's section by the bridge. What a key allows is checked as it is read,
 * the rules across keys by the records.
 */
final class ConfigBinder {
  private ConfigBinder() {}

  /** The whole configuration, read from {@code file} if given. */
  static BurnrateConfig bind(ConfigOverlay o, Optional<Path> file) {
    return new BurnrateConfig(
        RecordBinder.bind(
            BurnrateConfig.Server.class,
            "server",
            Map.of("tlsCert", "tls.cert", "tlsKey", "tls.key"),
            o),
        RecordBinder.bind(BurnrateConfig.Database.class, "database", Map.of(), o),
        IngestBinder.ingest(o),
        RecordBinder.bind(BurnrateConfig.Slos.class, "slos", Map.of(), o),
        bridge(o),
        RecordBinder.bind(
            BurnrateConfig.Auth.class,
            "auth",
            Map.of(
                "requestsPerSecond", "rateLimit.requestsPerSecond",
                "burst", "rateLimit.burst",
                "failedPerSecond", "failedAuth.perSecond",
                "failedBurst", "failedAuth.burst"),
            o),
        RecordBinder.bind(BurnrateConfig.Engine.class, "engine", Map.of(), o),
        RecordBinder.bind(BurnrateConfig.Logging.class, "logging", Map.of(), o),
        RecordBinder.bind(BurnrateConfig.Tracing.class, "tracing", Map.of(), o),
        RecordBinder.bind(BurnrateConfig.Reports.class, "reports", Map.of(), o),
        file);
  }

  /** The bridge binds its own section; no variable or flag sets it. */
  private static BridgeSettings bridge(ConfigOverlay o) {
    Optional<Setting> setting = o.setting("bridge");
    if (setting.isEmpty()) {
      return BridgeSettings.defaults();
    }
    if (setting.get() instanceof Setting.InFile inFile) {
      return ConfigFile.bridge(inFile);
    }
    throw new ConfigException(setting.get().origin() + ": expected a mapping in the file");
  }
}
