package io.tracejob.agent.realtargets;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One psql process (so one server backend) fed statements on stdin; {@code \echo} lines mark
 * progress.
 */
final class PsqlSession implements AutoCloseable {
    private final Process process;
    private final OutputStream in;
    private final LineReader out;
    private int marks;

    private PsqlSession(Process process) {
        this.process = process;
        this.in = process.getOutputStream();
        this.out = new LineReader(process.getInputStream(), "psql-stdout");
    }

    static PsqlSession start(List<String> command) throws IOException {
        return new PsqlSession(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Sends {@code sql} and waits until psql has run it (and everything sent before). */
    void execute(String sql) throws IOException, InterruptedException {
        String mark = "tj-mark-" + (++marks);
        send(sql + "\n\\echo " + mark);
        out.next(mark::equals, "'" + mark + "' after: " + sql, 120);
    }

    /** Runs a query returning one value in one row; returns it as text. */
    String queryOne(String sql) throws IOException, InterruptedException {
        String mark = "tj-mark-" + (++marks);
        send("\\echo tj-begin-" + mark + "\n" + sql + "\n\\echo " + mark);
        out.next(("tj-begin-" + mark)::equals, "before: " + sql, 60);
        String value = out.next(l -> !l.isEmpty(), "with the value of: " + sql, 60);
        out.next(mark::equals, "'" + mark + "' after: " + sql, 60);
        return value;
    }

    private void send(String text) throws IOException {
        in.write((text + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            send("\\q");
            in.close();
        } catch (IOException ignored) {
            // psql already gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
