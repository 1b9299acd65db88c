package dev.burnrate.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class YamlNodeTest {
  enum Mode {
    ON_CALL,
    OFF
  }

  private static final String FILE =
      """
      server:
        port: 8080
        timeout: 1h30m
        mode: on-call
      items:
        - a
        - b
      text: |
        first line
        second line
      """;

  private final YamlNode root = YamlDocuments.read("c.yaml", FILE);

  @Test
  void nodes_knowTheirPlace_andPath() {
    YamlNode port = root.field("server").field("port");
    assertThat(port.path()).isEqualTo("server.port");
    assertThat(port.location()).isEqualTo(new Location("c.yaml", 2, 9));
    assertThat(port.location().toString()).isEqualTo("c.yaml:2:9");
    YamlNode b = root.field("items").sequence().get(1);
    assertThat(b.path()).isEqualTo("items[1]");
    assertThat(b.location()).isEqualTo(new Location("c.yaml", 7, 5));
    assertThat(root.field("server").anchor()).isEqualTo(new Location("c.yaml", 1, 1));
  }

  @Test
  void typedAccessors_readTheirValues() {
    YamlNode server = root.field("server");
    assertThat(server.field("port").integer(1, 65535)).isEqualTo(8080);
    assertThat(server.field("timeout").duration()).isEqualTo(Duration.ofMinutes(90));
    assertThat(server.field("mode").asEnum(Mode.class)).isEqualTo(Mode.ON_CALL);
    assertThat(root.field("items").strings()).containsExactly("a", "b");
    assertThat(server.field("port").scalar()).isEqualTo(8080L);
  }

  @Test
  void errors_readFileLineColumnPathAndWhatIsAllowed() {
    YamlNode server = root.field("server");
    assertThatThrownBy(() -> server.field("port").integer(1, 1000))
        .isInstanceOf(YamlException.class)
        .hasMessage("c.yaml:2:9: server.port: must be between 1 and 1000, got 8080");
    assertThatThrownBy(() -> server.field("port").duration())
        .hasMessage(
            "c.yaml:2:9: server.port: expected a duration such as 30s, 30m, 2h or 7d, got '8080'");
    assertThatThrownBy(() -> server.field("timeout").asEnum(Mode.class))
        .hasMessage("c.yaml:3:12: server.timeout: expected one of [on-call, off], got '1h30m'");
    assertThatThrownBy(() -> server.requireOnly(Set.of("port", "timeout")))
        .isInstanceOf(YamlException.class)
        .hasMessage("c.yaml:4:3: server.mode: unknown key; expected one of [port, timeout]");
    assertThatThrownBy(() -> root.field("items").mapping(null))
        .hasMessage("c.yaml:6:3: items: expected a mapping");
    assertThatThrownBy(() -> server.text())
        .hasMessage("c.yaml:2:3: server: expected a single value");
  }

  @Test
  void missingFields_areRequired_atTheirParent() {
    YamlNode absent = root.field("server").field("host");
    assertThat(absent.isMissing()).isTrue();
    assertThat(root.field("server").get("host")).isEmpty();
    assertThatThrownBy(absent::text).hasMessage("c.yaml:1:1: server.host: is required");
  }

  @Test
  void duplicateKeys_areFound_atTheSecondKey() {
    YamlNode n = YamlDocuments.read("d.yaml", "a: 1\nb: 2\na: 3\n");
    assertThat(n.entries().get("a").scalarText()).isEqualTo("1");
    assertThat(n.duplicateKeys())
        .extracting(YamlNode::location)
        .containsExactly(new Location("d.yaml", 3, 1));
    assertThatThrownBy(() -> n.mapping(null)).hasMessage("d.yaml:3:1: a: duplicate key");
  }

  @Test
  void blockScalars_mapOffsetsToTheirLine() {
    YamlNode text = root.field("text");
    assertThat(text.locationAt(0)).isEqualTo(new Location("c.yaml", 9, 3));
    assertThat(text.locationAt(11 + 7)).isEqualTo(new Location("c.yaml", 10, 10));
  }

  @Test
  void environmentReferences_areReplaced_onlyWhenAsked() {
    YamlNode n = YamlDocuments.read("e.yaml", "key: ${TOKEN}-x\nother: ${UNSET}\n");
    assertThat(n.field("key").text()).isEqualTo("${TOKEN}-x");
    YamlNode env = n.withEnvironment(Map.of("TOKEN", "t0k")::get);
    assertThat(env.field("key").text()).isEqualTo("t0k-x");
    assertThatThrownBy(() -> env.field("other").text())
        .hasMessage("e.yaml:2:8: other: environment variable UNSET is not set");
  }

  @Test
  void invalidYaml_andHostileFiles_failAtTheirPlace() {
    assertThatThrownBy(() -> YamlDocuments.read("x.yaml", "a: [1, 2\n"))
        .isInstanceOf(YamlException.class)
        .hasMessageStartingWith("x.yaml:2:1: invalid YAML: ");
    String deep = "a: ".repeat(1) + "[".repeat(YamlDocuments.MAX_DEPTH + 1);
    assertThatThrownBy(() -> YamlDocuments.read("y.yaml", deep))
        .hasMessageContaining("YAML nesting is too deep; at most 64 levels");
    StringBuilder bomb = new StringBuilder("a: &a [x]\n");
    for (int i = 0; i <= YamlDocuments.MAX_ALIASES; i++) {
      bomb.append("k").append(i).append(": *a\n");
    }
    assertThatThrownBy(() -> YamlDocuments.read("z.yaml", bomb.toString()))
        .hasMessageContaining("too many YAML aliases; at most 100");
  }

  @Test
  void documents_areReadInOrder_andAnEmptyFileIsAnEmptyMapping() {
    assertThat(YamlDocuments.readAll("m.yaml", "a: 1\n---\nb: 2\n"))
        .extracting(n -> n.location().line())
        .containsExactly(1, 3);
    assertThat(YamlDocuments.read("n.yaml", "").mapping(null)).isEmpty();
    assertThat(YamlDocuments.readAll("n.yaml", "")).isEmpty();
  }
}
