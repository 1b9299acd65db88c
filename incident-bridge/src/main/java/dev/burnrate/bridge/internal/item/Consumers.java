package dev.burnrate.bridge.internal.item;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Who is hurt when an item fails.
 *
 * @param teams internal teams
 * @param customerGroups groups of customers
 * @param users named people
 */
public record Consumers(List<String> teams, List<String> customerGroups, List<String> users) {
  /** Nobody. */
  public static final Consumers NONE = new Consumers(List.of(), List.of(), List.of());

  /** Copies the lists, sorted and without repeats. */
  public Consumers {
    teams = sorted(teams);
    customerGroups = sorted(customerGroups);
    users = sorted(users);
  }

  private static List<String> sorted(Collection<String> names) {
    return List.copyOf(new TreeSet<>(names));
  }

  /** Whether nobody is listed. */
  public boolean isEmpty() {
    return teams.isEmpty() && customerGroups.isEmpty() && users.isEmpty();
  }

  /** Everyone in this and {@code other}. */
  public Consumers plus(Consumers other) {
    return new Consumers(
        concat(teams, other.teams),
        concat(customerGroups, other.customerGroups),
        concat(users, other.users));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    TreeSet<String> s = new TreeSet<>(a);
    s.addAll(b);
    return List.copyOf(s);
  }
}
