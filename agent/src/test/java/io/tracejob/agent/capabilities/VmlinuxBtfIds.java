package io.tracejob.agent.capabilities;

import io.tracejob.agent.btf.VmlinuxBtf;
import java.io.IOException;
import java.io.UncheckedIOException;

final class VmlinuxBtfIds {
    private VmlinuxBtfIds() {}

    static int anyTrialFunction() {
        try {
            for (String fn : FentryTrial.FUNCTIONS) {
                var id = VmlinuxBtf.funcId(fn);
                if (id.isPresent()) return id.getAsInt();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no trial function in the kernel BTF");
    }
}
