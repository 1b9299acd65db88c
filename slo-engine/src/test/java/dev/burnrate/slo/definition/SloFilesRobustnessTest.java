package dev.burnrate.slo.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Damaged files give diagnostics, never an exception. */
class SloFilesRobustnessTest {
  private static final String[] SNIPPETS = {
    "99999999999999999999",
    "999999999Y",
    "1e-400",
    "",
    " ",
    ":",
    "-",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "#",
    "0",
    "-1",
    "1e309",
    "null",
    "~",
    "true",
    "*a",
    "&a",
    "!!str",
    "\n",
    "\n  ",
    "{{.window}}",
    "rate(",
    ")",
    "1M",
    "0d",
    "/",
    "le=\"x\""
  };

  private static List<String> seeds() throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src/test/resources/slos"))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        out.add(Files.readString(p));
      }
    }
    return out;
  }

  private static String mutate(String text, Random random) {
    StringBuilder sb = new StringBuilder(text);
    int edits = 1 + random.nextInt(3);
    for (int i = 0; i < edits && sb.length() > 0; i++) {
      int at = random.nextInt(sb.length());
      switch (random.nextInt(4)) {
        case 0 -> sb.delete(at, Math.min(sb.length(), at + 1 + random.nextInt(20)));
        case 1 -> sb.insert(at, SNIPPETS[random.nextInt(SNIPPETS.length)]);
        case 2 -> sb.setLength(at);
        default -> {
          int lineStart = sb.lastIndexOf("\n", at) + 1;
          int lineEnd = sb.indexOf("\n", at);
          sb.delete(lineStart, lineEnd < 0 ? sb.length() : lineEnd + 1);
        }
      }
    }
    return sb.toString();
  }

  @Test
  void mutatedFiles_neverThrow_andEveryInvalidSloIsLeftOut() throws IOException {
    Random random = new Random(20261124);
    List<String> seeds = seeds();
    for (int i = 0; i < 300; i++) {
      String text = mutate(seeds.get(i % seeds.size()), random);
      assertThatCode(
              () -> {
                SloLoadResult r = SloFiles.parse("mutated.yaml", text);
                assertThat(r.slos()).allSatisfy(s -> assertThat(s.name()).isNotBlank());
              })
          .as("mutation %d:%n%s", i, text)
          .doesNotThrowAnyException();
    }
  }
}
