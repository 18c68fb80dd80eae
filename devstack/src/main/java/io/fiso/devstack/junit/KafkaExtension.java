package io.fiso.devstack.junit;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link KafkaTestEnv}: one broker and one schema registry shared by the whole JVM
 * (started lazily, stopped when JUnit finishes), and names unique to each test. Use it through
 * {@link FisoKafka} or {@code @ExtendWith(KafkaExtension.class)}.
 */
public final class KafkaExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KafkaExtension.class);
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final int MAX_NAME_PART = 40;

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KafkaTestEnv.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    SharedKafka shared;
    try {
      shared =
          context
              .getRoot()
              .getStore(NAMESPACE)
              .computeIfAbsent(
                  SharedKafka.class, k -> SharedKafka.start(System.getenv()), SharedKafka.class);
    } catch (RuntimeException e) {
      throw new ParameterResolutionException(
          "Could not start the shared test Kafka: " + e.getMessage(), e);
    }
    // One env per test (or per class for @BeforeAll), the same for its @BeforeEach and @Test.
    // Keyed by unique id: a store's lookups also see its parents' values.
    return context
        .getStore(NAMESPACE)
        .computeIfAbsent(
            "env:" + context.getUniqueId(),
            k -> new KafkaTestEnv(shared, prefixFor(context)),
            KafkaTestEnv.class);
  }

  /** {@code t<counter>-<test name>.}, e.g. {@code t7-routesByPolicy.}. */
  static String prefixFor(ExtensionContext context) {
    String name =
        context
            .getTestMethod()
            .map(m -> m.getName())
            .orElseGet(() -> context.getTestClass().map(Class::getSimpleName).orElse("test"));
    return prefix(COUNTER.incrementAndGet(), name);
  }

  static String prefix(int counter, String testName) {
    String clean = testName.replaceAll("[^A-Za-z0-9-]", "");
    if (clean.length() > MAX_NAME_PART) {
      clean = clean.substring(0, MAX_NAME_PART);
    }
    return "t" + counter + (clean.isEmpty() ? "" : "-" + clean) + ".";
  }
}
