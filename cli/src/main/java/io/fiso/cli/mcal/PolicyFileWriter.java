package io.fiso.cli.mcal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes an imported policy as a policy file ({@code policies:} list), YAML with a comment header
 * saying where it came from, how to apply it and where the Azure function key goes, or JSON (which
 * has no comments; the policy's description carries the key note).
 */
public final class PolicyFileWriter {

  public enum Format {
    YAML,
    JSON;

    /** JSON for a file name ending in .json, YAML otherwise (including stdout). */
    public static Format forFileName(String fileName) {
      return fileName != null && fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".json")
          ? JSON
          : YAML;
    }
  }

  private static final ObjectMapper YAML_MAPPER =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .disable(YAMLGenerator.Feature.SPLIT_LINES)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .build());

  private static final ObjectMapper JSON_MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PolicyFileWriter() {}

  public static String write(PolicyDocument policy, List<String> sources, Format format) {
    Map<String, Object> file = Map.of("policies", List.of(policy));
    try {
      if (format == Format.JSON) {
        return JSON_MAPPER.writeValueAsString(file) + System.lineSeparator();
      }
      return header(policy, sources) + YAML_MAPPER.writeValueAsString(file);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("could not write the policy file", e);
    }
  }

  private static String header(PolicyDocument policy, List<String> sources) {
    StringBuilder text = new StringBuilder();
    text.append(
        "# FISO policy file written by `fiso mcal import` from `terraform output -json` of:\n");
    for (String source : sources) {
      text.append("#   ").append(source).append('\n');
    }
    text.append("# Apply it with: fiso policy apply -f <this file>\n");
    if (policy.targets().stream().anyMatch(t -> t.provider().equals("azure"))) {
      text.append("#\n")
          .append(
              "# The azure target is called with its function key, which is NOT in this file.\n")
          .append("# FISO's Azure workers read it from the environment variable ")
          .append(PolicyImporter.AZURE_KEY_ENV)
          .append(",\n# or from the file named by ")
          .append(PolicyImporter.AZURE_KEY_FILE_ENV)
          .append(" (e.g. a mounted secret), e.g.:\n")
          .append(
              "#   terraform -chdir=mcal/terraform/azure output -raw function_key > fiso-azure-key\n")
          .append("#   chmod 600 fiso-azure-key && export ")
          .append(PolicyImporter.AZURE_KEY_FILE_ENV)
          .append("=$PWD/fiso-azure-key\n");
    }
    if (policy.targets().stream().anyMatch(t -> t.provider().equals("gcp"))) {
      text.append("#\n")
          .append(
              "# The gcp target is called with an ID token of FISO's service account (the one given\n")
          .append(
              "# to mcal/terraform/gcp as fiso_service_account_email), through Application Default\n")
          .append("# Credentials; asyncTarget is the Pub/Sub topic for ASYNC invocations.\n");
    }
    return text.append('\n').toString();
  }
}
