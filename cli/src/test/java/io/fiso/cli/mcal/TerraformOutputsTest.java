package io.fiso.cli.mcal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerraformOutputsTest {

  @TempDir Path dir;

  @Test
  void readsStringsAndNumbersFromTheRecordedOutput() throws McalImportException {
    TerraformOutputs outputs = Recorded.outputs("out-aws.json");

    assertThat(outputs.string("function_arn")).startsWith("arn:aws:lambda:us-east-1:");
    assertThat(outputs.positiveInt("memory_mb")).isEqualTo(512);
    assertThat(outputs.optionalString("function_url")).isEmpty();
    assertThat(outputs.source()).endsWith("out-aws.json");
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("out-aws.json");

    assertThatThrownBy(() -> TerraformOutputs.read(missing))
        .isInstanceOf(McalImportException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("no such file")
        .hasMessageContaining("terraform output -json");
  }

  @Test
  void invalidJsonNamesTheFileAndThePosition() {
    assertThatThrownBy(() -> TerraformOutputs.parse("out-gcp.json", "{\"region\": {\"value\": }"))
        .isInstanceOf(McalImportException.class)
        .hasMessageContaining("out-gcp.json: not valid JSON")
        .hasMessageContaining("line 1");
  }

  @Test
  void anEmptyFileSaysSo() throws Exception {
    Path empty = Files.writeString(dir.resolve("out-azure.json"), "  \n");

    assertThatThrownBy(() -> TerraformOutputs.read(empty))
        .hasMessageContaining(empty.toString())
        .hasMessageContaining("empty");
  }

  @Test
  void aSingleOutputInsteadOfAllOutputsIsExplained() {
    assertThatThrownBy(() -> TerraformOutputs.parse("out-aws.json", "\"arn:aws:lambda:...\""))
        .hasMessageContaining("out-aws.json")
        .hasMessageContaining("found a string")
        .hasMessageContaining("without naming an output");
  }

  @Test
  void noOutputsMeansNoApply() {
    assertThatThrownBy(() -> TerraformOutputs.parse("out-aws.json", "{}"))
        .hasMessageContaining("has no outputs");
  }

  @Test
  void anOutputNotInTerraformFormIsNamed() throws McalImportException {
    TerraformOutputs outputs = TerraformOutputs.parse("out.json", "{\"memory_mb\": 512}");

    assertThatThrownBy(() -> outputs.positiveInt("memory_mb"))
        .hasMessageContaining(
            "out.json: output \"memory_mb\" is not in `terraform output -json` form");
  }

  @Test
  void malformedNumbersAreNamedWithTheirValue() throws McalImportException {
    TerraformOutputs outputs =
        TerraformOutputs.parse(
            "out.json",
            "{\"memory_mb\": {\"sensitive\": false, \"type\": \"string\", \"value\": \"512MB\"},"
                + " \"zero\": {\"sensitive\": false, \"type\": \"number\", \"value\": 0},"
                + " \"half\": {\"sensitive\": false, \"type\": \"number\", \"value\": 256.5},"
                + " \"text\": {\"sensitive\": false, \"type\": \"string\", \"value\": \"1024\"}}");

    assertThatThrownBy(() -> outputs.positiveInt("memory_mb"))
        .hasMessage("out.json: output \"memory_mb\" must be a whole number, was \"512MB\"");
    assertThatThrownBy(() -> outputs.positiveInt("zero")).hasMessageContaining("greater than 0");
    assertThatThrownBy(() -> outputs.positiveInt("half")).hasMessageContaining("whole number");
    assertThat(outputs.positiveInt("text")).isEqualTo(1024);
  }

  @Test
  void aNullOrEmptyRequiredValueIsAnError() throws McalImportException {
    TerraformOutputs outputs =
        TerraformOutputs.parse(
            "out.json",
            "{\"function_url\": {\"sensitive\": false, \"type\": \"dynamic\", \"value\": null},"
                + " \"region\": {\"sensitive\": false, \"type\": \"string\", \"value\": \" \"}}");

    assertThatThrownBy(() -> outputs.string("function_url"))
        .hasMessage("out.json: output \"function_url\" is null");
    assertThatThrownBy(() -> outputs.string("region"))
        .hasMessageContaining("output \"region\" must be a non-empty string");
    assertThat(outputs.optionalString("function_url")).isEmpty();
  }

  @Test
  void neverQuotesASensitiveValue() throws McalImportException {
    TerraformOutputs outputs = Recorded.outputs("out-azure.json");

    assertThatThrownBy(() -> outputs.positiveInt("function_key"))
        .hasMessageContaining("output \"function_key\"")
        .hasMessageContaining("sensitive value not shown")
        .hasMessageNotContaining(Recorded.AZURE_KEY);
  }
}
