package io.fiso.cli.mcal;

import io.fiso.avro.Provider;
import io.fiso.avro.RoutingStrategy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the {@code terraform output -json} of mcal/terraform/{aws,azure,gcp} into one policy with a
 * target per cloud. Pure: no files, no console.
 *
 * <p>Outputs read (the contract mcal/terraform-check enforces): aws {@code function_arn, region,
 * memory_mb, architecture}; azure {@code function_url, region, memory_mb}; gcp {@code function_url,
 * region, memory_mb, pubsub_topic}. The Azure {@code function_key} output is never read: FISO's
 * Azure workers take the key from {@value #AZURE_KEY_ENV} or the file named by {@value
 * #AZURE_KEY_FILE_ENV}.
 */
public final class PolicyImporter {

  public static final String AZURE_KEY_ENV = "FISO_AZURE_FUNCTION_KEY";
  public static final String AZURE_KEY_FILE_ENV = "FISO_AZURE_FUNCTION_KEY_FILE";

  private static final Pattern LAMBDA_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:lambda:([a-z0-9-]+):\\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?");
  private static final Pattern PUBSUB_TOPIC = Pattern.compile("projects/[^/\\s]+/topics/[^/\\s]+");

  private PolicyImporter() {}

  /**
   * The policy for {@code outputs}, one target per cloud in the order aws, azure, gcp (PINNED
   * routes to the first; FAILOVER tries them in that order).
   */
  public static PolicyDocument importPolicy(
      ImportOptions options, Map<Provider, TerraformOutputs> outputs) throws McalImportException {
    if (outputs.isEmpty()) {
      throw new McalImportException(
          "no Terraform outputs given: pass at least one of --aws, --azure, --gcp");
    }
    Map<Provider, TerraformOutputs> ordered = new EnumMap<>(outputs);
    List<PolicyTarget> targets = new ArrayList<>();
    int priority = 0;
    for (Map.Entry<Provider, TerraformOutputs> entry : ordered.entrySet()) {
      Integer failoverPriority =
          options.strategy() == RoutingStrategy.FAILOVER ? Integer.valueOf(priority++) : null;
      targets.add(
          switch (entry.getKey()) {
            case AWS -> aws(entry.getValue(), failoverPriority);
            case AZURE -> azure(entry.getValue(), failoverPriority);
            case GCP -> gcp(entry.getValue(), failoverPriority);
          });
    }
    return new PolicyDocument(
        options.function(),
        options.name(),
        true,
        options.strategy().name(),
        options.latencySloMs(),
        description(ordered),
        targets);
  }

  private static String description(Map<Provider, TerraformOutputs> outputs) {
    StringBuilder text =
        new StringBuilder("Imported by fiso mcal import from the Terraform outputs of ")
            .append(
                String.join(
                    ", ",
                    outputs.keySet().stream().map(p -> p.name().toLowerCase(Locale.ROOT)).toList()))
            .append('.');
    if (outputs.containsKey(Provider.AZURE)) {
      // The key itself is never part of a policy: policies travel on a Kafka topic.
      text.append(" Azure function key (not in this policy): ")
          .append(AZURE_KEY_ENV)
          .append(" or ")
          .append(AZURE_KEY_FILE_ENV)
          .append(" of the Azure workers.");
    }
    return text.toString();
  }

  static PolicyTarget aws(TerraformOutputs out, Integer priority) throws McalImportException {
    String arn = out.string("function_arn");
    Matcher matcher = LAMBDA_ARN.matcher(arn);
    if (!matcher.matches()) {
      throw out.malformed(
          "function_arn",
          "must be a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME)");
    }
    String region = out.string("region");
    if (!region.equals(matcher.group(1))) {
      throw out.malformed(
          "region", "does not match the region of function_arn (" + matcher.group(1) + ")");
    }
    String architecture = out.string("architecture");
    if (!architecture.equals("x86_64") && !architecture.equals("arm64")) {
      throw out.malformed("architecture", "must be x86_64 or arm64");
    }
    return new PolicyTarget(
        "aws", region, arn, out.positiveInt("memory_mb"), architecture, priority, null);
  }

  static PolicyTarget azure(TerraformOutputs out, Integer priority) throws McalImportException {
    String url = httpsUrl(out, "function_url");
    if (URI.create(url).getRawQuery() != null) {
      // A key in the URL (?code=...) would end up in the policy topic: refuse, without echoing it.
      throw new McalImportException(
          out.source()
              + ": output \"function_url\" carries a query string (a function key in"
              + " ?code=...?); use the bare URL: the key belongs in "
              + AZURE_KEY_ENV
              + " or "
              + AZURE_KEY_FILE_ENV
              + ", never in the policy");
    }
    return new PolicyTarget(
        "azure", out.string("region"), url, out.positiveInt("memory_mb"), null, priority, null);
  }

  static PolicyTarget gcp(TerraformOutputs out, Integer priority) throws McalImportException {
    String url = httpsUrl(out, "function_url");
    String topic = out.string("pubsub_topic");
    if (!PUBSUB_TOPIC.matcher(topic).matches()) {
      throw out.malformed(
          "pubsub_topic", "must be a topic name like projects/PROJECT/topics/TOPIC");
    }
    return new PolicyTarget(
        "gcp", out.string("region"), url, out.positiveInt("memory_mb"), null, priority, topic);
  }

  private static String httpsUrl(TerraformOutputs out, String name) throws McalImportException {
    String value = out.string(name);
    try {
      URI uri = new URI(value);
      if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
        throw out.malformed(name, "must be an https:// URL");
      }
    } catch (URISyntaxException e) {
      throw out.malformed(name, "must be an https:// URL");
    }
    return value;
  }
}
