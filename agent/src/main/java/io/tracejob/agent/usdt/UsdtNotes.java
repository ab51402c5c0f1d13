package io.tracejob.agent.usdt;

import io.tracejob.agent.elf.ClosestNames;
import io.tracejob.agent.elf.ElfException;
import io.tracejob.agent.elf.ElfFile;
import io.tracejob.agent.elf.ElfSection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Reads SystemTap/DTrace USDT probe notes ({@code .note.stapsdt}, owner "stapsdt", type 3). */
public final class UsdtNotes {
    static final int NT_STAPSDT = 3;
    private static final int MAX_LISTED = 40;

    private UsdtNotes() {}

    public static List<UsdtSite> read(ElfFile elf) throws IOException {
        Optional<ElfSection> notes = elf.section(".note.stapsdt");
        if (notes.isEmpty()) return List.of();
        // Prelink-style relocation moves everything by the same delta; .stapsdt.base records where
        // it was.
        Optional<ElfSection> base = elf.section(".stapsdt.base");
        ByteBuffer b = elf.sectionBytes(notes.get());
        List<UsdtSite> out = new ArrayList<>();
        int p = 0;
        while (p + 12 <= b.limit()) {
            int namesz = b.getInt(p), descsz = b.getInt(p + 4), type = b.getInt(p + 8);
            int nameAt = p + 12;
            int descAt = nameAt + align4(namesz);
            int next = descAt + align4(descsz);
            if (namesz < 0 || descsz < 0 || next > b.limit() || next <= p) {
                throw new ElfException(
                        elf.path()
                                + ": corrupt .note.stapsdt (note at section offset "
                                + p
                                + " overruns the section)");
            }
            String owner = cString(b, nameAt, nameAt + namesz);
            if (type == NT_STAPSDT && owner.equals("stapsdt") && descsz >= 24) {
                out.add(site(elf, b, descAt, descAt + descsz, base));
            }
            p = next;
        }
        return List.copyOf(out);
    }

    /**
     * All sites of {@code provider:name}.
     *
     * @throws UsdtNotFoundException naming {@code field} and listing the pairs the binary has
     */
    public static List<UsdtSite> find(ElfFile elf, String field, String provider, String name)
            throws IOException {
        List<UsdtSite> all = read(elf);
        List<UsdtSite> hits =
                all.stream()
                        .filter(u -> u.provider().equals(provider) && u.name().equals(name))
                        .collect(Collectors.toList());
        if (!hits.isEmpty()) return hits;
        if (all.isEmpty()) {
            throw new UsdtNotFoundException(
                    field
                            + ": "
                            + elf.path()
                            + " has no USDT probes (no .note.stapsdt section); "
                            + "the program must be built with them (e.g. --enable-dtrace) to trace "
                            + provider
                            + ":"
                            + name);
        }
        TreeSet<String> pairs =
                all.stream().map(UsdtSite::id).collect(Collectors.toCollection(TreeSet::new));
        List<String> close = ClosestNames.of(provider + ":" + name, pairs, 5);
        String listed =
                pairs.stream().limit(MAX_LISTED).collect(Collectors.joining(", "))
                        + (pairs.size() > MAX_LISTED ? ", … (" + pairs.size() + " in all)" : "");
        throw new UsdtNotFoundException(
                field
                        + ": no USDT probe "
                        + provider
                        + ":"
                        + name
                        + " in "
                        + elf.path()
                        + (close.isEmpty()
                                ? ""
                                : " (did you mean " + String.join(", ", close) + "?)")
                        + "; probes present: "
                        + listed);
    }

    private static UsdtSite site(
            ElfFile elf, ByteBuffer b, int at, int end, Optional<ElfSection> base)
            throws ElfException {
        long pc = b.getLong(at);
        long noteBase = b.getLong(at + 8);
        long semaphore = b.getLong(at + 16);
        int s = at + 24;
        int providerEnd = zero(b, s, end);
        int nameEnd = zero(b, providerEnd + 1, end);
        int argsEnd = nameEnd + 1 < end ? zero(b, nameEnd + 1, end) : nameEnd;
        String provider = cString(b, s, providerEnd);
        String name = cString(b, providerEnd + 1, nameEnd);
        String args = nameEnd + 1 < end ? cString(b, nameEnd + 1, argsEnd) : "";
        if (base.isPresent() && noteBase != 0) pc += base.get().addr() - noteBase;
        long semOffset = semaphore == 0 ? 0 : elf.fileOffsetOfVaddr(semaphore);
        return new UsdtSite(
                provider, name, pc, elf.fileOffsetOfVaddr(pc), semaphore, semOffset, args);
    }

    private static int zero(ByteBuffer b, int from, int end) {
        int i = Math.min(from, end);
        while (i < end && b.get(i) != 0) i++;
        return i;
    }

    private static String cString(ByteBuffer b, int from, int end) {
        int stop = zero(b, from, end);
        byte[] bytes = new byte[Math.max(0, stop - from)];
        b.get(from, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int align4(int n) {
        return (n + 3) & ~3;
    }
}
