package dev.burnrate.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With server.tls.cert and server.tls.key, the one port speaks HTTPS. */
class TlsIT {
  @TempDir Path dir;

  @Test
  void server_answersOverHttps_withTheConfiguredCertificate() throws Exception {
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    Process openssl;
    try {
      openssl =
          new ProcessBuilder(
                  "openssl",
                  "req",
                  "-x509",
                  "-newkey",
                  "rsa:2048",
                  "-nodes",
                  "-days",
                  "1",
                  "-subj",
                  "/CN=127.0.0.1",
                  "-addext",
                  "subjectAltName=IP:127.0.0.1",
                  "-keyout",
                  key.toString(),
                  "-out",
                  cert.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("openssl.log").toFile())
              .start();
    } catch (java.io.IOException e) {
      Assumptions.abort("openssl is not installed: " + e.getMessage());
      return;
    }
    assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(openssl.exitValue()).as(Files.readString(dir.resolve("openssl.log"))).isZero();

    try (TestServer server =
        TestServer.start(
            Map.of(
                "BURNRATE_SERVER_TLS_CERT", cert.toString(),
                "BURNRATE_SERVER_TLS_KEY", key.toString()))) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      try (InputStream in = Files.newInputStream(cert)) {
        trust.setCertificateEntry(
            "burnrate", CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      HttpClient client = HttpClient.newBuilder().sslContext(ssl).build();
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("https://127.0.0.1:" + server.server().port() + "/health/live"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.uri().getScheme()).isEqualTo("https");
    }
  }
}
