package dev.burnrate.api.auth;

import dev.burnrate.api.server.TestServer;
import java.time.Clock;
import java.util.Set;

/** Creates tokens straight in a test server's store. */
final class TokenStoreAccess {
  private TokenStoreAccess() {}

  static String createAdmin(TestServer server) throws Exception {
    return new TokenStore(server.server().database().dataSource(), Clock.systemUTC())
        .create("test admin", Set.of(Scope.ADMIN))
        .secret();
  }
}
