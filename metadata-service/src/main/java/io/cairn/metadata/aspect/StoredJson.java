package io.cairn.metadata.aspect;

/**
 * The value type of aspects that a protocol module writes in its own shape (an Iceberg schema, a snapshot): the
 * generic entity API serves them as stored and never parses or writes them, so it has no fields of its own.
 */
public record StoredJson() implements AspectValue {
}
