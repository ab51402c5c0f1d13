package io.tracejob.agent.elf;

import java.io.IOException;

/**
 * A binary that cannot be used as a probe target, or a lookup in it that failed; the message says
 * which rule.
 */
public class ElfException extends IOException {
    public ElfException(String message) {
        super(message);
    }
}
