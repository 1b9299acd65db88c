package dev.burnrate.api.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * The OpenAPI 3.1 document served at {@code /openapi.yaml}: the api module's own document with the
 * {@code paths} and {@code components.schemas} of every module fragment found on the classpath.
 */
public final class OpenApiDocument {
  /** The api module's document. */
  static final String BASE = "dev/burnrate/api/openapi.yaml";

  /** Fragments other modules ship; those present on the classpath are merged. */
  static final List<String> FRAGMENTS =
      List.of("dev/burnrate/ingest/openapi.yaml", "dev/burnrate/bridge/openapi.yaml");

  private final Map<String, Object> document;

  private OpenApiDocument(Map<String, Object> document) {
    this.document = document;
  }

  /** Loads and merges the documents found by {@code loader}. */
  public static OpenApiDocument load(ClassLoader loader) {
    Map<String, Object> doc = read(loader, BASE);
    if (doc == null) {
      throw new IllegalStateException("missing " + BASE + " on the classpath");
    }
    for (String fragment : FRAGMENTS) {
      Map<String, Object> part = read(loader, fragment);
      if (part != null) {
        merge(doc, part, fragment);
      }
    }
    return new OpenApiDocument(doc);
  }

  @SuppressWarnings("unchecked")
  private static void merge(Map<String, Object> doc, Map<String, Object> part, String name) {
    Map<String, Object> paths = section(doc, "paths");
    Object partPaths = part.get("paths");
    if (partPaths instanceof Map<?, ?> pp) {
      for (Map.Entry<?, ?> e : pp.entrySet()) {
        if (paths.containsKey((String) e.getKey())) {
          throw new IllegalStateException(name + " documents " + e.getKey() + " a second time");
        }
        paths.put((String) e.getKey(), e.getValue());
      }
    }
    if (part.get("components") instanceof Map<?, ?> components
        && components.get("schemas") instanceof Map<?, ?> schemas) {
      Map<String, Object> target = section(section(doc, "components"), "schemas");
      for (Map.Entry<?, ?> e : schemas.entrySet()) {
        target.putIfAbsent((String) e.getKey(), e.getValue());
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(Map<String, Object> parent, String key) {
    return (Map<String, Object>) parent.computeIfAbsent(key, k -> new LinkedHashMap<>());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> read(ClassLoader loader, String resource) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        return null;
      }
      Object loaded =
          new Load(LoadSettings.builder().setLabel(resource).build()).loadFromInputStream(in);
      if (!(loaded instanceof Map<?, ?>)) {
        throw new IllegalStateException(resource + " is not a YAML mapping");
      }
      return new LinkedHashMap<>((Map<String, Object>) loaded);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The merged document as a tree of maps and lists. */
  public Map<String, Object> tree() {
    return document;
  }

  /** The merged document as YAML. */
  public String toYaml() {
    return new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build())
        .dumpToString(document);
  }
}
