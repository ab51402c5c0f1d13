package io.tracejob.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ResultTest {

    @Test
    void histogramSurvivesEncodeAndDecode() {
        Histogram h = new Histogram(3_600_000_000_000L, 2);
        Random r = new Random(7);
        for (int i = 0; i < 100_000; i++)
            h.recordValue(
                    1_000
                            + (long) (r.nextGaussian() * 100 + 5_000)
                            + (i % 1000 == 0 ? 40_000_000 : 0));
        Result result = new Result();
        result.setHistogram(Result.encodeHistogram(h));
        Histogram back = Result.fromJson(result.toJson()).decodeHistogram();
        assertThat(back.getTotalCount()).isEqualTo(h.getTotalCount());
        assertThat(back.getMaxValue()).isEqualTo(h.getMaxValue());
        for (double q : new double[] {50, 90, 99, 99.9, 99.99}) {
            assertThat(back.getValueAtPercentile(q))
                    .as("p" + q)
                    .isEqualTo(h.getValueAtPercentile(q));
        }
        assertThat(back).isEqualTo(h);
        // Compressed: far smaller than the raw counts array.
        assertThat(result.getHistogram().length()).isLessThan(h.getEstimatedFootprintInBytes() / 4);
    }

    @Test
    void percentileKeysAreExactlyTheDocumentedOnes() throws Exception {
        Percentiles p = new Percentiles();
        p.setP50(1);
        p.setP90(2);
        p.setP99(3);
        p.setP999(4);
        p.setP9999(5);
        Result result = new Result();
        result.setPercentiles(p);
        result.setStopReason(StopReason.TargetExited);
        result.setMessage("the target process exited");
        JsonNode json = new ObjectMapper().readTree(result.toJson());
        assertThat(json.get("percentiles").toString())
                .isEqualTo("{\"p50\":1,\"p90\":2,\"p99\":3,\"p99.9\":4,\"p99.99\":5}");
        assertThat(json.get("stopReason").asText()).isEqualTo("TargetExited");
        assertThat(json.get("warnings").isArray()).isTrue();
        assertThat(Result.fromJson(result.toJson()).getPercentiles().getP999()).isEqualTo(4);
    }

    @Test
    void readsResultsWithFieldsItDoesNotKnow() {
        Result r =
                Result.fromJson("{\"count\": 3, \"addedInV2\": {\"x\": 1}, \"warnings\": [\"w\"]}");
        assertThat(r.getCount()).isEqualTo(3);
        assertThat(r.getWarnings()).isEqualTo(List.of("w"));
    }

    @Test
    void clearErrorsForBrokenInput() {
        assertThatThrownBy(() -> Result.fromJson("{\"count\": "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a TraceJob result");
        Result noHistogram = new Result();
        assertThatThrownBy(noHistogram::decodeHistogram).hasMessageContaining("no histogram");
        Result notBase64 = new Result();
        notBase64.setHistogram("%%%");
        assertThatThrownBy(notBase64::decodeHistogram).hasMessageContaining("not base64");
        Result notHdr = new Result();
        notHdr.setHistogram("SGVsbG8gd29ybGQ=");
        assertThatThrownBy(notHdr::decodeHistogram).hasMessageContaining("not an HdrHistogram");
    }
}
