package dev.burnrate.api.slo;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the SLO files for changes and reloads the catalog once a change has settled: a change is
 * applied when two polls in a row see the same new state, so an editor's save in several writes
 * causes one reload. Polling (not a WatchService) works the same on every file system, mounted
 * volumes and Kubernetes config maps included.
 */
final class SloFileWatcher {
  private static final Logger log = LoggerFactory.getLogger(SloFileWatcher.class);

  private final SloCatalog catalog;
  private String applied;
  private String pending;

  SloFileWatcher(SloCatalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog");
    this.applied = fingerprint(catalog.paths());
  }

  /** One poll; reloads when the files changed and stayed the same since the last poll. */
  void poll() {
    String now = fingerprint(catalog.paths());
    if (now.equals(applied)) {
      pending = null;
      return;
    }
    if (!now.equals(pending)) {
      pending = now; // changed; wait one more poll for it to settle
      return;
    }
    applied = now;
    pending = null;
    log.info("SLO files changed; reloading");
    try {
      catalog.reload();
    } catch (RuntimeException e) {
      log.error("SLO reload failed", e);
    }
  }

  /** Names, sizes and modification times of every SLO file under the paths. */
  static String fingerprint(List<Path> paths) {
    List<String> parts = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          s.filter(Files::isRegularFile).sorted().forEach(f -> parts.add(describe(f)));
        } catch (IOException e) {
          parts.add(p + ":unreadable");
        }
      } else {
        parts.add(describe(p));
      }
    }
    return String.join("\n", parts);
  }

  private static String describe(Path f) {
    try {
      return f + ":" + Files.size(f) + ":" + Files.getLastModifiedTime(f).toMillis();
    } catch (IOException e) {
      return f + ":missing";
    }
  }
}
