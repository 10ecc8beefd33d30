package dev.overdrive.demo.service;

import java.math.BigDecimal;
import java.util.List;

/** An order as the API shows it: each line with its product. */
public record Order(
    long id, long customerId, String createdAt, List<Line> lines, BigDecimal total) {

  /** One line; {@code product} is {@code null} only if the product row has gone. */
  public record Line(
      int lineNo, Product product, int quantity, BigDecimal unitPrice, BigDecimal amount) {}
}
