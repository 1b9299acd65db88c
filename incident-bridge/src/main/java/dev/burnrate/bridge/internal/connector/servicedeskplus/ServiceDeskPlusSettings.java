package dev.burnrate.bridge.internal.connector.servicedeskplus;

import dev.burnrate.bridge.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of a {@code servicedeskplus} connector's keys beyond the ones every connector has:
 * exactly one way to authenticate (an on-premises {@code authtoken}, or the cloud's Zoho OAuth
 * {@code clientId}, {@code clientSecret} and {@code refreshToken}), an http(s) {@code accountsUrl}
 * and user-defined field names that ServiceDesk Plus accepts.
 */
public final class ServiceDeskPlusSettings {
  /** The plain options. */
  public static final Set<String> OPTIONS =
      Set.of(
          "accountsUrl",
          "recordKeyField",
          "problemKeyField",
          "changeKeyField",
          "requester",
          "group",
          "closureCode");

  /** The credentials. */
  public static final Set<String> SECRETS =
      Set.of("authtoken", "clientId", "clientSecret", "refreshToken");

  static final List<String> OAUTH = List.of("clientId", "clientSecret", "refreshToken");

  /** Where Zoho's accounts server is, unless the data centre is another. */
  static final String DEFAULT_ACCOUNTS_URL = "https://accounts.zoho.com";

  /** The user-defined field holding the Burnrate record key, unless configured. */
  static final String DEFAULT_KEY_FIELD = "udf_sline_burnrate_key";

  private ServiceDeskPlusSettings() {}

  /**
   * Checks the keys of one connector.
   *
   * @throws IllegalArgumentException naming the connector and the key at fault
   */
  public static void check(String name, Map<String, String> options, Map<String, Secret> secrets) {
    String who = "servicedeskplus connector '" + name + "'";
    boolean token = secrets.containsKey("authtoken");
    List<String> oauth = OAUTH.stream().filter(secrets::containsKey).toList();
    if (token && !oauth.isEmpty()) {
      throw new IllegalArgumentException(
          who
              + " has both 'authtoken' (on-premises) and "
              + oauth
              + " (cloud OAuth); keep one of the two");
    }
    if (!token && oauth.isEmpty()) {
      throw new IllegalArgumentException(
          who
              + " needs 'authtoken' (on-premises) or 'clientId', 'clientSecret' and"
              + " 'refreshToken' (cloud)");
    }
    if (!token && oauth.size() < OAUTH.size()) {
      List<String> missing = OAUTH.stream().filter(k -> !secrets.containsKey(k)).toList();
      throw new IllegalArgumentException(
          who + " uses Zoho OAuth and needs " + missing + " as well as " + oauth);
    }
    if (token && options.containsKey("accountsUrl")) {
      throw new IllegalArgumentException(
          who
              + ": 'accountsUrl' is for the cloud's OAuth; an 'authtoken' connector has no use"
              + " for it");
    }
    if (options.containsKey("accountsUrl")) {
      String v = options.get("accountsUrl");
      try {
        URI u = new URI(v);
        if (u.getScheme() == null
            || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
            || u.getHost() == null) {
          throw new IllegalArgumentException(
              who + ": accountsUrl must be an http(s) URL, got '" + v + "'");
        }
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            who + ": accountsUrl is not a URL: " + e.getMessage(), e);
      }
    }
    for (String k : List.of("recordKeyField", "problemKeyField", "changeKeyField")) {
      String v = options.get(k);
      if (v != null && !v.matches("udf_[a-z0-9_]{1,96}")) {
        throw new IllegalArgumentException(
            who
                + ": "
                + k
                + " must be the API name of a user-defined field, such as udf_sline_301, got '"
                + v
                + "'");
      }
    }
  }
}
