package dev.burnrate.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.db.Database;
import dev.burnrate.ingest.db.DatabaseSettings;
import dev.burnrate.ingest.pipeline.CommitResult;
import dev.burnrate.testsupport.Await;
import dev.burnrate.testsupport.TestDatabase;
import io.vertx.core.Future;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CrashIT {
  private static final int BATCHES = 5_000;
  private static final int KILL_AFTER_ACKS = 100;

  @Test
  void acknowledgedBatches_surviveASigkill_andResubmittingEverythingLandsEachOnce()
      throws Exception {
    crashAndResubmit(WriterSettings.defaults());
  }

  /** The same with series state in the log: the killed process's applier dies mid-round too. */
  @Test
  void inLogMode_acknowledgedBatches_surviveASigkill_andResubmittingEverythingLandsEachOnce()
      throws Exception {
    crashAndResubmit(CrashLoad.LOG_MODE);
  }

  private static void crashAndResubmit(WriterSettings settings) throws Exception {
    boolean logged = settings.seriesState() == WriterSettings.SeriesState.LOG;
    try (TestDatabase db = TestDatabase.create();
        Database database =
            Database.open(DatabaseSettings.builder(db.url()).maxPoolSize(2).build())) {
      long base = System.currentTimeMillis() - 60_000;
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process child =
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  CrashLoad.class.getName(),
                  db.url(),
                  Long.toString(base),
                  Integer.toString(BATCHES),
                  logged ? "log" : "inline")
              .redirectError(new File("target/crash-load.err"))
              .start();
      Set<Integer> acked = new HashSet<>();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while (acked.size() < KILL_AFTER_ACKS && (line = out.readLine()) != null) {
          assertThat(line).startsWith("ACK ");
          acked.add(Integer.parseInt(line.substring(4)));
        }
        // SIGKILL mid-load; acknowledgements still in the pipe are lost to this test, not checked.
        child.destroyForcibly();
      }
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(acked).hasSizeGreaterThanOrEqualTo(KILL_AFTER_ACKS).hasSizeLessThan(BATCHES);
      if (logged) {
        // What the killed process logged is applied by the next applier, after its lease.
        BucketWriter next = BucketWriter.start(database.dataSource(), settings, Clock.systemUTC());
        awaitLogApplied(db);
        next.close();
      }

      try (Connection c = db.connect()) {
        Set<Integer> committed = committedBatches(c);
        assertThat(committed).containsAll(acked);
        // Each committed batch counted once, wholly: 1 to crash-d and 7 to crash-c.
        assertThat(Samples.sums(c, "sli_buckets", "crash-d")[2]).isEqualTo(committed.size());
        assertThat(Samples.sums(c, "sli_buckets", "crash-c")[2]).isEqualTo(7.0 * committed.size());
      }

      try (BucketWriter writer =
          BucketWriter.start(database.dataSource(), settings, Clock.systemUTC())) {
        List<Future<CommitResult>> resubmitted = new ArrayList<>();
        for (int i = 0; i < BATCHES; i++) {
          resubmitted.add(writer.submit(CrashLoad.batch(base, i)));
        }
        for (int i = 0; i < BATCHES; i++) {
          CommitResult r = CrashLoad.await(resubmitted.get(i));
          if (acked.contains(i)) {
            assertThat(r.applied()).as("batch %d was acknowledged before the crash", i).isZero();
          }
        }
        awaitLogApplied(db);
      }
      try (Connection c = db.connect()) {
        assertThat(committedBatches(c)).hasSize(BATCHES);
        assertThat(Samples.sums(c, "sli_buckets", "crash-d")[2]).isEqualTo(BATCHES);
        assertThat(Samples.sums(c, "sli_buckets", "crash-c")[2]).isEqualTo(7.0 * BATCHES);
      }
    }
  }

  private static void awaitLogApplied(TestDatabase db) throws Exception {
    try (Connection c = db.connect()) {
      Await.until(
          "the series log to be applied",
          Duration.ofSeconds(60),
          () -> {
            try {
              return Samples.count(c, "SELECT count(*) FROM sli_series_log") == 0;
            } catch (SQLException e) {
              throw new IllegalStateException(e);
            }
          });
    }
  }

  private static Set<Integer> committedBatches(Connection c) throws Exception {
    Set<Integer> ids = new HashSet<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT substr(idempotency_key, 7)::int FROM sli_idempotency_keys"
                    + " WHERE idempotency_key LIKE 'crash-%'");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getInt(1));
      }
    }
    return ids;
  }
}
