package dev.burnrate.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.api.config.BurnrateConfig;
import dev.burnrate.api.config.ConfigLoader;
import dev.burnrate.ingest.db.DatabaseSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BurnrateServerTest {
  static final String URL = "jdbc:postgresql://127.0.0.1:5432/burnrate";

  @Test
  void bucketRetention_setsTheTimescalePolicy_andTheWritersDeletes() {
    BurnrateConfig c =
        ConfigLoader.load(
            Optional.empty(), Map.of("BURNRATE_INGEST_BUCKET_RETENTION", "400d"), Map.of());
    DatabaseSettings db = BurnrateServer.databaseSettings(c, URL);
    assertThat(db.bucketRetention()).isEqualTo(Duration.ofDays(400));
    assertThat(c.ingest().writer().bucketRetention()).isEqualTo(Duration.ofDays(400));
  }

  @Test
  void defaultBucketRetention_isTheDatabasesDefault() {
    DatabaseSettings db = BurnrateServer.databaseSettings(BurnrateConfig.defaults(), URL);
    assertThat(db.bucketRetention()).isEqualTo(DatabaseSettings.of(URL).bucketRetention());
  }

  @Test
  void thePassword_isUsed_whenTheUserIsOnlyInTheUrl() {
    BurnrateConfig c =
        ConfigLoader.load(
            Optional.empty(), Map.of("BURNRATE_DB_PASSWORD", "s3cret-password"), Map.of());
    DatabaseSettings db = BurnrateServer.databaseSettings(c, URL + "?user=burnrate");
    assertThat(db.password()).contains("s3cret-password");
    assertThat(db.user()).isEmpty();
  }
}
