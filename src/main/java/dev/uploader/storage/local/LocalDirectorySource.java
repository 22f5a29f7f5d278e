package dev.uploader.storage.local;

import dev.uploader.engine.KeyOrder;
import dev.uploader.engine.Md5;
import dev.uploader.engine.PartBody;
import dev.uploader.engine.PartMemory;
import dev.uploader.engine.Source;
import dev.uploader.engine.SourceEntry;
import dev.uploader.engine.SourceProblem;
import dev.uploader.engine.TransferException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.function.Consumer;

/** Files below a local folder (symlinks followed, loops reported), or one named file in it. */
public final class LocalDirectorySource implements Source {
    /** The character set Java uses for file names, from the locale (cron often has none: ASCII). */
    private static final String NAME_ENCODING = System.getProperty("sun.jnu.encoding", "UTF-8");
    /** Regions up to this size are read once into memory (see {@link HeldRegion}); at most MaxParallelFile of them at a time. */
    static final int HELD_IN_MEMORY = 1024 * 1024;

    private final Path root;
    private final String singleFile;
    /** Whether every file name survives the trip to a Java string and back; only checked when it might not. */
    private final boolean namesRoundTrip = NAME_ENCODING.replace("-", "").equalsIgnoreCase("UTF8");

    /** @param singleFile a path relative to {@code root}, or null for every file below it */
    public LocalDirectorySource(Path root, String singleFile) {
        this.root = root.toAbsolutePath().normalize();
        this.singleFile = singleFile;
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public void list(Consumer<SourceEntry> entries, Consumer<SourceProblem> problems) {
        list(entries, problems, folder -> true);
    }

    @Override
    public void list(Consumer<SourceEntry> entries, Consumer<SourceProblem> problems, java.util.function.Predicate<String> folders) {
        if (!Files.isDirectory(root)) {
            throw new TransferException.Fatal("source folder " + root + " does not exist or is not a folder", null);
        }
        if (singleFile != null) {
            Path file = root.resolve(singleFile).normalize();
            try {
                BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
                if (!attrs.isRegularFile()) {
                    throw new TransferException.Fatal(file + " is not a regular file", null);
                }
                entries.accept(entry(file, attrs));
            } catch (IOException e) {
                throw new TransferException.Fatal("source file " + file + " does not exist or cannot be read (SrcFileIndex)", e);
            }
            return;
        }
        walk(root, new java.util.ArrayList<>(), entries, problems, folders);
    }

    /** A folder's child, with what its place in key order needs: a folder sorts as its name followed by '/'. */
    private record Child(Path path, String name, BasicFileAttributes attrs, IOException failure) {
        String sortName() {
            return attrs != null && attrs.isDirectory() ? name + "/" : name;
        }
    }

    /**
     * Depth first, each folder's children in {@link KeyOrder} of their names (a folder's as its name and '/'), so that
     * the keys come out in the order S3 lists them and the plan can merge both listings as they come. Only one folder's
     * children are held at a time per level. Symbolic links are followed; a link back to a folder above is a loop,
     * reported and not followed.
     */
    private void walk(Path dir, java.util.List<Object> above, Consumer<SourceEntry> entries, Consumer<SourceProblem> problems,
                      java.util.function.Predicate<String> folders) {
        java.util.List<Child> children = new java.util.ArrayList<>();
        try (java.nio.file.DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path child : stream) {
                String name = child.getFileName().toString();
                try {
                    children.add(new Child(child, name, Files.readAttributes(child, BasicFileAttributes.class), null));
                } catch (IOException e) {
                    children.add(new Child(child, name, null, e));
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            IOException cause = e instanceof java.nio.file.DirectoryIteratorException d ? d.getCause() : (IOException) e;
            if (dir.equals(root)) {
                throw new TransferException.Fatal("cannot list " + root + ": " + cause.getMessage(), cause);
            }
            problems.accept(new SourceProblem(relative(dir), failure(dir, cause)));
            return;
        }
        children.sort((a, b) -> KeyOrder.INSTANCE.compare(a.sortName(), b.sortName()));
        for (Child c : children) {
            Path file = c.path();
            if (c.failure() != null) {
                problems.accept(new SourceProblem(relative(file), Files.isSymbolicLink(file) ? unfollowable(file) : failure(file, c.failure())));
            } else if (c.attrs().isDirectory()) {
                if (!folders.test(relative(file))) {
                    continue;
                }
                Object key = c.attrs().fileKey() != null ? c.attrs().fileKey() : file.toAbsolutePath().normalize();
                if (above.contains(key) || key.equals(rootKey())) {
                    problems.accept(new SourceProblem(relative(file), file + " is a symlink loop (it leads back to a folder above it); not followed"));
                    continue;
                }
                above.add(key);
                walk(file, above, entries, problems, folders);
                above.remove(above.size() - 1);
            } else if (c.attrs().isRegularFile()) {
                if (!namesRoundTrip && !representable(file)) {
                    problems.accept(new SourceProblem(relative(file), "the name of " + file + " cannot be written in this"
                            + " locale's character set (" + NAME_ENCODING + "); run with a UTF-8 locale, e.g. LANG=C.UTF-8"));
                } else if (Files.isReadable(file)) {
                    entries.accept(entry(file, c.attrs()));
                } else {
                    problems.accept(new SourceProblem(relative(file), "cannot read " + file + ": permission denied"));
                }
            } else {
                problems.accept(new SourceProblem(relative(file), file + " is not a regular file (device, pipe or socket); not uploaded"));
            }
        }
    }

    private Object rootKey;

    private Object rootKey() {
        if (rootKey == null) {
            try {
                Object k = Files.readAttributes(root, BasicFileAttributes.class).fileKey();
                rootKey = k != null ? k : root;
            } catch (IOException e) {
                rootKey = root;
            }
        }
        return rootKey;
    }

    /** Why a file or folder could not be read, in words. */
    private static String failure(Path file, IOException e) {
        String reason = e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : e.getMessage() == null ? "unreadable" : e.getMessage();
        if (e instanceof FileSystemLoopException) {
            return file + " is a symlink loop (it leads back to a folder above it); not followed";
        } else if (reason.contains("Too many levels of symbolic links")) {
            return file + " is a symlink loop (links that lead to each other); not followed";
        } else if (e instanceof AccessDeniedException) {
            return "cannot read " + file + ": permission denied";
        } else if (e instanceof NoSuchFileException && Files.isSymbolicLink(file)) {
            return file + " is a broken symlink (" + linkTarget(file) + " does not exist)";
        } else if (e instanceof NoSuchFileException) {
            return file + " vanished while the folder was listed";
        }
        return "cannot read " + file + ": " + reason;
    }

    /** Why a symbolic link the walk could not follow was not: it leads to itself, or to nothing. */
    private static String unfollowable(Path link) {
        try {
            Files.readAttributes(link, BasicFileAttributes.class);
            return link + " is a symlink to something that is not a file; not uploaded";
        } catch (java.nio.file.FileSystemException e) {
            if (e.getReason() != null && e.getReason().contains("Too many levels of symbolic links")) {
                return link + " is a symlink loop (links that lead to each other); not uploaded";
            }
            return link + " is a broken symlink (" + linkTarget(link) + " does not exist); not uploaded";
        } catch (IOException e) {
            return link + " is a broken symlink (" + linkTarget(link) + " does not exist); not uploaded";
        }
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | RuntimeException e) {
            return "its target";
        }
    }

    /** The file is found again from its name as a string (the key is made from that string). */
    private boolean representable(Path file) {
        try {
            return Files.exists(root.resolve(relative(file)), LinkOption.NOFOLLOW_LINKS);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private SourceEntry entry(Path file, BasicFileAttributes attrs) {
        return new SourceEntry(relative(file), attrs.size(), attrs.lastModifiedTime().toMillis());
    }

    private String relative(Path file) {
        Path rel = root.relativize(file.toAbsolutePath().normalize());
        StringBuilder out = new StringBuilder();
        for (Path name : rel) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(name);
        }
        return out.toString();
    }

    private Path path(SourceEntry entry) {
        return root.resolve(entry.relativePath());
    }

    @Override
    public PartBody range(SourceEntry entry, long offset, long length, PartMemory memory) {
        return length <= HELD_IN_MEMORY && memory != PartMemory.NONE
                ? new HeldRegion(path(entry), offset, (int) length, memory) : new FileRegion(path(entry), offset, length);
    }

    @Override
    public boolean isLocal() {
        return true;
    }

    /** Small regions are read once into memory; larger ones are read from the file each time. */
    @Override
    public long memoryFor(long length) {
        return length <= HELD_IN_MEMORY ? length : 0;
    }

    /**
     * A small region, read once on first use: its MD5 and every request that sends it come from the same bytes,
     * with one read of the file instead of one to hash and one to send.
     */
    private static final class HeldRegion implements PartBody {
        private final Path file;
        private final long offset;
        private final int length;
        private final PartMemory memory;
        private byte[] bytes;

        HeldRegion(Path file, long offset, int length, PartMemory memory) {
            this.file = file;
            this.offset = offset;
            this.length = length;
            this.memory = memory;
        }

        private synchronized byte[] bytes() throws IOException {
            if (bytes == null) {
                byte[] read = memory.array();
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    readFully(channel, ByteBuffer.wrap(read, 0, length), offset);
                }
                bytes = read;
            }
            return bytes;
        }

        @Override
        public InputStream open() throws IOException {
            return new ByteArrayInputStream(bytes(), 0, length);
        }

        @Override
        public byte[] md5() throws IOException {
            return Md5.of(bytes(), 0, length);
        }

        @Override
        public synchronized void release() {
            bytes = null;
        }
    }

    /** Fills {@code into} from {@code position} on; a file that ends first has changed since it was listed. */
    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining()) {
            int n = channel.read(into, position);
            if (n < 0) {
                throw new IOException("the file ended " + into.remaining() + " bytes early: it changed while it was read");
            }
            position += n;
        }
    }

    /** Bytes of a file, read as a stream or sent from the file to a channel without passing through this process. */
    private record FileRegion(Path file, long offset, long length) implements PartBody {
        // each slice is reported as progress before it is sent: small enough that a slow link still moves one within the idle timeout
        private static final int TRANSFER_SLICE = 256 * 1024;

        @Override
        public InputStream open() throws IOException {
            return new RegionStream(FileChannel.open(file, StandardOpenOption.READ), offset, length);
        }

        /** Digests each slice where it was read into: no copy to a stream's caller. */
        @Override
        public byte[] md5() throws IOException {
            MessageDigest digest = Md5.newDigest();
            ByteBuffer slice = ByteBuffer.allocate((int) Math.min(RegionStream.SLICE, Math.max(1, length)));
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                long position = offset;
                long end = offset + length;
                while (position < end) {
                    slice.clear().limit((int) Math.min(slice.capacity(), end - position));
                    readFully(channel, slice, position);
                    digest.update(slice.array(), 0, slice.limit());
                    position += slice.limit();
                }
            }
            return digest.digest();
        }

        @Override
        public boolean transferTo(WritableByteChannel out, SliceGate slices) throws IOException {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                long position = offset;
                long end = offset + length;
                while (position < end) {
                    int slice = (int) Math.min(TRANSFER_SLICE, end - position);
                    slices.admit(slice);
                    long sliceEnd = position + slice;
                    while (position < sliceEnd) {
                        long n = channel.transferTo(position, sliceEnd - position, out);
                        if (n <= 0 && channel.size() <= position) {
                            throw new IOException("the file ended " + (end - position) + " bytes early: it changed while it was read");
                        }
                        position += n;
                    }
                }
            }
            return true;
        }
    }

    @Override
    public SourceEntry refresh(SourceEntry entry) {
        Path file = path(entry);
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attrs.isRegularFile()) {
                throw new TransferException.SourceUnreadable(file + " is not a regular file" + (attrs.isDirectory() ? " but a folder" : ""), null);
            }
            return new SourceEntry(entry.relativePath(), attrs.size(), attrs.lastModifiedTime().toMillis());
        } catch (NoSuchFileException e) {
            throw new TransferException.SourceGone(file + " no longer exists", e);
        } catch (IOException e) {
            throw new TransferException.SourceUnreadable("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Exactly {@code length} bytes from {@code offset}; a file that has become shorter is an error, not a short
     * body. Reads the file in large slices: the HTTP client asks for a few KiB at a time, and one system call
     * per few KiB would cost more CPU than the MD5 of the same bytes.
     */
    private static final class RegionStream extends InputStream {
        private static final int SLICE = 256 * 1024;

        private final FileChannel channel;
        private final ByteBuffer slice;
        private long position;
        private long remaining;

        RegionStream(FileChannel channel, long offset, long length) {
            this.channel = channel;
            this.position = offset;
            this.remaining = length;
            this.slice = ByteBuffer.allocate((int) Math.min(SLICE, Math.max(1, length)));
            this.slice.limit(0);
        }

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            return slice.get() & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, slice.remaining());
            slice.get(b, off, n);
            return n;
        }

        /** Makes sure the slice has bytes, reading the next one from the file if needed; false at the end. */
        private boolean fill() throws IOException {
            if (slice.hasRemaining()) {
                return true;
            }
            if (remaining == 0) {
                return false;
            }
            slice.clear();
            slice.limit((int) Math.min(slice.capacity(), remaining));
            while (slice.hasRemaining()) {
                int n = channel.read(slice, position);
                if (n < 0) {
                    throw new IOException("the file ended " + remaining + " bytes early: it changed while it was read");
                }
                position += n;
                remaining -= n;
            }
            slice.flip();
            return true;
        }

        @Override
        public long skip(long n) {
            long fromSlice = Math.min(Math.max(0, n), slice.remaining());
            slice.position(slice.position() + (int) fromSlice);
            long fromFile = Math.min(Math.max(0, n - fromSlice), remaining);
            position += fromFile;
            remaining -= fromFile;
            return fromSlice + fromFile;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, slice.remaining() + remaining);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
