package io.tracejob.agent.realtargets;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracejob.agent.testsupport.Kernel;
import io.tracejob.agent.testsupport.TracerHarness;
import io.tracejob.agent.trace.Following;
import io.tracejob.api.v1alpha1.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL with a new connection per transaction ({@code pgbench -C}): every transaction runs in
 * a backend the postmaster forks for it and that lives about a millisecond. Following from user
 * space counted 1 of 1,000 queries this way; in the kernel every backend is traced from its first
 * instruction.
 */
class PostgresConnectionPerTransactionTest {
    static final int CLIENTS = 2, TRANSACTIONS_PER_CLIENT = 250;

    @Test
    void everyQueryOfShortLivedBackendsIsCounted() throws Exception {
        Kernel.requireEbpf();
        Path bin = PostgresCluster.newestBinDir().orElse(null);
        Kernel.require(
                bin != null,
                "PostgreSQL server package (/usr/lib/postgresql/<major>/bin/postgres)");
        Kernel.require(Files.isExecutable(bin.resolve("pgbench")), "pgbench in " + bin);
        Kernel.require(
                PostgresCluster.osUserExists(),
                "the postgres OS user (created by the postgresql package)");

        try (PostgresCluster pg = PostgresCluster.start(bin)) {
            pgbench(pg, List.of("-i", "-s", "1", "-q"));
            try (PsqlSession admin =
                    pg.psql()) { // the server's own duration of every statement, to compare with
                admin.execute("ALTER SYSTEM SET log_min_duration_statement = 0;");
                admin.execute("SELECT pg_reload_conf();");
            }
            int postmaster = pg.postmasterPid();
            // BINARY_WIDE asked for: it is the default only while no other process maps the binary,
            // and another
            // PostgreSQL on the node (a distribution's cluster, a parallel build's test) would make
            // it PER_PROCESS,
            // which cannot catch millisecond backends; this test is about following them in the
            // kernel
            try (TracerHarness trace =
                    TracerHarness.start(
                            PostgresUsdtTest.queryProbe(bin.resolve("postgres")),
                            postmaster,
                            Duration.ofMinutes(10),
                            Following.BINARY_WIDE)) {
                trace.awaitAttached();
                String out =
                        pgbench(
                                pg,
                                List.of(
                                        "-C",
                                        "-S",
                                        "-n",
                                        "-c",
                                        Integer.toString(CLIENTS),
                                        "-t",
                                        Integer.toString(TRANSACTIONS_PER_CLIENT)));
                Matcher m =
                        Pattern.compile("number of transactions actually processed: (\\d+)/")
                                .matcher(out);
                assertThat(m.find()).as(out).isTrue();
                long transactions = Long.parseLong(m.group(1));
                assertThat(transactions).isEqualTo((long) CLIENTS * TRANSACTIONS_PER_CLIENT);
                Result r = trace.stopAndGet();
                assertThat(r.getCount())
                        .as(
                                "queries measured (pgbench ran %d transactions of one SELECT each); tracer output:%n%s",
                                transactions, trace.output())
                        .isGreaterThanOrEqualTo(transactions);
                assertThat(r.getProcessesTraced())
                        .as("a backend per transaction")
                        .isGreaterThan((int) transactions);
                assertThat(r.getOverhead().getFollowing()).isEqualTo("BinaryWide");
                // The server logs each statement's duration (parse to end, as query__start to
                // query__done spans):
                // the medians agree within a factor of two, and the server never saw a query slower
                // than our max.
                List<Double> logged = new ArrayList<>();
                Matcher d =
                        Pattern.compile(
                                        "duration: ([0-9.]+) ms  statement: SELECT abalance FROM pgbench_accounts")
                                .matcher(pg.serverLog());
                while (d.find()) logged.add(Double.parseDouble(d.group(1)) * 1e6);
                assertThat(logged).hasSize((int) transactions);
                logged.sort(null);
                double serverMedian = logged.get(logged.size() / 2);
                assertThat((double) r.getPercentiles().getP50())
                        .as("our p50 vs the server's median %.0f ns", serverMedian)
                        .isBetween(serverMedian / 2, serverMedian * 2);
                assertThat((double) r.getMaxNanos())
                        .isGreaterThanOrEqualTo(logged.get(logged.size() - 1));
                System.out.printf(
                        "pgbench -C: %d transactions, %d queries measured, %d processes traced, p50 %d ns (server log median %.0f ns), max %d ns (server %.0f ns)%n",
                        transactions,
                        r.getCount(),
                        r.getProcessesTraced(),
                        r.getPercentiles().getP50(),
                        serverMedian,
                        r.getMaxNanos(),
                        logged.get(logged.size() - 1));
            }
        }
    }

    private static String pgbench(PostgresCluster pg, List<String> args)
            throws IOException, InterruptedException {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                pg.bin.resolve("pgbench").toString(),
                                "-h",
                                pg.dir.toString(),
                                "-p",
                                Integer.toString(pg.port),
                                "-U",
                                "postgres"));
        cmd.addAll(args);
        cmd.add("postgres");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0)
            throw new IOException(String.join(" ", cmd) + " failed:\n" + out);
        return out;
    }
}
