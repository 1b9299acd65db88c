package dev.burnrate.bridge.internal.record;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Who did something. With a token, the actor is the token ({@code token:ID}), and the name a caller
 * typed stays beside it as a comment ({@code token:ID (alice)}); without one (auth off) it is the
 * typed name. Rules that compare people (four eyes) compare identities, never the typed text.
 */
public final class Actors {
  static final String TOKEN_PREFIX = "token:";

  private Actors() {}

  /**
   * The actor of a request.
   *
   * @param tokenId the authenticated token's id, or null when the request carried none
   * @param field the body field the free text came from, for the 400
   * @param typed the name the caller typed, or null
   * @param fallback the actor when neither is there
   */
  public static String of(String tokenId, String field, String typed, String fallback) {
    if (typed != null && typed.regionMatches(true, 0, TOKEN_PREFIX, 0, TOKEN_PREFIX.length())) {
      throw BridgeException.invalid(
          field, field + " must not start with '" + TOKEN_PREFIX + "': that names a token");
    }
    if (tokenId == null) {
      return typed != null ? typed : fallback;
    }
    String id = TOKEN_PREFIX + tokenId;
    return typed == null ? id : id + " (" + typed + ")";
  }

  /**
   * The identity of an actor, for comparisons: the token, or the typed name folded so that case,
   * spacing and compatibility forms do not make two people of one.
   */
  public static String identity(String actor) {
    if (actor.startsWith(TOKEN_PREFIX)) {
      int space = actor.indexOf(' ');
      return space < 0 ? actor : actor.substring(0, space);
    }
    return Normalizer.normalize(actor, Normalizer.Form.NFKC)
        .strip()
        .replaceAll("\\s+", " ")
        .toLowerCase(Locale.ROOT);
  }

  /** Whether two actors are the same person (or token). */
  public static boolean same(String a, String b) {
    return identity(a).equals(identity(b));
  }
}
