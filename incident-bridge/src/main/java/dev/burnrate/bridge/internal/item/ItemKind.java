package dev.burnrate.bridge.internal.item;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What sort of thing a configuration item is. */
public enum ItemKind {
  /** A service, as SLOs and alerts name it. */
  SERVICE,
  /** A physical or virtual machine. */
  HOST,
  /** A Kubernetes pod or another container instance. */
  POD,
  /** A database. */
  DATABASE,
  /** A message queue or stream. */
  QUEUE,
  /** A cache. */
  CACHE,
  /** A cluster that runs other items. */
  CLUSTER,
  /** Storage: a volume, a bucket, a file system. */
  STORAGE,
  /** A network element: a load balancer, a DNS zone, a link. */
  NETWORK,
  /** Something run by another company: a payment provider, a SaaS. */
  EXTERNAL;

  /** The kind as configuration and the API write it, such as {@code database}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind of its wire name, if there is one. */
  public static Optional<ItemKind> of(String wire) {
    return Arrays.stream(values()).filter(k -> k.wire().equals(wire)).findFirst();
  }

  /** Every wire name, in declaration order. */
  public static String names() {
    return Arrays.stream(values()).map(ItemKind::wire).toList().toString();
  }
}
