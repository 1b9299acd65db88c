package dev.burnrate.api.console;

import dev.burnrate.http.HttpProblem;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The web console: {@code GET /} answers its page and {@code GET /console/{file}} its script and
 * style sheet, all read from the jar once at start-up. The page talks to the REST API from the
 * browser; nothing is fetched from elsewhere at run time.
 */
public final class ConsoleRoutes {
  /** Where the assets live on the class path. */
  static final String ROOT = "dev/burnrate/api/console/";

  /** The files served under {@code /console/} and their media types; nothing else is served. */
  static final Map<String, String> ASSETS =
      Map.of(
          "app.js", "text/javascript; charset=utf-8",
          "app.css", "text/css; charset=utf-8",
          "icon.svg", "image/svg+xml");

  // The page runs only its own script and styles and talks only to this server.
  private static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private final Buffer page;
  private final Map<String, Buffer> assets;

  private ConsoleRoutes(Buffer page, Map<String, Buffer> assets) {
    this.page = page;
    this.assets = assets;
  }

  /** The console with the assets read from {@code loader}. */
  public static ConsoleRoutes load(ClassLoader loader) {
    Map<String, Buffer> assets = new java.util.HashMap<>();
    for (String name : ASSETS.keySet()) {
      assets.put(name, read(loader, ROOT + name));
    }
    return new ConsoleRoutes(read(loader, ROOT + "index.html"), Map.copyOf(assets));
  }

  private static Buffer read(ClassLoader loader, String resource) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing " + resource + " on the classpath");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Mounts {@code GET /} and {@code GET /console/:file}. */
  public void mount(Router router) {
    router.get("/").handler(ctx -> answer(ctx, "text/html; charset=utf-8", page));
    router
        .get("/console/:file")
        .handler(
            ctx -> {
              String file = ctx.pathParam("file");
              Buffer body = assets.get(file);
              if (body == null) {
                throw HttpProblem.notFound("the console has no file named " + file);
              }
              answer(ctx, ASSETS.get(file), body);
            });
  }

  private static void answer(RoutingContext ctx, String type, Buffer body) {
    ctx.response()
        .putHeader("Content-Type", type)
        // The jar's files change only with a new version; revalidate rather than go stale.
        .putHeader("Cache-Control", "no-cache")
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .end(body);
  }
}
