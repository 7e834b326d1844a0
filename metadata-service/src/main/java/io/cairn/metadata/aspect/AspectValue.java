package io.cairn.metadata.aspect;

/**
 * The value of one aspect version. Implementations are immutable records that validate in their constructor,
 * so that a value that exists is a valid one.
 */
public interface AspectValue {
}
