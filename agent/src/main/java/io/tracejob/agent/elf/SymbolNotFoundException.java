package io.tracejob.agent.elf;

/** A spec field names a function the binary does not define (or defines ambiguously). */
public class SymbolNotFoundException extends ElfException {
    public SymbolNotFoundException(String message) {
        super(message);
    }
}
