package io.frameflow.zoo.cost;

import java.util.Locale;

/** Renders a {@link CostReport} as the per-layer table the {@code cost} command prints. */
public final class CostTableFormatter {

    private static final String ROW = "%3s  %-20s %-16s %-16s %12s %12s %9s";

    private CostTableFormatter() {}

    public static String format(CostReport report) {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        Locale.ROOT,
                        "%s (alpha %.2f, %dx%dx%d input, %d classes)%n",
                        report.network().displayName(),
                        report.network().alpha(),
                        report.network().resolution(),
                        report.network().resolution(),
                        report.network().inputChannels(),
                        report.network().classes()));
        out.append(
                        String.format(
                                Locale.ROOT,
                                ROW,
                                "#",
                                "layer",
                                "input",
                                "output",
                                "mult-adds",
                                "params",
                                "vs conv"))
                .append(System.lineSeparator());
        int index = 1;
        for (LayerCost layer : report.layers()) {
            out.append(
                            String.format(
                                            Locale.ROOT,
                                            ROW,
                                            index++,
                                            layer.name(),
                                            shape(layer.inputSize(), layer.inputChannels()),
                                            shape(layer.outputSize(), layer.outputChannels()),
                                            String.format(Locale.ROOT, "%,d", layer.multAdds()),
                                            String.format(Locale.ROOT, "%,d", layer.params()),
                                            Double.isNaN(layer.standardConvRatio())
                                                    ? ""
                                                    : String.format(
                                                            Locale.ROOT,
                                                            "%.4f",
                                                            layer.standardConvRatio()))
                                    .stripTrailing())
                    .append(System.lineSeparator());
        }
        out.append(
                String.format(
                        Locale.ROOT,
                        "Total: %.1f M mult-adds, %.2f M parameters%n",
                        report.multAdds() / 1e6,
                        report.params() / 1e6));
        return out.toString();
    }

    private static String shape(int size, int channels) {
        return size + "x" + size + "x" + channels;
    }
}
