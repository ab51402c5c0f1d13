package io.tracejob.agent.realtargets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.testsupport.TracerHarness;
import io.tracejob.api.v1alpha1.Measure;
import io.tracejob.api.v1alpha1.Probe;
import io.tracejob.api.v1alpha1.ProbeFamily;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.api.v1alpha1.StopReason;
import io.tracejob.api.v1alpha1.UsdtProbe;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A real PostgreSQL server traced through its own USDT probes. The postmaster is traced; the
 * queries run in a backend it forks only after the probes are attached, so every count here depends
 * on the tracer finding and attaching to a new descendant (and on the semaphore being raised in
 * it).
 */
class PostgresUsdtTest {
    static final int QUICK_QUERIES = 50;

    @Test
    void queriesOfABackendForkedAfterAttachAreMeasured() throws Exception {
        Kernel.requireEbpf();
        Path bin = PostgresCluster.newestBinDir().orElse(null);
        Kernel.require(
                bin != null,
                "PostgreSQL server package (/usr/lib/postgresql/<major>/bin/postgres)");
        Kernel.require(
                PostgresCluster.osUserExists(),
                "the postgres OS user (created by the postgresql package)");

        try (PostgresCluster pg = PostgresCluster.start(bin)) {
            int postmaster = pg.postmasterPid();
            try (TracerHarness trace =
                    TracerHarness.start(
                            queryProbe(bin.resolve("postgres")),
                            postmaster,
                            Duration.ofMinutes(10))) {
                trace.awaitAttached();
                Result r;
                int backend;
                try (PsqlSession session = pg.psql()) {
                    backend = Integer.parseInt(session.queryOne("SELECT pg_backend_pid();").trim());
                    assertThat(backend).isNotEqualTo(postmaster);
                    await().atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(20))
                            .until(
                                    () ->
                                            trace.output()
                                                    .contains(
                                                            "+ tracing process " + backend + " "));
                    for (int i = 0; i < QUICK_QUERIES; i++) session.execute("SELECT 1;");
                    session.execute("SELECT pg_sleep(0.2);");
                    r = trace.stopAndGet();
                }
                assertThat(r.getStopReason()).isEqualTo(StopReason.Signalled);
                assertThat(r.getCount())
                        .as(
                                "queries measured; tracer output:%n%s%nserver log:%n%s",
                                trace.output(), pg.serverLog())
                        .isGreaterThanOrEqualTo(QUICK_QUERIES + 1);
                assertThat(r.getMaxNanos())
                        .as("the pg_sleep(0.2) query")
                        .isGreaterThanOrEqualTo(200_000_000L);
                assertThat(r.getPercentiles().getP50())
                        .as("a SELECT 1 takes far less than the sleep")
                        .isLessThan(200_000_000L);
                assertThat(r.getProcessesTraced()).isGreaterThanOrEqualTo(2);
                assertThat(r.getAttachPoint())
                        .contains("postgresql:query__start", "semaphore-guarded");
                System.out.printf(
                        "PostgreSQL %s: postmaster %d, backend %d, %d queries, p50 %d ns, max %d ns, %d processes traced%n",
                        bin.getParent().getFileName(),
                        postmaster,
                        backend,
                        r.getCount(),
                        r.getPercentiles().getP50(),
                        r.getMaxNanos(),
                        r.getProcessesTraced());
            }
        }
    }

    static Probe queryProbe(Path postgres) {
        Probe p = new Probe();
        p.setFamily(ProbeFamily.Usdt);
        p.setBinary(postgres.toString());
        p.setMeasure(Measure.Latency);
        UsdtProbe u = new UsdtProbe();
        u.setProvider("postgresql");
        u.setStart("query__start");
        u.setEnd("query__done");
        p.setUsdt(u);
        return p;
    }
}
