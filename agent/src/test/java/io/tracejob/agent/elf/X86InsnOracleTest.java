package io.tracejob.agent.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The length decoder against objdump over real compiled code: wherever it claims a length, it must
 * be right.
 */
class X86InsnOracleTest {
    private static final Pattern LINE =
            Pattern.compile("^\\s*([0-9a-f]+):\\t((?:[0-9a-f]{2} )+)\\s*\\t(\\S+)");

    @Test
    void lengthsAgreeWithObjdumpOnLibc() throws IOException {
        Path libc =
                io.tracejob.agent.proc.ProcMaps.findLibrary(
                                (int) ProcessHandle.current().pid(), "libc.so.6")
                        .orElseThrow();
        long text;
        try (ElfFile elf = ElfFile.open(libc)) {
            text = elf.section(".text").orElseThrow().addr();
        }
        String dump =
                Readelf.run(
                        "objdump",
                        "-d",
                        "--insn-width=16",
                        "-j",
                        ".text",
                        "--start-address=0x" + Long.toHexString(text),
                        "--stop-address=0x" + Long.toHexString(text + 0x38000),
                        libc.toString());
        int decoded = 0, total = 0;
        List<String> wrong = new ArrayList<>();
        Map<String, Integer> unknown = new HashMap<>();
        for (String line : dump.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (!m.find()) continue;
            String[] hex = m.group(2).trim().split(" ");
            byte[] code = new byte[hex.length];
            for (int i = 0; i < hex.length; i++) code[i] = (byte) Integer.parseInt(hex[i], 16);
            total++;
            X86Insn insn = X86Insn.decode(code, 0);
            if (insn == null) {
                unknown.merge(m.group(3), 1, Integer::sum);
                continue;
            }
            decoded++;
            if (insn.length() != hex.length)
                wrong.add(line.trim() + " → decoder says " + insn.length());
        }
        System.out.printf(
                "X86Insn: decoded %d of %d libc instructions; most common unknown: %s%n",
                decoded,
                total,
                unknown.entrySet().stream()
                        .sorted((a, b) -> b.getValue() - a.getValue())
                        .limit(8)
                        .toList());
        assertThat(total).isGreaterThan(10_000);
        assertThat(wrong).isEmpty();
        assertThat(decoded).isGreaterThan(total / 2);
    }
}
