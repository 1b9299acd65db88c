package dev.burnrate.slo.definition.internal;

import dev.burnrate.slo.definition.BudgetAdjustment;
import dev.burnrate.slo.definition.Diagnostic;
import dev.burnrate.slo.definition.SloLoadResult;
import dev.burnrate.slo.definition.SloSpec;
import dev.burnrate.yaml.YamlDocuments;
import dev.burnrate.yaml.YamlException;
import dev.burnrate.yaml.YamlNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads the documents of several files into one set of SLOs: detects each document's format
 * (OpenSLO v1 and v1alpha, Sloth, Pyrra), resolves OpenSLO references across files, and rejects
 * duplicate SLO names.
 */
public final class SloLoader {
  private final Diagnostics diagnostics = new Diagnostics();
  private final OpenSloReader openSlo = new OpenSloReader(diagnostics);
  private final SlothReader sloth = new SlothReader(diagnostics);
  private final OpenSloV1AlphaReader openSloV1Alpha = new OpenSloV1AlphaReader(diagnostics);
  private final PyrraReader pyrra = new PyrraReader(diagnostics);
  private final BudgetAdjustmentReader adjustmentReader = new BudgetAdjustmentReader(diagnostics);
  private final CompositeSloReader compositeReader = new CompositeSloReader(diagnostics);
  private final List<CompositeSloReader.Draft> composites = new ArrayList<>();
  private final List<BudgetAdjustment> adjustments = new ArrayList<>();
  private final Map<String, Integer> fileOrder = new HashMap<>();

  /** An SLO source waiting for every file to be read: an OpenSLO SLO or a Sloth document. */
  private sealed interface Pending {
    record OpenSlo(OpenSloObjects.Obj slo) implements Pending {}

    record Sloth(YamlNode doc, boolean kubernetes) implements Pending {}

    record OpenSloV1Alpha(YamlNode doc) implements Pending {}

    record Pyrra(YamlNode doc) implements Pending {}
  }

  private final List<Pending> pending = new ArrayList<>();

  /** The diagnostics collected so far, for problems found before YAML is read. */
  public Diagnostics diagnostics() {
    return diagnostics;
  }

  /** Notes a file name so diagnostics sort in the order files were given. */
  public void noteFile(String name) {
    fileOrder.putIfAbsent(name, fileOrder.size());
  }

  private List<YamlNode> documents(String name, String content) {
    try {
      return YamlDocuments.readAll(name, content);
    } catch (YamlException e) {
      diagnostics.error(e.location(), e.path(), e.problem());
      return List.of();
    }
  }

  /** Reads one file's content. */
  public void addFile(String name, String content) {
    noteFile(name);
    for (YamlNode doc : documents(name, content)) {
      if (doc.isNull()) {
        continue;
      }
      if (doc.isSequence()) {
        for (YamlNode item : doc.items()) {
          addObject(item.asRoot());
        }
      } else {
        addObject(doc);
      }
    }
  }

  private void addObject(YamlNode obj) {
    if (!obj.isMapping()) {
      diagnostics.error(
          obj,
          "an SLO document must be a mapping (an OpenSLO object or a Sloth file), or a list of"
              + " them, got "
              + obj.describe());
      return;
    }
    for (YamlNode dup : obj.duplicateKeys()) {
      diagnostics.error(dup, "duplicate key; each field may appear once");
    }
    Optional<YamlNode> version = obj.getNonNull("version").filter(YamlNode::isScalar);
    Optional<YamlNode> apiVersion = obj.getNonNull("apiVersion").filter(YamlNode::isScalar);
    if (apiVersion.isPresent()) {
      String v = apiVersion.get().scalarText();
      switch (v) {
        case "openslo/v1" -> openSlo.add(obj).ifPresent(o -> pending.add(new Pending.OpenSlo(o)));
        case "openslo/v1alpha" -> pending.add(new Pending.OpenSloV1Alpha(obj));
        case "sloth.slok.dev/v1" -> pending.add(new Pending.Sloth(obj, true));
        case "pyrra.dev/v1alpha1" -> pending.add(new Pending.Pyrra(obj));
        case "burnrate.dev/v1" -> {
          if (obj.getNonNull("kind")
              .filter(k -> k.scalarText().equals("CompositeSLO"))
              .isPresent()) {
            compositeReader.read(obj).ifPresent(composites::add);
          } else {
            adjustmentReader.read(obj).ifPresent(a -> addAdjustment(obj, a));
          }
        }
        default -> diagnostics.error(apiVersion.get(), unsupported(v));
      }
    } else if (version.isPresent()) {
      if (version.get().scalarText().equals("prometheus/v1")) {
        pending.add(new Pending.Sloth(obj, false));
      } else {
        diagnostics.error(
            version.get(),
            "unsupported Sloth version "
                + version.get().scalarText()
                + "; Burnrate reads prometheus/v1");
      }
    } else if (obj.getNonNull("slo_name").isPresent()
        || obj.getNonNull("service_name").isPresent()) {
      diagnostics.error(obj, "a Google slo-generator v1 file; " + SUPPORTED);
    } else {
      diagnostics.error(obj, "unknown document: no apiVersion or version; " + SUPPORTED);
    }
  }

  private void addAdjustment(YamlNode at, BudgetAdjustment a) {
    for (BudgetAdjustment other : adjustments) {
      if (other.id().equals(a.id())) {
        diagnostics.error(
            at,
            "the budget adjustment name "
                + a.id()
                + " is already used; adjustment names must be unique across all loaded files");
        return;
      }
    }
    adjustments.add(a);
  }

  static final String SUPPORTED =
      "Burnrate reads OpenSLO (apiVersion: openslo/v1 or openslo/v1alpha), Sloth (version:"
          + " prometheus/v1, or apiVersion: sloth.slok.dev/v1 kind: PrometheusServiceLevel) and"
          + " Pyrra (apiVersion: pyrra.dev/v1alpha1 kind: ServiceLevelObjective)";

  /** The one message for a format Burnrate does not read, naming it when it is known. */
  private static String unsupported(String apiVersion) {
    String known =
        switch (apiVersion) {
          case "n9/v1alpha" -> " (Nobl9's format; sloctl convert writes OpenSLO)";
          case "openslo/v2alpha", "openslo.com/v2alpha" -> " (OpenSLO v2alpha, a draft)";
          case "openslo.com/v1" -> " (the OpenSLO Kubernetes operator's resources)";
          case "sre.google.com/v2" -> " (Google slo-generator)";
          default -> "";
        };
    return "unsupported apiVersion " + apiVersion + known + "; " + SUPPORTED;
  }

  /** Builds the SLOs and returns them with every diagnostic, sorted by file, line and column. */
  public SloLoadResult finish() {
    openSlo.checkSharedObjects();
    List<SloSpec> specs = new ArrayList<>();
    for (Pending p : pending) {
      switch (p) {
        case Pending.OpenSlo o -> specs.addAll(openSlo.buildSlo(o.slo()));
        case Pending.Sloth s ->
            specs.addAll(s.kubernetes() ? sloth.readKubernetes(s.doc()) : sloth.readPlain(s.doc()));
        case Pending.OpenSloV1Alpha o -> specs.addAll(openSloV1Alpha.read(o.doc()));
        case Pending.Pyrra p1 -> pyrra.read(p1.doc()).ifPresent(specs::add);
      }
    }
    compositeReader.resolve(composites, specs);
    Map<String, SloSpec> byName = new LinkedHashMap<>();
    for (SloSpec s : specs) {
      SloSpec first = byName.putIfAbsent(s.name(), s);
      if (first != null) {
        diagnostics.error(
            s.source(),
            "",
            "the SLO name "
                + s.name()
                + " is already used at "
                + first.source()
                + "; SLO names must be unique across all loaded files");
      }
    }
    return new SloLoadResult(
        List.copyOf(byName.values()),
        sort(diagnostics.errors()),
        sort(diagnostics.warnings()),
        adjustments);
  }

  private List<Diagnostic> sort(List<Diagnostic> list) {
    List<Diagnostic> out = new ArrayList<>(list);
    out.sort(
        Comparator.comparingInt(
                (Diagnostic d) -> fileOrder.getOrDefault(d.location().file(), Integer.MAX_VALUE))
            .thenComparing(d -> d.location().file())
            .thenComparingInt(d -> d.location().line())
            .thenComparingInt(d -> d.location().column()));
    return out;
  }
}
