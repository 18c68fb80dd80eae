package io.fiso.cli.mcal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One policy of a policy file, in the format `fiso policy apply -f` reads. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyDocument(
    String function,
    String name,
    boolean active,
    String strategy,
    Integer latencySloMs,
    String description,
    List<PolicyTarget> targets) {

  public PolicyDocument {
    targets = List.copyOf(targets);
  }
}
