package io.tracejob.agent.usdt;

/**
 * One USDT probe site ({@code .note.stapsdt} entry). A probe name can have several sites; all must
 * be attached.
 *
 * @param pcVaddr link-time address of the probe's nop, already adjusted for {@code .stapsdt.base}
 * @param fileOffset file offset of the site (uprobe {@code config2})
 * @param semaphoreVaddr link-time address of the {@code unsigned short} semaphore, 0 if the probe
 *     has none
 * @param semaphoreFileOffset file offset of the semaphore (uprobe {@code ref_ctr_offset}), 0 if
 *     none
 * @param args argument descriptors as written by sdt.h, e.g. {@code -4@%edi 8@%rsi}
 */
public record UsdtSite(
        String provider,
        String name,
        long pcVaddr,
        long fileOffset,
        long semaphoreVaddr,
        long semaphoreFileOffset,
        String args) {
    public String id() {
        return provider + ":" + name;
    }
}
