package io.tracejob.operator.plugin;

import static io.tracejob.operator.plugin.PluginRun.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tracejob.api.v1alpha1.Manifests;
import io.tracejob.api.v1alpha1.Result;
import io.tracejob.operator.plugin.render.PercentileTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code show --svg}: the file parses as XML, and the curve passes through the Result's percentiles
 * — read back through the plot's own axis ticks (x: the percentile labels, y: two value ticks), not
 * through the renderer's scale.
 */
class NinesPlotTest {
    @Test
    void theCurvePassesThroughTheResultsPercentiles(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("plot.svg");
        PluginRun.offline("show", "-f", fixture("match-order-before.yaml"), "--svg", svg.toString())
                .succeeded();
        Result r =
                Manifests.readTraceJob(PluginRun.read("match-order-before.yaml"))
                        .getStatus()
                        .getResult();

        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(svg.toFile());
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");

        List<Element> yTicks = byClass(doc, "text", "ytick");
        Element low = yTicks.get(0), high = yTicks.get(yTicks.size() - 1);
        double v0 = Double.parseDouble(low.getAttribute("data-value"));
        double v1 = Double.parseDouble(high.getAttribute("data-value"));
        double y0 = Double.parseDouble(low.getAttribute("y")),
                y1 = Double.parseDouble(high.getAttribute("y"));
        double[][] curve = points(doc);

        for (PercentileTable.Level level : PercentileTable.LEVELS) {
            Element tick =
                    byClass(doc, "text", "xtick").stream()
                            .filter(
                                    t ->
                                            Double.parseDouble(t.getAttribute("data-percentile"))
                                                    == level.percentile())
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("no x tick " + level.label()));
            double x = Double.parseDouble(tick.getAttribute("x"));
            double[] vertex = null;
            for (double[] p : curve) if (Math.abs(p[0] - x) < 0.01) vertex = p;
            assertThat(vertex).as("a curve vertex at the %s tick", level.label()).isNotNull();
            // the value the vertex's height reads on the log value axis (ticks sit 4 px lower)
            double log =
                    Math.log10(v0)
                            + (vertex[1] + 4 - y0) * (Math.log10(v1) - Math.log10(v0)) / (y1 - y0);
            long expected = level.value().applyAsLong(r.getPercentiles());
            assertThat(Math.pow(10, log))
                    .as("%s read off the plot", level.label())
                    .isCloseTo(expected, within(expected * 0.002));
        }
    }

    private static List<Element> byClass(Document doc, String tag, String cls) {
        NodeList nodes = doc.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (cls.equals(e.getAttribute("class"))) out.add(e);
        }
        return out;
    }

    private static double[][] points(Document doc) {
        Element curve = doc.getElementById("curve");
        if (curve == null) {
            NodeList lines = doc.getElementsByTagName("polyline");
            for (int i = 0; i < lines.getLength(); i++)
                if ("curve".equals(((Element) lines.item(i)).getAttribute("id")))
                    curve = (Element) lines.item(i);
        }
        assertThat(curve).as("the curve").isNotNull();
        String[] pairs = curve.getAttribute("points").trim().split("\\s+");
        double[][] out = new double[pairs.length][];
        for (int i = 0; i < pairs.length; i++) {
            String[] xy = pairs[i].split(",");
            out[i] = new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])};
        }
        return out;
    }
}
