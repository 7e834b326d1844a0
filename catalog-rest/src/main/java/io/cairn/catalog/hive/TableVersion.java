package io.cairn.catalog.hive;

/** One stored version of a plain table: the table as it was after that version's create or update. */
public record TableVersion(String versionId, HiveTable table) {
}
