package io.tracejob.agent.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Symbol addresses from binutils' nm: an oracle independent of the agent's own ELF reader. */
public final class Nm {
    private Nm() {}

    public static long address(Path binary, String symbol)
            throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder("nm", "--defined-only", binary.toString())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[2].equals(symbol)) return Long.parseUnsignedLong(f[0], 16);
        }
        throw new IOException("nm: no symbol " + symbol + " in " + binary);
    }
}
