package dev.burnrate.bridge.internal.request;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.burnrate.bridge.internal.connector.stackstorm.StackStormExecutions;
import dev.burnrate.bridge.internal.record.Json;
import java.util.Map;

/**
 * What fulfilment reported, recorded on the request and its timeline; the parts a mode does not
 * report are left out. The components are in the order the API has always written them.
 *
 * @param mode manual, stackstorm, webhook, or none when the catalog no longer automates the type
 * @param executionId the StackStorm execution, or null
 * @param status succeeded or failed, or the execution's final status
 * @param note what the person who fulfilled it wrote, or null
 * @param error why fulfilment failed before any execution reported, or null
 * @param httpStatus the webhook's answer status, or null
 * @param body the webhook's answer body, cut to a length, or null
 * @param result the StackStorm action's result as it reported it, or null
 */
@JsonInclude(Include.NON_NULL)
public record FulfilmentOutcome(
    String mode,
    String executionId,
    String status,
    String note,
    String error,
    Integer httpStatus,
    String body,
    Object result) {

  private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};

  /** Checks the outcome. */
  public FulfilmentOutcome {
    requireNonNull(mode, "mode");
    requireNonNull(status, "status");
  }

  private static String status(boolean success) {
    return success ? "succeeded" : "failed";
  }

  /** Fulfilled (or not) by a person, with their note or null. */
  static FulfilmentOutcome manual(boolean success, String note) {
    return new FulfilmentOutcome("manual", null, status(success), note, null, null, null, null);
  }

  /** A finished StackStorm execution. */
  static FulfilmentOutcome stackstorm(StackStormExecutions.Execution e) {
    return new FulfilmentOutcome(
        "stackstorm", e.id(), e.status(), null, null, null, null, e.result());
  }

  /** The webhook's answer. */
  static FulfilmentOutcome webhook(boolean success, int httpStatus, String body) {
    return new FulfilmentOutcome(
        "webhook", null, status(success), null, null, httpStatus, body, null);
  }

  /** Fulfilment failed before any execution reported. */
  static FulfilmentOutcome failure(String mode, String message) {
    return new FulfilmentOutcome(mode, null, "failed", null, message, null, null, null);
  }

  /** As it is stored and answered. */
  Map<String, Object> json() {
    return Json.MAPPER.convertValue(this, JSON_OBJECT);
  }
}
