package dev.uploader.storage.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uploader.engine.Md5;
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

/**
 * A local part sent straight from its file (sendfile) gives the same bytes as its stream, slice by slice; a small
 * one is read once and held, so that what is hashed is what is sent.
 */
class LocalDirectorySourceTransferTest {
    @TempDir
    Path dir;

    private final dev.uploader.engine.MemoryBudget memory = new dev.uploader.engine.MemoryBudget(64L * 1024 * 1024);

    /** The body as the engine asks for it: with the memory the source says it holds reserved first. */
    private PartBody range(LocalDirectorySource source, SourceEntry entry, long offset, long length) {
        return source.range(entry, offset, length, memory.reserve(source.memoryFor(length), () -> false));
    }

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
        PartBody body = range(source, new SourceEntry("big.bin", data.length, 0), offset, length);
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
        assertEquals(9, slices.get(), "256 KiB slices: each reported as progress before it goes");
        try (InputStream in = body.open()) {
            assertArrayEquals(expected, in.readAllBytes());
        }
    }

    @Test
    void transferTo_fileShortenedSincePlanned_failsInsteadOfSendingLess() throws IOException {
        byte[] data = file("shrinks.bin", LocalDirectorySource.HELD_IN_MEMORY + 500_000);
        LocalDirectorySource source = new LocalDirectorySource(dir, null);
        PartBody body = range(source, new SourceEntry("shrinks.bin", data.length, 0), 0, data.length);
        Files.write(dir.resolve("shrinks.bin"), Arrays.copyOf(data, LocalDirectorySource.HELD_IN_MEMORY));
        try (FileChannel channel = FileChannel.open(dir.resolve("out.bin"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            IOException e = assertThrows(IOException.class, () -> body.transferTo(channel, n -> { }));
            assertTrue(e.getMessage().contains("early"), e.getMessage());
        }
    }

    @Test
    void md5_regionLargerThanOneReadSlice_equalsMd5OfExactlyThoseBytes() throws IOException {
        byte[] data = file("parts.bin", 3 * 1024 * 1024 + 999);
        LocalDirectorySource source = new LocalDirectorySource(dir, null);
        SourceEntry entry = new SourceEntry("parts.bin", data.length, 0);
        long offset = 12_345;
        int length = 2 * 1024 * 1024 + 4321;

        byte[] md5 = range(source, entry, offset, length).md5();

        assertArrayEquals(Md5.of(data, (int) offset, length), md5);
        assertArrayEquals(Md5.of(data, 0, data.length), range(source, entry, 0, data.length).md5());
    }

    @Test
    void range_smallFile_isReadOnceSoItsMd5AndEveryStreamAreTheSameBytesEvenIfTheFileChangesLater() throws IOException {
        byte[] data = file("small.bin", 40_000);
        LocalDirectorySource source = new LocalDirectorySource(dir, null);
        PartBody body = range(source, new SourceEntry("small.bin", data.length, 0), 0, data.length);

        byte[] md5 = body.md5();
        file("small.bin", 40_001); // other bytes now: what was hashed is still what is sent
        try (InputStream first = body.open(); InputStream again = body.open()) {
            assertArrayEquals(data, first.readAllBytes());
            assertArrayEquals(data, again.readAllBytes());
        }
        assertArrayEquals(Md5.of(data, 0, data.length), md5);
        assertFalse(body.transferTo(FileChannel.open(dir.resolve("unused.bin"), StandardOpenOption.CREATE, StandardOpenOption.WRITE), n -> { }),
                "held bytes are written from memory, not with sendfile from a file that may have changed");
    }

    @Test
    void md5_smallFileShortenedBeforeItIsRead_failsInsteadOfHashingLess() throws IOException {
        byte[] data = file("shrinks.bin", 30_000);
        LocalDirectorySource source = new LocalDirectorySource(dir, null);
        PartBody body = range(source, new SourceEntry("shrinks.bin", data.length, 0), 0, data.length);
        Files.write(dir.resolve("shrinks.bin"), Arrays.copyOf(data, 20_000));

        IOException e = assertThrows(IOException.class, body::md5);

        assertTrue(e.getMessage().contains("10000 bytes early"), e.getMessage());
    }

    @Test
    void range_emptyFile_hasTheMd5OfNothing() throws IOException {
        file("empty.bin", 0);
        LocalDirectorySource source = new LocalDirectorySource(dir, null);

        PartBody body = range(source, new SourceEntry("empty.bin", 0, 0), 0, 0);

        assertEquals("d41d8cd98f00b204e9800998ecf8427e", Md5.hex(body.md5()));
        try (InputStream in = body.open()) {
            assertEquals(-1, in.read());
        }
    }
}
