package io.cairn.catalog.hms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Database and table directories, which a metastore creates (engines such as Spark fail with PATH_NOT_FOUND
 * otherwise). Only file systems with real directories get them; object stores have none to create.
 */
final class HmsDirectories {

    private final Configuration hadoop = new Configuration();

    void create(String location) {
        if (!hasDirectories(location)) {
            return;
        }
        try {
            Path path = new Path(location);
            path.getFileSystem(hadoop).mkdirs(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + location + ": " + e.getMessage(), e);
        }
    }

    /** Removes a directory only when nothing is left in it: data of tables that outlive the catalog stays. */
    void deleteIfEmpty(String location) {
        if (!hasDirectories(location)) {
            return;
        }
        try {
            Path path = new Path(location);
            FileSystem fs = path.getFileSystem(hadoop);
            if (fs.exists(path)) {
                FileStatus[] children = fs.listStatus(path);
                if (children.length == 0) {
                    fs.delete(path, false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete directory " + location + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes a managed table's or partition's data, as a metastore does when a client drops it with
     * {@code deleteData}. Refuses paths shallower than two levels, so a mistaken location cannot empty a file system.
     */
    void deleteRecursively(String location) {
        if (!hasDirectories(location)) {
            return;
        }
        try {
            Path path = new Path(location);
            if (path.depth() < 2) {
                throw new IllegalArgumentException("refusing to delete the data at " + location + ": too close to the root");
            }
            FileSystem fs = path.getFileSystem(hadoop);
            if (fs.exists(path)) {
                fs.delete(path, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete directory " + location + ": " + e.getMessage(), e);
        }
    }

    /** Moves a renamed managed table's directory; nothing to do when it does not exist. */
    void move(String from, String to) {
        if (!hasDirectories(from) || !hasDirectories(to)) {
            return;
        }
        try {
            Path source = new Path(from);
            Path target = new Path(to);
            FileSystem fs = source.getFileSystem(hadoop);
            if (fs.exists(source)) {
                fs.mkdirs(target.getParent());
                if (!fs.rename(source, target)) {
                    throw new IOException("rename returned false");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move directory " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasDirectories(String location) {
        if (location == null || location.isBlank()) {
            return false;
        }
        String scheme = URI.create(location.replace(" ", "%20")).getScheme();
        return scheme == null || scheme.equals("file") || scheme.equals("hdfs");
    }
}
