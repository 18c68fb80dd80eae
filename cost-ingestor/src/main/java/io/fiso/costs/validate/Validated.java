package io.fiso.costs.validate;

import io.fiso.avro.CostEvent;
import io.fiso.avro.DeadLetter;

/** The outcome of decoding and validating one record of fiso.costs. */
public sealed interface Validated {

  /** A cost event that counts. */
  record Valid(CostEvent event) implements Validated {}

  /** A record that goes to fiso.deadletter. */
  record Rejected(DeadLetter deadLetter) implements Validated {}
}
