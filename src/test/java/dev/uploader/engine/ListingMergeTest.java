package dev.uploader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The merge of the two listings. The store here is a stub that only lists and answers HEAD (a real server cannot list
 * out of order or fail half way on cue); the merge against S3Proxy runs in every end-to-end test.
 */
class ListingMergeTest {
    private static final RetryPolicy RETRY = new RetryPolicy(3, Duration.ZERO, Duration.ZERO, d -> { });

    /** Lists the given keys in the given order; counts HEADs and listings. */
    private static final class ListingStore implements ObjectStore {
        final List<String> listed;
        final Map<String, RemoteObject> objects = new TreeMap<>();
        final AtomicInteger heads = new AtomicInteger();
        final AtomicInteger listings = new AtomicInteger();

        ListingStore(List<String> listed) {
            this.listed = listed;
            for (String k : listed) {
                objects.put(k, new RemoteObject(k, k.length(), Instant.EPOCH, "e"));
            }
        }

        @Override
        public String describe() {
            return "stub";
        }

        @Override
        public void checkAccess(String prefix) {
        }

        @Override
        public void listObjects(String prefix, Consumer<RemoteObject> sink) {
            listings.incrementAndGet();
            listedPrefixes.add(prefix);
            if (listingFails) {
                throw new TransferException.Retryable("connection reset (test)", null);
            }
            listed.stream().filter(k -> k.startsWith(prefix)).forEach(k -> sink.accept(objects.get(k)));
        }

        String failingHead;
        boolean listingFails;
        boolean levels;
        final java.util.Set<String> listedPrefixes = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public Optional<StoreLevel> firstLevel(String prefix) {
            if (!levels) {
                return Optional.empty();
            }
            List<RemoteObject> here = new ArrayList<>();
            java.util.TreeSet<String> folders = new java.util.TreeSet<>(KeyOrder.INSTANCE);
            for (String k : listed) {
                if (k.startsWith(prefix)) {
                    int slash = k.indexOf('/', prefix.length());
                    if (slash < 0) {
                        here.add(objects.get(k));
                    } else {
                        folders.add(k.substring(0, slash + 1));
                    }
                }
            }
            return Optional.of(new StoreLevel(here, new ArrayList<>(folders)));
        }

        @Override
        public Optional<RemoteObject> head(String key) {
            heads.incrementAndGet();
            if (key.equals(failingHead)) {
                throw new TransferException.Retryable("503 SlowDown (test)", null);
            }
            return Optional.ofNullable(objects.get(key));
        }

        @Override
        public StoredObject putObject(String key, PartBody body, long length, byte[] md5, UploadOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String createMultipartUpload(String key, UploadOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String uploadPart(String key, String uploadId, int partNumber, PartBody body, long length, byte[] md5) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StoredObject completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void abortMultipartUpload(String key, String uploadId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<PendingUpload> listMultipartUploads(String prefix) {
            return List.of();
        }

        @Override
        public List<RemotePart> listParts(String key, String uploadId) {
            return List.of();
        }
    }

    /** Lists relative paths in the given order; fails once after {@code failAfter} entries when asked. */
    private static class ListingSource implements Source {
        final List<String> names;
        int failAfter = -1;

        ListingSource(List<String> names) {
            this.names = names;
        }

        @Override
        public String describe() {
            return "names";
        }

        @Override
        public void list(Consumer<SourceEntry> entries, Consumer<SourceProblem> problems) {
            int n = 0;
            for (String name : names) {
                if (n++ == failAfter) {
                    failAfter = -1;
                    throw new TransferException.Retryable("connection reset (test)", null);
                }
                entries.accept(new SourceEntry(name, ("p/" + name).length(), 0));
            }
        }

        @Override
        public PartBody range(SourceEntry entry, long offset, long length, PartMemory memory) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SourceEntry refresh(SourceEntry entry) {
            return entry;
        }
    }

    private static List<String> names(int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(String.format("d%02d/f%05d", i % 7, i));
        }
        out.sort(KeyOrder.INSTANCE);
        return out;
    }

    private static List<ListingMerge.Pairing> merge(Source source, ObjectStore store) {
        List<ListingMerge.Pairing> out = new ArrayList<>();
        new ListingMerge(source, store, "p", RETRY, dev.uploader.engine.select.SourceFilter.ALL, () -> false).run(out::add, p -> { });
        return out;
    }

    @Test
    void run_bothListingsInOrder_eachEntryWithItsObjectAndNoHead() {
        List<String> source = names(10_000);
        List<String> there = new ArrayList<>();
        for (int i = 0; i < source.size(); i += 3) {
            there.add("p/" + source.get(i));
        }
        there.add("p/zz-only-at-the-destination");
        there.add("p/d00/0-only-at-the-destination");
        there.sort(KeyOrder.INSTANCE);
        ListingStore store = new ListingStore(there);

        List<ListingMerge.Pairing> pairs = merge(new ListingSource(source), store);

        assertEquals(source.size(), pairs.size());
        for (int i = 0; i < pairs.size(); i++) {
            assertEquals("p/" + source.get(i), pairs.get(i).key());
            assertEquals(i % 3 == 0, pairs.get(i).there() != null, pairs.get(i).key());
        }
        assertEquals(0, store.heads.get());
        assertEquals(1, store.listings.get());
    }

    @Test
    void run_destinationListedOutOfOrder_restLookedUpByHeadNeverAWrongMatch() {
        List<String> source = names(500);
        List<String> there = new ArrayList<>(source.stream().map(n -> "p/" + n).toList());
        Collections.reverse(there);
        ListingStore store = new ListingStore(there);

        List<ListingMerge.Pairing> pairs = merge(new ListingSource(source), store);

        assertEquals(500, pairs.size());
        // the first key listed is the last in order, and the merge trusts the order until it sees it broken: the entries
        // before are taken as absent and sent again (time lost, never a wrong object)
        assertTrue(pairs.stream().allMatch(p -> p.there() == null || p.there().key().equals(p.key())));
    }

    @Test
    void run_destinationSortedByUtf16UnitsLikeJava_disorderSeenAndTheRestLookedUpByHead() {
        List<String> source = new ArrayList<>(List.of("a", "b\uE000", "b😀", "c", "d", "e", "f", "g", "h", "i"));
        source.sort(KeyOrder.INSTANCE);
        List<String> there = new ArrayList<>(source.stream().map(n -> "p/" + n).toList());
        there.sort(String::compareTo);
        ListingStore store = new ListingStore(there);

        List<ListingMerge.Pairing> pairs = merge(new ListingSource(source), store);

        assertTrue(pairs.stream().allMatch(p -> p.there() == null || p.there().key().equals(p.key())));
        assertTrue(pairs.stream().filter(p -> p.there() != null).count() >= source.size() - 1, "at most the swapped key is sent again");
    }

    @Test
    void run_sourceOutOfOrder_entryBehindTheListingLookedUpByHead() {
        List<String> source = new ArrayList<>(names(50));
        source.add("a-late-entry");
        ListingStore store = new ListingStore(List.of("p/a-late-entry"));

        List<ListingMerge.Pairing> pairs = merge(new ListingSource(source), store);

        assertEquals("p/a-late-entry", pairs.get(50).key());
        assertEquals("p/a-late-entry", pairs.get(50).there().key());
    }

    @Test
    void run_fewEntries_lookedUpByHeadWithoutListingThePrefix() {
        ListingStore store = new ListingStore(List.of("p/b"));

        List<ListingMerge.Pairing> pairs = merge(new ListingSource(List.of("a", "b", "c")), store);

        assertEquals(0, store.listings.get());
        assertEquals(3, store.heads.get());
        assertNull(pairs.get(0).there());
        assertEquals("p/b", pairs.get(1).there().key());
    }

    @Test
    void run_sourceListingFailsHalfWay_startedAgainAndNoEntryPassedTwice() {
        List<String> names = names(300);
        ListingSource source = new ListingSource(names);
        source.failAfter = 120;

        List<ListingMerge.Pairing> pairs = merge(source, new ListingStore(List.of()));

        assertEquals(names, pairs.stream().map(p -> p.entry().relativePath()).toList());
    }

    @Test
    void run_keysBeyondTheBasicPlane_matchedInTheStoresOrderWithoutHead() {
        List<String> source = new ArrayList<>(List.of("😀.txt", "\uE000.txt", "a.txt", "é.txt", "z/😀", "z/\uFFFD", "za", "y", "x", "w"));
        source.sort(KeyOrder.INSTANCE);
        List<String> there = source.stream().map(n -> "p/" + n).toList();
        ListingStore store = new ListingStore(there);

        List<ListingMerge.Pairing> pairs = merge(new ListingSource(source), store);

        assertTrue(pairs.stream().allMatch(p -> p.there() != null));
        assertEquals(0, store.heads.get(), "String.compareTo would have put 😀 before \uE000 and missed it");
    }

    @Test
    void run_filtered_leftOutEntriesCountedAndNeverAsked() {
        ListingStore store = new ListingStore(List.of());
        List<ListingMerge.Pairing> out = new ArrayList<>();
        ListingMerge merge = new ListingMerge(new ListingSource(names(40)), store, "p", RETRY, new dev.uploader.engine.select.SourceFilter(java.util.List.of("d01/**"), java.util.List.of(), -1, -1, null, null),
                () -> false);

        merge.run(out::add, p -> { });

        assertEquals(6, out.size());
        assertEquals(34, merge.excluded());
    }

    @Test
    void run_stopRequested_listingEndsAtOnce() {
        ListingStore store = new ListingStore(List.of());
        AtomicInteger seen = new AtomicInteger();
        ListingMerge merge = new ListingMerge(new ListingSource(names(1000)), store, "p", RETRY, dev.uploader.engine.select.SourceFilter.ALL, () -> seen.get() >= 20);

        assertThrows(Stopped.class, () -> merge.run(p -> seen.incrementAndGet(), p -> { }));
        assertTrue(seen.get() < 40, "stopped within a few entries: " + seen.get());
    }

    @Test
    void run_headFailsForGood_thatFileRefusedInWordsNoEntryLostAndTheSourceNotListedAgain() {
        ListingStore store = new ListingStore(List.of("p/b"));
        store.failingHead = "p/b";
        int[] sourceListings = {0};
        ListingSource source = new ListingSource(List.of("a", "b", "c")) {
            @Override
            public void list(Consumer<SourceEntry> entries, Consumer<SourceProblem> problems) {
                sourceListings[0]++;
                super.list(entries, problems);
            }
        };

        List<ListingMerge.Pairing> pairs = merge(source, store);

        assertEquals(List.of("a", "b", "c"), pairs.stream().map(p -> p.entry().relativePath()).toList());
        assertTrue(pairs.get(1).refused().contains("503 SlowDown"), pairs.get(1).refused());
        assertEquals(1, sourceListings[0], "a HEAD's failure is not the source listing's");
    }

    @Test
    void run_destinationListingFailsForGood_theMergeFailsNeverTakesObjectsAsAbsent() {
        ListingStore store = new ListingStore(List.of());
        store.listingFails = true;
        List<ListingMerge.Pairing> pairs = new ArrayList<>();

        TransferException.Retryable failure = assertThrows(TransferException.Retryable.class,
                () -> new ListingMerge(new ListingSource(names(100)), store, "p", RETRY, dev.uploader.engine.select.SourceFilter.ALL,
                        () -> false).run(pairs::add, p -> { }));

        assertTrue(failure.getMessage().contains("connection reset"), failure.getMessage());
        assertTrue(pairs.size() <= ListingMerge.HEAD_INSTEAD_OF_LIST + 1, "nothing decided past the failure: " + pairs.size());
    }

    @Test
    void run_shortListOfNames_lookedUpByHeadWithoutListingTheDestination() {
        ListingStore store = new ListingStore(List.of("p/d00/f00000"));
        List<String> lines = new ArrayList<>(names(50));
        Source named = new ListedSource(new ListingSource(List.of()), lines, "the list");

        List<ListingMerge.Pairing> pairs = merge(named, store);

        assertEquals(50, pairs.size());
        assertEquals(0, store.listings.get());
        assertEquals(50, store.heads.get());
    }

    @Test
    void run_destinationOfManyFolders_listedFolderByFolderInKeyOrderSameMatchesAsOneListing() {
        List<String> source = names(9_000);
        List<String> there = new ArrayList<>();
        for (int i = 0; i < source.size(); i += 2) {
            there.add("p/" + source.get(i));
        }
        there.add("p/d00-a-file-beside-the-folders");
        there.add("p/d03/deeper/still.bin");
        there.add("p/zz-last");
        there.sort(KeyOrder.INSTANCE);
        ListingStore flat = new ListingStore(there);
        ListingStore folders = new ListingStore(there);
        folders.levels = true;

        List<ListingMerge.Pairing> once = merge(new ListingSource(source), flat);
        List<ListingMerge.Pairing> byFolder = merge(new ListingSource(source), folders);

        assertEquals(once.stream().map(p -> p.key() + "=" + (p.there() != null)).toList(),
                byFolder.stream().map(p -> p.key() + "=" + (p.there() != null)).toList());
        assertEquals(4500, byFolder.stream().filter(p -> p.there() != null).count());
        assertEquals(0, folders.heads.get(), "every match from the listings: none out of order");
        assertEquals(7, folders.listings.get(), "one listing per folder: " + folders.listedPrefixes);
    }
}
