package io.tracejob.agent.tracefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.agent.testsupport.Kernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TracefsTest {
    static final String FIELD = "spec.probe.tracepoint";

    @Test
    void syscallEnterHasCommonFieldsAndTheSyscallNumber() throws IOException {
        Kernel.requireEbpf();
        TracepointInfo tp = Tracefs.find(FIELD, "syscalls", "sys_enter_getppid");
        assertThat(tp.id())
                .isEqualTo(
                        Integer.parseInt(
                                Files.readString(
                                                TracefsRoot.find()
                                                        .orElseThrow()
                                                        .resolve(
                                                                "events/syscalls/sys_enter_getppid/id"))
                                        .trim()));
        assertThat(tp.fields())
                .extracting(TracepointField::name)
                .containsExactly(
                        "common_type",
                        "common_flags",
                        "common_preempt_count",
                        "common_pid",
                        "__syscall_nr");
        TracepointField type = tp.field("common_type").orElseThrow();
        assertThat(type)
                .isEqualTo(new TracepointField("common_type", "unsigned short", 0, 2, false));
        TracepointField nr = tp.field("__syscall_nr").orElseThrow();
        assertThat(nr.type()).isEqualTo("int");
        assertThat(nr.signed()).isTrue();
        assertThat(nr.isNumeric()).isTrue();
        assertThat(nr.offset()).isGreaterThanOrEqualTo(8);
        assertThat(tp.fields().stream().filter(TracepointField::isCommon)).hasSize(4);
    }

    @Test
    void blockRqIssueMarksArraysAndDataLocNonNumeric() throws IOException {
        Kernel.requireEbpf();
        TracepointInfo tp = Tracefs.find(FIELD, "block", "block_rq_issue");
        TracepointField dev = tp.field("dev").orElseThrow();
        assertThat(dev.type()).isEqualTo("dev_t");
        assertThat(dev.isNumeric()).isTrue();
        assertThat(tp.field("sector").orElseThrow().size()).isEqualTo(8);
        TracepointField comm = tp.field("comm").orElseThrow();
        assertThat(comm.type()).isEqualTo("char[16]");
        assertThat(comm.size()).isEqualTo(16);
        assertThat(comm.isArray()).isTrue();
        assertThat(comm.isNumeric()).isFalse();
        TracepointField cmd = tp.field("cmd").orElseThrow();
        assertThat(cmd.isDynamic()).isTrue();
        assertThat(cmd.isNumeric()).isFalse();
        assertThat(tp.field("rwbs").orElseThrow().isNumeric()).isFalse();
    }

    @Test
    void tcpProbeAddressesAreArraysPortsNumeric() throws IOException {
        Kernel.requireEbpf();
        TracepointInfo tp = Tracefs.find(FIELD, "tcp", "tcp_probe");
        assertThat(tp.field("saddr").orElseThrow().isNumeric()).isFalse();
        TracepointField sport = tp.field("sport").orElseThrow();
        assertThat(sport.isNumeric()).isTrue();
        assertThat(sport.size()).isEqualTo(2);
        TracepointField skb = tp.field("skbaddr").orElseThrow();
        assertThat(skb.type()).isEqualTo("const void *");
        assertThat(skb.isNumeric()).isTrue();
        // fields are laid out in order, without overlap
        List<TracepointField> f = tp.fields();
        for (int i = 1; i < f.size(); i++)
            assertThat(f.get(i).offset())
                    .isGreaterThanOrEqualTo(f.get(i - 1).offset() + f.get(i - 1).size());
    }

    @Test
    void unknownNamesGetSuggestionsFromTheCategory() throws IOException {
        Kernel.requireEbpf();
        assertThatThrownBy(() -> Tracefs.find(FIELD, "syscalls", "sys_enter_getppd"))
                .isInstanceOf(TracefsException.class)
                .hasMessageStartingWith(FIELD + ": no tracepoint 'syscalls:sys_enter_getppd'")
                .hasMessageContaining("syscalls:sys_enter_getppid");
        assertThatThrownBy(() -> Tracefs.find(FIELD, "syscall", "sys_enter_read"))
                .hasMessageContaining("no tracepoint category 'syscall'")
                .hasMessageContaining("syscalls");
    }

    @Test
    void pathTraversalIsRejectedBeforeTouchingTheFilesystem(@TempDir Path fake) throws IOException {
        Files.createDirectories(fake.resolve("events"));
        for (String bad : new String[] {"..", "../syscalls", "a/b", "", " x", "x\0"}) {
            assertThatThrownBy(() -> Tracefs.find(fake, FIELD, bad, "sys_enter_read"))
                    .isInstanceOf(TracefsException.class)
                    .hasMessageContaining("is not a valid name");
            assertThatThrownBy(() -> Tracefs.find(fake, FIELD, "syscalls", bad))
                    .isInstanceOf(TracefsException.class)
                    .hasMessageContaining("is not a valid name");
        }
    }

    @Test
    void missingTracefsSaysHowToMountIt(@TempDir Path empty) {
        assertThatThrownBy(() -> TracefsRoot.require(List.of(empty.resolve("tracing"))))
                .isInstanceOf(TracefsException.class)
                .hasMessageContaining("tracefs is not mounted")
                .hasMessageContaining("mount -t tracefs nodev /sys/kernel/tracing");
    }

    @Test
    void parsesAFormatFileWithoutAKernel() throws IOException {
        String format =
                "name: demo\nID: 42\nformat:\n"
                        + "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n\n"
                        + "\tfield:long ret;\toffset:8;\tsize:8;\tsigned:1;\n"
                        + "\tfield:__rel_loc char[] msg;\toffset:16;\tsize:4;\tsigned:0;\n"
                        + "\tfield:u8 mac[ETH_ALEN];\toffset:20;\tsize:6;\tsigned:0;\n\nprint fmt: \"\"\n";
        TracepointInfo tp = Tracefs.parse("x", "demo", format);
        assertThat(tp.id()).isEqualTo(42);
        assertThat(tp.field("ret").orElseThrow())
                .isEqualTo(new TracepointField("ret", "long", 8, 8, true));
        assertThat(tp.field("msg").orElseThrow().isDynamic()).isTrue();
        assertThat(tp.field("mac").orElseThrow().type()).isEqualTo("u8[ETH_ALEN]");
        assertThatThrownBy(() -> Tracefs.parse("x", "y", "format:\n"))
                .hasMessageContaining("no ID line");
    }
}
