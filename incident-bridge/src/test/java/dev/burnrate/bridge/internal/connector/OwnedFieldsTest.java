package dev.burnrate.bridge.internal.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class OwnedFieldsTest {

  @Test
  void onlyFieldsWhoseBurnrateValueChanged_areWritten() {
    ObjectNode last = ToolJson.readObject("{\"state\":\"1\",\"urgency\":\"2\",\"impact\":\"2\"}");
    ObjectNode now = ToolJson.readObject("{\"state\":\"1\",\"urgency\":\"1\",\"impact\":\"2\"}");

    assertThat(OwnedFields.changed(now, ToolJson.toMap(last)).toString())
        .isEqualTo("{\"urgency\":\"1\"}");
  }

  @Test
  void everythingIsWritten_whenNothingWasWrittenBefore_andNewFieldsAlways() {
    ObjectNode now = ToolJson.readObject("{\"state\":\"6\",\"close_code\":\"Solution provided\"}");

    assertThat(OwnedFields.changed(now, ToolJson.toMap(ToolJson.object()))).isEqualTo(now);
    assertThat(
            OwnedFields.changed(now, ToolJson.toMap(ToolJson.readObject("{\"state\":\"6\"}")))
                .toString())
        .isEqualTo("{\"close_code\":\"Solution provided\"}");
  }
}
