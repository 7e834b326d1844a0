package io.cairn.metadata.aspect;

/** Soft deletion: a removed entity keeps its history and its URN but no longer shows as current. */
public record Status(boolean removed) implements AspectValue {
}
