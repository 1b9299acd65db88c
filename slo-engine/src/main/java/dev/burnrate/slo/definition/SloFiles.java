package dev.burnrate.slo.definition;

import static java.util.Objects.requireNonNull;

import dev.burnrate.slo.definition.internal.SloLoader;
import dev.burnrate.yaml.YamlDocuments;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Loads SLO files in OpenSLO v1 and v1alpha, Sloth ({@code prometheus/v1}, {@code
 * sloth.slok.dev/v1}) and Pyrra ({@code pyrra.dev/v1alpha1}) formats into {@link SloSpec}s, with
 * every error and warning located in its file.
 */
public final class SloFiles {
  private SloFiles() {}

  /**
   * Loads files and directories (each {@code *.yaml} and {@code *.yml} directly inside, in name
   * order); references between OpenSLO objects resolve across all of them.
   */
  public static SloLoadResult load(List<Path> filesOrDirectories) {
    requireNonNull(filesOrDirectories, "filesOrDirectories");
    SloLoader loader = new SloLoader();
    for (Path p : filesOrDirectories) {
      if (Files.isDirectory(p)) {
        List<Path> files = yamlFiles(p, loader);
        if (files.isEmpty()) {
          loader.noteFile(p.toString());
          loader.diagnostics().warning(at(p), "", "the directory has no *.yaml or *.yml files");
        }
        files.forEach(f -> readFile(f, loader));
      } else {
        readFile(p, loader);
      }
    }
    return loader.finish();
  }

  /** Loads one file given as text, such as an upload; {@code sourceName} names it in messages. */
  public static SloLoadResult parse(String sourceName, String content) {
    requireNonNull(sourceName, "sourceName");
    requireNonNull(content, "content");
    SloLoader loader = new SloLoader();
    // A char is at most 3 UTF-8 bytes, so only long texts can reach the limit: count those.
    long bytes =
        content.length() * 4L > YamlDocuments.MAX_FILE_BYTES
            ? content.getBytes(StandardCharsets.UTF_8).length
            : content.length();
    if (bytes > YamlDocuments.MAX_FILE_BYTES) {
      loader.noteFile(sourceName);
      loader.diagnostics().error(new SourceLocation(sourceName, 1, 1), "", tooLarge(bytes));
    } else {
      loader.addFile(sourceName, content);
    }
    return loader.finish();
  }

  private static List<Path> yamlFiles(Path dir, SloLoader loader) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(
              f -> {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".yaml") || n.endsWith(".yml");
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      loader.noteFile(dir.toString());
      loader.diagnostics().error(at(dir), "", "cannot list the directory: " + e.getMessage());
      return new ArrayList<>();
    }
  }

  private static void readFile(Path file, SloLoader loader) {
    String name = file.toString();
    loader.noteFile(name);
    if (!Files.exists(file)) {
      loader.diagnostics().error(at(file), "", "no such file or directory");
      return;
    }
    try {
      long size = Files.size(file);
      if (size > YamlDocuments.MAX_FILE_BYTES) {
        loader.diagnostics().error(at(file), "", tooLarge(size));
        return;
      }
      byte[] bytes = Files.readAllBytes(file);
      String content =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      if (content.startsWith("\uFEFF")) {
        content = content.substring(1);
      }
      loader.addFile(name, content);
    } catch (CharacterCodingException e) {
      loader.diagnostics().error(at(file), "", "the file is not UTF-8 text");
    } catch (IOException e) {
      loader.diagnostics().error(at(file), "", "cannot read the file: " + e.getMessage());
    }
  }

  private static String tooLarge(long size) {
    return "the file is "
        + size
        + " bytes; SLO files may be at most 4 MiB ("
        + YamlDocuments.MAX_FILE_BYTES
        + " bytes)";
  }

  private static SourceLocation at(Path p) {
    return new SourceLocation(p.toString(), 1, 1);
  }
}
