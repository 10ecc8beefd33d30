package dev.overdrive.demo.load;

import dev.overdrive.demo.Args;
import dev.overdrive.demo.Launcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;

/** The comparison as a text table and as a self-contained HTML page with SVG bar charts. */
public final class ComparisonReport {

  private ComparisonReport() {}

  /** The side-by-side table printed by {@code compare}. */
  public static String text(Compare.Result r) {
    Compare.Settings s = r.settings();
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "Overdrive demo: agent off vs on, %d virtual users," + " %s%n",
            s.concurrency(),
            s.timing()));
    sb.append(
        String.format(
            Locale.ROOT,
            "%,d products, %,d orders, %s; pricing latency %s%n%n",
            s.products(),
            s.orders(),
            s.database(),
            Args.format(s.pricingLatency())));
    String fmt = "%-26s | %9s %9s %6s | %7s %7s | %7s %7s | %7s %7s | %8s %8s%n";
    sb.append(
        String.format(
            Locale.ROOT,
            "%-26s | %s | %s | %s | %s | %s%n",
            "",
            center("requests/s", 26),
            center("p50 ms", 15),
            center("p99 ms", 15),
            center("db queries/req", 15),
            center("pricing calls/req", 17)));
    sb.append(
        String.format(
            Locale.ROOT,
            fmt,
            "endpoint",
            "off",
            "on",
            "gain",
            "off",
            "on",
            "off",
            "on",
            "off",
            "on",
            "off",
            "on"));
    sb.append("-".repeat(27))
        .append('+')
        .append("-".repeat(28))
        .append('+')
        .append("-".repeat(17))
        .append('+')
        .append("-".repeat(17))
        .append('+')
        .append("-".repeat(17))
        .append('+')
        .append("-".repeat(18))
        .append('\n');
    List<String> notes = new ArrayList<>();
    for (int i = 0; i < r.off().results().size(); i++) {
      PhaseResult off = r.off().results().get(i);
      PhaseResult on = r.on().results().get(i);
      sb.append(
          String.format(
              Locale.ROOT,
              fmt,
              off.endpoint().label(),
              count(off.throughput()),
              count(on.throughput()),
              gain(off, on),
              ms(off.p50Ms()),
              ms(on.p50Ms()),
              ms(off.p99Ms()),
              ms(on.p99Ms()),
              ratio(off.dbQueriesPerRequest()),
              ratio(on.dbQueriesPerRequest()),
              ratio(off.pricingCallsPerRequest()),
              ratio(on.pricingCallsPerRequest())));
      for (PhaseResult p : List.of(off, on)) {
        if (p.errors() > 0) {
          notes.add(
              String.format(
                  Locale.ROOT,
                  "%s, agent %s: %,d of %,d requests failed" + " (first: %s)",
                  p.endpoint().label(),
                  p == off ? "off" : "on",
                  p.errors(),
                  p.requests(),
                  p.firstError()));
        }
      }
    }
    sb.append('\n');
    sb.append("gain = requests/s with the agent / requests/s without it\n");
    for (String n : notes) {
      sb.append("note: ").append(n).append('\n');
    }
    return sb.toString();
  }

  static String center(String text, int width) {
    int left = Math.max(0, (width - text.length()) / 2);
    return String.format("%-" + width + "s", " ".repeat(left) + text);
  }

  static String gain(PhaseResult off, PhaseResult on) {
    if (off.throughput() <= 0) {
      return "-";
    }
    double g = on.throughput() / off.throughput();
    return String.format(Locale.ROOT, g >= 10 ? "%.0fx" : "%.1fx", g);
  }

  static String count(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  static String ms(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
  }

  static String ratio(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  // ---------------------------------------------------------------------------------- HTML --

  private static final String OFF_COLOR = "#9aa0a6";
  private static final String ON_COLOR = "#e8710a";

  /** The endpoints this comparison ran, and the mix if it ran (measured or as the warm-up). */
  static List<Workload.Endpoint> shown(Compare.Settings s) {
    List<Workload.Endpoint> shown = new ArrayList<>(s.endpoints());
    if (!shown.contains(Workload.Endpoint.MIXED) && !s.warmupAll().isZero()) {
      shown.add(Workload.Endpoint.MIXED);
    }
    return shown;
  }

  private static String describe(Workload.Endpoint e, Compare.Settings s) {
    return switch (e) {
      case PRODUCT ->
          "<b>GET /products/{id}</b>: a repository lookup with <code>@Cached</code>"
              + " (ttl 5m, jitter 0.2).";
      case ORDER ->
          "<b>GET /orders/{id}</b>: the order and its lines in one query, then each"
              + " line's product through a single-key <code>CompletableFuture</code> method with"
              + " <code>@Batched(via = \"findAll\")</code>: N lookups become one"
              + " <code>WHERE id IN (...)</code>, shared with concurrent requests.";
      case PRICE ->
          "<b>GET /products/{id}/price</b>: the pricing service call with"
              + " <code>@Cached(refreshAfter = \"30s\")</code>.";
      case CREATE ->
          "<b>POST /orders</b>: prices every line with a <code>@Parallel</code>"
              + " method (one pricing call per line, 16 at once), stores the order, and"
              + " appends to the journal through an <code>@Async</code> method.";
      case MIXED ->
          "<b>mixed</b>: 45% product, 25% order, 25% price lookups, 5% new orders"
              + (s.endpoints().contains(Workload.Endpoint.MIXED)
                  ? "."
                  : " (the warm-up of all endpoints, not measured).");
    };
  }

  /** The self-contained page: no external script, style sheet or font. */
  public static String html(Compare.Result r) {
    Compare.Settings s = r.settings();
    List<PhaseResult> off = r.off().results();
    List<PhaseResult> on = r.on().results();
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>Overdrive demo: agent off vs on</title>\n<style>\n")
        .append("body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;")
        .append("margin:2em auto;max-width:60em;padding:0 1em;color:#202124}\n")
        .append("h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em}\n")
        .append("table{border-collapse:collapse;font-variant-numeric:tabular-nums}\n")
        .append("th,td{padding:.3em .7em;border-bottom:1px solid #dadce0;text-align:right}\n")
        .append("th:first-child,td:first-child{text-align:left;white-space:nowrap}\n")
        .append(".headline{background:#fef7e0;padding:.6em 1em}\n")
        .append("pre{background:#f1f3f4;padding:.8em;overflow-x:auto;white-space:pre-wrap;")
        .append("word-break:break-all;font-size:.85em}\n")
        .append(".off{color:")
        .append(OFF_COLOR)
        .append("}.on{color:")
        .append(ON_COLOR)
        .append("}.legend span{display:inline-block;width:1em;height:1em;margin:0 .3em 0 1em;")
        .append("vertical-align:middle}\n")
        .append("figure{margin:1.5em 0}</style>\n</head>\n<body>\n");
    h.append("<h1>Overdrive demo: the same service, agent off vs on</h1>\n");
    h.append("<p>")
        .append(
            esc(
                String.format(
                    Locale.ROOT,
                    "%d virtual users, %s; %,d products,"
                        + " %,d orders, %s; pricing latency %s. Run %s on %s.",
                    s.concurrency(),
                    s.timing(),
                    s.products(),
                    s.orders(),
                    s.database(),
                    Args.format(s.pricingLatency()),
                    r.date(),
                    r.environment())))
        .append("</p>\n");
    h.append("<p class=\"headline\">");
    for (int i = 0; i < off.size(); i++) {
      PhaseResult a = off.get(i);
      PhaseResult b = on.get(i);
      h.append(i == 0 ? "" : "<br>")
          .append("<b>")
          .append(esc(a.endpoint().label()))
          .append("</b>: ")
          .append(gain(a, b))
          .append(" the requests/s, p99 ")
          .append(ms(a.p99Ms()))
          .append(" &rarr; ")
          .append(ms(b.p99Ms()))
          .append(" ms");
      if (Math.abs(a.dbQueriesPerRequest() - b.dbQueriesPerRequest()) >= 0.05) {
        h.append(", database queries per request ")
            .append(ratio(a.dbQueriesPerRequest()))
            .append(" &rarr; ")
            .append(ratio(b.dbQueriesPerRequest()));
      }
      h.append('.');
    }
    h.append("</p>\n");
    h.append("<p class=\"legend\"><span style=\"background:")
        .append(OFF_COLOR)
        .append("\"></span>agent off (<code>-Doverdrive.enabled=false</code>)<span style=\"")
        .append("background:")
        .append(ON_COLOR)
        .append("\"></span>agent on</p>\n");

    h.append(
        chart(
            "Throughput",
            "requests per second (higher is better)",
            off,
            on,
            PhaseResult::throughput,
            ComparisonReport::count));
    h.append(
        chart(
            "Median latency (p50)",
            "milliseconds (lower is better)",
            off,
            on,
            PhaseResult::p50Ms,
            v -> ms(v) + " ms"));
    h.append(
        chart(
            "Tail latency (p99)",
            "milliseconds (lower is better)",
            off,
            on,
            PhaseResult::p99Ms,
            v -> ms(v) + " ms"));
    h.append(
        chart(
            "Database queries per request",
            "statements sent to the database",
            off,
            on,
            PhaseResult::dbQueriesPerRequest,
            ComparisonReport::ratio));
    h.append(
        chart(
            "Pricing calls per request",
            "calls served by the pricing service",
            off,
            on,
            PhaseResult::pricingCallsPerRequest,
            ComparisonReport::ratio));

    h.append("<h2>Figures</h2>\n<table>\n<tr><th rowspan=\"2\">endpoint</th>")
        .append("<th colspan=\"3\">requests/s</th><th colspan=\"2\">p50 ms</th>")
        .append("<th colspan=\"2\">p99 ms</th><th colspan=\"2\">db queries/req</th>")
        .append("<th colspan=\"2\">pricing calls/req</th><th colspan=\"2\">errors</th></tr>\n<tr>");
    h.append("<th class=\"off\">off</th><th class=\"on\">on</th><th>gain</th>");
    for (int i = 0; i < 5; i++) {
      h.append("<th class=\"off\">off</th><th class=\"on\">on</th>");
    }
    h.append("</tr>\n");
    for (int i = 0; i < off.size(); i++) {
      PhaseResult a = off.get(i);
      PhaseResult b = on.get(i);
      h.append("<tr><td>")
          .append(esc(a.endpoint().label()))
          .append("</td>")
          .append(td(count(a.throughput())))
          .append(td(count(b.throughput())))
          .append("<td><b>")
          .append(gain(a, b))
          .append("</b></td>")
          .append(td(ms(a.p50Ms())))
          .append(td(ms(b.p50Ms())))
          .append(td(ms(a.p99Ms())))
          .append(td(ms(b.p99Ms())))
          .append(td(ratio(a.dbQueriesPerRequest())))
          .append(td(ratio(b.dbQueriesPerRequest())))
          .append(td(ratio(a.pricingCallsPerRequest())))
          .append(td(ratio(b.pricingCallsPerRequest())))
          .append(td(Long.toString(a.errors())))
          .append(td(Long.toString(b.errors())))
          .append("</tr>\n");
    }
    h.append("</table>\n");

    h.append("<h2>What each endpoint shows</h2>\n<ul>\n");
    for (Workload.Endpoint e : shown(s)) {
      h.append("<li>").append(describe(e, s)).append("</li>\n");
    }
    h.append("</ul>\n");
    h.append("<p>Product ids: ")
        .append(Math.round(Workload.HOT_SHARE * 100))
        .append("% of lookups go to the ")
        .append(String.format(Locale.ROOT, "%,d", Workload.HOT_PRODUCTS))
        .append(" most popular products, the rest anywhere in the")
        .append(" catalog. Order ids: uniform over the seeded orders.</p>\n");

    h.append("<h2>Commands</h2>\n<p>The comparison:</p>\n<pre>")
        .append(esc(r.compareCommand()))
        .append("</pre>\n")
        .append("<p>The service, agent off:</p>\n<pre>")
        .append(esc(Launcher.shell(r.off().command())))
        .append("</pre>\n")
        .append("<p>The service, agent on:</p>\n<pre>")
        .append(esc(Launcher.shell(r.on().command())))
        .append("</pre>\n");
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  private static String td(String v) {
    return "<td>" + esc(v) + "</td>";
  }

  /** A horizontal grouped bar chart: per endpoint, agent off above agent on. */
  static String chart(
      String title,
      String unit,
      List<PhaseResult> off,
      List<PhaseResult> on,
      ToDoubleFunction<PhaseResult> metric,
      DoubleFunction<String> label) {
    int labelWidth = 200;
    int barArea = 440;
    int valueWidth = 100;
    int bar = 16;
    int groupGap = 14;
    int top = 8;
    int width = labelWidth + barArea + valueWidth;
    int height = top + off.size() * (2 * bar + 2 + groupGap);
    double max = 0;
    for (int i = 0; i < off.size(); i++) {
      max = Math.max(max, safe(metric.applyAsDouble(off.get(i))));
      max = Math.max(max, safe(metric.applyAsDouble(on.get(i))));
    }
    if (max <= 0) {
      max = 1;
    }
    StringBuilder svg = new StringBuilder();
    svg.append("<figure>\n<figcaption><b>")
        .append(esc(title))
        .append("</b>, ")
        .append(esc(unit))
        .append("</figcaption>\n")
        .append(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\""
                    + " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\""
                    + " font-family=\"system-ui,Helvetica,Arial,sans-serif\" font-size=\"12\">%n",
                width,
                height,
                width,
                height,
                esc(title)));
    int y = top;
    for (int i = 0; i < off.size(); i++) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\"" + " fill=\"#202124\">%s</text>%n",
              labelWidth - 10,
              y + bar + 5,
              esc(off.get(i).endpoint().label())));
      double[] values = {metric.applyAsDouble(off.get(i)), metric.applyAsDouble(on.get(i))};
      String[] colors = {OFF_COLOR, ON_COLOR};
      for (int k = 0; k < 2; k++) {
        double v = safe(values[k]);
        int w = (int) Math.round(v / max * barArea);
        if (v > 0 && w < 1) {
          w = 1;
        }
        int by = y + k * (bar + 2);
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\""
                    + " height=\"%d\" fill=\"%s\"><title>%s</title></rect>%n",
                labelWidth,
                by,
                w,
                bar,
                colors[k],
                esc((k == 0 ? "agent off: " : "agent on: ") + label.apply(values[k]))));
        svg.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" fill=\"#3c4043\">%s" + "</text>%n",
                labelWidth + w + 6,
                by + bar - 4,
                esc(label.apply(values[k]))));
      }
      y += 2 * bar + 2 + groupGap;
    }
    svg.append("</svg>\n</figure>\n");
    return svg.toString();
  }

  private static double safe(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? 0 : v;
  }

  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
