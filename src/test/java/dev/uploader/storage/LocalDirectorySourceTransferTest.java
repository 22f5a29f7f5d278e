package dev.uploader.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.PartBody;
import dev.uploader.engine.SourceEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A local part sent straight from its file (sendfile) gives the same bytes as its stream, slice by slice. */
class LocalDirectorySourceTransferTest {
    @TempDir
    Path dir;

    private byte[] file(String name, int size) throws IOException {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        Files.write(dir.resolve(name), data);
        return data;
    }

    @Test
    void transferTo_regionInsideFile_writesExactlyThoseBytesAndAdmitsEachSlice() throws IOException {
        byte[] data = file("big.bin", 3 * 1024 * 1024 + 12345);
        LocalDirectorySource source = new LocalDirectorySource(dir, null);
        long offset = 1000;
        int length = 2 * 1024 * 1024 + 777;
        PartBody body = source.range(new SourceEntry("big.bin", data.length, 0), offset, length);
        Path out = dir.resolve("out.bin");
        AtomicLong admitted = new AtomicLong();
        AtomicLong slices = new AtomicLong();
        try (FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            assertTrue(body.transferTo(channel, n -> {
                admitted.addAndGet(n);
                slices.incrementAndGet();
            }));
        }
        byte[] expected = Arrays.copyOfRange(data, (int) offset, (int) offset + length);
        assertArrayEquals(expected, Files.readAllBytes(out));
        assertEquals(length, admitted.get());
        assertEquals(3, slices.get(), "1 MiB slices");
        try (InputStream in = body.open()) {
            assertArrayEquals(expected, in.readAllBytes());
        }
    }

    @Test
    void transferTo_fileShortenedSincePlanned_failsInsteadOfSendingLess() throws IOException {
        byte[] data = file("shrinks.bin", 500_000);
        LocalDirectorySource source = new LocalDirectorySource(dir, null);
        PartBody body = source.range(new SourceEntry("shrinks.bin", data.length, 0), 0, data.length);
        Files.write(dir.resolve("shrinks.bin"), Arrays.copyOf(data, 300_000));
        try (FileChannel channel = FileChannel.open(dir.resolve("out.bin"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            IOException e = assertThrows(IOException.class, () -> body.transferTo(channel, n -> { }));
            assertTrue(e.getMessage().contains("early"), e.getMessage());
        }
    }
}
