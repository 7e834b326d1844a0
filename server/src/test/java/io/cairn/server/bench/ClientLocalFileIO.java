package io.cairn.server.bench;

import io.cairn.catalog.io.LocalFirstFileIO;
import java.util.Map;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.ResolvingFileIO;

/**
 * A client-side FileIO for {@link CatalogBenchmark} ({@code -Dbench.client-io=io.cairn.server.bench.ClientLocalFileIO}):
 * local manifests through java.nio instead of Hadoop's local file system, which starts a {@code chmod} process for
 * every file it writes. With 16 clients on the same two cores as both servers, those processes cost more than either
 * server's commit and hide the difference between them; the option takes the client's share out of the comparison
 * (both servers get the same client), it is not how engines write.
 */
public final class ClientLocalFileIO implements FileIO {

    private FileIO files;

    /** Iceberg creates a client's FileIO by its no-argument constructor, then calls {@link #initialize}. */
    public ClientLocalFileIO() {
    }

    @Override
    public void initialize(Map<String, String> properties) {
        ResolvingFileIO others = new ResolvingFileIO();
        others.initialize(properties);
        files = new LocalFirstFileIO(others);
    }

    @Override
    public InputFile newInputFile(String location) {
        return files.newInputFile(location);
    }

    @Override
    public InputFile newInputFile(String location, long length) {
        return files.newInputFile(location, length);
    }

    @Override
    public OutputFile newOutputFile(String location) {
        return files.newOutputFile(location);
    }

    @Override
    public void deleteFile(String location) {
        files.deleteFile(location);
    }

    @Override
    public Map<String, String> properties() {
        return files.properties();
    }

    @Override
    public void close() {
        if (files != null) {
            files.close();
        }
    }
}
