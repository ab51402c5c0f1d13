package io.tracejob.agent.elf;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Turns a function name (+ optional byte offset into it) from a spec into a probe address. */
public final class SymbolResolver {
    private SymbolResolver() {}

    /**
     * @param field the spec field the name came from, used in every error message (e.g. {@code
     *     spec.probe.function})
     * @param extraOffset bytes into the function; must lie inside the function's size
     * @throws SymbolNotFoundException not found (with up to 5 close names), stripped binary, an
     *     IFUNC, an ambiguous name (several {@code static} functions, none exported), or an offset
     *     outside the function
     */
    public static ResolvedSymbol resolve(ElfFile elf, String field, String name, long extraOffset)
            throws IOException {
        if (name == null || name.isBlank())
            throw new SymbolNotFoundException(field + ": function name is empty");
        List<ElfSymbol> all = elf.functionSymbols();
        List<ElfSymbol> matches =
                all.stream().filter(s -> s.name().equals(name)).collect(Collectors.toList());
        if (matches.isEmpty()) {
            // .symtab may spell versioned names "malloc@@GLIBC_2.2.5"; accept the bare name.
            matches =
                    all.stream()
                            .filter(s -> s.baseName().equals(name))
                            .collect(Collectors.toList());
        }
        if (matches.isEmpty()) throw notFound(elf, field, name, all);

        ElfSymbol sym = pick(elf, field, name, matches);
        if (sym.ifunc()) {
            throw new SymbolNotFoundException(
                    field
                            + ": '"
                            + name
                            + "' in "
                            + elf.path()
                            + " is a GNU indirect function (IFUNC): "
                            + "its address is the resolver that runs once at load time, not the implementation callers reach. "
                            + "Name the implementation instead (e.g. one of the '__"
                            + name
                            + "_*' variants; needs a binary with .symtab)");
        }
        if (extraOffset < 0)
            throw new SymbolNotFoundException(
                    field + ": offset " + extraOffset + " into '" + name + "' is negative");
        if (extraOffset > 0 && sym.size() > 0 && extraOffset >= sym.size()) {
            throw new SymbolNotFoundException(
                    field
                            + ": offset "
                            + extraOffset
                            + " (0x"
                            + Long.toHexString(extraOffset)
                            + ") is beyond the end of '"
                            + name
                            + "' in "
                            + elf.path()
                            + ", which is "
                            + sym.size()
                            + " bytes long");
        }
        long vaddr = sym.vaddr() + extraOffset;
        return new ResolvedSymbol(
                sym.name(), vaddr, sym.size(), elf.fileOffsetOfVaddr(vaddr), extraOffset);
    }

    /**
     * One definition wins: the default symbol version over compatibility ones, an exported
     * (global/weak) one over same-named statics, since that is what callers outside the file reach.
     * Several statics with distinct addresses and no exported one are an error — probing one would
     * silently miss calls to the others.
     */
    private static ElfSymbol pick(ElfFile elf, String field, String name, List<ElfSymbol> matches)
            throws SymbolNotFoundException {
        // Old symbol versions (memcpy@GLIBC_2.2.5) serve only binaries linked long ago; callers
        // today reach the default.
        List<ElfSymbol> current =
                matches.stream().filter(ElfSymbol::defaultVersion).collect(Collectors.toList());
        if (!current.isEmpty()) matches = current;
        Map<Long, ElfSymbol> byAddress = new LinkedHashMap<>();
        for (ElfSymbol s : matches) byAddress.putIfAbsent(s.vaddr(), s);
        if (byAddress.size() == 1) return byAddress.values().iterator().next();
        List<ElfSymbol> global =
                byAddress.values().stream().filter(s -> !s.local()).collect(Collectors.toList());
        if (global.size() == 1) return global.get(0);
        List<String> sites = new ArrayList<>();
        for (ElfSymbol s : byAddress.values()) {
            sites.add(
                    "0x"
                            + Long.toHexString(s.vaddr())
                            + " ("
                            + (s.local() ? "static" : "global")
                            + ", "
                            + s.size()
                            + " bytes)");
        }
        throw new SymbolNotFoundException(
                field
                        + ": '"
                        + name
                        + "' is ambiguous in "
                        + elf.path()
                        + ": "
                        + byAddress.size()
                        + " different functions carry that name, at "
                        + String.join(", ", sites)
                        + ". Probing one would miss calls to the others; rename one, or probe a caller that is unique");
    }

    private static SymbolNotFoundException notFound(
            ElfFile elf, String field, String name, List<ElfSymbol> all) {
        List<String> close =
                ClosestNames.of(
                        name,
                        all.stream().map(ElfSymbol::baseName).collect(Collectors.toList()),
                        5);
        if (!elf.hasSymtab()) {
            return new SymbolNotFoundException(
                    field
                            + ": function '"
                            + name
                            + "' not found in "
                            + elf.path()
                            + ": the binary is stripped (no .symtab) and '"
                            + name
                            + "' is not exported in .dynsym ("
                            + ClosestNames.describe(close)
                            + "). Use a USDT probe if the program has one, "
                            + "or the function's address with an explicit offset, or a build with symbols");
        }
        return new SymbolNotFoundException(
                field
                        + ": function '"
                        + name
                        + "' not found in "
                        + elf.path()
                        + " ("
                        + all.size()
                        + " functions; "
                        + ClosestNames.describe(close)
                        + ")");
    }
}
