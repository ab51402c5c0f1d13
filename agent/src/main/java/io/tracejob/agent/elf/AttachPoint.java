package io.tracejob.agent.elf;

/**
 * Where a uprobe goes.
 *
 * @param fileOffset offset for the uprobe PMU ({@code config2})
 * @param vaddr link-time address of the probed instruction
 * @param skippedBytes bytes moved forward from the resolved address (endbr64, a 5-byte nop)
 * @param description one sentence for users: which instruction, what was skipped and why
 */
public record AttachPoint(
        long fileOffset, long vaddr, int skippedBytes, AttachClass cls, String description) {}
