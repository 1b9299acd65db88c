package dev.burnrate.api.server;

import dev.burnrate.api.config.BurnrateConfig;
import dev.burnrate.api.config.ConfigLoader;
import dev.burnrate.testsupport.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A real server on a free loopback port over a fresh database, and an HTTP client for it. */
public final class TestServer implements AutoCloseable {
  /** A token for the admin created at start-up. */
  public static final String ADMIN_TOKEN = "test-admin-token-0123456789";

  private final TestDatabase database;
  private final boolean ownsDatabase;
  private final BurnrateServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  private TestServer(TestDatabase database, BurnrateServer server) {
    this(database, server, true);
  }

  private TestServer(TestDatabase database, BurnrateServer server, boolean ownsDatabase) {
    this.database = database;
    this.server = server;
    this.ownsDatabase = ownsDatabase;
  }

  /**
   * Starts another instance on a database that the caller owns (and closes), as one of several
   * instances behind a load balancer.
   */
  public static TestServer startOn(TestDatabase db, Map<String, String> env) {
    Map<String, String> all = new HashMap<>();
    all.put("BURNRATE_ADMIN_TOKEN", ADMIN_TOKEN);
    all.put("BURNRATE_SERVER_HOST", "127.0.0.1");
    all.putAll(env);
    BurnrateConfig config = ConfigLoader.load(Optional.empty(), all, Map.of("server.port", 0));
    return new TestServer(db, BurnrateServer.start(config, db.url(), Clock.systemUTC()), false);
  }

  /** Starts a server with the given environment on top of a test database and an admin token. */
  public static TestServer start(Map<String, String> env) {
    return start(env, Optional.empty());
  }

  /** Starts a server with a configuration file, the environment, a test database and an admin. */
  public static TestServer start(Map<String, String> env, Optional<Path> configFile) {
    TestDatabase db = TestDatabase.create();
    try {
      Map<String, String> all = new HashMap<>();
      all.put("BURNRATE_ADMIN_TOKEN", ADMIN_TOKEN);
      all.put("BURNRATE_SERVER_HOST", "127.0.0.1");
      all.putAll(env);
      BurnrateConfig config = ConfigLoader.load(configFile, all, Map.of("server.port", 0));
      return new TestServer(db, BurnrateServer.start(config, db.url(), Clock.systemUTC()));
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** The running server. */
  public BurnrateServer server() {
    return server;
  }

  /** The test database. */
  public TestDatabase database() {
    return database;
  }

  /** The base URL, such as http://127.0.0.1:41234. */
  public String base() {
    return "http://127.0.0.1:" + server.port();
  }

  /** A request builder for a path on the server. */
  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10));
  }

  /** Sends the request and reads the body as text. */
  public HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** GET with no token. */
  public HttpResponse<String> get(String path) {
    return send(request(path).GET().build());
  }

  /** A request with a method, a JSON body (or none) and a bearer token (or none). */
  public HttpResponse<String> call(String method, String path, String json, String token) {
    HttpRequest.Builder b =
        request(path)
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b.build());
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      if (ownsDatabase) {
        database.close();
      }
    }
  }
}
