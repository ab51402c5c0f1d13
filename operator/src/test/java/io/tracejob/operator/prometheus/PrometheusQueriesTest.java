package io.tracejob.operator.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.operator.prometheus.PrometheusFailure.Kind;
import io.tracejob.operator.prometheus.PrometheusQueries.Answered;
import io.tracejob.operator.prometheus.PrometheusQueries.Ask;
import io.tracejob.operator.prometheus.PrometheusQueries.Failed;
import io.tracejob.operator.prometheus.PrometheusQueries.Poll;
import io.tracejob.operator.prometheus.PrometheusQueries.Waiting;
import io.tracejob.operator.testsupport.ScriptedHttpServer;
import io.tracejob.operator.testsupport.ScriptedHttpServer.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against a server that misbehaves as a real one can: redirects, 5xx, slowness, garbage.
 * Transient failures are retried within the deadline, permanent ones end at once, and a URL outside
 * the allowlist is never requested.
 */
class PrometheusQueriesTest {
    private static final String FIELD = "spec.target.slowestBy.prometheus.url";
    private static final String OK = ScriptedHttpServer.vector("{\"pod\":\"shop-a\"}", "0.25");
    private final List<AutoCloseable> open = new ArrayList<>();
    private final LinkedBlockingQueue<String> answered = new LinkedBlockingQueue<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    private ScriptedHttpServer server(Reply... replies) throws Exception {
        ScriptedHttpServer s = new ScriptedHttpServer(replies);
        open.add(s);
        return s;
    }

    private PrometheusQueries<String> queries(
            Duration timeout, Path credentials, String... allowed) {
        PrometheusClient c = PrometheusClient.of(List.of(allowed), false, credentials, timeout);
        open.add(c);
        PrometheusQueries<String> q = new PrometheusQueries<>(c);
        q.listen(answered::add);
        return q;
    }

    /** Polls as a reconciler does: once, then again each time the listener says the key is done. */
    private Poll await(PrometheusQueries<String> q, String url, Duration retryFor)
            throws InterruptedException {
        Ask ask = new Ask(url, FIELD, "up");
        Poll p = q.poll("job", ask, retryFor);
        while (p instanceof Waiting) {
            assertThat(answered.poll(30, TimeUnit.SECONDS)).as("listener told").isEqualTo("job");
            p = q.poll("job", ask, retryFor);
        }
        return p;
    }

    @Test
    void everyFailureNamesAReasonTheOperatorKnows() {
        for (Kind k : Kind.values()) {
            assertThat(io.tracejob.operator.status.EventReason.of(k.reason()).text())
                    .isEqualTo(k.reason());
        }
    }

    @Test
    void answerArrivesOffTheCallersThreadAndTheListenerBringsItBack() throws Exception {
        var s = server(Reply.of(200, OK).after(Duration.ofMillis(300)));
        var q = queries(Duration.ofSeconds(2), null, s.url());
        Poll first = q.poll("job", new Ask(s.url(), FIELD, "up"), Duration.ofSeconds(5));
        assertThat(first).isInstanceOf(Waiting.class);
        assertThat(((Waiting) first).why()).contains("querying Prometheus at " + s.url());
        Poll p = await(q, s.url(), Duration.ofSeconds(5));
        assertThat(p).isInstanceOf(Answered.class);
        var sample = ((Answered) p).answer().samples().get(0);
        assertThat(sample.labels()).isEqualTo(Map.of("pod", "shop-a"));
        assertThat(sample.value()).isEqualTo("0.25");
        assertThat(s.seen())
                .singleElement()
                .satisfies(r -> assertThat(r.pathAndQuery()).isEqualTo("/api/v1/query?query=up"));
    }

    @Test
    void fiveHundredsAreRetriedUntilTheServerRecovers() throws Exception {
        var s =
                server(
                        Reply.of(503, "busy"),
                        Reply.of(502, "<html>bad gateway</html>"),
                        Reply.of(200, OK));
        var q = queries(Duration.ofSeconds(2), null, s.url());
        assertThat(await(q, s.url(), Duration.ofSeconds(20))).isInstanceOf(Answered.class);
        assertThat(s.seen()).hasSize(3);
    }

    @Test
    void aTimeoutIsRetriedAndTheNextAnswerCounts() throws Exception {
        var s = server(Reply.of(200, OK).after(Duration.ofSeconds(3)), Reply.of(200, OK));
        var q = queries(Duration.ofMillis(300), null, s.url());
        assertThat(await(q, s.url(), Duration.ofSeconds(20))).isInstanceOf(Answered.class);
        assertThat(s.seen()).hasSize(2);
    }

    @Test
    void transientFailuresEndAtTheDeadlineWithTheLastOneAndTheAttempts() throws Exception {
        var s = server(Reply.of(503, "busy"));
        var q = queries(Duration.ofSeconds(2), null, s.url());
        Poll p = await(q, s.url(), Duration.ofMillis(1500));
        assertThat(p)
                .isInstanceOfSatisfying(
                        Failed.class,
                        f -> {
                            assertThat(f.failure().kind()).isEqualTo(Kind.SERVER_ERROR);
                            assertThat(f.failure().getMessage())
                                    .contains("answered HTTP 503")
                                    .contains(FIELD)
                                    .containsPattern("gave up after [2-9] attempts");
                        });
        assertThat(s.seen().size()).isBetween(2, 9);
    }

    @Test
    void aRejectedQueryOrGarbageEndsAtOnceWithoutRetry() throws Exception {
        var bad =
                server(
                        Reply.of(
                                400,
                                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}"));
        var garbage = server(Reply.of(200, "<html>login</html>"));
        var q = queries(Duration.ofSeconds(2), null, bad.url(), garbage.url());
        assertThat(await(q, bad.url(), Duration.ofSeconds(20)))
                .isInstanceOfSatisfying(
                        Failed.class,
                        f -> {
                            assertThat(f.failure().kind()).isEqualTo(Kind.QUERY_REJECTED);
                            assertThat(f.failure().getMessage())
                                    .contains("HTTP 400")
                                    .contains("bad_data");
                        });
        assertThat(await(q, garbage.url(), Duration.ofSeconds(20)))
                .isInstanceOfSatisfying(
                        Failed.class,
                        f -> assertThat(f.failure().kind()).isEqualTo(Kind.ANSWER_INVALID));
        assertThat(bad.seen()).hasSize(1);
        assertThat(garbage.seen()).hasSize(1);
    }

    @Test
    void aRedirectIsNeverFollowedEvenToAnAllowedServer() throws Exception {
        var elsewhere = server(Reply.of(200, OK));
        var s =
                server(
                        new Reply(
                                302,
                                Map.of("Location", elsewhere.url() + "/api/v1/query?query=up"),
                                "",
                                Duration.ZERO));
        var q = queries(Duration.ofSeconds(2), null, s.url(), elsewhere.url());
        assertThat(await(q, s.url(), Duration.ofSeconds(20)))
                .isInstanceOfSatisfying(
                        Failed.class,
                        f -> {
                            assertThat(f.failure().kind()).isEqualTo(Kind.ANSWER_INVALID);
                            assertThat(f.failure().isTransient()).isFalse();
                            assertThat(f.failure().getMessage())
                                    .contains("HTTP 302")
                                    .contains("follows no redirect");
                        });
        assertThat(s.seen()).hasSize(1);
        assertThat(elsewhere.seen()).isEmpty();
    }

    @Test
    void aUrlOutsideTheAllowlistIsRefusedWithoutARequest() throws Exception {
        var s = server(Reply.of(200, OK));
        var q = queries(Duration.ofSeconds(2), null, "http://prometheus.monitoring:9090");
        Poll p = q.poll("job", new Ask(s.url(), FIELD, "up"), Duration.ofSeconds(5));
        assertThat(p)
                .isInstanceOfSatisfying(
                        Failed.class,
                        f -> {
                            assertThat(f.failure().kind()).isEqualTo(Kind.NOT_ALLOWED);
                            assertThat(f.failure().kind().reason())
                                    .isEqualTo("PrometheusUrlNotAllowed");
                            assertThat(f.failure().getMessage())
                                    .startsWith(FIELD + ": " + s.url())
                                    .contains("prometheus.allowedUrls");
                        });
        assertThat(s.seen()).isEmpty();
    }

    @Test
    void anOversizedAnswerIsRefused() throws Exception {
        var s = server(Reply.of(200, "x".repeat(PrometheusClient.MAX_ANSWER_BYTES + 10)));
        var q = queries(Duration.ofSeconds(5), null, s.url());
        assertThat(await(q, s.url(), Duration.ofSeconds(20)))
                .isInstanceOfSatisfying(
                        Failed.class,
                        f -> assertThat(f.failure().getMessage()).contains("more than 4 MiB"));
    }

    @Test
    void theMountedTokenIsSentAsABearerAndReadAgainForEveryQuery(@TempDir Path creds)
            throws Exception {
        Files.writeString(creds.resolve(PrometheusCredentials.TOKEN_FILE), "first-token\n");
        var s = server(Reply.of(200, OK));
        var q = queries(Duration.ofSeconds(2), creds, s.url());
        assertThat(await(q, s.url(), Duration.ofSeconds(5))).isInstanceOf(Answered.class);
        Files.writeString(creds.resolve(PrometheusCredentials.TOKEN_FILE), "rotated-token");
        assertThat(await(q, s.url(), Duration.ofSeconds(5))).isInstanceOf(Answered.class);
        assertThat(s.seen())
                .extracting(ScriptedHttpServer.Seen::authorization)
                .containsExactly("Bearer first-token", "Bearer rotated-token");
    }

    @Test
    void withoutCredentialsNoAuthorizationIsSent() throws Exception {
        var s = server(Reply.of(200, OK));
        var q = queries(Duration.ofSeconds(2), null, s.url());
        assertThat(await(q, s.url(), Duration.ofSeconds(5))).isInstanceOf(Answered.class);
        assertThat(s.seen()).singleElement().satisfies(r -> assertThat(r.authorization()).isNull());
    }
}
