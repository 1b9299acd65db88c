package dev.burnrate.bridge.internal.alert;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * An Alertmanager (webhook payload version 4) or Grafana (webhook contact point) notification, as
 * Jackson binds it; fields the bridge does not use are not bound. Any field may be null here:
 * {@link AlertWebhooks} says which are required.
 *
 * @param version the payload version; Alertmanager sends {@code 4}
 * @param status firing or resolved
 * @param receiver the receiver that sent it
 * @param alerts the alerts of the group
 * @param groupKey the key of the alert group
 * @param groupLabels the labels the alerts are grouped by
 * @param commonLabels the labels every alert carries
 * @param commonAnnotations the annotations every alert carries
 * @param externalUrl the sender's own address
 */
public record WebhookPayload(
    String version,
    String status,
    String receiver,
    List<Alert> alerts,
    String groupKey,
    Map<String, String> groupLabels,
    Map<String, String> commonLabels,
    Map<String, String> commonAnnotations,
    @JsonProperty("externalURL") String externalUrl) {

  /**
   * One alert of a notification.
   *
   * @param status firing or resolved
   * @param labels its labels
   * @param annotations its annotations
   * @param startsAt when it started, RFC 3339
   * @param endsAt when it ended, RFC 3339
   * @param generatorUrl the rule's page at the sender
   * @param fingerprint the sender's identity of the alert
   */
  public record Alert(
      String status,
      Map<String, String> labels,
      Map<String, String> annotations,
      String startsAt,
      String endsAt,
      @JsonProperty("generatorURL") String generatorUrl,
      String fingerprint) {}
}
