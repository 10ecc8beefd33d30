package dev.overdrive.demo.service;

import java.math.BigDecimal;

/** What the pricing service answers for one product. */
public record Price(long productId, BigDecimal price, String currency) {}
