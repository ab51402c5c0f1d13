package io.tracejob.agent.elf;

/** A section header: {@code addr} is the link-time address (0 for non-allocated sections). */
public record ElfSection(
        String name,
        int type,
        long flags,
        long addr,
        long offset,
        long size,
        int link,
        int info,
        long entsize) {
    static final int SHT_NOBITS = 8;

    /** NOBITS sections ({@code .bss}) occupy memory but no file bytes. */
    public boolean hasFileBytes() {
        return type != SHT_NOBITS;
    }
}
