package io.tracejob.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracejob.api.v1alpha1.testsupport.CelEvaluator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KubeDurationTest {

    @ParameterizedTest
    @CsvSource({
        "10s,10000000000",
        "1m30s,90000000000",
        "500ms,500000000",
        "2h,7200000000000",
        "1.5s,1500000000",
        "250us,250000",
        "7ns,7",
        "1h2m3s4ms5us6ns,3723004005006",
        "0s,0"
    })
    void parsesLikeTheApiServer(String text, long nanos) {
        assertThat(KubeDuration.parse("spec.duration", text)).isEqualTo(Duration.ofNanos(nanos));
        // cel-java's duration() (the API server's CEL) reads the same value.
        assertThat(CelEvaluator.holds("duration(self) == duration('" + nanos + "ns')", text, null))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "", "10", "1d", "-1s", "1 s", "s", "1.s", "1m 30s", "10S", "1e3s", "٣s", "1s\n"
            })
    void rejectsWithFieldAndRule(String text) {
        assertThatThrownBy(() -> KubeDuration.parse("spec.interval", text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("spec.interval: ")
                .hasMessageContaining("duration")
                .hasMessageNotContaining("\n");
    }

    @Test
    void rejectsOverflow() {
        assertThatThrownBy(() -> KubeDuration.parse("spec.duration", "999999999999h"))
                .hasMessageContaining("too long");
    }

    @Test
    void formatsShortest() {
        assertThat(KubeDuration.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(KubeDuration.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(KubeDuration.parse("x", KubeDuration.format(Duration.ofNanos(3723004005006L))))
                .isEqualTo(Duration.ofNanos(3723004005006L));
    }
}
