package dev.burnrate.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FirstTokenHintIT {
  @Test
  void serveWithoutAnyToken_saysHowToCreateOne_once() {
    Logger logger = (Logger) LoggerFactory.getLogger(BurnrateServer.class);
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    logger.addAppender(seen);
    try (TestServer server = TestServer.start(Map.of("BURNRATE_ADMIN_TOKEN", ""))) {
      assertThat(server.server().config().auth().adminToken()).isEmpty();
      assertThat(seen.list)
          .filteredOn(e -> e.getFormattedMessage().equals(BurnrateServer.NO_TOKEN_HINT))
          .hasSize(1);
      assertThat(BurnrateServer.NO_TOKEN_HINT)
          .contains("BURNRATE_ADMIN_TOKEN")
          .contains("POST /api/v1/tokens");
    } finally {
      logger.detachAppender(seen);
    }
  }
}
