package io.fiso.router.strategy;

import io.fiso.avro.RoutingStrategy;
import java.util.EnumMap;
import java.util.Map;

/** The strategy implementing each {@link RoutingStrategy}. */
public final class Strategies {

  private static final Map<RoutingStrategy, Strategy> ALL = new EnumMap<>(RoutingStrategy.class);

  static {
    for (Strategy s :
        new Strategy[] {
          new PinnedStrategy(),
          new WeightedStrategy(),
          new FailoverStrategy(),
          new CheapestStrategy(),
          new FastestStrategy(),
          new CheapestWithinSloStrategy()
        }) {
      ALL.put(s.kind(), s);
    }
  }

  private Strategies() {}

  public static Strategy of(RoutingStrategy kind) {
    Strategy strategy = ALL.get(kind);
    if (strategy == null) {
      throw new IllegalArgumentException("no strategy implements " + kind);
    }
    return strategy;
  }
}
