package io.cairn.catalog.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.SeekableInputStream;

/** A local file to read; a missing one is Iceberg's {@link NotFoundException}, as with Hadoop's FileIO. */
final class LocalInputFile implements InputFile {

    private final String location;
    private final Path path;

    LocalInputFile(String location, Path path) {
        this.location = location;
        this.path = path;
    }

    @Override
    public long getLength() {
        try {
            return Files.size(path);
        } catch (NoSuchFileException e) {
            throw new NotFoundException(e, "File does not exist: %s", location);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read the length of " + location, e);
        }
    }

    @Override
    public SeekableInputStream newStream() {
        try {
            return new ChannelInputStream(FileChannel.open(path, StandardOpenOption.READ));
        } catch (NoSuchFileException e) {
            // Hadoop's words, which clients (and the compatibility kit) look for.
            throw new NotFoundException(e, "Failed to open input stream for file: %s", location);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to open " + location, e);
        }
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public boolean exists() {
        return Files.isRegularFile(path);
    }

    private static final class ChannelInputStream extends SeekableInputStream {
        private final FileChannel channel;
        private final byte[] one = new byte[1];

        ChannelInputStream(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public long getPos() throws IOException {
            return channel.position();
        }

        @Override
        public void seek(long newPos) throws IOException {
            channel.position(newPos);
        }

        @Override
        public int read() throws IOException {
            int read = read(one, 0, 1);
            return read <= 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            return channel.read(ByteBuffer.wrap(bytes, offset, length));
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
