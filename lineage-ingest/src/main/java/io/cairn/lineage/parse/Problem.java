package io.cairn.lineage.parse;

/** One structural problem of an event: the JSON pointer (RFC 6901) of the offending value and what is wrong. */
public record Problem(String pointer, String message) {
}
