package io.tracejob.agent.elf;

/**
 * A probe address inside a function.
 *
 * @param vaddr link-time address of the probe (symbol start + the spec's extra offset)
 * @param size the function's size in bytes (0 when the symbol table does not say)
 * @param fileOffset file offset of {@code vaddr}: what the uprobe PMU wants
 * @param offsetIntoSymbol the spec's extra offset; 0 means the function entry
 */
public record ResolvedSymbol(
        String name, long vaddr, long size, long fileOffset, long offsetIntoSymbol) {
    public ResolvedSymbol(String name, long vaddr, long size, long fileOffset) {
        this(name, vaddr, size, fileOffset, 0);
    }

    /** Start address of the function. */
    public long symbolVaddr() {
        return vaddr - offsetIntoSymbol;
    }

    public boolean atEntry() {
        return offsetIntoSymbol == 0;
    }
}
