package io.fiso.bench.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * HTTP load on the same terms as {@link OpenLoop}: open-loop (request {@code n} is due at {@code
 * start + n / rate} whatever happened before, latency measured from that intended time to the whole
 * response read, so a stall is charged to every request it delayed), closed-loop with {@code N}
 * clients each sending its next request when its last one was answered (for the maximum rate), and
 * sequential calls. The JDK's {@link HttpClient}, HTTP/1.1, keep-alive connections.
 */
public final class HttpLoad {

  private HttpLoad() {}

  /** Builds request {@code seq}. */
  public interface Requests {
    HttpRequest request(long seq);
  }

  /**
   * What a load achieved.
   *
   * @param sent requests sent
   * @param ok responses with status 200
   * @param failed other statuses and transport errors
   * @param latencies of the measured (post warm-up) 200 responses, or null when there were none
   * @param perSecond 200 responses per second in the measured time (closed loop), else the rate
   * @param maxSenderLateMs how far the open-loop sender itself fell behind its schedule
   * @param firstFailure the first failure, for messages, or null
   */
  public record Outcome(
      long sent,
      long ok,
      long failed,
      Latencies latencies,
      double perSecond,
      double maxSenderLateMs,
      String firstFailure) {}

  /** A client for benchmark load: HTTP/1.1 (the control plane speaks no h2c), 10 s to connect. */
  public static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  /** Requests sent at {@code rate} during {@code time}: {@code round(rate × seconds)}. */
  public static long count(double rate, Duration time) {
    return Math.round(rate * time.toNanos() / 1e9);
  }

  /**
   * Sends {@code requests} open-loop at {@code rate} for warm-up plus duration and waits (at most
   * {@code timeout} after the last send) for every response.
   */
  public static Outcome openLoop(
      HttpClient client,
      Requests requests,
      double rate,
      Duration warmup,
      Duration duration,
      Duration timeout)
      throws InterruptedException {
    long warmupCount = count(rate, warmup);
    long total = warmupCount + count(rate, duration);
    Tally tally = new Tally();
    OpenLoop.Schedule schedule = OpenLoop.Schedule.at(rate, System.nanoTime() + 200_000_000L);
    long maxLate = 0;
    long sent = 0;
    for (long seq = 0; seq < total; seq++) {
      long due = schedule.intended(seq);
      long now = System.nanoTime();
      while (now < due) {
        LockSupport.parkNanos(due - now);
        if (Thread.interrupted()) {
          throw new InterruptedException("open-loop HTTP load interrupted");
        }
        now = System.nanoTime();
      }
      maxLate = Math.max(maxLate, now - due);
      boolean measured = seq >= warmupCount;
      client
          .sendAsync(requests.request(seq), HttpResponse.BodyHandlers.ofString())
          .whenComplete((response, error) -> tally.completed(response, error, due, measured));
      sent++;
    }
    tally.await(sent, timeout);
    return tally.outcome(sent, rate, OpenLoop.ms(maxLate));
  }

  /**
   * {@code clients} closed loops, each sending its next request as soon as the last one completed;
   * the rate counts the 200 responses completed within {@code window} after {@code warmup}, and the
   * latencies are theirs, from send to response.
   */
  public static Outcome closedLoop(
      HttpClient client,
      Requests requests,
      int clients,
      Duration warmup,
      Duration window,
      Duration timeout)
      throws InterruptedException {
    if (clients < 1) {
      throw new IllegalArgumentException(
          "closed-loop load needs at least 1 client, was " + clients);
    }
    long start = System.nanoTime();
    long from = start + warmup.toNanos();
    long to = from + window.toNanos();
    Tally tally = new Tally();
    AtomicLong seq = new AtomicLong();
    AtomicLong inWindow = new AtomicLong();
    CountDownLatch done = new CountDownLatch(clients);
    for (int c = 0; c < clients; c++) {
      new ClosedLoopClient(client, requests, seq, tally, inWindow, from, to, done).next();
    }
    if (!done.await(to - System.nanoTime() + timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new IllegalStateException(
          "closed-loop HTTP load: requests still unanswered "
              + timeout.toSeconds()
              + " s after it");
    }
    Outcome o = tally.outcome(seq.get(), 0, 0);
    double perSecond = inWindow.get() / (window.toNanos() / 1e9);
    return new Outcome(o.sent(), o.ok(), o.failed(), o.latencies(), perSecond, 0, o.firstFailure());
  }

  private static final class ClosedLoopClient {
    private final HttpClient client;
    private final Requests requests;
    private final AtomicLong seq;
    private final Tally tally;
    private final AtomicLong inWindow;
    private final long from;
    private final long to;
    private final CountDownLatch done;

    ClosedLoopClient(
        HttpClient client,
        Requests requests,
        AtomicLong seq,
        Tally tally,
        AtomicLong inWindow,
        long from,
        long to,
        CountDownLatch done) {
      this.client = client;
      this.requests = requests;
      this.seq = seq;
      this.tally = tally;
      this.inWindow = inWindow;
      this.from = from;
      this.to = to;
      this.done = done;
    }

    void next() {
      long sentAt = System.nanoTime();
      if (sentAt >= to) {
        done.countDown();
        return;
      }
      client
          .sendAsync(requests.request(seq.getAndIncrement()), HttpResponse.BodyHandlers.ofString())
          .whenComplete(
              (response, error) -> {
                long now = System.nanoTime();
                boolean measured = sentAt >= from && now < to;
                tally.completed(response, error, sentAt, measured);
                if (error != null) {
                  done.countDown(); // the server is gone: this client stops, the run reports it
                  return;
                }
                if (measured && response.statusCode() == 200) {
                  inWindow.incrementAndGet();
                }
                next();
              });
    }
  }

  /**
   * {@code warmup} untimed then {@code count} timed requests, one after the other.
   *
   * @throws IllegalStateException when a response is not 200 (naming the request and the answer)
   */
  public static Latencies sequential(HttpClient client, HttpRequest request, int warmup, int count)
      throws InterruptedException {
    Histogram micros = Latencies.newHistogram();
    for (int i = 0; i < warmup + count; i++) {
      long start = System.nanoTime();
      HttpResponse<String> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new IllegalStateException(
            request.method() + " " + request.uri() + " failed: " + e, e);
      }
      long took = System.nanoTime() - start;
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            request.method() + " " + request.uri() + " answered " + describe(response));
      }
      if (i >= warmup) {
        micros.recordValue(Math.max(1, Math.min(took / 1000, micros.getHighestTrackableValue())));
      }
    }
    return Latencies.of(micros);
  }

  /**
   * The status of {@code GET uri}, or -1 when nothing answers (connection refused, reset, timed
   * out): for waiting until a server is up.
   */
  public static int status(HttpClient client, URI uri, Duration timeout)
      throws InterruptedException {
    try {
      return client
          .send(
              HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  static String describe(HttpResponse<String> response) {
    // one line: problem+json bodies are pretty-printed
    String body = response.body() == null ? "" : response.body().strip().replaceAll("\\s+", " ");
    if (body.length() > 300) {
      body = body.substring(0, 300) + "...";
    }
    return response.statusCode() + (body.isEmpty() ? "" : ": " + body);
  }

  /** Responses counted and timed, from any thread. */
  private static final class Tally {
    private final Histogram micros = Latencies.newHistogram();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    void completed(HttpResponse<String> response, Throwable error, long since, boolean measured) {
      long now = System.nanoTime();
      if (error == null && response.statusCode() == 200) {
        ok.incrementAndGet();
        if (measured) {
          long us = Math.max(1, (now - since) / 1000);
          synchronized (micros) {
            micros.recordValue(Math.min(us, micros.getHighestTrackableValue()));
          }
        }
      } else {
        failed.incrementAndGet();
        firstFailure.compareAndSet(
            null, error != null ? String.valueOf(error) : "HTTP " + describe(response));
      }
      synchronized (this) {
        completed.incrementAndGet();
        notifyAll();
      }
    }

    synchronized void await(long expected, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (completed.get() < expected) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException(
              (expected - completed.get())
                  + " of "
                  + expected
                  + " HTTP requests were still unanswered "
                  + timeout.toSeconds()
                  + " s after the last was sent");
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }

    Outcome outcome(long sent, double perSecond, double maxLateMs) {
      Latencies l;
      synchronized (micros) {
        l = micros.getTotalCount() == 0 ? null : Latencies.of(micros);
      }
      return new Outcome(sent, ok.get(), failed.get(), l, perSecond, maxLateMs, firstFailure.get());
    }
  }
}
