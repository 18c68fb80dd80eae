package io.fiso.mcal.functions.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Azure host reads the hand-written function.json, not the annotations (there is no
 * azure-functions-maven-plugin in this build): both must describe the same function.
 */
class FunctionJsonTest {

  private static final Path AZURE_DIR = Path.of("src", "main", "azure");

  private static Method annotatedMethod() {
    List<Method> functions =
        Arrays.stream(SampleAzureFunction.class.getMethods())
            .filter(m -> m.isAnnotationPresent(FunctionName.class))
            .toList();
    assertThat(functions).as("@FunctionName methods").hasSize(1);
    return functions.get(0);
  }

  private static Map<String, Object> functionJson(String functionName) throws IOException {
    Path file = AZURE_DIR.resolve(functionName).resolve("function.json");
    assertThat(file).as("function.json for @FunctionName(\"%s\")", functionName).exists();
    return JSON.std.mapFrom(Files.readString(file));
  }

  @Test
  void functionFolderAndEntryPointMatchTheAnnotatedMethod() throws IOException {
    Method method = annotatedMethod();
    String name = method.getAnnotation(FunctionName.class).value();

    Map<String, Object> json = functionJson(name);

    assertThat(name).isEqualTo(SampleAzureFunction.FUNCTION_NAME);
    assertThat(json.get("entryPoint"))
        .isEqualTo(SampleAzureFunction.class.getName() + "." + method.getName());
    // The jar that the assembly puts next to the function folder (src/assembly/azure.xml).
    assertThat(json.get("scriptFile")).isEqualTo("../fiso-sample.jar");
    assertThat(method.getParameterTypes())
        .containsExactly(HttpRequestMessage.class, ExecutionContext.class);
    assertThat(method.getReturnType()).isEqualTo(HttpResponseMessage.class);
  }

  @Test
  void bindingsMatchTheHttpTriggerAnnotation() throws IOException {
    Method method = annotatedMethod();
    HttpTrigger trigger = method.getParameters()[0].getAnnotation(HttpTrigger.class);
    assertThat(trigger).as("@HttpTrigger on the first parameter").isNotNull();

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> bindings =
        (List<Map<String, Object>>)
            functionJson(method.getAnnotation(FunctionName.class).value()).get("bindings");

    assertThat(bindings).hasSize(2);
    Map<String, Object> in = bindings.get(0);
    assertThat(in)
        .containsEntry("type", "httpTrigger")
        .containsEntry("direction", "in")
        .containsEntry("name", trigger.name())
        .containsEntry("dataType", trigger.dataType());
    assertThat(in.get("authLevel").toString()).isEqualToIgnoringCase(trigger.authLevel().name());
    assertThat(in.get("methods"))
        .isEqualTo(Arrays.stream(trigger.methods()).map(HttpMethod::name).toList());
    assertThat(in.containsKey("route")).isEqualTo(!trigger.route().isEmpty());
    assertThat(bindings.get(1))
        .containsEntry("type", "http")
        .containsEntry("direction", "out")
        .containsEntry("name", "$return");
  }

  @Test
  void hostJsonIsAFunctionsV2HostFile() throws IOException {
    Map<String, Object> host = JSON.std.mapFrom(Files.readString(AZURE_DIR.resolve("host.json")));

    assertThat(host).containsEntry("version", "2.0");
  }
}
