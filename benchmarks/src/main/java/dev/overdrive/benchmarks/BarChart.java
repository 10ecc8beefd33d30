package dev.overdrive.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A horizontal grouped bar chart as a self-contained SVG (no fonts or scripts to fetch), so that
 * README can embed it and GitHub renders it. Each group (a scenario: "1 arg, hot key") has its own
 * scale, since scenarios differ by orders of magnitude; within a group the bars compare the
 * variants, each variant keeping its colour across groups.
 */
final class BarChart {

  /** One bar: the variant, its value, and the text printed after it (the value, a ratio...). */
  record Bar(String series, double value, String text) {}

  record Group(String label, List<Bar> bars) {}

  private static final String[] COLOURS = {
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f"
  };
  private static final int WIDTH = 760;
  private static final int LABEL_WIDTH = 190;
  private static final int BAR_HEIGHT = 16;
  private static final int GROUP_GAP = 14;

  private final String title;
  private final String unit;
  private final List<Group> groups = new ArrayList<>();

  /** {@code unit} says what a bar measures and which way is better: "ns/op, shorter is better". */
  BarChart(String title, String unit) {
    this.title = title;
    this.unit = unit;
  }

  BarChart group(String label, List<Bar> bars) {
    List<Bar> drawn = bars.stream().filter(b -> !Double.isNaN(b.value())).toList();
    if (!drawn.isEmpty()) {
      groups.add(new Group(label, drawn));
    }
    return this;
  }

  boolean isEmpty() {
    return groups.isEmpty();
  }

  String svg() {
    Map<String, String> colourOf = new LinkedHashMap<>();
    for (Group g : groups) {
      for (Bar b : g.bars()) {
        colourOf.computeIfAbsent(b.series(), s -> COLOURS[colourOf.size() % COLOURS.length]);
      }
    }
    StringBuilder body = new StringBuilder();
    int y = 48;
    // Legend: one swatch per variant.
    int x = 10;
    for (Map.Entry<String, String> e : colourOf.entrySet()) {
      body.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
              x,
              y - 10,
              e.getValue(),
              x + 16,
              y,
              escape(e.getKey())));
      x += 28 + 7 * e.getKey().length();
      if (x > WIDTH - 120) {
        x = 10;
        y += 18;
      }
    }
    y += 18;
    int plot = WIDTH - LABEL_WIDTH - 150;
    for (Group g : groups) {
      double max = g.bars().stream().mapToDouble(Bar::value).max().orElse(1);
      body.append(
          String.format(
              Locale.ROOT,
              "<text x=\"10\" y=\"%d\" font-weight=\"bold\">%s</text>%n",
              y + 12,
              escape(g.label())));
      y += 18;
      for (Bar b : g.bars()) {
        int length = max <= 0 ? 0 : (int) Math.max(1, Math.round(plot * b.value() / max));
        body.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                    + "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n",
                LABEL_WIDTH - 6,
                y + 12,
                escape(b.series()),
                LABEL_WIDTH,
                y + 1,
                length,
                BAR_HEIGHT - 3,
                colourOf.get(b.series()),
                LABEL_WIDTH + length + 5,
                y + 12,
                escape(b.text())));
        y += BAR_HEIGHT;
      }
      y += GROUP_GAP;
    }
    int height = y + 6;
    return String.format(
        Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
            + " font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">%n"
            + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"
            + "<text x=\"10\" y=\"18\" font-size=\"15\" font-weight=\"bold\">%s</text>%n"
            + "<text x=\"10\" y=\"33\" fill=\"#555\">%s</text>%n%s</svg>%n",
        WIDTH,
        height,
        WIDTH,
        height,
        escape(title),
        escape(unit + "; each group has its own scale"),
        body);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
