package dev.burnrate.api.config;

import dev.burnrate.bridge.BridgeSettings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Binds each section of {@link BurnrateConfig} from the overlay, key by key as its record takes
 * them; what a key allows is checked as it is read, the rules across keys by the records.
 */
final class ConfigBinder {
  private ConfigBinder() {}

  /** The whole configuration, read from {@code file} if given. */
  static BurnrateConfig bind(ConfigOverlay o, Optional<Path> file) {
    return new BurnrateConfig(
        server(o),
        database(o),
        IngestBinder.ingest(o),
        new BurnrateConfig.Slos(
            o.paths("slos.paths"), o.bool("slos.watch"), o.duration("slos.watchInterval")),
        bridge(o),
        auth(o),
        engine(o),
        new BurnrateConfig.Logging(o.choice("logging.format"), o.choice("logging.level")),
        new BurnrateConfig.Tracing(
            nonBlank(o, "tracing.otlpEndpoint"), o.text("tracing.serviceName")),
        new BurnrateConfig.Reports(o.optionalPath("reports.slaFile")),
        file);
  }

  private static BurnrateConfig.Server server(ConfigOverlay o) {
    return new BurnrateConfig.Server(
        o.text("server.host"),
        o.integer("server.port"),
        o.optionalPath("server.tls.cert"),
        o.optionalPath("server.tls.key"),
        o.bytes("server.maxBodySize"),
        o.duration("server.shutdownTimeout"),
        o.duration("server.idleTimeout"),
        o.duration("server.headerTimeout"),
        o.duration("server.bodyTimeout"),
        o.integer("server.maxConnections"));
  }

  private static BurnrateConfig.Database database(ConfigOverlay o) {
    return new BurnrateConfig.Database(
        nonBlank(o, "database.url"),
        nonBlank(o, "database.user"),
        o.optionalText("database.password"),
        o.integer("database.poolSize"),
        o.duration("database.connectionTimeout"),
        o.duration("database.statementTimeout"),
        o.path("database.embeddedDir"));
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

  private static BurnrateConfig.Auth auth(ConfigOverlay o) {
    return new BurnrateConfig.Auth(
        o.bool("auth.required"),
        o.bool("auth.readsRequireToken"),
        nonBlank(o, "auth.adminToken"),
        o.number("auth.rateLimit.requestsPerSecond"),
        o.integer("auth.rateLimit.burst"),
        o.duration("auth.cacheTtl"),
        o.number("auth.failedAuth.perSecond"),
        o.integer("auth.failedAuth.burst"));
  }

  private static BurnrateConfig.Engine engine(ConfigOverlay o) {
    return new BurnrateConfig.Engine(
        o.duration("engine.tickInterval"),
        o.duration("engine.noDataAfter"),
        o.number("engine.minEventsToAlert"),
        o.duration("engine.resolveAfter"),
        o.integer("engine.resolveAfterTicks"),
        o.duration("engine.pollInterval"),
        o.duration("engine.leaseTimeout"),
        o.duration("engine.leaderRetryInterval"),
        nonBlank(o, "engine.instanceId"),
        o.integer("engine.maxGroupsPerSlo"));
  }

  /** A text key that is unset when blank, as an empty variable unsets it. */
  private static Optional<String> nonBlank(ConfigOverlay o, String path) {
    return o.optionalText(path).filter(s -> !s.isBlank());
  }
}
