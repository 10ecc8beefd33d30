package dev.overdrive.junit;

import dev.overdrive.annotations.CacheInvalidate;
import dev.overdrive.annotations.Cached;

/** In the shape of Spring PetClinic's: a service around a repository that tests mock. */
class OwnerService {

  interface OwnerRepository {
    String nameOf(long id);
  }

  private final OwnerRepository repository;

  OwnerService(OwnerRepository repository) {
    this.repository = repository;
  }

  @Cached(name = "owners")
  String name(long id) {
    return repository.nameOf(id);
  }

  @CacheInvalidate(cache = "owners")
  void rename(long id) {}
}
