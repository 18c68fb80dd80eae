package io.fiso.mcal.functions;

/** The cloud a handler runs on, with the name the sample function reports in {@code platform}. */
public enum Platform {
  AWS_LAMBDA("AWS Lambda"),
  AZURE_FUNCTIONS("Azure Functions"),
  GOOGLE_CLOUD_FUNCTIONS("Google Cloud Functions");

  private final String displayName;

  Platform(String displayName) {
    this.displayName = displayName;
  }

  /** The value of the response's {@code platform} field, e.g. "AWS Lambda". */
  public String displayName() {
    return displayName;
  }
}
