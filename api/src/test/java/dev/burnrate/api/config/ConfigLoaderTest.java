package dev.burnrate.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnrate.ingest.limits.IngestLimits;
import dev.burnrate.ingest.store.WriterSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path file(String yaml) throws IOException {
    Path f = dir.resolve("burnrate.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  private static BurnrateConfig load(Optional<Path> file, Map<String, String> env) {
    return ConfigLoader.load(file, env, Map.of());
  }

  @Test
  void defaults_serve_withNoFileAndNoVariables() {
    BurnrateConfig c = BurnrateConfig.defaults();
    assertThat(c.server().port()).isEqualTo(8080);
    assertThat(c.server().host()).isEqualTo("0.0.0.0");
    assertThat(c.server().tls()).isFalse();
    assertThat(c.database().url()).isEmpty();
    assertThat(c.database().poolSize()).isEqualTo(10);
    assertThat(c.auth().required()).isTrue();
    assertThat(c.auth().readsRequireToken()).isFalse();
    assertThat(c.engine().tickInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.logging().format()).isEqualTo("json");
    assertThat(c.tracing().otlpEndpoint()).isEmpty();
    assertThat(c.slos().paths()).isEmpty();
    assertThat(c.bridge().connectors()).isEmpty();
  }

  @Test
  void fileValues_replaceDefaults_andRelativePathsResolveAgainstTheFile() throws IOException {
    Path f =
        file(
            """
            server:
              port: 9090
              maxBodySize: 2MiB
              tls:
                cert: certs/server.pem
                key: certs/server.key
            database:
              url: jdbc:postgresql://db:5432/burnrate
              poolSize: 4
            slos:
              paths: [slos, more/checkout.yaml]
              watch: false
            auth:
              required: false
              rateLimit:
                requestsPerSecond: 5.5
                burst: 7
            engine:
              tickInterval: 1m30s
            logging:
              format: text
            bridge:
              quietPeriod: 10m
              servicesFile: services.yaml
            """);
    BurnrateConfig c = load(Optional.of(f), Map.of());
    assertThat(c.server().port()).isEqualTo(9090);
    assertThat(c.server().maxBodySize()).isEqualTo(2L * 1024 * 1024);
    assertThat(c.server().tlsCert()).contains(dir.resolve("certs/server.pem"));
    assertThat(c.database().url()).contains("jdbc:postgresql://db:5432/burnrate");
    assertThat(c.database().poolSize()).isEqualTo(4);
    assertThat(c.slos().paths())
        .containsExactly(dir.resolve("slos"), dir.resolve("more/checkout.yaml"));
    assertThat(c.slos().watch()).isFalse();
    assertThat(c.auth().required()).isFalse();
    assertThat(c.auth().requestsPerSecond()).isEqualTo(5.5);
    assertThat(c.auth().burst()).isEqualTo(7);
    assertThat(c.engine().tickInterval()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.logging().format()).isEqualTo("text");
    assertThat(c.bridge().quietPeriod()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.bridge().servicesFile()).contains(dir.resolve("services.yaml"));
    assertThat(c.source()).contains(f);
  }

  @Test
  void environment_overridesTheFile_byAliasAndByTheGeneralRule() throws IOException {
    Path f =
        file(
            """
            server:
              port: 9090
            database:
              url: jdbc:postgresql://from-file/db
            engine:
              tickInterval: 10s
            """);
    BurnrateConfig c =
        load(
            Optional.of(f),
            Map.of(
                "BURNRATE_DB_URL", "jdbc:postgresql://from-env/db",
                "BURNRATE_SERVER_PORT", "9191",
                "BURNRATE_ENGINE_TICK_INTERVAL", "5s",
                "BURNRATE_AUTH_RATE_LIMIT_BURST", "3",
                "BURNRATE_ADMIN_TOKEN", "a-long-admin-token-value",
                "BURNRATE_SLOS", "a.yaml,b"));
    assertThat(c.database().url()).contains("jdbc:postgresql://from-env/db");
    assertThat(c.server().port()).isEqualTo(9191);
    assertThat(c.engine().tickInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.auth().burst()).isEqualTo(3);
    assertThat(c.auth().adminToken()).contains("a-long-admin-token-value");
    assertThat(c.slos().paths()).containsExactly(Path.of("a.yaml"), Path.of("b"));
  }

  @Test
  void shortAlias_winsOverTheGeneralRule_whenBothAreSet() {
    BurnrateConfig c =
        load(Optional.empty(), Map.of("BURNRATE_SERVER_PORT", "1111", "BURNRATE_PORT", "2222"));
    assertThat(c.server().port()).isEqualTo(2222);
  }

  @Test
  void flags_overrideEnvironmentAndFile() throws IOException {
    Path f = file("server:\n  port: 9090\n");
    BurnrateConfig c =
        ConfigLoader.load(
            Optional.of(f),
            Map.of("BURNRATE_PORT", "9191"),
            Map.of(
                "server.port", ConfigLoader.parseFlag("--port", "server.port", "9292"),
                "slos.paths", List.of(Path.of("x.yaml"))));
    assertThat(c.server().port()).isEqualTo(9292);
    assertThat(c.slos().paths()).containsExactly(Path.of("x.yaml"));
  }

  @Test
  void unknownKey_failsWithFileLineColumnAndKeyPath() throws IOException {
    Path f = file("server:\n  port: 8080\n  prot: 9090\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(f + ":3:3: unknown key server.prot")
        .hasMessageContaining("host")
        .hasMessageContaining("port");
  }

  @Test
  void unknownSection_failsWithTheKnownSections() throws IOException {
    Path f = file("servr:\n  port: 8080\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .hasMessageStartingWith(f + ":1:1: unknown key servr")
        .hasMessageContaining("server");
  }

  @Test
  void wrongType_failsWithTheLineAndWhatWasExpected() throws IOException {
    Path f = file("server:\n  port: eighty\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(f + ":2:9: server.port: expected an integer, got \"eighty\"");
  }

  @Test
  void portOutOfRange_fails() throws IOException {
    Path f = file("server:\n  port: 70000\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .hasMessage(f + ":2:9: server.port: expected a port 0..65535, got 70000");
  }

  @Test
  void sectionGivenAScalar_failsNamingTheSection() throws IOException {
    Path f = file("auth: yes\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .hasMessageStartingWith(f + ":1:7: auth: expected a mapping of");
  }

  @Test
  void scalarGivenAMapping_fails() throws IOException {
    Path f = file("logging:\n  format:\n    kind: json\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .hasMessage(f + ":3:5: logging.format: expected one of json, text, got a mapping");
  }

  @Test
  void enumValue_outsideTheAllowedOnes_fails() throws IOException {
    Path f = file("logging:\n  format: xml\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .hasMessage(f + ":2:11: logging.format: expected one of json, text, got \"xml\"");
  }

  @Test
  void duplicateKey_fails() throws IOException {
    Path f = file("server:\n  port: 1\n  port: 2\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .hasMessage(f + ":3:3: server.port: duplicate key");
  }

  @Test
  void invalidYaml_failsWithThePosition() throws IOException {
    Path f = file("server:\n  port: [8080\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(f + ":")
        .hasMessageContaining("invalid YAML");
  }

  @Test
  void missingFile_failsNamingIt() {
    Path f = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .hasMessage(f + ": no such configuration file");
  }

  @Test
  void bridgeSectionErrors_carryTheLineOfTheWholeFile() throws IOException {
    Path f = file("server:\n  port: 8080\nbridge:\n  quietPeriod: soon\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(f + ":4:")
        .hasMessageContaining("quietPeriod");
  }

  @Test
  void exampleFile_loads() {
    Path example = Path.of("..", "examples", "burnrate.yaml");
    BurnrateConfig c = load(Optional.of(example), Map.of());
    assertThat(c.server().port()).isEqualTo(8080);
    assertThat(c.slos().paths())
        .containsExactly(example.toAbsolutePath().getParent().resolve("slos"));
    assertThat(c.bridge().servicesFile())
        .contains(example.toAbsolutePath().getParent().resolve("services.yaml"));
    // The example shows the ingest section with its defaults.
    assertThat(c.ingest()).isEqualTo(BurnrateConfig.defaults().ingest());
  }

  @Test
  void emptyFile_meansDefaults() throws IOException {
    Path f = file("# nothing yet\n");
    assertThat(load(Optional.of(f), Map.of()).server().port()).isEqualTo(8080);
  }

  @Test
  void badEnvironmentValue_failsNamingTheVariable() {
    assertThatThrownBy(() -> load(Optional.empty(), Map.of("BURNRATE_PORT", "http")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "environment variable BURNRATE_PORT (server.port): expected an integer, got \"http\"");
  }

  @Test
  void badDuration_failsWithTheAcceptedForms() {
    assertThatThrownBy(
            () -> load(Optional.empty(), Map.of("BURNRATE_ENGINE_TICK_INTERVAL", "10 seconds")))
        .hasMessageContaining("expected a duration such as 500ms, 10s, 5m, 1h or 1d");
  }

  @Test
  void tlsWithOnlyACertificate_fails() throws IOException {
    Path f = file("server:\n  tls:\n    cert: a.pem\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .hasMessageContaining("set both server.tls.cert and server.tls.key");
  }

  @Test
  void toString_neverShowsSecrets() throws IOException {
    Path f =
        file(
            """
            database:
              url: jdbc:postgresql://db/burnrate?user=u&password=hunter2
              password: hunter3
            """);
    BurnrateConfig c =
        load(Optional.of(f), Map.of("BURNRATE_ADMIN_TOKEN", "hunter5-long-enough-token"));
    assertThat(c.toString())
        .doesNotContain("hunter2", "hunter3", "hunter5")
        .contains("password=***");
  }

  @Test
  void everyKey_hasAnEnvironmentVariableByTheGeneralRule() {
    assertThat(ConfigSchema.key("auth.rateLimit.requestsPerSecond").orElseThrow().envName())
        .isEqualTo("BURNRATE_AUTH_RATE_LIMIT_REQUESTS_PER_SECOND");
    assertThat(ConfigSchema.key("server.port").orElseThrow().envName())
        .isEqualTo("BURNRATE_SERVER_PORT");
  }

  @Test
  void documentation_namesEveryKeyAndItsVariable() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
    for (ConfigKey key : ConfigSchema.keys()) {
      assertThat(doc).as("docs/configuration.md documents " + key.path()).contains(key.path());
      if (key.type() != ConfigKey.Type.BRIDGE) {
        assertThat(doc).as("docs/configuration.md names " + key.envName()).contains(key.envName());
      }
    }
    for (String alias : ConfigSchema.ENV_ALIASES.keySet()) {
      assertThat(doc).contains(alias);
    }
  }

  // ---- the ingest section ----

  @Test
  void ingestDefaults_areTheWritersAndTheLimitsOwn() {
    BurnrateConfig c = BurnrateConfig.defaults();
    assertThat(c.ingest().writer()).isEqualTo(WriterSettings.defaults());
    // The body as received is limited by server.maxBodySize, as it always was in the server.
    assertThat(c.ingest().limits())
        .isEqualTo(IngestLimits.builder().maxCompressedBodyBytes(16L << 20).build());
  }

  @Test
  void ingestKeys_fromTheFile_setTheWriterAndTheLimits() throws IOException {
    Path f =
        file(
            """
            server:
              maxBodySize: 1MiB
            ingest:
              lateness: 5m
              futureTolerance: 0s
              idempotencyKeyTtl: 2h
              seriesRetention: 1d
              bucketRetention: 40d
              changeLogRetention: 6h
              seriesCacheSize: 0
              maxQueuedBatches: 50
              maxQueuedSamples: 3000000000
              maxQueuedBytes: 64MiB
              maxSamplesPerTransaction: 1000
              limits:
                maxDecompressedBodyBytes: 4MiB
                maxSeriesPerRequest: 10
                maxSamplesPerRequest: 20
                maxLabelsPerSeries: 8
                maxLabelNameLength: 32
                maxLabelValueLength: 128
                maxJsonNestingDepth: 4
                maxJsonStringLength: 1000
                maxEventsPerRequest: 7
            """);
    BurnrateConfig c = load(Optional.of(f), Map.of());
    WriterSettings defaults = WriterSettings.defaults();
    assertThat(c.ingest().writer())
        .isEqualTo(
            new WriterSettings(
                Duration.ofMinutes(5),
                Duration.ZERO,
                Duration.ofHours(2),
                50,
                3_000_000_000L,
                64L << 20,
                1000,
                Duration.ofDays(40),
                Duration.ofDays(1),
                Duration.ofHours(6),
                defaults.maintenanceInterval(),
                defaults.minRetryAfter(),
                defaults.maxRetryAfter(),
                0,
                defaults.seriesState(),
                defaults.applyInterval()));
    assertThat(c.ingest().limits())
        .isEqualTo(
            new IngestLimits(
                1L << 20,
                4L << 20,
                10,
                20,
                8,
                32,
                128,
                4,
                1000,
                7,
                IngestLimits.defaults().inlineDecodeMaxBytes()));
  }

  @Test
  void compressedBodyLimit_isServerMaxBodySize_cappedAtTheDecompressedLimit() throws IOException {
    Path f =
        file(
            "server:\n  maxBodySize: 64MiB\ningest:\n  limits:\n    maxDecompressedBodyBytes: 2MiB\n");
    IngestLimits limits = load(Optional.of(f), Map.of()).ingest().limits();
    assertThat(limits.maxCompressedBodyBytes()).isEqualTo(2L << 20);
    assertThat(limits.maxDecompressedBodyBytes()).isEqualTo(2L << 20);
  }

  @Test
  void ingestKeys_fromTheEnvironment_overrideTheFile() throws IOException {
    Path f = file("ingest:\n  lateness: 5m\n  limits:\n    maxSeriesPerRequest: 10\n");
    BurnrateConfig c =
        load(
            Optional.of(f),
            Map.of(
                "BURNRATE_INGEST_LATENESS", "2h",
                "BURNRATE_INGEST_LIMITS_MAX_SERIES_PER_REQUEST", "5",
                "BURNRATE_INGEST_MAX_QUEUED_BYTES", "1GiB",
                "BURNRATE_INGEST_SERIES_CACHE_SIZE", "0"));
    assertThat(c.ingest().writer().lateness()).isEqualTo(Duration.ofHours(2));
    assertThat(c.ingest().writer().maxQueuedBytes()).isEqualTo(1L << 30);
    assertThat(c.ingest().writer().seriesCacheSize()).isZero();
    assertThat(c.ingest().limits().maxSeriesPerRequest()).isEqualTo(5);
  }

  @Test
  void ingestKeys_fromFlags_overrideTheEnvironmentAndTheFile() throws IOException {
    Path f = file("ingest:\n  lateness: 5m\n");
    BurnrateConfig c =
        ConfigLoader.load(
            Optional.of(f),
            Map.of("BURNRATE_INGEST_LATENESS", "2h"),
            Map.of(
                "ingest.lateness",
                ConfigLoader.parseFlag("--lateness", "ingest.lateness", "30m"),
                "ingest.limits.maxEventsPerRequest",
                ConfigLoader.parseFlag("--events", "ingest.limits.maxEventsPerRequest", "9")));
    assertThat(c.ingest().writer().lateness()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.ingest().limits().maxEventsPerRequest()).isEqualTo(9);
  }

  @Test
  void bucketRetention_isOneKey_forTheWriterAndTheDatabase() {
    BurnrateConfig c = load(Optional.empty(), Map.of("BURNRATE_INGEST_BUCKET_RETENTION", "400d"));
    assertThat(c.ingest().writer().bucketRetention()).isEqualTo(Duration.ofDays(400));
  }

  @Test
  void negativeIngestValues_failNamingTheKeyAndLine() throws IOException {
    Path f = file("ingest:\n  lateness: -5m\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            f
                + ":2:13: ingest.lateness: expected a duration such as 500ms, 10s, 5m, 1h or 1d,"
                + " got \"-5m\"");
    Path g = file("ingest:\n  maxQueuedBatches: -1\n");
    assertThatThrownBy(() -> load(Optional.of(g), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(g + ":2:21: ingest.maxQueuedBatches: expected an integer >= 1, got -1");
    assertThatThrownBy(
            () -> load(Optional.empty(), Map.of("BURNRATE_INGEST_MAX_QUEUED_SAMPLES", "-3")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "environment variable BURNRATE_INGEST_MAX_QUEUED_SAMPLES (ingest.maxQueuedSamples):"
                + " expected an integer >= 1, got -3");
  }

  @Test
  void zeroIngestValues_failWherePositiveIsNeeded() throws IOException {
    Path f = file("ingest:\n  idempotencyKeyTtl: 0s\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            f + ":2:22: ingest.idempotencyKeyTtl: expected a duration longer than 0, got \"0s\"");
    Path g = file("ingest:\n  limits:\n    maxSeriesPerRequest: 0\n");
    assertThatThrownBy(() -> load(Optional.of(g), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            g + ":3:26: ingest.limits.maxSeriesPerRequest: expected an integer >= 1, got 0");
    Path h = file("ingest:\n  maxQueuedBytes: 0KiB\n");
    assertThatThrownBy(() -> load(Optional.of(h), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(h + ":2:19: ingest.maxQueuedBytes: expected a size > 0, got \"0KiB\"");
  }

  @Test
  void seriesState_log_keepsSeriesStateInTheSeriesLog() throws IOException {
    Path f = file("ingest:\n  seriesState: LOG\n  applyInterval: 5s\n");
    WriterSettings w = load(Optional.of(f), Map.of()).ingest().writer();
    assertThat(w.seriesState()).isEqualTo(WriterSettings.SeriesState.LOG);
    assertThat(w.applyInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(WriterSettings.defaults().seriesState())
        .isEqualTo(WriterSettings.SeriesState.INLINE);
  }

  @Test
  void zero_isAllowed_forTheFutureToleranceAndTheSeriesCache() throws IOException {
    Path f = file("ingest:\n  futureTolerance: 0s\n  seriesCacheSize: 0\n");
    WriterSettings w = load(Optional.of(f), Map.of()).ingest().writer();
    assertThat(w.futureTolerance()).isZero();
    assertThat(w.seriesCacheSize()).isZero();
  }

  @Test
  void seriesRetention_notLongerThanTheLateness_failsNamingTheKeyThatWasSet() throws IOException {
    Path f = file("ingest:\n  lateness: 2h\n  seriesRetention: 2h\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            f + ":3:20: ingest.seriesRetention: must be longer than ingest.lateness (2h), got 2h");
    // Only the lateness was set: the default retention is not the mistake.
    Path g = file("ingest:\n  lateness: 8d\n");
    assertThatThrownBy(() -> load(Optional.of(g), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            g + ":2:13: ingest.lateness: must be shorter than ingest.seriesRetention (7d), got 8d");
    assertThatThrownBy(
            () -> load(Optional.empty(), Map.of("BURNRATE_INGEST_SERIES_RETENTION", "30m")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "environment variable BURNRATE_INGEST_SERIES_RETENTION (ingest.seriesRetention):"
                + " must be longer than ingest.lateness (1h), got 30m");
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.empty(), Map.of(), Map.of("ingest.lateness", Duration.ofDays(10))))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "ingest.lateness (command line): must be shorter than ingest.seriesRetention (7d),"
                + " got 10d");
  }

  @Test
  void seriesRetention_longerThanALongLateness_loads() throws IOException {
    Path f = file("ingest:\n  lateness: 8d\n  seriesRetention: 9d\n");
    WriterSettings w = load(Optional.of(f), Map.of()).ingest().writer();
    assertThat(w.lateness()).isEqualTo(Duration.ofDays(8));
    assertThat(w.seriesRetention()).isEqualTo(Duration.ofDays(9));
  }

  @Test
  void seriesCacheSize_overTheMaximum_fails() throws IOException {
    Path f = file("ingest:\n  seriesCacheSize: 100000000\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            f
                + ":2:20: ingest.seriesCacheSize: expected an integer 0.."
                + WriterSettings.MAX_SERIES_CACHE_SIZE
                + ", got 100000000");
  }

  @Test
  void bucketRetention_underADay_fails() throws IOException {
    Path f = file("ingest:\n  bucketRetention: 12h\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            f + ":2:20: ingest.bucketRetention: expected a duration of at least 1d, got \"12h\"");
  }

  @Test
  void decompressedBodyLimit_overTwoGiB_failsWithTheLimitsOwnCheck() throws IOException {
    Path f = file("ingest:\n  limits:\n    maxDecompressedBodyBytes: 3GiB\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            f
                + ":3:31: ingest.limits.maxDecompressedBodyBytes: must be below 2 GiB, got "
                + (3L << 30));
  }

  @Test
  void absurdlyLongDurations_andHugeSizes_fail() throws IOException {
    Path f = file("ingest:\n  idempotencyKeyTtl: 36501d\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            f
                + ":2:22: ingest.idempotencyKeyTtl: expected a duration of at most 36500d,"
                + " got \"36501d\"");
    assertThatThrownBy(
            () ->
                load(
                    Optional.empty(),
                    Map.of("BURNRATE_INGEST_LATENESS", "99999999999999999999999d")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest.lateness")
        .hasMessageContaining("is too long");
    assertThatThrownBy(
            () ->
                load(Optional.empty(), Map.of("BURNRATE_INGEST_MAX_QUEUED_BYTES", "9999999999GiB")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest.maxQueuedBytes")
        .hasMessageContaining("is too large");
  }

  @Test
  void ingestValuesOfTheWrongType_failNamingTheKey() throws IOException {
    Path f = file("ingest:\n  maxQueuedSamples: lots\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(f + ":2:21: ingest.maxQueuedSamples: expected an integer, got \"lots\"");
    Path g = file("ingest:\n  lateness: [1h]\n");
    assertThatThrownBy(() -> load(Optional.of(g), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            g
                + ":2:13: ingest.lateness: expected a duration such as 500ms, 10s, 5m, 1h, 1d,"
                + " got a list");
    Path h = file("ingest:\n  limits: 5\n");
    assertThatThrownBy(() -> load(Optional.of(h), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(h + ":2:11: ingest.limits: expected a mapping of")
        .hasMessageContaining("maxSeriesPerRequest");
    assertThatThrownBy(
            () -> load(Optional.empty(), Map.of("BURNRATE_INGEST_MAX_QUEUED_BYTES", "a lot")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "environment variable BURNRATE_INGEST_MAX_QUEUED_BYTES (ingest.maxQueuedBytes):"
                + " expected a size such as 512KiB or 16MiB, got \"a lot\"");
  }

  @Test
  void unknownIngestLimit_failsListingTheKnownOnes() throws IOException {
    Path f = file("ingest:\n  limits:\n    maxSeries: 5\n");
    assertThatThrownBy(() -> load(Optional.of(f), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(f + ":3:5: unknown key ingest.limits.maxSeries")
        .hasMessageContaining("maxSeriesPerRequest")
        .hasMessageContaining("maxEventsPerRequest");
  }

  @Test
  void everyIngestLimitName_isAKey_soARefusalsLimitCanBeLookedUp() {
    // A 413 or 400 names the limit as IngestLimits does; the key is ingest.limits.<that name>,
    // except the body as received, which is server.maxBodySize.
    for (var component : IngestLimits.class.getRecordComponents()) {
      String name = component.getName();
      if (name.equals("maxCompressedBodyBytes") || name.equals("inlineDecodeMaxBytes")) {
        continue;
      }
      assertThat(ConfigSchema.key("ingest.limits." + name)).as(name).isPresent();
    }
  }

  @Test
  void theBridgesChangePolicy_survivesResolvingTheServicesFile() throws IOException {
    Path f =
        file(
            """
            bridge:
              servicesFile: services.yaml
              changes:
                approval: {required: 2, advisoryBoard: [anna, ben]}
            """);
    BurnrateConfig c = load(Optional.of(f), Map.of());
    assertThat(c.bridge().servicesFile()).contains(dir.resolve("services.yaml"));
    assertThat(c.bridge().changePolicy().approvalsRequired()).isEqualTo(2);
    assertThat(c.bridge().changePolicy().advisoryBoard()).containsExactly("anna", "ben");
  }
}
