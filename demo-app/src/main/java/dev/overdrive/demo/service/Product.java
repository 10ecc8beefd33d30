package dev.overdrive.demo.service;

/** A catalog entry. */
public record Product(long id, String sku, String name, String category) {}
