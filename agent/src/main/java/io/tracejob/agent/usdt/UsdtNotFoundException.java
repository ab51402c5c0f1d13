package io.tracejob.agent.usdt;

import io.tracejob.agent.elf.ElfException;

/** A spec names a provider:name pair the binary has no probe for. */
public class UsdtNotFoundException extends ElfException {
    public UsdtNotFoundException(String message) {
        super(message);
    }
}
