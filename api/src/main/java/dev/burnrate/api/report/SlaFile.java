package dev.burnrate.api.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads the SLAs file ({@code reports.slaFile}):
 *
 * <pre>
 * slas:
 *   - service: checkout
 *     slo: checkout-availability   # optional: without it, each SLO of the service
 *     objective: 0.995
 *     credits:
 *       - {below: 0.995, credit: 0.10}
 *       - {below: 0.99, credit: 0.25}
 * </pre>
 */
public final class SlaFile {
  private SlaFile() {}

  /**
   * The SLAs in the file.
   *
   * @throws IllegalArgumentException naming the file, the entry and the field when it is wrong
   */
  public static List<Sla> read(Path file) {
    Object root;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      root = new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromReader(r);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read the SLA file: " + e.getMessage(), e);
    } catch (YamlEngineException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
    if (root == null) {
      return List.of();
    }
    if (!(root instanceof Map<?, ?> top) || !(top.get("slas") instanceof List<?> entries)) {
      throw new IllegalArgumentException(file + ": slas: expected a list of SLAs");
    }
    List<Sla> out = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String where = file + ": slas[" + i + "]";
      if (!(entries.get(i) instanceof Map<?, ?> e)) {
        throw new IllegalArgumentException(where + ": expected a mapping");
      }
      try {
        List<Sla.CreditTier> tiers = new ArrayList<>();
        Object credits = e.get("credits");
        if (credits != null && !(credits instanceof List<?>)) {
          throw new IllegalArgumentException("credits: expected a list of {below, credit}");
        }
        if (credits instanceof List<?> list) {
          for (int j = 0; j < list.size(); j++) {
            if (!(list.get(j) instanceof Map<?, ?> t)) {
              throw new IllegalArgumentException("credits[" + j + "]: expected {below, credit}");
            }
            try {
              tiers.add(new Sla.CreditTier(number(t, "below"), number(t, "credit")));
            } catch (IllegalArgumentException x) {
              throw new IllegalArgumentException("credits[" + j + "]." + x.getMessage(), x);
            }
          }
        }
        Object service = e.get("service");
        if (!(service instanceof String name)) {
          throw new IllegalArgumentException("service: expected the service's name");
        }
        Object slo = e.get("slo");
        if (slo != null && !(slo instanceof String)) {
          throw new IllegalArgumentException("slo: expected an SLO's name");
        }
        double objective;
        try {
          objective = number(e, "objective");
        } catch (IllegalArgumentException x) {
          throw new IllegalArgumentException(x.getMessage(), x);
        }
        try {
          out.add(new Sla(name, Optional.ofNullable((String) slo), objective, tiers));
        } catch (IllegalArgumentException x) {
          throw new IllegalArgumentException("objective: " + x.getMessage(), x);
        }
      } catch (IllegalArgumentException x) {
        throw new IllegalArgumentException(where + "." + x.getMessage(), x);
      }
    }
    return List.copyOf(out);
  }

  private static double number(Map<?, ?> m, String key) {
    if (m.get(key) instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException(key + ": expected a number, got " + m.get(key));
  }
}
