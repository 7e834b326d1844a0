package io.cairn.catalog.io;

import java.util.Map;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;

/**
 * The server's FileIO: local files ({@code file:} locations and absolute paths) through java.nio, every other scheme
 * through the FileIO it wraps (Iceberg's {@code ResolvingFileIO}: S3 and the rest).
 *
 * <p>Why not Hadoop's local file system for local files, as {@code ResolvingFileIO} would: it starts a {@code chmod}
 * process for every file it creates (no native Hadoop library here), which was a tenth of a catalog commit's time
 * under load (measured), and it never syncs a file to disk, so a crash right after a commit could leave the catalog
 * pointing at a metadata file that was not all written. {@link LocalOutputFile} syncs the file and its directory
 * before the commit that points at it.
 */
public final class LocalFirstFileIO implements FileIO {

    private final FileIO others;

    public LocalFirstFileIO(FileIO others) {
        this.others = others;
    }

    @Override
    public InputFile newInputFile(String location) {
        return LocalPaths.isLocal(location) ? new LocalInputFile(location, LocalPaths.path(location)) : others.newInputFile(location);
    }

    @Override
    public InputFile newInputFile(String location, long length) {
        return LocalPaths.isLocal(location) ? newInputFile(location) : others.newInputFile(location, length);
    }

    @Override
    public OutputFile newOutputFile(String location) {
        return LocalPaths.isLocal(location) ? new LocalOutputFile(location, LocalPaths.path(location)) : others.newOutputFile(location);
    }

    @Override
    public void deleteFile(String location) {
        if (LocalPaths.isLocal(location)) {
            LocalPaths.delete(location);
        } else {
            others.deleteFile(location);
        }
    }

    @Override
    public Map<String, String> properties() {
        return others.properties();
    }

    @Override
    public void close() {
        others.close();
    }
}
