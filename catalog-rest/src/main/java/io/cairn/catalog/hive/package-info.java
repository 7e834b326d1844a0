/**
 * The protocol-neutral model of the tables Hive-era protocols see (the Hive Metastore Thrift API and the Glue API),
 * over the same store of record as the Iceberg REST catalog.
 *
 * <ul>
 *   <li>A <b>database</b> ({@link io.cairn.catalog.hive.HiveDatabase}) is a one-level catalog namespace of a
 *       warehouse: what Iceberg REST creates, Hive and Glue see, and the other way round. Its description is the
 *       namespace property {@code comment}, its location {@code location} (Iceberg's HiveCatalog conventions).</li>
 *   <li>A <b>table</b> ({@link io.cairn.catalog.hive.HiveTable}) is either a plain Hive-style table stored here
 *       ({@link io.cairn.catalog.hive.TableKind#PLAIN}) or an Iceberg table of the catalog
 *       ({@link io.cairn.catalog.hive.TableKind#ICEBERG}), shown as Hive shows Iceberg tables: {@code EXTERNAL_TABLE}
 *       with {@code table_type=ICEBERG} and {@code metadata_location}. Both kinds share one name space per database
 *       (both are {@code :CatalogEntry} nodes), so an Iceberg table and a plain table can never have the same name.</li>
 *   <li>Plain tables keep every version ({@link io.cairn.catalog.hive.TableVersion}); an update names the version it
 *       read ({@code expectedVersionId}) and fails with {@link io.cairn.catalog.hive.ConcurrentUpdateException} when
 *       another writer got there first. Iceberg tables change only by a compare-and-swap of their metadata location,
 *       the same one the Iceberg REST commit uses ({@link io.cairn.catalog.hive.HiveMetastore#commitIcebergLocation}).</li>
 *   <li><b>Partitions</b> ({@link io.cairn.catalog.hive.HivePartition}) belong to plain tables; reads are paged and
 *       filter expressions in Hive/Glue syntax are parsed once by {@link io.cairn.catalog.hive.PartitionFilter}.</li>
 * </ul>
 *
 * <p>Entry point: {@link io.cairn.catalog.hive.HiveMetastores#open} gives a {@link io.cairn.catalog.hive.HiveMetastore}
 * for one warehouse and one caller (reads need {@code reader}, writes {@code writer}). Failures are the
 * {@link io.cairn.catalog.hive.MetastoreException} subclasses plus {@link io.cairn.metadata.auth.AccessDeniedException};
 * each protocol maps them to its own error shape. Names are case-insensitive and stored in lower case, as Hive and
 * Glue do; Iceberg tables created with upper-case letters through Iceberg REST are still found.
 */
package io.cairn.catalog.hive;
