package dev.burnrate.bridge;

import dev.burnrate.bridge.internal.change.ChangePolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every component of settings, to change some and build anew (checked again then). */
final class BridgeSettingsCopy {
  Duration quietPeriod;
  boolean autoResolve;
  Duration tickInterval;
  PriorityRules priorities;
  ProblemRules problems;
  Duration changeCorrelationWindow;
  GatePolicy gate;
  WebhookRules webhooks;
  OutboxSettings outbox;
  List<ConnectorSettings> connectors;
  Optional<Path> servicesFile;
  ChangePolicy changePolicy;
  ResponseSettings response;

  BridgeSettingsCopy(BridgeSettings s) {
    quietPeriod = s.quietPeriod();
    autoResolve = s.autoResolve();
    tickInterval = s.tickInterval();
    priorities = s.priorities();
    problems = s.problems();
    changeCorrelationWindow = s.changeCorrelationWindow();
    gate = s.gate();
    webhooks = s.webhooks();
    outbox = s.outbox();
    connectors = s.connectors();
    servicesFile = s.servicesFile();
    changePolicy = s.changePolicy();
    response = s.response();
  }

  BridgeSettings build() {
    return new BridgeSettings(
        quietPeriod,
        autoResolve,
        tickInterval,
        priorities,
        problems,
        changeCorrelationWindow,
        gate,
        webhooks,
        outbox,
        connectors,
        servicesFile,
        changePolicy,
        response);
  }
}
