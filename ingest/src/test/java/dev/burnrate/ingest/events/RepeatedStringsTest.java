package dev.burnrate.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RepeatedStringsTest {

  private static String chars(RepeatedStrings strings, String s) {
    char[] buffer = ("[" + s + "]").toCharArray();
    return strings.of(buffer, 1, s.length());
  }

  private static String ascii(RepeatedStrings strings, String s) {
    byte[] buffer = ("[" + s + "]").getBytes(StandardCharsets.US_ASCII);
    return strings.ofAscii(buffer, 1, s.length(), s.hashCode());
  }

  @Test
  void of_returnsTheSameInstance_forEqualCharacters() {
    RepeatedStrings strings = new RepeatedStrings(65_536);
    String first = chars(strings, "svc-1");
    assertThat(first).isEqualTo("svc-1");
    assertThat(chars(strings, "svc-1")).isSameAs(first);
    assertThat(chars(strings, "svc-2")).isEqualTo("svc-2").isNotSameAs(first);
    assertThat(chars(strings, "")).isEmpty();
    assertThat(chars(strings, "caf\u00e9")).isEqualTo("caf\u00e9");
    assertThat(chars(strings, "caf\u00e9")).isSameAs(chars(strings, "caf\u00e9"));
  }

  @Test
  void ofAscii_returnsTheSameInstance_forEqualBytes() {
    RepeatedStrings strings = new RepeatedStrings(65_536);
    String first = ascii(strings, "/api/orders");
    assertThat(first).isEqualTo("/api/orders");
    assertThat(ascii(strings, "/api/orders")).isSameAs(first);
    assertThat(ascii(strings, "/api/order")).isEqualTo("/api/order");
  }

  @Test
  void keepsNoLongStrings_andAtMostItsBound() {
    RepeatedStrings strings = new RepeatedStrings(65_536);
    String longer = "x".repeat(RepeatedStrings.MAX_LENGTH + 1);
    assertThat(chars(strings, longer)).isEqualTo(longer).isNotSameAs(chars(strings, longer));
    assertThat(ascii(strings, longer)).isEqualTo(longer).isNotSameAs(ascii(strings, longer));
    assertThat(new RepeatedStrings(3).of("abcd".toCharArray(), 0, 4)).isEqualTo("abcd");

    for (int i = 0; i < RepeatedStrings.MAX_STRINGS + 100; i++) {
      assertThat(chars(strings, "v" + i)).isEqualTo("v" + i);
      assertThat(ascii(strings, "v" + i)).isEqualTo("v" + i);
    }
    assertThat(chars(strings, "v1")).isSameAs(chars(strings, "v1"));
    String past = "v" + (RepeatedStrings.MAX_STRINGS + 50);
    assertThat(chars(strings, past)).isEqualTo(past).isNotSameAs(chars(strings, past));
  }
}
