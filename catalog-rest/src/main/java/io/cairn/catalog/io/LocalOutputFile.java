package io.cairn.catalog.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;

/**
 * A local file to write. Closing the stream syncs the file and then its directory to disk, so once a metadata file's
 * stream is closed the file survives a crash, and a commit that points at it never points at a partial file.
 */
final class LocalOutputFile implements OutputFile {

    private final String location;
    private final Path path;

    LocalOutputFile(String location, Path path) {
        this.location = location;
        this.path = path;
    }

    @Override
    public PositionOutputStream create() {
        try {
            return open(Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW));
        } catch (FileAlreadyExistsException e) {
            throw new AlreadyExistsException(e, "File already exists: %s", location);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to create " + location, e);
        }
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
        try {
            return open(Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING));
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to create " + location, e);
        }
    }

    private PositionOutputStream open(Set<StandardOpenOption> options) throws IOException {
        Path directory = path.getParent();
        Files.createDirectories(directory);
        return new SyncingOutputStream(FileChannel.open(path, options), directory);
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public InputFile toInputFile() {
        return new LocalInputFile(location, path);
    }

    private static final class SyncingOutputStream extends PositionOutputStream {
        private static final int BUFFER = 64 * 1024;

        private final FileChannel channel;
        private final Path directory;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        private long position;
        private boolean closed;

        SyncingOutputStream(FileChannel channel, Path directory) {
            this.channel = channel;
            this.directory = directory;
        }

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void write(int b) throws IOException {
            if (!buffer.hasRemaining()) {
                drain();
            }
            buffer.put((byte) b);
            position++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (length > buffer.remaining()) {
                drain();
                if (length > buffer.capacity()) {
                    writeFully(ByteBuffer.wrap(bytes, offset, length));
                    position += length;
                    return;
                }
            }
            buffer.put(bytes, offset, length);
            position += length;
        }

        @Override
        public void flush() throws IOException {
            drain();
        }

        private void drain() throws IOException {
            buffer.flip();
            writeFully(buffer);
            buffer.clear();
        }

        private void writeFully(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try (channel) {
                drain();
                channel.force(true);
            }
            // The new name must be durable too, or a crash can lose the whole (synced) file.
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
        }
    }
}
