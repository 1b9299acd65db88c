package dev.burnrate.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
  private static final String REAL = "brt_the-one-real-token";
  private static final ApiToken TOKEN =
      new ApiToken(
          "tok_1",
          "real",
          Set.of(Scope.INGEST),
          Instant.parse("2026-01-01T00:00:00Z"),
          Optional.empty(),
          Optional.empty());

  private final AtomicInteger lookups = new AtomicInteger();
  private final Authenticator authenticator =
      new Authenticator(
          presented -> {
            lookups.incrementAndGet();
            return presented.equals(REAL) ? Optional.of(TOKEN) : Optional.empty();
          },
          TestClock.at(Instant.parse("2026-01-01T00:00:00Z")),
          Duration.ofSeconds(10));

  @Test
  void anUnknownToken_isLookedUpOnce_thenAnsweredFromTheCache() throws Exception {
    assertThat(authenticator.authenticate("brt_unknown")).isEmpty();
    for (int i = 0; i < 5; i++) {
      assertThat(authenticator.cached("brt_unknown")).contains(Optional.empty());
    }
    assertThat(lookups).hasValue(1);
  }

  @Test
  void aFloodOfUnknownTokens_doesNotEvictTheKnownOnes() throws Exception {
    assertThat(authenticator.authenticate(REAL)).contains(TOKEN);
    for (int i = 0; i < Authenticator.MAX_UNKNOWN * 3; i++) {
      authenticator.authenticate("brt_flood_" + i);
    }
    assertThat(authenticator.cached(REAL)).contains(Optional.of(TOKEN));
  }
}
