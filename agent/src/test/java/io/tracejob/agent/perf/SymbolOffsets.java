package io.tracejob.agent.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test-only: file offset of a function symbol via {@code readelf -sW} (its virtual address) and
 * {@code readelf -lW} (the LOAD segment holding it): offset = vaddr - segment.vaddr +
 * segment.offset.
 */
final class SymbolOffsets {
    private SymbolOffsets() {}

    static long fileOffset(Path binary, String function) throws IOException {
        return fileOffset(binary, function, "FUNC");
    }

    /**
     * @param type readelf's symbol type: FUNC, OBJECT
     */
    static long fileOffset(Path binary, String symbol, String type) throws IOException {
        long vaddr = -1;
        for (String line : readelf("-sW", binary)) {
            String[] f = line.trim().split("\\s+");
            // Num: Value Size Type Bind Vis Ndx Name
            if (f.length >= 8 && f[7].equals(symbol) && f[3].equals(type)) {
                vaddr = Long.parseUnsignedLong(f[1], 16);
                break;
            }
        }
        if (vaddr < 0) throw new IOException("symbol " + symbol + " not found in " + binary);
        for (String line : readelf("-lW", binary)) {
            String[] f = line.trim().split("\\s+");
            // LOAD Offset VirtAddr PhysAddr FileSiz MemSiz Flg Align
            if (f.length >= 6 && f[0].equals("LOAD")) {
                long off = Long.decode(f[1]), va = Long.decode(f[2]), fileSize = Long.decode(f[4]);
                if (vaddr >= va && vaddr < va + fileSize) return vaddr - va + off;
            }
        }
        throw new IOException(
                "no LOAD segment of "
                        + binary
                        + " holds "
                        + symbol
                        + " at 0x"
                        + Long.toHexString(vaddr));
    }

    private static List<String> readelf(String flag, Path binary) throws IOException {
        Process p =
                new ProcessBuilder("readelf", flag, binary.toString())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0)
                throw new IOException("readelf " + flag + " failed: " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out.lines().toList();
    }
}
