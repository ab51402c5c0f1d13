package io.tracejob.agent.testsupport;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads another process's code as it is now, to see whether the kernel put a breakpoint there. */
public final class Memory {
    private Memory() {}

    public static int byteAt(int pid, long address) throws IOException {
        try (RandomAccessFile mem = new RandomAccessFile("/proc/" + pid + "/mem", "r")) {
            mem.seek(address);
            return mem.read();
        }
    }

    /**
     * True once the kernel has put an int3 into the first bytes of {@code function} in the process.
     */
    public static boolean breakpointIn(int pid, Path binary, String function) throws IOException {
        long at;
        try (var elf = io.tracejob.agent.elf.ElfFile.open(binary)) {
            at =
                    elf.functionSymbols().stream()
                            .filter(s -> s.name().equals(function))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new IOException(
                                                    "no function " + function + " in " + binary))
                            .vaddr();
            if (elf.isPie()) at += loadBase(pid, binary);
        }
        for (int i = 0; i < 8; i++) if (byteAt(pid, at + i) == 0xcc) return true;
        return false;
    }

    /** Load address of the first mapping of {@code file} (its offset-0 segment) in the process. */
    public static long loadBase(int pid, Path file) throws IOException {
        String real = file.toRealPath().toString();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/maps"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 6 && f[5].equals(real) && Long.parseLong(f[2], 16) == 0) {
                return Long.parseUnsignedLong(f[0].substring(0, f[0].indexOf('-')), 16);
            }
        }
        throw new IOException(real + " is not mapped in " + pid);
    }
}
