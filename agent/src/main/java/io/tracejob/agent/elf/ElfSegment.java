package io.tracejob.agent.elf;

/** A program header; only PT_LOAD ones matter for address → file offset translation. */
public record ElfSegment(int type, int flags, long offset, long vaddr, long filesz, long memsz) {
    static final int PT_LOAD = 1;

    boolean holdsFileBytesAt(long address) {
        return type == PT_LOAD
                && Long.compareUnsigned(address, vaddr) >= 0
                && Long.compareUnsigned(address - vaddr, filesz) < 0;
    }

    boolean holdsMemoryAt(long address) {
        return type == PT_LOAD
                && Long.compareUnsigned(address, vaddr) >= 0
                && Long.compareUnsigned(address - vaddr, memsz) < 0;
    }
}
