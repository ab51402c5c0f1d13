package io.tracejob.agent.realtargets;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster from the distribution's packages: initdb in a temp dir, a
 * postmaster on a free loopback port with its unix socket in that dir, stopped and deleted on
 * close. PostgreSQL refuses to run as root, so every server command runs as the {@code postgres} OS
 * user.
 */
final class PostgresCluster implements AutoCloseable {
    private static final Path PACKAGES = Path.of("/usr/lib/postgresql");

    final Path bin;
    final Path dir;
    final Path data;
    final int port;
    private boolean started;

    private PostgresCluster(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    /** The newest installed server's bin dir ({@code /usr/lib/postgresql/<major>/bin}), if any. */
    static Optional<Path> newestBinDir() throws IOException {
        if (!Files.isDirectory(PACKAGES)) return Optional.empty();
        try (Stream<Path> versions = Files.list(PACKAGES)) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                    .map(v -> v.resolve("bin"))
                    .filter(
                            b ->
                                    Files.isExecutable(b.resolve("postgres"))
                                            && Files.isExecutable(b.resolve("initdb"))
                                            && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(
                            Comparator.comparingInt(
                                    b -> Integer.parseInt(b.getParent().getFileName().toString())));
        }
    }

    static boolean osUserExists() throws IOException {
        return Files.readAllLines(Path.of("/etc/passwd")).stream()
                .anyMatch(l -> l.startsWith("postgres:"));
    }

    /**
     * initdb + start; on any failure what was created is stopped and deleted before the error is
     * thrown.
     */
    static PostgresCluster start(Path bin) throws Exception {
        // not a JUnit @TempDir: that one is root-only (0700), and the postgres user must reach its
        // data dir
        Path dir = Files.createTempDirectory("tj-pg-");
        PostgresCluster c = new PostgresCluster(bin, dir, freePort());
        try {
            run(List.of("chown", "postgres:postgres", dir.toString()), 30);
            asPostgres(
                    bin.resolve("initdb"),
                    List.of(
                            "-D",
                            c.data.toString(),
                            "-U",
                            "postgres",
                            "--auth=trust",
                            "-E",
                            "UTF8",
                            "--no-sync"),
                    120);
            c.started = true; // from here on close() must stop it, even if start fails half-way
            asPostgres(
                    bin.resolve("pg_ctl"),
                    List.of(
                            "-D",
                            c.data.toString(),
                            "-l",
                            dir.resolve("server.log").toString(),
                            "-w",
                            "-t",
                            "60",
                            "-o",
                            "-p "
                                    + c.port
                                    + " -k "
                                    + dir
                                    + " -c listen_addresses=127.0.0.1 -c fsync=off",
                            "start"),
                    90);
            return c;
        } catch (Exception | AssertionError e) {
            c.close();
            throw e;
        }
    }

    /** The postmaster's pid, from the first line of {@code postmaster.pid}. */
    int postmasterPid() throws IOException {
        return Integer.parseInt(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    }

    /** A psql session on this cluster: a new backend, forked by the postmaster when it connects. */
    PsqlSession psql() throws IOException {
        Path psql = Files.isExecutable(bin.resolve("psql")) ? bin.resolve("psql") : Path.of("psql");
        return PsqlSession.start(
                List.of(
                        psql.toString(),
                        "-X",
                        "-q",
                        "-A",
                        "-t",
                        "-v",
                        "ON_ERROR_STOP=1",
                        "-h",
                        dir.toString(),
                        "-p",
                        Integer.toString(port),
                        "-U",
                        "postgres",
                        "-d",
                        "postgres"));
    }

    String serverLog() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (started && Files.exists(data.resolve("postmaster.pid"))) {
                asPostgres(
                        bin.resolve("pg_ctl"),
                        List.of("-D", data.toString(), "-m", "immediate", "-w", "stop"),
                        60);
            }
        } finally {
            deleteTree(dir);
        }
    }

    private static void asPostgres(Path command, List<String> args, long seconds)
            throws IOException, InterruptedException {
        List<String> cmd =
                new ArrayList<>(List.of("runuser", "-u", "postgres", "--", command.toString()));
        cmd.addAll(args);
        run(cmd, seconds);
    }

    private static void run(List<String> cmd, long seconds)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("tj-pg-cmd-", ".log");
        try {
            Process p =
                    new ProcessBuilder(cmd)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IOException(
                        String.join(" ", cmd)
                                + " did not finish within "
                                + seconds
                                + " s: "
                                + Files.readString(log));
            }
            if (p.exitValue() != 0) {
                throw new IOException(
                        String.join(" ", cmd)
                                + " exited "
                                + p.exitValue()
                                + ": "
                                + Files.readString(log, StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
