package io.fiso.schemas.policy;

import io.fiso.avro.Architecture;
import io.fiso.avro.FunctionTarget;
import io.fiso.avro.Provider;
import io.fiso.avro.RoutingStrategy;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules a routing policy must satisfy, shared by the file parser ({@link PolicyDocuments}) and
 * the record validator ({@link PolicyValidator}). Every check returns a message that says how to
 * fix the value, or null when the value is fine.
 */
final class PolicyRules {

  /** Smallest memory any provider bills (MB). */
  static final int MIN_MEMORY_MB = 128;

  /** Largest configurable memory per provider (MB): Lambda, Azure Consumption, Cloud Run fns. */
  static final Map<Provider, Integer> MAX_MEMORY_MB =
      Map.of(Provider.AWS, 10_240, Provider.AZURE, 1_536, Provider.GCP, 32_768);

  /** Money in USD is Avro decimal(38,24). */
  static final int MONEY_SCALE = 24;

  static final int MONEY_PRECISION = 38;

  /** {@code arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]} (any AWS partition). */
  static final Pattern LAMBDA_ARN =
      Pattern.compile(
          "arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):([^:]+):function:([A-Za-z0-9_-]{1,64})(:[A-Za-z0-9$_-]+)?");

  private static final Pattern LAMBDA_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern LABEL_SCOPE = Pattern.compile("label:([^=\\s]+)=(\\S.*)");
  private static final Pattern FUNCTION_SCOPE = Pattern.compile("function:(\\S+)");
  private static final Pattern PUBSUB_TOPIC = Pattern.compile("projects/[^/\\s]+/topics/[^/\\s]+");

  private PolicyRules() {}

  static String providerNames() {
    return "aws, azure or gcp";
  }

  /** The region named by a Lambda ARN, or null when {@code target} is not a Lambda ARN. */
  static String regionOfArn(String target) {
    Matcher m = LAMBDA_ARN.matcher(target.trim());
    return m.matches() ? m.group(1) : null;
  }

  static String memory(Provider provider, int memoryMb) {
    int max = MAX_MEMORY_MB.get(provider);
    if (memoryMb < MIN_MEMORY_MB || memoryMb > max) {
      return "memory "
          + memoryMb
          + " MB is out of range for "
          + display(provider)
          + ": use "
          + MIN_MEMORY_MB
          + " to "
          + max
          + " MB";
    }
    return null;
  }

  static String architecture(Provider provider, Architecture architecture) {
    if (architecture == Architecture.ARM64 && provider != Provider.AWS) {
      return "arm64 is offered only by AWS Lambda; "
          + display(provider)
          + " runs x86_64: remove architecture or set it to x86_64";
    }
    return null;
  }

  static String weight(int weight) {
    return weight < 0 ? "weight " + weight + " is negative: use 0 (no traffic) or more" : null;
  }

  static String region(String region) {
    if (region == null || region.isBlank()) {
      return "region is required, e.g. us-east-1, eastus or us-central1";
    }
    if (!region.equals(region.trim()) || region.contains(" ")) {
      return "region '" + region + "' contains spaces";
    }
    return null;
  }

  /** The function identifier of a target: ARN or name on AWS, an http(s) URL elsewhere. */
  static String target(Provider provider, String target, String region) {
    if (target == null || target.isBlank()) {
      return "target is required: "
          + switch (provider) {
            case AWS -> "the Lambda function ARN or name";
            case AZURE -> "the function's URL, https://APP.azurewebsites.net/api/FUNCTION";
            case GCP -> "the function's URL, https://REGION-PROJECT.cloudfunctions.net/FUNCTION";
          };
    }
    if (provider == Provider.AWS) {
      if (target.startsWith("arn:")) {
        Matcher m = LAMBDA_ARN.matcher(target);
        if (!m.matches()) {
          return "'"
              + target
              + "' is not a Lambda function ARN: expected"
              + " arn:aws:lambda:REGION:ACCOUNT:function:NAME";
        }
        if (region != null && !region.isBlank() && !m.group(1).equals(region)) {
          return "the ARN is in region "
              + m.group(1)
              + " but the target's region is "
              + region
              + ": make them agree";
        }
        return null;
      }
      if (!LAMBDA_NAME.matcher(target).matches()) {
        return "'"
            + target
            + "' is neither a Lambda ARN nor a function name (letters, digits, - and _, up to 64)";
      }
      return null;
    }
    return httpUrl(target);
  }

  static String asyncTarget(Provider provider, String asyncTarget) {
    if (asyncTarget == null) {
      return null;
    }
    if (provider == Provider.GCP
        && !PUBSUB_TOPIC.matcher(asyncTarget).matches()
        && httpUrl(asyncTarget) != null) {
      return "'" + asyncTarget + "' is not a Pub/Sub topic: expected projects/PROJECT/topics/TOPIC";
    }
    if (asyncTarget.isBlank()) {
      return "asyncTarget is blank: remove it or name where ASYNC invocations go";
    }
    return null;
  }

  private static String httpUrl(String target) {
    try {
      URI uri = new URI(target);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
        return null;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    return "'" + target + "' is not an http(s) URL of the function";
  }

  static String vcpu(Provider provider, BigDecimal vcpu) {
    if (vcpu == null) {
      return null;
    }
    if (provider != Provider.GCP) {
      return "vcpu is set only for Google Cloud Run functions; remove it for " + display(provider);
    }
    if (vcpu.signum() <= 0) {
      return "vcpu must be positive, was " + vcpu.toPlainString();
    }
    if (vcpu.stripTrailingZeros().scale() > 3 || vcpu.precision() - vcpu.scale() > 6) {
      return "vcpu has at most 3 decimals and 6 integer digits, was " + vcpu.toPlainString();
    }
    return null;
  }

  /** A positive USD amount that fits decimal(38,24). */
  static String money(BigDecimal value) {
    if (value.signum() <= 0) {
      return "must be a positive amount of USD, was " + value.toPlainString();
    }
    BigDecimal stripped = value.stripTrailingZeros();
    if (stripped.scale() > MONEY_SCALE) {
      return value.toPlainString() + " has more than " + MONEY_SCALE + " decimal places";
    }
    int integerDigits = stripped.precision() - stripped.scale();
    if (integerDigits > MONEY_PRECISION - MONEY_SCALE) {
      return value.toPlainString()
          + " is too large: at most "
          + (MONEY_PRECISION - MONEY_SCALE)
          + " digits before the decimal point";
    }
    return null;
  }

  static String latencySlo(Integer slo) {
    if (slo != null && slo <= 0) {
      return "latencySloMs must be a positive number of milliseconds, was " + slo;
    }
    return null;
  }

  static String budgetScope(String scope) {
    if (scope == null) {
      return null;
    }
    if (LABEL_SCOPE.matcher(scope).matches() || FUNCTION_SCOPE.matcher(scope).matches()) {
      return null;
    }
    return "scope '"
        + scope
        + "' is not a budget scope: use label:KEY=VALUE (e.g. label:team=payments),"
        + " function:NAME, or leave it out for this policy's function";
  }

  static String function(String function) {
    if (function == null || function.isBlank()) {
      return "function is required: the logical function name, or \"*\" for the default policy";
    }
    if (!function.equals(function.trim())) {
      return "function '" + function + "' has leading or trailing spaces";
    }
    return null;
  }

  /** A parsed target and its 1-based position in the file. */
  record Numbered(int position, FunctionTarget target) {}

  /** A problem found by a rule that spans fields: the field at fault and the message. */
  record Finding(String field, String message) {}

  /**
   * Rules that relate several fields of a policy.
   *
   * @param allTargetsParsed false when some targets had problems of their own (rules that need
   *     every target, such as the weight sum, are skipped then)
   */
  static List<Finding> crossChecks(
      RoutingStrategy strategy,
      Integer latencySloMs,
      List<Numbered> targets,
      boolean allTargetsParsed,
      List<String> allowedRegions) {
    List<Finding> findings = new ArrayList<>();
    if (strategy == RoutingStrategy.CHEAPEST_WITHIN_SLO && latencySloMs == null) {
      findings.add(
          new Finding(
              "latencySloMs",
              "strategy CHEAPEST_WITHIN_SLO needs a latency objective: add latencySloMs"
                  + " (the p95 in ms a target must meet, e.g. latencySloMs: 300)"));
    }
    Map<String, Integer> seen = new HashMap<>();
    for (Numbered n : targets) {
      FunctionTarget t = n.target();
      String key =
          t.getProvider() + "|" + t.getRegion().toLowerCase(Locale.ROOT) + "|" + t.getTarget();
      Integer first = seen.putIfAbsent(key, n.position());
      if (first != null) {
        findings.add(
            new Finding(
                "targets[" + n.position() + "]",
                "duplicates targets["
                    + first
                    + "] (same provider "
                    + display(t.getProvider())
                    + ", region "
                    + t.getRegion()
                    + " and target): remove one"));
      }
    }
    if (strategy == RoutingStrategy.WEIGHTED && allTargetsParsed && !targets.isEmpty()) {
      long sum = targets.stream().mapToLong(n -> n.target().getWeight()).sum();
      if (sum <= 0) {
        findings.add(
            new Finding(
                "targets[*].weight",
                "WEIGHTED needs weights that sum to a positive number, they sum to "
                    + sum
                    + ": give at least one target a weight of 1 or more"));
      }
    }
    if (allowedRegions != null && !allowedRegions.isEmpty() && allTargetsParsed) {
      boolean any = targets.stream().anyMatch(n -> allowedRegions.contains(n.target().getRegion()));
      if (!targets.isEmpty() && !any) {
        findings.add(
            new Finding(
                "allowedRegions",
                "no target is in "
                    + allowedRegions
                    + ", so every invocation would be rejected: add a target in an allowed region"
                    + " or allow one of the targets' regions"));
      }
    }
    for (int i = 0; allowedRegions != null && i < allowedRegions.size(); i++) {
      String r = allowedRegions.get(i);
      if (r == null || r.isBlank()) {
        findings.add(
            new Finding("allowedRegions[" + (i + 1) + "]", "is blank: name a region or remove it"));
      }
    }
    return findings;
  }

  static String display(Provider provider) {
    return switch (provider) {
      case AWS -> "AWS Lambda";
      case AZURE -> "Azure Functions";
      case GCP -> "Google Cloud Run functions";
    };
  }
}
