package io.cairn.catalog.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.ResolvingFileIO;
import org.apache.iceberg.io.SeekableInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFirstFileIOTest {

    @TempDir
    Path dir;

    private final FileIO io = new LocalFirstFileIO(new ResolvingFileIO());

    @Test
    void writesReadsAndSeeksLocalFilesWhateverTheLocationSpelling() throws IOException {
        String location = "file:" + dir.resolve("a/b/metadata.json");
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i % 251);
        }
        try (OutputStream out = io.newOutputFile(location).create()) {
            out.write("head".getBytes(StandardCharsets.UTF_8));
            out.write(big);
            out.write('!');
        }
        assertThat(Files.size(dir.resolve("a/b/metadata.json"))).isEqualTo(4 + big.length + 1);
        for (String spelling : new String[] {location, "file://" + dir.resolve("a/b/metadata.json"), dir.resolve("a/b/metadata.json").toString()}) {
            assertThat(io.newInputFile(spelling).exists()).isTrue();
            assertThat(io.newInputFile(spelling).getLength()).isEqualTo(4 + big.length + 1);
        }
        try (SeekableInputStream in = io.newInputFile(location).newStream()) {
            in.seek(4 + 1000);
            assertThat(in.read()).isEqualTo(1000 % 251);
            assertThat(in.getPos()).isEqualTo(4 + 1001);
            in.seek(4 + big.length);
            assertThat(in.read()).isEqualTo('!');
            assertThat(in.read()).isEqualTo(-1);
        }
        try (InputStream in = io.newInputFile(location).newStream()) {
            assertThat(new String(in.readNBytes(4), StandardCharsets.UTF_8)).isEqualTo("head");
        }
    }

    @Test
    void createRefusesAnExistingFileAndOverwriteReplacesIt() throws IOException {
        String location = "file:" + dir.resolve("v1.metadata.json");
        try (OutputStream out = io.newOutputFile(location).create()) {
            out.write("first, longer".getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> io.newOutputFile(location).create()).isInstanceOf(AlreadyExistsException.class);
        try (OutputStream out = io.newOutputFile(location).createOrOverwrite()) {
            out.write("second".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Files.readString(dir.resolve("v1.metadata.json"))).isEqualTo("second");
    }

    @Test
    void aMissingFileIsIcebergsNotFoundAndDeletingItIsHarmless() {
        String location = "file:" + dir.resolve("gone.json");
        assertThat(io.newInputFile(location).exists()).isFalse();
        assertThatThrownBy(() -> io.newInputFile(location).newStream()).isInstanceOf(NotFoundException.class)
                .hasMessage("Failed to open input stream for file: " + location);
        assertThatThrownBy(() -> io.newInputFile(location).getLength()).isInstanceOf(NotFoundException.class);
        io.deleteFile(location);
        assertThatThrownBy(() -> io.newInputFile("file://host/x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deletesLocalFiles() throws IOException {
        Path file = Files.writeString(dir.resolve("data.parquet"), "x");
        io.deleteFile("file://" + file);
        assertThat(file).doesNotExist();
    }
}
