package dev.burnrate.bridge.internal.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.burnrate.bridge.internal.record.Json;
import org.junit.jupiter.api.Test;

class OwnedFieldsTest {

  @Test
  void onlyFieldsWhoseBurnrateValueChanged_areWritten() {
    ObjectNode last = Json.readObject("{\"state\":\"1\",\"urgency\":\"2\",\"impact\":\"2\"}");
    ObjectNode now = Json.readObject("{\"state\":\"1\",\"urgency\":\"1\",\"impact\":\"2\"}");

    assertThat(OwnedFields.changed(now, last).toString()).isEqualTo("{\"urgency\":\"1\"}");
  }

  @Test
  void everythingIsWritten_whenNothingWasWrittenBefore_andNewFieldsAlways() {
    ObjectNode now = Json.readObject("{\"state\":\"6\",\"close_code\":\"Solution provided\"}");

    assertThat(OwnedFields.changed(now, Json.object())).isEqualTo(now);
    assertThat(OwnedFields.changed(now, Json.readObject("{\"state\":\"6\"}")).toString())
        .isEqualTo("{\"close_code\":\"Solution provided\"}");
  }
}
