package dev.burnrate.api.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogSetupTest {
  private final PrintStream stdout = System.out;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  @AfterEach
  void restore() throws Exception {
    System.setOut(stdout);
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  private String logOneLine(String format) {
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    LogSetup.configure(format, "info");
    LoggerFactory.getLogger("dev.burnrate.test").info("token {} created", "tok_1");
    LoggerFactory.getLogger("dev.burnrate.test").debug("not at info");
    return captured.toString(StandardCharsets.UTF_8).strip();
  }

  @Test
  void jsonFormat_writesOneJsonObjectPerLine() {
    String out = logOneLine("json");
    assertThat(out.lines()).hasSize(1);
    JsonObject line = new JsonObject(out);
    assertThat(line.getString("level")).isEqualTo("INFO");
    assertThat(line.getString("loggerName")).isEqualTo("dev.burnrate.test");
    assertThat(line.getString("formattedMessage")).isEqualTo("token tok_1 created");
    assertThat(line.getLong("timestamp")).isPositive();
  }

  @Test
  void textFormat_writesReadableLines() {
    String out = logOneLine("text");
    assertThat(out.lines()).hasSize(1);
    assertThat(out).contains("INFO", "dev.burnrate.test", "token tok_1 created");
  }
}
