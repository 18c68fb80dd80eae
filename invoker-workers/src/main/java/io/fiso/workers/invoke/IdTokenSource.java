package io.fiso.workers.invoke;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.IdTokenCredentials;
import com.google.auth.oauth2.IdTokenProvider;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Google-signed ID tokens for a private Cloud Function's URL (the token's audience). Tokens are
 * cached per audience and refreshed before they expire (google-auth-library's {@link
 * IdTokenCredentials}).
 */
@FunctionalInterface
public interface IdTokenSource {

  /** A valid ID token for {@code audience}; blocking I/O on a refresh. */
  String idToken(String audience) throws IOException;

  /**
   * Tokens from Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud's user
   * credentials, or the metadata server on Google Cloud). The credentials must be able to mint ID
   * tokens: a service account key, impersonated credentials or the metadata server.
   *
   * @throws IOException naming GOOGLE_APPLICATION_CREDENTIALS when ADC is unavailable or cannot
   *     mint ID tokens
   */
  static IdTokenSource applicationDefault() throws IOException {
    GoogleCredentials credentials;
    try {
      credentials = GoogleCredentials.getApplicationDefault();
    } catch (IOException e) {
      throw new IOException(
          "Google Application Default Credentials are not available (set"
              + " GOOGLE_APPLICATION_CREDENTIALS to a service account key file, or run on Google"
              + " Cloud); needed for FISO_GCP_AUTH=id-token: "
              + e.getMessage(),
          e);
    }
    if (!(credentials instanceof IdTokenProvider provider)) {
      throw new IOException(
          "Application Default Credentials of type "
              + credentials.getClass().getSimpleName()
              + " cannot mint ID tokens: use a service account key (GOOGLE_APPLICATION_CREDENTIALS),"
              + " impersonated credentials or the metadata server");
    }
    return from(provider);
  }

  /** Tokens minted by {@code provider}, cached per audience. */
  static IdTokenSource from(IdTokenProvider provider) {
    Objects.requireNonNull(provider, "provider");
    Map<String, IdTokenCredentials> perAudience = new ConcurrentHashMap<>();
    return audience -> {
      IdTokenCredentials credentials =
          perAudience.computeIfAbsent(
              audience,
              a ->
                  IdTokenCredentials.newBuilder()
                      .setIdTokenProvider(provider)
                      .setTargetAudience(a)
                      .build());
      credentials.refreshIfExpired();
      return credentials.getIdToken().getTokenValue();
    };
  }
}
