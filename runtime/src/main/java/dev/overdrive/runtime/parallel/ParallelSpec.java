package dev.overdrive.runtime.parallel;

import dev.overdrive.runtime.MethodRef;

/**
 * A {@code @Parallel} method's settings, resolved and validated at transform time.
 *
 * @param method the method
 * @param collectionIndex the parameter that is split
 * @param chunkSize elements per chunk
 * @param maxConcurrency chunks running at once; 0: the number of processors
 * @param executor the executor's name
 * @param merge how chunk results combine
 */
public record ParallelSpec(
    MethodRef method,
    int collectionIndex,
    int chunkSize,
    int maxConcurrency,
    String executor,
    Merge merge) {}
