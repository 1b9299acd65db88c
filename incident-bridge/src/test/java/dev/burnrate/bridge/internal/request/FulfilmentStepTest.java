package dev.burnrate.bridge.internal.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.burnrate.bridge.Secret;
import dev.burnrate.bridge.internal.record.BridgeException;
import dev.burnrate.bridge.internal.record.Json;
import dev.burnrate.bridge.internal.request.FieldSpec.FieldType;
import dev.burnrate.bridge.internal.request.RequestType.Approval;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FulfilmentStepTest {
  static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
  static final Fulfilment.StackStorm ST2 =
      new Fulfilment.StackStorm(
          URI.create("https://st2"),
          Secret.of("k"),
          "identity.create",
          Map.of("mail", "{{email}}", "label", "user {{email}} of {{team}}", "n", "{{n}}"));
  static final RequestType AUTOMATED =
      new RequestType(
          "acct",
          "",
          false,
          List.of(new FieldSpec("email", FieldType.EMAIL, true, null, List.of(), "")),
          new Approval(true, List.of("it-lead")),
          ST2,
          Optional.of(Duration.ofDays(1)),
          Duration.ofHours(2));
  static final RequestType MANUAL =
      new RequestType(
          "desk",
          "",
          false,
          List.of(),
          new Approval(true, List.of()),
          new Fulfilment.Manual(),
          Optional.empty(),
          Duration.ofHours(1));

  static ServiceRequest pending(RequestType t) {
    ServiceRequest r = ServiceRequest.submitted(t, Map.of(), "ann", T0);
    return new ServiceRequest(
        1,
        "REQ-1",
        r.type(),
        null,
        null,
        r.state(),
        "",
        "ann",
        T0,
        null,
        null,
        null,
        null,
        null,
        r.fields(),
        r.dueAt(),
        null,
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  void next_startsClaimsWaitsFollowsAndGivesUp() {
    ServiceRequest r = pending(AUTOMATED).decide(AUTOMATED, true, "it-lead", T0, null);
    assertThat(r.state()).isEqualTo(RequestState.FULFILLING);
    assertThat(FulfilmentStep.next(r, AUTOMATED, T0)).isEqualTo(FulfilmentStep.START);
    ServiceRequest claimed = r.claimed(T0);
    assertThat(FulfilmentStep.next(claimed, AUTOMATED, T0.plusSeconds(60)))
        .isEqualTo(FulfilmentStep.WAIT);
    assertThat(FulfilmentStep.next(claimed, AUTOMATED, T0.plus(Duration.ofMinutes(6))))
        .isEqualTo(FulfilmentStep.ORPHANED);
    ServiceRequest started = claimed.started("e1");
    assertThat(FulfilmentStep.next(started, AUTOMATED, T0.plus(Duration.ofHours(1))))
        .isEqualTo(FulfilmentStep.FOLLOW);
    assertThat(FulfilmentStep.next(started, AUTOMATED, T0.plus(Duration.ofHours(3))))
        .isEqualTo(FulfilmentStep.TIMED_OUT);
    assertThatThrownBy(() -> claimed.claimed(T0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void decide_takesOnlyTheTypesApprovers_andNeverTheRequester() {
    ServiceRequest r = pending(AUTOMATED);
    assertThatThrownBy(() -> r.decide(AUTOMATED, true, "mallory", T0, null))
        .isInstanceOf(BridgeException.Conflict.class)
        .hasMessageContaining("approvers: [it-lead]");
    assertThatThrownBy(() -> pending(MANUAL).decide(MANUAL, true, "ann", T0, null))
        .hasMessageContaining("cannot approve their own");
    assertThat(r.decide(AUTOMATED, false, "it-lead", T0, "no").state())
        .isEqualTo(RequestState.REJECTED);
    assertThat(pending(MANUAL).decide(MANUAL, true, "bob", T0, null).state())
        .isEqualTo(RequestState.APPROVED);
  }

  @Test
  void fulfilledByHand_onlyForApprovedManualRequests() {
    FulfilmentOutcome out = FulfilmentOutcome.manual(true, null);
    assertThatThrownBy(() -> pending(MANUAL).fulfilledByHand(MANUAL, true, "d", out, T0))
        .hasMessageContaining("only an approved request");
    ServiceRequest auto = pending(AUTOMATED).decide(AUTOMATED, true, "it-lead", T0, null);
    assertThatThrownBy(() -> auto.fulfilledByHand(AUTOMATED, true, "d", out, T0))
        .hasMessageContaining("fulfilled by stackstorm");
    ServiceRequest ok =
        pending(MANUAL)
            .decide(MANUAL, true, "bob", T0, null)
            .fulfilledByHand(MANUAL, false, "d", out, T0);
    assertThat(ok.state()).isEqualTo(RequestState.FAILED);
  }

  @Test
  void submitted_withoutApproval_goesStraightOn() {
    RequestType noApproval =
        new RequestType(
            "x",
            "",
            false,
            List.of(),
            new Approval(false, List.of()),
            ST2,
            Optional.empty(),
            Duration.ofHours(1));
    assertThat(ServiceRequest.submitted(noApproval, Map.of(), "a", T0).state())
        .isEqualTo(RequestState.FULFILLING);
    assertThat(ServiceRequest.submitted(AUTOMATED, Map.of(), "a", T0).dueAt())
        .isEqualTo(T0.plus(Duration.ofDays(1)));
  }

  @Test
  void parameters_fillPlaceholders_keepingAWholeFieldsType() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("email", "a@example.com");
    f.put("team", "shop");
    f.put("n", 3);
    Map<String, Object> p = FulfilmentStep.parameters(ST2, f);
    assertThat(p.get("mail")).isEqualTo("a@example.com");
    assertThat(p.get("label")).isEqualTo("user a@example.com of shop");
    assertThat(p.get("n") instanceof Integer || p.get("n") instanceof Long).isTrue();
    Map<String, Object> none = Map.of();
    assertThat(FulfilmentStep.parameters(ST2, none).containsKey("mail")).isFalse();
    Fulfilment.StackStorm all =
        new Fulfilment.StackStorm(URI.create("https://st2"), Secret.of("k"), "a.b", Map.of());
    assertThat(FulfilmentStep.parameters(all, f)).isEqualTo(f);
  }

  /** A field's value as a submission's JSON binding gives it. */
  static Object value(String json) throws Exception {
    return Json.MAPPER.readValue(json, Object.class);
  }

  @Test
  void fields_areCheckedByType_namingTheField() throws Exception {
    FieldSpec email = new FieldSpec("mail", FieldType.EMAIL, true, null, List.of(), "");
    assertThat(email.check(value("\" a@example.com \""))).isEqualTo("a@example.com");
    assertThatThrownBy(() -> email.check(value("\"nope\"")))
        .isInstanceOf(BridgeException.Invalid.class)
        .extracting(e -> ((BridgeException.Invalid) e).field())
        .isEqualTo("fields.mail");
    assertThatThrownBy(() -> email.check(null)).hasMessageContaining("fields.mail is required");
    FieldSpec n = new FieldSpec("n", FieldType.NUMBER, false, null, List.of(), "");
    assertThat(n.check(null)).isNull();
    assertThat(n.check(value("2.5"))).isEqualTo(2.5);
    assertThatThrownBy(() -> n.check(value("\"2\""))).hasMessageContaining("must be a number");
    FieldSpec code =
        new FieldSpec("code", FieldType.STRING, false, Pattern.compile("[A-Z]{3}"), List.of(), "");
    assertThatThrownBy(() -> code.check(value("\"ABCD\""))).hasMessageContaining("must match");
    FieldSpec e = new FieldSpec("e", FieldType.ENUM, false, null, List.of("a"), "");
    assertThatThrownBy(() -> e.check(value("\"b\""))).hasMessageContaining("one of [a]");
    FieldSpec b = new FieldSpec("b", FieldType.BOOLEAN, false, null, List.of(), "");
    assertThatThrownBy(() -> b.check(value("\"true\""))).hasMessageContaining("true or false");
  }
}
