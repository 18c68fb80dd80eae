import io.fiso.avro.FunctionTarget;
import io.fiso.avro.Provider;
import io.fiso.bench.pipeline.PipelineBenchmark;
import io.fiso.devstack.emulator.AzureFunctionsEmulator;
import io.fiso.devstack.emulator.CloudEmulators;
import io.fiso.devstack.emulator.FunctionFaults;
import io.fiso.devstack.emulator.GcpFunctionsEmulator;
import io.fiso.devstack.emulator.LambdaEmulator;
import io.fiso.workers.Invokers;
import io.fiso.workers.invoke.Call;
import io.fiso.workers.invoke.CallOutcome;
import io.fiso.workers.invoke.CommonPool;
import io.fiso.workers.invoke.Invoker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a provider's invoker and its devstack emulator reach on their own, without Kafka or a
 * worker: C callers in a closed loop, each making its next call as soon as the last one answers,
 * against the emulator's sample function made to take D ms. Prints each phase's calls/s, the mean
 * call time and the ratio to the bound C/D; the last phases are the warm ones. The workers
 * benchmark's figures are to be read against these (docs/benchmarks.md, Workers).
 *
 * <pre>
 * java -cp cli/target/fiso.jar bench/scripts/DirectCalls.java PROVIDER C D_MS PHASE_SECONDS PHASES
 * java -cp cli/target/fiso.jar bench/scripts/DirectCalls.java AZURE 64 50 10 6
 * </pre>
 */
public class DirectCalls {

  public static void main(String[] args) throws Exception {
    CommonPool.atLeastTwoThreads(); // as fiso's own main does
    if (args.length != 5) {
      System.err.println("usage: DirectCalls PROVIDER C D_MS PHASE_SECONDS PHASES");
      System.exit(2);
    }
    Provider provider = Provider.valueOf(args[0]);
    int concurrency = Integer.parseInt(args[1]);
    int serviceMillis = Integer.parseInt(args[2]);
    int phaseSeconds = Integer.parseInt(args[3]);
    int phases = Integer.parseInt(args[4]);
    double bound = concurrency * 1000.0 / serviceMillis;
    try (CloudEmulators emulators = CloudEmulators.start()) {
      FunctionTarget target =
          switch (provider) {
            case AWS -> emulators.awsTarget();
            case AZURE -> emulators.azureTarget();
            case GCP -> emulators.gcpTarget();
          };
      FunctionFaults faults =
          switch (provider) {
            case AWS -> emulators.lambda().faults(LambdaEmulator.SAMPLE_FUNCTION);
            case AZURE -> emulators.azure().faults(AzureFunctionsEmulator.SAMPLE_FUNCTION);
            case GCP -> emulators.gcp().faults(GcpFunctionsEmulator.SAMPLE_FUNCTION);
          };
      faults.reset().latency(Duration.ofMillis(serviceMillis));
      try (Invoker invoker =
          Invokers.fromEnv(
              provider, emulators.workerEnvironment(), concurrency, Duration.ofSeconds(30))) {
        for (int phase = 1; phase <= phases; phase++) {
          Phase p = new Phase(invoker, target, System.nanoTime() + phaseSeconds * 1_000_000_000L);
          long start = System.nanoTime();
          for (int i = 0; i < concurrency; i++) {
            p.startCaller();
          }
          p.done.await();
          double seconds = (System.nanoTime() - start) / 1e9;
          double rate = p.calls.get() / seconds;
          System.out.printf(
              "phase %d of %d: %d calls in %.1f s = %.0f calls/s, mean call %.2f ms, %d failed;"
                  + " bound c/d %.0f/s, ratio %.3f%n",
              phase,
              phases,
              p.calls.get(),
              seconds,
              rate,
              p.nanos.get() / 1e6 / Math.max(1, p.calls.get()),
              p.failed.get(),
              bound,
              rate / bound);
        }
      }
    }
    System.exit(0);
  }

  private static final class Phase {
    final Invoker invoker;
    final FunctionTarget target;
    final long endNanos;
    final AtomicLong calls = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong nanos = new AtomicLong();
    final AtomicLong ids = new AtomicLong();
    final AtomicLong callers = new AtomicLong();
    final CountDownLatch done = new CountDownLatch(1);

    Phase(Invoker invoker, FunctionTarget target, long endNanos) {
      this.invoker = invoker;
      this.target = target;
      this.endNanos = endNanos;
    }

    void startCaller() {
      callers.incrementAndGet();
      next();
    }

    /** Starts a caller's next call, or ends the caller once the phase is over. */
    void next() {
      if (System.nanoTime() - endNanos >= 0) {
        if (callers.decrementAndGet() == 0) {
          done.countDown();
        }
        return;
      }
      Call call = PipelineBenchmark.sampleCall(target, "direct-" + ids.incrementAndGet());
      long started = System.nanoTime();
      invoker
          .invoke(call)
          .whenComplete(
              (outcome, error) -> {
                nanos.addAndGet(System.nanoTime() - started);
                calls.incrementAndGet();
                if (error != null || outcome.kind() != CallOutcome.Kind.SUCCEEDED) {
                  failed.incrementAndGet();
                }
                next();
              });
    }
  }
}
