package io.fiso.controlplane;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bearer tokens the API accepts, each with a {@link Scope}. Only SHA-256 hashes are kept, and a
 * presented token is compared with every configured one in constant time ({@link
 * MessageDigest#isEqual}), so neither timing nor a heap dump reveals a token. {@link #toString()}
 * never shows one.
 *
 * <p>Written as {@code SCOPE:TOKEN} entries separated by commas or new lines, e.g. {@code
 * invoke:9f2c...,admin:77ab...}; in a file, {@code #} starts a comment.
 */
public final class ApiTokens {

  /** Tokens shorter than this are accepted but are easy to guess. */
  public static final int RECOMMENDED_MIN_LENGTH = 16;

  private record Entry(Scope scope, byte[] sha256) {}

  private static final ApiTokens NONE = new ApiTokens(List.of(), 0);

  private final List<Entry> entries;
  private final int shortTokens;

  private ApiTokens(List<Entry> entries, int shortTokens) {
    this.entries = List.copyOf(entries);
    this.shortTokens = shortTokens;
  }

  /** No tokens: authentication is off (development only). */
  public static ApiTokens none() {
    return NONE;
  }

  /**
   * Parses {@code SCOPE:TOKEN} entries separated by commas or new lines.
   *
   * @param source names where the text came from in error messages, e.g. {@code FISO_API_TOKENS}
   * @throws IllegalArgumentException naming {@code source} and the entry's position (never the
   *     token) when an entry is malformed
   */
  public static ApiTokens parse(String text, String source) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    List<Entry> entries = new ArrayList<>();
    int shortTokens = 0;
    int position = 0;
    for (String line : text.split("\\R")) {
      int hash = line.indexOf('#');
      String content = hash >= 0 ? line.substring(0, hash) : line;
      for (String raw : content.split(",")) {
        String entry = raw.trim();
        if (entry.isEmpty()) {
          continue;
        }
        position++;
        int colon = entry.indexOf(':');
        if (colon <= 0) {
          throw new IllegalArgumentException(
              source
                  + ": entry #"
                  + position
                  + " is not SCOPE:TOKEN (scope invoke or admin), e.g."
                  + " invoke:TOKEN1,admin:TOKEN2");
        }
        Scope scope = Scope.parse(entry.substring(0, colon));
        if (scope == null) {
          throw new IllegalArgumentException(
              source
                  + ": entry #"
                  + position
                  + " has scope '"
                  + entry.substring(0, colon).trim()
                  + "': use invoke or admin");
        }
        String token = entry.substring(colon + 1).trim();
        if (token.isEmpty()) {
          throw new IllegalArgumentException(
              source + ": entry #" + position + " (" + scope.id() + ") has an empty token");
        }
        if (token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
          throw new IllegalArgumentException(
              source
                  + ": entry #"
                  + position
                  + " ("
                  + scope.id()
                  + ") has a token with spaces or non-ASCII characters, which an HTTP"
                  + " Authorization header cannot carry");
        }
        if (token.length() < RECOMMENDED_MIN_LENGTH) {
          shortTokens++;
        }
        entries.add(new Entry(scope, sha256(token)));
      }
    }
    return new ApiTokens(entries, shortTokens);
  }

  /** Reads {@code SCOPE:TOKEN} entries from a file, one or more per line. */
  public static ApiTokens fromFile(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read the API tokens file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Whether any token is configured; when not, the API does not authenticate. */
  public boolean enabled() {
    return !entries.isEmpty();
  }

  /** How many configured tokens are shorter than {@link #RECOMMENDED_MIN_LENGTH}. */
  public int shortTokens() {
    return shortTokens;
  }

  /**
   * The scope a presented token carries: the highest among configured tokens equal to it, or empty.
   * Every configured token is compared, whatever matched earlier.
   */
  public Optional<Scope> authenticate(String presented) {
    if (presented == null) {
      return Optional.empty();
    }
    byte[] hash = sha256(presented);
    Scope best = null;
    for (Entry entry : entries) {
      if (MessageDigest.isEqual(entry.sha256(), hash)
          && (best == null || entry.scope().grants(best))) {
        best = entry.scope();
      }
    }
    return Optional.ofNullable(best);
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Counts per scope, never the tokens. */
  @Override
  public String toString() {
    if (!enabled()) {
      return "none (authentication off)";
    }
    Map<Scope, Integer> counts = new EnumMap<>(Scope.class);
    entries.forEach(e -> counts.merge(e.scope(), 1, Integer::sum));
    StringBuilder text = new StringBuilder();
    counts.forEach(
        (scope, count) ->
            text.append(text.length() == 0 ? "" : ", ")
                .append(count)
                .append(' ')
                .append(scope.id()));
    return text.toString();
  }
}
