package io.fiso.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the {@link SSLContext} of a registry client from a truststore (which servers to trust) and
 * an optional keystore (the client's own certificate, for mutual TLS), as Kafka's {@code
 * ssl.truststore.*} / {@code ssl.keystore.*} settings describe them.
 */
public final class TlsStores {

  /**
   * One key or trust store file.
   *
   * @param location the file
   * @param password its password (may be null for a truststore without integrity check)
   * @param type JKS or PKCS12 (null = JKS, Kafka's default; the JDK reads either with either)
   * @param setting the setting that named the file, for error messages
   */
  public record Store(Path location, char[] password, String type, String setting) {
    @Override
    public String toString() {
      return "Store[" + location + ", type " + type + ", password ****]";
    }
  }

  private TlsStores() {}

  /**
   * An SSL context trusting the truststore's certificates (the JVM's default trust when null) and
   * presenting the keystore's key (none when null).
   */
  public static SSLContext context(Store truststore, Store keystore, char[] keyPassword) {
    try {
      TrustManager[] trust = null;
      if (truststore != null) {
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(truststore));
        trust = tmf.getTrustManagers();
      }
      KeyManager[] keys = null;
      if (keystore != null) {
        KeyManagerFactory kmf =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(keystore), keyPassword != null ? keyPassword : keystore.password());
        keys = kmf.getKeyManagers();
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, trust, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new SchemaRegistryException(
          "Cannot set up TLS for the schema registry client from "
              + describe(truststore)
              + (keystore == null ? "" : " and " + describe(keystore))
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static String describe(Store store) {
    return store == null
        ? "the JVM's default truststore"
        : store.setting() + "=" + store.location();
  }

  private static KeyStore load(Store store) throws GeneralSecurityException {
    String type = store.type() == null || store.type().isBlank() ? "JKS" : store.type().trim();
    if (type.equalsIgnoreCase("PEM")) {
      throw new SchemaRegistryException(
          store.setting()
              + ": PEM stores are not supported by FISO's registry client; convert to PKCS12"
              + " (openssl pkcs12 -export) or JKS",
          null);
    }
    if (!Files.isReadable(store.location())) {
      throw new SchemaRegistryException(
          store.setting() + "=" + store.location() + ": the file does not exist or is not readable",
          null);
    }
    KeyStore keyStore = KeyStore.getInstance(type);
    try (InputStream in = Files.newInputStream(store.location())) {
      keyStore.load(in, store.password());
    } catch (IOException e) {
      throw new SchemaRegistryException(
          store.setting()
              + "="
              + store.location()
              + ": cannot read the "
              + type
              + " store (wrong password or type?): "
              + e.getMessage(),
          e);
    }
    return keyStore;
  }
}
