package dev.burnrate.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** What the benchmarks that run {@code burnrate.jar serve} ask of it over HTTP. */
public final class JarServer {
  private JarServer() {}

  /** Whether the server at {@code base} answers 200 on {@code /health/ready}. */
  public static boolean ready(HttpClient http, String base) {
    try {
      return http.send(
                  HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A new token with the ingest scope, made with the admin token. */
  public static String ingestToken(HttpClient http, String base, String adminToken)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/tokens"))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"bench\",\"scopes\":[\"ingest\"]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("token: " + r.statusCode() + " " + r.body());
    }
    String body = r.body();
    int i = body.indexOf("\"token\":\"");
    return body.substring(i + 9, body.indexOf('"', i + 9));
  }
}
