package io.fiso.workers;

/** What to do with a record once its processing ended. */
enum Disposition {
  /** Done: its result (or failover, or dead letter) is acknowledged by the broker. */
  ACCEPT,
  /** Not done: make it available for another delivery. */
  RELEASE
}
