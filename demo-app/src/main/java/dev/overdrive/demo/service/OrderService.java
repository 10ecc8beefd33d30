package dev.overdrive.demo.service;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Reading and placing orders. */
public final class OrderService {

  /** The body of {@code POST /orders}. */
  public record NewOrder(Long customerId, List<NewLine> lines) {}

  public record NewLine(Long productId, Integer quantity) {}

  static final int MAX_LINES = 100;

  private final OrderRepository orders;
  private final ProductRepository products;
  private final PriceService prices;
  private final AuditJournal journal;
  private final long timeoutMillis;

  public OrderService(
      OrderRepository orders,
      ProductRepository products,
      PriceService prices,
      AuditJournal journal,
      long timeoutMillis) {
    this.orders = orders;
    this.products = products;
    this.prices = prices;
    this.journal = journal;
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * {@code GET /orders/{id}}: one query for the order and its lines, then every line's product
   * asked for at once through {@link ProductRepository#load} and joined.
   */
  public Order get(long id) {
    OrderRepository.Row row = orders.find(id);
    if (row == null) {
      throw ApiException.notFound("order " + id + " not found");
    }
    List<CompletableFuture<Product>> pending = new ArrayList<>(row.lines().size());
    for (OrderRepository.LineRow line : row.lines()) {
      pending.add(products.load(line.productId()));
    }
    await(CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)));
    List<Order.Line> lines = new ArrayList<>(row.lines().size());
    for (int i = 0; i < row.lines().size(); i++) {
      lines.add(line(row.lines().get(i), pending.get(i).join()));
    }
    return view(row.id(), row.customerId(), row.createdAt(), lines);
  }

  /**
   * {@code POST /orders}: checks the products (one query), prices every line afresh
   * ({@code @Parallel}), stores the order and its lines (one transaction), and journals it
   * ({@code @Async}). Pricing comes before storing, so a pricing outage stores nothing.
   */
  public Order create(NewOrder request) {
    validate(request);
    List<Long> ids = new ArrayList<>(request.lines().size());
    for (NewLine l : request.lines()) {
      ids.add(l.productId());
    }
    Map<Long, Product> found = products.findAll(new LinkedHashSet<>(ids));
    Set<Long> unknown = new LinkedHashSet<>();
    for (Long id : ids) {
      if (!found.containsKey(id)) {
        unknown.add(id);
      }
    }
    if (!unknown.isEmpty()) {
      throw ApiException.badRequest("unknown product id(s): " + unknown);
    }
    List<Price> quotes = prices.quote(ids);
    List<OrderRepository.LineRow> rows = new ArrayList<>(ids.size());
    List<Order.Line> lines = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      NewLine in = request.lines().get(i);
      OrderRepository.LineRow row =
          new OrderRepository.LineRow(i + 1, in.productId(), in.quantity(), quotes.get(i).price());
      rows.add(row);
      lines.add(line(row, found.get(in.productId())));
    }
    LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    long id = orders.insert(request.customerId(), now, rows);
    Order order = view(id, request.customerId(), now, lines);
    journal.record(
        new AuditJournal.Entry(
            id, order.customerId(), lines.size(), order.total(), order.createdAt()));
    return order;
  }

  private static void validate(NewOrder request) {
    if (request == null) {
      throw ApiException.badRequest(
          "the body must be a JSON object"
              + " {\"customerId\": 1, \"lines\": [{\"productId\": 1, \"quantity\": 1}]}");
    }
    if (request.customerId() == null || request.customerId() <= 0) {
      throw ApiException.badRequest("customerId must be a positive number");
    }
    if (request.lines() == null || request.lines().isEmpty()) {
      throw ApiException.badRequest("lines must hold at least one line");
    }
    if (request.lines().size() > MAX_LINES) {
      throw ApiException.badRequest("at most " + MAX_LINES + " lines per order");
    }
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < request.lines().size(); i++) {
      NewLine l = request.lines().get(i);
      String where = "lines[" + i + "]";
      if (l == null || l.productId() == null || l.productId() <= 0) {
        throw ApiException.badRequest(where + ".productId must be a positive number");
      }
      if (l.quantity() == null || l.quantity() < 1 || l.quantity() > 1_000) {
        throw ApiException.badRequest(where + ".quantity must be between 1 and 1000");
      }
      if (!seen.add(l.productId())) {
        throw ApiException.badRequest(
            where
                + ": product "
                + l.productId()
                + " appears twice; use one line with the total quantity");
      }
    }
  }

  private void await(CompletableFuture<?> all) {
    try {
      all.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new DatabaseException("loading products failed: " + cause, cause);
    } catch (TimeoutException e) {
      throw new DatabaseException("loading products took over " + timeoutMillis + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatabaseException("interrupted", e);
    }
  }

  private static Order.Line line(OrderRepository.LineRow row, Product product) {
    BigDecimal amount = row.unitPrice().multiply(BigDecimal.valueOf(row.quantity()));
    return new Order.Line(row.lineNo(), product, row.quantity(), row.unitPrice(), amount);
  }

  private static Order view(
      long id, long customerId, LocalDateTime createdAt, List<Order.Line> lines) {
    BigDecimal total = BigDecimal.ZERO.setScale(2);
    for (Order.Line l : lines) {
      total = total.add(l.amount());
    }
    return new Order(id, customerId, OrderRepository.TIMESTAMP.format(createdAt), lines, total);
  }
}
