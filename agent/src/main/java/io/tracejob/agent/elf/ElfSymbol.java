package io.tracejob.agent.elf;

/**
 * One defined function symbol.
 *
 * @param vaddr {@code st_value}: link-time virtual address (PIE/shared objects: relative to load
 *     base)
 * @param local STB_LOCAL (a {@code static} function): several may share a name
 * @param ifunc STT_GNU_IFUNC: the address is the resolver, not the implementation
 * @param fromDynsym found only in {@code .dynsym} (exported), not in {@code .symtab}
 * @param defaultVersion false for a compatibility version kept for old binaries ({@code
 *     memcpy@GLIBC_2.2.5}, hidden in {@code .gnu.version}); new callers bind to the default one
 */
public record ElfSymbol(
        String name,
        long vaddr,
        long size,
        boolean local,
        boolean ifunc,
        boolean fromDynsym,
        boolean defaultVersion) {
    /** The name without a symbol version suffix ({@code memcpy@@GLIBC_2.14} → {@code memcpy}). */
    public String baseName() {
        int at = name.indexOf('@');
        return at > 0 ? name.substring(0, at) : name;
    }
}
