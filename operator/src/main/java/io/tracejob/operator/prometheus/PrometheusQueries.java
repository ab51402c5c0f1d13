package io.tracejob.operator.prometheus;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Instant queries kept off the reconcile thread: a reconcile {@link #poll polls} for the answer of
 * its resource's query ({@code K}, e.g. a TraceJob's id) and gets {@link Poll.Waiting} until it is
 * in; the listener is told when an answer or a final failure is ready, so the reconciler runs again
 * at once. A transient failure (no connection, timeout, 5xx) is retried with a doubling backoff
 * until the caller's deadline; a permanent one (refused URL, 4xx, not JSON) is final at once.
 */
public final class PrometheusQueries<K> {
    static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(8);

    /** Answers nobody came back for (their resource deleted) are dropped after this long. */
    static final Duration UNCLAIMED = Duration.ofMinutes(10);

    /** What a poll finds. */
    public sealed interface Poll {}

    public record Answered(InstantVector answer) implements Poll {}

    public record Failed(PrometheusFailure failure) implements Poll {}

    /** In flight; {@code why} says for how long and after which failures, for a condition. */
    public record Waiting(String why) implements Poll {}

    /** One query as the spec writes it; a different one for the same key starts afresh. */
    public record Ask(String url, String field, String promql) {}

    private final PrometheusClient client;
    private final Map<K, InFlight> inFlight = new ConcurrentHashMap<>();
    private volatile Consumer<K> listener = k -> {};

    public PrometheusQueries(PrometheusClient client) {
        this.client = client;
    }

    /** Told the key of every query whose answer or final failure is ready. */
    public void listen(Consumer<K> listener) {
        this.listener = listener;
    }

    /**
     * The answer of {@code ask} for {@code key}: started on the first poll, retried while transient
     * failures last and {@code retryFor} since the start allows, handed out once.
     */
    public Poll poll(K key, Ask ask, Duration retryFor) {
        dropUnclaimed();
        InFlight f = inFlight.get(key);
        if (f != null && !f.ask.equals(ask)) {
            inFlight.remove(key, f);
            f = null;
        }
        if (f == null) {
            f = new InFlight(ask, System.nanoTime() + retryFor.toNanos());
            inFlight.put(key, f);
            attempt(key, f);
        }
        if (!f.result.isDone()) return new Waiting(f.describe());
        inFlight.remove(key, f);
        return f.result.join();
    }

    /** Forgets the query of a deleted resource. */
    public void forget(K key) {
        inFlight.remove(key);
    }

    private void attempt(K key, InFlight f) {
        CompletableFuture<InstantVector> answer;
        try {
            answer = client.query(f.ask.url(), f.ask.field(), f.ask.promql());
        } catch (RuntimeException e) {
            // the executor is shut down: the operator is stopping
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete(
                (v, e) -> {
                    f.attempts++;
                    if (e == null) {
                        finish(key, f, new Answered(v));
                        return;
                    }
                    PrometheusFailure failure = failure(e);
                    Duration backoff = backoff(f.attempts);
                    if (failure.isTransient()
                            && System.nanoTime() + backoff.toNanos() < f.deadlineNanos) {
                        f.last = failure;
                        CompletableFuture.delayedExecutor(backoff.toMillis(), TimeUnit.MILLISECONDS)
                                .execute(() -> attempt(key, f));
                        return;
                    }
                    if (failure.isTransient()) {
                        failure =
                                failure.withMessage(
                                        failure.getMessage()
                                                + " (gave up after "
                                                + f.attempts
                                                + (f.attempts == 1 ? " attempt" : " attempts")
                                                + " in "
                                                + f.elapsed()
                                                + ")");
                    }
                    finish(key, f, new Failed(failure));
                });
    }

    private void finish(K key, InFlight f, Poll poll) {
        f.doneNanos = System.nanoTime();
        f.result.complete(poll);
        listener.accept(key);
    }

    static Duration backoff(int attempts) {
        Duration d = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempts - 1, 10));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    private static PrometheusFailure failure(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof PrometheusFailure f) return f;
        return new PrometheusFailure(
                PrometheusFailure.Kind.UNREACHABLE, "the query could not be sent: " + t, t);
    }

    private void dropUnclaimed() {
        long now = System.nanoTime();
        inFlight.values()
                .removeIf(f -> f.doneNanos != 0 && now - f.doneNanos > UNCLAIMED.toNanos());
    }

    private static final class InFlight {
        final Ask ask;
        final long startNanos = System.nanoTime();
        final long deadlineNanos;
        final CompletableFuture<Poll> result = new CompletableFuture<>();
        volatile int attempts;
        volatile PrometheusFailure last;
        volatile long doneNanos;

        InFlight(Ask ask, long deadlineNanos) {
            this.ask = ask;
            this.deadlineNanos = deadlineNanos;
        }

        String elapsed() {
            return Duration.ofNanos(System.nanoTime() - startNanos).toMillis() + " ms";
        }

        String describe() {
            PrometheusFailure l = last;
            return "querying Prometheus at "
                    + ask.url()
                    + (l == null
                            ? ""
                            : ", retrying after "
                                    + attempts
                                    + (attempts == 1 ? " failure" : " failures")
                                    + " (last: "
                                    + l.getMessage()
                                    + ")");
        }
    }
}
