package dev.burnrate.bridge.internal.request;

import static java.util.Objects.requireNonNull;

import dev.burnrate.bridge.Secret;
import java.net.URI;
import java.util.Map;

/** How a request type is fulfilled once approved. */
public sealed interface Fulfilment {
  /** The mode as the API writes it: none, manual, stackstorm or webhook. */
  String mode();

  /** Whether a worker fulfils it (rather than a person, or nobody). */
  default boolean automated() {
    return false;
  }

  /** Nothing to fulfil: the approval is the outcome (freeze exceptions, budget resets). */
  record None() implements Fulfilment {
    @Override
    public String mode() {
      return "none";
    }
  }

  /** A person fulfils it and records the outcome through the API. */
  record Manual() implements Fulfilment {
    @Override
    public String mode() {
      return "manual";
    }
  }

  /**
   * A StackStorm action runs it.
   *
   * @param url StackStorm's base URL (its API is under {@code /api/v1})
   * @param apiKey the St2-Api-Key
   * @param action the action's ref, such as {@code identity.create_account}
   * @param parameters the action's parameters; {@code {{field}}} takes a field's value, and when
   *     empty every field is passed as a parameter of its name
   */
  record StackStorm(URI url, Secret apiKey, String action, Map<String, String> parameters)
      implements Fulfilment {
    /** Checks the action. */
    public StackStorm {
      requireNonNull(url, "url");
      requireNonNull(apiKey, "apiKey");
      requireNonNull(action, "action");
      parameters = Map.copyOf(parameters);
    }

    @Override
    public String mode() {
      return "stackstorm";
    }

    @Override
    public boolean automated() {
      return true;
    }
  }

  /**
   * A signed webhook receives the approved request; a 2xx answer fulfils it.
   *
   * @param url where to POST
   * @param secret the HMAC-SHA256 key of the {@code X-Burnrate-Signature} header
   */
  record Webhook(URI url, Secret secret) implements Fulfilment {
    /** Checks the webhook. */
    public Webhook {
      requireNonNull(url, "url");
      requireNonNull(secret, "secret");
    }

    @Override
    public String mode() {
      return "webhook";
    }

    @Override
    public boolean automated() {
      return true;
    }
  }
}
