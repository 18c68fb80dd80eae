package io.fiso.mcal.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The deployable artifacts in target/deploy, checked the way each cloud uses them: the jar alone
 * (plus what the cloud provides) must run the handler, and each zip has the layout its cloud reads.
 */
class DeployPackagesIT {

  private static final Path DEPLOY =
      Path.of(System.getProperty("fiso.deploy.dir", "target/deploy"));
  private static final Path JAR = DEPLOY.resolve("fiso-sample.jar");

  private static List<String> entries(Path zip) throws IOException {
    try (ZipFile file = new ZipFile(zip.toFile())) {
      return file.stream().filter(e -> !e.isDirectory()).map(ZipEntry::getName).toList();
    }
  }

  private static URL jarOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toUri()
          .toURL();
    } catch (URISyntaxException | IOException e) {
      throw new IllegalStateException("cannot locate the jar of " + type, e);
    }
  }

  /** A class loader that sees only the deployable jar and the given provided libraries. */
  private static URLClassLoader isolated(Class<?>... provided) throws IOException {
    List<URL> urls = new ArrayList<>();
    urls.add(JAR.toUri().toURL());
    for (Class<?> type : provided) {
      urls.add(jarOf(type));
    }
    return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  @Test
  void theLambdaJarRunsTheHandlerWithNothingElseOnTheClasspath() throws Exception {
    try (URLClassLoader loader = isolated()) {
      Class<?> handlerClass = loader.loadClass("io.fiso.mcal.functions.aws.SampleLambdaHandler");
      Class<?> contextType = loader.loadClass("com.amazonaws.services.lambda.runtime.Context");
      Object context =
          Proxy.newProxyInstance(
              loader,
              new Class<?>[] {contextType},
              (proxy, method, args) ->
                  method.getName().equals("getAwsRequestId") ? "lambda-request-1" : null);
      Object handler = handlerClass.getConstructor().newInstance();
      Method handle =
          handlerClass.getMethod(
              "handleRequest", InputStream.class, OutputStream.class, contextType);
      ByteArrayOutputStream out = new ByteArrayOutputStream();

      handle.invoke(handler, new ByteArrayInputStream(new byte[123]), out, context);

      assertThat(out.toString(StandardCharsets.UTF_8))
          .isEqualTo(Json.expectedResponse("AWS Lambda", "lambda-request-1", 123));
    }
  }

  @Test
  void theLambdaJarLeavesOutWhatTheOtherCloudsProvide() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Multi-Release")).isEqualTo("true");
    }
    assertThat(entries(JAR))
        .contains("io/fiso/mcal/functions/SampleApp.class")
        .contains("com/amazonaws/services/lambda/runtime/RequestStreamHandler.class")
        .contains("com/fasterxml/jackson/jr/ob/JSON.class")
        .noneMatch(name -> name.startsWith("com/microsoft/azure/functions/"))
        .noneMatch(name -> name.startsWith("com/google/cloud/functions/"))
        .noneMatch(name -> name.startsWith("io/cloudevents/"));
  }

  @Test
  void theAzureZipHasTheFunctionAppLayout() throws IOException {
    Path zip = DEPLOY.resolve("fiso-sample-azure.zip");

    assertThat(entries(zip))
        .containsExactlyInAnyOrder("host.json", "fiso-sample/function.json", "fiso-sample.jar");
    try (ZipFile file = new ZipFile(zip.toFile())) {
      Map<String, Object> function =
          JSON.std.mapFrom(file.getInputStream(file.getEntry("fiso-sample/function.json")));
      String scriptFile = (String) function.get("scriptFile");
      String resolved = Path.of("fiso-sample").resolve(scriptFile).normalize().toString();
      assertThat(file.getEntry(resolved)).as("scriptFile %s in the zip", scriptFile).isNotNull();
      assertThat(file.getEntry(resolved).getSize()).isEqualTo(Files.size(JAR));
    }
  }

  @Test
  void theAzureEntryPointLinksAgainstTheWorkersLibrary() throws Exception {
    try (URLClassLoader loader =
        isolated(
            com.microsoft.azure.functions.annotation.FunctionName.class,
            com.microsoft.azure.functions.HttpRequestMessage.class)) {
      Class<?> function =
          Class.forName("io.fiso.mcal.functions.azure.SampleAzureFunction", true, loader);

      assertThat(function.getMethods()).extracting(Method::getName).contains("run");
    }
  }

  @Test
  void theGcpZipHoldsOnlyTheJarSoCloudBuildDeploysItAsIs() throws IOException {
    assertThat(entries(DEPLOY.resolve("fiso-sample-gcp.zip"))).containsExactly("fiso-sample.jar");
  }

  @Test
  void theGcpPubSubFunctionRunsFromTheJarWithTheFrameworksApiOnly() throws Exception {
    try (URLClassLoader loader =
        isolated(
            com.google.cloud.functions.CloudEventsFunction.class,
            io.cloudevents.CloudEvent.class)) {
      Class<?> functionClass = loader.loadClass("io.fiso.mcal.functions.gcp.SamplePubSubFunction");
      Class<?> eventType = loader.loadClass("io.cloudevents.CloudEvent");
      Class<?> dataType = loader.loadClass("io.cloudevents.CloudEventData");
      byte[] json =
          ("{\"message\":{\"data\":\""
                  + Base64.getEncoder().encodeToString(new byte[42])
                  + "\",\"attributes\":{\"fiso-invocation-id\":\"inv-jar\"}}}")
              .getBytes(StandardCharsets.UTF_8);
      Object data = Proxy.newProxyInstance(loader, new Class<?>[] {dataType}, (p, m, a) -> json);
      Object event =
          Proxy.newProxyInstance(
              loader,
              new Class<?>[] {eventType},
              (p, m, a) ->
                  switch (m.getName()) {
                    case "getData" -> data;
                    case "getId" -> "event-jar";
                    default -> null;
                  });
      Object function = functionClass.getConstructor().newInstance();

      Object response = functionClass.getMethod("handle", eventType).invoke(function, event);

      assertThat(response.getClass().getMethod("toJson").invoke(response))
          .isEqualTo(Json.expectedResponse("Google Cloud Functions", "inv-jar", 42));
      assertThat(loader.loadClass("io.fiso.mcal.functions.gcp.SampleHttpFunction")).isNotNull();
    }
  }
}
