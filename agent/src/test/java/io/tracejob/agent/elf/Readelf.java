package io.tracejob.agent.elf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** binutils as an independent oracle for the pure-Java ELF reader (tests only). */
public final class Readelf {
    private Readelf() {}

    public record Sym(long value, long size, String type, String bind) {}

    public record Load(long offset, long vaddr, long filesz) {}

    public record Note(
            String provider, String name, long location, long base, long semaphore, String args) {}

    public static String run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
                throw new IOException(String.join(" ", cmd) + " failed:\n" + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }

    /**
     * All FUNC/IFUNC entries named {@code name} in .symtab and .dynsym ({@code readelf -sW},
     * versions stripped).
     */
    public static List<Sym> functions(Path bin, String name) throws IOException {
        List<Sym> out = new ArrayList<>();
        for (String line : run("readelf", "-sW", bin.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 8 || !f[0].endsWith(":")) continue;
            String n = f[7].replaceAll("@.*", "");
            if (n.equals(name)
                    && (f[3].equals("FUNC") || f[3].equals("IFUNC"))
                    && !f[6].equals("UND")) {
                out.add(
                        new Sym(
                                Long.parseUnsignedLong(f[1], 16),
                                Long.parseLong(
                                        f[2].startsWith("0x") ? f[2].substring(2) : f[2],
                                        f[2].startsWith("0x") ? 16 : 10),
                                f[3],
                                f[4]));
            }
        }
        return out;
    }

    public static List<Load> loads(Path bin) throws IOException {
        List<Load> out = new ArrayList<>();
        for (String line : run("readelf", "-lW", bin.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 6 && f[0].equals("LOAD")) {
                out.add(new Load(Long.decode(f[1]), Long.decode(f[2]), Long.decode(f[4])));
            }
        }
        return out;
    }

    /**
     * File offset by the program-header math: vaddr − p_vaddr + p_offset of the LOAD holding it.
     */
    public static long fileOffset(Path bin, long vaddr) throws IOException {
        for (Load l : loads(bin)) {
            if (vaddr >= l.vaddr() && vaddr < l.vaddr() + l.filesz())
                return vaddr - l.vaddr() + l.offset();
        }
        throw new IllegalStateException("no LOAD for 0x" + Long.toHexString(vaddr));
    }

    private static final Pattern NOTE =
            Pattern.compile(
                    "Provider: (\\S+)\\s+Name: (\\S+)\\s+Location: (0x\\p{XDigit}+), Base: (0x\\p{XDigit}+), Semaphore: (0x\\p{XDigit}+)\\s+Arguments: ?([^\\n]*)");

    public static List<Note> stapsdt(Path bin) throws IOException {
        List<Note> out = new ArrayList<>();
        Matcher m = NOTE.matcher(run("readelf", "-n", bin.toString()));
        while (m.find()) {
            out.add(
                    new Note(
                            m.group(1),
                            m.group(2),
                            Long.decode(m.group(3)),
                            Long.decode(m.group(4)),
                            Long.decode(m.group(5)),
                            m.group(6).trim()));
        }
        return out;
    }
}
