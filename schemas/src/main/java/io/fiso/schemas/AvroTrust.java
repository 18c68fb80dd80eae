package io.fiso.schemas;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Makes Avro trust FISO's generated record classes.
 *
 * <p>Avro 1.12 refuses to instantiate classes by name unless their package is trusted, which breaks
 * decoding of nested records and enums ({@code SecurityException: Forbidden io.fiso.avro...}) and
 * deep-copying builders. FISO trusts exactly {@code io.fiso.avro}, on top of Avro's defaults and
 * whatever {@code org.apache.avro.SERIALIZABLE_PACKAGES} adds. Called from the static initialisers
 * of the serdes and the topic catalog, and first thing in {@code fiso}'s main, so user code never
 * has to.
 */
public final class AvroTrust {

  /** The package of FISO's generated Avro classes. */
  public static final String PACKAGE = "io.fiso.avro.";

  private static volatile boolean installed;

  private AvroTrust() {}

  /** Installs the trust once per JVM; cheap to call again. */
  public static void install() {
    if (installed) {
      return;
    }
    synchronized (AvroTrust.class) {
      if (!installed) {
        ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(
            ClassSecurityValidator.composite(previous, type -> type.getName().startsWith(PACKAGE)));
        installed = true;
      }
    }
  }
}
