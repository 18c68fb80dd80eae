package io.fiso.cli.mcal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The outputs of one Terraform configuration as {@code terraform output -json} prints them:
 *
 * <pre>{"function_arn": {"sensitive": false, "type": "string", "value": "arn:aws:lambda:..."}}
 * </pre>
 *
 * <p>Every accessor fails with a {@link McalImportException} naming the file and the output. Values
 * of outputs marked sensitive are never quoted in a message.
 */
public final class TerraformOutputs {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String source;
  private final JsonNode root;

  private TerraformOutputs(String source, JsonNode root) {
    this.source = source;
    this.root = root;
  }

  /** Reads {@code file}; messages name it as given. */
  public static TerraformOutputs read(Path file) throws McalImportException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new McalImportException(
          file
              + ": no such file (write it with `terraform output -json > "
              + file.getFileName()
              + "` in the cloud's mcal/terraform directory)",
          e);
    } catch (IOException e) {
      throw new McalImportException(file + ": cannot be read: " + e.getMessage(), e);
    }
    return parse(file.toString(), text);
  }

  /** Parses the text of a {@code terraform output -json} document; {@code source} names it. */
  public static TerraformOutputs parse(String source, String json) throws McalImportException {
    if (json.isBlank()) {
      throw new McalImportException(
          source
              + ": the file is empty; expected the JSON object `terraform output -json` prints"
              + " (has `terraform apply` run?)");
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new McalImportException(
          source
              + ": not valid JSON ("
              + e.getOriginalMessage()
              + " at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + "); expected the output of `terraform output -json`",
          e);
    }
    if (root == null || !root.isObject()) {
      throw new McalImportException(
          source
              + ": expected the JSON object `terraform output -json` prints, found "
              + describe(root)
              + " (run `terraform output -json` without naming an output)");
    }
    if (root.isEmpty()) {
      throw new McalImportException(
          source + ": has no outputs; run `terraform apply` first, then `terraform output -json`");
    }
    return new TerraformOutputs(source, root);
  }

  /** The file (or other source) these outputs came from. */
  public String source() {
    return source;
  }

  public boolean has(String name) {
    return root.has(name);
  }

  /** A required string output. */
  public String string(String name) throws McalImportException {
    JsonNode value = value(name);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw malformed(name, "must be a non-empty string", value);
    }
    return value.asText().strip();
  }

  /** An optional string output: empty when absent or null. */
  public Optional<String> optionalString(String name) throws McalImportException {
    if (!root.has(name)) {
      return Optional.empty();
    }
    JsonNode value = entry(name).get("value");
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    return Optional.of(string(name));
  }

  /** A required whole, positive number (a number, or a string of digits). */
  public int positiveInt(String name) throws McalImportException {
    JsonNode value = value(name);
    long number;
    if (value.isIntegralNumber()
        || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()))) {
      number = value.asLong();
    } else if (value.isTextual() && value.asText().strip().matches("\\d{1,9}")) {
      number = Long.parseLong(value.asText().strip());
    } else {
      throw malformed(name, "must be a whole number", value);
    }
    if (number <= 0 || number > Integer.MAX_VALUE) {
      throw malformed(name, "must be a whole number greater than 0", value);
    }
    return (int) number;
  }

  /** An error about output {@code name}, naming the file; quotes the value unless sensitive. */
  public McalImportException malformed(String name, String problem, JsonNode value) {
    String shown;
    if (isSensitive(name)) {
      shown = "(sensitive value not shown)";
    } else if (value.isTextual() && value.asText().contains("?")) {
      // A query string may carry a key (Azure ?code=..., SAS ?sig=...): never echo it.
      String text = value.asText();
      shown = "was \"" + text.substring(0, text.indexOf('?')) + "?...\" (query not shown)";
    } else {
      shown = "was " + value;
    }
    return new McalImportException(source + ": output \"" + name + "\" " + problem + ", " + shown);
  }

  /** Same as {@link #malformed(String, String, JsonNode)} for an output already read. */
  public McalImportException malformed(String name, String problem) {
    return malformed(name, problem, root.path(name).path("value"));
  }

  private boolean isSensitive(String name) {
    return root.path(name).path("sensitive").asBoolean(false);
  }

  private JsonNode entry(String name) throws McalImportException {
    JsonNode entry = root.get(name);
    if (entry == null) {
      throw new McalImportException(
          source
              + ": output \""
              + name
              + "\" is missing (outputs present: "
              + String.join(", ", (Iterable<String>) root::fieldNames)
              + "); is this the output of the right mcal/terraform directory?");
    }
    if (!entry.isObject() || !entry.has("value")) {
      throw new McalImportException(
          source
              + ": output \""
              + name
              + "\" is not in `terraform output -json` form"
              + " ({\"sensitive\": ..., \"type\": ..., \"value\": ...})");
    }
    return entry;
  }

  private JsonNode value(String name) throws McalImportException {
    JsonNode value = entry(name).get("value");
    if (value.isNull()) {
      throw new McalImportException(source + ": output \"" + name + "\" is null");
    }
    return value;
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
