package io.fiso.router.internal;

import io.fiso.avro.Provider;
import java.util.Locale;

/**
 * Keys of the router's stores. Provider statistics and price sheets are stored under keys made from
 * the record's own fields, so the key format of the topic does not matter; a tombstone's key is
 * normalized the same way.
 */
public final class StoreKeys {

  private StoreKeys() {}

  /** {@code function/PROVIDER/region}. */
  public static String stats(String function, Provider provider, String region) {
    return function + "/" + provider.name() + "/" + region;
  }

  /**
   * A fiso.provider-stats key as written by any producer ({@code checkout/aws/us-east-1}) in the
   * store's form; the key as given when it does not have three parts.
   */
  public static String normalizeStats(String key) {
    int last = key.lastIndexOf('/');
    int middle = last <= 0 ? -1 : key.lastIndexOf('/', last - 1);
    if (middle <= 0) {
      return key;
    }
    return key.substring(0, middle + 1)
        + key.substring(middle + 1, last).toUpperCase(Locale.ROOT)
        + key.substring(last);
  }

  /**
   * The function of a statistics store key ({@code function/PROVIDER/region}; the function may
   * itself hold '/'), or null when the key does not have three parts.
   */
  public static String functionOfStats(String key) {
    int last = key.lastIndexOf('/');
    int middle = last <= 0 ? -1 : key.lastIndexOf('/', last - 1);
    return middle <= 0 ? null : key.substring(0, middle);
  }

  /** A fiso.prices key ({@code aws/us-east-1/x86_64}) as {@code AWS/us-east-1/X86_64}. */
  public static String normalizePrice(String key) {
    int first = key.indexOf('/');
    int last = key.lastIndexOf('/');
    if (first < 0 || last == first) {
      return key;
    }
    return key.substring(0, first).toUpperCase(Locale.ROOT)
        + key.substring(first, last + 1)
        + key.substring(last + 1).toUpperCase(Locale.ROOT);
  }
}
