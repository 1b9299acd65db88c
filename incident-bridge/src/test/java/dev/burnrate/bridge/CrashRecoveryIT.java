package dev.burnrate.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.bridge.fake.FakeItsm;
import dev.burnrate.bridge.fake.FakeItsm.Fault;
import dev.burnrate.bridge.fake.JiraFake;
import dev.burnrate.bridge.fake.PagerDutyFake;
import dev.burnrate.bridge.fake.ServiceNowFake;
import dev.burnrate.bridge.fake.WebhookFake;
import dev.burnrate.testsupport.Await;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The process is killed (SIGKILL) in the middle of deliveries and restarted: nothing is lost and no
 * tool gets a second record for any incident.
 */
class CrashRecoveryIT {
  static final String PD_KEY = "fedcba9876543210fedcba9876543210";
  static final int INCIDENTS = 10;

  static Process child(BridgeFixture fx, String mode, List<FakeItsm> fakes, String log)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                BridgeChild.class.getName(),
                fx.db.url(),
                mode,
                String.valueOf(INCIDENTS)));
    cmd.add(fakes.get(0).url().toString());
    cmd.add(fakes.get(1).url().toString());
    cmd.add(fakes.get(2).url().toString());
    cmd.add(fakes.get(3).url().resolve("/hook").toString());
    File out = new File("target", log);
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out).start();
  }

  @Test
  void killedMidDelivery_andRestarted_losesNothing_andDuplicatesNothing() throws Exception {
    try (BridgeFixture fx = new BridgeFixture();
        JiraFake jira = new JiraFake("bot@example.com", "jira-token", "OPS");
        PagerDutyFake pd = new PagerDutyFake(PD_KEY);
        ServiceNowFake snow = new ServiceNowFake("burnrate", "snow-pw");
        WebhookFake hook = new WebhookFake("hook-secret", fx.clock)) {
      List<FakeItsm> fakes = List.of(jira, pd, snow, hook);
      // Slow answers keep deliveries in flight; some writes succeed with their answer lost.
      for (FakeItsm f : fakes) {
        f.slowMillis = 300;
        Fault[] many = new Fault[400];
        Arrays.fill(many, Fault.SLOW);
        for (int i = 0; i < many.length; i += 7) {
          many[i] = Fault.PROCESS_THEN_DROP;
        }
        f.failNext(many);
      }

      Process first = child(fx, "feed", fakes, "crash-child-1.log");
      try {
        // Killed once every incident is committed (the restarted process only delivers) and
        // deliveries are under way.
        Await.until(
            "every incident committed and some records in Jira",
            Duration.ofSeconds(60),
            () ->
                fx.count("SELECT count(*) FROM bridge_incident") == INCIDENTS
                    && jira.recordCount() >= 3);
      } finally {
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      long pendingAfterKill =
          fx.count("SELECT count(*) FROM bridge_outbox WHERE state = 'pending'");
      assertThat(pendingAfterKill).as("killed in the middle of delivery").isPositive();

      for (FakeItsm f : fakes) {
        f.clearFaults();
      }
      Process second = child(fx, "deliver", fakes, "crash-child-2.log");
      try {
        Await.until(
            "the outbox to drain after the restart",
            Duration.ofSeconds(60),
            () -> fx.count("SELECT count(*) FROM bridge_outbox WHERE state <> 'delivered'") == 0);
      } finally {
        second.destroyForcibly();
        second.waitFor(30, TimeUnit.SECONDS);
      }

      assertThat(fx.count("SELECT count(*) FROM bridge_incident")).isEqualTo(INCIDENTS);
      List<String> names = List.of("jira", "pagerduty", "snow", "hook");
      for (int i = 0; i < fakes.size(); i++) {
        FakeItsm f = fakes.get(i);
        List<String> keys = new ArrayList<>();
        try (Connection c = fx.dataSource.getConnection();
            Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery(
                    "SELECT DISTINCT record_key FROM bridge_outbox WHERE connector = '"
                        + names.get(i)
                        + "'")) {
          while (rs.next()) {
            keys.add(rs.getString(1));
          }
        }
        // Every incident, and for all but PagerDuty the problem its recurrence raised.
        assertThat(keys.stream().filter(k -> k.startsWith("INC-"))).hasSize(INCIDENTS);
        for (String key : keys) {
          assertThat(f.recordsFor(key)).as(names.get(i) + " " + key).isEqualTo(1);
        }
        assertThat(f.recordCount()).as(names.get(i)).isEqualTo(keys.size());
      }
    }
  }
}
